//! Confirmations shown after a redirect (post/redirect/get): the redirect
//! names one in `?fait=…` and the page shows its French text. One closed
//! list, so a URL cannot inject text into a page.

/// A confirmation, by what was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    PartnerCreated,
    PartnerUpdated,
    PartnerArchived,
    PartnerRestored,
    CiteUpdated,
    CiteCreated,
    CiteArchived,
    CiteRestored,
    QpvAdded,
    QpvRemoved,
    CiteBarrierAdded,
    CiteBarrierUpdated,
    CiteBarrierMoved,
    CiteBarrierRemoved,
    ReferralProposed,
    ReferralAccepted,
    ReferralRefused,
    CohortCreated,
    EntriesClosed,
    LeadNamed,
    BarrierAdded,
    BarrierLifted,
    StepAdded,
    OutcomeRecorded,
    NoteAdded,
    FileShared,
    ConsentWithdrawn,
    ServiceCreated,
    ServiceUpdated,
    StructureCreated,
    StructureUpdated,
    ServiceDeleted,
    ServiceArchived,
    StructureDeleted,
    StructureArchived,
    CatalogueRestored,
    ActionCreated,
    ActionUpdated,
    Enrolled,
    WaitingListed,
    PlaceReleased,
    EnrolmentWithdrawn,
    SeanceAdded,
    SeanceUpdated,
    SeanceDeleted,
    IndicatorAdded,
    IndicatorRemoved,
    ResultRecorded,
    EnvelopeSet,
    Committed,
    CarriedOver,
    InstalmentAdded,
    PaymentRecorded,
    AgreementDrawn,
    AgreementSigned,
    ReportSaved,
    ReportTransmitted,
    CallCreated,
    CallUpdated,
    CallPublished,
    CallClosed,
    CallExtended,
    ApplicationSaved,
    ApplicationSubmitted,
    ApplicationWithdrawn,
    GridSaved,
    ReviewerAdded,
    InstructionOpened,
    ReviewSaved,
    ReviewSubmitted,
    DecisionRecorded,
    CallDecided,
    AgreementsOpened,
    ActionLinked,
    DocumentAdded,
    DocumentRemoved,
    AccountRequestRefused,
    CommitteeCreated,
    CommitteeMemberAdded,
    MeetingsPlanned,
    MeetingAdded,
    MeetingCancelled,
    CommitteeDecisionRecorded,
    CaseReviewAdded,
    CaseReviewRemoved,
    CaseDecisionRecorded,
    FollowUpItemAdded,
    FollowUpItemClosed,
    FichePublished,
    FicheWithdrawn,
    MembershipEnded,
    AccountDeactivated,
    AccountReactivated,
    RoleChanged,
    MembersInvited,
    ReplySaved,
    AttendanceRecorded,
    MinutesSaved,
    MinutesPublished,
    CalendarFeedRevoked,
}

impl Notice {
    const ALL: [Notice; 100] = [
        Notice::PartnerCreated,
        Notice::PartnerUpdated,
        Notice::PartnerArchived,
        Notice::PartnerRestored,
        Notice::CiteUpdated,
        Notice::CiteCreated,
        Notice::CiteArchived,
        Notice::CiteRestored,
        Notice::QpvAdded,
        Notice::QpvRemoved,
        Notice::CiteBarrierAdded,
        Notice::CiteBarrierUpdated,
        Notice::CiteBarrierMoved,
        Notice::CiteBarrierRemoved,
        Notice::ReferralProposed,
        Notice::ReferralAccepted,
        Notice::ReferralRefused,
        Notice::CohortCreated,
        Notice::EntriesClosed,
        Notice::LeadNamed,
        Notice::BarrierAdded,
        Notice::BarrierLifted,
        Notice::StepAdded,
        Notice::OutcomeRecorded,
        Notice::NoteAdded,
        Notice::FileShared,
        Notice::ConsentWithdrawn,
        Notice::ServiceCreated,
        Notice::ServiceUpdated,
        Notice::StructureCreated,
        Notice::StructureUpdated,
        Notice::ServiceDeleted,
        Notice::ServiceArchived,
        Notice::StructureDeleted,
        Notice::StructureArchived,
        Notice::CatalogueRestored,
        Notice::ActionCreated,
        Notice::ActionUpdated,
        Notice::Enrolled,
        Notice::WaitingListed,
        Notice::PlaceReleased,
        Notice::EnrolmentWithdrawn,
        Notice::SeanceAdded,
        Notice::SeanceUpdated,
        Notice::SeanceDeleted,
        Notice::IndicatorAdded,
        Notice::IndicatorRemoved,
        Notice::ResultRecorded,
        Notice::EnvelopeSet,
        Notice::Committed,
        Notice::CarriedOver,
        Notice::InstalmentAdded,
        Notice::PaymentRecorded,
        Notice::AgreementDrawn,
        Notice::AgreementSigned,
        Notice::ReportSaved,
        Notice::ReportTransmitted,
        Notice::CallCreated,
        Notice::CallUpdated,
        Notice::CallPublished,
        Notice::CallClosed,
        Notice::CallExtended,
        Notice::ApplicationSaved,
        Notice::ApplicationSubmitted,
        Notice::ApplicationWithdrawn,
        Notice::GridSaved,
        Notice::ReviewerAdded,
        Notice::InstructionOpened,
        Notice::ReviewSaved,
        Notice::ReviewSubmitted,
        Notice::DecisionRecorded,
        Notice::CallDecided,
        Notice::AgreementsOpened,
        Notice::ActionLinked,
        Notice::DocumentAdded,
        Notice::DocumentRemoved,
        Notice::AccountRequestRefused,
        Notice::CommitteeCreated,
        Notice::CommitteeMemberAdded,
        Notice::MeetingsPlanned,
        Notice::MeetingAdded,
        Notice::MeetingCancelled,
        Notice::CommitteeDecisionRecorded,
        Notice::CaseReviewAdded,
        Notice::CaseReviewRemoved,
        Notice::CaseDecisionRecorded,
        Notice::FollowUpItemAdded,
        Notice::FollowUpItemClosed,
        Notice::FichePublished,
        Notice::FicheWithdrawn,
        Notice::MembershipEnded,
        Notice::AccountDeactivated,
        Notice::AccountReactivated,
        Notice::RoleChanged,
        Notice::MembersInvited,
        Notice::ReplySaved,
        Notice::AttendanceRecorded,
        Notice::MinutesSaved,
        Notice::MinutesPublished,
        Notice::CalendarFeedRevoked,
    ];

    /// Its code in the URL, and its text.
    fn entry(self) -> (&'static str, &'static str) {
        match self {
            Notice::PartnerCreated => ("partenaire-cree", "Le partenaire a été créé."),
            Notice::PartnerUpdated => ("partenaire-modifie", "Le partenaire a été modifié."),
            Notice::PartnerArchived => (
                "partenaire-archive",
                "Le partenaire a été archivé : il n'apparaît plus dans les listes.",
            ),
            Notice::PartnerRestored => ("partenaire-restaure", "Le partenaire a été restauré."),
            Notice::CiteUpdated => ("cite-modifiee", "Le profil de la Cité a été enregistré."),
            Notice::CiteCreated => (
                "cite-creee",
                "La Cité a été créée avec le compte de sa coordination.",
            ),
            Notice::CiteArchived => (
                "cite-archivee",
                "La Cité a été archivée : ses membres n'y travaillent plus, ses données sont conservées.",
            ),
            Notice::CiteRestored => (
                "cite-reactivee",
                "La Cité a été réactivée : ses membres peuvent de nouveau y travailler.",
            ),
            Notice::QpvAdded => ("qpv-ajoute", "Le quartier prioritaire a été ajouté."),
            Notice::QpvRemoved => ("qpv-retire", "Le quartier prioritaire a été retiré."),
            Notice::CiteBarrierAdded => ("frein-cite-ajoute", "Le frein a été ajouté aux freins de la Cité."),
            Notice::CiteBarrierUpdated => ("frein-cite-modifie", "Le frein de la Cité a été enregistré."),
            Notice::CiteBarrierMoved => ("frein-cite-deplace", "Le frein de la Cité a été déplacé."),
            Notice::CiteBarrierRemoved => (
                "frein-cite-retire",
                "Le frein a été retiré des freins de la Cité ; les freins des personnes sont inchangés.",
            ),
            Notice::ReferralProposed => (
                "adressage-propose",
                "La personne a été proposée : la coordination de la Cité va étudier l'adressage.",
            ),
            Notice::ReferralAccepted => (
                "adressage-accepte",
                "L'adressage a été accepté : la personne est entrée dans la cohorte.",
            ),
            Notice::ReferralRefused => (
                "adressage-refuse",
                "L'adressage a été refusé : le partenaire qui l'a proposé verra le motif.",
            ),
            Notice::CohortCreated => (
                "cohorte-creee",
                "La cohorte a été créée : les partenaires peuvent y proposer des personnes.",
            ),
            Notice::EntriesClosed => (
                "entrees-closes",
                "Les entrées de la cohorte sont closes : plus aucune personne ne peut y être proposée.",
            ),
            Notice::LeadNamed => (
                "referent-designe",
                "Le référent qui suit la personne a été désigné.",
            ),
            Notice::BarrierAdded => ("frein-ajoute", "Le frein a été ajouté."),
            Notice::BarrierLifted => ("frein-leve", "Le frein a été levé."),
            Notice::StepAdded => ("etape-ajoutee", "L'étape a été ajoutée au parcours."),
            Notice::OutcomeRecorded => ("situation-enregistree", "La situation a été enregistrée."),
            Notice::NoteAdded => ("note-ajoutee", "La note a été ajoutée."),
            Notice::FileShared => (
                "dossier-partage",
                "Le dossier a été partagé avec le partenaire.",
            ),
            Notice::ConsentWithdrawn => (
                "consentement-retire",
                "Le consentement a été retiré : les partenaires avec qui le dossier était partagé n'y ont plus accès.",
            ),
            Notice::ServiceCreated => ("service-cree", "Le service a été ajouté au catalogue."),
            Notice::ServiceUpdated => ("service-modifie", "Le service a été modifié."),
            Notice::StructureCreated => (
                "structure-creee",
                "La structure a été ajoutée au catalogue.",
            ),
            Notice::StructureUpdated => ("structure-modifiee", "La structure a été modifiée."),
            Notice::ServiceDeleted => (
                "service-supprime",
                "Le service a été supprimé : aucun parcours ne le mobilisait.",
            ),
            Notice::ServiceArchived => (
                "service-archive",
                "Le service a été archivé : les parcours qui le mobilisent gardent son nom.",
            ),
            Notice::StructureDeleted => (
                "structure-supprimee",
                "La structure a été supprimée : aucun service n'en dépendait.",
            ),
            Notice::StructureArchived => (
                "structure-archivee",
                "La structure a été archivée avec ses services.",
            ),
            Notice::CatalogueRestored => ("catalogue-retabli", "Le catalogue l'affiche de nouveau."),
            Notice::ActionCreated => ("action-creee", "L'action a été créée."),
            Notice::ActionUpdated => ("action-modifiee", "L'action a été modifiée."),
            Notice::Enrolled => ("inscrite", "La personne a une place dans l'action."),
            Notice::WaitingListed => (
                "en-attente",
                "L'action est complète : la personne est inscrite sur la liste d'attente.",
            ),
            Notice::PlaceReleased => (
                "place-liberee",
                "La place a été libérée ; la personne suivante sur la liste d'attente l'a obtenue.",
            ),
            Notice::EnrolmentWithdrawn => ("inscription-retiree", "L'inscription a été retirée."),
            Notice::SeanceAdded => ("seance-ajoutee", "La séance a été ajoutée."),
            Notice::SeanceUpdated => ("seance-modifiee", "La séance a été modifiée."),
            Notice::SeanceDeleted => ("seance-supprimee", "La séance a été supprimée."),
            Notice::IndicatorAdded => ("indicateur-ajoute", "L'indicateur a été ajouté."),
            Notice::IndicatorRemoved => ("indicateur-retire", "L'indicateur a été retiré."),
            Notice::ResultRecorded => ("resultat-enregistre", "La valeur a été enregistrée."),
            Notice::EnvelopeSet => ("enveloppe-enregistree", "L'enveloppe a été enregistrée."),
            Notice::Committed => ("engagement-enregistre", "L'engagement a été enregistré."),
            Notice::CarriedOver => ("report-enregistre", "Le report sur l'année suivante a été enregistré."),
            Notice::InstalmentAdded => ("echeance-ajoutee", "L'échéance a été ajoutée à l'échéancier."),
            Notice::PaymentRecorded => ("versement-enregistre", "Le versement a été enregistré."),
            Notice::AgreementDrawn => (
                "convention-etablie",
                "La convention est établie : ses années sont engagées sur l'enveloppe avec leur échéancier, et ses bilans sont attendus.",
            ),
            Notice::AgreementSigned => ("convention-signee", "La date de signature est enregistrée."),
            Notice::ReportSaved => ("bilan-enregistre", "Le brouillon du bilan est enregistré."),
            Notice::ReportTransmitted => ("bilan-transmis", "Le bilan est transmis à la coordination."),
            Notice::CallCreated => (
                "appel-cree",
                "L'appel à projets a été créé en brouillon : relisez-le, puis publiez-le.",
            ),
            Notice::CallUpdated => ("appel-modifie", "L'appel à projets a été modifié."),
            Notice::CallPublished => (
                "appel-publie",
                "L'appel à projets est publié : sa page publique est en ligne et les porteurs peuvent candidater.",
            ),
            Notice::CallClosed => (
                "appel-clos",
                "Les candidatures sont closes : plus aucune ne peut être déposée.",
            ),
            Notice::CallExtended => (
                "appel-proroge",
                "La date limite a été prorogée ; la prorogation est inscrite au journal.",
            ),
            Notice::ApplicationSaved => (
                "candidature-enregistree",
                "La candidature a été enregistrée en brouillon.",
            ),
            Notice::ApplicationSubmitted => (
                "candidature-deposee",
                "La candidature a été déposée : la coordination de la Cité peut la lire.",
            ),
            Notice::ApplicationWithdrawn => ("candidature-retiree", "La candidature a été retirée."),
            Notice::GridSaved => (
                "grille-enregistree",
                "La grille d'évaluation a été enregistrée.",
            ),
            Notice::ReviewerAdded => (
                "instructeur-designe",
                "L'instructeur est désigné : il pourra évaluer les candidatures pendant l'instruction.",
            ),
            Notice::InstructionOpened => (
                "instruction-ouverte",
                "L'instruction est ouverte : la grille est figée et les instructeurs peuvent évaluer.",
            ),
            Notice::ReviewSaved => (
                "evaluation-enregistree",
                "L'évaluation a été enregistrée en brouillon.",
            ),
            Notice::ReviewSubmitted => (
                "evaluation-rendue",
                "L'évaluation est rendue : les notes des autres instructeurs sont désormais visibles.",
            ),
            Notice::DecisionRecorded => (
                "decision-enregistree",
                "La décision a été enregistrée ; elle est inscrite au journal.",
            ),
            Notice::CallDecided => (
                "decisions-arretees",
                "Les décisions sont arrêtées : chaque porteur peut lire la sienne.",
            ),
            Notice::AgreementsOpened => (
                "conventionnement-ouvert",
                "L'appel passe au conventionnement : les décisions ne se modifient plus.",
            ),
            Notice::ActionLinked => (
                "action-liee",
                "La candidature est liée à son action de la Cité.",
            ),
            Notice::DocumentAdded => ("document-ajoute", "Le document a été ajouté."),
            Notice::DocumentRemoved => ("document-retire", "Le document a été retiré."),
            Notice::AccountRequestRefused => ("demande-refusee", "La demande de compte a été refusée."),
            Notice::CommitteeCreated => (
                "instance-creee",
                "L'instance est créée : ajoutez ses membres et planifiez ses séances.",
            ),
            Notice::CommitteeMemberAdded => ("membre-ajoute", "Le membre a été ajouté à l'instance."),
            Notice::MeetingsPlanned => (
                "seances-planifiees",
                "Les séances des douze prochains mois sont planifiées selon le rythme de l'instance.",
            ),
            Notice::MeetingAdded => ("seance-instance-ajoutee", "La séance de l'instance a été ajoutée."),
            Notice::MeetingCancelled => (
                "seance-instance-annulee",
                "La séance est annulée ; les agendas abonnés la montreront annulée.",
            ),
            Notice::CommitteeDecisionRecorded => (
                "decision-seance-enregistree",
                "La décision est inscrite au relevé de décisions.",
            ),
            Notice::CaseReviewAdded => (
                "situation-inscrite",
                "La situation est inscrite à la séance sous son pseudonyme.",
            ),
            Notice::CaseReviewRemoved => ("situation-retiree", "La situation est retirée de la séance."),
            Notice::CaseDecisionRecorded => (
                "decision-situation-enregistree",
                "La décision est inscrite au dossier de la personne.",
            ),
            Notice::FollowUpItemAdded => ("suite-ajoutee", "La suite à donner a été ajoutée."),
            Notice::FollowUpItemClosed => ("suite-cloturee", "La suite à donner est close."),
            Notice::FichePublished => (
                "fiche-publiee",
                "La fiche est publiée : toutes les Cités et l'équipe nationale peuvent la lire.",
            ),
            Notice::FicheWithdrawn => (
                "fiche-retiree",
                "La fiche a été retirée du catalogue national.",
            ),
            Notice::MembershipEnded => (
                "compte-retire",
                "Le compte a été retiré de la Cité : ses sessions sont fermées.",
            ),
            Notice::AccountDeactivated => (
                "compte-desactive",
                "Le compte est désactivé : ses sessions sont fermées et il ne peut plus se connecter.",
            ),
            Notice::AccountReactivated => (
                "compte-reactive",
                "Le compte est réactivé : il peut de nouveau se connecter.",
            ),
            Notice::RoleChanged => (
                "role-change",
                "Le rôle a été changé : il s'applique dès la prochaine page de la personne.",
            ),
            Notice::MembersInvited => (
                "membres-convoques",
                "Les membres sont convoqués : chacun peut répondre depuis la page de la séance.",
            ),
            Notice::ReplySaved => ("reponse-enregistree", "Votre réponse à la convocation est enregistrée."),
            Notice::AttendanceRecorded => ("emargement-enregistre", "L'émargement de la séance est enregistré."),
            Notice::MinutesSaved => (
                "compte-rendu-enregistre",
                "Le compte rendu est enregistré comme nouvelle révision ; publiez-le pour que les membres le lisent.",
            ),
            Notice::MinutesPublished => (
                "compte-rendu-publie",
                "Le compte rendu est publié : les membres de l'instance peuvent le lire.",
            ),
            Notice::CalendarFeedRevoked => (
                "agenda-revoque",
                "L'adresse d'abonnement est révoquée : les agendas abonnés ne reçoivent plus les séances.",
            ),
        }
    }

    /// The notice a `?fait=` code names; `None` for anything else.
    pub fn of(code: Option<&str>) -> Option<Notice> {
        let code = code?;
        Notice::ALL.into_iter().find(|n| n.entry().0 == code)
    }

    pub fn text(self) -> &'static str {
        self.entry().1
    }

    /// `path` showing this notice; an anchor, if any, goes after.
    pub fn at(self, path: &str) -> String {
        format!("{path}?fait={}", self.entry().0)
    }
}

#[cfg(test)]
mod tests {
    use super::Notice;

    #[test]
    fn every_notice_has_its_own_code_and_french_text() {
        for notice in Notice::ALL {
            assert_eq!(Notice::of(Some(notice.entry().0)), Some(notice));
            assert!(notice.text().ends_with('.'));
        }
        assert_eq!(Notice::of(Some("<script>")), None);
        assert_eq!(Notice::of(None), None);
    }
}

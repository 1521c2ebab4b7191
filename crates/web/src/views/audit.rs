//! French wording of the audit log's action codes, for the Cité's journal
//! and a person's « Qui a consulté ce dossier ».

pub fn action_label(action: &str) -> &'static str {
    match action {
        "sign_in" => "Connexion",
        "sign_in_failed" => "Connexion refusée",
        "csrf_refused" => "Formulaire refusé (jeton de sécurité)",
        "account.create" => "Création de compte",
        "account.request" => "Demande de compte reçue",
        "account.request_accept" => "Demande de compte acceptée",
        "account.request_refuse" => "Demande de compte refusée",
        "account.membership" => "Rattachement d'un compte à la Cité",
        "account.password_reset" => "Réinitialisation de mot de passe",
        "account.password_link" => "Lien de nouveau mot de passe envoyé",
        "account.invitation" => "Invitation à choisir un mot de passe",
        "account.password_by_link" => "Nouveau mot de passe choisi par lien",
        "account.membership_end" => "Retrait d'un compte de la Cité",
        "account.deactivate" => "Désactivation d'un compte",
        "account.role" => "Changement de rôle",
        "account.activate" => "Réactivation d'un compte",
        "partner.create" => "Création de partenaire",
        "partner.update" => "Modification de partenaire",
        "partner.archive" => "Archivage de partenaire",
        "partner.restore" => "Restauration de partenaire",
        "cite.create" => "Création de la Cité",
        "cite.update" => "Modification du profil de la Cité",
        "cite.archive" => "Archivage de la Cité",
        "cite.restore" => "Réactivation de la Cité",
        "qpv.create" => "Rattachement d'un QPV",
        "qpv.delete" => "Retrait d'un QPV",
        "cite.barriers.create" => "Ajout d'un frein de la Cité",
        "cite.barriers.update" => "Modification d'un frein de la Cité",
        "cite.barriers.move" => "Déplacement d'un frein de la Cité",
        "cite.barriers.delete" => "Retrait d'un frein de la Cité",
        "cohort.create" => "Création de cohorte",
        "cohort.close" => "Clôture des entrées d'une cohorte",
        "structure.create" => "Ajout d'une structure au catalogue",
        "structure.update" => "Modification d'une structure du catalogue",
        "service.create" => "Ajout d'un service au catalogue",
        "service.update" => "Modification d'un service du catalogue",
        "service.import" => "Import data·inclusion du catalogue",
        "service.export" => "Export data·inclusion du catalogue",
        "service.delete" => "Suppression d'un service du catalogue",
        "service.archive" => "Archivage d'un service du catalogue",
        "service.restore" => "Rétablissement d'un service du catalogue",
        "structure.delete" => "Suppression d'une structure du catalogue",
        "structure.archive" => "Archivage d'une structure du catalogue",
        "structure.restore" => "Rétablissement d'une structure du catalogue",
        "participant.read" => "Consultation du dossier",
        "participant.read_refused" => "Consultation refusée",
        "participant.export" => "Export de personnes",
        "fse.export" => "Export des données FSE+ d'une opération",
        "participant.lead" => "Désignation du référent",
        "participant.share" => "Partage du dossier",
        "consent.withdraw" => "Retrait du consentement",
        "referral.create" => "Proposition à une cohorte",
        "referral.accept" => "Entrée dans la cohorte",
        "referral.refuse" => "Proposition refusée",
        "barrier.create" => "Ajout d'un frein",
        "barrier.lift" => "Levée d'un frein",
        "step.create" => "Ajout d'une étape du parcours",
        "outcome.record" => "Enregistrement d'une situation",
        "note.create" => "Ajout d'une note",
        "action.create" => "Création d'une action",
        "action.update" => "Modification d'une action",
        "action.enrol" => "Inscription à une action",
        "action.place" => "Place obtenue dans une action (liste d'attente)",
        "action.release" => "Place libérée ou retrait de la liste d'attente",
        "action.session.create" => "Ajout d'une séance collective",
        "action.session.update" => "Modification d'une séance collective",
        "action.session.delete" => "Suppression d'une séance collective",
        "action.session.link" => "Présence à une séance collective",
        "action.session.unlink" => "Présence retirée d'une séance collective",
        "action.indicator.create" => "Ajout d'un indicateur de résultat",
        "action.indicator.delete" => "Retrait d'un indicateur de résultat",
        "action.indicator.record" => "Saisie d'un résultat d'action",
        "funding.allocate" => "Enveloppe d'un financeur",
        "funding.commit" => "Engagement sur l'enveloppe",
        "funding.carry_over" => "Report sur l'année suivante",
        "funding.instalment" => "Échéance d'un engagement",
        "funding.payment" => "Versement sur un engagement",
        "call.create" => "Création d'un appel à projets",
        "call.update" => "Modification d'un appel à projets",
        "call.publish" => "Publication d'un appel à projets",
        "call.close" => "Clôture des candidatures d'un appel à projets",
        "call.advance" => "Étape suivante d'un appel à projets",
        "call.extend" => "Prorogation de la date limite d'un appel à projets",
        "application.create" => "Création d'une candidature",
        "application.update" => "Modification d'une candidature",
        "application.submit" => "Dépôt d'une candidature",
        "application.withdraw" => "Retrait d'une candidature",
        "call.grid" => "Modification de la grille d'évaluation d'un appel à projets",
        "agreement.create" => "Convention établie et engagée sur l'enveloppe",
        "agreement.sign" => "Signature d'une convention",
        "agreement.export" => "Téléchargement d'une convention",
        "report.save" => "Brouillon d'un bilan",
        "report.transmit" => "Bilan transmis",
        "report.export" => "Téléchargement d'un bilan ou de son modèle",
        "call.reviewer" => "Désignation d'un instructeur d'un appel à projets",
        "application.review_draft" => "Brouillon d'évaluation d'une candidature",
        "application.review_submit" => "Évaluation rendue d'une candidature",
        "application.decide" => "Décision sur une candidature",
        "application.action" => "Candidature liée à une action de la Cité",
        "document.upload" => "Dépôt d'un document",
        "document.download" => "Téléchargement d'un document",
        "document.download_refused" => "Téléchargement refusé",
        "document.upload_refused" => "Document refusé à l'envoi",
        "document.remove" => "Retrait d'un document",
        "committee.create" => "Instance créée",
        "committee.member_add" => "Membre ajouté à une instance",
        "meeting.plan" => "Séances planifiées selon le rythme d'une instance",
        "meeting.add" => "Séance ajoutée à une instance",
        "meeting.cancel" => "Séance annulée",
        "meeting.invite" => "Membres convoqués à une séance",
        "meeting.reply" => "Réponse à une convocation",
        "meeting.attendance" => "Émargement d'une séance",
        "meeting.minutes_save" => "Compte rendu de séance enregistré",
        "meeting.minutes_publish" => "Compte rendu de séance publié",
        "meeting.minutes_export" => "Téléchargement d'un compte rendu de séance",
        "committee.attendance_export" => "Téléchargement des présences d'une instance",
        "calendar_feed.create" => "Adresse d'abonnement d'agenda créée",
        "calendar_feed.revoke" => "Adresse d'abonnement d'agenda révoquée",
        "decision.record" => "Décision inscrite au relevé d'une séance",
        "decision.export" => "Téléchargement du relevé de décisions",
        "indicators.export" => "Téléchargement des indicateurs du programme",
        "bilan.save" => "Bilan annuel enregistré",
        "bilan.export" => "Téléchargement du bilan annuel",
        "case_review.add" => "Situation inscrite à une commission de suivi des parcours",
        "case_review.remove" => "Situation retirée d'une commission de suivi des parcours",
        "case_review.read" => "Situation lue en commission de suivi des parcours",
        "case_review.decide" => "Décision de commission inscrite au dossier",
        "follow_up_item.add" => "Suite à donner ajoutée à une séance",
        "follow_up_item.close" => "Suite à donner close",
        "agenda_item.add" => "Point ajouté à l'ordre du jour d'une séance",
        "agenda_item.update" => "Point de l'ordre du jour modifié",
        "agenda_item.move" => "Point de l'ordre du jour déplacé",
        "agenda_item.remove" => "Point retiré de l'ordre du jour",
        "fiche.publish" => "Publication d'une fiche au catalogue national",
        "fiche.update" => "Mise à jour d'une fiche du catalogue national",
        "fiche.unpublish" => "Retrait d'une fiche du catalogue national",
        "fiche.reuse" => "Réutilisation d'une fiche du catalogue national",
        _ => "Autre action",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_the_store_writes_has_a_label() {
        let store = concat!(
            include_str!("../../../store/sql/account_requests.rs"),
            include_str!("../../../store/sql/accounts.rs"),
            include_str!("../../../store/sql/actions.rs"),
            include_str!("../../../store/sql/agenda.rs"),
            include_str!("../../../store/sql/audit.rs"),
            include_str!("../../../store/sql/applications.rs"),
            include_str!("../../../store/sql/calls.rs"),
            include_str!("../../../store/sql/decisions.rs"),
            include_str!("../../../store/sql/reviews.rs"),
            include_str!("../../../store/sql/case_file.rs"),
            include_str!("../../../store/sql/cite_barriers.rs"),
            include_str!("../../../store/sql/cites.rs"),
            include_str!("../../../store/sql/documents.rs"),
            include_str!("../../../store/sql/enrolments.rs"),
            include_str!("../../../store/sql/fiches.rs"),
            include_str!("../../../store/sql/fse.rs"),
            include_str!("../../../store/sql/follow_up.rs"),
            include_str!("../../../store/sql/funding.rs"),
            include_str!("../../../store/sql/group_commit.rs"),
            include_str!("../../../store/sql/mod.rs"),
            include_str!("../../../store/sql/participants.rs"),
            include_str!("../../../store/sql/partners.rs"),
            include_str!("../../../store/sql/results.rs"),
            include_str!("../../../store/sql/seances.rs"),
            include_str!("../../../store/sql/seed.rs"),
            include_str!("../../../store/sql/services.rs"),
            include_str!("../../../store/sql/services_archive.rs"),
            include_str!("../../../store/sql/services_store.rs"),
        );
        // The first argument of each entry, wherever rustfmt put it, and of
        // the areas' own `audit(…)` helpers.
        let written = ["AuditEntry::new(", " audit("]
            .into_iter()
            .flat_map(|call| {
                store.split(call).skip(1).filter_map(|chunk| {
                    let chunk = chunk.trim_start().strip_prefix('"')?;
                    chunk.split('"').next()
                })
            });
        // Tables of actions (`actions: [` or `actions: [&str; 3] = [`), as the
        // catalogue's removals and the calls' steps write them.
        let listed = store.split("actions: [").skip(1).flat_map(|chunk| {
            let chunk = match chunk.split_once("] = [") {
                Some((typed, rest)) if typed.starts_with("&str") => rest,
                _ => chunk,
            };
            let list = chunk.split(']').next().unwrap_or_default();
            list.split('"').skip(1).step_by(2)
        });
        for action in written.chain(listed) {
            assert_ne!(
                action_label(action),
                "Autre action",
                "{action} has no French label"
            );
            // And the journal's filter finds it under one family.
            let families = maillage_domain::journal::AuditFamily::ALL;
            assert!(
                families
                    .iter()
                    .any(|f| f.prefixes().iter().any(|p| action.starts_with(p))),
                "{action} is in no family of the journal's filter"
            );
        }
    }
}

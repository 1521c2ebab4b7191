//! Angers' call for projects in the demo, decided by its comité stratégique
//! (*instance* of the governance demo): launched a hundred days before the
//! committee's last meeting, closed six weeks before it. Par'Emploi and the
//! Régie de quartiers applied; the committee kept the childcare solutions,
//! the mobility workshop at less than asked, and refused the digital
//! drop-ins. Each funding decision names the committee's meeting, and the
//! committee's numbered decision points to the application it decides.

use anyhow::Context;
use chrono::{Datelike, Duration};
use maillage_domain::calls::decision::Outcome;
use maillage_domain::calls::CallStatus;
use maillage_domain::governance::DecisionSubject;
use maillage_domain::money::format_euros;
use maillage_domain::time::paris_date;
use maillage_domain::Scope;
use maillage_store::governance::MeetingRow;
use maillage_store::{Actor, Store};

use crate::demo_calls::{
    input, more_carriers, publish_one_year, submitted_at, Carrier, OneYearCall, Project,
};
use crate::demo_instruction::{instruct, Reviewed};

pub const TITLE: &str = "Appel à projets « Lever les freins à la reprise d'emploi »";

const TEXT: &str = "La Cité de l'emploi d'Angers Loire Métropole finance des projets qui lèvent \
les freins à la reprise d'emploi des habitants de Belle-Beille, de La Roseraie et de \
Grand-Bellevue : garde d'enfants, mobilité, accès au numérique.

Les projets sont financés jusqu'à 50 000 € pour une année. Le comité stratégique de la Cité \
décide des candidatures.";

/// The Régie de quartiers applies beside Par'Emploi, the demo's porteur.
const REGIE: [Carrier; 1] = [(
    "Régie de quartiers d'Angers",
    "porteur.regie@demo.maillage.fr",
    "Mehdi Benyoucef",
)];

const PROJECTS: [Project; 3] = [
    Project {
        carrier: 0,
        title: "Par'Emploi : une solution de garde pour reprendre un emploi",
        summary: "Trouver en moins de quinze jours une solution de garde (accueil temporaire, \
                  place pérenne ou assistante maternelle) aux parents de la cohorte qui \
                  reprennent un emploi ou une formation.",
        public: "Parents des QPV d'Angers en reprise d'emploi, familles monoparentales en priorité",
        axis: "innovate",
        thematic: "famille--garde-denfants",
        participants: "60",
        lines: &[
            (
                "Chargée de mission garde d'enfants (0,6 ETP)",
                "24 000",
                "18 000",
                "",
            ),
            ("Places d'accueil temporaire", "12 000", "6 000", "6 000"),
        ],
        submitted: Some(12),
    },
    Project {
        carrier: 1,
        title: "Atelier mobilité de Belle-Beille",
        summary: "Des vélos à assistance électrique prêtés trois mois et un accompagnement au \
                  permis pour les habitants qui ont une promesse d'embauche.",
        public: "Demandeurs d'emploi de Belle-Beille sans solution de mobilité",
        axis: "reach_out",
        thematic: "mobilite--acceder-a-un-vehicule",
        participants: "40",
        lines: &[
            ("Conseiller mobilité (0,5 ETP)", "18 000", "14 000", ""),
            (
                "Flotte de quinze vélos à assistance électrique",
                "9 000",
                "6 000",
                "3 000",
            ),
        ],
        submitted: Some(3),
    },
    Project {
        carrier: 1,
        title: "Permanences numériques de Grand-Bellevue",
        summary: "Deux permanences par semaine pour créer son espace France Travail et \
                  candidater en ligne.",
        public: "Habitants de Grand-Bellevue éloignés du numérique",
        axis: "federate",
        thematic: "numerique--maitriser-les-fondamentaux-du-numerique",
        participants: "70",
        lines: &[("Médiateur numérique (0,4 ETP)", "14 000", "10 000", "")],
        submitted: Some(1),
    },
];

/// The committee's reading of each application: the coordinator's and the
/// co-pilot's scores, then the decision.
const REVIEWS: [Reviewed; 3] = [
    (
        "Par'Emploi : une solution de garde pour reprendre un emploi",
        [5, 5, 4, 4],
        [5, 4, 4, 5],
        "accepted",
        "24 000",
        "",
    ),
    (
        "Atelier mobilité de Belle-Beille",
        [4, 3, 3, 4],
        [4, 4, 3, 3],
        "accepted",
        "16 000",
        "Montant ramené à 16 000 € : Angers Loire Métropole cofinance la flotte de vélos.",
    ),
    (
        "Permanences numériques de Grand-Bellevue",
        [2, 3, 2, 2],
        [2, 2, 3, 2],
        "refused",
        "",
        "Les conseillers numériques de la Ville tiennent déjà des permanences à Grand-Bellevue.",
    ),
];

/// Publishes, fills, closes and instructs the call, decided at `meeting`
/// (the comité stratégique's last one held): the committee's decisions on
/// the applications, as it records them, each tied to its application.
pub async fn load(
    store: &dyn Store,
    coordinator: &Scope,
    carrier: &Scope,
    meeting: &MeetingRow,
) -> anyhow::Result<Vec<(String, DecisionSubject)>> {
    let actor = Actor::system(chrono::Utc::now());
    let day = paris_date(meeting.starts_at);
    let opened = day - Duration::days(100);
    let deadline = day - Duration::days(45);
    let call = OneYearCall {
        title: TITLE,
        text: TEXT,
        axes: &["reach_out", "innovate"],
        thematics: &["famille--garde-denfants", "mobilite--acceder-a-un-vehicule"],
        amount: "50 000",
        opened,
        deadline,
    };
    let (call_id, qpvs) = publish_one_year(store, &actor, coordinator, &call).await?;
    let mut carriers = vec![carrier.clone()];
    carriers.extend(more_carriers(store, &actor, coordinator, &REGIE).await?);
    for project in &PROJECTS {
        let carrier = carriers.get(project.carrier).context("porteur absent")?;
        let draft = input(project, &qpvs, day.year() + 1)
            .validate(&qpvs, opened)
            .map_err(|e| anyhow::anyhow!("candidature de démonstration invalide : {e}"))?;
        let id = store
            .create_application(&actor, carrier, call_id, &draft)
            .await?;
        let days = project.submitted.context("candidature non déposée")?;
        store
            .submit_application(&actor, carrier, id, submitted_at(deadline, days))
            .await?;
    }
    store
        .set_call_status(&actor, coordinator, call_id, CallStatus::Closed)
        .await?;
    let committee = format!("Comité stratégique du {}", day.format("%d/%m/%Y"));
    let decided = instruct(
        store,
        coordinator,
        call_id,
        &REVIEWS,
        &day.to_string(),
        &committee,
    )
    .await?;
    Ok(decided
        .into_iter()
        .zip(REVIEWS)
        .map(|((id, decision), (title, ..))| {
            let text = match (decision.outcome, decision.amount_cents) {
                (Outcome::Accepted, Some(cents)) => format!(
                    "Le comité retient le projet « {title} » pour {}.",
                    format_euros(cents)
                ),
                (Outcome::Refused, _) => format!(
                    "Le comité ne retient pas le projet « {title} » : {}",
                    decision.reason
                ),
                _ => format!("Le comité ajourne le projet « {title} »."),
            };
            (text, DecisionSubject::Application(id.get()))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use maillage_domain::calls::decision::Outcome;
    use maillage_domain::calls::CallStatus;
    use maillage_store::{CallStore, CommitteeRecordStore, DecisionStore};

    #[tokio::test]
    async fn angers_comite_strategique_decides_the_call_s_applications() {
        let (store, path, coordinator) = crate::demo::coordinator_for_test("angers").await;
        let call = store
            .calls(&coordinator)
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.title == super::TITLE)
            .unwrap();
        assert_eq!(call.status, CallStatus::Decided);
        let decisions = store.decisions(&coordinator, call.id).await.unwrap();
        let outcomes: Vec<_> = decisions
            .iter()
            .map(|d| (d.outcome, d.amount_cents))
            .collect();
        assert_eq!(
            outcomes,
            [
                (Outcome::Accepted, Some(2_400_000)),
                (Outcome::Accepted, Some(1_600_000)),
                (Outcome::Refused, None),
            ]
        );
        let register = store.cite_decisions(&coordinator, None).await.unwrap();
        for decision in &decisions {
            let (meeting, number) = decision.committee_decision().unwrap();
            let taken = register
                .iter()
                .find(|d| d.meeting_id == meeting && d.number() == number)
                .unwrap();
            assert_eq!(taken.committee_name, "Comité stratégique");
            assert_eq!(taken.subject_kind, "application");
            assert_eq!(taken.subject_id, Some(decision.application_id.get()));
            assert_eq!(
                taken.subject_title.as_deref(),
                Some(decision.project_title.as_str())
            );
            // The funding decision names the meeting the register dates.
            let day = maillage_domain::time::paris_date(taken.meeting_starts_at);
            assert!(decision
                .committee
                .ends_with(&day.format("%d/%m/%Y").to_string()));
            assert_eq!(decision.decided_on, day);
        }
        store.close().await;
        let _ = std::fs::remove_file(path);
    }
}

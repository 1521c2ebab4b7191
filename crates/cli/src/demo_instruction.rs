//! The instruction of Le Mans' 2023 call in the demo: a grid of four
//! weighted criteria, the coordinator and the co-pilot as reviewers, both
//! scoring the five applications, then the steering committee of 14/11/2023
//! deciding: three accepted (Mob'In at less than it asked), one refused,
//! one postponed; the accepted ones become actions of the Cité and the call
//! moves on to its agreements (« conventionnement »), which the funding
//! demo builds on: read its decisions back with [`decisions`].

use anyhow::Context;
use chrono::Utc;
use maillage_domain::accounts::Role;
use maillage_domain::calls::decision::{Decision, DecisionInput, Outcome};
use maillage_domain::calls::review::{Criterion, ReviewDraft};
use maillage_domain::calls::CallStatus;
use maillage_domain::ids::{ApplicationId, CallId};
use maillage_domain::time::paris_date;
use maillage_domain::Scope;
use maillage_store::decisions::DecisionRow;
use maillage_store::{Actor, Store};

/// The committee that decided (« instance »).
pub const COMMITTEE: &str = "Comité de pilotage du 14/11/2023";

/// The co-pilot of Le Mans who reviews and decides with the coordinator.
const PILOTE: &str = "pilote@demo.maillage.fr";

/// The grid both Cités of the demo score with.
const CRITERIA: [(&str, i32); 4] = [
    ("Pertinence au regard des freins des habitants des QPV", 3),
    ("Capacité du porteur et partenariats", 2),
    ("Solidité du budget et des cofinancements", 2),
    ("Indicateurs de résultats et évaluation", 1),
];

/// An application (by title): the coordinator's and the co-pilot's scores,
/// then the decision (outcome, amount granted, reason).
pub type Reviewed = (
    &'static str,
    [i32; 4],
    [i32; 4],
    &'static str,
    &'static str,
    &'static str,
);

const REVIEWS: [Reviewed; 5] = [
    (
        "Mob'In : deux-roues et permis pour reprendre un emploi",
        [5, 4, 4, 4],
        [4, 4, 3, 4],
        "accepted",
        "35 000",
        "Montant ramené à 35 000 € : les heures de conduite sont cofinancées par France Travail.",
    ),
    (
        "Café emploi des Sablons",
        [4, 4, 4, 3],
        [5, 4, 4, 3],
        "accepted",
        "18 000",
        "",
    ),
    (
        "Parcours emploi des femmes des Sablons",
        [5, 4, 3, 4],
        [4, 5, 4, 3],
        "accepted",
        "22 000",
        "",
    ),
    (
        "Ateliers numériques de Ronceray",
        [2, 3, 2, 2],
        [3, 2, 2, 3],
        "refused",
        "",
        "Ateliers déjà financés par le Conseil départemental (Pass numérique) : pas de double \
         financement.",
    ),
    (
        "Préparer sa candidature au pied des tours",
        [3, 3, 2, 3],
        [3, 2, 3, 2],
        "postponed",
        "",
        "Partenariats avec les entreprises à préciser ; à présenter au comité de mars 2024.",
    ),
];

fn review(scores: [i32; 4]) -> ReviewDraft {
    ReviewDraft {
        scores: scores.into_iter().map(Some).collect(),
        comment: "Évaluation établie sur le dossier et l'audition du porteur.".into(),
        submit: true,
    }
}

/// An actor signed in as `scope`'s user.
fn acting(scope: &Scope) -> Actor {
    Actor {
        user_id: Some(scope.user_id()),
        ..Actor::system(Utc::now())
    }
}

/// `call_id`: Le Mans' closed 2023 call, whose submitted applications are
/// decided; the accepted ones become actions and the call moves on to its
/// agreements.
pub async fn load(store: &dyn Store, coordinator: &Scope, call_id: CallId) -> anyhow::Result<()> {
    let decided = instruct(
        store,
        coordinator,
        call_id,
        &REVIEWS,
        "2023-11-14",
        COMMITTEE,
    )
    .await?;
    let by_coordinator = acting(coordinator);
    for (id, _) in decided
        .iter()
        .filter(|(_, d)| d.outcome == Outcome::Accepted)
    {
        store
            .create_action_from_application(&by_coordinator, coordinator, *id)
            .await?;
    }
    store
        .set_call_status(
            &by_coordinator,
            coordinator,
            call_id,
            CallStatus::Agreements,
        )
        .await?;
    Ok(())
}

/// Instructs a closed call of the coordinator's Cité: the grid, the
/// coordinator and the co-pilot as reviewers scoring every application of
/// `reviews`, then the co-pilot recording each decision, taken by
/// `committee` on `decided_on`; the call ends decided. Each application
/// with its decision, in the order of `reviews`.
pub async fn instruct(
    store: &dyn Store,
    coordinator: &Scope,
    call_id: CallId,
    reviews: &[Reviewed],
    decided_on: &str,
    committee: &str,
) -> anyhow::Result<Vec<(ApplicationId, Decision)>> {
    let today = paris_date(Utc::now());
    let cite_id = coordinator.cite_id().context("Cité absente")?;
    let pilote = Scope::Cite {
        user_id: store
            .credentials(PILOTE)
            .await?
            .context("co-pilote de démonstration absent")?
            .user_id,
        cite_id,
        role: Role::Pilote,
        partner_id: None,
    };
    let by_coordinator = acting(coordinator);
    let criteria: Vec<Criterion> = CRITERIA
        .iter()
        .map(|(label, weight)| Criterion {
            label: (*label).into(),
            weight: *weight,
            max_score: 5,
        })
        .collect();
    store
        .set_criteria(&by_coordinator, coordinator, call_id, &criteria)
        .await?;
    for reviewer in [coordinator, &pilote] {
        store
            .add_reviewer(&by_coordinator, coordinator, call_id, reviewer.user_id())
            .await?;
    }
    let step = |to| store.set_call_status(&by_coordinator, coordinator, call_id, to);
    step(CallStatus::Instruction).await?;
    let call = store.call(coordinator, call_id).await?;
    let applications = store.call_applications(coordinator, call_id).await?;
    let mut decided = Vec::new();
    for (title, by_coord, by_pilote, outcome, amount, reason) in reviews {
        let application = applications
            .iter()
            .find(|a| a.project_title == *title)
            .with_context(|| format!("candidature absente : {title}"))?;
        store
            .save_review(
                &by_coordinator,
                coordinator,
                application.id,
                &review(*by_coord),
            )
            .await?;
        store
            .save_review(
                &acting(&pilote),
                &pilote,
                application.id,
                &review(*by_pilote),
            )
            .await?;
        let decision = DecisionInput {
            outcome: (*outcome).into(),
            amount: (*amount).into(),
            reason: (*reason).into(),
            decided_on: decided_on.into(),
            committee: committee.into(),
        }
        .validate(application.asked_cents, call.opens_on, today)
        .map_err(|e| anyhow::anyhow!("décision de démonstration invalide : {e}"))?;
        store
            .record_decision(&acting(&pilote), &pilote, application.id, &decision)
            .await?;
        decided.push((application.id, decision));
    }
    step(CallStatus::Decided).await?;
    Ok(decided)
}

/// Le Mans' 2023 call, read back by its title, and its decisions: what the
/// agreements and payments of the demo are made from.
// Used by the demo's tests until the agreements' demo reads it.
pub async fn decisions(
    store: &dyn Store,
    coordinator: &Scope,
) -> anyhow::Result<(CallId, Vec<DecisionRow>)> {
    let call = store
        .calls(coordinator)
        .await?
        .into_iter()
        .find(|c| c.title == crate::demo_calls::TITLE)
        .context("appel à projets de démonstration absent")?;
    let decisions = store.decisions(coordinator, call.id).await?;
    Ok((call.id, decisions))
}

//! Angers' *commission de suivi des parcours* in the demo: each month the
//! coordinator, the référents and, as a guest, the Préfecture's co-pilot
//! review the pathways that stall, under pseudonyms. The last meeting held
//! reviewed four persons, each with what was decided written on their
//! file; the next meeting has two persons on its list. The co-pilot sees
//! pseudonyms only; each référent sees the names of the persons they follow.

use anyhow::Context;
use chrono::{Duration, NaiveDate, Weekday};
use maillage_domain::governance::{CaseDecision, CommitteeKind, MemberRole, Rhythm};
use maillage_domain::Scope;
use maillage_store::governance::MeetingRow;
use maillage_store::{Actor, Store};

use crate::demo_cohort::{Actors, DemoPerson};
use crate::demo_governance::{Committee, Governance, Seat};

const COMMISSION: Committee = Committee {
    kind: CommitteeKind::CaseReview,
    name: "Commission de suivi des parcours",
    place: "Aldev, salle 2",
    rhythm: Rhythm::MonthlyOnWeekday {
        ordinal: 3,
        weekday: Weekday::Tue,
    },
    slot: (14, 90),
};

/// What the last commission decided for each person it reviewed.
const DECISIONS: [&str; 4] = [
    "Orientation vers une place de crèche AVIP pour permettre l'entrée en formation d'aide-soignante.",
    "Mobilisation de l'aide au permis de conduire ; point d'étape à la prochaine commission.",
    "Accompagnement renforcé par la Mission locale et rendez-vous avec un employeur du job dating.",
    "Maintien du suivi après l'embauche en CDD : point à trois mois avec l'employeur.",
];

/// How far back the commission's meetings go, and how far ahead.
const HELD_DAYS: i64 = 90;
const AHEAD_DAYS: i64 = 60;

pub async fn load(
    store: &dyn Store,
    actors: &Actors,
    pilote: &Scope,
    today: NaiveDate,
    admitted: &[DemoPerson],
) -> anyhow::Result<()> {
    let coordinator = &actors.coordinator;
    let governance = Governance::new(store, coordinator, today, HELD_DAYS, AHEAD_DAYS);
    let mut seats = vec![Seat::account(coordinator, MemberRole::CoPilot)];
    seats.extend(
        actors
            .referents
            .iter()
            .map(|r| Seat::account(r, MemberRole::Member)),
    );
    seats.push(Seat::account(pilote, MemberRole::Guest));
    let minutes = |rank: usize, _: &MeetingRow| {
        format!(
            "Séance n° {} de la commission.\n\nLes situations sont présentées sous pseudonyme ; \
             ce que la commission décide pour chaque personne est inscrit à son dossier.\n\n\
             Constats partagés : la garde d'enfants et la mobilité restent les premiers freins \
             à l'entrée en formation.",
            rank + 1
        )
    };
    let held = governance
        .convene(&COMMISSION, &seats, &minutes, false)
        .await?;
    let last = held.last().context("aucune commission tenue")?;
    let next = store
        .committee_meetings(coordinator, last.committee_id)
        .await?
        .into_iter()
        .find(|m| m.starts_at > governance.now)
        .context("aucune commission à venir")?;
    // Persons admitted long enough ago to have a pathway to review.
    let mut persons = admitted
        .iter()
        .filter(|p| p.entry + Duration::days(30) < today)
        .map(|p| p.id);
    for (decision, person) in DECISIONS.iter().zip(persons.by_ref()) {
        let put_on = Actor::system(last.starts_at - Duration::days(7));
        let review = store
            .add_case_review(&put_on, coordinator, last.id, person)
            .await?;
        let decision = CaseDecision::parse(decision)
            .map_err(|e| anyhow::anyhow!("décision de démonstration invalide : {e}"))?;
        store
            .record_case_decision(
                &Actor::system(last.ends_at),
                coordinator,
                last.id,
                review,
                &decision,
            )
            .await?;
    }
    let put_on = Actor::system(governance.now);
    for person in persons.take(2) {
        store
            .add_case_review(&put_on, coordinator, next.id, person)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use maillage_domain::accounts::Role;
    use maillage_domain::governance::CommitteeKind;
    use maillage_store::{CaseReviewStore, CiteStore, GovernanceStore};

    use crate::demo::member;

    #[tokio::test]
    async fn angers_commission_reviews_persons_under_pseudonyms() {
        let now = Utc::now();
        let (store, path, coordinator) = crate::demo::coordinator_for_test("angers").await;
        let angers = store.cite_id_by_code("angers").await.unwrap().unwrap();
        let pilote = member(&store, "pilote@demo.maillage.fr", angers, Role::Pilote).await;
        let commission = store
            .committees(&coordinator, now)
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.kind == CommitteeKind::CaseReview)
            .expect("the commission");
        let meetings = store
            .committee_meetings(&coordinator, commission.id)
            .await
            .unwrap();
        let last = meetings.iter().rfind(|m| m.ends_at < now).unwrap();
        let next = meetings.iter().find(|m| m.starts_at > now).unwrap();
        let actor = maillage_store::Actor::system(now);
        let reviews = store
            .case_reviews(&actor, &coordinator, last.id)
            .await
            .unwrap();
        assert_eq!(reviews.len(), 4);
        for review in &reviews {
            let person = review
                .person
                .as_ref()
                .expect("the coordinator sees the name");
            assert_eq!(person.decisions.len(), 1);
            // « M.D.-01 »: initials, then the number within the meeting.
            let suffix = format!("-{:02}", review.number);
            assert!(review.pseudonym.ends_with(&suffix), "{}", review.pseudonym);
            let initial = maillage_domain::governance::pseudonyms::initial(&person.first_name);
            assert!(
                review.pseudonym.starts_with(initial),
                "{}",
                review.pseudonym
            );
        }
        let seen_by_pilote = store.case_reviews(&actor, &pilote, last.id).await.unwrap();
        assert!(seen_by_pilote.iter().all(|r| r.person.is_none()));
        let upcoming = store
            .case_review_pseudonyms(&coordinator, next.id)
            .await
            .unwrap();
        assert_eq!(upcoming.len(), 2);
        store.close().await;
        let _ = std::fs::remove_file(path);
    }
}

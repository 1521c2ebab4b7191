//! Angers' governance in the demo: its three committees (comité technique
//! every six weeks, comité de suivi on the first Thursday of each month,
//! comité stratégique twice a year), nine months of meetings held and
//! four to come. Each held meeting had its members invited, their replies
//! and attendance; their minutes are published, but for the last comité de
//! suivi's, still a draft. The comité stratégique decided the Cité's
//! actions; the last comité technique left follow-up items, one late.

use anyhow::Context;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use maillage_domain::governance::follow_ups::FollowUpDraft;
use maillage_domain::governance::{
    Attendance, CommitteeDraft, CommitteeKind, DecisionSubject, MemberRole, Reply, Rhythm, Schedule,
};
use maillage_domain::ids::{CommitteeId, MeetingId};
use maillage_domain::Scope;
use maillage_store::actions::ActionFilter;
use maillage_store::governance::NewMember;
use maillage_store::{Actor, Store};

use crate::demo_cohort::Actors;

/// How far back the held meetings go, and how far ahead the planned ones.
const HELD_DAYS: i64 = 270;
const AHEAD_DAYS: i64 = 120;

struct Committee {
    kind: CommitteeKind,
    name: &'static str,
    place: &'static str,
    rhythm: Rhythm,
    hour: u32,
    minutes: u32,
}

const COMMITTEES: [Committee; 3] = [
    Committee {
        kind: CommitteeKind::Cotech,
        name: "Comité technique",
        place: "Aldev, salle du conseil",
        rhythm: Rhythm::EveryWeeks {
            interval: 6,
            weekday: Weekday::Tue,
        },
        hour: 14,
        minutes: 120,
    },
    Committee {
        kind: CommitteeKind::FollowUpCommittee,
        name: "Comité de suivi",
        place: "Mairie de quartier de Monplaisir",
        rhythm: Rhythm::MonthlyOnWeekday {
            ordinal: 1,
            weekday: Weekday::Thu,
        },
        hour: 9,
        minutes: 90,
    },
    Committee {
        kind: CommitteeKind::StrategicCommittee,
        name: "Comité stratégique",
        place: "Hôtel de ville d'Angers",
        rhythm: Rhythm::EveryWeeks {
            interval: 26,
            weekday: Weekday::Thu,
        },
        hour: 10,
        minutes: 120,
    },
];

/// `pilote`: the Préfecture's co-pilot, who sits in the comité stratégique.
pub async fn load(
    store: &dyn Store,
    actors: &Actors,
    pilote: &Scope,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let coordinator = &actors.coordinator;
    let now = Utc::now();
    let setup = Actor::system(now - Duration::days(HELD_DAYS + 30));
    let from = today - Duration::days(HELD_DAYS);
    let until = today + Duration::days(AHEAD_DAYS);
    for committee in &COMMITTEES {
        let schedule = Schedule {
            rhythm: committee.rhythm,
            start_time: NaiveTime::from_hms_opt(committee.hour, 0, 0).context("heure")?,
            duration_minutes: committee.minutes,
            anchor: from,
        };
        let draft = CommitteeDraft {
            kind: committee.kind,
            name: committee.name.into(),
            place: committee.place.into(),
            schedule,
        };
        let id = store.create_committee(&setup, coordinator, &draft).await?;
        let mut members = vec![(
            NewMember::Account(coordinator.user_id()),
            MemberRole::CoPilot,
        )];
        if committee.kind == CommitteeKind::StrategicCommittee {
            members.push((NewMember::Account(pilote.user_id()), MemberRole::CoPilot));
        } else {
            members.extend(
                actors
                    .referents
                    .iter()
                    .map(|r| (NewMember::Account(r.user_id()), MemberRole::Member)),
            );
        }
        for (member, role) in members {
            store
                .add_committee_member(&setup, coordinator, id, member, role)
                .await?;
        }
        let length = Duration::minutes(i64::from(committee.minutes));
        let times: Vec<_> = schedule
            .occurrences_utc(from, until)
            .into_iter()
            .map(|start| (start, start + length))
            .collect();
        store.plan_meetings(&setup, coordinator, id, &times).await?;
        hold_meetings(store, actors, pilote, id, committee, now).await?;
    }
    Ok(())
}

/// Invitations, replies, attendance and minutes of the meetings already
/// held; the decisions and follow-ups of the last ones.
async fn hold_meetings(
    store: &dyn Store,
    actors: &Actors,
    pilote: &Scope,
    id: CommitteeId,
    committee: &Committee,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let coordinator = &actors.coordinator;
    let held: Vec<_> = store
        .committee_meetings(coordinator, id)
        .await?
        .into_iter()
        .filter(|m| m.ends_at < now)
        .collect();
    let members: Vec<&Scope> = match committee.kind {
        CommitteeKind::StrategicCommittee => vec![coordinator, pilote],
        _ => std::iter::once(coordinator)
            .chain(actors.referents.iter())
            .collect(),
    };
    for (rank, meeting) in held.iter().enumerate() {
        let before = Actor::system(meeting.starts_at - Duration::days(10));
        store
            .invite_members(&before, coordinator, meeting.id)
            .await?;
        for (seat, member) in members.iter().enumerate() {
            // Now and then one sends a colleague or is excused.
            let reply = match (rank + seat) % 7 {
                3 => Reply::Excused,
                5 => Reply::Represented {
                    representative: "Camille Roux".into(),
                },
                _ => Reply::Coming,
            };
            store
                .reply_to_invitation(&before, member, meeting.id, &reply)
                .await?;
        }
        let on_the_day = Actor::system(meeting.ends_at);
        let sheet: Vec<_> = store
            .invitations(coordinator, meeting.id)
            .await?
            .iter()
            .map(|i| {
                let expected = i
                    .reply()
                    .map_or(Attendance::Absent, |r| r.expected_attendance());
                (i.id, expected)
            })
            .collect();
        store
            .record_attendance(&on_the_day, coordinator, meeting.id, &sheet)
            .await?;
        let written = Actor::system(meeting.ends_at + Duration::days(2));
        let minutes = format!(
            "Ordre du jour\n1. Point sur la cohorte et les parcours\n2. Actions en cours et à venir\n\n\
             Relevé des échanges\nLes partenaires ont fait le point sur les entrées en parcours du mois \
             et les freins levés. Séance n° {} du {}.",
            rank + 1,
            committee.name.to_lowercase()
        );
        let revision = store
            .save_minutes(&written, coordinator, meeting.id, &minutes)
            .await?;
        let last = rank + 1 == held.len();
        if !(last && committee.kind == CommitteeKind::FollowUpCommittee) {
            store
                .publish_minutes(&written, coordinator, meeting.id, revision)
                .await?;
        }
        if last {
            decide(store, actors, committee, meeting.id, &on_the_day, now).await?;
        }
    }
    Ok(())
}

/// The comité stratégique's decisions on the Cité's actions; the comité
/// technique's follow-up items, one late, one done.
async fn decide(
    store: &dyn Store,
    actors: &Actors,
    committee: &Committee,
    meeting: MeetingId,
    actor: &Actor,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let coordinator = &actors.coordinator;
    match committee.kind {
        CommitteeKind::StrategicCommittee => {
            let actions = store.actions(coordinator, &ActionFilter::default()).await?;
            for action in actions.iter().take(2) {
                let text = format!(
                    "Le comité valide la mise en œuvre de l'action « {} ».",
                    action.title
                );
                store
                    .record_committee_decision(
                        actor,
                        coordinator,
                        meeting,
                        &text,
                        DecisionSubject::ActionCreated(action.id.get()),
                    )
                    .await?;
            }
            store
                .record_committee_decision(
                    actor,
                    coordinator,
                    meeting,
                    "Le comité arrête le calendrier de l'appel à projets de l'année prochaine.",
                    DecisionSubject::None,
                )
                .await?;
        }
        CommitteeKind::Cotech => {
            let today = maillage_domain::time::paris_date(now);
            let referent = actors.referents.first().context("référent absent")?;
            let partner = referent.partner_id().context("partenaire absent")?;
            let items = [
                (
                    "Relancer les employeurs du job dating de janvier",
                    Some(today - Duration::days(5)),
                    NewMember::Account(referent.user_id()),
                ),
                (
                    "Proposer deux places de crèche AVIP aux parents de la cohorte",
                    Some(today + Duration::days(14)),
                    NewMember::Partner(partner),
                ),
                (
                    "Envoyer le bilan des cafés emploi aux partenaires",
                    None,
                    NewMember::Account(coordinator.user_id()),
                ),
            ];
            for (rank, (title, due_on, owner)) in items.into_iter().enumerate() {
                let draft = FollowUpDraft {
                    title: title.into(),
                    due_on,
                };
                let item = store
                    .add_follow_up_item(actor, coordinator, meeting, &draft, owner)
                    .await?;
                if rank == 2 {
                    let closing = maillage_domain::governance::follow_ups::Closing::new(
                        maillage_domain::governance::FollowUpStatus::Done,
                        "Envoyé par courriel avec le compte rendu.",
                    )
                    .map_err(|e| anyhow::anyhow!("clôture de démonstration invalide : {e:?}"))?;
                    store
                        .close_follow_up_item(actor, coordinator, item, &closing)
                        .await?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use maillage_domain::accounts::Role;
    use maillage_domain::governance::FollowUpStatus;
    use maillage_store::{CiteStore, CommitteeRecordStore, GovernanceStore, MeetingRecordStore};

    use crate::demo::member;

    #[tokio::test]
    async fn angers_holds_its_three_committees_over_a_year() {
        let (store, path) = crate::demo::loaded_for_test("demo-governance").await;
        let angers = store.cite_id_by_code("angers").await.unwrap().unwrap();
        let coordinator = member(
            &store,
            "coordination@demo.maillage.fr",
            angers,
            Role::Coordinateur,
        )
        .await;
        let now = Utc::now();
        let committees = store.committees(&coordinator, now).await.unwrap();
        let names: Vec<&str> = committees.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            ["Comité de suivi", "Comité stratégique", "Comité technique"]
        );
        for committee in &committees {
            assert!(committee.next_meeting.is_some(), "{}", committee.name);
            let meetings = store
                .committee_meetings(&coordinator, committee.id)
                .await
                .unwrap();
            let held: Vec<_> = meetings.iter().filter(|m| m.ends_at < now).collect();
            assert!(!held.is_empty(), "{}", committee.name);
            let noted = store.invitations(&coordinator, held[0].id).await.unwrap();
            assert!(noted.iter().all(|i| i.attendance.is_some()));
            assert!(held[0].minutes_published_revision.is_some());
        }
        let register = store.cite_decisions(&coordinator, None).await.unwrap();
        assert_eq!(register.len(), 3);
        assert!(register
            .iter()
            .all(|d| d.committee_name == "Comité stratégique"));
        let items = store.cite_follow_ups(&coordinator).await.unwrap();
        let today = maillage_domain::time::paris_date(now);
        assert_eq!(items.len(), 3);
        assert_eq!(
            items
                .iter()
                .filter(|i| i.status == FollowUpStatus::Open && i.due_on.is_some_and(|d| d < today))
                .count(),
            1
        );
        store.close().await;
        let _ = std::fs::remove_file(path);
    }
}

//! Governance in the demo. A Cité's committees are loaded from data
//! ([`Governance::convene`]): set up with their seats and meetings, the past
//! ones held (members invited, their replies, attendance, minutes published).
//!
//! Angers' three committees: comité technique every six weeks, comité de
//! suivi on the first Thursday of each month, comité stratégique twice a
//! year; nine months of meetings held and four to come. The last comité de
//! suivi's minutes are still a draft. The comité stratégique decided the
//! applications of the Cité's call for projects (`demo_angers_call`) and its
//! actions; the last comité technique left follow-up items, one late.

use anyhow::Context;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use maillage_domain::governance::follow_ups::{Closing, FollowUpDraft};
use maillage_domain::governance::{
    CommitteeDraft, CommitteeKind, DecisionSubject, FollowUpStatus, MemberRole, Reply, Rhythm,
    Schedule,
};
use maillage_domain::ids::CommitteeId;
use maillage_domain::Scope;
use maillage_store::actions::ActionFilter;
use maillage_store::governance::{MeetingRow, NewMember};
use maillage_store::{Actor, Store};

use crate::demo_cohort::Actors;

/// How far back Angers' held meetings go, and how far ahead the planned ones.
const HELD_DAYS: i64 = 270;
const AHEAD_DAYS: i64 = 120;

/// A committee of a demo Cité: what it is, where and when it meets.
pub struct Committee {
    /// COPIL, COTECH…: the short code of its decisions' numbers.
    pub kind: CommitteeKind,
    /// Its name, which no other committee of the Cité gives.
    pub name: &'static str,
    /// Where it usually meets.
    pub place: &'static str,
    /// When its meetings come back.
    pub rhythm: Rhythm,
    /// The Paris hour its meetings start at, and how long they last in
    /// minutes.
    pub slot: (u32, u32),
}

/// A seat in a committee and the account that answers its invitations:
/// the member itself, or an account of the partner seated. A seat nobody
/// answers for has its attendance noted on the day only.
#[derive(Clone, Copy)]
pub struct Seat<'a> {
    pub member: NewMember,
    pub role: MemberRole,
    pub answers: Option<&'a Scope>,
}

impl<'a> Seat<'a> {
    /// An account's own seat, answered by itself.
    pub fn account(scope: &'a Scope, role: MemberRole) -> Seat<'a> {
        Seat {
            member: NewMember::Account(scope.user_id()),
            role,
            answers: Some(scope),
        }
    }
}

/// A demo Cité's governance as its coordinator loads it: meetings held
/// since `from`, planned until `until`, seen from `now`.
pub struct Governance<'a> {
    store: &'a dyn Store,
    coordinator: &'a Scope,
    from: NaiveDate,
    until: NaiveDate,
    pub now: DateTime<Utc>,
    /// A month before the first meeting, when the committees were set up.
    set_up_at: DateTime<Utc>,
}

impl<'a> Governance<'a> {
    pub fn new(
        store: &'a dyn Store,
        coordinator: &'a Scope,
        today: NaiveDate,
        held_days: i64,
        ahead_days: i64,
    ) -> Governance<'a> {
        let now = Utc::now();
        Governance {
            store,
            coordinator,
            from: today - Duration::days(held_days),
            until: today + Duration::days(ahead_days),
            now,
            set_up_at: now - Duration::days(held_days + 30),
        }
    }

    /// Sets up a committee with its seats and its meetings over the period
    /// (and the next one beyond, when none falls between now and the
    /// period's end: a yearly committee always shows its next meeting),
    /// then holds the past ones (see [`Governance::hold`]). The meetings
    /// held, in order.
    pub async fn convene(
        &self,
        committee: &Committee,
        seats: &[Seat<'_>],
        minutes: MinutesText<'_>,
        draft_last: bool,
    ) -> anyhow::Result<Vec<MeetingRow>> {
        let schedule = self.schedule(committee)?;
        let mut starts = schedule.occurrences_utc(self.from, self.until);
        if !starts.iter().any(|start| *start > self.now) {
            let beyond = self.until + Duration::days(1);
            let next = schedule.occurrences_utc(beyond, beyond + Duration::days(366));
            starts.extend(next.first());
        }
        self.convene_at(committee, schedule, seats, &starts, minutes, draft_last)
            .await
    }

    /// Sets up a committee that meets on the days given, at its slot's hour
    /// (a rhythm cannot say « twice a year from the second year »), and at
    /// the period's end when none is to come, then holds the past meetings.
    /// The meetings held, in order.
    pub async fn convene_on(
        &self,
        committee: &Committee,
        seats: &[Seat<'_>],
        days: &[NaiveDate],
        minutes: MinutesText<'_>,
    ) -> anyhow::Result<Vec<MeetingRow>> {
        let schedule = self.schedule(committee)?;
        let at = |day: &NaiveDate| {
            maillage_domain::time::paris_to_utc(day.and_time(schedule.start_time))
        };
        let mut starts: Vec<_> = days.iter().map(at).collect();
        if !starts.iter().any(|start| *start > self.now) {
            starts.push(at(&self.until));
        }
        self.convene_at(committee, schedule, seats, &starts, minutes, false)
            .await
    }

    fn schedule(&self, committee: &Committee) -> anyhow::Result<Schedule> {
        let (hour, length) = committee.slot;
        Ok(Schedule {
            rhythm: committee.rhythm,
            start_time: NaiveTime::from_hms_opt(hour, 0, 0).context("heure")?,
            duration_minutes: length,
            anchor: self.from,
        })
    }

    async fn convene_at(
        &self,
        committee: &Committee,
        schedule: Schedule,
        seats: &[Seat<'_>],
        starts: &[DateTime<Utc>],
        minutes: MinutesText<'_>,
        draft_last: bool,
    ) -> anyhow::Result<Vec<MeetingRow>> {
        let setup = Actor::system(self.set_up_at);
        let draft = CommitteeDraft {
            kind: committee.kind,
            name: committee.name.into(),
            place: committee.place.into(),
            schedule,
        };
        let (store, coordinator) = (self.store, self.coordinator);
        let id = store.create_committee(&setup, coordinator, &draft).await?;
        for seat in seats {
            store
                .add_committee_member(&setup, coordinator, id, seat.member, seat.role)
                .await?;
        }
        let length = Duration::minutes(i64::from(schedule.duration_minutes));
        let times: Vec<_> = starts.iter().map(|s| (*s, *s + length)).collect();
        store.plan_meetings(&setup, coordinator, id, &times).await?;
        self.hold(id, seats, minutes, draft_last).await
    }

    /// The meetings already held: members invited ten days before, their
    /// replies, attendance noted on the day, minutes written two days after
    /// and published, but for the last one's when `draft_last`.
    async fn hold(
        &self,
        id: CommitteeId,
        seats: &[Seat<'_>],
        minutes: MinutesText<'_>,
        draft_last: bool,
    ) -> anyhow::Result<Vec<MeetingRow>> {
        let (store, coordinator) = (self.store, self.coordinator);
        let held: Vec<_> = store
            .committee_meetings(coordinator, id)
            .await?
            .into_iter()
            .filter(|m| m.ends_at < self.now)
            .collect();
        for (rank, meeting) in held.iter().enumerate() {
            let before = Actor::system(meeting.starts_at - Duration::days(10));
            store
                .invite_members(&before, coordinator, meeting.id)
                .await?;
            for (seat, member) in seats.iter().enumerate() {
                if let Some(scope) = member.answers {
                    store
                        .reply_to_invitation(&before, scope, meeting.id, &answer(rank, seat))
                        .await?;
                }
            }
            let on_the_day = Actor::system(meeting.ends_at);
            let sheet: Vec<_> = store
                .invitations(coordinator, meeting.id)
                .await?
                .iter()
                .enumerate()
                .map(|(seat, i)| {
                    let reply = i.reply().unwrap_or_else(|| answer(rank, seat));
                    (i.id, reply.expected_attendance())
                })
                .collect();
            store
                .record_attendance(&on_the_day, coordinator, meeting.id, &sheet)
                .await?;
            let written = Actor::system(meeting.ends_at + Duration::days(2));
            let text = minutes(rank, meeting);
            let revision = store
                .save_minutes(&written, coordinator, meeting.id, &text)
                .await?;
            if !(draft_last && rank + 1 == held.len()) {
                store
                    .publish_minutes(&written, coordinator, meeting.id, revision)
                    .await?;
            }
        }
        Ok(held)
    }

    /// Records a meeting's decisions, numbered in this order, on the day.
    pub async fn record_decisions(
        &self,
        meeting: &MeetingRow,
        decisions: &[(String, DecisionSubject)],
    ) -> anyhow::Result<()> {
        let on_the_day = Actor::system(meeting.ends_at);
        for (text, subject) in decisions {
            self.store
                .record_committee_decision(
                    &on_the_day,
                    self.coordinator,
                    meeting.id,
                    text,
                    *subject,
                )
                .await?;
        }
        Ok(())
    }

    /// Adds a meeting's follow-up items on the day, closing the done ones.
    pub async fn add_follow_ups(
        &self,
        meeting: &MeetingRow,
        items: Vec<FollowUp>,
    ) -> anyhow::Result<()> {
        let (store, coordinator) = (self.store, self.coordinator);
        let on_the_day = Actor::system(meeting.ends_at);
        for item in items {
            let draft = FollowUpDraft {
                title: item.title.into(),
                due_on: item.due_on,
            };
            let id = store
                .add_follow_up_item(&on_the_day, coordinator, meeting.id, &draft, item.owner)
                .await?;
            if let Some(note) = item.done {
                let closing = Closing::new(FollowUpStatus::Done, note)
                    .map_err(|e| anyhow::anyhow!("clôture de démonstration invalide : {e:?}"))?;
                store
                    .close_follow_up_item(&on_the_day, coordinator, id, &closing)
                    .await?;
            }
        }
        Ok(())
    }
}

/// What a meeting's minutes say, from its rank among those held.
pub type MinutesText<'a> = &'a dyn Fn(usize, &MeetingRow) -> String;

/// Now and then a member sends a colleague or is excused.
fn answer(rank: usize, seat: usize) -> Reply {
    match (rank + seat) % 7 {
        3 => Reply::Excused,
        5 => Reply::Represented {
            representative: "Camille Roux".into(),
        },
        _ => Reply::Coming,
    }
}

/// A follow-up item a meeting leaves; `done` closes it with this note.
pub struct FollowUp {
    pub title: &'static str,
    pub due_on: Option<NaiveDate>,
    pub owner: NewMember,
    pub done: Option<&'static str>,
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
        slot: (14, 120),
    },
    Committee {
        kind: CommitteeKind::FollowUpCommittee,
        name: "Comité de suivi",
        place: "Mairie de quartier de Monplaisir",
        rhythm: Rhythm::MonthlyOnWeekday {
            ordinal: 1,
            weekday: Weekday::Thu,
        },
        slot: (9, 90),
    },
    Committee {
        kind: CommitteeKind::StrategicCommittee,
        name: "Comité stratégique",
        place: "Hôtel de ville d'Angers",
        rhythm: Rhythm::EveryWeeks {
            interval: 26,
            weekday: Weekday::Thu,
        },
        slot: (10, 120),
    },
];

/// `pilote`: the Préfecture's co-pilot, who sits in the comité stratégique;
/// `carrier`: the porteur who applies to the call it decides.
pub async fn load(
    store: &dyn Store,
    actors: &Actors,
    pilote: &Scope,
    carrier: &Scope,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let coordinator = &actors.coordinator;
    let governance = Governance::new(store, coordinator, today, HELD_DAYS, AHEAD_DAYS);
    for committee in &COMMITTEES {
        let mut seats = vec![Seat::account(coordinator, MemberRole::CoPilot)];
        if committee.kind == CommitteeKind::StrategicCommittee {
            seats.push(Seat::account(pilote, MemberRole::CoPilot));
        } else {
            seats.extend(
                actors
                    .referents
                    .iter()
                    .map(|r| Seat::account(r, MemberRole::Member)),
            );
        }
        let minutes = |rank: usize, _: &MeetingRow| {
            format!(
                "Ordre du jour\n1. Point sur la cohorte et les parcours\n2. Actions en cours et à venir\n\n\
                 Relevé des échanges\nLes partenaires ont fait le point sur les entrées en parcours du mois \
                 et les freins levés. Séance n° {} du {}.",
                rank + 1,
                committee.name.to_lowercase()
            )
        };
        let draft_last = committee.kind == CommitteeKind::FollowUpCommittee;
        let held = governance
            .convene(committee, &seats, &minutes, draft_last)
            .await?;
        if let Some(last) = held.last() {
            decide(&governance, actors, carrier, committee, last).await?;
        }
    }
    Ok(())
}

/// The comité stratégique's decisions on the call's applications and the
/// Cité's actions; the comité technique's follow-up items, one late, one
/// done.
async fn decide(
    governance: &Governance<'_>,
    actors: &Actors,
    carrier: &Scope,
    committee: &Committee,
    meeting: &MeetingRow,
) -> anyhow::Result<()> {
    let coordinator = &actors.coordinator;
    match committee.kind {
        CommitteeKind::StrategicCommittee => {
            let actions = governance
                .store
                .actions(coordinator, &ActionFilter::default())
                .await?;
            let mut decisions =
                crate::demo_angers_call::load(governance.store, coordinator, carrier, meeting)
                    .await?;
            decisions.extend(actions.iter().take(2).map(|action| {
                (
                    format!(
                        "Le comité valide la mise en œuvre de l'action « {} ».",
                        action.title
                    ),
                    DecisionSubject::ActionCreated(action.id.get()),
                )
            }));
            decisions.push((
                "Le comité arrête le calendrier de l'appel à projets de l'année prochaine.".into(),
                DecisionSubject::None,
            ));
            governance.record_decisions(meeting, &decisions).await?;
        }
        CommitteeKind::Cotech => {
            let today = maillage_domain::time::paris_date(governance.now);
            let referent = actors.referents.first().context("référent absent")?;
            let partner = referent.partner_id().context("partenaire absent")?;
            let items = vec![
                FollowUp {
                    title: "Relancer les employeurs du job dating de janvier",
                    due_on: Some(today - Duration::days(5)),
                    owner: NewMember::Account(referent.user_id()),
                    done: None,
                },
                FollowUp {
                    title: "Proposer deux places de crèche AVIP aux parents de la cohorte",
                    due_on: Some(today + Duration::days(14)),
                    owner: NewMember::Partner(partner),
                    done: None,
                },
                FollowUp {
                    title: "Envoyer le bilan des cafés emploi aux partenaires",
                    due_on: None,
                    owner: NewMember::Account(coordinator.user_id()),
                    done: Some("Envoyé par courriel avec le compte rendu."),
                },
            ];
            governance.add_follow_ups(meeting, items).await?;
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use maillage_domain::governance::FollowUpStatus;
    use maillage_store::{CommitteeRecordStore, GovernanceStore, MeetingRecordStore};

    #[tokio::test]
    async fn angers_holds_its_three_committees_over_a_year() {
        let now = Utc::now();
        let (store, path, coordinator) = crate::demo::coordinator_for_test("angers").await;
        let committees = store.committees(&coordinator, now).await.unwrap();
        let names: Vec<&str> = committees.iter().map(|c| c.name.as_str()).collect();
        // With the commission of `demo_case_review`.
        // With the COPIL of `demo_trend`.
        assert_eq!(
            names,
            [
                "COPIL de la Cité de l'emploi",
                "Comité de suivi",
                "Comité stratégique",
                "Comité technique",
                "Commission de suivi des parcours"
            ]
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
        // Three on the call's applications (`demo_angers_call`), three more.
        let register = store.cite_decisions(&coordinator, None).await.unwrap();
        assert_eq!(register.len(), 6);
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

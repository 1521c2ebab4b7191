//! The people the follow-up tests find, all in Angers, with dates relative
//! to the test clock's today.

use chrono::{Duration, Months, NaiveDate};
use maillage_domain::cites::QpvInput;
use maillage_domain::ids::{CohortId, ParticipantId, QpvId};
use maillage_domain::participants::cohorts::CohortInput;
use maillage_domain::participants::outcomes::{Checkpoint, Outcome};
use maillage_domain::participants::person::{ParticipantDraft, ParticipantInput};
use maillage_domain::Scope;
use maillage_store::participants::Decision;
use maillage_store::Actor;
use maillage_web::Clock;

use crate::common::{self, TestApp};

pub const PERMIT: &str = "mobilite--preparer-un-permis";

/// Who and what the tests find, all in Angers.
pub struct Fixture {
    pub today: NaiveDate,
    pub referent: Scope,
    pub cohort: CohortId,
    pub later_cohort: CohortId,
    pub qpv: QpvId,
    /// Active, in the QPV, followed by `referent@angers.fr`.
    pub lefevre: ParticipantId,
    /// Active, a driving-licence barrier, no lead référent.
    pub benali: ParticipantId,
    /// Exited six months and five days ago in a CDI: the +6 month check is overdue.
    pub durand: ParticipantId,
    /// Proposed two days ago to the later cohort, not decided yet.
    pub martin: ParticipantId,
}

pub fn cohort(name: &str, start: NaiveDate, end: NaiveDate) -> CohortInput {
    CohortInput {
        name: name.into(),
        year: start.format("%Y").to_string(),
        target_size: "90".into(),
        intake_start: start.to_string(),
        intake_end: end.to_string(),
        follow_up_months: String::new(),
    }
}

pub fn person(
    first: &str,
    last: &str,
    residence: &str,
    qpvs: &[QpvId],
    today: NaiveDate,
) -> ParticipantDraft {
    person_input(first, last, residence)
        .validate(qpvs, &[], today)
        .unwrap()
}

/// The form of [`person`], for a test to add to.
pub fn person_input(first: &str, last: &str, residence: &str) -> ParticipantInput {
    ParticipantInput {
        first_name: first.into(),
        last_name: last.into(),
        birth_date: "1991-04-12".into(),
        sex: "f".into(),
        residence: residence.into(),
        employment_status: "chomeur".into(),
        education: "isced_3_4".into(),
        rsa: "non".into(),
        single_parent: "non".into(),
        rqth: "nsp".into(),
        ..ParticipantInput::default()
    }
}

impl Fixture {
    pub async fn new(app: &TestApp) -> Fixture {
        let store = app.store.as_ref();
        let actor = Actor::system(chrono::Utc::now());
        let today = maillage_domain::time::paris_date(app.clock.now());
        let coordinator = app.coordinator().await;
        let referent = app.referent().await;
        let qpv = QpvInput {
            code: "QN04901M".into(),
            name: "Belle-Beille".into(),
            communes: "49007".into(),
            population: String::new(),
        }
        .validate(&["49007".to_owned()])
        .unwrap();
        let qpv = store.add_qpv(&actor, &coordinator, &qpv).await.unwrap();
        let long_ago = today - Duration::days(400);
        let cohort_id = store
            .create_cohort(
                &actor,
                &coordinator,
                &cohort("Cohorte A", long_ago, today)
                    .validate(maillage_store::conformance::today())
                    .unwrap(),
            )
            .await
            .unwrap();
        let later_cohort = store
            .create_cohort(
                &actor,
                &coordinator,
                &cohort(
                    "Cohorte B",
                    today - Duration::days(10),
                    today + Duration::days(300),
                )
                .validate(maillage_store::conformance::today())
                .unwrap(),
            )
            .await
            .unwrap();
        let entry = today - Duration::days(300);
        let mut entered = Vec::new();
        for (first, last, residence) in [
            ("Élodie", "Lefèvre", qpv.to_string()),
            ("Karim", "Benali", "hors-qpv".to_owned()),
            ("Marie", "Durand", "hors-qpv".to_owned()),
        ] {
            let draft = person(first, last, &residence, &[qpv], today);
            let (id, referral) = store
                .propose(&actor, &referent, cohort_id, &draft, None, entry)
                .await
                .unwrap();
            store
                .decide_referral(
                    &actor,
                    &coordinator,
                    referral,
                    &Decision::Accept { entry_date: entry },
                    entry,
                )
                .await
                .unwrap();
            entered.push(id);
        }
        let (lefevre, benali, durand) = (entered[0], entered[1], entered[2]);
        store
            .set_lead_user(&actor, &coordinator, lefevre, referent.user_id())
            .await
            .unwrap();
        store
            .add_barrier(&actor, &referent, benali, PERMIT, entry, None)
            .await
            .unwrap();
        let exit = (today - Duration::days(5))
            .checked_sub_months(Months::new(6))
            .unwrap();
        store
            .record_outcome(
                &actor,
                &referent,
                durand,
                Checkpoint::Exit,
                Outcome::Cdi,
                exit,
            )
            .await
            .unwrap();
        let (martin, _) = store
            .propose(
                &actor,
                &referent,
                later_cohort,
                &person("Sophie", "Martin", "hors-qpv", &[], today),
                Some("Besoin de garde d'enfants"),
                today - Duration::days(2),
            )
            .await
            .unwrap();
        Fixture {
            today,
            referent,
            cohort: cohort_id,
            later_cohort,
            qpv,
            lefevre,
            benali,
            durand,
            martin,
        }
    }
}

/// The names listed in a results table, in order.
pub fn listed(body: &str) -> Vec<String> {
    body.split("<td><a href=\"/personnes/")
        .skip(1)
        .filter_map(|rest| rest.split_once("\">")?.1.split_once("</a>"))
        .map(|(name, _)| name.to_owned())
        .collect()
}

/// Signs in a new référent of a new partner of Angers, which follows nobody.
pub async fn other_partner_referent(app: &TestApp) -> common::Client {
    app.partner_with_referent("CIDFF de Maine-et-Loire", "cidff@angers.fr", false)
        .await;
    app.signed_in("cidff@angers.fr").await
}

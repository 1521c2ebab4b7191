//! Angers with nothing but small counts of persons, each where the app
//! counts persons: proposals and admissions, barriers identified and
//! lifted, an exit of each class, the places and waiting list of an
//! innovative action with its results and its fiche in the national
//! catalogue and the bilans of the agreement that funds it, and an
//! aller-vers séance with persons met with and without a
//! file. Every such count is between 1 and 4.

use chrono::Datelike;
use maillage_domain::actions::results::{IndicatorDraft, IndicatorSource, YearValue};
use maillage_domain::actions::{ActionInput, EnrolmentDraft, SeanceInput};
use maillage_domain::ids::{ActionId, CiteId, FicheId, ParticipantId, SeanceId};
use maillage_domain::participants::outcomes::{Checkpoint, Outcome};
use maillage_store::Actor;

use crate::agreements::{bilans, drawn, granted};
use crate::common::TestApp;
use crate::fiches;

/// The result an innovative action declares, computed from its places.
pub const PLACED: &str = "familles accueillies";
/// The result it records by hand each year.
pub const RECORDED: &str = "familles sans solution de garde";

/// What the route list needs to reach the small figures.
pub struct SmallCite {
    pub cite_id: CiteId,
    pub innovative: ActionId,
    pub reach_out: ActionId,
    pub fiche: FicheId,
    /// The aller-vers séance, with its persons met without a file.
    pub seance: SeanceId,
    /// The agreement that funds the innovative action: its page's path.
    pub agreement: String,
    /// Its qualitative bilan's id, then its financial bilan's.
    pub bilans: (String, String),
}

/// An action of Angers, running since January.
async fn action(app: &TestApp, title: &str, axis: &str, capacity: &str) -> ActionId {
    app.action(ActionInput {
        title: title.into(),
        axis: axis.into(),
        innovative: (axis == "innovate").then(|| "on".to_owned()),
        thematics: vec!["famille--garde-denfants".into()],
        starts_on: format!("{}-01-05", chrono::Utc::now().year()),
        status: "running".into(),
        capacity: capacity.into(),
        priority_rule: "request_date".into(),
        ..ActionInput::default()
    })
    .await
}

/// Four persons proposed and admitted (4 referrals, 4 followed), three
/// with a barrier, two of them lifted; two placed in an innovative action
/// of 2 places and one waiting; one met at an aller-vers séance with two
/// persons met without a file (3 beneficiaries); then an exit of each class.
pub async fn small_cite(app: &TestApp) -> SmallCite {
    let store = &app.store;
    let actor = Actor::system(chrono::Utc::now());
    let coordinator = app.coordinator().await;
    let today = maillage_store::conformance::today();
    let mut persons: Vec<ParticipantId> = Vec::new();
    for name in ["Awa", "Binta", "Chloé", "Dalila"] {
        persons.push(app.admitted(name, "Traoré").await);
    }
    for (i, person) in persons.iter().take(3).enumerate() {
        let barrier = store
            .add_barrier(
                &actor,
                &coordinator,
                *person,
                "mobilite--preparer-un-permis",
                today,
                None,
            )
            .await
            .unwrap();
        if i < 2 {
            store
                .lift_barrier(&actor, &coordinator, *person, barrier, today, None)
                .await
                .unwrap();
        }
    }

    let innovative = action(app, "Garde d'enfants AVIP", "innovate", "2").await;
    for person in &persons[..3] {
        let request = EnrolmentDraft {
            participant_id: *person,
            requested_on: today,
        };
        store
            .enrol(&actor, &coordinator, innovative, &request)
            .await
            .unwrap();
    }
    for (label, source) in [
        (PLACED, IndicatorSource::PersonsPlaced),
        (RECORDED, IndicatorSource::Recorded),
    ] {
        let draft = IndicatorDraft {
            label: label.into(),
            source,
        };
        let indicator_id = store
            .add_indicator(&actor, &coordinator, innovative, &draft)
            .await
            .unwrap();
        if source == IndicatorSource::Recorded {
            let value = YearValue {
                indicator_id,
                year: today.year(),
                value: 1,
            };
            store
                .record_value(&actor, &coordinator, innovative, &value)
                .await
                .unwrap();
        }
    }
    let form = fiches::fiche("Garde d'enfants AVIP", "famille--garde-denfants");
    let fiche = fiches::publish(app, "coord@angers.fr", innovative, &form).await;

    // An agreement funds the innovative action: its bilans show the results.
    let application = granted(app).await;
    store
        .link_action(&actor, &coordinator, application, innovative)
        .await
        .unwrap();
    let mut client = app.signed_in("coord@angers.fr").await;
    let agreement = drawn(&mut client, application).await;
    let bilans = bilans(&mut client, &agreement).await;

    let reach_out = action(app, "Café emploi du quartier", "reach_out", "").await;
    let seance = SeanceInput {
        kind: "cafe_emploi".into(),
        held_on: today.to_string(),
        anonymous_count: "2".into(),
        participant_ids: vec![persons[3].to_string()],
        ..SeanceInput::default()
    }
    .validate(today)
    .unwrap();
    let seance = store
        .add_seance(&actor, &coordinator, reach_out, &seance)
        .await
        .unwrap();
    let draft = IndicatorDraft {
        label: "personnes rencontrées au café".into(),
        source: IndicatorSource::PersonsMet,
    };
    store
        .add_indicator(&actor, &coordinator, reach_out, &draft)
        .await
        .unwrap();

    let exits = [
        Outcome::Cdi,
        Outcome::CddShort,
        Outcome::QualifyingTraining,
        Outcome::JobSearch,
    ];
    for (person, outcome) in persons.iter().zip(exits) {
        store
            .record_outcome(
                &actor,
                &coordinator,
                *person,
                Checkpoint::Exit,
                outcome,
                today,
            )
            .await
            .unwrap();
    }
    SmallCite {
        cite_id: app.angers,
        innovative,
        reach_out,
        fiche,
        seance,
        agreement,
        bilans,
    }
}

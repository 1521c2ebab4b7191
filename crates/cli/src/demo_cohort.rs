//! The demo's case files: Angers' 2025 and 2026 cohorts of 90 persons each
//! (the second still filling up to the autumn) with a realistic spread of
//! barriers, steps and outcomes, and a few proposals waiting.
//! Generated deterministically, through the same store calls as the pages.

use anyhow::Context;
use chrono::{Datelike, Duration, NaiveDate};
use maillage_domain::ids::{CohortId, ParticipantId, PartnerId, QpvId, ServiceId};
use maillage_domain::participants::cohorts::CohortInput;
use maillage_domain::participants::outcomes::{Checkpoint, Outcome};
use maillage_domain::participants::pathway::StepStatus;
use maillage_domain::participants::person::ParticipantInput;
use maillage_domain::Scope;
use maillage_store::case_file::NewStep;
use maillage_store::participants::Decision;
use maillage_store::services::ServiceQuery;
use maillage_store::{Actor, Store};

/// A person the cohorts admitted, as the demo's actions pick them: when
/// they entered, whether they bring up children alone, and the situations
/// recorded for them (exit, +6 and +12 months) with their dates.
pub struct DemoPerson {
    pub id: ParticipantId,
    pub entry: NaiveDate,
    pub single_parent: bool,
    pub outcomes: Vec<(Outcome, NaiveDate)>,
}

impl DemoPerson {
    /// Whether a job was recorded for them on or after `day`.
    pub fn job_since(&self, day: NaiveDate) -> bool {
        self.outcomes
            .iter()
            .any(|(outcome, on)| outcome.is_employment() && *on >= day)
    }
}

/// A small linear congruential generator: the demo is the same every time.
pub struct Dice(pub u64);

impl Dice {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.next(items.len() as u64) as usize]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next(100) < percent
    }
}

const WOMEN: [&str; 16] = [
    "Amina",
    "Fatoumata",
    "Sarah",
    "Inès",
    "Léa",
    "Khadija",
    "Nadia",
    "Chloé",
    "Aïcha",
    "Manon",
    "Yasmine",
    "Marie",
    "Sofia",
    "Mariam",
    "Julie",
    "Hawa",
];
const MEN: [&str; 16] = [
    "Karim", "Mamadou", "Lucas", "Youssef", "Kevin", "Moussa", "Thomas", "Bilal", "Hugo", "Omar",
    "Nicolas", "Samba", "Rayan", "Julien", "Ibrahim", "Enzo",
];
const LAST_NAMES: [&str; 24] = [
    "Benali",
    "Diallo",
    "Martin",
    "Traoré",
    "Lefèvre",
    "Haddad",
    "Bernard",
    "Cissé",
    "Moreau",
    "Bouzid",
    "Petit",
    "Camara",
    "Durand",
    "Kaya",
    "Leroy",
    "Mendy",
    "Girard",
    "Amrani",
    "Roux",
    "Sylla",
    "Fontaine",
    "Nguyen",
    "Chevalier",
    "Keïta",
];

/// Barriers the Cité works on, with the service of the demo catalogue
/// (`demo/services-angers.json`) that lifts them.
const BARRIERS: [(&str, &str); 8] = [
    ("mobilite--preparer-un-permis", "Auto-école sociale"),
    (
        "mobilite--acceder-a-un-vehicule",
        "Location solidaire de véhicule",
    ),
    ("famille--garde-denfants", "Par'Emploi : solutions de garde"),
    ("famille--garde-denfants", "Places en crèche AVIP"),
    (
        "lecture-ecriture-calcul--maitriser-le-francais",
        "Atelier sociolinguistique",
    ),
    (
        "preparer-sa-candidature--developper-son-reseau",
        "Café emploi",
    ),
    (
        "trouver-un-emploi--convaincre-un-recruteur-en-entretien",
        "Job dating",
    ),
    (
        "trouver-un-emploi--repondre-a-des-offres-demploi",
        "Emplois des clauses sociales",
    ),
];

const EXITS: [Outcome; 10] = [
    Outcome::Cdi,
    Outcome::Cdi,
    Outcome::CddLong,
    Outcome::CddLong,
    Outcome::CddShort,
    Outcome::InterimShort,
    Outcome::AssistedContract,
    Outcome::QualifyingTraining,
    Outcome::JobSearch,
    Outcome::JobSearch,
];

/// Who acts in the demo: the coordinator and the référents proposing persons.
pub struct Actors {
    pub coordinator: Scope,
    pub referents: Vec<Scope>,
    pub partners: Vec<PartnerId>,
    pub qpvs: Vec<QpvId>,
}

impl Actors {
    /// The Cité's actors: its partners and QPVs as its coordinator lists them.
    pub async fn of(
        store: &dyn Store,
        coordinator: Scope,
        referents: Vec<Scope>,
    ) -> anyhow::Result<Actors> {
        let cite_id = coordinator.cite_id().context("coordination sans Cité")?;
        let partners = store.partners(&coordinator, false).await?;
        let qpvs = store.qpvs(&coordinator, cite_id).await?;
        Ok(Actors {
            coordinator,
            referents,
            partners: partners.into_iter().map(|p| p.id).collect(),
            qpvs: qpvs.into_iter().map(|q| q.id).collect(),
        })
    }
}

fn person(
    dice: &mut Dice,
    index: usize,
    actors: &Actors,
    lead_partner: PartnerId,
    proposed_on: NaiveDate,
) -> ParticipantInput {
    let woman = dice.chance(62);
    let first_name = if woman {
        dice.pick(&WOMEN)
    } else {
        dice.pick(&MEN)
    };
    let year = 1970 + dice.next(37) as i32;
    let birth = NaiveDate::from_ymd_opt(year, 1 + dice.next(12) as u32, 1 + dice.next(28) as u32)
        .unwrap_or_default();
    let mut consent_partners = vec![lead_partner.to_string()];
    consent_partners.push(dice.pick(&actors.partners).to_string());
    let residence = if dice.chance(10) {
        "hors-qpv".to_owned()
    } else {
        dice.pick(&actors.qpvs).to_string()
    };
    ParticipantInput {
        first_name: (*first_name).to_owned(),
        last_name: LAST_NAMES[(index * 7 + dice.next(5) as usize) % LAST_NAMES.len()].to_owned(),
        birth_date: birth.to_string(),
        sex: if woman { "f" } else { "m" }.to_owned(),
        phone: format!(
            "06 {:02} {:02} {:02} {:02}",
            dice.next(100),
            dice.next(100),
            dice.next(100),
            dice.next(100)
        ),
        residence,
        employment_status: (*dice.pick(&[
            "chomeur",
            "chomeur",
            "chomeur_longue_duree",
            "chomeur_longue_duree",
            "inactif",
        ]))
        .to_owned(),
        education: (*dice.pick(&[
            "isced_0_2",
            "isced_0_2",
            "isced_3_4",
            "isced_3_4",
            "isced_5_8",
        ]))
        .to_owned(),
        rsa: if dice.chance(40) { "oui" } else { "non" }.to_owned(),
        single_parent: if woman && dice.chance(40) {
            "oui"
        } else {
            "non"
        }
        .to_owned(),
        rqth: (*dice.pick(&[
            "non", "non", "non", "non", "non", "non", "non", "non", "oui", "nsp",
        ]))
        .to_owned(),
        france_travail_id: if dice.chance(70) {
            format!(
                "{:07}{}",
                dice.next(10_000_000),
                dice.pick(&["A", "B", "K", "M"])
            )
        } else {
            String::new()
        },
        consent_date: proposed_on.to_string(),
        consent_method: "ecrit".to_owned(),
        consent_partners,
        ..ParticipantInput::default()
    }
}

fn cohort(name: &str, year: i32, target: u32) -> CohortInput {
    CohortInput {
        name: name.into(),
        year: year.to_string(),
        target_size: target.to_string(),
        intake_start: format!("{year}-01-01"),
        intake_end: format!("{year}-12-31"),
        follow_up_months: "12".into(),
    }
}

fn invalid(errors: maillage_domain::FieldErrors) -> anyhow::Error {
    anyhow::anyhow!("donnée de démonstration invalide : {errors}")
}

/// Loads the cohorts; `today` bounds what has already happened.
pub async fn load(
    store: &dyn Store,
    actors: &Actors,
    today: NaiveDate,
) -> anyhow::Result<Vec<DemoPerson>> {
    let actor = Actor::system(chrono::Utc::now());
    let mut dice = Dice(2025);
    let query = ServiceQuery {
        limit: 1000,
        ..ServiceQuery::default()
    };
    let services = store.search_services(&actors.coordinator, &query).await?;
    let mut catalogue = Vec::new();
    for (_, name) in BARRIERS {
        let service = services
            .iter()
            .find(|s| s.name == name)
            .with_context(|| format!("service de démonstration absent : {name}"))?;
        catalogue.push((name, service.id));
    }
    let start = NaiveDate::from_ymd_opt(2025, 1, 6).context("date")?;
    let (_, mut admitted) = cohort_of(
        store,
        actors,
        &mut dice,
        &catalogue,
        90,
        0..90,
        start,
        today,
    )
    .await?;
    let start = NaiveDate::from_ymd_opt(2026, 1, 5).context("date")?;
    let until = today.min(start + Duration::days(300));
    let (cohort_2026, admitted_2026) = cohort_of(
        store,
        actors,
        &mut dice,
        &catalogue,
        90,
        90..180,
        start,
        until,
    )
    .await?;
    admitted.extend(admitted_2026);
    for index in 180..183 {
        let referent = &actors.referents[index % actors.referents.len()];
        let lead_partner = referent.partner_id().context("référent sans partenaire")?;
        let proposed_on = today - Duration::days(index as i64 - 178);
        let input = person(&mut dice, 90 + index, actors, lead_partner, proposed_on);
        let draft = input
            .validate(&actors.qpvs, &actors.partners, proposed_on)
            .map_err(invalid)?;
        store
            .propose(
                &actor,
                referent,
                cohort_2026,
                &draft,
                Some("Demande d'entrée dans la cohorte 2026"),
                proposed_on,
            )
            .await?;
    }
    Ok(admitted)
}

/// The cohort of `start`'s year aiming at `target` persons, filled from
/// `start` with the persons `indexes` (see [`fill`]): its id and the
/// persons admitted.
#[allow(clippy::too_many_arguments)]
pub async fn cohort_of(
    store: &dyn Store,
    actors: &Actors,
    dice: &mut Dice,
    catalogue: &[(&str, ServiceId)],
    target: u32,
    indexes: std::ops::Range<usize>,
    start: NaiveDate,
    today: NaiveDate,
) -> anyhow::Result<(CohortId, Vec<DemoPerson>)> {
    let actor = Actor::system(chrono::Utc::now());
    let year = start.year();
    let draft = cohort(&format!("Cohorte {year}"), year, target)
        .validate(today)
        .map_err(invalid)?;
    let id = store
        .create_cohort(&actor, &actors.coordinator, &draft)
        .await?;
    let admitted = fill(store, actors, dice, catalogue, id, indexes, start, today).await?;
    Ok((id, admitted))
}

/// Proposes and admits persons `indexes` into a cohort, every few days from
/// `start`, then follows each one until `today`.
#[allow(clippy::too_many_arguments)]
async fn fill(
    store: &dyn Store,
    actors: &Actors,
    dice: &mut Dice,
    catalogue: &[(&str, ServiceId)],
    cohort_id: CohortId,
    indexes: std::ops::Range<usize>,
    start: NaiveDate,
    today: NaiveDate,
) -> anyhow::Result<Vec<DemoPerson>> {
    let actor = Actor::system(chrono::Utc::now());
    let mut admitted = Vec::new();
    let every = if indexes.len() > 40 { 3 } else { 12 };
    for (rank, index) in indexes.enumerate() {
        let referent = &actors.referents[index % actors.referents.len()];
        let lead_partner = referent.partner_id().context("référent sans partenaire")?;
        let proposed_on = start + Duration::days(every * rank as i64);
        let input = person(dice, index, actors, lead_partner, proposed_on);
        let single_parent = input.single_parent == "oui";
        let draft = input
            .validate(&actors.qpvs, &actors.partners, proposed_on)
            .map_err(invalid)?;
        let motive = Some("Orientation vers la Cité de l'emploi");
        let (id, referral) = store
            .propose(&actor, referent, cohort_id, &draft, motive, proposed_on)
            .await?;
        let entry = proposed_on + Duration::days(7);
        store
            .decide_referral(
                &actor,
                &actors.coordinator,
                referral,
                &Decision::Accept { entry_date: entry },
                entry,
            )
            .await?;
        if dice.chance(85) {
            store
                .set_lead_user(&actor, referent, id, referent.user_id())
                .await?;
        }
        let outcomes = follow(store, &actor, referent, dice, id, entry, today, catalogue).await?;
        admitted.push(DemoPerson {
            id,
            entry,
            single_parent,
            outcomes,
        });
    }
    Ok(admitted)
}

/// Barriers, steps and outcomes of one person, as far as `today`; the
/// outcomes recorded, with their dates.
#[allow(clippy::too_many_arguments)]
async fn follow(
    store: &dyn Store,
    actor: &Actor,
    referent: &Scope,
    dice: &mut Dice,
    id: ParticipantId,
    entry: NaiveDate,
    today: NaiveDate,
    catalogue: &[(&str, ServiceId)],
) -> anyhow::Result<Vec<(Outcome, NaiveDate)>> {
    let exit = entry + Duration::days(90 + dice.next(240) as i64);
    for _ in 0..1 + dice.next(3) {
        let (thematic, item) = *dice.pick(&BARRIERS);
        let barrier = store
            .add_barrier(actor, referent, id, thematic, entry, None)
            .await?;
        let started = entry + Duration::days(7 + dice.next(30) as i64);
        let ended = started + Duration::days(20 + dice.next(60) as i64);
        let done = ended < exit.min(today);
        let step = NewStep {
            label: (*item).to_owned(),
            service_id: catalogue
                .iter()
                .find(|(n, _)| *n == item)
                .map(|(_, id)| *id),
            partner_id: None,
            planned_on: Some(started),
            started_on: (started <= today).then_some(started),
            ended_on: done.then_some(ended),
            status: if done {
                StepStatus::Done
            } else if started <= today {
                StepStatus::InProgress
            } else {
                StepStatus::Planned
            },
            result: done.then(|| "Objectif atteint".to_owned()),
        };
        let step_id = store.add_step(actor, referent, id, &step).await?;
        if done && dice.chance(70) {
            store
                .lift_barrier(actor, referent, id, barrier, ended, Some(step_id))
                .await?;
        }
    }
    if exit > today {
        return Ok(Vec::new());
    }
    let at_exit = *dice.pick(&EXITS);
    store
        .record_outcome(actor, referent, id, Checkpoint::Exit, at_exit, exit)
        .await?;
    let mut outcomes = vec![(at_exit, exit)];
    for (checkpoint, months) in [(Checkpoint::SixMonths, 6), (Checkpoint::TwelveMonths, 12)] {
        let due = exit
            .checked_add_months(chrono::Months::new(months))
            .context("date")?;
        if due <= today && dice.chance(75) {
            let later = if dice.chance(60) {
                Outcome::Cdi
            } else {
                *dice.pick(&EXITS)
            };
            store
                .record_outcome(actor, referent, id, checkpoint, later, due)
                .await?;
            outcomes.push((later, due));
        }
    }
    Ok(outcomes)
}

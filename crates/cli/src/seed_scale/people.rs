//! The persons of a generated dataset, a batch at a time: each batch inserts
//! its participants, then (from their new ids) their barriers, pathway
//! steps, outcomes and audit rows, all in one transaction.

use chrono::{Datelike, Duration, NaiveDate};
use maillage_domain::participants::outcomes::Outcome;
use maillage_domain::participants::person::{
    search_key, Answer, EducationLevel, EmploymentStatus, Sex,
};
use maillage_domain::referential;
use maillage_store::seed::{Children, SeedRows, SeedTable, SeedValue};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::territory::CiteSeed;
use super::{at, reference_date};

const FIRST_NAMES: &[&str] = &[
    "Aïcha",
    "Amina",
    "Camille",
    "Chloé",
    "Fatou",
    "Inès",
    "Jade",
    "Léa",
    "Lina",
    "Manon",
    "Maryam",
    "Nadia",
    "Naël",
    "Sarah",
    "Yasmine",
    "Zoé",
    "Adam",
    "Bilal",
    "Dylan",
    "Enzo",
    "Hugo",
    "Ibrahim",
    "Karim",
    "Kevin",
    "Lucas",
    "Mamadou",
    "Mehdi",
    "Moussa",
    "Nathan",
    "Noah",
    "Omar",
    "Rayan",
    "Samir",
    "Théo",
    "Thomas",
    "Yanis",
    "Youssef",
    "Élodie",
    "Hélène",
    "Sébastien",
];

const LAST_NAMES: &[&str] = &[
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Benali",
    "Diallo",
    "Traoré",
    "Keita",
    "Haddad",
    "Nguyen",
    "Mendy",
    "Bouaziz",
    "Camara",
    "Cissé",
    "Diop",
    "Belkacem",
    "Ouédraogo",
    "Kaya",
    "Yilmaz",
    "Pereira",
    "Da Silva",
    "Ferreira",
    "Rodrigues",
    "Le Gall",
    "Kerjean",
];

const STEP_LABELS: &[&str] = &[
    "Entretien de diagnostic",
    "Atelier CV et lettre de motivation",
    "Simulation d'entretien",
    "Permis de conduire financé",
    "Garde d'enfant en crèche AVIP",
    "Atelier numérique",
    "Cours de français à visée professionnelle",
    "Immersion professionnelle (PMSMP)",
    "Job dating du quartier",
    "Accompagnement aux démarches administratives",
    "Formation qualifiante",
    "Remobilisation par le sport",
    "Rendez-vous de suivi",
    "Mise en relation avec un employeur",
    "Parrainage",
];

/// Barrier categories most often met in a Cité de l'emploi.
const BARRIER_CATEGORIES: &[&str] = &[
    "mobilite",
    "famille",
    "numerique",
    "difficultes-administratives-ou-juridiques",
    "lecture-ecriture-calcul",
    "logement-hebergement",
    "sante",
    "difficultes-financieres",
    "preparer-sa-candidature",
];

/// Exit situations, weighted roughly as Cités report them.
const EXITS: &[(Outcome, u32)] = &[
    (Outcome::Cdi, 14),
    (Outcome::CddLong, 10),
    (Outcome::CddShort, 9),
    (Outcome::InterimLong, 4),
    (Outcome::InterimShort, 7),
    (Outcome::AssistedContract, 9),
    (Outcome::QualifyingTraining, 10),
    (Outcome::OtherTraining, 6),
    (Outcome::BusinessCreation, 2),
    (Outcome::JobSearch, 18),
    (Outcome::Inactive, 4),
    (Outcome::Moved, 3),
    (Outcome::Unreachable, 4),
];

/// What children rows need to know about a participant.
struct Person {
    cite_id: i64,
    entry: Option<NaiveDate>,
    exit: Option<NaiveDate>,
    partners: Vec<i64>,
    /// Who records its steps and reads it: the lead référent or the coordinator.
    author: i64,
}

fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[T]) -> T {
    items[rng.gen_range(0..items.len())]
}

fn days(rng: &mut ChaCha8Rng, range: std::ops::Range<i64>) -> Duration {
    Duration::days(rng.gen_range(range))
}

/// Status by cohort age: older cohorts have mostly left, the current one
/// is still coming in.
fn status(rng: &mut ChaCha8Rng, age: i32) -> &'static str {
    let roll = rng.gen_range(0..100);
    match age {
        0 if roll < 10 => "proposed",
        0 if roll < 15 => "not_admitted",
        0 if roll < 95 => "active",
        1 if roll < 5 => "not_admitted",
        1 if roll < 55 => "active",
        _ if roll < 8 => "not_admitted",
        _ if roll < 12 => "active",
        _ => "exited",
    }
}

/// One batch: `count` persons starting at global index `first`, spread
/// evenly over the Cités. Returns the participants and the builder of
/// their children.
pub fn batch(
    territory: &[CiteSeed],
    seed: u64,
    total: usize,
    first: usize,
    count: usize,
) -> (SeedRows, Children) {
    let mut rng =
        ChaCha8Rng::seed_from_u64(seed.wrapping_mul(0x9E37_79B9).wrapping_add(first as u64));
    let today = reference_date();
    let mut rows = SeedRows::new(SeedTable::Participants);
    let mut people = Vec::with_capacity(count);
    for index in first..first + count {
        let cite = &territory[index * territory.len() / total.max(1)];
        let cohort = &cite.cohorts[index % cite.cohorts.len()];
        let age = today.year() - cohort.year;
        let status = status(&mut rng, age);
        let year_start = NaiveDate::from_ymd_opt(cohort.year, 1, 1).unwrap_or(today);
        let intake_days = (today - year_start).num_days().clamp(1, 365);
        let proposed_on = year_start + days(&mut rng, 0..intake_days);
        let entry = matches!(status, "active" | "exited")
            .then(|| (proposed_on + days(&mut rng, 3..30)).min(today));
        let exit = entry
            .filter(|_| status == "exited")
            .map(|e| (e + days(&mut rng, 240..400)).min(today));
        let with_referents: Vec<&_> = cite
            .partners
            .iter()
            .filter(|p| !p.referents.is_empty())
            .collect();
        let lead = pick(&mut rng, &with_referents);
        let lead_user = rng.gen_bool(0.85).then(|| pick(&mut rng, &lead.referents));
        let first_name = pick(&mut rng, FIRST_NAMES);
        let last_name = pick(&mut rng, LAST_NAMES);
        let birth = proposed_on - days(&mut rng, 16 * 365 + 30..60 * 365);
        let last_activity = exit.or(entry).unwrap_or(proposed_on);
        rows.push(vec![
            cite.id.into(),
            cohort.id.into(),
            first_name.into(),
            last_name.into(),
            search_key(first_name, last_name).into(),
            maillage_domain::names::sort_key(first_name, last_name).into(),
            birth.into(),
            pick(&mut rng, &Sex::ALL).code().into(),
            format!(
                "06 {:02} {:02} {:02} {:02}",
                rng.gen_range(0..100),
                rng.gen_range(0..100),
                rng.gen_range(0..100),
                rng.gen_range(0..100)
            )
            .into(),
            rng.gen_bool(0.92)
                .then(|| pick(&mut rng, &cite.qpvs))
                .into(),
            pick(&mut rng, &EmploymentStatus::ALL).code().into(),
            pick(&mut rng, &EducationLevel::ALL).code().into(),
            pick(&mut rng, &Answer::ALL).code().into(),
            pick(&mut rng, &Answer::ALL).code().into(),
            pick(&mut rng, &Answer::ALL).code().into(),
            lead.id.into(),
            lead_user.into(),
            status.into(),
            entry.into(),
            exit.into(),
            at(last_activity).into(),
            at(proposed_on).into(),
        ]);
        people.push(Person {
            cite_id: cite.id,
            entry,
            exit,
            partners: cite.partners.iter().map(|p| p.id).collect(),
            author: lead_user.unwrap_or(cite.coordinator),
        });
    }
    let children: Children = Box::new(move |ids| children(&mut rng, &people, ids));
    (rows, children)
}

fn children(rng: &mut ChaCha8Rng, people: &[Person], ids: &[i64]) -> Vec<SeedRows> {
    let today = reference_date();
    let thematics: Vec<&str> = BARRIER_CATEGORIES
        .iter()
        .flat_map(|c| referential::thematics_of_category(c))
        .map(|t| t.code)
        .collect();
    let mut barriers = SeedRows::new(SeedTable::Barriers);
    let mut steps = SeedRows::new(SeedTable::Steps);
    let mut outcomes = SeedRows::new(SeedTable::Outcomes);
    let mut audit = SeedRows::new(SeedTable::Audit);
    for (person, id) in people.iter().zip(ids) {
        let id = *id;
        let start = person.entry.unwrap_or(today - Duration::days(10));
        let how_many = rng.gen_range(1..=3);
        let mut chosen: Vec<&str> = thematics.choose_multiple(rng, how_many).copied().collect();
        chosen.sort_unstable();
        for thematic in chosen {
            let lifted = person.exit.filter(|_| rng.gen_bool(0.6));
            barriers.push(vec![
                id.into(),
                person.cite_id.into(),
                thematic.into(),
                start.into(),
                lifted.into(),
            ]);
        }
        if let Some(entry) = person.entry {
            let end = person.exit.unwrap_or(today);
            let count = rng.gen_range(9..=13);
            let spacing = ((end - entry).num_days() / count).max(1);
            for k in 0..count {
                let day = entry + Duration::days(k * spacing + rng.gen_range(0..spacing));
                let (status, started, ended) = if day > today {
                    ("planned", None, None)
                } else if person.exit.is_none() && k == count - 1 {
                    ("in_progress", Some(day), None)
                } else {
                    let ended = (day + days(rng, 0..20)).min(today);
                    (
                        if rng.gen_bool(0.9) { "done" } else { "dropped" },
                        Some(day),
                        Some(ended),
                    )
                };
                steps.push(vec![
                    id.into(),
                    pick(rng, STEP_LABELS).into(),
                    pick(rng, &person.partners).into(),
                    day.into(),
                    started.into(),
                    ended.into(),
                    status.into(),
                    person.author.into(),
                    at(day).into(),
                ]);
            }
            let situation = if rng.gen_bool(0.8) {
                Outcome::JobSearch
            } else {
                Outcome::Inactive
            };
            outcomes.push(vec![
                id.into(),
                person.cite_id.into(),
                "entry".into(),
                situation.code().into(),
                entry.into(),
                person.author.into(),
            ]);
        }
        if let Some(exit) = person.exit {
            let weights: u32 = EXITS.iter().map(|(_, w)| w).sum();
            let mut roll = rng.gen_range(0..weights);
            let outcome = EXITS
                .iter()
                .find(|(_, w)| {
                    let hit = roll < *w;
                    roll = roll.saturating_sub(*w);
                    hit
                })
                .map_or(Outcome::JobSearch, |(o, _)| *o);
            outcomes.push(vec![
                id.into(),
                person.cite_id.into(),
                "exit".into(),
                outcome.code().into(),
                exit.into(),
                person.author.into(),
            ]);
            for (checkpoint, months) in [("m6", 6), ("m12", 12)] {
                let due = exit + Duration::days(months * 30);
                if due <= today && rng.gen_bool(0.7) {
                    let later = pick(rng, EXITS).0;
                    outcomes.push(vec![
                        id.into(),
                        person.cite_id.into(),
                        checkpoint.into(),
                        later.code().into(),
                        due.into(),
                        person.author.into(),
                    ]);
                }
            }
        }
        for read in 0..2 {
            let day = start + Duration::days(read * 30);
            audit.push(vec![
                at(day.min(today)).into(),
                person.author.into(),
                SeedValue::Text(Some("Partenaire de la Cité".to_owned())),
                person.cite_id.into(),
                "participant.read".into(),
                "participant".into(),
                id.into(),
                id.into(),
            ]);
        }
    }
    vec![barriers, steps, outcomes, audit]
}

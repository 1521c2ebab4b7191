//! The national territory of a generated dataset: Cités with their QPVs,
//! about twenty partners each, their accounts and five yearly cohorts.

use chrono::{Datelike, NaiveDate};
use maillage_store::seed::{SeedRows, SeedTable, SeedValue};
use maillage_store::{SeedStore, StoreResult};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::{at, reference_date};

/// Towns lending their names to generated Cités (suffixed past the list).
const TOWNS: &[(&str, &str)] = &[
    ("Angers", "49"),
    ("Le Mans", "72"),
    ("Vaulx-en-Velin", "69"),
    ("Roubaix", "59"),
    ("Marseille", "13"),
    ("Clichy-sous-Bois", "93"),
    ("Toulouse", "31"),
    ("Nantes", "44"),
    ("Strasbourg", "67"),
    ("Montpellier", "34"),
    ("Grenoble", "38"),
    ("Rennes", "35"),
    ("Amiens", "80"),
    ("Mulhouse", "68"),
    ("Nîmes", "30"),
    ("Perpignan", "66"),
    ("Limoges", "87"),
    ("Besançon", "25"),
    ("Orléans", "45"),
    ("Rouen", "76"),
    ("Le Havre", "76"),
    ("Dijon", "21"),
    ("Tours", "37"),
    ("Saint-Étienne", "42"),
    ("Metz", "57"),
    ("Brest", "29"),
    ("Poitiers", "86"),
    ("Pau", "64"),
    ("Avignon", "84"),
    ("Cayenne", "973"),
];

/// Partner templates: name pattern, category, data·inclusion network,
/// référent accounts. `{v}` is the town, `{d}` the département.
const PARTNERS: &[(&str, &str, &str, usize)] = &[
    ("France Travail {v} Centre", "spe", "france-travail", 10),
    ("France Travail {v} Est", "spe", "france-travail", 8),
    ("Mission locale de {v}", "spe", "mission-locale", 10),
    ("Cap emploi {d}", "spe", "cap-emploi-reseau-cheops", 5),
    ("CIDFF {d}", "associatif", "cidff", 5),
    ("CAF {d}", "social", "caf", 3),
    ("Département {d}", "collectivite", "departements", 6),
    ("CCAS de {v}", "social", "ccas-cias", 5),
    ("PLIE de {v}", "spe", "plie", 6),
    (
        "Maison de l'emploi de {v}",
        "collectivite",
        "maisons-de-l-emploi",
        5,
    ),
    (
        "École de la deuxième chance {v}",
        "formation",
        "ecoles-de-la-deuxieme-chance",
        4,
    ),
    ("Wimoov {v}", "associatif", "wimoov", 3),
    ("Crèche AVIP de {v}", "associatif", "creches-avip", 2),
    ("Régie de quartier {v}", "associatif", "ei", 4),
    ("Atelier chantier d'insertion {v}", "associatif", "aci", 4),
    ("Unis-Cité {v}", "associatif", "unis-cite", 2),
    ("BGE {d}", "formation", "reseau-bge", 2),
    ("Préfecture {d}", "etat", "", 0),
    ("Ville de {v}", "collectivite", "communes", 0),
    ("Association Emploi {v}", "associatif", "", 3),
];

/// The partner the porteur account belongs to (the last association).
const PORTEUR_PARTNER: usize = PARTNERS.len() - 1;

/// The password of every generated account (one argon2 hash, reused).
pub const PASSWORD: &str = "seed-maillage-2026";

pub struct PartnerSeed {
    pub id: i64,
    pub referents: Vec<i64>,
}

pub struct CohortSeed {
    pub id: i64,
    pub year: i32,
}

pub struct CiteSeed {
    pub id: i64,
    pub qpvs: Vec<i64>,
    pub partners: Vec<PartnerSeed>,
    pub cohorts: Vec<CohortSeed>,
    pub coordinator: i64,
}

/// The code of the `index`-th generated Cité: the seed keeps two datasets
/// in one database apart.
pub fn cite_code(seed: u64, index: usize) -> String {
    format!("s{seed}-{:03}", index + 1)
}

fn town(index: usize) -> (String, &'static str) {
    let (name, dep) = TOWNS[index % TOWNS.len()];
    match index / TOWNS.len() {
        0 => (name.to_owned(), dep),
        round => (format!("{name} {}", round + 1), dep),
    }
}

/// Inserts Cités, QPVs, partners, accounts and cohorts (a transaction per
/// table); returns the territory the persons are spread over.
pub async fn load(
    store: &dyn SeedStore,
    rng: &mut ChaCha8Rng,
    seed: u64,
    cites: usize,
    password_hash: &str,
) -> StoreResult<Vec<CiteSeed>> {
    let now = at(reference_date());
    let mut rows = SeedRows::new(SeedTable::Cites);
    for index in 0..cites {
        let (name, dep) = town(index);
        rows.push(vec![
            cite_code(seed, index).into(),
            format!("Cité de l'emploi de {name}").into(),
            dep.into(),
            SeedValue::Text(None),
            SeedValue::Text(Some(String::new())),
            SeedValue::Int(Some(if index % 3 == 0 { 2020 } else { 2021 })),
            rng.gen_range(40_000..400_000i64).into(),
            (f64::from(rng.gen_range(90..220u32)) / 10.0).into(),
            rng.gen_range(4_000..40_000i64).into(),
            "federate,reach_out,innovate".into(),
        ]);
    }
    let cite_ids = store.seed_batch(rows, Box::new(|_| Vec::new())).await?;

    let mut qpvs = SeedRows::new(SeedTable::Qpvs);
    let mut qpv_owner = Vec::new();
    for (index, cite_id) in cite_ids.iter().enumerate() {
        let (name, dep) = town(index);
        for q in 0..rng.gen_range(3..=6) {
            qpvs.push(vec![
                (*cite_id).into(),
                format!("QN{dep:0>3}{:02}{}", (index % 90) + 10, (b'A' + q) as char).into(),
                format!("Quartier {} de {name}", q + 1).into(),
                "".into(),
                rng.gen_range(1_500..12_000i64).into(),
            ]);
            qpv_owner.push(*cite_id);
        }
    }
    let qpv_ids = store.seed_batch(qpvs, Box::new(|_| Vec::new())).await?;

    let mut partners = SeedRows::new(SeedTable::Partners);
    for (index, cite_id) in cite_ids.iter().enumerate() {
        let (name, dep) = town(index);
        for (pattern, category, network, _) in PARTNERS {
            partners.push(vec![
                (*cite_id).into(),
                pattern.replace("{v}", &name).replace("{d}", dep).into(),
                (*category).into(),
                Some(network.to_string()).filter(|n| !n.is_empty()).into(),
                name.clone().into(),
                now.into(),
                now.into(),
            ]);
        }
    }
    let partner_ids = store.seed_batch(partners, Box::new(|_| Vec::new())).await?;

    // Accounts: per Cité a coordinator, two co-pilots, a porteur and the
    // partners' référents; one national account. Memberships ride along.
    let mut users = SeedRows::new(SeedTable::Users);
    let mut memberships: Vec<(usize, Option<i64>, &'static str, Option<i64>)> = Vec::new();
    let mut add_user = |email: String,
                        name: String,
                        national: bool,
                        member: Option<(i64, &'static str, Option<i64>)>| {
        let index = users.rows.len();
        users.push(vec![
            email.into(),
            name.into(),
            password_hash.into(),
            national.into(),
            now.into(),
        ]);
        if let Some((cite_id, role, partner)) = member {
            memberships.push((index, Some(cite_id), role, partner));
        }
        index
    };
    add_user(
        format!("national.s{seed}@seed.maillage.fr"),
        "Équipe nationale".into(),
        true,
        None,
    );
    let mut coordinators = Vec::new();
    let mut referent_users: Vec<Vec<Vec<usize>>> = Vec::new();
    for (index, cite_id) in cite_ids.iter().enumerate() {
        let code = cite_code(seed, index);
        let partners = &partner_ids[index * PARTNERS.len()..(index + 1) * PARTNERS.len()];
        coordinators.push(add_user(
            format!("coordination.{code}@seed.maillage.fr"),
            format!("Coordination {code}"),
            false,
            Some((*cite_id, "coordinateur", None)),
        ));
        for k in 1..=2 {
            add_user(
                format!("pilote{k}.{code}@seed.maillage.fr"),
                format!("Co-pilote {k} {code}"),
                false,
                Some((*cite_id, "pilote", None)),
            );
        }
        add_user(
            format!("porteur.{code}@seed.maillage.fr"),
            format!("Porteur {code}"),
            false,
            Some((*cite_id, "porteur", Some(partners[PORTEUR_PARTNER]))),
        );
        let mut per_partner = Vec::new();
        for (p, (_, _, _, count)) in PARTNERS.iter().enumerate() {
            let accounts = (1..=*count)
                .map(|k| {
                    add_user(
                        format!("referent{}-{k}.{code}@seed.maillage.fr", p + 1),
                        format!("Référent {k} du partenaire {} ({code})", p + 1),
                        false,
                        Some((*cite_id, "referent", Some(partners[p]))),
                    )
                })
                .collect();
            per_partner.push(accounts);
        }
        referent_users.push(per_partner);
    }
    let user_ids = store
        .seed_batch(
            users,
            Box::new(move |ids| {
                let mut rows = SeedRows::new(SeedTable::Memberships);
                for (index, cite_id, role, partner) in memberships {
                    rows.push(vec![
                        ids[index].into(),
                        cite_id.into(),
                        role.into(),
                        partner.into(),
                    ]);
                }
                vec![rows]
            }),
        )
        .await?;

    let year = reference_date().year();
    let mut cohorts = SeedRows::new(SeedTable::Cohorts);
    for cite_id in &cite_ids {
        for y in year - 4..=year {
            let start = NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or_default();
            let end = NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or_default();
            cohorts.push(vec![
                (*cite_id).into(),
                format!("Cohorte {y}").into(),
                SeedValue::Int(Some(i64::from(y))),
                1_000i64.into(),
                start.into(),
                end.into(),
                12i64.into(),
                (y < year).then(|| at(end)).into(),
                at(start).into(),
            ]);
        }
    }
    let cohort_ids = store.seed_batch(cohorts, Box::new(|_| Vec::new())).await?;

    let mut territory = Vec::new();
    for (index, cite_id) in cite_ids.iter().enumerate() {
        let mut qpvs: Vec<i64> = qpv_owner
            .iter()
            .zip(&qpv_ids)
            .filter(|(owner, _)| *owner == cite_id)
            .map(|(_, id)| *id)
            .collect();
        qpvs.shuffle(rng);
        territory.push(CiteSeed {
            id: *cite_id,
            qpvs,
            partners: partner_ids[index * PARTNERS.len()..(index + 1) * PARTNERS.len()]
                .iter()
                .zip(&referent_users[index])
                .map(|(id, accounts)| PartnerSeed {
                    id: *id,
                    referents: accounts.iter().map(|u| user_ids[*u]).collect(),
                })
                .collect(),
            cohorts: (0..5)
                .map(|k| CohortSeed {
                    id: cohort_ids[index * 5 + k],
                    year: year - 4 + k as i32,
                })
                .collect(),
            coordinator: user_ids[coordinators[index]],
        });
    }
    Ok(territory)
}

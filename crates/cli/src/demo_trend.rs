//! Three years of every demo Cité, so that the indicators page shows a
//! trend: partners joining over time, a COPIL held once in 2024 then twice
//! and three times a year, aller-vers séances held more often and meeting
//! more people each year, Grenoble following more persons each year, and
//! money committed and paid each year with co-funding growing.
//!
//! The records fall in the calendar years 2024 to 2026, as the cohorts
//! (2025, 2026) and Angers' money already do: the demo tells the story of
//! those years. Whatever is dated after today is planned, never held.

use anyhow::Context;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::governance::{CommitteeKind, MemberRole, Rhythm};
use maillage_domain::time::paris_to_utc;
use maillage_domain::Scope;
use maillage_store::governance::MeetingRow;
use maillage_store::{Actor, Store};

use crate::demo_actions::{input, invalid, seance};
use crate::demo_cohort::{cohort_of, Actors, Dice};
use crate::demo_funding::{allocate, commit, pay, CommitmentLine};
use crate::demo_governance::{Committee, Governance, Seat};

/// The years the demo's story covers, the indicators page's three in 2026.
pub const YEARS: [i32; 3] = [2024, 2025, 2026];

/// Partners that joined after the Cité's start, with the day; the others
/// were there from [`FOUNDED_ON`].
const LATE_PARTNERS: [(&str, &str); 6] = [
    ("Département de Maine-et-Loire", "2025-03-03"),
    ("CIDFF de la Sarthe", "2026-02-02"),
    ("CCAS de Vaulx-en-Velin", "2025-09-01"),
    ("CIDFF de la Seine-Saint-Denis", "2025-04-07"),
    ("Centre social de l'Alma", "2025-01-13"),
    ("CCAS de Grenoble", "2026-01-05"),
];

/// When the Cités' first partners were recorded: before the first year.
const FOUNDED_ON: &str = "2023-11-15";

/// COPIL meetings: once the first year, then twice, then three times.
const COPIL_DAYS: [&str; 6] = [
    "2024-06-20",
    "2025-06-19",
    "2025-12-11",
    "2026-02-05",
    "2026-06-18",
    "2026-11-19",
];

/// An aller-vers action of every Cité: its séances each year (none
/// before it starts), counting the people met, not naming them.
struct Outreach {
    title: &'static str,
    thematic: &'static str,
    starts_on: &'static str,
    kind: &'static str,
    place: &'static str,
    description: &'static str,
    /// Séances held each year of [`YEARS`], spread from February to
    /// November (from the start), and the people met at the year's first.
    per_year: [u32; 3],
    met_at_first: [u32; 3],
}

const OUTREACH: [Outreach; 2] = [
    Outreach {
        title: "Permanences emploi au cœur des quartiers",
        thematic: "trouver-un-emploi--repondre-a-des-offres-demploi",
        starts_on: "2024-02-05",
        kind: "information",
        place: "Centre social",
        description:
            "Une demi-journée par permanence, dans un centre social ou une maison de quartier : \
            France Travail et la Mission locale y reçoivent sans rendez-vous.",
        per_year: [3, 5, 8],
        met_at_first: [9, 13, 17],
    },
    Outreach {
        title: "Porte-à-porte emploi avec les bailleurs sociaux",
        thematic: "choisir-un-metier--connaitre-les-opportunites-demploi",
        starts_on: "2025-09-01",
        kind: "cafe_emploi",
        place: "Halls d'immeubles",
        description: "Les gardiens et les médiateurs des bailleurs accompagnent la Mission locale \
            dans les halls pour rencontrer les habitants qu'aucun service ne connaît.",
        per_year: [0, 2, 4],
        met_at_first: [0, 11, 15],
    },
];

/// A Cité's cohorts: when each intake opened, and how many entered.
pub type Intakes = &'static [(&'static str, usize)];

/// The cohorts of the Cités besides Angers: when intake opened and how
/// many entered each year, each Cité following more persons each year, and
/// the first index of its persons' names (apart from Angers' and each
/// other's). Grenoble's 2025 cohort entered from August, so most are still
/// followed in 2026; Roubaix's first cohort was in 2025.
pub const COHORTS: [(&str, usize, Intakes); 5] = [
    (
        "grenoble",
        300,
        &[("2024-06-03", 5), ("2025-08-04", 10), ("2026-01-05", 26)],
    ),
    (
        "le-mans",
        400,
        &[("2024-03-04", 8), ("2025-02-03", 14), ("2026-01-12", 20)],
    ),
    (
        "vaulx-en-velin",
        500,
        &[("2024-09-02", 6), ("2025-01-13", 12), ("2026-01-05", 18)],
    ),
    (
        "est-ensemble",
        600,
        &[("2024-04-08", 10), ("2025-03-03", 16), ("2026-02-02", 24)],
    ),
    ("roubaix", 700, &[("2025-02-03", 9), ("2026-01-05", 15)]),
];

/// Accounts created after [`FOUNDED_ON`], with the day: each référent
/// before the first person they propose.
const LATE_ACCOUNTS: [(&str, &str); 7] = [
    ("referent.cidff@demo.maillage.fr", "2024-09-02"),
    ("referent.grenoble@demo.maillage.fr", "2024-05-13"),
    ("referent.ft.grenoble@demo.maillage.fr", "2024-05-27"),
    ("referent.lemans@demo.maillage.fr", "2024-02-05"),
    ("referent.vaulx@demo.maillage.fr", "2024-08-19"),
    ("referent.estensemble@demo.maillage.fr", "2024-03-18"),
    ("referent.roubaix@demo.maillage.fr", "2025-01-06"),
];

const COPIL: Committee = Committee {
    kind: CommitteeKind::Copil,
    name: "COPIL de la Cité de l'emploi",
    place: "Préfecture, salle des commissions",
    rhythm: Rhythm::None,
    slot: (10, 120),
};

fn date(iso: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").with_context(|| format!("date : {iso}"))
}

/// When a partner was recorded: a Paris morning, so that its year is
/// the same in Paris and in UTC.
pub fn partner_recorded_at(name: &str) -> anyhow::Result<DateTime<Utc>> {
    recorded_at(&LATE_PARTNERS, name)
}

/// When a demo account was created, as [`partner_recorded_at`].
pub fn account_created_at(email: &str) -> anyhow::Result<DateTime<Utc>> {
    recorded_at(&LATE_ACCOUNTS, email)
}

/// The morning of `key`'s day in `late`, or of [`FOUNDED_ON`].
fn recorded_at(late: &[(&str, &str)], key: &str) -> anyhow::Result<DateTime<Utc>> {
    let day = late
        .iter()
        .find(|(late, _)| *late == key)
        .map_or(FOUNDED_ON, |(_, day)| day);
    let morning = date(day)?.and_hms_opt(9, 0, 0).context("heure")?;
    Ok(paris_to_utc(morning))
}

/// Each Cité's three years; `coordinators` are their coordinators' scopes
/// by code; `funded` names the years whose money a Cité's demo already
/// loads (`demo_funding`, `demo_agreements`).
pub async fn load(
    store: &dyn Store,
    coordinators: &[(&str, Scope)],
    funded: &[(&str, &[i32])],
    today: NaiveDate,
) -> anyhow::Result<()> {
    for (code, coordinator) in coordinators {
        for action in &OUTREACH {
            outreach(store, coordinator, action, today).await?;
        }
        // Grenoble's COPIL is already held with the contrat de ville's.
        if *code != "grenoble" {
            copil(store, coordinator, today).await?;
        }
        let done = funded.iter().find(|(c, _)| c == code).map(|(_, y)| *y);
        let years: Vec<i32> = YEARS
            .into_iter()
            .filter(|year| !done.unwrap_or_default().contains(year))
            .collect();
        money(store, coordinator, &years, today).await?;
    }
    Ok(())
}

/// A Cité's cohorts (`plan`, from [`COHORTS`]), proposed by its référents;
/// `accounts` are the Cité's demo accounts as their scopes in it.
pub async fn cohorts(
    store: &dyn Store,
    accounts: &[Scope],
    (first, plan): (usize, Intakes),
    today: NaiveDate,
) -> anyhow::Result<()> {
    let coordinator = accounts
        .iter()
        .find(|s| s.role() == Role::Coordinateur)
        .context("coordination absente")?;
    let referents = accounts
        .iter()
        .filter(|s| s.role() == Role::Referent)
        .cloned()
        .collect();
    let actors = Actors::of(store, coordinator.clone(), referents).await?;
    // Each Cité its own draw; Grenoble's (from 300) the one it always had.
    let mut dice = Dice(1724 + first as u64);
    let mut first = first;
    for (start, size) in plan.iter().copied() {
        let start = date(start)?;
        let indexes = first..first + size;
        let target = size as u32 + 4;
        cohort_of(
            store,
            &actors,
            &mut dice,
            &[],
            target,
            indexes,
            start,
            today,
        )
        .await?;
        first += size;
    }
    Ok(())
}

/// An [`Outreach`] action of the Cité with its séances up to today.
async fn outreach(
    store: &dyn Store,
    coordinator: &Scope,
    outreach: &Outreach,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let actor = Actor::system(Utc::now());
    let cite_id = coordinator.cite_id().context("coordination sans Cité")?;
    let starts_on = date(outreach.starts_on)?;
    let mut action = input(
        outreach.title,
        "reach_out",
        &[outreach.thematic],
        &["residents-qpv-frr", "demandeurs-emploi"],
        starts_on,
    );
    action.planned_budget = "12 000".into();
    action.description = outreach.description.into();
    let id = store
        .create_action_in(&actor, cite_id, &action.validate(today).map_err(invalid)?)
        .await?;
    for (rank, year) in YEARS.iter().enumerate() {
        let count = outreach.per_year[rank];
        // From the month after the action starts, December at the latest.
        let first_month = if starts_on.year() == *year {
            (starts_on.month() + 1).min(12)
        } else {
            2
        };
        for i in 0..count {
            let month = first_month + i * (12 - first_month) / count;
            let held_on = NaiveDate::from_ymd_opt(*year, month, 12).context("date")?;
            if held_on > today {
                break;
            }
            let met = outreach.met_at_first[rank] + 2 * (i % 3);
            let held = seance(today, outreach.kind, held_on, outreach.place, met, &[])?;
            store
                .add_anonymous_seance_in(&actor, cite_id, id, &held)
                .await?;
        }
    }
    Ok(())
}

/// The COPIL on [`COPIL_DAYS`], the coordination seated, minutes published.
async fn copil(store: &dyn Store, coordinator: &Scope, today: NaiveDate) -> anyhow::Result<()> {
    let first = date(COPIL_DAYS[0])?;
    let held_days = (today - first).num_days().max(0);
    // The next one in the spring, when the year's meetings are all held.
    let governance = Governance::new(store, coordinator, today, held_days, 100);
    let days = COPIL_DAYS
        .iter()
        .map(|d| date(d))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let seats = [Seat::account(coordinator, MemberRole::CoPilot)];
    let minutes = |_: usize, meeting: &MeetingRow| {
        format!(
            "Ordre du jour\n1. Bilan des actions et de la cohorte\n2. Financements de l'année\n\n\
             Relevé des échanges\nLes co-pilotes ont validé le bilan présenté le {}.",
            maillage_domain::time::paris_date(meeting.starts_at).format("%d/%m/%Y")
        )
    };
    governance
        .convene_on(&COPIL, &seats, &days, &minutes)
        .await?;
    Ok(())
}

/// A year's envelope and commitments: the programme's 100 000 €, more of
/// the actions line committed each year, the commune's share growing.
async fn money(
    store: &dyn Store,
    coordinator: &Scope,
    years: &[i32],
    today: NaiveDate,
) -> anyhow::Result<()> {
    const ACTIONS: [&str; 3] = ["32 000", "40 000", "46 000"];
    const COMMUNE: [&str; 3] = ["5 000", "12 000", "20 000"];
    let actor = Actor::system(Utc::now());
    for (rank, year) in YEARS.iter().enumerate() {
        if !years.contains(year) {
            continue;
        }
        let y = year.to_string();
        let envelopes = [
            (y.as_str(), "anct", "actions", "50 000"),
            (y.as_str(), "anct", "ingenierie", "50 000"),
            (y.as_str(), "commune", "actions", COMMUNE[rank]),
        ];
        allocate(store, &actor, coordinator, &envelopes, today).await?;
        let (staff_on, actions_on) = (format!("{year}-01-15"), format!("{year}-03-02"));
        // The commune's share is spent by its own services: in the
        // envelope, not committed by the Cité.
        let lines: [CommitmentLine; 2] = [
            (
                &y,
                "anct",
                "ingenierie",
                "50 000",
                "Poste de coordination",
                String::new(),
                &staff_on,
            ),
            (
                &y,
                "anct",
                "actions",
                ACTIONS[rank],
                "Actions de l'année",
                String::new(),
                &actions_on,
            ),
        ];
        // Balances are paid in January, after the bilans.
        let balance_on = format!("{}-01-20", year + 1);
        let balance_due = date(&balance_on)? <= today;
        for (id, commitment) in commit(store, &actor, coordinator, &lines, today).await? {
            let balance = commitment.amount_cents - commitment.amount_cents / 2;
            let paid = balance_due.then(|| (balance_on.clone(), balance));
            pay(store, coordinator, &actor, id, &commitment, paid, today).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use maillage_domain::accounts::Role;
    use maillage_domain::indicators::{assemble, network, Indicator, Year};
    use maillage_store::actions::ActionFilter;
    use maillage_store::indicators::Reach;
    use maillage_store::{ActionStore, IndicatorStore, ResultStore};

    use super::YEARS;

    /// Each indicator's figure over [`YEARS`].
    fn over_years(figures: &maillage_domain::indicators::Figures, i: Indicator) -> [i64; 3] {
        YEARS.map(|year| figures.get(year, i))
    }

    #[tokio::test]
    async fn the_network_grows_from_2024_to_2026() {
        let (store, path, national) = crate::demo::national_for_test("demo-trend").await;
        let years: Vec<Year> = YEARS.iter().filter_map(|y| Year::new(*y)).collect();
        let measures = store
            .indicator_measures(&national, Reach::Network, &years, Utc::now())
            .await
            .unwrap();
        let cites = assemble(&measures);
        assert_eq!(cites.len(), 6, "every Cité counts");
        let total = network(cites.values());
        for indicator in [
            Indicator::Partners,
            Indicator::Committees,
            Indicator::CopilsHeld,
            Indicator::MeetingsHeld,
            Indicator::ReachOutSessions,
            Indicator::ReachOutBeneficiaries,
            Indicator::InnovativeActions,
            Indicator::PersonsFollowed,
            Indicator::Referents,
            Indicator::Referrals,
            Indicator::BarriersIdentified,
            Indicator::Committed,
            Indicator::Paid,
            Indicator::CoFunding,
        ] {
            let [first, second, third] = over_years(&total, indicator);
            assert!(
                first <= second && second <= third && first < third,
                "{indicator:?} : {first}, {second}, {third}"
            );
        }
        // Every Cité has a story each year, not only the network (Le Mans
        // committed its 2024 money with its 2023 call's agreements), and
        // follows persons from its first cohort on.
        for figures in cites.values() {
            let followed = over_years(figures, Indicator::PersonsFollowed);
            assert!(
                followed[1] > 0 && followed[1] <= followed[2],
                "{followed:?}"
            );
            for indicator in [Indicator::Partners, Indicator::ReachOutSessions] {
                let values = over_years(figures, indicator);
                assert!(values.iter().all(|v| *v > 0), "{indicator:?} : {values:?}");
            }
            let committed = over_years(figures, Indicator::Committed);
            assert!(committed[1] > 0 && committed[2] > 0, "{committed:?}");
        }
        store.close().await;
        let _ = std::fs::remove_file(path);
    }

    /// The seeds' facts: Par'Emploi met 63 families, found 15 temporary,
    /// 14 permanent and 2 childminder solutions, 17 back at work; the AVIP
    /// crèche placed 15 families, 14 back at work.
    #[tokio::test]
    async fn angers_childcare_results_are_the_facts() {
        let (store, path, coordinator) = crate::demo::coordinator_for_test("angers").await;
        assert_eq!(coordinator.role(), Role::Coordinateur);
        let actions = store
            .actions(&coordinator, &ActionFilter::default())
            .await
            .unwrap();
        let results = |title: &'static str| {
            let id = actions.iter().find(|a| a.title == title).unwrap().id;
            let (store, coordinator) = (&store, &coordinator);
            async move {
                store
                    .action_results(coordinator, id)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|r| (r.label, r.total))
                    .collect::<Vec<_>>()
            }
        };
        let figures = |pairs: &[(&str, i64)]| {
            pairs
                .iter()
                .map(|(label, total)| ((*label).to_owned(), *total))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            results("Par'Emploi : solutions de garde pour reprendre un emploi").await,
            figures(&[
                ("familles", 63),
                ("solutions temporaires", 15),
                ("solutions pérennes", 14),
                ("solutions assistante maternelle", 2),
                ("retours à l'emploi", 17),
            ])
        );
        assert_eq!(
            results("Places en crèche AVIP").await,
            figures(&[("familles", 15), ("retours à l'emploi", 14)])
        );
        store.close().await;
        let _ = std::fs::remove_file(path);
    }
}

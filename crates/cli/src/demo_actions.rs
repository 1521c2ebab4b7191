//! The demo's actions: Angers' childcare answers — Par'Emploi's guidance,
//! the 8 AVIP crèche places given to single parents first (15 families
//! placed over time, and a waiting list), Solidair'Mam — and two actions
//! other Cités run: cafés emploi (aller-vers, anonymous counts) and a
//! digital-inclusion action, loaded for any Cité given by id.

use anyhow::Context;
use chrono::{Duration, NaiveDate};
use maillage_domain::actions::{ActionInput, SeanceInput};
use maillage_domain::ids::{CiteId, ParticipantId};
use maillage_domain::partners::PartnerInput;
use maillage_domain::Scope;
use maillage_store::{Actor, Store};

use crate::demo_cohort::DemoPerson;
use crate::demo_results;

/// Cités of the demo that run the aller-vers and digital actions, when the
/// demo has them.
const OTHER_CITES: [&str; 2] = ["est-ensemble", "roubaix"];

pub fn invalid(errors: maillage_domain::FieldErrors) -> anyhow::Error {
    anyhow::anyhow!("action de démonstration invalide : {errors}")
}

fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// An action's form with the fields every demo action fills.
pub fn input(
    title: &str,
    axis: &str,
    thematics: &[&str],
    publics: &[&str],
    starts_on: NaiveDate,
) -> ActionInput {
    ActionInput {
        title: title.into(),
        axis: axis.into(),
        thematics: thematics.iter().map(|t| (*t).to_owned()).collect(),
        publics: publics.iter().map(|p| (*p).to_owned()).collect(),
        starts_on: iso(starts_on),
        status: "running".into(),
        priority_rule: "request_date".into(),
        ..ActionInput::default()
    }
}

pub fn seance(
    today: NaiveDate,
    kind: &str,
    held_on: NaiveDate,
    place: &str,
    anonymous: u32,
    persons: &[ParticipantId],
) -> anyhow::Result<maillage_domain::actions::SeanceDraft> {
    SeanceInput {
        kind: kind.into(),
        held_on: iso(held_on),
        place: place.into(),
        anonymous_count: anonymous.to_string(),
        participant_ids: persons.iter().map(ParticipantId::to_string).collect(),
    }
    .validate(today)
    .map_err(invalid)
}

/// Angers' actions, then those of the other demo Cités present.
pub async fn load(
    store: &dyn Store,
    coordinator: &Scope,
    today: NaiveDate,
    admitted: &[DemoPerson],
) -> anyhow::Result<()> {
    let actor = Actor::system(chrono::Utc::now());
    let cite_id = coordinator.cite_id().context("coordination sans Cité")?;
    let partners = store.partners(coordinator, false).await?;
    let partner = |name: &str| {
        partners
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.id.to_string())
    };
    // Both childcare answers opened with the 2025 cohort.
    let start = NaiveDate::from_ymd_opt(2025, 1, 6).context("date")?;

    let mut par_emploi = input(
        "Par'Emploi : solutions de garde pour reprendre un emploi",
        "innovate",
        &["famille--garde-denfants"],
        &["familles", "demandeurs-emploi", "residents-qpv-frr"],
        start,
    );
    par_emploi.innovative = Some("on".into());
    par_emploi.carrier_partner_id = partner("Association Par'Emploi").unwrap_or_default();
    par_emploi.planned_budget = "38 000".into();
    par_emploi.description = "Un conseiller garde d'enfants reçoit les parents qui reprennent un emploi ou une formation \
        et trouve avec eux une solution, temporaire puis pérenne, avant le premier jour."
        .into();
    par_emploi.results =
        "Une solution temporaire dès la première semaine, relayée par une solution pérenne \
        avant la fin de la période d'essai."
            .into();
    let par_emploi = store
        .create_action(
            &actor,
            coordinator,
            &par_emploi.validate(today).map_err(invalid)?,
        )
        .await?;
    let requests = demo_results::par_emploi_requests(admitted, today)?;
    for request in &requests {
        store
            .enrol(&actor, coordinator, par_emploi, request)
            .await?;
    }
    let ids = demo_results::declare(
        store,
        &actor,
        cite_id,
        par_emploi,
        &[
            ("familles", "persons_placed"),
            ("solutions temporaires", "recorded"),
            ("solutions pérennes", "recorded"),
            ("solutions assistante maternelle", "recorded"),
            ("retours à l'emploi", "returns_to_work"),
        ],
    )
    .await?;
    let yearly = [
        ("solutions temporaires", 2025, 6),
        ("solutions temporaires", 2026, 9),
        ("solutions pérennes", 2025, 5),
        ("solutions pérennes", 2026, 9),
        ("solutions assistante maternelle", 2026, 2),
    ];
    demo_results::record(store, &actor, coordinator, par_emploi, &ids, &yearly, today).await?;
    let linked: Vec<ParticipantId> = requests.iter().take(2).map(|r| r.participant_id).collect();
    let meeting = seance(
        today,
        "information",
        today - Duration::days(21),
        "Maison de quartier de Belle-Beille",
        14,
        &linked,
    )?;
    store
        .add_seance(&actor, coordinator, par_emploi, &meeting)
        .await?;

    let mut avip = input(
        "Places en crèche AVIP",
        "innovate",
        &["famille--garde-denfants"],
        &["familles", "demandeurs-emploi"],
        start,
    );
    avip.innovative = Some("on".into());
    avip.carrier_partner_id = partner("CAF de Maine-et-Loire").unwrap_or_default();
    avip.capacity = "8".into();
    avip.priority_rule = "single_parent_first".into();
    avip.planned_budget = "24 000".into();
    avip.description = "8 places réservées dans les crèches à vocation d'insertion professionnelle (AVIP) \
        pour les parents qui cherchent un emploi : la place est donnée pour la durée de la recherche, \
        puis des premiers mois d'emploi."
        .into();
    let avip = store
        .create_action(&actor, coordinator, &avip.validate(today).map_err(invalid)?)
        .await?;
    demo_results::avip_places(store, &actor, coordinator, avip, admitted, today).await?;
    demo_results::declare(
        store,
        &actor,
        cite_id,
        avip,
        &[
            ("familles", "persons_placed"),
            ("retours à l'emploi", "returns_to_work"),
        ],
    )
    .await?;

    let solidair = PartnerInput {
        name: "Solidair'Mam".into(),
        category: "habitants".into(),
        city: "Angers".into(),
        ..PartnerInput::default()
    };
    let solidair = store
        .create_partner_in(&actor, cite_id, &solidair.validate().map_err(invalid)?)
        .await?;
    let mut mam = input(
        "Solidair'Mam : garde solidaire entre parents",
        "innovate",
        &[
            "famille--garde-denfants",
            "famille--soutien-a-la-parentalite-et-a-leducation",
        ],
        &["familles", "femmes"],
        today - Duration::days(30),
    );
    mam.innovative = Some("on".into());
    mam.carrier_partner_id = solidair.to_string();
    mam.status = "planned".into();
    mam.planned_budget = "9 500".into();
    mam.description =
        "Des mères du quartier se relaient pour garder les enfants pendant un entretien, \
        une formation ou les horaires décalés des premières semaines d'emploi."
            .into();
    store
        .create_action(&actor, coordinator, &mam.validate(today).map_err(invalid)?)
        .await?;

    for code in OTHER_CITES {
        if let Some(other) = store.cite_id_by_code(code).await? {
            match code {
                "est-ensemble" => cafes_emploi(store, other, today).await?,
                // Vaulx-en-Velin files it under one of its own axes.
                "vaulx-en-velin" => {
                    let axis = crate::demo_network::VAULX_AXES[0];
                    digital_inclusion(store, other, today, Some(axis)).await?
                }
                _ => digital_inclusion(store, other, today, None).await?,
            }
        }
    }
    Ok(())
}

/// Cafés emploi (aller-vers): on market squares and at the foot of the
/// buildings, people met are counted, not named.
pub async fn cafes_emploi(
    store: &dyn Store,
    cite_id: CiteId,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let actor = Actor::system(chrono::Utc::now());
    let mut cafes = input(
        "Cafés emploi en pied d'immeuble",
        "reach_out",
        &[
            "choisir-un-metier--connaitre-les-opportunites-demploi",
            "trouver-un-emploi--repondre-a-des-offres-demploi",
        ],
        &["residents-qpv-frr", "demandeurs-emploi", "jeunes"],
        today - Duration::days(240),
    );
    cafes.planned_budget = "15 000".into();
    cafes.description = "Chaque mois, France Travail, la Mission locale et des employeurs tiennent un café \
        au cœur d'un quartier prioritaire pour rencontrer ceux qui ne poussent pas la porte d'une agence."
        .into();
    cafes.results =
        "Un tiers des habitants rencontrés étaient inconnus des services de l'emploi.".into();
    let id = store
        .create_action_in(&actor, cite_id, &cafes.validate(today).map_err(invalid)?)
        .await?;
    let places = [
        "Marché de la place Carnot",
        "Pied des tours Karl Marx",
        "Parvis de la médiathèque",
        "Place du marché Croix-de-Chavaux",
    ];
    for (i, place) in places.iter().enumerate() {
        let held_on = today - Duration::days(30 * (i as i64 + 1));
        let cafe = seance(today, "cafe_emploi", held_on, place, 18 + 7 * i as u32, &[])?;
        store
            .add_anonymous_seance_in(&actor, cite_id, id, &cafe)
            .await?;
    }
    let dating = seance(
        today,
        "job_dating",
        today - Duration::days(45),
        "Salle des fêtes",
        42,
        &[],
    )?;
    store
        .add_anonymous_seance_in(&actor, cite_id, id, &dating)
        .await?;
    demo_results::declare(
        store,
        &actor,
        cite_id,
        id,
        &[
            ("cafés et job datings", "seances"),
            ("habitants rencontrés", "persons_met"),
        ],
    )
    .await?;
    Ok(())
}

/// A digital-inclusion action: equipment, connection, first steps online.
pub async fn digital_inclusion(
    store: &dyn Store,
    cite_id: CiteId,
    today: NaiveDate,
    cite_axis: Option<&str>,
) -> anyhow::Result<()> {
    let actor = Actor::system(chrono::Utc::now());
    let mut digital = input(
        "Inclusion numérique : du premier pas à la candidature en ligne",
        "innovate",
        &[
            "numerique--maitriser-les-fondamentaux-du-numerique",
            "numerique--acquerir-un-equipement",
            "numerique--acceder-a-des-services-en-ligne",
        ],
        &["residents-qpv-frr", "demandeurs-emploi", "seniors"],
        today - Duration::days(180),
    );
    digital.innovative = Some("on".into());
    digital.capacity = "12".into();
    digital.priority_rule = "qpv_resident_first".into();
    digital.planned_budget = "21 500".into();
    digital.cite_axis = cite_axis.unwrap_or_default().into();
    digital.description =
        "Douze places par session de six semaines : un ordinateur reconditionné remis à la fin, \
        une connexion pour trois mois, et l'espace France Travail pris en main."
            .into();
    let id = store
        .create_action_in(&actor, cite_id, &digital.validate(today).map_err(invalid)?)
        .await?;
    let workshop = seance(
        today,
        "atelier",
        today - Duration::days(14),
        "Médiathèque",
        9,
        &[],
    )?;
    store
        .add_anonymous_seance_in(&actor, cite_id, id, &workshop)
        .await?;
    Ok(())
}

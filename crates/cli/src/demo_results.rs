//! What the demo's actions achieved, with the seeds' own figures: Par'Emploi
//! met 63 families, 17 of them back at work since (computed from their
//! files), and found 15 temporary, 14 permanent and 2 childminder solutions
//! (recorded per year); the AVIP crèche placed 15 families, 14 back at work
//! (computed); the cafés emploi count their séances and the people met.

use anyhow::{bail, Context};
use chrono::{Duration, NaiveDate};
use maillage_domain::actions::results::{IndicatorInput, YearValueInput};
use maillage_domain::actions::EnrolmentDraft;
use maillage_domain::ids::{ActionId, CiteId, IndicatorId};
use maillage_domain::Scope;
use maillage_store::actions::Enrolled;
use maillage_store::{Actor, Store};

use crate::demo_cohort::DemoPerson;

const PAR_EMPLOI_FAMILIES: usize = 63;
const PAR_EMPLOI_BACK_AT_WORK: usize = 17;
const AVIP_FAMILIES: usize = 15;
const AVIP_BACK_AT_WORK: usize = 14;

/// The day a person asked an action for help: ten days after entering.
fn asked_on(person: &DemoPerson, today: NaiveDate) -> NaiveDate {
    (person.entry + Duration::days(10)).min(today)
}

fn request(person: &DemoPerson, requested_on: NaiveDate) -> EnrolmentDraft {
    EnrolmentDraft {
        participant_id: person.id,
        requested_on,
    }
}

/// Par'Emploi's 63 families, 17 of whom found work after asking. When the
/// cohorts have too few persons without a job, parents already at work ask
/// to keep it (after their last recorded situation): they count as families,
/// not as returns to work.
pub fn par_emploi_requests(
    admitted: &[DemoPerson],
    today: NaiveDate,
) -> anyhow::Result<Vec<EnrolmentDraft>> {
    let (working, others): (Vec<&DemoPerson>, Vec<&DemoPerson>) = admitted
        .iter()
        .partition(|p| p.job_since(asked_on(p, today)));
    let mut requests: Vec<EnrolmentDraft> = working
        .iter()
        .take(PAR_EMPLOI_BACK_AT_WORK)
        .map(|p| request(p, asked_on(p, today)))
        .collect();
    requests.extend(others.iter().map(|p| request(p, asked_on(p, today))));
    for person in working.iter().skip(PAR_EMPLOI_BACK_AT_WORK) {
        let last = person.outcomes.iter().map(|(_, on)| *on).max();
        if let Some(after) = last.map(|d| d + Duration::days(1)).filter(|d| *d <= today) {
            requests.push(request(person, after));
        }
    }
    if requests.len() < PAR_EMPLOI_FAMILIES {
        bail!(
            "la démonstration n'a que {} familles pour Par'Emploi",
            requests.len()
        );
    }
    requests.truncate(PAR_EMPLOI_FAMILIES);
    Ok(requests)
}

/// The AVIP crèche: 15 families had one of its 8 places over time (14 of
/// them back at work since), and four wait, the two single parents who
/// asked last first.
pub async fn avip_places(
    store: &dyn Store,
    actor: &Actor,
    coordinator: &Scope,
    avip: ActionId,
    admitted: &[DemoPerson],
    today: NaiveDate,
) -> anyhow::Result<()> {
    let working = admitted
        .iter()
        .rev()
        .filter(|p| p.job_since(asked_on(p, today)));
    let mut placed: Vec<&DemoPerson> = working.take(AVIP_BACK_AT_WORK).collect();
    let idle = admitted
        .iter()
        .find(|p| !p.job_since(asked_on(p, today)))
        .context("aucune famille sans emploi pour la crèche AVIP")?;
    placed.push(idle);
    if placed.len() < AVIP_FAMILIES {
        bail!(
            "la démonstration n'a que {} familles pour la crèche AVIP",
            placed.len()
        );
    }
    placed.sort_by_key(|p| asked_on(p, today));
    let mut first_places = Vec::new();
    for person in &placed {
        let enrolled = store
            .enrol(
                actor,
                coordinator,
                avip,
                &request(person, asked_on(person, today)),
            )
            .await?;
        if let Enrolled::Placed { enrolment_id } = enrolled {
            first_places.push(enrolment_id);
        }
    }
    // Those who got a place first leave it once settled in their job: each
    // place goes at once to the next family waiting.
    for enrolment in first_places.iter().take(AVIP_FAMILIES - first_places.len()) {
        store.release(actor, coordinator, avip, *enrolment).await?;
    }
    let placed = &placed;
    let unplaced = |single: bool| {
        admitted
            .iter()
            .filter(move |p| p.single_parent == single && !placed.iter().any(|q| q.id == p.id))
            .take(2)
    };
    let waiting: Vec<&DemoPerson> = unplaced(false).chain(unplaced(true)).collect();
    for (i, person) in waiting.iter().enumerate() {
        let asked = today - Duration::days(20 - 4 * i as i64);
        store
            .enrol(actor, coordinator, avip, &request(person, asked))
            .await?;
    }
    Ok(())
}

/// Declares an action's indicators (`(label, source)`): their ids by label.
pub async fn declare(
    store: &dyn Store,
    actor: &Actor,
    cite_id: CiteId,
    action: ActionId,
    indicators: &[(&str, &str)],
) -> anyhow::Result<Vec<(String, IndicatorId)>> {
    let mut ids = Vec::new();
    for (label, source) in indicators {
        let draft = IndicatorInput {
            label: (*label).into(),
            source: (*source).into(),
        }
        .validate()
        .map_err(invalid)?;
        let id = store
            .add_indicator_in(actor, cite_id, action, &draft)
            .await?;
        ids.push(((*label).to_owned(), id));
    }
    Ok(ids)
}

/// Records the yearly values (`(label, year, value)`) of recorded indicators,
/// as the coordinator does on the action's page.
pub async fn record(
    store: &dyn Store,
    actor: &Actor,
    coordinator: &Scope,
    action: ActionId,
    ids: &[(String, IndicatorId)],
    values: &[(&str, i32, i64)],
    today: NaiveDate,
) -> anyhow::Result<()> {
    let starts_on = store.action(coordinator, action).await?.starts_on;
    for (label, year, value) in values {
        let id = ids
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, id)| *id)
            .with_context(|| format!("indicateur absent : {label}"))?;
        let value = YearValueInput {
            indicator_id: id.to_string(),
            year: year.to_string(),
            value: value.to_string(),
        }
        .validate(starts_on, today)
        .map_err(invalid)?;
        store
            .record_value(actor, coordinator, action, &value)
            .await?;
    }
    Ok(())
}

fn invalid(errors: maillage_domain::FieldErrors) -> anyhow::Error {
    anyhow::anyhow!("indicateur de démonstration invalide : {errors}")
}

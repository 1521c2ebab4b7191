//! Le Mans' 2023 call for projects in the demo: launched at the end of
//! August 2023, applications due on 06/10/2023 at noon (Paris), 100 000 € a
//! year for 3 years; two local carriers submitted in time, a third project
//! stayed a draft; the call is now closed to applications.

use anyhow::Context;
use chrono::{NaiveDate, TimeZone, Utc};
use maillage_domain::calls::{ApplicationInput, CallInput, CallStatus, APPLICATION_FUNDERS};
use maillage_domain::ids::{CallId, QpvId};
use maillage_domain::Scope;
use maillage_store::{Actor, Store};

pub const TITLE: &str = "Appel à projets 2023 de la Cité de l'emploi du Mans Métropole";

pub const TEXT: &str = "La Cité de l'emploi du Mans Métropole soutient des projets qui lèvent \
les freins périphériques à l'emploi des habitants des Sablons et de Ronceray-Glonnières : \
mobilité, garde d'enfants, aller-vers les personnes éloignées des institutions.

Peuvent candidater les associations et structures de l'insertion du territoire. Les projets \
sont financés jusqu'à 100 000 € par an pendant trois ans, avec leurs cofinancements.

Déposez votre candidature sur Maillage avec le compte de porteur de projet de votre structure.";

fn invalid(errors: maillage_domain::FieldErrors) -> anyhow::Error {
    anyhow::anyhow!("appel à projets de démonstration invalide : {errors}")
}

/// Who applies, what, and whether it was submitted (when, UTC).
struct Project {
    carrier: usize,
    title: &'static str,
    summary: &'static str,
    public: &'static str,
    axis: &'static str,
    thematic: &'static str,
    participants: &'static str,
    /// Label, amount, the Cité's share, the co-funder's (CAF) share.
    lines: &'static [(&'static str, &'static str, &'static str, &'static str)],
    submitted: Option<(u32, u32)>,
}

const PROJECTS: [Project; 3] = [
    Project {
        carrier: 0,
        title: "Mob'In : deux-roues et permis pour reprendre un emploi",
        summary: "Location solidaire de scooters et accompagnement au permis B pour les \
                  demandeurs d'emploi des QPV qui ont une promesse d'embauche.",
        public: "Demandeurs d'emploi des Sablons et de Ronceray-Glonnières sans solution de \
                 mobilité",
        axis: "reach_out",
        thematic: "mobilite--acceder-a-un-vehicule",
        participants: "60",
        lines: &[
            ("Conseillère mobilité (0,8 ETP)", "32 000", "24 000", ""),
            (
                "Flotte de 10 scooters (location, entretien)",
                "14 000",
                "10 000",
                "4 000",
            ),
            ("Heures de conduite", "9 000", "6 000", ""),
        ],
        submitted: Some((10, 2)),
    },
    Project {
        carrier: 1,
        title: "Café emploi des Sablons",
        summary: "Un café emploi mensuel au pied des immeubles, avec France Travail et la \
                  Mission locale, et une garde d'enfants sur place.",
        public: "Habitants des Sablons, en particulier les mères isolées",
        axis: "reach_out",
        thematic: "famille--garde-denfants",
        participants: "120",
        lines: &[
            ("Animation et médiation", "18 000", "15 000", ""),
            (
                "Garde d'enfants pendant les cafés",
                "6 000",
                "3 000",
                "3 000",
            ),
        ],
        submitted: Some((10, 5)),
    },
    Project {
        carrier: 1,
        title: "Chantier d'insertion espaces verts",
        summary: "Projet à l'étude, non déposé dans les délais.",
        public: "Jeunes de 18 à 25 ans des QPV",
        axis: "innovate",
        thematic: "mobilite--acceder-a-un-vehicule",
        participants: "12",
        lines: &[("Encadrement technique", "40 000", "30 000", "")],
        submitted: None,
    },
];

/// The application form of a project, as a carrier would type it.
fn input(project: &Project, qpvs: &[QpvId]) -> ApplicationInput {
    let width = APPLICATION_FUNDERS.len();
    let caf = APPLICATION_FUNDERS
        .iter()
        .position(|f| f.code() == "caf")
        .unwrap_or(width - 1);
    let mut share = vec![String::new(); project.lines.len() * width];
    for (row, (_, _, cite, co)) in project.lines.iter().enumerate() {
        share[row * width] = (*cite).into();
        share[row * width + caf] = (*co).into();
    }
    ApplicationInput {
        project_title: project.title.into(),
        summary: project.summary.into(),
        target_public: project.public.into(),
        qpvs: qpvs.iter().map(|q| q.to_string()).collect(),
        axis: project.axis.into(),
        thematics: vec![project.thematic.into()],
        expected_participants: project.participants.into(),
        starts_on: "2024-01-01".into(),
        ends_on: "2024-12-31".into(),
        line_label: project.lines.iter().map(|l| l.0.into()).collect(),
        line_amount: project.lines.iter().map(|l| l.1.into()).collect(),
        share,
    }
}

/// `coordinator`: Le Mans' coordination; `carriers`: its porteurs' scopes.
/// Gives the call's id, for its documents (`demo_documents`).
pub async fn load(
    store: &dyn Store,
    coordinator: &Scope,
    carriers: &[Scope],
    today: NaiveDate,
) -> anyhow::Result<CallId> {
    let actor = Actor::system(Utc::now());
    let call = CallInput {
        title: TITLE.into(),
        text: TEXT.into(),
        axes: vec!["reach_out".into(), "innovate".into()],
        thematics: vec![
            "mobilite--acceder-a-un-vehicule".into(),
            "famille--garde-denfants".into(),
        ],
        total_amount: "300 000".into(),
        yearly_amount: "100 000".into(),
        years: "3".into(),
        opens_on: "2023-08-28".into(),
        deadline_date: "2023-10-06".into(),
        deadline_time: "12:00".into(),
    }
    .validate(today)
    .map_err(invalid)?;
    let call_id = store.create_call(&actor, coordinator, &call).await?;
    store
        .set_call_status(&actor, coordinator, call_id, CallStatus::Published)
        .await?;
    let cite_id = coordinator.cite_id().context("Cité absente")?;
    let qpvs: Vec<QpvId> = store
        .qpvs(coordinator, cite_id)
        .await?
        .into_iter()
        .map(|q| q.id)
        .collect();
    for project in &PROJECTS {
        let carrier = carriers.get(project.carrier).context("porteur absent")?;
        let draft = input(project, &qpvs)
            .validate(&qpvs, today)
            .map_err(invalid)?;
        let id = store
            .create_application(&actor, carrier, call_id, &draft)
            .await?;
        if let Some((month, day)) = project.submitted {
            let at = Utc
                .with_ymd_and_hms(2023, month, day, 9, 30, 0)
                .single()
                .context("date de dépôt")?;
            store.submit_application(&actor, carrier, id, at).await?;
        }
    }
    store
        .set_call_status(&actor, coordinator, call_id, CallStatus::Closed)
        .await?;
    Ok(call_id)
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use maillage_domain::accounts::Role;
    use maillage_domain::ids::UserId;
    use maillage_domain::Scope;
    use maillage_store::{CallStore, CiteStore};

    #[tokio::test]
    async fn le_mans_call_is_due_on_6_october_2023_at_noon_with_two_applications() {
        let (store, path) = crate::demo::loaded_for_test("demo-calls").await;
        let le_mans = store.cite_id_by_code("le-mans").await.unwrap().unwrap();
        let calls = store.public_calls().await.unwrap();
        let call = calls.iter().find(|c| c.cite_id == le_mans).unwrap();
        assert_eq!(call.title, super::TITLE);
        assert_eq!(
            call.deadline,
            Utc.with_ymd_and_hms(2023, 10, 6, 10, 0, 0).unwrap()
        );
        assert_eq!(
            (call.yearly_cents, call.years, call.total_cents),
            (10_000_000, 3, 30_000_000)
        );
        let pilote = Scope::Cite {
            user_id: UserId::new(1),
            cite_id: le_mans,
            role: Role::Pilote,
            partner_id: None,
        };
        let submitted = store.call_applications(&pilote, call.id).await.unwrap();
        let asked: Vec<i64> = submitted.iter().map(|a| a.asked_cents).collect();
        assert_eq!(asked, vec![4_000_000, 1_800_000]);
        store.close().await;
        let _ = std::fs::remove_file(&path);
    }
}

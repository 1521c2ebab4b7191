//! Le Mans' 2023 call for projects in the demo: launched at the end of
//! August 2023, applications due on 06/10/2023 at noon (Paris), 100 000 € a
//! year for 3 years; five local carriers submitted in time, a sixth project
//! stayed a draft. Its instruction and decisions are in
//! [`crate::demo_instruction`]: the call ends in the agreements step.

use anyhow::Context;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::calls::{
    ApplicationInput, CallDraft, CallInput, CallStatus, APPLICATION_FUNDERS,
};
use maillage_domain::ids::{CallId, QpvId};
use maillage_domain::partners::PartnerInput;
use maillage_domain::time::paris_date;
use maillage_domain::Scope;
use maillage_store::accounts::{NewAccount, NewMembership};
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

/// Who applies, what, and whether it was submitted: how many days before
/// the deadline.
pub struct Project {
    pub carrier: usize,
    pub title: &'static str,
    pub summary: &'static str,
    pub public: &'static str,
    pub axis: &'static str,
    pub thematic: &'static str,
    pub participants: &'static str,
    /// Label, amount, the Cité's share, the co-funder's (CAF) share.
    pub lines: &'static [(&'static str, &'static str, &'static str, &'static str)],
    pub submitted: Option<i64>,
}

/// A carrier the demo adds: partner, its porteur's e-mail and name.
pub type Carrier = (&'static str, &'static str, &'static str);

/// The carriers that join Mob'In Sarthe and the Régie de quartier des
/// Sablons (the demo's porteurs).
const MORE_CARRIERS: [Carrier; 3] = [
    (
        "CIDFF de la Sarthe",
        "porteur.cidff@demo.maillage.fr",
        "Claire Lemoine",
    ),
    (
        "Les Ateliers du numérique manceau",
        "porteur.numerique@demo.maillage.fr",
        "Yanis Haddad",
    ),
    (
        "Tremplin Sarthe Insertion",
        "porteur.tremplin@demo.maillage.fr",
        "Sophie Garnier",
    ),
];

pub const PROJECTS: [Project; 6] = [
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
        submitted: Some(4),
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
        submitted: Some(1),
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
    Project {
        carrier: 2,
        title: "Parcours emploi des femmes des Sablons",
        summary: "Des ateliers collectifs et un suivi individuel pour les femmes éloignées de \
                  l'emploi, avec des places de crèche à vocation d'insertion professionnelle.",
        public: "Femmes des Sablons, mères isolées en priorité",
        axis: "reach_out",
        thematic: "famille--garde-denfants",
        participants: "40",
        lines: &[
            ("Conseillère emploi (0,5 ETP)", "20 000", "16 000", ""),
            ("Ateliers collectifs", "8 000", "6 000", "2 000"),
        ],
        submitted: Some(3),
    },
    Project {
        carrier: 3,
        title: "Ateliers numériques de Ronceray",
        summary: "Des ateliers pour créer son espace France Travail, candidater en ligne et \
                  s'équiper d'un ordinateur reconditionné.",
        public: "Habitants de Ronceray-Glonnières éloignés du numérique",
        axis: "federate",
        thematic: "numerique--maitriser-les-fondamentaux-du-numerique",
        participants: "80",
        lines: &[
            ("Animateur numérique (0,5 ETP)", "16 000", "12 000", ""),
            ("Ordinateurs reconditionnés", "5 000", "3 000", ""),
        ],
        submitted: Some(2),
    },
    Project {
        carrier: 4,
        title: "Préparer sa candidature au pied des tours",
        summary: "Des permanences mobiles pour le CV, la lettre et la préparation aux \
                  entretiens, en lien avec les entreprises du Mans.",
        public: "Demandeurs d'emploi des QPV du Mans",
        axis: "reach_out",
        thematic: "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",
        participants: "50",
        lines: &[("Conseiller en insertion (0,3 ETP)", "14 000", "12 000", "")],
        submitted: Some(1),
    },
];

/// The application form of a project, as a carrier would type it.
/// The project's application, to carry out over `year`.
pub fn input(project: &Project, qpvs: &[QpvId], year: i32) -> ApplicationInput {
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
        starts_on: format!("{year}-01-01"),
        ends_on: format!("{year}-12-31"),
        line_label: project.lines.iter().map(|l| l.0.into()).collect(),
        line_amount: project.lines.iter().map(|l| l.1.into()).collect(),
        share,
    }
}

/// When a project was submitted: `days` before the deadline's day, in the
/// morning.
pub fn submitted_at(deadline_on: NaiveDate, days: i64) -> DateTime<Utc> {
    (deadline_on - Duration::days(days))
        .and_hms_opt(9, 30, 0)
        .unwrap_or_default()
        .and_utc()
}

/// A call of one year, launched on `opened` and due at noon on `deadline`.
pub struct OneYearCall {
    pub title: &'static str,
    pub text: &'static str,
    pub axes: &'static [&'static str],
    pub thematics: &'static [&'static str],
    pub amount: &'static str,
    pub opened: NaiveDate,
    pub deadline: NaiveDate,
}

/// Creates and publishes a one-year call, typed on the day it opens.
pub async fn publish_one_year(
    store: &dyn Store,
    actor: &Actor,
    coordinator: &Scope,
    call: &OneYearCall,
) -> anyhow::Result<(CallId, Vec<QpvId>)> {
    let strings = |codes: &[&str]| codes.iter().map(|c| (*c).to_owned()).collect();
    let draft = CallInput {
        title: call.title.into(),
        text: call.text.into(),
        axes: strings(call.axes),
        thematics: strings(call.thematics),
        total_amount: call.amount.into(),
        yearly_amount: call.amount.into(),
        years: "1".into(),
        opens_on: call.opened.to_string(),
        deadline_date: call.deadline.to_string(),
        deadline_time: "12:00".into(),
    }
    .validate(call.opened)
    .map_err(invalid)?;
    publish(store, actor, coordinator, &draft).await
}

/// Carriers of the coordinator's Cité (their partner, created when absent,
/// and their porteur's account, with the demo's password): their scopes.
pub async fn more_carriers(
    store: &dyn Store,
    actor: &Actor,
    coordinator: &Scope,
    carriers: &[Carrier],
) -> anyhow::Result<Vec<Scope>> {
    let cite_id = coordinator.cite_id().context("Cité absente")?;
    let password_hash =
        maillage_web::auth::password::hash(crate::demo::DEMO_PASSWORD.to_owned()).await;
    let known = store.partners(coordinator, false).await?;
    let mut scopes = Vec::new();
    for &(partner, email, name) in carriers {
        let partner_id = match known.iter().find(|p| p.name == partner) {
            Some(row) => row.id,
            None => {
                let input = PartnerInput {
                    name: partner.into(),
                    category: "associatif".into(),
                    ..PartnerInput::default()
                };
                let draft = input
                    .validate()
                    .map_err(|e| anyhow::anyhow!("partenaire de démonstration invalide : {e}"))?;
                store.create_partner(actor, coordinator, &draft).await?
            }
        };
        let account = NewAccount {
            email: email.into(),
            name: name.into(),
            password_hash: password_hash.clone(),
            membership: Some(NewMembership {
                cite_id,
                role: Role::Porteur,
                partner_id: Some(partner_id),
            }),
        };
        let user_id = store.create_account(actor, account).await?;
        scopes.push(Scope::Cite {
            user_id,
            cite_id,
            role: Role::Porteur,
            partner_id: Some(partner_id),
        });
    }
    Ok(scopes)
}

/// Creates and publishes a call of the coordinator's Cité: its id, and the
/// Cité's QPVs, which the demo's applications name.
pub async fn publish(
    store: &dyn Store,
    actor: &Actor,
    coordinator: &Scope,
    call: &CallDraft,
) -> anyhow::Result<(CallId, Vec<QpvId>)> {
    let call_id = store.create_call(actor, coordinator, call).await?;
    store
        .set_call_status(actor, coordinator, call_id, CallStatus::Published)
        .await?;
    let cite_id = coordinator.cite_id().context("Cité absente")?;
    let qpvs = store
        .qpvs(coordinator, cite_id)
        .await?
        .into_iter()
        .map(|q| q.id)
        .collect();
    Ok((call_id, qpvs))
}

/// `coordinator`: Le Mans' coordination; `carriers`: its porteurs' scopes.
/// Gives the call's id, for its documents (`demo_documents`), and every
/// porteur's scope, the three it adds included.
pub async fn load(
    store: &dyn Store,
    coordinator: &Scope,
    carriers: &[Scope],
    today: NaiveDate,
) -> anyhow::Result<(CallId, Vec<Scope>)> {
    let actor = Actor::system(Utc::now());
    let mut carriers = carriers.to_vec();
    carriers.extend(more_carriers(store, &actor, coordinator, &MORE_CARRIERS).await?);
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
    let (call_id, qpvs) = publish(store, &actor, coordinator, &call).await?;
    for project in &PROJECTS {
        let carrier = carriers.get(project.carrier).context("porteur absent")?;
        let draft = input(project, &qpvs, 2024)
            .validate(&qpvs, today)
            .map_err(invalid)?;
        let id = store
            .create_application(&actor, carrier, call_id, &draft)
            .await?;
        if let Some(days) = project.submitted {
            let at = submitted_at(paris_date(call.deadline), days);
            store.submit_application(&actor, carrier, id, at).await?;
        }
    }
    store
        .set_call_status(&actor, coordinator, call_id, CallStatus::Closed)
        .await?;
    crate::demo_instruction::load(store, coordinator, call_id).await?;
    Ok((call_id, carriers))
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use maillage_domain::accounts::Role;
    use maillage_domain::calls::decision::Outcome;
    use maillage_domain::calls::CallStatus;
    use maillage_domain::Scope;
    use maillage_store::{AccountStore, CallStore, CiteStore, ReviewStore};

    #[tokio::test]
    async fn le_mans_call_is_decided_with_five_applications_and_in_agreements() {
        let (store, path) = crate::demo::loaded_for_test("demo-calls").await;
        let le_mans = store.cite_id_by_code("le-mans").await.unwrap().unwrap();
        let calls = store.public_calls().await.unwrap();
        let call = calls
            .iter()
            .find(|c| c.cite_id == le_mans && c.title == super::TITLE)
            .unwrap();
        assert_eq!(
            call.deadline,
            Utc.with_ymd_and_hms(2023, 10, 6, 10, 0, 0).unwrap()
        );
        assert_eq!(
            (call.yearly_cents, call.years, call.total_cents, call.status),
            (10_000_000, 3, 30_000_000, CallStatus::Agreements)
        );
        let coordinator = Scope::Cite {
            user_id: store
                .credentials("coordination.lemans@demo.maillage.fr")
                .await
                .unwrap()
                .unwrap()
                .user_id,
            cite_id: le_mans,
            role: Role::Coordinateur,
            partner_id: None,
        };
        let submitted = store
            .call_applications(&coordinator, call.id)
            .await
            .unwrap();
        let asked: Vec<i64> = submitted.iter().map(|a| a.asked_cents).collect();
        assert_eq!(
            asked,
            vec![4_000_000, 2_200_000, 1_500_000, 1_800_000, 1_200_000]
        );
        let reviews = store.reviews(&coordinator, call.id).await.unwrap();
        assert_eq!(reviews.len(), 10, "two reviewers, five applications");
        assert!(reviews.iter().all(|r| r.submitted_at.is_some()));
        assert_eq!(
            store.criteria(&coordinator, call.id).await.unwrap().len(),
            4
        );

        let (call_id, decisions) = crate::demo_instruction::decisions(&store, &coordinator)
            .await
            .unwrap();
        assert_eq!(call_id, call.id);
        let outcomes: Vec<(Outcome, Option<i64>, bool)> = decisions
            .iter()
            .map(|d| (d.outcome, d.amount_cents, d.action_id.is_some()))
            .collect();
        assert_eq!(
            outcomes,
            vec![
                (Outcome::Accepted, Some(3_500_000), true),
                (Outcome::Accepted, Some(2_200_000), true),
                (Outcome::Refused, None, false),
                (Outcome::Accepted, Some(1_800_000), true),
                (Outcome::Postponed, None, false),
            ]
        );
        assert!(decisions
            .iter()
            .all(|d| d.committee == crate::demo_instruction::COMMITTEE));
        store.close().await;
        let _ = std::fs::remove_file(&path);
    }
}

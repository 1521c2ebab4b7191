//! Le Mans' next call for projects in the demo, for the year to come:
//! published two months ago, its deadline passed two days ago at noon and
//! the coordination has not closed it yet. Les Ateliers du numérique,
//! refused in 2023, applied again in time; Tremplin Sarthe Insertion's
//! project, postponed in 2023, stayed a draft: submitting it now is
//! refused (the browser journey tries).

use anyhow::Context;
use chrono::{Datelike, Duration, NaiveDate, Utc};
use maillage_domain::time::{paris_date, paris_to_utc};
use maillage_domain::Scope;
use maillage_store::{Actor, Store};

use crate::demo_calls::{input, publish_one_year, OneYearCall, PROJECTS};

pub const TITLE: &str = "Appel à projets « Garde d'enfants et horaires décalés »";

const TEXT: &str = "La Cité de l'emploi du Mans Métropole finance des solutions de garde \
d'enfants compatibles avec les horaires décalés des emplois de la logistique, du nettoyage et \
du soin, pour les parents des Sablons et de Ronceray-Glonnières.

Les projets sont financés jusqu'à 40 000 € pour une année.";

/// The 2023 projects that apply again: in time, and still a draft.
const IN_TIME: &str = "Ateliers numériques de Ronceray";
const LATE: &str = "Préparer sa candidature au pied des tours";

pub async fn load(
    store: &dyn Store,
    coordinator: &Scope,
    carriers: &[Scope],
) -> anyhow::Result<()> {
    let now = Utc::now();
    let actor = Actor::system(now);
    let today = paris_date(now);
    let deadline = today - Duration::days(2);
    let opened = today - Duration::days(60);
    let call = OneYearCall {
        title: TITLE,
        text: TEXT,
        axes: &["innovate"],
        thematics: &["famille--garde-denfants"],
        amount: "40 000",
        opened,
        deadline,
    };
    let (call_id, qpvs) = publish_one_year(store, &actor, coordinator, &call).await?;
    for title in [IN_TIME, LATE] {
        let project = PROJECTS
            .iter()
            .find(|p| p.title == title)
            .context("projet de démonstration absent")?;
        let carrier = carriers.get(project.carrier).context("porteur absent")?;
        let draft = input(project, &qpvs, today.year() + 1)
            .validate(&qpvs, opened)
            .map_err(|e| anyhow::anyhow!("candidature de démonstration invalide : {e}"))?;
        let id = store
            .create_application(&actor, carrier, call_id, &draft)
            .await?;
        if title == IN_TIME {
            let sent = noon(deadline - Duration::days(3))?;
            store.submit_application(&actor, carrier, id, sent).await?;
        }
    }
    Ok(())
}

fn noon(day: NaiveDate) -> anyhow::Result<chrono::DateTime<Utc>> {
    Ok(paris_to_utc(
        day.and_hms_opt(12, 0, 0)
            .context("heure de démonstration")?,
    ))
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use maillage_domain::accounts::Role;
    use maillage_domain::calls::{ApplicationStatus, CallStatus};
    use maillage_store::{CallStore, CiteStore};

    use crate::demo::member;

    #[tokio::test]
    async fn the_next_call_is_published_past_its_deadline_with_a_late_draft() {
        let (store, path) = crate::demo::loaded_for_test("demo-next-call").await;
        let le_mans = store.cite_id_by_code("le-mans").await.unwrap().unwrap();
        let calls = store.public_calls().await.unwrap();
        let call = calls
            .iter()
            .find(|c| c.cite_id == le_mans && c.title == super::TITLE)
            .unwrap();
        assert_eq!(call.status, CallStatus::Published);
        assert!(call.deadline < Utc::now());

        let coordinator = member(
            &store,
            "coordination.lemans@demo.maillage.fr",
            le_mans,
            Role::Coordinateur,
        )
        .await;
        let submitted = store
            .call_applications(&coordinator, call.id)
            .await
            .unwrap();
        let titles: Vec<&str> = submitted.iter().map(|a| a.project_title.as_str()).collect();
        assert_eq!(titles, [super::IN_TIME]);
        let tremplin = member(
            &store,
            "porteur.tremplin@demo.maillage.fr",
            le_mans,
            Role::Porteur,
        )
        .await;
        let drafts: Vec<ApplicationStatus> = store
            .my_applications(&tremplin)
            .await
            .unwrap()
            .into_iter()
            .filter(|a| a.call_id == call.id)
            .map(|a| a.status)
            .collect();
        assert_eq!(drafts, [ApplicationStatus::Draft]);
        store.close().await;
        let _ = std::fs::remove_file(path);
    }
}

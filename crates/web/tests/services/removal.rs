//! « Retirer du catalogue »: behind a confirmation page, a service a pathway
//! mobilises is archived (out of search, back on demand), one nothing points
//! to is deleted; only the Cité's editors may do either.

use axum::http::StatusCode;

use crate::common::{Backend, TestApp};
use crate::{create_through_forms, fixtures};

crate::both_backends!(
    services_and_structures_are_archived_or_deleted,
    |app: TestApp| async move {
        let service = create_through_forms(&app).await;
        let structure = app
            .store
            .service(&app.coordinator().await, service)
            .await
            .unwrap()
            .structure_id;
        let person = fixtures::person(&app, &[]).await;
        let mut referent = app.signed_in("referent@angers.fr").await;
        let today = fixtures::iso(fixtures::today());
        referent
            .post(
                &format!("/offres/{service}/etape"),
                &[
                    ("participant_id", &person.to_string()),
                    ("planned_on", &today),
                ],
            )
            .await;

        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let refused = pilote
            .post(&format!("/offres/{service}/retirer"), &[])
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        let missing = vaulx.post(&format!("/offres/{service}/retirer"), &[]).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);

        let mut coord = app.signed_in("coord@angers.fr").await;
        let shown = coord.get(&format!("/offres/{service}")).await;
        assert!(shown
            .body
            .contains(&format!("href=\"/offres/{service}/retirer\"")));
        let confirm = coord.get(&format!("/offres/{service}/retirer")).await;
        assert_eq!(confirm.status, StatusCode::OK);
        assert!(confirm
            .body
            .contains("Retirer le service « Auto-école sociale » du catalogue ?"));
        let removed = coord.post(&format!("/offres/{service}/retirer"), &[]).await;
        assert_eq!(removed.location(), "/offres?fait=service-archive");

        // Archived: out of the catalogue, listed on demand, its step keeps its name.
        assert!(!coord
            .get("/offres")
            .await
            .body
            .contains("Auto-école sociale"));
        let archived = coord.get("/offres?archives=oui").await;
        assert!(archived.body.contains(
            "Auto-école sociale</a> <span class=\"fr-badge fr-badge--sm\">Archivé</span>"
        ));
        let page = coord.get(&format!("/offres/{service}")).await;
        assert!(page.body.contains("Archivé le "));
        assert!(page.body.contains("Rétablir dans le catalogue"));
        assert!(!page.body.contains("Ajouter au parcours d"));
        let step = [
            ("participant_id", person.to_string()),
            ("planned_on", today.clone()),
        ];
        let step: Vec<(&str, &str)> = step.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let refused = referent
            .post(&format!("/offres/{service}/etape"), &step)
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            fixtures::saved(&app, person).await.steps.len(),
            1,
            "no new step"
        );
        assert_eq!(
            fixtures::saved(&app, person).await.steps[0].label,
            "Auto-école sociale"
        );
        let restored = coord
            .post(&format!("/offres/{service}/retablir"), &[])
            .await;
        assert_eq!(
            restored.location(),
            format!("/offres/{service}?fait=catalogue-retabli")
        );
        assert!(coord
            .get("/offres")
            .await
            .body
            .contains("Auto-école sociale"));

        // Its structure has a service: archived with it.
        let confirm = coord
            .get(&format!("/offres/structures/{structure}/retirer"))
            .await;
        assert!(confirm
            .body
            .contains("Retirer la structure « Mobilité Solidaire 49 » du catalogue ?"));
        let removed = coord
            .post(&format!("/offres/structures/{structure}/retirer"), &[])
            .await;
        assert_eq!(
            removed.location(),
            "/offres/structures?fait=structure-archivee"
        );
        let list = coord.get("/offres/structures").await;
        assert!(list.body.contains("Archivée"));
        assert!(list.body.contains(&format!(
            "action=\"/offres/structures/{structure}/retablir\""
        )));
        assert!(!coord
            .get("/offres")
            .await
            .body
            .contains("Auto-école sociale"));

        // Its service reads as archived, and comes back only with its structure.
        let page = coord.get(&format!("/offres/{service}")).await;
        assert!(page.body.contains("Archivé le "));
        let refused = coord
            .post(&format!("/offres/{service}/retablir"), &[])
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(refused
            .body
            .contains("rétablissez d&#39;abord la structure"));
        let form = coord.get("/offres/nouvelle").await;
        assert!(
            !form.body.contains("Mobilité Solidaire 49"),
            "no new service under it"
        );

        // A structure nothing depends on: deleted.
        coord
            .post("/offres/structures", &[("nom", "Structure sans service")])
            .await;
        let empty = app
            .store
            .structures(&app.coordinator().await)
            .await
            .unwrap()
            .into_iter()
            .find(|s| s.name == "Structure sans service")
            .unwrap();
        let removed = coord
            .post(&format!("/offres/structures/{}/retirer", empty.id), &[])
            .await;
        assert_eq!(
            removed.location(),
            "/offres/structures?fait=structure-supprimee"
        );
        assert!(!coord
            .get("/offres/structures")
            .await
            .body
            .contains("Structure sans service"));
        let journal = coord.get("/journal").await;
        assert!(journal
            .body
            .contains("Archivage d&#39;un service du catalogue"));
        assert!(journal
            .body
            .contains("Suppression d&#39;une structure du catalogue"));
    }
);

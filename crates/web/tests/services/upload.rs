//! A real catalogue sent as a file (multipart): thousands of services with
//! their descriptions in one transaction, all or nothing, French errors, and
//! the CSRF token still required.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::both_backends;
use crate::common::{Backend, TestApp};
use crate::transfer::upload;

/// A national-sized file: `services` services with descriptions of a
/// real catalogue's length, under 50 structures.
fn catalogue(services: usize) -> Value {
    let structures: Vec<Value> = (0..50)
        .map(|i| {
            json!({"source": "dora", "id": format!("structure-{i}"), "nom": format!("Association d'insertion n° {i}"),
                "date_maj": "2026-11-02", "commune": "Angers", "code_insee": "49007"})
        })
        .collect();
    let thematics = [
        "famille--garde-denfants",
        "mobilite--preparer-un-permis",
        "numerique--acceder-a-une-connexion-internet",
    ];
    let services: Vec<Value> = (0..services)
        .map(|i| {
            json!({"source": "dora", "structure_id": format!("structure-{}", i % 50), "id": format!("service-{i}"),
                "nom": format!("Accompagnement vers l'emploi n° {i}"),
                "description": format!(
                    "Service n° {i}. Un conseiller reçoit la personne sur rendez-vous, fait le point sur sa situation, \
                     ses freins (mobilité, garde d'enfants, logement, santé) et ses compétences, puis construit avec elle \
                     un parcours vers l'emploi ou la formation : ateliers collectifs de recherche d'emploi, préparation \
                     aux entretiens, mises en situation en entreprise, visites de chantiers d'insertion et rencontres avec \
                     des employeurs du territoire. L'accompagnement dure six mois renouvelables ; il est gratuit et ouvert \
                     aux habitants des quartiers prioritaires de la ville, avec une attention particulière aux jeunes de \
                     moins de 26 ans et aux parents isolés."
                ),
                "date_maj": "2026-11-02", "thematiques": [thematics[i % 3]]})
        })
        .collect();
    json!({"structures": structures, "services": services})
}

both_backends!(
    a_national_file_imports_in_one_go,
    |app: TestApp| async move {
        let mut coord = app.signed_in("coord@angers.fr").await;
        let file = serde_json::to_vec(&catalogue(5_000)).unwrap();
        assert!(file.len() > 2_600_000, "{} bytes", file.len());
        let done = upload(&mut coord, &file).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        assert!(done
            .body
            .contains("50 structure(s) et 5\u{202f}000 service(s) ajoutés"));
        let found = coord.get_htmx("/offres?texte=permis").await;
        assert!(found.body.contains("Accompagnement vers l&#39;emploi n° 1"));

        // Once more with a bad service: nothing changes, the report names it.
        let mut bad = catalogue(5_000);
        bad["services"][4321]["date_maj"] = json!("02/11/2026");
        bad["services"][0]["nom"] = json!("Changé");
        let refused = upload(&mut coord, &serde_json::to_vec(&bad).unwrap()).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("Rien n'a été importé"));
        assert!(refused.body.contains("Service n° 4322 (service-4321)"));
        assert!(refused.body.contains("<code>date_maj</code>"));
        assert!(!refused.body.contains("Changé"), "a file is not shown back");
        let scope = app.coordinator().await;
        let service = app
            .store
            .search_services(
                &scope,
                &maillage_store::services::ServiceQuery {
                    text: Some("Changé".into()),
                    limit: 10,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert!(service.is_empty(), "nothing imported");
    }
);

both_backends!(
    date_maj_in_the_future_in_1999_or_year_1_is_refused_line_by_line,
    |app: TestApp| async move {
        let mut coord = app.signed_in("coord@angers.fr").await;
        let mut bad = catalogue(4);
        let tomorrow = maillage_store::conformance::today() + chrono::Duration::days(1);
        bad["services"][1]["date_maj"] = json!(tomorrow.format("%Y-%m-%d").to_string());
        bad["services"][2]["date_maj"] = json!("1999-12-31");
        bad["services"][3]["date_maj"] = json!("0001-01-01");
        bad["structures"][4]["date_maj"] = json!("2099-01-01");
        let refused = upload(&mut coord, &serde_json::to_vec(&bad).unwrap()).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let body = refused.body.replace("&#39;", "'");
        assert!(body.contains("Rien n'a été importé"));
        for line in [
            "Service n° 2 (service-1)",
            "Service n° 3 (service-2)",
            "Service n° 4 (service-3)",
            "Structure n° 5 (structure-4)",
        ] {
            assert!(body.contains(line), "{line}");
        }
        assert!(!body.contains("Service n° 1 (service-0)"));
        assert!(body.contains("La date de dernière modification ne peut pas être dans le futur."));
        assert!(body.contains("La date de dernière modification doit être au 21e siècle"));
        assert!(app.services().await.is_empty(), "nothing imported");
    }
);

both_backends!(a_bad_upload_says_why_in_french, |app: TestApp| async move {
    let mut coord = app.signed_in("coord@angers.fr").await;
    for (content, message) in [
        (
            &b"{\"structures\": ["[..],
            "Ce n&#39;est pas du JSON valide (ligne 1",
        ),
        (&b"\xff\xfe{}"[..], "le fichier n&#39;est pas un texte"),
        (&b""[..], "Le fichier choisi est vide."),
    ] {
        let refused = upload(&mut coord, content).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains(message), "{message}");
    }
    let huge = vec![b' '; 65 * 1024 * 1024];
    let refused = upload(&mut coord, &huge).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Le fichier dépasse 64 Mo"),
        "{}",
        refused.body
    );
    let urlencoded = coord.post("/offres/import", &[("texte", "{}")]).await;
    assert_eq!(urlencoded.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(urlencoded
        .body
        .contains("Envoyez le fichier avec le formulaire de cette page."));
    let page = coord.get("/offres/import").await;
    assert!(page.body.contains("enctype=\"multipart/form-data\""));
    assert!(page.body.contains("64 Mo au plus"));
});

both_backends!(a_forged_upload_is_refused, |app: TestApp| async move {
    let mut coord = app.signed_in("coord@angers.fr").await;
    coord.get("/offres/import").await;
    let file = serde_json::to_vec(&catalogue(3)).unwrap();
    let forged = coord
        .post_multipart(
            "/offres/import",
            false,
            &[],
            Some(("fichier", "catalogue.json", &file)),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let scope = app.coordinator().await;
    assert!(app.store.structures(&scope).await.unwrap().is_empty());
});

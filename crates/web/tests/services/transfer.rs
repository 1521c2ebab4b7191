//! data·inclusion import and export, and search, through the pages.

use axum::http::{header, StatusCode};
use serde_json::Value;

use crate::both_backends;
use crate::common::{Backend, Client, TestApp};

/// The demo's catalogue: 22 structures and 51 services around Angers.
const DEMO: &str = include_str!("../../../cli/demo/services-angers.json");
const SERVICE_SCHEMA: &str = include_str!("../../../../data/data-inclusion-v1/service.schema.json");
const STRUCTURE_SCHEMA: &str =
    include_str!("../../../../data/data-inclusion-v1/structure.schema.json");

/// Checks every record against data·inclusion's JSON Schema (draft
/// 2020-12, formats included); panics with the first errors found.
fn assert_valid(records: &Value, schema: &str) {
    let schema: Value = serde_json::from_str(schema).unwrap();
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let records = records.as_array().unwrap();
    assert!(!records.is_empty());
    for record in records {
        let errors: Vec<String> = validator
            .iter_errors(record)
            .map(|e| format!("{} : {e}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{} : {errors:?}", record["id"]);
    }
}

/// The validator is strict: formats and patterns are checked too.
#[test]
fn the_schemas_refuse_bad_records() {
    let schema: Value = serde_json::from_str(SERVICE_SCHEMA).unwrap();
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let good = serde_json::json!({"source": "s", "structure_id": "a", "id": "b", "nom": "Service",
        "description": "Une description.", "date_maj": "2026-01-01"});
    assert!(validator.is_valid(&good));
    for (field, bad) in [
        ("courriel", "pas-une-adresse"),
        ("date_maj", "01/01/2026"),
        ("code_postal", "4900"),
    ] {
        let mut record = good.clone();
        record[field] = Value::from(bad);
        assert!(!validator.is_valid(&record), "{field}");
    }
}

/// Imports `text` pasted into the form's text box.
async fn import(client: &mut Client, text: &str) -> crate::common::TestResponse {
    client.get("/offres/import").await;
    client
        .post_multipart("/offres/import", true, &[("texte", text)], None)
        .await
}

/// Imports `content` sent as the form's file.
pub async fn upload(client: &mut Client, content: &[u8]) -> crate::common::TestResponse {
    client.get("/offres/import").await;
    client
        .post_multipart(
            "/offres/import",
            true,
            &[("texte", "")],
            Some(("fichier", "catalogue.json", content)),
        )
        .await
}

both_backends!(
    import_then_export_gives_the_file_back,
    |app: TestApp| async move {
        let mut coord = app.signed_in("coord@angers.fr").await;
        let done = import(&mut coord, DEMO).await;
        assert_eq!(done.status, StatusCode::OK);
        assert!(done.body.contains("Fichier importé"));
        assert!(done
            .body
            .contains("22 structure(s) et 51 service(s) ajoutés"));

        let export = coord.get("/offres/export.json").await;
        assert_eq!(export.status, StatusCode::OK);
        assert_eq!(
            export.headers[header::CONTENT_TYPE],
            "application/json; charset=utf-8"
        );
        let disposition = export.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap();
        assert!(disposition.starts_with("attachment; filename=\"offre-de-services-"));
        let exported: Value = serde_json::from_str(&export.body).unwrap();
        let original: Value = serde_json::from_str(DEMO).unwrap();
        assert_eq!(exported, original, "import → export → the same file");
        assert_valid(&exported["structures"], STRUCTURE_SCHEMA);
        assert_valid(&exported["services"], SERVICE_SCHEMA);
        official_validator_accepts(&export.body);

        // Importing it again updates, and changes nothing.
        let again = import(&mut coord, DEMO).await;
        assert!(again
            .body
            .contains("22 structure(s) et 51 service(s) mis à jour"));
        let export: Value =
            serde_json::from_str(&coord.get("/offres/export.json").await.body).unwrap();
        assert_eq!(export, original);
        let journal = coord.get("/journal").await;
        assert!(journal.body.contains("Import data·inclusion du catalogue"));
        assert!(journal.body.contains("Export data·inclusion du catalogue"));
    }
);

both_backends!(
    forms_make_exports_valid_against_the_schemas,
    |app: TestApp| async move {
        crate::create_through_forms(&app).await;
        let mut referent = app.signed_in("referent@angers.fr").await;
        let exported: Value =
            serde_json::from_str(&referent.get("/offres/export.json").await.body).unwrap();
        assert_valid(&exported["structures"], STRUCTURE_SCHEMA);
        assert_valid(&exported["services"], SERVICE_SCHEMA);
        assert_eq!(exported["services"][0]["volume_horaire_hebdomadaire"], 4.5);
    }
);

both_backends!(
    a_bad_file_imports_nothing_and_says_why,
    |app: TestApp| async move {
        let mut coord = app.signed_in("coord@angers.fr").await;
        // The demo file with one bad structure and one bad service among 73 records.
        let bad = DEMO
            .replacen("\"siret\": \"8", "\"siret\": \"9", 1)
            .replace("\"mobilite--preparer-un-permis\"", "\"permis\"")
            .replacen(
                "\"date_maj\": \"2026-10-20\"",
                "\"date_maj\": \"20/10/2026\", \"couleur\": \"bleu\"",
                1,
            );
        let refused = import(&mut coord, &bad).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        for text in [
            "Rien n'a été importé",
            "Structure n° 1 (aldev)",
            "Ce SIRET n&#39;existe pas",
            "Service n° 1 (acces-droits-belle-beille)",
            "<code>date_maj</code>",
            "<code>couleur</code>",
            "Ce champ n&#39;existe pas dans le schéma data·inclusion v1.",
            "Le code « permis » ne figure pas dans le référentiel data·inclusion.",
            "(auto-ecole-sociale)",
        ] {
            assert!(refused.body.contains(text), "{text}");
        }
        assert!(
            refused.body.contains("2026-10-15"),
            "the text is kept to fix it"
        );
        let scope = app.coordinator().await;
        assert!(
            app.store.structures(&scope).await.unwrap().is_empty(),
            "nothing imported"
        );

        let not_json = import(&mut coord, "{\"structures\": [").await;
        assert_eq!(not_json.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(not_json
            .body
            .contains("Ce n&#39;est pas du JSON valide (ligne 1"));
        let orphan = import(
            &mut coord,
            r#"{"structures": [], "services": [{"source": "s", "structure_id": "absente", "id": "x",
            "nom": "Un service", "description": "Une description.", "date_maj": "2026-01-01"}]}"#,
        )
        .await;
        assert!(orphan
            .body
            .contains("Aucune structure « absente » de la source « s » dans le fichier."));
    }
);

/// Names of the services `/offres?…` finds, in the htmx partial.
async fn found(client: &mut Client, query: &str) -> String {
    let partial = client.get_htmx(&format!("/offres?{query}")).await;
    assert_eq!(partial.status, StatusCode::OK);
    assert!(!partial.body.contains("<html"), "htmx gets the partial");
    partial.body
}

both_backends!(
    search_by_thematic_public_place_and_text,
    |app: TestApp| async move {
        let mut coord = app.signed_in("coord@angers.fr").await;
        import(&mut coord, DEMO).await;
        let page = coord.get("/offres").await;
        assert!(page.body.contains("<strong>51</strong> services"));

        let creche = found(&mut coord, "texte=creche").await;
        assert!(
            creche.contains("Places en crèche AVIP"),
            "« creche » finds « crèche »"
        );
        let numerique = found(&mut coord, "texte=numerique").await;
        assert!(
            numerique.contains("Atelier numérique"),
            "« numerique » finds « Numérique »"
        );
        assert!(!numerique.contains("Auto-école sociale"));
        let prefix = found(&mut coord, "texte=sociolingu").await;
        assert!(prefix.contains("Atelier sociolinguistique"));
        assert!(
            found(&mut coord, "texte=%22%29%28*")
                .await
                .contains("<strong>51</strong>"),
            "punctuation only: no filter"
        );

        let mobility = found(&mut coord, "theme=mobilite").await;
        for name in [
            "Auto-école sociale",
            "Location solidaire de véhicule",
            "Vélo-école",
        ] {
            assert!(mobility.contains(name), "{name}");
        }
        assert!(!mobility.contains("Atelier numérique"));
        let childcare = found(&mut coord, "theme=famille--garde-denfants&public=familles").await;
        assert!(childcare.contains("Places en crèche AVIP"));
        let none = found(&mut coord, "theme=famille--garde-denfants&public=jeunes").await;
        assert!(none.contains("Aucun service ne correspond à ces critères."));

        // Trélazé: its own CCAS, and every service open to the whole EPCI.
        let trelaze = found(&mut coord, "lieu=commune-49353").await;
        assert!(trelaze.contains("Accompagnement social des habitants de Trélazé"));
        assert!(trelaze.contains("Auto-école sociale"));
        assert!(
            !trelaze.contains("Domiciliation administrative"),
            "Angers only"
        );
        let qpvs = app
            .store
            .qpvs(&app.coordinator().await, app.angers)
            .await
            .unwrap();
        if let Some(qpv) = qpvs.first() {
            let by_qpv = found(&mut coord, &format!("lieu=qpv-{}", qpv.id)).await;
            assert!(by_qpv.contains("Auto-école sociale"));
        }

        let ignored = found(&mut coord, "theme=inconnu&lieu=commune-75056").await;
        assert!(ignored.contains("ignorés : thématique, lieu"));
        let full = coord.get("/offres?texte=creche&theme=famille").await;
        assert!(full.body.contains("<html"));
        assert!(full.body.contains("value=\"creche\""));
        assert!(full.body.contains("Places en crèche AVIP"));
    }
);

both_backends!(search_understands_french, |app: TestApp| async move {
    let mut coord = app.signed_in("coord@angers.fr").await;
    import(&mut coord, DEMO).await;
    // Its text says « le code et la conduite »: its thematic says « permis ».
    let permis = found(&mut coord, "texte=permis").await;
    assert!(permis.contains("Auto-école sociale"), "{permis}");
    // « Garde d'enfants » is the thematic of both; Par'Emploi says « garde », not « enfant ».
    let childcare = found(&mut coord, "texte=garde+enfant").await;
    for name in [
        "Par&#39;Emploi : solutions de garde",
        "Places en crèche AVIP",
    ] {
        assert!(childcare.contains(name), "{name}");
    }
    assert!(!childcare.contains("Auto-école sociale"));
    assert_eq!(
        found(&mut coord, "texte=enfant").await,
        found(&mut coord, "texte=enfants").await,
        "« enfant » and « enfants » are one word"
    );
    assert_eq!(
        found(&mut coord, "texte=garde+d%27enfants").await,
        childcare,
        "« d' » narrows nothing"
    );
    // A renamed structure: its services are found by the new name.
    let scope = app.coordinator().await;
    let row = app.store.structures(&scope).await.unwrap()[0].clone();
    let mut structure = row.to_domain();
    structure.name = "Structure renommée".into();
    let actor = maillage_store::Actor::system(chrono::Utc::now());
    app.store
        .update_structure(&actor, &scope, row.id, &structure, row.partner_id)
        .await
        .unwrap();
    let renamed = found(&mut coord, "texte=structures+renommees").await;
    assert!(renamed.contains("Structure renommée"), "{renamed}");
});

both_backends!(
    services_outside_the_territory_are_imported_with_a_warning,
    |app: TestApp| async move {
        // Angers' catalogue: one service lies outside Angers and Trélazé.
        let mut angers = app.signed_in("coord@angers.fr").await;
        let done = import(&mut angers, DEMO).await;
        assert!(done
            .body
            .contains("1 service(s) hors du territoire de la Cité"));
        assert!(done.body.contains("(49246)</li>"));
        // Imported into Vaulx-en-Velin, every one of them is.
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        let done = import(&mut vaulx, DEMO).await;
        assert!(done.body.contains("Fichier importé"));
        assert!(done
            .body
            .contains("51 service(s) hors du territoire de la Cité"));
        assert!(done.body.contains("Et 41 autre(s)."));
    }
);

/// Judges an export with the official package's pydantic models (rules
/// beyond the JSON Schema), through `scripts/validate-data-inclusion.py`.
/// Python or the package missing is a failure, never a skip: `.ci/run`
/// installs them.
fn official_validator_accepts(export: &str) {
    let path = std::env::temp_dir().join(format!(
        "maillage-export-{}.json",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::write(&path, export).unwrap();
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scripts/validate-data-inclusion.py"
    );
    let output = std::process::Command::new("python3")
        .arg(script)
        .arg(&path)
        .output()
        .expect("python3 introuvable : voir le README (prérequis)");
    std::fs::remove_file(&path).ok();
    assert!(
        output.status.success(),
        "data-inclusion-schema refuse l'export : {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

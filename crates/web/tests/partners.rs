//! Partner CRUD through the real router, field errors, and isolation.

mod common;

use axum::http::StatusCode;
use common::{assert_not_found, Backend, TestApp};
use maillage_domain::ids::PartnerId;

fn id_from(location: &str) -> PartnerId {
    location
        .trim_start_matches("/partenaires/")
        .split('?')
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no partner id in {location}"))
}

const VALID: [(&str, &str); 7] = [
    ("name", "Association Les Jardins de Belle-Beille"),
    ("category", "associatif"),
    ("network", "cidff"),
    ("siret", "130 025 265 00013"),
    ("address", "12 rue de la Paix"),
    ("postal_code", "49000"),
    ("city", "Angers"),
];

both_backends!(a_coordinator_manages_partners, |app: TestApp| async move {
    let mut client = app.signed_in("coord@angers.fr").await;
    assert_eq!(
        client.get("/partenaires/nouveau").await.status,
        StatusCode::OK
    );
    let created = client.post("/partenaires", &VALID).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);
    let id = id_from(created.location());
    let page = client.get(created.location()).await;
    assert!(page.body.contains("Le partenaire a été créé."));
    assert!(page
        .body
        .contains("Association Les Jardins de Belle-Beille"));
    assert!(page.body.contains("13002526500013"));
    assert!(page.body.contains("12 rue de la Paix 49000 Angers"));

    let edit = client.get(&format!("/partenaires/{id}/modifier")).await;
    assert!(edit
        .body
        .contains("value=\"Association Les Jardins de Belle-Beille\""));
    let mut changed = VALID.to_vec();
    changed[0] = ("name", "Les Jardins de Belle-Beille");
    changed.push(("sensitive", "on"));
    let updated = client.post(&format!("/partenaires/{id}"), &changed).await;
    assert_eq!(updated.status, StatusCode::SEE_OTHER);
    let page = client.get(updated.location()).await;
    assert!(page.body.contains("Le partenaire a été modifié."));
    assert!(page.body.contains("<h1>Les Jardins de Belle-Beille</h1>"));

    let archived = client
        .post(&format!("/partenaires/{id}/archiver"), &[])
        .await;
    assert_eq!(archived.status, StatusCode::SEE_OTHER);
    let list = client.get("/partenaires").await;
    assert!(!list.body.contains("Les Jardins de Belle-Beille"));
    let with_archived = client.get_htmx("/partenaires?archives=1").await;
    assert!(
        with_archived.body.starts_with("<div id=\"partenaires\">"),
        "htmx gets the partial only"
    );
    assert!(with_archived.body.contains("Les Jardins de Belle-Beille"));
    assert!(with_archived.body.contains("Archivé"));
    // Without JavaScript the same URL is a whole page.
    assert!(client
        .get("/partenaires?archives=1")
        .await
        .body
        .contains("<html"));
    client
        .post(&format!("/partenaires/{id}/restaurer"), &[])
        .await;
    assert!(client
        .get("/partenaires")
        .await
        .body
        .contains("Les Jardins de Belle-Beille"));

    let log = client.get("/journal").await;
    for action in [
        "Création de partenaire",
        "Modification de partenaire",
        "Archivage de partenaire",
        "Restauration de partenaire",
    ] {
        assert!(
            log.body.contains(action),
            "{action} missing from the audit log"
        );
    }
});

both_backends!(
    bad_input_is_explained_and_nothing_saved,
    |app: TestApp| async move {
        let mut client = app.signed_in("coord@angers.fr").await;
        let cases: [(&str, &str, &str); 5] = [
            ("name", "   ", "Ce champ est obligatoire."),
            (
                "category",
                "inconnue",
                "Choisissez une catégorie dans la liste.",
            ),
            (
                "network",
                "reseau-imaginaire",
                "Ce réseau ne figure pas dans le référentiel data·inclusion.",
            ),
            ("siret", "12345678901234", "sa clé de contrôle est fausse"),
            ("postal_code", "4900", "Le code postal compte 5 chiffres."),
        ];
        for (field, value, message) in cases {
            let mut fields = VALID.to_vec();
            fields.retain(|(name, _)| *name != field);
            fields.push((field, value));
            let response = client.post("/partenaires", &fields).await;
            assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
            let error = format!("id=\"{field}-error\" class=\"fr-error-text\">");
            assert!(
                response.body.contains(&error),
                "{field}: error next to the field"
            );
            assert!(
                response.body.contains(&message.replace('\'', "&#39;")),
                "{field}: {message}"
            );
            assert!(
                response.body.contains("Rien n&#39;a été enregistré")
                    || response.body.contains("Rien n'a été enregistré")
            );
            assert!(
                response.body.contains("value=\"12 rue de la Paix\""),
                "{field}: values are kept"
            );
        }
        // An unknown field is refused by the server, whatever the form allowed.
        let mut fields = VALID.to_vec();
        fields.push(("cite_id", "2"));
        assert_eq!(
            client.post("/partenaires", &fields).await.status,
            StatusCode::BAD_REQUEST
        );
        assert!(
            !client.get("/partenaires").await.body.contains("Jardins"),
            "nothing was saved"
        );

        // A duplicate name is a field error too (the database's unique constraint).
        assert_eq!(
            client.post("/partenaires", &VALID).await.status,
            StatusCode::SEE_OTHER
        );
        let duplicate = client.post("/partenaires", &VALID).await;
        assert_eq!(duplicate.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(duplicate.body.contains("id=\"name-error\""));
        assert!(duplicate
            .body
            .contains("Un partenaire porte déjà ce nom dans la Cité."));
    }
);

both_backends!(other_cites_partners_answer_404, |app: TestApp| async move {
    let mut vaulx = app.signed_in("coord@vaulx.fr").await;
    let id = app.angers_partner;
    let missing = vaulx.get("/nulle-part").await;
    assert_not_found(&missing);
    let not_found = missing.body;
    for path in [
        format!("/partenaires/{id}"),
        format!("/partenaires/{id}/modifier"),
    ] {
        let response = vaulx.get(&path).await;
        assert_not_found(&response);
        assert_eq!(
            strip_tokens(&response.body),
            strip_tokens(&not_found),
            "{path}: same body as a missing id"
        );
    }
    for path in [
        format!("/partenaires/{id}"),
        format!("/partenaires/{id}/archiver"),
    ] {
        let response = vaulx.post(&path, &VALID).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
    }
    let mut angers = app.signed_in("coord@angers.fr").await;
    let page = angers.get(&format!("/partenaires/{id}")).await;
    assert!(
        page.body.contains("Mission locale angevine"),
        "still there, unchanged"
    );
    assert!(!angers
        .get("/partenaires")
        .await
        .body
        .contains("Mission locale de Vaulx"));
});

/// Error pages carry no session token, but the test compares them safely anyway.
fn strip_tokens(body: &str) -> String {
    body.lines()
        .filter(|l| !l.contains("csrf-token"))
        .collect::<Vec<_>>()
        .join("\n")
}

both_backends!(
    only_coordinators_change_partners,
    |app: TestApp| async move {
        for email in [
            "pilote@angers.fr",
            "referent@angers.fr",
            "porteur@angers.fr",
        ] {
            let mut client = app.signed_in(email).await;
            let list = client.get("/partenaires").await;
            assert_eq!(list.status, StatusCode::OK, "{email} reads the directory");
            assert!(list.body.contains("Mission locale angevine"));
            assert!(!list.body.contains("Ajouter un partenaire"));
            assert_eq!(
                client.get("/partenaires/nouveau").await.status,
                StatusCode::FORBIDDEN,
                "{email}"
            );
            assert_eq!(
                client.post("/partenaires", &VALID).await.status,
                StatusCode::FORBIDDEN,
                "{email}"
            );
            let archive = format!("/partenaires/{}/archiver", app.angers_partner);
            assert_eq!(
                client.post(&archive, &[]).await.status,
                StatusCode::FORBIDDEN,
                "{email}"
            );
            for path in ["/comptes", "/comptes/nouveau", "/journal", "/cite/modifier"] {
                assert_eq!(
                    client.get(path).await.status,
                    StatusCode::FORBIDDEN,
                    "{email} {path}"
                );
            }
        }
    }
);

both_backends!(national_sees_no_personal_data, |app: TestApp| async move {
    let mut national = app.signed_in("national@anct.gouv.fr").await;
    let list = national.get("/cites").await;
    assert!(
        list.body.contains("Cité d&#39;Angers") && list.body.contains("Cité de Vaulx-en-Velin")
    );
    let profile = national.get(&format!("/cites/{}", app.angers)).await;
    assert_eq!(profile.status, StatusCode::OK);
    for page in [&list.body, &profile.body, &national.get("/").await.body] {
        // No account e-mail or name of any Cité member appears.
        assert!(
            !page.contains("@angers.fr") && !page.contains("@vaulx.fr"),
            "personal data leaked"
        );
    }
    let partner = format!("/partenaires/{}", app.angers_partner);
    for path in ["/partenaires", partner.as_str(), "/cite"] {
        assert_eq!(
            national.get(path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert_eq!(national.get("/comptes").await.status, StatusCode::FORBIDDEN);
    // Its journal is the security log, not a Cité's.
    let journal = national.get("/journal").await;
    assert!(journal.body.contains("Journal de sécurité"));
    assert!(!journal.body.contains("@angers.fr") && !journal.body.contains("@vaulx.fr"));
    // A member never sees another Cité's profile.
    let mut angers = app.signed_in("coord@angers.fr").await;
    assert_eq!(
        angers.get(&format!("/cites/{}", app.vaulx)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(angers.get("/cites").await.status, StatusCode::FORBIDDEN);
});

both_backends!(
    garbage_bodies_never_break_the_server,
    |app: TestApp| async move {
        let mut client = app.signed_in("coord@angers.fr").await;
        let long = "x".repeat(300_000);
        let bodies = [
            "%ZZ%%%&&&==".to_owned(),
            "name=%00%01%02&category=spe".to_owned(),
            "name=a&name=b&category=spe".to_owned(),
            "sensitive=on&sensitive=off".to_owned(),
            format!("name={long}&category=spe"),
            "name=%F0%9F%98%80%C3%28&category=associatif".to_owned(),
        ];
        for path in ["/partenaires", "/cite/modifier", "/comptes", "/cite/qpv"] {
            for body in &bodies {
                let response = client.post_body(path, body).await;
                let what = format!(
                    "{path} {}: {}",
                    &body[..body.len().min(40)],
                    response.status
                );
                assert!(!response.status.is_server_error(), "{what}");
                if !response.status.is_redirection() {
                    assert!(response.body.contains("lang=\"fr\""), "{what}");
                }
            }
        }
        let nul = client
            .post_body("/partenaires", "name=a%00b&category=spe")
            .await;
        assert_eq!(nul.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(nul.body.contains("caractères non autorisés"));
        let switched = client.post_body("/cite/choisir", "cite_id=abc").await;
        assert_eq!(switched.status, StatusCode::BAD_REQUEST);
    }
);

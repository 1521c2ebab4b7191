//! The coordinator edits the Cité's territory and creates accounts.

mod common;

use axum::http::StatusCode;
use common::{html, Backend, TestApp, PASSWORD};
use maillage_domain::cites::QpvInput;
use maillage_store::Actor;

both_backends!(
    a_coordinator_edits_the_cite_profile,
    |app: TestApp| async move {
        let mut client = app.signed_in("coord@angers.fr").await;
        let form = client.get("/cite/modifier").await;
        assert!(form.body.contains("value=\"49007, 49353\""));
        let valid = [
            ("name", "Cité de l'emploi d'Angers Loire Métropole"),
            ("departement", "49"),
            ("epci", "244900015"),
            ("communes", "49007, 49353"),
            ("label_year", "2020"),
            ("co_pilots", "Préfecture de Maine-et-Loire, Aldev"),
            ("population", "175 355"),
            ("unemployment_rate", "13,9"),
            ("employment_rate", ""),
            ("poverty_rate", "19,8 %"),
            ("defm_abc", "21450"),
            ("target_publics", "jeunes"),
            ("target_publics", "femmes"),
            ("axes", "innovate"),
        ];
        let saved = client.post("/cite/modifier", &valid).await;
        assert_eq!(
            (saved.status, saved.location()),
            (StatusCode::SEE_OTHER, "/cite?fait=cite-modifiee")
        );
        let page = client.get("/cite").await;
        for text in [
            "CU Angers Loire Métropole",
            "Trélazé (49353)",
            "13,9\u{a0}%",
            "175\u{202f}355",
            "Innover",
            "Jeunes",
        ] {
            assert!(page.body.contains(text), "{text} missing");
        }

        let mut bad = valid.to_vec();
        bad.retain(|(k, _)| !matches!(*k, "communes" | "poverty_rate" | "target_publics"));
        bad.extend([
            ("communes", "49007 99999"),
            ("poverty_rate", "140"),
            ("target_publics", "martiens"),
        ]);
        let refused = client.post("/cite/modifier", &bad).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("Codes INSEE inconnus : 99999."));
        assert!(refused
            .body
            .contains("Indiquez un pourcentage entre 0 et 100"));
        assert!(refused.body.contains("Public inconnu du référentiel"));
        assert!(
            client.get("/cite").await.body.contains("19,8\u{a0}%"),
            "nothing saved"
        );

        let qpv = [
            ("code", "QN04901M"),
            ("name", "Belle-Beille"),
            ("communes", "49007"),
            ("population", "8400"),
        ];
        assert_eq!(
            client.post("/cite/qpv", &qpv).await.location(),
            "/cite?fait=qpv-ajoute"
        );
        let page = client.get("/cite").await;
        assert!(page.body.contains("Belle-Beille") && page.body.contains("8\u{202f}400"));
        let duplicate = client.post("/cite/qpv", &qpv).await;
        assert_eq!(duplicate.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(duplicate
            .body
            .contains("Ce QPV est déjà rattaché à la Cité."));
        let outside = client
            .post(
                "/cite/qpv",
                &[
                    ("code", "QN06901M"),
                    ("name", "Grande Île"),
                    ("communes", "69256"),
                    ("population", ""),
                ],
            )
            .await;
        assert!(outside.body.contains(
            "La commune Vaulx-en-Velin (69256) ne fait pas partie du territoire de la Cité."
        ));
        // A commune by its name, as people know it, from the suggestions.
        let page = client.get("/cite").await;
        assert!(page.body.contains(
            "<datalist id=\"communes-de-la-cite\"><option value=\"Angers (49007)\"></option>"
        ));
        let by_name = [
            ("code", "QN04902M"),
            ("name", "La Roseraie"),
            ("communes", "angers"),
            ("population", ""),
        ];
        assert_eq!(
            client.post("/cite/qpv", &by_name).await.location(),
            "/cite?fait=qpv-ajoute"
        );
        let typo = [
            ("code", "QN04903M"),
            ("name", "Monplaisir"),
            ("communes", "Angerss"),
            ("population", ""),
        ];
        let refused = client.post("/cite/qpv", &typo).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused
            .body
            .contains("« Angerss » n&#39;est pas une commune du territoire de la Cité"));
        let id = page
            .body
            .split("/cite/qpv/")
            .nth(1)
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        assert_eq!(
            vaulx
                .post(&format!("/cite/qpv/{id}/retirer"), &[])
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let ask = client.get(&format!("/cite/qpv/{id}/retirer")).await;
        assert!(ask
            .body
            .contains("Retirer le quartier prioritaire Belle-Beille (QN04901M)"));
        assert!(ask
            .body
            .contains(&format!("action=\"/cite/qpv/{id}/retirer\"")));
        assert_eq!(
            vaulx.get(&format!("/cite/qpv/{id}/retirer")).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            client
                .post(&format!("/cite/qpv/{id}/retirer"), &[])
                .await
                .location(),
            "/cite?fait=qpv-retire"
        );
        assert!(!client.get("/cite").await.body.contains("Belle-Beille"));
    }
);

/// The account form's four fields.
type Fields = [(&'static str, &'static str); 4];

both_backends!(a_coordinator_creates_accounts, |app: TestApp| async move {
    let mut client = app.signed_in("coord@angers.fr").await;
    let form = client.get("/comptes/nouveau").await;
    assert!(form.body.contains("Mission locale angevine"));
    assert!(
        !form.body.contains("Mission locale de Vaulx"),
        "only the Cité's partners are offered"
    );
    let partner = app.angers_partner.to_string();
    let created = client
        .post(
            "/comptes",
            &[
                ("email", "Conseillere@ML-Angers.fr"),
                ("name", "Inès Conseillère"),
                ("role", "referent"),
                ("partner_id", &partner),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::OK);
    assert!(created
        .body
        .contains("Ce mot de passe ne sera plus affiché"));
    let password = created
        .body
        .split("<code class=\"mai-password\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    let mut new_user = app.client();
    assert_eq!(
        new_user
            .sign_in("conseillere@ml-angers.fr", &password)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert!(new_user
        .get("/")
        .await
        .body
        .contains("Mission locale angevine"));

    let cases: [(&str, Fields, &str); 4] = [
        (
            "email",
            [
                ("email", "pas-une-adresse"),
                ("name", "X"),
                ("role", "pilote"),
                ("partner_id", ""),
            ],
            "Adresse électronique invalide",
        ),
        (
            "role",
            [
                ("email", "a@b.fr"),
                ("name", "X"),
                ("role", "national"),
                ("partner_id", ""),
            ],
            "Choisissez un rôle dans la liste.",
        ),
        (
            "partner_id",
            [
                ("email", "a@b.fr"),
                ("name", "X"),
                ("role", "referent"),
                ("partner_id", ""),
            ],
            "rattaché à un partenaire",
        ),
        (
            "email",
            [
                ("email", "coord@angers.fr"),
                ("name", "X"),
                ("role", "pilote"),
                ("partner_id", ""),
            ],
            "Un compte existe déjà avec cette adresse.",
        ),
    ];
    for (field, fields, message) in cases {
        let response = client.post("/comptes", &fields).await;
        assert_eq!(
            response.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{message}"
        );
        assert!(
            response.body.contains(&format!("id=\"{field}-error\"")),
            "{message}"
        );
        assert!(response.body.contains(message), "{message}");
    }
    // A partner of another Cité is refused by the server even if posted.
    let foreign = app.vaulx_partner.to_string();
    let response = client
        .post(
            "/comptes",
            &[
                ("email", "x@y.fr"),
                ("name", "X"),
                ("role", "referent"),
                ("partner_id", &foreign),
            ],
        )
        .await;
    assert!(response
        .body
        .contains("Choisissez un partenaire actif de la Cité."));
    let mut outsider = app.client();
    assert_eq!(
        outsider.sign_in("x@y.fr", PASSWORD).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let accounts = client.get("/comptes").await;
    assert!(accounts.body.contains("conseillere@ml-angers.fr"));
    assert!(!accounts.body.contains("coord@vaulx.fr"));
});

both_backends!(
    a_qpv_where_people_live_is_kept_and_says_why,
    |app: TestApp| async move {
        let coordinator = app.coordinator().await;
        let actor = Actor::system(chrono::Utc::now());
        let qpv = QpvInput {
            code: "QN04901M".into(),
            name: "Belle-Beille".into(),
            communes: "49007".into(),
            population: String::new(),
        };
        let qpv_id = app
            .store
            .add_qpv(
                &actor,
                &coordinator,
                &qpv.validate(&["49007".to_owned()]).unwrap(),
            )
            .await
            .unwrap();
        let mut person = common::people::participant("Amina", "Belkacem");
        person.residence = qpv_id.to_string();
        let today = chrono::Utc::now().date_naive();
        let draft = person.validate(&[qpv_id], &[], today).unwrap();
        app.propose(&draft, today).await;

        let mut client = app.signed_in("coord@angers.fr").await;
        let path = format!("/cite/qpv/{qpv_id}/retirer");
        let ask = client.get(&path).await;
        assert_eq!(ask.status, StatusCode::OK);
        let refusal = "Ce quartier ne peut pas être retiré : 1 dossier de personne accompagnée y est rattaché.";
        assert!(ask.body.contains(&html(refusal)), "{}", ask.body);
        assert!(
            !ask.body.contains(&format!("action=\"{path}\"")),
            "no button"
        );
        let refused = client.post(&path, &[]).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(refused.body.contains(&html(refusal)));
        assert!(client.get("/cite").await.body.contains("Belle-Beille"));
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        assert_eq!(vaulx.get(&path).await.status, StatusCode::NOT_FOUND);
    }
);

both_backends!(
    a_coordinator_sets_how_long_the_cite_follows_people,
    |app: TestApp| async move {
        let mut client = app.signed_in("coord@angers.fr").await;
        let form = client.get("/cite/modifier").await;
        assert!(form.body.contains("name=\"follow_up_months\" value=\"12\""));
        assert!(form
            .body
            .contains("name=\"referral_expiry_days\" value=\"30\""));
        let mut fields = vec![
            ("name", "Cité d'Angers"),
            ("departement", "49"),
            ("communes", "49007, 49353"),
            ("label_year", "2020"),
            ("follow_up_months", "0"),
            ("referral_expiry_days", "1000"),
        ];
        let refused = client.post("/cite/modifier", &fields).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("Indiquez un nombre entre 1 et 36."));
        assert!(refused.body.contains("Indiquez un nombre entre 7 et 180."));
        fields.retain(|(k, _)| !k.starts_with("follow") && !k.starts_with("referral"));
        fields.extend([("follow_up_months", "18"), ("referral_expiry_days", "45")]);
        let saved = client.post("/cite/modifier", &fields).await;
        assert_eq!(saved.location(), "/cite?fait=cite-modifiee");
        assert!(client
            .get("/cite")
            .await
            .body
            .contains("18 mois ; un adressage sans décision expire après 45 jours"));
        let row = app
            .store
            .cite(&app.coordinator().await, app.angers)
            .await
            .unwrap();
        assert_eq!((row.follow_up_months, row.referral_expiry_days), (18, 45));
        // The cohort form offers the Cité's length from now on.
        assert!(client
            .get("/cohortes")
            .await
            .body
            .contains("name=\"follow_up_months\" value=\"18\""));
    }
);

both_backends!(
    no_target_public_is_a_choice_shown_as_such,
    |app: TestApp| async move {
        let mut client = app.signed_in("coord@angers.fr").await;
        let profile = [
            ("name", "Cité de l'emploi d'Angers Loire Métropole"),
            ("departement", "49"),
            ("communes", "49007"),
            ("label_year", "2020"),
            ("axes", "innovate"),
        ];
        client.post("/cite/modifier", &profile).await;
        assert!(client.get("/cite").await.body.contains("Non renseignés."));

        let both = [
            &profile[..],
            &[("target_publics", "jeunes"), ("no_target_public", "oui")],
        ]
        .concat();
        let refused = client.post("/cite/modifier", &both).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("pas les deux"));

        let chosen = [&profile[..], &[("no_target_public", "oui")]].concat();
        let saved = client.post("/cite/modifier", &chosen).await;
        assert_eq!(saved.location(), "/cite?fait=cite-modifiee");
        let page = client.get("/cite").await.body;
        assert!(page.contains("Pas de public cible : la Cité s'adresse à toutes les personnes de ses quartiers, par choix."));
        assert!(!page.contains("Non renseignés."));
        let form = client.get("/cite/modifier").await.body;
        assert!(form.contains("name=\"no_target_public\" value=\"oui\" checked"));
    }
);

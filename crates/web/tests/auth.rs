//! Sign-in, sign-out, CSRF, throttling, session timeouts, home pages per role.

mod common;

use axum::http::StatusCode;
use chrono::Duration;
use common::{assert_not_found, Backend, TestApp, PASSWORD};

both_backends!(sign_in_and_out, |app: TestApp| async move {
    let mut client = app.client();
    let page = client.get("/").await;
    assert_eq!(
        (page.status, page.location()),
        (StatusCode::SEE_OTHER, "/connexion")
    );

    let response = client.sign_in("COORD@angers.fr ", PASSWORD).await;
    assert_eq!(
        (response.status, response.location()),
        (StatusCode::SEE_OTHER, "/")
    );
    let cookie = response
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect::<Vec<_>>();
    assert!(cookie.iter().any(|c| c.starts_with("maillage=")
        && c.contains("HttpOnly")
        && c.contains("SameSite=Lax")));
    let home = client.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.body.contains("Cité d&#39;Angers") || home.body.contains("Cité d'Angers"),
        "{}",
        home.body
    );
    assert_eq!(home.headers.get("cache-control").unwrap(), "no-store");
    assert!(home
        .headers
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));

    let out = client.post("/deconnexion", &[]).await;
    assert_eq!(
        (out.status, out.location()),
        (StatusCode::SEE_OTHER, "/connexion")
    );
    assert_eq!(client.get("/").await.location(), "/connexion");
});

both_backends!(
    wrong_password_and_unknown_account_read_the_same,
    |app: TestApp| async move {
        let mut client = app.client();
        let wrong = client
            .sign_in("coord@angers.fr", "mauvais mot de passe")
            .await;
        let unknown = client
            .sign_in("personne@nulle.part", "mauvais mot de passe")
            .await;
        for response in [&wrong, &unknown] {
            assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(response
                .body
                .contains("Adresse électronique ou mot de passe incorrect."));
        }
    }
);

both_backends!(
    a_new_session_id_at_each_sign_in,
    |app: TestApp| async move {
        let mut first = app.client();
        first.sign_in("coord@angers.fr", PASSWORD).await;
        let old_cookie = first.get("/").await;
        assert_eq!(old_cookie.status, StatusCode::OK);
        let again = first.sign_in("coord@angers.fr", PASSWORD).await;
        let set = again
            .headers
            .get_all("set-cookie")
            .iter()
            .any(|v| v.to_str().unwrap().starts_with("maillage="));
        assert!(set, "sign-in must issue a fresh session cookie");
    }
);

both_backends!(csrf_is_required, |app: TestApp| async move {
    let mut client = app.signed_in("coord@angers.fr").await;
    let fields = [("name", "Partenaire pirate"), ("category", "associatif")];
    // No token.
    let response = client
        .post_raw("/partenaires", &fields, Some("http://localhost"))
        .await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    assert!(response.body.contains("Formulaire expiré"));
    // A wrong token.
    let response = client
        .post_raw(
            "/partenaires",
            &[fields[0], fields[1], ("csrf_token", "faux")],
            Some("http://localhost"),
        )
        .await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    // The right token from another site.
    let csrf = client.csrf.clone();
    let response = client
        .post_raw(
            "/partenaires",
            &[fields[0], fields[1], ("csrf_token", &csrf)],
            Some("http://evil.example"),
        )
        .await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    // No origin at all.
    let response = client
        .post_raw(
            "/partenaires",
            &[fields[0], fields[1], ("csrf_token", &csrf)],
            None,
        )
        .await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    let list = client.get("/partenaires").await;
    assert!(
        !list.body.contains("Partenaire pirate"),
        "nothing may be saved"
    );
    // The sign-in form is protected too, before any session exists.
    let mut anonymous = app.client();
    let response = anonymous
        .post_raw(
            "/connexion",
            &[("email", "coord@angers.fr"), ("password", PASSWORD)],
            Some("http://localhost"),
        )
        .await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
});

both_backends!(
    sign_in_is_throttled_per_account_and_address,
    |app: TestApp| async move {
        let mut attacker = app.client();
        for _ in 0..5 {
            let response = attacker
                .sign_in("coord@angers.fr", "mauvais mot de passe")
                .await;
            assert!(response.body.contains("incorrect"));
        }
        // Even the right password is refused now, with its own message.
        let response = attacker.sign_in("coord@angers.fr", PASSWORD).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(response.body.contains("Trop de tentatives"));
        // From another address, the account is still locked (per-account limit)…
        let mut other = app.client();
        other.ip = [203, 0, 113, 9];
        assert!(other
            .sign_in("coord@angers.fr", PASSWORD)
            .await
            .body
            .contains("Trop de tentatives"));
        // …while other accounts from that address sign in.
        assert_eq!(
            other.sign_in("pilote@angers.fr", PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );
        // After the window, the account opens again.
        app.clock.advance(Duration::minutes(16));
        let mut later = app.client();
        assert_eq!(
            later.sign_in("coord@angers.fr", PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );

        // Spraying many accounts from one address hits the per-address limit.
        let mut sprayer = app.client();
        sprayer.ip = [192, 0, 2, 200];
        for i in 0..30 {
            sprayer
                .sign_in(&format!("inconnu{i}@nulle.part"), "mauvais mot de passe")
                .await;
        }
        assert!(sprayer
            .sign_in("referent@angers.fr", PASSWORD)
            .await
            .body
            .contains("Trop de tentatives"));
    }
);

both_backends!(sessions_time_out, |app: TestApp| async move {
    let mut client = app.signed_in("coord@angers.fr").await;
    app.clock.advance(Duration::minutes(119));
    assert_eq!(client.get("/").await.status, StatusCode::OK);
    app.clock.advance(Duration::minutes(119));
    assert_eq!(
        client.get("/").await.status,
        StatusCode::OK,
        "activity keeps the session alive"
    );
    app.clock.advance(Duration::minutes(121));
    assert_eq!(
        client.get("/").await.location(),
        "/connexion",
        "idle for more than 2 hours"
    );

    let mut busy = app.signed_in("coord@angers.fr").await;
    for _ in 0..11 {
        app.clock.advance(Duration::minutes(60));
        assert_eq!(busy.get("/").await.status, StatusCode::OK);
    }
    app.clock.advance(Duration::minutes(60));
    assert_eq!(
        busy.get("/").await.location(),
        "/connexion",
        "12 hours at most, however active"
    );
});

both_backends!(
    a_password_reset_ends_the_sessions,
    |app: TestApp| async move {
        let mut referent = app.signed_in("referent@angers.fr").await;
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let accounts = coordinator.get("/comptes").await;
        let id = accounts
            .body
            .split("/comptes/")
            .filter_map(|s| s.split('/').next())
            .filter_map(|s| s.parse::<i64>().ok())
            .find(|id| {
                accounts
                    .body
                    .contains(&format!("/comptes/{id}/mot-de-passe"))
                    && {
                        let row = accounts
                            .body
                            .split(&format!("/comptes/{id}/mot-de-passe"))
                            .next()
                            .unwrap();
                        row.rsplit("<tr>")
                            .next()
                            .unwrap()
                            .contains("referent@angers.fr")
                    }
            })
            .expect("the référent's row");
        let reset = coordinator
            .post(&format!("/comptes/{id}/mot-de-passe"), &[])
            .await;
        assert_eq!(reset.status, StatusCode::OK);
        let password = reset
            .body
            .split("<code class=\"mai-password\">")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_owned();
        assert_eq!(referent.get("/").await.location(), "/connexion");
        let mut again = app.client();
        assert_eq!(
            again.sign_in("referent@angers.fr", PASSWORD).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            again.sign_in("referent@angers.fr", &password).await.status,
            StatusCode::SEE_OTHER
        );
    }
);

both_backends!(every_role_has_its_home, |app: TestApp| async move {
    let cases = [
        (
            "national@anct.gouv.fr",
            "Le réseau des Cités de l'emploi",
            "/cites",
        ),
        ("pilote@angers.fr", "co-pilote", "/partenaires"),
        ("coord@angers.fr", "Vous coordonnez la Cité", "/comptes"),
        ("referent@angers.fr", "Mes personnes", "/partenaires"),
        ("porteur@angers.fr", "Mes actions", "/partenaires"),
    ];
    for (email, text, link) in cases {
        let mut client = app.signed_in(email).await;
        let home = client.get("/").await;
        assert_eq!(home.status, StatusCode::OK, "{email}");
        assert!(
            home.body.contains(text),
            "{email} home should contain {text}: {}",
            home.body
        );
        assert!(
            home.body.contains(&format!("href=\"{link}\"")),
            "{email} menu should link {link}"
        );
    }
});

both_backends!(
    a_member_of_several_cites_switches,
    |app: TestApp| async move {
        let mut client = app.signed_in("multi@prefecture.fr").await;
        let home = client.get("/").await;
        assert!(home.body.contains("Changer de Cité"));
        assert!(
            home.body.contains("<h1>Cité d&#39;Angers</h1>"),
            "{}",
            home.body
        );
        let vaulx = app.vaulx.to_string();
        let switched = client.post("/cite/choisir", &[("cite_id", &vaulx)]).await;
        assert_eq!(switched.status, StatusCode::SEE_OTHER);
        assert!(client
            .get("/")
            .await
            .body
            .contains("<h1>Cité de Vaulx-en-Velin</h1>"));
        // A Cité the user does not belong to is not there.
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        assert_eq!(
            coordinator
                .post("/cite/choisir", &[("cite_id", &vaulx)])
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
);

both_backends!(
    public_pages_and_errors_are_french,
    |app: TestApp| async move {
        let mut client = app.client();
        let health = client.get("/healthz").await;
        assert_eq!(health.status, StatusCode::OK);
        assert!(health.body.contains("\"status\":\"ok\""));
        let statement = client.get("/accessibilite").await;
        assert!(statement.body.contains("Déclaration d'accessibilité"));
        // No audit yet: RGAA says « non conforme », in the statement and the footer.
        assert!(statement.body.contains("<strong>non conforme</strong>"));
        assert!(statement.body.contains("Accessibilité : non conforme"));
        assert_not_found(&client.get("/nulle-part").await);
        assert!(client
            .get("/connexion")
            .await
            .body
            .contains("<html lang=\"fr\""));
    }
);

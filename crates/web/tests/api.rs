//! The JSON API through the real router on both backends: tokens made,
//! used, refused once revoked or expired; every role scoped as on the
//! pages (the same 404 for another Cité's person as for none); reads of a
//! person audited; writes only with a read-write token; every error
//! `application/problem+json` in French.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::Duration;
use common::{Backend, Client, TestApp, TestResponse};
use maillage_domain::ids::ParticipantId;
use serde_json::Value;

/// A person of Vaulx-en-Velin, proposed by its référent.
async fn vaulx_person(app: &TestApp) -> ParticipantId {
    use maillage_domain::accounts::Role;
    use maillage_domain::participants::cohorts::CohortInput;
    let actor = maillage_store::Actor::system(chrono::Utc::now());
    let today = maillage_store::conformance::today();
    let coordinator = app
        .scope("coord@vaulx.fr", app.vaulx, Role::Coordinateur, None)
        .await;
    let referent = app
        .scope(
            "referent@vaulx.fr",
            app.vaulx,
            Role::Referent,
            Some(app.vaulx_partner),
        )
        .await;
    let input = CohortInput {
        name: "Cohorte de Vaulx".into(),
        year: today.format("%Y").to_string(),
        target_size: "90".into(),
        intake_start: "2020-01-01".into(),
        intake_end: format!("{}-12-31", today.format("%Y")),
        follow_up_months: String::new(),
    };
    let cohort = app
        .store
        .create_cohort(&actor, &coordinator, &input.validate(today).unwrap())
        .await
        .unwrap();
    let draft = common::people::participant("Autre", "Cité")
        .validate(&[], &[], today)
        .unwrap();
    app.store
        .propose(&actor, &referent, cohort, &draft, None, today)
        .await
        .unwrap()
        .0
}

/// Makes a token on « Mes jetons d'accès » as `email`; the secret shown once.
async fn token(app: &TestApp, email: &str, access: &str) -> String {
    let mut user = app.signed_in(email).await;
    user.get("/compte/jetons").await;
    let made = user
        .post(
            "/compte/jetons",
            &[
                ("name", "Outil de suivi"),
                ("access", access),
                ("lifetime", "30"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let secret = made
        .body
        .split("<code id=\"nouveau-jeton\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("le jeton, montré une fois")
        .to_owned();
    assert!(secret.starts_with("mlg_"));
    // Shown once: the list has its first characters only.
    let list = user.get("/compte/jetons").await;
    assert!(!list.body.contains(&secret));
    assert!(list.body.contains(&secret[..12]));
    secret
}

async fn call(
    client: &mut Client,
    method: &str,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> TestResponse {
    let mut request = Request::builder().method(method).uri(path);
    if !token.is_empty() {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let request = match body {
        Some(json) => request
            .header("content-type", "application/json")
            .body(Body::from(json.to_string())),
        None => request.body(Body::empty()),
    };
    client.request(request.unwrap()).await
}

fn json(response: &TestResponse) -> Value {
    serde_json::from_str(&response.body).unwrap_or_else(|_| panic!("du JSON : {}", response.body))
}

/// A French problem of `status`.
#[track_caller]
fn problem(response: &TestResponse, status: StatusCode) -> Value {
    assert_eq!(response.status, status, "{}", response.body);
    assert_eq!(response.headers["content-type"], "application/problem+json");
    let body = json(response);
    assert_eq!(body["status"], status.as_u16());
    assert!(!body["detail"].as_str().unwrap().is_empty());
    body
}

both_backends!(
    tokens_are_made_used_revoked_and_expire,
    |app: TestApp| async move {
        let secret = token(&app, "coord@angers.fr", "lecture").await;
        let mut tool = app.client();
        let partners = call(&mut tool, "GET", "/api/v1/partners", &secret, None).await;
        assert_eq!(partners.status, StatusCode::OK, "{}", partners.body);
        let body = json(&partners);
        assert!(body["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "Mission locale angevine"));
        assert_eq!(
            (body["page"].as_i64(), body["per_page"].as_i64()),
            (Some(1), Some(50))
        );

        // No token, a wrong one: 401 with how to get one.
        for bad in ["", "mlg_inventé", "Basic abc"] {
            let refused = call(&mut tool, "GET", "/api/v1/partners", bad, None).await;
            let body = problem(&refused, StatusCode::UNAUTHORIZED);
            assert!(body["detail"]
                .as_str()
                .unwrap()
                .contains("Mes jetons d'accès"));
        }
        // A read-only token writes nothing.
        let write = call(
            &mut tool,
            "POST",
            "/api/v1/referrals/1/decision",
            &secret,
            Some(serde_json::json!({"decision": "refuse", "reason": "Hors critères"})),
        )
        .await;
        problem(&write, StatusCode::FORBIDDEN);

        // Expired after its 30 days.
        app.clock.advance(Duration::days(31));
        let expired = call(&mut tool, "GET", "/api/v1/partners", &secret, None).await;
        problem(&expired, StatusCode::UNAUTHORIZED);

        // Revoked: refused at once.
        app.clock.advance(Duration::days(-31));
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let list = coordinator.get("/compte/jetons").await;
        let id = list
            .body
            .split("/compte/jetons/")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap()
            .to_owned();
        // Nobody else revokes it.
        let other = app
            .signed_in("referent@angers.fr")
            .await
            .post(&format!("/compte/jetons/{id}/revoquer"), &[])
            .await;
        assert_eq!(other.status, StatusCode::NOT_FOUND);
        let revoked = coordinator
            .post(&format!("/compte/jetons/{id}/revoquer"), &[])
            .await;
        assert_eq!(revoked.status, StatusCode::SEE_OTHER);
        assert!(coordinator
            .get("/compte/jetons")
            .await
            .body
            .contains("Révoqué"));
        let refused = call(&mut tool, "GET", "/api/v1/partners", &secret, None).await;
        problem(&refused, StatusCode::UNAUTHORIZED);

        // A coordinator's reset of an account ends its tools' access too.
        let referent = token(&app, "referent@angers.fr", "lecture").await;
        assert_eq!(
            call(&mut tool, "GET", "/api/v1/partners", &referent, None)
                .await
                .status,
            StatusCode::OK
        );
        let id = app.user_id("referent@angers.fr").await;
        let reset = coordinator
            .post(&format!("/comptes/{id}/mot-de-passe"), &[])
            .await;
        assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
        problem(
            &call(&mut tool, "GET", "/api/v1/partners", &referent, None).await,
            StatusCode::UNAUTHORIZED,
        );
    }
);

both_backends!(
    each_role_reads_what_its_pages_show_and_persons_reads_are_audited,
    |app: TestApp| async move {
        let mine = app.admitted("Léa", "Visible").await;
        let vaulx = vaulx_person(&app).await;
        let coordinator = token(&app, "coord@angers.fr", "ecriture").await;
        let mut tool = app.client();
        let persons = json(&call(&mut tool, "GET", "/api/v1/persons", &coordinator, None).await);
        let ids: Vec<i64> = persons["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_i64().unwrap())
            .collect();
        assert!(ids.contains(&mine.get()) && !ids.contains(&vaulx.get()));

        // Another Cité's person and no person: the same answer.
        let theirs = call(
            &mut tool,
            "GET",
            &format!("/api/v1/persons/{vaulx}"),
            &coordinator,
            None,
        )
        .await;
        let none = call(
            &mut tool,
            "GET",
            "/api/v1/persons/999999",
            &coordinator,
            None,
        )
        .await;
        let malformed = call(&mut tool, "GET", "/api/v1/persons/abc", &coordinator, None).await;
        assert_eq!(
            problem(&theirs, StatusCode::NOT_FOUND),
            problem(&none, StatusCode::NOT_FOUND)
        );
        assert_eq!(
            problem(&malformed, StatusCode::NOT_FOUND),
            problem(&none, StatusCode::NOT_FOUND)
        );

        // Reading a file is in its access log, as opening its page is: the
        // log grows by the API's read and by the log's own first reading.
        let mut reader = app.signed_in("coord@angers.fr").await;
        let log = format!("/personnes/{mine}/consultations");
        let rows = |body: &str| body.matches("<tr").count();
        let before = rows(&reader.get(&log).await.body);
        let file = call(
            &mut tool,
            "GET",
            &format!("/api/v1/persons/{mine}"),
            &coordinator,
            None,
        )
        .await;
        assert_eq!(file.status, StatusCode::OK, "{}", file.body);
        assert_eq!(json(&file)["last_name"], "Visible");
        assert_eq!(rows(&reader.get(&log).await.body), before + 2);

        // The national team: counts only, never a person.
        let national = token(&app, "national@anct.gouv.fr", "lecture").await;
        let refused = call(
            &mut tool,
            "GET",
            &format!("/api/v1/persons/{mine}"),
            &national,
            None,
        )
        .await;
        problem(&refused, StatusCode::NOT_FOUND);
        let counts = json(&call(&mut tool, "GET", "/api/v1/indicators", &national, None).await);
        let angers = counts
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["cite_id"] == app.angers.get())
            .unwrap()
            .clone();
        // One person: masked for the national team, exact for a coordinator.
        assert_eq!(angers["active"]["shown"], "< 5");
        assert!(angers["active"]["count"].is_null());
        let own = json(&call(&mut tool, "GET", "/api/v1/indicators", &coordinator, None).await);
        assert_eq!(own[0]["active"]["count"], 1);
        // A co-pilot and a porteur see no person either, and the co-pilot
        // the Cité's counts masked, as on their pages.
        let pilote = token(&app, "pilote@angers.fr", "lecture").await;
        let porteur = token(&app, "porteur@angers.fr", "lecture").await;
        for reader in [&pilote, &porteur, &national] {
            let file = call(
                &mut tool,
                "GET",
                &format!("/api/v1/persons/{mine}"),
                reader,
                None,
            )
            .await;
            problem(&file, StatusCode::NOT_FOUND);
            let list = call(&mut tool, "GET", "/api/v1/persons", reader, None).await;
            assert!(
                matches!(list.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
                "{}",
                list.body
            );
        }
        let masked = json(&call(&mut tool, "GET", "/api/v1/indicators", &pilote, None).await);
        assert_eq!(masked[0]["active"]["shown"], "< 5");
        problem(
            &call(&mut tool, "GET", "/api/v1/indicators", &porteur, None).await,
            StatusCode::FORBIDDEN,
        );
        // A référent reads no indicators.
        let referent = token(&app, "referent@angers.fr", "lecture").await;
        problem(
            &call(&mut tool, "GET", "/api/v1/indicators", &referent, None).await,
            StatusCode::FORBIDDEN,
        );
    }
);

both_backends!(
    a_coordinator_decides_a_referral_with_a_read_write_token,
    |app: TestApp| async move {
        let today = maillage_domain::time::paris_date(chrono::Utc::now());
        let (_, referral) = app
            .propose(
                &common::people::participant("Nina", "Proposée")
                    .validate(&[], &[], today)
                    .unwrap(),
                today,
            )
            .await;
        let coordinator = token(&app, "coord@angers.fr", "ecriture").await;
        let mut tool = app.client();
        let listed = json(&call(&mut tool, "GET", "/api/v1/referrals", &coordinator, None).await);
        assert_eq!(listed["data"][0]["status"], "proposed");
        let path = format!("/api/v1/referrals/{referral}/decision");
        let malformed = call(
            &mut tool,
            "POST",
            &path,
            &coordinator,
            Some(serde_json::json!({"decision": "peut-être"})),
        )
        .await;
        problem(&malformed, StatusCode::BAD_REQUEST);
        let refuse = serde_json::json!({"decision": "refuse", "reason": "Hors critères"});
        let done = call(&mut tool, "POST", &path, &coordinator, Some(refuse.clone())).await;
        assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.body);
        // Twice: the rule refuses it, in French.
        let again = problem(
            &call(&mut tool, "POST", &path, &coordinator, Some(refuse)).await,
            StatusCode::CONFLICT,
        );
        assert!(again["detail"]
            .as_str()
            .unwrap()
            .contains("déjà été traitée"));
        // A référent's read-write token: not a coordinator's decision.
        let referent = token(&app, "referent@angers.fr", "ecriture").await;
        let accept = serde_json::json!({"decision": "accept", "entry_date": today.to_string()});
        let refused = call(&mut tool, "POST", &path, &referent, Some(accept)).await;
        assert!(matches!(
            refused.status,
            StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
        ));
        assert_eq!(refused.headers["content-type"], "application/problem+json");
    }
);

both_backends!(
    the_api_speaks_problem_json_and_documents_itself,
    |app: TestApp| async move {
        let coordinator = token(&app, "coord@angers.fr", "lecture").await;
        let mut tool = app.client();
        let bad_page = problem(
            &call(
                &mut tool,
                "GET",
                "/api/v1/partners?page=0",
                &coordinator,
                None,
            )
            .await,
            StatusCode::BAD_REQUEST,
        );
        assert!(bad_page["detail"].as_str().unwrap().contains("per_page"));
        problem(
            &call(
                &mut tool,
                "GET",
                "/api/v1/partners?inconnu=1",
                &coordinator,
                None,
            )
            .await,
            StatusCode::BAD_REQUEST,
        );
        problem(
            &call(&mut tool, "GET", "/api/v1/inexistant", &coordinator, None).await,
            StatusCode::NOT_FOUND,
        );
        problem(
            &call(&mut tool, "DELETE", "/api/v1/partners", &coordinator, None).await,
            StatusCode::METHOD_NOT_ALLOWED,
        );
        let body = problem(
            &call(
                &mut tool,
                "POST",
                "/api/v1/referrals/1/decision",
                &coordinator,
                Some(Value::Null),
            )
            .await,
            StatusCode::FORBIDDEN,
        );
        assert_eq!(body["type"], "about:blank");

        let document = json(&tool.get("/api/v1/openapi.json").await);
        assert_eq!(document["openapi"], "3.1.0");
        let paths = document["paths"].as_object().unwrap();
        for path in [
            "/partners",
            "/services",
            "/actions",
            "/actions/{id}/sessions",
            "/cohorts",
            "/persons",
            "/persons/{id}",
            "/persons/{id}/outcomes",
            "/referrals",
            "/referrals/{id}/decision",
            "/indicators",
        ] {
            assert!(paths.contains_key(path), "{path}");
        }
        let page = tool.get("/api/v1").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("<code>/api/v1/persons/{id}</code>"));
    }
);

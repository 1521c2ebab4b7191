//! `/metrics` through the real router on both backends: served on the
//! application's address only to the bearer of its token (anyone else gets
//! the 404 of an unknown page), counting requests by route template and
//! status, timing them, and reading the store's pools and audit queue.

mod common;

use axum::http::StatusCode;
use common::{assert_not_found, Backend, TestApp};
use maillage_web::Config;

fn with_token() -> Config {
    Config {
        metrics_token: Some("jeton-de-supervision".into()),
        ..Config::default()
    }
}

both_backends!(
    metrics_are_read_by_the_token_s_bearer_only,
    |app: TestApp| async move {
        let mut tool = app.configured(with_token());
        // Unknown without the token, with a wrong one, or with none configured.
        assert_not_found(&tool.get("/metrics").await);
        let wrong = ("authorization", "Bearer autre-jeton");
        assert_not_found(&tool.get_with("/metrics", wrong).await);
        let bearer = ("authorization", "Bearer jeton-de-supervision");
        assert_not_found(&app.client().get_with("/metrics", bearer).await);

        tool.get("/connexion").await;
        tool.get("/connexion").await;
        tool.get("/partenaires/12").await;
        tool.get("/nulle-part").await;
        let page = tool.get_with("/metrics", bearer).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text"));
        let text = page.body;
        let line = |start: &str| {
            text.lines()
                .find(|l| l.starts_with(start))
                .unwrap_or_else(|| panic!("{start} manque : {text}"))
                .to_owned()
        };
        assert!(line(
            "maillage_http_requests_total{route=\"/connexion\",method=\"GET\",status=\"200\"}"
        )
        .ends_with(" 2"));
        // A route is its template, never an id; no route is « aucune ».
        line("maillage_http_requests_total{route=\"/partenaires/{id}\",method=\"GET\",status=\"");
        assert!(!text.contains("/partenaires/12"));
        line("maillage_http_requests_total{route=\"aucune\",method=\"GET\",status=\"404\"}");
        assert!(line(
            "maillage_http_request_duration_seconds_count{route=\"/connexion\",method=\"GET\"}"
        )
        .ends_with(" 2"));
        line("maillage_http_request_duration_seconds_bucket{le=\"0.001\",route=\"/connexion\"");
        line("maillage_db_connections{pool=\"");
        line("maillage_audit_queue_depth ");
        line("maillage_outbox_backlog 0");
        assert!(text.ends_with("# EOF\n"));
    }
);

#[tokio::test]
async fn the_separate_address_serves_metrics_alone_without_a_token() {
    use tower::ServiceExt;
    let app = TestApp::new(Backend::Sqlite).await;
    let state = maillage_web::AppState::new(app.store.clone(), Config::default());
    let router = maillage_web::metrics::router(state);
    let request = |path: &str| {
        axum::http::Request::get(path)
            .body(axum::body::Body::empty())
            .unwrap()
    };
    let response = router.clone().oneshot(request("/metrics")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let response = router.oneshot(request("/connexion")).await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

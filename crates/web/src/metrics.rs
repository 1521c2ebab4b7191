//! Prometheus metrics (`/metrics`, OpenMetrics text): requests by route,
//! method and status, their latency, the store's connection pools, the
//! audit rows waiting for their group commit and the outbox's backlog.
//!
//! Served either on a separate address (`maillage serve --metrics-bind`,
//! reached by the monitoring network only), or on the application's own
//! behind a bearer token (`--metrics-token`); with neither, `/metrics` is
//! the 404 of any unknown page. The route is a template (`/personnes/{id}`),
//! never a path with an id, so the series stay few.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult};
use crate::state::AppState;

const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// The route label of a request no route matched.
const UNMATCHED: &str = "aucune";

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
    method: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    pool: String,
    state: &'static str,
}

type LatencyFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

/// The registry and the series the middleware and each scrape fill.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: LatencyFamily,
    connections: Family<PoolLabels, Gauge>,
    audit_queue: Gauge,
    outbox: Gauge,
}

fn latency_histogram() -> Histogram {
    // 1 ms to about 4 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 13))
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("maillage");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "Requêtes HTTP servies, par route, méthode et statut",
            requests.clone(),
        );
        let latency: LatencyFamily = Family::new_with_constructor(latency_histogram);
        registry.register(
            "http_request_duration_seconds",
            "Durée des requêtes HTTP, par route et méthode",
            latency.clone(),
        );
        let connections = Family::<PoolLabels, Gauge>::default();
        registry.register(
            "db_connections",
            "Connexions des pools de la base : ouvertes, inactives, maximum",
            connections.clone(),
        );
        let audit_queue = Gauge::default();
        registry.register(
            "audit_queue_depth",
            "Lignes du journal en attente d'écriture groupée",
            audit_queue.clone(),
        );
        let outbox = Gauge::default();
        registry.register(
            "outbox_backlog",
            "Courriels de la boîte d'envoi pas encore partis",
            outbox.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            connections,
            audit_queue,
            outbox,
        }
    }
}

impl Metrics {
    fn observe(&self, route: &str, method: &str, status: StatusCode, started: Instant) {
        let labels = RouteLabels {
            route: route.to_owned(),
            method: method.to_owned(),
        };
        self.latency
            .get_or_create(&labels)
            .observe(started.elapsed().as_secs_f64());
        let labels = RequestLabels {
            route: labels.route,
            method: labels.method,
            status: status.as_u16(),
        };
        self.requests.get_or_create(&labels).inc();
    }
}

/// The matched route, carried from inside the router to [`middleware`] in
/// the response's extensions (outside it, no route is known yet).
#[derive(Clone)]
struct RouteOf(MatchedPath);

/// Inside the router: tells [`middleware`] which route answered.
pub async fn route_layer(route: MatchedPath, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response.extensions_mut().insert(RouteOf(route));
    response
}

/// The method as a label: the standard ones, any other as « autre » (a
/// client may send any word, and each would make new series).
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    const KNOWN: [(Method, &str); 7] = [
        (Method::GET, "GET"),
        (Method::HEAD, "HEAD"),
        (Method::POST, "POST"),
        (Method::PUT, "PUT"),
        (Method::PATCH, "PATCH"),
        (Method::DELETE, "DELETE"),
        (Method::OPTIONS, "OPTIONS"),
    ];
    KNOWN
        .iter()
        .find(|(known, _)| known == method)
        .map_or("autre", |(_, label)| label)
}

/// Around everything: counts each request and times it.
pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let response = next.run(request).await;
    let route = response.extensions().get::<RouteOf>();
    let route = route.map_or(UNMATCHED, |r| r.0.as_str());
    state
        .metrics
        .observe(route, method, response.status(), started);
    response
}

/// The metrics as text, the store's gauges read now.
async fn scrape(state: &AppState) -> AppResult<Response> {
    let gauges = state.store.gauges();
    let metrics = &state.metrics;
    for pool in &gauges.pools {
        let busy = pool.open as usize - pool.idle.min(pool.open as usize);
        for (label, value) in [
            ("ouvertes", pool.open as i64),
            ("inactives", pool.idle as i64),
            ("occupees", busy as i64),
            ("maximum", pool.max as i64),
        ] {
            let labels = PoolLabels {
                pool: pool.pool.to_owned(),
                state: label,
            };
            metrics.connections.get_or_create(&labels).set(value);
        }
    }
    metrics.audit_queue.set(gauges.audit_queue as i64);
    metrics.outbox.set(state.store.outbox_backlog().await?);
    let mut text = String::new();
    encode(&mut text, &metrics.registry).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(([(header::CONTENT_TYPE, CONTENT_TYPE)], text).into_response())
}

/// `/metrics` on the application's address: the token's bearer only.
async fn guarded(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    let Some(expected) = &state.config.metrics_token else {
        return Err(AppError::NotFound);
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    // Digests compared, not the strings: no early exit on the first byte.
    match Sha256::digest(given) == Sha256::digest(expected) {
        true => scrape(&state).await,
        false => Err(AppError::NotFound),
    }
}

async fn open(State(state): State<AppState>) -> AppResult<Response> {
    scrape(&state).await
}

/// The route on the application's own address.
pub fn routes() -> Router<AppState> {
    Router::new().route("/metrics", get(guarded))
}

/// The whole service on the separate metrics address: `/metrics`, nothing
/// else, without a token.
pub fn router(state: AppState) -> Router {
    Router::new().route("/metrics", get(open)).with_state(state)
}

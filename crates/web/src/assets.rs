//! Static assets embedded in the binary: `web/vendor/` (DSFR, htmx, vendored
//! from npm by `web/vendor.sh`) under `/static/vendor/…` and `web/static/`
//! (ours) under `/static/…`. See `crates/web/build.rs`.
//!
//! Templates link to an asset with [`url`], which appends `?v=<hash>`; such a
//! request is cached for a year (`immutable`), any other for an hour. Every
//! response carries the hash as `ETag` and answers `If-None-Match` with 304.

use axum::body::Body;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

// `static ASSETS: &[(&str, &[u8], &str)]`: (path after `/static/`, content,
// first 10 hex digits of the content's SHA-256), sorted by path.
include!(concat!(env!("OUT_DIR"), "/assets.rs"));

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const SHORT: &str = "public, max-age=3600";

/// Serves `GET /static/{*path}` (and `HEAD`) from the embedded table.
///
/// Unknown paths get a bare `404 Not Found` with an empty body, for the
/// caller to dress up.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/static/{*path}", get(serve))
}

/// `/static/<path>?v=<hash>`, the URL a template uses for the asset `path`
/// (for example `vendor/dsfr/dsfr.min.css` or `maillage.css`).
///
/// An unknown `path` is logged and gives `/static/<path>` without a version,
/// which the router will answer with 404.
pub fn url(path: &str) -> String {
    match find(path) {
        Some((_, hash)) => format!("/static/{path}?v={hash}"),
        None => {
            tracing::warn!(path, "unknown static asset");
            format!("/static/{path}")
        }
    }
}

/// The content and hash of the asset at `path` (after `/static/`).
fn find(path: &str) -> Option<(&'static [u8], &'static str)> {
    ASSETS
        .binary_search_by(|(p, _, _)| (*p).cmp(path))
        .ok()
        .map(|i| (ASSETS[i].1, ASSETS[i].2))
}

/// The handler reads the path from the URI rather than with `Path<String>`,
/// which would allocate; table paths never need percent-decoding (build.rs
/// allows only `[A-Za-z0-9._@+-]` in file names).
async fn serve(uri: Uri, headers: HeaderMap) -> Response {
    let Some((body, hash)) = uri.path().strip_prefix("/static/").and_then(find) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let path = uri.path();
    let versioned = uri.query().is_some_and(|q| {
        q.split('&')
            .any(|pair| pair.strip_prefix("v=") == Some(hash))
    });
    let cache_control = HeaderValue::from_static(if versioned { IMMUTABLE } else { SHORT });
    let etag =
        HeaderValue::from_str(&format!("\"{hash}\"")).expect("hex digits are a valid header value");

    if matches_etag(&headers, hash) {
        return (
            StatusCode::NOT_MODIFIED,
            [(ETAG, etag), (CACHE_CONTROL, cache_control)],
        )
            .into_response();
    }
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static(content_type(path))),
            (ETAG, etag),
            (CACHE_CONTROL, cache_control),
        ],
        Body::from(body),
    )
        .into_response()
}

/// Whether an `If-None-Match` header names the current version: weak
/// comparison (RFC 9110 §13.1.2), so `W/"<hash>"` matches too, as do `*` and,
/// leniently, the bare hash.
fn matches_etag(headers: &HeaderMap, hash: &str) -> bool {
    headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|tag| {
            let tag = tag.trim();
            tag.strip_prefix("W/").unwrap_or(tag)
        })
        .any(|tag| {
            tag == "*"
                || tag == hash
                || tag
                    .strip_prefix('"')
                    .and_then(|t| t.strip_suffix('"'))
                    .is_some_and(|t| t == hash)
        })
}

fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let extension = match name.rsplit_once('.') {
        Some((_, extension)) => extension,
        // VERSIONS, LICENSE
        None => return "text/plain; charset=utf-8",
    };
    match extension {
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "md" | "txt" => "text/plain; charset=utf-8",
        _ => mime_guess::from_ext(extension)
            .first_raw()
            .unwrap_or("application/octet-stream"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;
    use http_body_util::BodyExt;
    use sha2::{Digest, Sha256};
    use tower::ServiceExt;

    async fn get(uri: &str, if_none_match: Option<&str>) -> Response {
        let mut request = Request::get(uri);
        if let Some(tag) = if_none_match {
            request = request.header(IF_NONE_MATCH, tag);
        }
        router::<()>()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap()
    }

    fn header<'a>(response: &'a Response, name: &str) -> &'a str {
        response.headers()[name].to_str().unwrap()
    }

    async fn body(response: Response) -> Vec<u8> {
        response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec()
    }

    fn hash_of(path: &str) -> &'static str {
        find(path).unwrap().1
    }

    #[test]
    fn table_is_sorted_unique_and_hashes_are_sha256_prefixes() {
        assert!(
            ASSETS.windows(2).all(|w| w[0].0 < w[1].0),
            "table not strictly sorted"
        );
        for (path, content, hash) in ASSETS {
            let expected = hex::encode(Sha256::digest(content));
            assert_eq!(*hash, &expected[..10], "{path}");
        }
    }

    #[test]
    fn table_holds_what_the_layout_needs() {
        for path in [
            "vendor/dsfr/dsfr.min.css",
            "vendor/dsfr/dsfr.module.min.js",
            "vendor/dsfr/dsfr.nomodule.min.js",
            "vendor/dsfr/fonts/Marianne-Regular.woff2",
            "vendor/dsfr/fonts/Marianne-Bold.woff2",
            "vendor/dsfr/favicon/favicon.svg",
            "vendor/dsfr/favicon/favicon.ico",
            "vendor/dsfr/favicon/apple-touch-icon.png",
            "vendor/dsfr/favicon/manifest.webmanifest",
            "vendor/dsfr/utility/icons/icons-system/icons-system.min.css",
            "vendor/htmx/htmx.min.js",
            "vendor/VERSIONS",
            "maillage.css",
            "maillage.js",
        ] {
            assert!(find(path).is_some(), "{path} is not embedded");
        }
    }

    #[test]
    fn url_carries_the_hash() {
        let hash = hash_of("vendor/dsfr/dsfr.min.css");
        assert_eq!(hash.len(), 10);
        assert_eq!(
            url("vendor/dsfr/dsfr.min.css"),
            format!("/static/vendor/dsfr/dsfr.min.css?v={hash}")
        );
        assert_eq!(url("nope.css"), "/static/nope.css");
    }

    #[tokio::test]
    async fn css_is_served_with_its_type_and_a_short_cache_without_version() {
        let response = get("/static/vendor/dsfr/dsfr.min.css", None).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(header(&response, "content-type").starts_with("text/css"));
        assert_eq!(header(&response, "cache-control"), SHORT);
        let hash = hash_of("vendor/dsfr/dsfr.min.css");
        assert_eq!(header(&response, "etag"), format!("\"{hash}\""));
        assert_eq!(
            body(response).await,
            find("vendor/dsfr/dsfr.min.css").unwrap().0
        );

        let response = get("/static/maillage.css", None).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(header(&response, "content-type").starts_with("text/css"));
    }

    #[tokio::test]
    async fn versioned_url_is_immutable_and_stale_version_is_not() {
        let response = get(&url("vendor/htmx/htmx.min.js"), None).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, "cache-control"), IMMUTABLE);
        assert!(header(&response, "content-type").starts_with("text/javascript"));

        let response = get("/static/vendor/htmx/htmx.min.js?v=0000000000", None).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, "cache-control"), SHORT);
    }

    #[tokio::test]
    async fn content_types() {
        for (path, expected) in [
            (
                "vendor/dsfr/favicon/manifest.webmanifest",
                "application/manifest+json",
            ),
            ("vendor/dsfr/fonts/Marianne-Regular.woff2", "font/woff2"),
            ("vendor/dsfr/favicon/favicon.svg", "image/svg+xml"),
            ("vendor/dsfr/favicon/apple-touch-icon.png", "image/png"),
            ("maillage.js", "text/javascript; charset=utf-8"),
        ] {
            let response = get(&format!("/static/{path}"), None).await;
            assert_eq!(header(&response, "content-type"), expected, "{path}");
        }
    }

    #[tokio::test]
    async fn matching_if_none_match_gives_304() {
        let hash = hash_of("vendor/dsfr/dsfr.min.css");
        let etag = header(&get("/static/vendor/dsfr/dsfr.min.css", None).await, "etag").to_owned();
        for tag in [
            etag.as_str(),
            &format!("W/{etag}"),
            &format!("\"other\", {etag}"),
            hash,
        ] {
            let response = get(&url("vendor/dsfr/dsfr.min.css"), Some(tag)).await;
            assert_eq!(response.status(), StatusCode::NOT_MODIFIED, "{tag}");
            assert_eq!(header(&response, "etag"), etag);
            assert_eq!(header(&response, "cache-control"), IMMUTABLE);
            assert!(body(response).await.is_empty());
        }
        let response = get("/static/vendor/dsfr/dsfr.min.css", Some("\"0000000000\"")).await;
        assert_eq!(response.status(), StatusCode::OK);
    }

    #[tokio::test]
    async fn unknown_path_is_an_empty_404() {
        for uri in [
            "/static/nope.css",
            "/static/vendor/",
            "/static/vendor/dsfr",
            "/static/vendor/dsfr/../dsfr/dsfr.min.css",
            "/static/vendor%2Fdsfr%2Fdsfr.min.css",
        ] {
            let response = get(uri, None).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{uri}");
            assert!(body(response).await.is_empty(), "{uri}");
        }
    }

    #[tokio::test]
    async fn head_is_answered() {
        let response = router::<()>()
            .oneshot(
                Request::head("/static/maillage.css")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
}

//! Cross-site request forgery defence, two layers: the request must come from
//! our own origin (`Origin`, else `Referer`), and carry the session's token,
//! either as the `X-CSRF-Token` header (htmx) or the `csrf_token` form field.
//! Before sign-in the token lives in its own cookie (double submit).

use axum::body::Body;
use axum::http::header::{CONTENT_TYPE, HOST, ORIGIN, REFERER};
use axum::http::{HeaderMap, Method};

use crate::error::AppError;
use crate::state::Config;

pub const FIELD: &str = "csrf_token";
pub const HEADER: &str = "x-csrf-token";
/// Forms are small; imports will come as multipart with the header token.
const MAX_FORM_BYTES: usize = 1024 * 1024;

pub fn anonymous_cookie_name(config: &Config) -> &'static str {
    if config.https {
        "__Host-maillage-csrf"
    } else {
        "maillage-csrf"
    }
}

pub fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn same_origin(config: &Config, headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let scheme = if config.https { "https" } else { "http" };
    let ours = format!("{scheme}://{host}");
    if let Some(origin) = headers.get(ORIGIN) {
        return origin.as_bytes() == ours.as_bytes();
    }
    headers
        .get(REFERER)
        .and_then(|r| r.to_str().ok())
        .is_some_and(|r| r == ours || r.starts_with(&format!("{ours}/")))
}

/// Compares without stopping at the first difference.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Checks the request; gives back the body with the token field removed so
/// that forms can refuse unknown fields.
pub async fn verify(
    config: &Config,
    headers: &HeaderMap,
    body: Body,
    expected: Option<&str>,
) -> Result<Body, AppError> {
    if !same_origin(config, headers) {
        return Err(AppError::Csrf);
    }
    let expected = expected.filter(|e| !e.is_empty()).ok_or(AppError::Csrf)?;
    if let Some(token) = headers.get(HEADER) {
        return if constant_time_eq(token.as_bytes(), expected.as_bytes()) {
            Ok(body)
        } else {
            Err(AppError::Csrf)
        };
    }
    let is_form = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(AppError::Csrf);
    }
    let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| AppError::BadRequest("Le formulaire envoyé est trop volumineux.".into()))?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
        .map_err(|_| AppError::BadRequest("Le formulaire envoyé est illisible.".into()))?;
    let mut token = None;
    let rest: Vec<&(String, String)> = pairs
        .iter()
        .filter(|(key, value)| {
            if key == FIELD {
                token = Some(value.as_str());
                false
            } else {
                true
            }
        })
        .collect();
    match token {
        Some(token) if constant_time_eq(token.as_bytes(), expected.as_bytes()) => {
            let encoded = serde_urlencoded::to_string(&rest)
                .map_err(|_| AppError::BadRequest("Le formulaire envoyé est illisible.".into()))?;
            Ok(Body::from(encoded))
        }
        _ => Err(AppError::Csrf),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn origin_must_be_ours() {
        let config = Config::default();
        assert!(same_origin(
            &config,
            &headers(&[
                ("host", "127.0.0.1:8080"),
                ("origin", "http://127.0.0.1:8080")
            ])
        ));
        assert!(!same_origin(
            &config,
            &headers(&[
                ("host", "127.0.0.1:8080"),
                ("origin", "http://evil.example")
            ])
        ));
        assert!(!same_origin(
            &config,
            &headers(&[("host", "127.0.0.1:8080"), ("origin", "null")])
        ));
        assert!(same_origin(
            &config,
            &headers(&[("host", "a.fr"), ("referer", "http://a.fr/partenaires")])
        ));
        assert!(!same_origin(
            &config,
            &headers(&[("host", "a.fr"), ("referer", "http://a.fr.evil.example/")])
        ));
        assert!(!same_origin(&config, &headers(&[("host", "a.fr")])));
        let https = Config {
            https: true,
            ..Config::default()
        };
        assert!(!same_origin(
            &https,
            &headers(&[("host", "a.fr"), ("origin", "http://a.fr")])
        ));
    }

    #[tokio::test]
    async fn token_is_checked_and_stripped() {
        let config = Config::default();
        let h = headers(&[
            ("host", "a.fr"),
            ("origin", "http://a.fr"),
            ("content-type", "application/x-www-form-urlencoded"),
        ]);
        let body = verify(
            &config,
            &h,
            Body::from("name=Caf%C3%A9&csrf_token=abc"),
            Some("abc"),
        )
        .await
        .unwrap();
        let bytes = axum::body::to_bytes(body, 1000).await.unwrap();
        assert_eq!(&bytes[..], b"name=Caf%C3%A9");
        assert!(verify(
            &config,
            &h,
            Body::from("name=x&csrf_token=abd"),
            Some("abc")
        )
        .await
        .is_err());
        assert!(verify(&config, &h, Body::from("name=x"), Some("abc"))
            .await
            .is_err());
        assert!(verify(&config, &h, Body::from("csrf_token="), Some(""))
            .await
            .is_err());
    }
}

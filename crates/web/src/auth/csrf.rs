//! Cross-site request forgery defence, two layers: the request must come from
//! our own origin (`Origin`, else `Referer`), and carry the session's token,
//! either as the `X-CSRF-Token` header (htmx) or the `csrf_token` form field
//! (in a multipart form, its first part: read before the file, which streams
//! on to the handler unread).
//! Before sign-in the token lives in its own cookie (double submit).

use axum::body::{Body, Bytes};
use axum::http::header::{CONTENT_TYPE, HOST, ORIGIN, REFERER};
use axum::http::{HeaderMap, Method};
use futures::StreamExt;

use crate::error::AppError;
use crate::state::Config;

pub const FIELD: &str = "csrf_token";
pub const HEADER: &str = "x-csrf-token";
/// Forms are small; files come as multipart.
const MAX_FORM_BYTES: usize = 1024 * 1024;
/// Where a multipart form's first part (the token) must have ended.
const MAX_MULTIPART_HEAD: usize = 16 * 1024;

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
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if content_type.starts_with("multipart/form-data") {
        return verify_multipart(content_type, body, expected).await;
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
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

/// Checks that a multipart form's first part is the right token; gives back
/// the body without it, the rest (the file) streamed as it comes.
async fn verify_multipart(
    content_type: &str,
    body: Body,
    expected: &str,
) -> Result<Body, AppError> {
    let boundary = multer::parse_boundary(content_type).map_err(|_| AppError::Csrf)?;
    let mut stream = body.into_data_stream();
    let mut head = Vec::new();
    let (token, rest) = loop {
        if let Some(found) = first_part(&head, &boundary)? {
            break found;
        }
        if head.len() > MAX_MULTIPART_HEAD {
            return Err(AppError::Csrf);
        }
        match stream.next().await {
            Some(Ok(chunk)) => head.extend_from_slice(&chunk),
            Some(Err(_)) => {
                return Err(AppError::BadRequest(
                    "Le formulaire envoyé est illisible.".into(),
                ))
            }
            None => return Err(AppError::Csrf),
        }
    };
    if !constant_time_eq(token.as_bytes(), expected.as_bytes()) {
        return Err(AppError::Csrf);
    }
    let rest = Bytes::copy_from_slice(&head[rest..]);
    Ok(Body::from_stream(
        futures::stream::once(async move { Ok::<_, axum::Error>(rest) }).chain(stream),
    ))
}

/// The value of the first part, when it is whole in `head`, and where the
/// next part starts; an error when that part is not `csrf_token`.
fn first_part(head: &[u8], boundary: &str) -> Result<Option<(String, usize)>, AppError> {
    let opening = format!("--{boundary}\r\n");
    let shared = head.len().min(opening.len());
    if head[..shared] != opening.as_bytes()[..shared] {
        return Err(AppError::Csrf);
    }
    let Some(headers_end) = find(head, b"\r\n\r\n") else {
        return Ok(None);
    };
    let headers = String::from_utf8_lossy(&head[opening.len().min(headers_end)..headers_end]);
    let named = headers.split("\r\n").any(|line| {
        line.to_ascii_lowercase()
            .starts_with("content-disposition:")
            && line.contains(&format!("; name=\"{FIELD}\""))
    });
    if !named {
        return Err(AppError::Csrf);
    }
    let value_start = headers_end + 4;
    let closing = format!("\r\n--{boundary}");
    let Some(length) = find(&head[value_start..], closing.as_bytes()) else {
        return Ok(None);
    };
    let value = String::from_utf8_lossy(&head[value_start..value_start + length]).into_owned();
    // The next part starts at its delimiter, without the line break before it.
    Ok(Some((value, value_start + length + 2)))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
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

    /// A post from our own pages, of this content type.
    fn same_site_post(content_type: &str) -> HeaderMap {
        headers(&[
            ("host", "a.fr"),
            ("origin", "http://a.fr"),
            ("content-type", content_type),
        ])
    }

    #[tokio::test]
    async fn token_is_checked_and_stripped() {
        let config = Config::default();
        let h = same_site_post("application/x-www-form-urlencoded");
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

    #[tokio::test]
    async fn a_multipart_token_is_its_first_part() {
        let config = Config::default();
        let h = same_site_post("multipart/form-data; boundary=XyZ");
        let file = "--XyZ\r\nContent-Disposition: form-data; name=\"fichier\"; filename=\"a.json\"\r\n\r\n{}\r\n--XyZ--\r\n";
        let token = |value: &str| {
            format!(
                "--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{value}\r\n"
            )
        };
        let body = verify(&config, &h, Body::from(token("abc") + file), Some("abc"))
            .await
            .unwrap();
        let bytes = axum::body::to_bytes(body, 1000).await.unwrap();
        assert_eq!(&bytes[..], file.as_bytes(), "the token part is stripped");
        for forged in [
            token("abd") + file,
            file.to_owned() + &token("abc"),
            String::new(),
        ] {
            assert!(verify(&config, &h, Body::from(forged), Some("abc"))
                .await
                .is_err());
        }
    }
}

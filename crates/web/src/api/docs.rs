//! `/api/v1`: the API's documentation for people, a DSFR page made from
//! the same OpenAPI document the tools read (no script, no other site).

use askama::Template;
use axum::response::{IntoResponse, Response};
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::RefOr;

use super::document;
use crate::error::AppResult;
use crate::views::{render, Layout};

/// One operation as the page lists it.
struct Entry {
    method: &'static str,
    path: String,
    summary: String,
    description: String,
    /// (name, where, required, description)
    parameters: Vec<(String, &'static str, bool, String)>,
    /// (status, description)
    responses: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "api/docs.html")]
struct DocsPage {
    layout: Layout,
    description: String,
    entries: Vec<Entry>,
}

fn entry(method: &'static str, path: &str, operation: &Operation) -> Entry {
    let (summary, description) = match operation.description.as_deref() {
        Some(text) => match text.split_once('\n') {
            Some((first, rest)) => (first.to_owned(), rest.trim().to_owned()),
            None => (text.to_owned(), String::new()),
        },
        None => (operation.summary.clone().unwrap_or_default(), String::new()),
    };
    let parameters = operation
        .parameters
        .iter()
        .flatten()
        .map(|p| {
            let place = match p.parameter_in {
                ParameterIn::Path => "chemin",
                ParameterIn::Query => "requête",
                ParameterIn::Header => "en-tête",
                ParameterIn::Cookie => "cookie",
            };
            let required = matches!(p.required, utoipa::openapi::Required::True);
            (
                p.name.clone(),
                place,
                required,
                p.description.clone().unwrap_or_default(),
            )
        })
        .collect();
    let responses = operation
        .responses
        .responses
        .iter()
        .map(|(status, response)| {
            let text = match response {
                RefOr::T(response) => response.description.clone(),
                RefOr::Ref(reference) => reference.ref_location.clone(),
            };
            (status.clone(), text)
        })
        .collect();
    Entry {
        method,
        path: format!("/api/v1{path}"),
        summary,
        description,
        parameters,
        responses,
    }
}

pub async fn page() -> AppResult<Response> {
    let document = document();
    let mut entries = Vec::new();
    for (path, item) in &document.paths.paths {
        for (method, operation) in [("GET", &item.get), ("POST", &item.post)] {
            if let Some(operation) = operation {
                entries.push(entry(method, path, operation));
            }
        }
    }
    let page = DocsPage {
        layout: Layout::anonymous("API de Maillage", String::new()),
        description: document.info.description.clone().unwrap_or_default(),
        entries,
    };
    Ok(render(&page)?.into_response())
}

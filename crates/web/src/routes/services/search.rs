//! `GET /offres`: the catalogue, searched by thematic, public, commune or
//! QPV and free text. htmx gets the results partial, anyone else the page.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maillage_domain::cites::split_codes;
use maillage_domain::ids::ServiceId;
use maillage_domain::{referential, FieldErrors};
use maillage_store::services::{ServiceListRow, ServiceQuery};
use serde::Deserialize;

use super::can_edit;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::Query;
use crate::form::HxRequest;
use crate::state::AppState;
use crate::views::codes::{labels, options, ThematicGroup, THEMATIC_GROUPS};
use crate::views::notice::Notice;
use crate::views::{render, Layout};

/// Results shown at most: past that, the filters should narrow.
const LIMIT: i64 = 100;

/// The filters as the URL carries them (French names, as users read them).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SearchParams {
    pub theme: String,
    pub public: String,
    /// `commune-49007` or `qpv-12`.
    pub lieu: String,
    pub texte: String,
    /// Set (`oui`) when an editor asks for archived services too.
    pub archives: String,
    pub fait: Option<String>,
}

/// A service in the results.
pub struct Line {
    pub id: ServiceId,
    pub name: String,
    pub structure: String,
    pub kind: &'static str,
    pub thematics: Vec<&'static str>,
    pub publics: Vec<&'static str>,
    pub commune: String,
    pub excerpt: String,
    pub archived: bool,
}

impl Line {
    fn new(row: ServiceListRow) -> Line {
        const EXCERPT: usize = 180;
        let excerpt = if row.description.chars().count() > EXCERPT {
            format!(
                "{}…",
                row.description.chars().take(EXCERPT).collect::<String>()
            )
        } else {
            row.description
        };
        Line {
            id: row.id,
            kind: row
                .service_type
                .as_deref()
                .and_then(referential::service_type)
                .map_or("", |t| t.label),
            thematics: labels(row.thematics.split_whitespace(), referential::thematic),
            publics: labels(row.publics.split_whitespace(), referential::public),
            commune: row.commune.unwrap_or_default(),
            archived: row.archived_at.is_some(),
            name: row.name,
            structure: row.structure_name,
            excerpt,
        }
    }
}

pub struct Results {
    pub lines: Vec<Line>,
    /// Filters whose value is not in the lists, by their label.
    pub ignored: Vec<&'static str>,
    pub truncated: bool,
}

#[derive(Template)]
#[template(path = "services/search.html")]
struct SearchPage {
    layout: Layout,
    params: SearchParams,
    thematics: &'static [ThematicGroup],
    publics: Vec<(String, String)>,
    places: Vec<(String, String)>,
    results: Results,
    can_edit: bool,
    /// The filters have no errors: unknown values are listed in `results`.
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "services/_results.html")]
struct ResultsPartial {
    results: Results,
}

/// The Cité's communes and QPVs as (value, label, INSEE codes).
async fn places(
    state: &AppState,
    user: &CurrentUser,
) -> AppResult<Vec<(String, String, Vec<String>)>> {
    let cite_id = user.scope.cite_id().ok_or(AppError::NotFound)?;
    let cite = state.store.cite(&user.scope, cite_id).await?;
    let mut places: Vec<(String, String, Vec<String>)> = split_codes(&cite.communes)
        .into_iter()
        .map(|code| {
            let name = referential::commune(&code).map_or(code.clone(), |c| c.name.to_owned());
            (format!("commune-{code}"), name, vec![code])
        })
        .collect();
    for qpv in state.store.qpvs(&user.scope, cite_id).await? {
        places.push((
            format!("qpv-{}", qpv.id),
            format!("QPV {}", qpv.name),
            split_codes(&qpv.communes),
        ));
    }
    Ok(places)
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    HxRequest(partial): HxRequest,
    Query(params): Query<SearchParams>,
) -> AppResult<Response> {
    let places = places(&state, &user).await?;
    let mut ignored = Vec::new();
    let theme = params.theme.trim();
    let thematic = (!theme.is_empty()).then(|| theme.to_owned());
    let known_theme =
        referential::thematic(theme).is_some() || referential::thematic_category(theme).is_some();
    if thematic.is_some() && !known_theme {
        ignored.push("thématique");
    }
    let public = Some(params.public.trim().to_owned()).filter(|p| !p.is_empty());
    if public
        .as_deref()
        .is_some_and(|p| referential::public(p).is_none())
    {
        ignored.push("public");
    }
    let place = places
        .iter()
        .find(|(value, _, _)| *value == params.lieu.trim());
    if place.is_none() && !params.lieu.trim().is_empty() {
        ignored.push("lieu");
    }
    let query = ServiceQuery {
        thematic: thematic.filter(|_| known_theme),
        public: public.filter(|p| referential::public(p).is_some()),
        communes: place.map(|(_, _, codes)| codes.clone()).unwrap_or_default(),
        text: Some(params.texte.trim().to_owned()).filter(|t| !t.is_empty()),
        include_archived: !params.archives.is_empty() && can_edit(&user),
        limit: LIMIT + 1,
    };
    let mut rows = state.store.search_services(&user.scope, &query).await?;
    let truncated = rows.len() > LIMIT as usize;
    rows.truncate(LIMIT as usize);
    let results = Results {
        lines: rows.into_iter().map(Line::new).collect(),
        ignored,
        truncated,
    };
    if partial {
        return Ok(render(&ResultsPartial { results })?.into_response());
    }
    let page = SearchPage {
        layout: Layout::new("Offre de services du territoire", &user, "/offres")
            .with_notice(Notice::of(params.fait.as_deref())),
        thematics: &THEMATIC_GROUPS,
        publics: options(referential::publics()),
        places: places
            .into_iter()
            .map(|(value, label, _)| (value, label))
            .collect(),
        can_edit: can_edit(&user),
        errors: FieldErrors::new(),
        params,
        results,
    };
    Ok(render(&page)?.into_response())
}

//! `GET /actions-innovantes`: the published fiches of every Cité, filtered
//! by barrier, public, axis, region and free text, sortable by reuse count.
//! htmx gets the results partial, anyone else the whole page.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maillage_domain::cites::Axis;
use maillage_domain::fiches::search_words;
use maillage_domain::referential::{self, Zone};
use maillage_domain::FieldErrors;
use maillage_store::fiches::{FicheFilters, FicheSort, MAX_SEARCH_WORDS};
use serde::{Deserialize, Serialize};

use super::FicheView;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::Query;
use crate::form::HxRequest;
use crate::state::AppState;
use crate::views::codes::{closed_list, options, ThematicGroup, THEMATIC_GROUPS};
use crate::views::notice::Notice;
use crate::views::{render, Layout};

/// The filters as the URL carries them; a value out of the lists is ignored
/// with a French notice rather than refused.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Params {
    pub texte: String,
    pub frein: String,
    pub public: String,
    /// Not `axe`: an element with that id would hide axe-core's `window.axe`.
    pub axe_national: String,
    pub region: String,
    pub tri: String,
    #[serde(skip_serializing)]
    pub fait: Option<String>,
}

impl Params {
    /// Checks every value against its list: the filters to apply, and the
    /// French names of those that were dropped.
    fn check(&mut self) -> (FicheFilters, Vec<&'static str>) {
        let mut ignored = Vec::new();
        let mut keep = |value: &mut String, name: &'static str, known: bool| {
            let kept = (!value.is_empty() && known).then(|| value.clone());
            if !value.is_empty() && !known {
                ignored.push(name);
                value.clear();
            }
            kept
        };
        let barrier_known = referential::thematic(&self.frein).is_some()
            || referential::thematic_category(&self.frein).is_some();
        let barrier = keep(&mut self.frein, "frein", barrier_known);
        let public_known = referential::public(&self.public).is_some();
        let public = keep(&mut self.public, "public", public_known);
        let axis_known = Axis::parse(&self.axe_national).is_some();
        let axis = keep(&mut self.axe_national, "axe", axis_known).and_then(|a| Axis::parse(&a));
        let region_known = referential::region(&self.region).is_some();
        let region = keep(&mut self.region, "région", region_known);
        let sort_known = FicheSort::parse(&self.tri).is_some();
        let sort = keep(&mut self.tri, "tri", sort_known)
            .and_then(|s| FicheSort::parse(&s))
            .unwrap_or_default();
        let filters = FicheFilters {
            barrier,
            public,
            axis,
            region,
            words: search_words(&self.texte, MAX_SEARCH_WORDS),
            sort,
        };
        (filters, ignored)
    }

    /// This page's URL with another sort, the filters kept.
    fn sorted_by(&self, sort: FicheSort) -> String {
        // The default sort needs no parameter (and has no option of its own).
        let tri = if sort == FicheSort::default() {
            String::new()
        } else {
            sort.code().to_owned()
        };
        let params = Params {
            tri,
            ..self.clone()
        };
        let query = serde_urlencoded::to_string(&params).unwrap_or_default();
        format!("/actions-innovantes?{query}")
    }
}

pub struct Results {
    pub fiches: Vec<FicheView>,
    pub filtered: bool,
    pub sort: FicheSort,
    pub by_reuses_href: String,
    pub by_recent_href: String,
    pub ignored: Vec<&'static str>,
}

#[derive(Template)]
#[template(path = "fiches/list.html")]
struct ListPage {
    layout: Layout,
    params: Params,
    results: Results,
    thematics: &'static [ThematicGroup],
    publics: Vec<(String, String)>,
    axes: Vec<(String, String)>,
    regions: Vec<(String, String)>,
    sorts: Vec<(String, String)>,
    errors: FieldErrors,
    is_coordinator: bool,
}

#[derive(Template)]
#[template(path = "fiches/_results.html")]
struct ResultsPartial {
    results: Results,
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    HxRequest(partial): HxRequest,
    Query(mut params): Query<Params>,
) -> AppResult<Response> {
    let (filters, ignored) = params.check();
    let rows = state.store.fiches(&user.scope, &filters).await?;
    let fiches: Vec<FicheView> = rows.into_iter().map(FicheView::from).collect();
    let results = Results {
        fiches,
        filtered: filters.barrier.is_some()
            || filters.public.is_some()
            || filters.axis.is_some()
            || filters.region.is_some()
            || !filters.words.is_empty(),
        sort: filters.sort,
        by_reuses_href: params.sorted_by(FicheSort::Reuses),
        by_recent_href: params.sorted_by(FicheSort::Recent),
        ignored,
    };
    if partial {
        return Ok(render(&ResultsPartial { results })?.into_response());
    }
    let layout = Layout::new("Actions innovantes", &user, "/actions-innovantes")
        .with_notice(Notice::of(params.fait.as_deref()));
    let page = ListPage {
        layout,
        params,
        results,
        thematics: &THEMATIC_GROUPS,
        publics: options(referential::publics()),
        axes: closed_list::<Axis>(),
        regions: referential::regions()
            .iter()
            .filter(|r| r.zone != Zone::OverseasCollectivity)
            .map(|r| (r.code.to_owned(), r.name.to_owned()))
            .collect(),
        sorts: FicheSort::ALL
            .iter()
            .filter(|s| **s != FicheSort::default())
            .map(|s| (s.code().to_owned(), s.label().to_owned()))
            .collect(),
        errors: FieldErrors::new(),
        is_coordinator: user.scope.can_administer_cite(),
    };
    Ok(render(&page)?.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_out_of_the_lists_are_ignored_and_named() {
        let mut params = Params {
            texte: "Crèche d'entreprise".into(),
            frein: "famille".into(),
            public: "martiens".into(),
            axe_national: "reach_out".into(),
            region: "99".into(),
            tri: "reutilisations".into(),
            fait: None,
        };
        let (filters, ignored) = params.check();
        assert_eq!(filters.barrier.as_deref(), Some("famille"));
        assert_eq!(filters.public, None);
        assert_eq!(filters.axis, Some(Axis::ReachOut));
        assert_eq!(filters.region, None);
        assert_eq!(filters.words, ["creche", "entreprise"]);
        assert_eq!(filters.sort, FicheSort::Reuses);
        assert_eq!(ignored, ["public", "région"]);
        assert!(params.public.is_empty());
        assert_eq!(
            params.sorted_by(FicheSort::Recent),
            "/actions-innovantes?texte=Cr%C3%A8che+d%27entreprise&frein=famille&public=&axe_national=reach_out&region=&tri="
        );
    }
}

//! The national catalogue of innovative actions (*actions innovantes*):
//! every signed-in user browses and searches the fiches of all Cités; a
//! coordinator publishes one of their Cité's actions, withdraws it, or reuses
//! another Cité's fiche as a draft action of their own.

mod browse;
mod panel;
mod publish;
mod show;

pub use panel::{catalogue_panel, CataloguePanel};

use axum::routing::{get, post};
use axum::Router;
use maillage_domain::ids::{ActionId, CiteId, FicheId};
use maillage_domain::money::format_euros;
use maillage_domain::referential;
use maillage_store::fiches::FicheRow;

use crate::state::AppState;
use crate::views::codes::labels;
use crate::views::format;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/actions-innovantes", get(browse::list))
        .route("/actions-innovantes/{id}", get(show::show))
        .route("/actions-innovantes/{id}/reutiliser", post(show::reuse))
        .route("/actions-innovantes/{id}/retirer", post(show::unpublish))
        .route(
            "/actions/{id}/publier",
            get(publish::form).post(publish::publish),
        )
}

/// A fiche as the pages show it: labels instead of codes, French formats.
pub struct FicheView {
    pub id: FicheId,
    pub action_id: ActionId,
    pub cite_id: CiteId,
    pub title: String,
    pub cite: String,
    pub region: &'static str,
    pub axis: &'static str,
    pub barriers: Vec<&'static str>,
    pub publics: Vec<&'static str>,
    pub description: String,
    pub partners: Vec<String>,
    pub budget: Option<String>,
    pub results: Option<String>,
    pub contact_organisation: String,
    pub contact_role: String,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub published_on: String,
    pub updated_on: String,
    pub reuses: i64,
}

impl From<FicheRow> for FicheView {
    fn from(row: FicheRow) -> Self {
        FicheView {
            id: row.id,
            action_id: row.action_id,
            cite_id: row.cite_id,
            region: row.region().map_or("", |r| r.name),
            axis: row.axis.label(),
            barriers: labels(
                maillage_store::actions::codes(&row.thematics),
                referential::thematic,
            ),
            publics: labels(
                maillage_store::actions::codes(&row.publics),
                referential::public,
            ),
            partners: row.partners(),
            budget: row.budget_cents.map(format_euros),
            published_on: format::date(maillage_domain::time::paris_date(row.published_at)),
            updated_on: format::date(maillage_domain::time::paris_date(row.updated_at)),
            title: row.title,
            cite: row.cite_name,
            description: row.description,
            results: row.results,
            contact_organisation: row.contact_organisation,
            contact_role: row.contact_role,
            contact_email: row.contact_email,
            contact_phone: row.contact_phone,
            reuses: row.reuses,
        }
    }
}

impl FicheView {
    pub fn reuses_label(&self) -> String {
        reuses_label(self.reuses)
    }
}

/// « 1 réutilisation », « 3 réutilisations », « Pas encore réutilisée ».
fn reuses_label(reuses: i64) -> String {
    match reuses {
        0 => "Pas encore réutilisée".to_owned(),
        1 => "1 réutilisation".to_owned(),
        n => format!("{} réutilisations", format::integer(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reuse_counts_are_french() {
        assert_eq!(reuses_label(0), "Pas encore réutilisée");
        assert_eq!(reuses_label(1), "1 réutilisation");
        assert_eq!(reuses_label(1200), "1\u{202f}200 réutilisations");
    }
}

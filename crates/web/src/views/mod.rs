//! Page and partial templates (askama), one struct each, and the layout they
//! share. French formatting of dates and numbers lives here too.

pub mod audit;
pub mod chart;
pub mod codes;
pub mod confirm;
pub mod format;
pub mod notice;
pub mod pagination;

use std::sync::LazyLock;

use askama::Template;
use maillage_domain::accounts::Role;
use maillage_domain::ids::CiteId;

use crate::assets;
use crate::auth::CurrentUser;

/// Asset URLs with their content hash, computed once.
pub struct AssetUrls {
    pub dsfr_css: String,
    pub icons_css: Vec<String>,
    pub dsfr_module: String,
    pub dsfr_nomodule: String,
    pub htmx: String,
    pub app_css: String,
    pub app_js: String,
    pub favicon_svg: String,
    pub favicon_ico: String,
    pub apple_touch: String,
    pub manifest: String,
}

pub static ASSETS: LazyLock<AssetUrls> = LazyLock::new(|| AssetUrls {
    dsfr_css: assets::url("vendor/dsfr/dsfr.min.css"),
    icons_css: ["system", "user", "arrows", "design", "business"]
        .iter()
        .map(|c| {
            assets::url(&format!(
                "vendor/dsfr/utility/icons/icons-{c}/icons-{c}.min.css"
            ))
        })
        .collect(),
    dsfr_module: assets::url("vendor/dsfr/dsfr.module.min.js"),
    dsfr_nomodule: assets::url("vendor/dsfr/dsfr.nomodule.min.js"),
    htmx: assets::url("vendor/htmx/htmx.min.js"),
    app_css: assets::url("maillage.css"),
    app_js: assets::url("maillage.js"),
    favicon_svg: assets::url("vendor/dsfr/favicon/favicon.svg"),
    favicon_ico: assets::url("vendor/dsfr/favicon/favicon.ico"),
    apple_touch: assets::url("vendor/dsfr/favicon/apple-touch-icon.png"),
    manifest: assets::url("vendor/dsfr/favicon/manifest.webmanifest"),
});

pub struct NavItem {
    pub label: &'static str,
    pub href: &'static str,
    pub current: bool,
}

/// A Cité the user may switch to.
pub struct CiteChoice {
    pub id: CiteId,
    pub name: String,
    pub selected: bool,
}

/// What the header and footer need, for signed-in users.
pub struct UserNav {
    pub name: String,
    pub role: &'static str,
    pub organisation: String,
    pub cites: Vec<CiteChoice>,
}

pub struct Layout {
    pub title: String,
    pub assets: &'static AssetUrls,
    pub csrf_token: String,
    pub user: Option<UserNav>,
    pub nav: Vec<NavItem>,
    /// A confirmation after a redirect (« Partenaire créé. »).
    pub notice: Option<notice::Notice>,
    pub breadcrumb: Option<Breadcrumb>,
}

/// The trail above a page (*fil d'Ariane*): its parents, then the page.
pub struct Breadcrumb {
    /// `(href, label)`, from the top.
    pub parents: Vec<(String, String)>,
    pub current: String,
}

fn nav_for(role: Role) -> Vec<(&'static str, &'static str)> {
    let mut items = vec![("Accueil", "/")];
    match role {
        Role::National => items.extend([
            ("Cités", "/cites"),
            ("Indicateurs", "/indicateurs"),
            ("Financements", "/financements"),
            ("Instances", "/instances"),
            ("Journal", "/journal"),
        ]),
        Role::Coordinateur => items.extend([
            ("Personnes", "/personnes"),
            ("À faire", "/a-faire"),
            ("Adressages", "/adressages"),
            ("Cohortes", "/cohortes"),
            ("Offres", "/offres"),
            ("Actions", "/actions"),
            // Calls for projects are reached from « Financements »: the
            // menu keeps to one line on a laptop's width.
            ("Financements", "/financements"),
            ("Ma Cité", "/cite"),
            ("Partenaires", "/partenaires"),
            ("Comptes", "/comptes"),
            ("Journal", "/journal"),
        ]),
        Role::Referent => items.extend([
            ("Personnes", "/personnes"),
            ("À faire", "/a-faire"),
            ("Adressages", "/adressages"),
            ("Cohortes", "/cohortes"),
            ("Offres", "/offres"),
            ("Actions", "/actions"),
            ("Ma Cité", "/cite"),
            ("Partenaires", "/partenaires"),
        ]),
        Role::Pilote => items.extend([
            ("Indicateurs", "/indicateurs"),
            ("Instances", "/instances"),
            ("Cohortes", "/cohortes"),
            ("Offres", "/offres"),
            ("Actions", "/actions"),
            ("Financements", "/financements"),
            ("Ma Cité", "/cite"),
            ("Partenaires", "/partenaires"),
        ]),
        Role::Porteur => items.extend([
            ("À faire", "/a-faire"),
            ("Appels à projets", "/appels-a-projets"),
            ("Mes candidatures", "/candidatures"),
            ("Instances", "/instances"),
            ("Offres", "/offres"),
            ("Actions", "/actions"),
            ("Ma Cité", "/cite"),
            ("Partenaires", "/partenaires"),
        ]),
    }
    // The national catalogue holds no personal data: every role reads it.
    items.push(("Actions innovantes", "/actions-innovantes"));
    // The national network: its team and the Cités' staff, not porteurs.
    // The coordinator's menu is full on a laptop's width: their home
    // page leads there.
    if maillage_domain::network::reads_network(role) && role != Role::Coordinateur {
        items.push(("Réseau", "/reseau"));
    }
    items
}

impl Layout {
    /// The layout of a page seen by a signed-in user; `path` marks the
    /// current menu entry.
    pub fn new(title: impl Into<String>, user: &CurrentUser, path: &str) -> Layout {
        let current_cite = user.scope.cite_id();
        let nav = nav_for(user.role())
            .into_iter()
            .map(|(label, href)| NavItem {
                label,
                href,
                // « /actions » must not light up on « /actions-innovantes ».
                current: if href == "/" {
                    path == "/"
                } else {
                    path == href || path.starts_with(&format!("{href}/"))
                },
            })
            .collect();
        Layout {
            title: title.into(),
            assets: &ASSETS,
            csrf_token: user.csrf_token.clone(),
            user: Some(UserNav {
                name: user.name.clone(),
                role: user.role().label(),
                organisation: user.organisation(),
                cites: user
                    .memberships
                    .iter()
                    .map(|m| CiteChoice {
                        id: m.cite_id,
                        name: m.cite_name.clone(),
                        selected: Some(m.cite_id) == current_cite,
                    })
                    .collect(),
            }),
            nav,
            notice: None,
            breadcrumb: None,
        }
    }

    /// The layout of a page seen before sign-in.
    pub fn anonymous(title: impl Into<String>, csrf_token: String) -> Layout {
        Layout {
            title: title.into(),
            assets: &ASSETS,
            csrf_token,
            user: None,
            nav: Vec::new(),
            notice: None,
            breadcrumb: None,
        }
    }

    pub fn with_notice(mut self, notice: Option<notice::Notice>) -> Layout {
        self.notice = notice;
        self
    }

    /// `parents` as `(href, label)`, from the top; `current` names this page.
    pub fn with_breadcrumb(mut self, parents: &[(&str, &str)], current: &str) -> Layout {
        self.breadcrumb = Some(Breadcrumb {
            parents: parents
                .iter()
                .map(|(href, label)| ((*href).to_owned(), (*label).to_owned()))
                .collect(),
            current: current.to_owned(),
        });
        self
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub layout: Layout,
    pub status: u16,
    pub title: &'static str,
    pub message: String,
}

/// 422 when a form comes back with errors, so that tools and tests can tell
/// a refused submission from a page shown for the first time.
pub fn form_status(errors: &maillage_domain::FieldErrors) -> axum::http::StatusCode {
    if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// Renders a template into an HTML response.
pub fn render<T: Template>(template: &T) -> crate::error::AppResult<axum::response::Html<String>> {
    Ok(axum::response::Html(template.render()?))
}

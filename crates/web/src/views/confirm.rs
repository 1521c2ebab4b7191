//! The page that asks before a removal (*confirmation*): what will happen and
//! one button, or why it cannot happen. A removal is never one click away.

use askama::Template;

use super::Layout;

#[derive(Template)]
#[template(path = "confirm.html")]
pub struct ConfirmPage {
    pub layout: Layout,
    pub question: String,
    pub consequences: Vec<String>,
    /// Where the form posts.
    pub action: String,
    pub button: &'static str,
    /// Where « Annuler » and « Retour » go.
    pub back: String,
    /// Set when the removal is refused: the page says why and offers no button.
    pub refusal: Option<String>,
}

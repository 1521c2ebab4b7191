//! A resource shared with the network (*ressource partagée*): a link or a
//! document (checked by the project's document rules, `crate::documents`),
//! with a title, a theme of the closed list and a short description.

use super::{Theme, MAX_TITLE_CHARS};
use crate::documents::NewDocument;
use crate::errors::{required_text, FieldErrors};
use crate::services::fields::is_web_url;
use crate::text::fold;

/// A short description: a few lines, not an article.
pub const MAX_DESCRIPTION_CHARS: usize = 600;

/// The longest link kept.
const MAX_URL_CHARS: usize = 500;

/// A resource as typed; its file, if any, comes beside it (multipart).
#[derive(Debug, Clone, Default)]
pub struct ResourceInput {
    /// `lien` or `document`.
    pub kind: String,
    pub title: String,
    pub theme: String,
    pub description: String,
    pub url: String,
}

/// What a resource holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResourceContent {
    Link(String),
    Document(NewDocument),
}

/// A checked resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceDraft {
    pub title: String,
    pub theme: Theme,
    pub description: String,
    pub content: ResourceContent,
}

impl ResourceDraft {
    /// What a text search reads: its title and description, folded.
    pub fn search_text(&self) -> String {
        fold(&format!("{} {}", self.title, self.description))
    }
}

impl ResourceInput {
    /// `file` is the document sent, checked or why not; `None` when no
    /// file came with the form.
    pub fn validate(
        &self,
        file: Option<Result<NewDocument, String>>,
    ) -> Result<ResourceDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = required_text(&mut errors, "title", &self.title, MAX_TITLE_CHARS);
        let theme = Theme::parse(self.theme.trim());
        if theme.is_none() {
            errors.add("theme", "Choisissez un thème de la liste.");
        }
        let description = required_text(
            &mut errors,
            "description",
            &self.description,
            MAX_DESCRIPTION_CHARS,
        )
        .replace("\r\n", "\n");
        let content = match (self.kind.trim(), file) {
            ("lien", _) => {
                let url = self.url.trim();
                if url.chars().count() > MAX_URL_CHARS || !is_web_url(url) {
                    errors.add(
                        "url",
                        "Indiquez l'adresse complète du lien, commençant par https:// (ou http://).",
                    );
                    None
                } else {
                    Some(ResourceContent::Link(url.to_owned()))
                }
            }
            ("document", Some(Ok(document))) => Some(ResourceContent::Document(document)),
            ("document", Some(Err(message))) => {
                errors.add("fichier", message);
                None
            }
            ("document", None) => {
                errors.add("fichier", "Choisissez le document à partager.");
                None
            }
            _ => {
                errors.add("kind", "Choisissez un lien ou un document.");
                None
            }
        };
        match (theme, content) {
            (Some(theme), Some(content)) if errors.is_empty() => Ok(ResourceDraft {
                title,
                theme,
                description,
                content,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::samples;

    fn link() -> ResourceInput {
        ResourceInput {
            kind: "lien".into(),
            title: " Guide de la mobilité solidaire ".into(),
            theme: "mobilite".into(),
            description: "Les aides au permis et les garages solidaires.".into(),
            url: "https://www.mobilite-solidaire.org/guide".into(),
        }
    }

    #[test]
    fn a_link_is_kept_with_its_folded_search_text() {
        let draft = link().validate(None).unwrap();
        assert_eq!(draft.title, "Guide de la mobilité solidaire");
        assert_eq!(
            draft.content,
            ResourceContent::Link("https://www.mobilite-solidaire.org/guide".into())
        );
        assert!(draft.search_text().contains("mobilite solidaire"));
    }

    #[test]
    fn a_document_resource_needs_an_accepted_file() {
        let input = ResourceInput {
            kind: "document".into(),
            ..link()
        };
        assert_eq!(
            input.validate(None).unwrap_err().get("fichier"),
            Some("Choisissez le document à partager.")
        );
        let refused = input.validate(Some(Err("Ce fichier n'est pas accepté.".into())));
        assert!(refused.unwrap_err().get("fichier").is_some());
        let pdf = NewDocument::check(
            "guide.pdf",
            "",
            samples::pdf("Guide", &["Permis solidaire"]),
        )
        .unwrap();
        let draft = input.validate(Some(Ok(pdf.clone()))).unwrap();
        assert_eq!(draft.content, ResourceContent::Document(pdf));
    }

    #[test]
    fn bad_links_themes_and_kinds_are_refused() {
        let input = ResourceInput {
            url: "www.exemple.fr".into(),
            theme: "astrologie".into(),
            description: " ".into(),
            ..link()
        };
        let errors = input.validate(None).unwrap_err();
        assert!(errors.get("url").is_some());
        assert!(errors.get("theme").is_some());
        assert_eq!(errors.get("description"), Some("Ce champ est obligatoire."));
        let input = ResourceInput {
            kind: "video".into(),
            ..link()
        };
        assert!(input.validate(None).unwrap_err().get("kind").is_some());
    }
}

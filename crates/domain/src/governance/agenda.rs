//! A meeting's agenda (*ordre du jour*): numbered items, each a short
//! title, an optional text (who presents it, what is asked of the
//! committee) and its attachments (*pièces jointes*, see `documents`).
//!
//! The coordinator prepares it and may still amend it at the opening of the
//! meeting or attach the slides shown there afterwards; it is frozen once
//! the minutes are published, since the minutes list it, and a cancelled
//! meeting takes no change.

use crate::errors::FieldErrors;
use crate::governance::follow_ups::bounded;

/// Bounds of an item's title and text, in characters.
pub const TITLE_MIN_CHARS: usize = 3;
pub const TITLE_MAX_CHARS: usize = 150;
pub const DESCRIPTION_MAX_CHARS: usize = 2_000;

/// The form, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct AgendaItemInput {
    pub title: String,
    pub description: String,
}

/// An agenda item, validated: its title trimmed, its text trimmed with its
/// line breaks kept (empty when none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaItemDraft {
    pub title: String,
    pub description: String,
}

impl AgendaItemInput {
    pub fn parse(&self) -> Result<AgendaItemDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = bounded(
            &self.title,
            TITLE_MIN_CHARS,
            TITLE_MAX_CHARS,
            "Indiquez l'intitulé du point.",
            "L'intitulé compte au moins 3 caractères.",
        )
        .map_err(|message| errors.add("title", message))
        .ok()
        // A title is one line: it is numbered in lists and calendars.
        .map(|title| title.split_whitespace().collect::<Vec<_>>().join(" "));
        let description = match self.description.trim() {
            "" => Some(String::new()),
            text => bounded(text, 1, DESCRIPTION_MAX_CHARS, "", "")
                .map(|text| text.replace("\r\n", "\n"))
                .map_err(|message| errors.add("description", message))
                .ok(),
        };
        match (title, description) {
            (Some(title), Some(description)) if errors.is_empty() => {
                Ok(AgendaItemDraft { title, description })
            }
            _ => Err(errors),
        }
    }
}

impl From<&AgendaItemDraft> for AgendaItemInput {
    fn from(draft: &AgendaItemDraft) -> Self {
        AgendaItemInput {
            title: draft.title.clone(),
            description: draft.description.clone(),
        }
    }
}

/// Where an item moves in the agenda.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

/// Why the agenda of a meeting takes no change now; `None` when it does.
pub fn agenda_frozen(cancelled: bool, minutes_published: bool) -> Option<&'static str> {
    if cancelled {
        Some("Cette séance est annulée : son ordre du jour ne change plus.")
    } else if minutes_published {
        Some("Le compte rendu de cette séance est publié : son ordre du jour ne change plus.")
    } else {
        None
    }
}

/// The agenda as a calendar event's text: « Ordre du jour : », then one
/// numbered line per item.
pub fn agenda_text<'a>(titles: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let lines: Vec<String> = titles
        .into_iter()
        .enumerate()
        .map(|(i, title)| format!("{}. {title}", i + 1))
        .collect();
    (!lines.is_empty()).then(|| format!("Ordre du jour :\n{}", lines.join("\n")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(title: &str, description: &str) -> AgendaItemInput {
        AgendaItemInput {
            title: title.into(),
            description: description.into(),
        }
    }

    #[test]
    fn an_item_has_a_one_line_title_and_maybe_a_text() {
        assert_eq!(
            input(
                "  Bilan   des\tactions ",
                " Présenté par la DDETS.\r\nVote. "
            )
            .parse(),
            Ok(AgendaItemDraft {
                title: "Bilan des actions".into(),
                description: "Présenté par la DDETS.\nVote.".into(),
            })
        );
        assert_eq!(input("Budget", "   ").parse().unwrap().description, "");
        let errors = input(" ", "").parse().unwrap_err();
        assert_eq!(errors.get("title"), Some("Indiquez l'intitulé du point."));
        assert!(input("ab", "").parse().unwrap_err().get("title").is_some());
        assert!(input(&"é".repeat(TITLE_MAX_CHARS), "").parse().is_ok());
        assert!(input(&"é".repeat(TITLE_MAX_CHARS + 1), "").parse().is_err());
        let long = "é".repeat(DESCRIPTION_MAX_CHARS + 1);
        let errors = input("Budget", &long).parse().unwrap_err();
        assert_eq!(
            errors.get("description"),
            Some("2000 caractères au maximum.")
        );
        assert!(input("Budget", "a\u{7}b").parse().is_err());
        assert!(input("Bud\u{0}get", "").parse().is_err());
    }

    #[test]
    fn the_agenda_is_frozen_when_cancelled_or_recorded() {
        assert_eq!(agenda_frozen(false, false), None);
        assert!(agenda_frozen(true, false).unwrap().contains("annulée"));
        assert!(agenda_frozen(false, true).unwrap().contains("compte rendu"));
    }

    #[test]
    fn the_calendar_text_numbers_the_titles() {
        assert_eq!(agenda_text([]), None);
        assert_eq!(
            agenda_text(["Accueil", "Budget 2027"]).as_deref(),
            Some("Ordre du jour :\n1. Accueil\n2. Budget 2027")
        );
    }
}

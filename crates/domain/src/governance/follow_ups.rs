//! What is to follow a meeting (*suites à donner*): a title, who carries
//! it, a due date; closed as done or cancelled with a note saying how.

use chrono::{Months, NaiveDate};

use crate::codes::code_list;
use crate::dates::parse_date;
use crate::errors::FieldErrors;

code_list!(
    /// Where a follow-up item stands (*état*).
    FollowUpStatus {
        Open = "open", "À faire";
        Done = "done", "Fait";
        Cancelled = "cancelled", "Abandonné";
    }
);

/// Bounds of a follow-up's title and closing note, in characters.
pub const TITLE_MIN_CHARS: usize = 3;
pub const TITLE_MAX_CHARS: usize = 200;
pub const NOTE_MIN_CHARS: usize = 3;
pub const NOTE_MAX_CHARS: usize = 500;
/// No due date before this year: the first Cités started in 2020, some
/// committees carried on from before.
pub const EARLIEST_DUE_YEAR: i32 = 2015;
/// How far ahead a due date may lie, in years.
pub const DUE_HORIZON_YEARS: u32 = 3;

/// A follow-up item, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpDraft {
    pub title: String,
    /// *Échéance*: none when the committee set none.
    pub due_on: Option<NaiveDate>,
}

/// The form, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct FollowUpInput {
    pub title: String,
    pub due_on: String,
}

/// How an item was closed: done or cancelled, with its note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closing {
    pub status: FollowUpStatus,
    pub note: String,
}

/// The text of a bounded field, trimmed, or the French message saying why
/// not.
pub(crate) fn bounded(
    text: &str,
    min: usize,
    max: usize,
    empty: &str,
    short: &str,
) -> Result<String, String> {
    let text = text.trim();
    let count = text.chars().count();
    if text.is_empty() {
        Err(empty.to_owned())
    } else if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        Err("Ce texte contient des caractères non autorisés.".to_owned())
    } else if count < min {
        Err(short.to_owned())
    } else if count > max {
        Err(format!("{max} caractères au maximum."))
    } else {
        Ok(text.to_owned())
    }
}

/// The plausible due dates seen from `today`: 1 January 2015 to three
/// years ahead.
pub fn due_date_bounds(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let earliest = NaiveDate::from_ymd_opt(EARLIEST_DUE_YEAR, 1, 1).unwrap_or(NaiveDate::MIN);
    let latest = today
        .checked_add_months(Months::new(12 * DUE_HORIZON_YEARS))
        .unwrap_or(NaiveDate::MAX);
    (earliest, latest)
}

impl FollowUpInput {
    /// `today`: the Paris date, which bounds the due date.
    pub fn parse(&self, today: NaiveDate) -> Result<FollowUpDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = bounded(
            &self.title,
            TITLE_MIN_CHARS,
            TITLE_MAX_CHARS,
            "Indiquez ce qui est à faire.",
            "L'intitulé compte au moins 3 caractères.",
        )
        .map_err(|message| errors.add("title", message))
        .ok();
        let due_on = if self.due_on.trim().is_empty() {
            None
        } else {
            match parse_date(&self.due_on) {
                None => {
                    errors.add("due_on", "Date invalide : utilisez le format JJ/MM/AAAA.");
                    None
                }
                Some(date) => {
                    let (earliest, latest) = due_date_bounds(today);
                    if date < earliest || date > latest {
                        errors.add(
                            "due_on",
                            format!(
                                "L'échéance se situe entre le {} et le {}.",
                                earliest.format("%d/%m/%Y"),
                                latest.format("%d/%m/%Y")
                            ),
                        );
                    }
                    Some(date)
                }
            }
        };
        match title {
            Some(title) if errors.is_empty() => Ok(FollowUpDraft { title, due_on }),
            _ => Err(errors),
        }
    }
}

impl Closing {
    /// Closing an item as `status` (done or cancelled) requires a note
    /// saying what was done or why it was dropped.
    pub fn new(status: FollowUpStatus, note: &str) -> Result<Closing, FieldErrors> {
        let mut errors = FieldErrors::new();
        if status == FollowUpStatus::Open {
            errors.add("status", "Choisissez « Fait » ou « Abandonné ».");
        }
        let note = bounded(
            note,
            NOTE_MIN_CHARS,
            NOTE_MAX_CHARS,
            "Indiquez en quelques mots ce qui a été fait ou pourquoi c'est abandonné.",
            "La note compte au moins 3 caractères.",
        )
        .map_err(|message| errors.add("note", message))
        .ok();
        match note {
            Some(note) if errors.is_empty() => Ok(Closing { status, note }),
            _ => Err(errors),
        }
    }
}

/// Whether an item is late (*en retard*): still open after its due date.
pub fn is_late(status: FollowUpStatus, due_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    status == FollowUpStatus::Open && due_on.is_some_and(|due| due < today)
}

impl FollowUpDraft {
    /// Whether this item, still open, is late on `today`.
    pub fn is_late(&self, today: NaiveDate) -> bool {
        is_late(FollowUpStatus::Open, self.due_on, today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn input(title: &str, due_on: &str) -> FollowUpInput {
        FollowUpInput {
            title: title.into(),
            due_on: due_on.into(),
        }
    }

    fn today() -> NaiveDate {
        date(2026, 3, 10)
    }

    #[test]
    fn a_follow_up_has_a_title_and_maybe_a_due_date() {
        assert_eq!(
            input("  Relancer la DDETS ", "30/04/2026").parse(today()),
            Ok(FollowUpDraft {
                title: "Relancer la DDETS".into(),
                due_on: Some(date(2026, 4, 30))
            })
        );
        assert_eq!(input("Fiche", "").parse(today()).unwrap().due_on, None);
        let errors = input("", "").parse(today()).unwrap_err();
        assert_eq!(errors.get("title"), Some("Indiquez ce qui est à faire."));
        let errors = input("ab", "").parse(today()).unwrap_err();
        assert_eq!(
            errors.get("title"),
            Some("L'intitulé compte au moins 3 caractères.")
        );
        assert!(input(&"é".repeat(200), "").parse(today()).is_ok());
        assert_eq!(
            input(&"é".repeat(201), "")
                .parse(today())
                .unwrap_err()
                .get("title"),
            Some("200 caractères au maximum.")
        );
    }

    #[test]
    fn the_due_date_is_plausible() {
        assert!(input("Bilan", "2015-01-01").parse(today()).is_ok());
        assert!(input("Bilan", "2029-03-10").parse(today()).is_ok());
        let message = Some("L'échéance se situe entre le 01/01/2015 et le 10/03/2029.");
        assert_eq!(
            input("Bilan", "2014-12-31")
                .parse(today())
                .unwrap_err()
                .get("due_on"),
            message
        );
        assert_eq!(
            input("Bilan", "2029-03-11")
                .parse(today())
                .unwrap_err()
                .get("due_on"),
            message
        );
        assert_eq!(
            input("Bilan", "31/02/2026")
                .parse(today())
                .unwrap_err()
                .get("due_on"),
            Some("Date invalide : utilisez le format JJ/MM/AAAA.")
        );
    }

    #[test]
    fn closing_requires_a_note() {
        assert_eq!(
            Closing::new(FollowUpStatus::Done, "  Envoyé le 12/03. "),
            Ok(Closing {
                status: FollowUpStatus::Done,
                note: "Envoyé le 12/03.".into()
            })
        );
        let errors = Closing::new(FollowUpStatus::Cancelled, " ").unwrap_err();
        assert_eq!(
            errors.get("note"),
            Some("Indiquez en quelques mots ce qui a été fait ou pourquoi c'est abandonné.")
        );
        assert_eq!(
            Closing::new(FollowUpStatus::Done, "ok")
                .unwrap_err()
                .get("note"),
            Some("La note compte au moins 3 caractères.")
        );
        assert_eq!(
            Closing::new(FollowUpStatus::Done, &"a".repeat(501))
                .unwrap_err()
                .get("note"),
            Some("500 caractères au maximum.")
        );
        assert!(Closing::new(FollowUpStatus::Done, &"a".repeat(500)).is_ok());
        assert_eq!(
            Closing::new(FollowUpStatus::Open, "Rouvert")
                .unwrap_err()
                .get("status"),
            Some("Choisissez « Fait » ou « Abandonné ».")
        );
    }

    #[test]
    fn only_an_open_item_past_its_due_date_is_late() {
        let due = Some(date(2026, 3, 9));
        assert!(is_late(FollowUpStatus::Open, due, today()));
        assert!(!is_late(FollowUpStatus::Open, Some(today()), today()));
        assert!(!is_late(FollowUpStatus::Done, due, today()));
        assert!(!is_late(FollowUpStatus::Cancelled, due, today()));
        assert!(!is_late(FollowUpStatus::Open, None, today()));
        let draft = FollowUpDraft {
            title: "Bilan".into(),
            due_on: due,
        };
        assert!(draft.is_late(today()));
        assert_eq!(
            FollowUpStatus::parse("cancelled"),
            Some(FollowUpStatus::Cancelled)
        );
        assert_eq!(FollowUpStatus::Open.label(), "À faire");
    }
}

//! A network event (*événement du réseau*) as the national team types it:
//! its kind, title and theme, then its date and place as a committee
//! meeting's are checked (`governance::MeetingInput`: Paris wall-clock
//! time, `https://` video link), and an optional capacity.

use chrono::{DateTime, Utc};

use super::{EventKind, Theme, MAX_TITLE_CHARS};
use crate::errors::{required_text, FieldErrors};
use crate::governance::MeetingInput;
use crate::time::paris_date;

/// The most places an event offers (a webinar of the whole network).
pub const MAX_CAPACITY: u32 = 1_000;

/// An event as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EventInput {
    pub kind: String,
    pub title: String,
    pub theme: String,
    pub date: String,
    pub time: String,
    pub duration_minutes: String,
    pub place: String,
    pub video_url: String,
    pub capacity: String,
}

/// A checked event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDraft {
    pub kind: EventKind,
    pub title: String,
    pub theme: Theme,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    pub video_url: String,
    /// Places offered; `None` without a limit.
    pub capacity: Option<u32>,
}

impl EventInput {
    /// Checks the event; it must start after `now` (events are announced
    /// ahead, and what has started only records attendance).
    pub fn validate(&self, now: DateTime<Utc>) -> Result<EventDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = EventKind::parse(self.kind.trim());
        if kind.is_none() {
            errors.add("kind", "Choisissez le genre d'événement.");
        }
        let title = required_text(&mut errors, "title", &self.title, MAX_TITLE_CHARS);
        let theme = Theme::parse(self.theme.trim());
        if theme.is_none() {
            errors.add("theme", "Choisissez un thème de la liste.");
        }
        let capacity = match self.capacity.trim() {
            "" => None,
            text => match text.parse::<u32>() {
                Ok(n) if (1..=MAX_CAPACITY).contains(&n) => Some(n),
                _ => {
                    errors.add(
                        "capacity",
                        format!(
                            "Indiquez un nombre de places entre 1 et {MAX_CAPACITY}, ou laissez vide."
                        ),
                    );
                    None
                }
            },
        };
        let meeting = MeetingInput {
            date: self.date.clone(),
            time: self.time.clone(),
            duration_minutes: self.duration_minutes.clone(),
            place: self.place.clone(),
            video_url: self.video_url.clone(),
        }
        .validate(paris_date(now));
        let meeting = match meeting {
            Ok(meeting) if meeting.starts_at <= now => {
                errors.add(
                    "date",
                    "Un événement s'annonce à l'avance : choisissez une date à venir.",
                );
                None
            }
            Ok(meeting) if meeting.place.is_empty() && meeting.video_url.is_empty() => {
                errors.add(
                    "place",
                    "Indiquez le lieu de l'événement ou son lien de visioconférence.",
                );
                None
            }
            Ok(meeting) => Some(meeting),
            Err(refused) => {
                for (field, message) in refused.iter() {
                    errors.add(field, message);
                }
                None
            }
        };
        match (kind, theme, meeting) {
            (Some(kind), Some(theme), Some(meeting)) if errors.is_empty() => Ok(EventDraft {
                kind,
                title,
                theme,
                starts_at: meeting.starts_at,
                ends_at: meeting.ends_at,
                place: meeting.place,
                video_url: meeting.video_url,
                capacity,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap()
    }

    fn cafe() -> EventInput {
        EventInput {
            kind: "cafe_cites".into(),
            title: "  Café-cités : la mobilité  ".into(),
            theme: "mobilite".into(),
            date: "2027-01-14".into(),
            time: "11:00".into(),
            duration_minutes: "60".into(),
            video_url: "https://webinaire.anct.gouv.fr/cafe".into(),
            ..EventInput::default()
        }
    }

    #[test]
    fn an_event_is_held_at_its_paris_time() {
        let draft = cafe().validate(now()).unwrap();
        assert_eq!(draft.title, "Café-cités : la mobilité");
        assert_eq!(draft.kind, EventKind::CafeCites);
        assert_eq!(
            draft.starts_at,
            Utc.with_ymd_and_hms(2027, 1, 14, 10, 0, 0).unwrap()
        );
        assert_eq!(
            draft.ends_at,
            Utc.with_ymd_and_hms(2027, 1, 14, 11, 0, 0).unwrap()
        );
        assert_eq!(draft.capacity, None);
    }

    #[test]
    fn an_event_names_each_problem_in_french() {
        let input = EventInput {
            kind: "conference".into(),
            theme: "meteo".into(),
            capacity: "0".into(),
            video_url: String::new(),
            ..cafe()
        };
        let errors = input.validate(now()).unwrap_err();
        assert_eq!(errors.get("kind"), Some("Choisissez le genre d'événement."));
        assert_eq!(
            errors.get("theme"),
            Some("Choisissez un thème de la liste.")
        );
        assert!(errors.get("capacity").unwrap().contains("entre 1 et 1000"));
        assert!(errors.get("place").is_some());
    }

    #[test]
    fn an_event_starts_in_the_future_and_keeps_its_capacity() {
        let past = EventInput {
            date: "2026-12-07".into(),
            time: "09:30".into(),
            ..cafe()
        };
        assert!(past.validate(now()).unwrap_err().get("date").is_some());
        let limited = EventInput {
            capacity: " 25 ".into(),
            place: "ANCT, Paris".into(),
            video_url: "http://visio".into(),
            ..cafe()
        };
        let errors = limited.validate(now()).unwrap_err();
        assert_eq!(
            errors.get("video_url"),
            Some("Le lien de visioconférence commence par https://.")
        );
        let limited = EventInput {
            capacity: "25".into(),
            ..cafe()
        };
        assert_eq!(limited.validate(now()).unwrap().capacity, Some(25));
    }
}

//! The committee (*instance*) and meeting (*séance*) forms: strings as
//! typed, checked into drafts with French messages next to each field.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::committees::committee_name;
use super::rhythm::time_and_duration;
use super::{CommitteeKind, RhythmForm, Schedule};
use crate::dates::DateField;
use crate::errors::{optional_text, FieldErrors};
use crate::time::paris_to_utc;

/// The longest place (*lieu*) a committee or meeting is given.
const MAX_PLACE_CHARS: usize = 200;
/// The longest video link.
const MAX_URL_CHARS: usize = 500;

/// A committee as typed: its kind and name, where it meets, and its
/// rhythm's fields (named as in [`RhythmForm`]: `kind` is the rhythm's).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CommitteeInput {
    pub committee_kind: String,
    pub name: String,
    pub place: String,
    pub kind: String,
    pub interval: String,
    pub weekday: String,
    pub ordinal: String,
    pub month: String,
    pub day: String,
    pub time: String,
    pub duration_minutes: String,
    pub anchor: String,
}

/// A checked committee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitteeDraft {
    pub kind: CommitteeKind,
    pub name: String,
    pub place: String,
    pub schedule: Schedule,
}

impl CommitteeInput {
    pub fn rhythm(&self) -> RhythmForm {
        RhythmForm {
            kind: self.kind.clone(),
            interval: self.interval.clone(),
            weekday: self.weekday.clone(),
            ordinal: self.ordinal.clone(),
            month: self.month.clone(),
            day: self.day.clone(),
            time: self.time.clone(),
            duration_minutes: self.duration_minutes.clone(),
            anchor: self.anchor.clone(),
        }
    }

    /// `today` (Paris) bounds the first meeting, as [`RhythmForm::parse`] does.
    pub fn validate(&self, today: NaiveDate) -> Result<CommitteeDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = CommitteeKind::parse(self.committee_kind.trim());
        if kind.is_none() {
            errors.add("committee_kind", "Choisissez le genre d'instance.");
        }
        let name = committee_name(&self.name)
            .map_err(|e| merge(&mut errors, e))
            .ok();
        let place = optional_text(&mut errors, "place", &self.place, MAX_PLACE_CHARS);
        let schedule = self
            .rhythm()
            .parse(today)
            .map_err(|e| merge(&mut errors, e))
            .ok();
        match (kind, name, schedule) {
            (Some(kind), Some(name), Some(schedule)) if errors.is_empty() => Ok(CommitteeDraft {
                kind,
                name,
                place: place.unwrap_or_default(),
                schedule,
            }),
            _ => Err(errors),
        }
    }
}

fn merge(into: &mut FieldErrors, from: FieldErrors) {
    for (field, message) in from.iter() {
        into.add(field, message);
    }
}

/// A meeting added by hand, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MeetingInput {
    pub date: String,
    pub time: String,
    pub duration_minutes: String,
    pub place: String,
    pub video_url: String,
}

/// A checked meeting: its instants, where it is held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingDraft {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    pub video_url: String,
}

const MEETING_DATE: DateField = DateField::planned("date", "La date de la séance");

impl MeetingInput {
    pub fn validate(&self, today: NaiveDate) -> Result<MeetingDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let date = MEETING_DATE.required(&mut errors, &self.date, today);
        let (time, minutes) = time_and_duration(&mut errors, &self.time, &self.duration_minutes);
        let place = optional_text(&mut errors, "place", &self.place, MAX_PLACE_CHARS);
        let video_url = optional_text(&mut errors, "video_url", &self.video_url, MAX_URL_CHARS)
            .unwrap_or_default();
        if !video_url.is_empty() && !video_url.starts_with("https://") {
            errors.add(
                "video_url",
                "Le lien de visioconférence commence par https://.",
            );
        }
        match (date, time, minutes) {
            (Some(date), Some(time), Some(minutes)) if errors.is_empty() => {
                // The end in UTC: over the night the clocks change, a
                // meeting still ends after it starts.
                let starts_at = paris_to_utc(date.and_time(time));
                Ok(MeetingDraft {
                    starts_at,
                    ends_at: starts_at + Duration::minutes(i64::from(minutes)),
                    place: place.unwrap_or_default(),
                    video_url,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveTime, TimeZone, Weekday};

    use super::*;
    use crate::governance::Rhythm;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
    }

    fn cotech() -> CommitteeInput {
        CommitteeInput {
            committee_kind: "cotech".into(),
            name: "  COTECH des co-pilotes ".into(),
            place: "Métropole, salle 3".into(),
            kind: "every_weeks".into(),
            interval: "6".into(),
            weekday: "TU".into(),
            time: "14:00".into(),
            duration_minutes: "90".into(),
            anchor: "2027-01-05".into(),
            ..CommitteeInput::default()
        }
    }

    #[test]
    fn a_committee_is_checked_with_its_rhythm() {
        let draft = cotech().validate(today()).unwrap();
        assert_eq!(draft.kind, CommitteeKind::Cotech);
        assert_eq!(draft.name, "COTECH des co-pilotes");
        assert_eq!(
            draft.schedule.rhythm,
            Rhythm::EveryWeeks {
                interval: 6,
                weekday: Weekday::Tue
            }
        );
        assert_eq!(
            draft.schedule.start_time,
            NaiveTime::from_hms_opt(14, 0, 0).unwrap()
        );
    }

    #[test]
    fn a_committee_names_every_missing_field() {
        let input = CommitteeInput {
            committee_kind: "parlement".into(),
            name: "x".into(),
            kind: "every_weeks".into(),
            ..CommitteeInput::default()
        };
        let errors = input.validate(today()).unwrap_err();
        assert_eq!(
            errors.get("committee_kind"),
            Some("Choisissez le genre d'instance.")
        );
        assert!(errors.get("name").is_some());
        assert_eq!(
            errors.get("weekday"),
            Some("Choisissez un jour de la semaine.")
        );
    }

    #[test]
    fn a_meeting_keeps_its_paris_time_in_summer_and_winter() {
        let input = |date: &str| MeetingInput {
            date: date.into(),
            time: "14:00".into(),
            duration_minutes: "120".into(),
            place: "Mairie".into(),
            video_url: String::new(),
        };
        let winter = input("2027-01-12").validate(today()).unwrap();
        assert_eq!(
            winter.starts_at,
            Utc.with_ymd_and_hms(2027, 1, 12, 13, 0, 0).unwrap()
        );
        assert_eq!(
            winter.ends_at,
            Utc.with_ymd_and_hms(2027, 1, 12, 15, 0, 0).unwrap()
        );
        let summer = input("2027-06-15").validate(today()).unwrap();
        assert_eq!(
            summer.starts_at,
            Utc.with_ymd_and_hms(2027, 6, 15, 12, 0, 0).unwrap()
        );
    }

    #[test]
    fn a_meeting_over_the_spring_clock_change_ends_after_it_starts() {
        let input = MeetingInput {
            date: "2027-03-28".into(),
            time: "01:30".into(),
            duration_minutes: "45".into(),
            ..MeetingInput::default()
        };
        let draft = input.validate(today()).unwrap();
        assert_eq!(
            draft.starts_at,
            Utc.with_ymd_and_hms(2027, 3, 28, 0, 30, 0).unwrap()
        );
        assert_eq!(draft.ends_at - draft.starts_at, Duration::minutes(45));
    }

    #[test]
    fn a_meeting_refuses_what_is_not_plausible() {
        let input = MeetingInput {
            date: "3027-01-12".into(),
            time: "25:00".into(),
            duration_minutes: "5".into(),
            place: String::new(),
            video_url: "http://visio".into(),
        };
        let errors = input.validate(today()).unwrap_err();
        for field in ["date", "time", "duration_minutes", "video_url"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }
}

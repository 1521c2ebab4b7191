//! A committee's rhythm (*rythme*): when its meetings (*séances*) come
//! back, as the Cité says it (« toutes les 6 semaines, le mardi »,
//! « chaque mois, le 2e jeudi ») and as calendars read it (an RFC 5545
//! RRULE). The local Paris time is kept across summer time: a 14:00
//! meeting is at 14:00 in January as in July.
//!
//! Occurrences follow RFC 5545 with `DTSTART` the anchor (*première
//! séance*) at the start time: dates the rule names on or after the
//! anchor; a date that does not exist (29 February of a common year) is
//! skipped, never moved.

mod form;
#[cfg(test)]
mod tests;

pub use form::{parse_time, time_and_duration, RhythmForm, RhythmKind};

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};

use crate::time::paris_to_utc;

/// The longest gap between two meetings of an every-N-weeks rhythm.
pub const MAX_WEEKS: u32 = 52;
/// Bounds of a meeting's duration (*durée*), in minutes.
pub const MIN_DURATION_MINUTES: u32 = 15;
pub const MAX_DURATION_MINUTES: u32 = 600;
/// The earliest year of a first meeting: the programme started in 2020,
/// some Cités carried on committees from before.
pub const EARLIEST_ANCHOR_YEAR: i32 = 2015;
/// How far ahead a first meeting may be set, in years.
pub const ANCHOR_HORIZON_YEARS: u32 = 3;

/// When the meetings come back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rhythm {
    /// *Sans rythme fixe*: each meeting is set by hand.
    None,
    /// *Chaque année*, on one day (`month` 1 to 12, `day` 1 to 31); a day
    /// missing from a year (29 February) skips that year.
    Yearly { month: u32, day: u32 },
    /// *Toutes les N semaines*, on one weekday, counting weeks (Monday to
    /// Sunday) from the anchor's week; `interval` 1 to 52.
    EveryWeeks { interval: u32, weekday: Weekday },
    /// *Chaque mois*, on the `ordinal` weekday of the month: 1 to 4, or
    /// -1 for the last one.
    MonthlyOnWeekday { ordinal: i8, weekday: Weekday },
}

/// A rhythm with its meetings' local start time, duration and anchor: the
/// first meeting's Paris date (RFC 5545 `DTSTART`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub rhythm: Rhythm,
    pub start_time: NaiveTime,
    pub duration_minutes: u32,
    pub anchor: NaiveDate,
}

/// Why an RRULE is not one of the rhythms Maillage knows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RhythmError {
    #[error("La règle de récurrence est vide.")]
    Empty,
    #[error("La partie « {0} » de la règle de récurrence est illisible.")]
    Malformed(String),
    #[error("La règle de récurrence répète « {0} ».")]
    Repeated(String),
    #[error("La partie « {0} » de la règle de récurrence n'est pas prise en charge.")]
    Unsupported(String),
    #[error("La valeur de « {0} » n'est pas valable dans ce rythme.")]
    InvalidValue(String),
    #[error("Ce rythme n'est pas pris en charge : seuls « chaque année », « toutes les N semaines » et « chaque mois, le Ne jour » le sont.")]
    UnsupportedRhythm,
}

/// The RFC 5545 two-letter code of a weekday (`MO`, `TU`…).
pub fn weekday_code(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// The weekday of an RFC 5545 two-letter code.
pub fn weekday_from_code(code: &str) -> Option<Weekday> {
    WEEKDAYS.into_iter().find(|d| weekday_code(*d) == code)
}

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// The French name of a weekday, in lower case (« mardi »).
pub fn weekday_name(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "lundi",
        Weekday::Tue => "mardi",
        Weekday::Wed => "mercredi",
        Weekday::Thu => "jeudi",
        Weekday::Fri => "vendredi",
        Weekday::Sat => "samedi",
        Weekday::Sun => "dimanche",
    }
}

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// The French name of a month (1 to 12), in lower case.
pub fn month_name(month: u32) -> &'static str {
    month
        .checked_sub(1)
        .and_then(|i| MONTHS.get(i as usize))
        .copied()
        .unwrap_or("")
}

/// A time as French pages write it: « 9 h 30 », « 14 h 00 ».
pub fn french_time(time: NaiveTime) -> String {
    format!("{} h {}", time.format("%-H"), time.format("%M"))
}

/// The day a month's `ordinal` weekday falls on (1 to 4, -1 the last).
pub fn nth_weekday(year: i32, month: u32, ordinal: i8, weekday: Weekday) -> Option<NaiveDate> {
    match ordinal {
        1..=4 => NaiveDate::from_weekday_of_month_opt(year, month, weekday, ordinal as u8),
        -1 => {
            let first = NaiveDate::from_ymd_opt(year, month, 1)?;
            let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
            let back =
                (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
            last.checked_sub_days(Days::new(u64::from(back)))
        }
        _ => None,
    }
}

/// Whether `day` exists in `month` of some year (29 February does).
fn day_exists(month: u32, day: u32) -> bool {
    NaiveDate::from_ymd_opt(2024, month, day).is_some()
}

impl Rhythm {
    /// Whether the rhythm's numbers are within their bounds.
    pub fn is_valid(&self) -> bool {
        match *self {
            Rhythm::None => true,
            Rhythm::Yearly { month, day } => day_exists(month, day),
            Rhythm::EveryWeeks { interval, .. } => (1..=MAX_WEEKS).contains(&interval),
            Rhythm::MonthlyOnWeekday { ordinal, .. } => matches!(ordinal, 1..=4 | -1),
        }
    }

    /// The RFC 5545 RRULE value; `None` without a rhythm.
    pub fn to_rrule(&self) -> Option<String> {
        match *self {
            Rhythm::None => None,
            Rhythm::Yearly { month, day } => {
                Some(format!("FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}"))
            }
            Rhythm::EveryWeeks {
                interval: 1,
                weekday,
            } => Some(format!("FREQ=WEEKLY;BYDAY={}", weekday_code(weekday))),
            Rhythm::EveryWeeks { interval, weekday } => Some(format!(
                "FREQ=WEEKLY;INTERVAL={interval};BYDAY={}",
                weekday_code(weekday)
            )),
            Rhythm::MonthlyOnWeekday { ordinal, weekday } => Some(format!(
                "FREQ=MONTHLY;BYDAY={ordinal}{}",
                weekday_code(weekday)
            )),
        }
    }

    /// Reads back the RRULEs [`Rhythm::to_rrule`] writes (parts in any
    /// order, an optional `RRULE:` prefix, `INTERVAL=1` allowed), and no
    /// other: a rule Maillage could not show or edit is refused.
    pub fn from_rrule(input: &str) -> Result<Rhythm, RhythmError> {
        let input = input.trim();
        let input = input
            .get(..6)
            .filter(|p| p.eq_ignore_ascii_case("RRULE:"))
            .map_or(input, |_| &input[6..]);
        if input.is_empty() {
            return Err(RhythmError::Empty);
        }
        let mut parts: Vec<(String, String)> = Vec::new();
        for part in input.split(';') {
            let Some((name, value)) = part.split_once('=') else {
                return Err(RhythmError::Malformed(part.to_owned()));
            };
            let name = name.trim().to_ascii_uppercase();
            if !matches!(
                name.as_str(),
                "FREQ" | "INTERVAL" | "BYDAY" | "BYMONTH" | "BYMONTHDAY"
            ) {
                return Err(RhythmError::Unsupported(name));
            }
            if parts.iter().any(|(n, _)| *n == name) {
                return Err(RhythmError::Repeated(name));
            }
            parts.push((name, value.trim().to_ascii_uppercase()));
        }
        let get = |name: &str| {
            parts
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let number = |name: &str, range: std::ops::RangeInclusive<u32>| {
            let value = get(name).ok_or_else(|| RhythmError::InvalidValue(name.to_owned()))?;
            let valid = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
            value
                .parse::<u32>()
                .ok()
                .filter(|n| valid && range.contains(n))
                .ok_or_else(|| RhythmError::InvalidValue(name.to_owned()))
        };
        let only =
            |allowed: &[&str]| match parts.iter().find(|(n, _)| !allowed.contains(&n.as_str())) {
                Some((name, _)) => Err(RhythmError::Unsupported(name.clone())),
                None => Ok(()),
            };
        let rhythm = match get("FREQ") {
            Some("YEARLY") => {
                only(&["FREQ", "BYMONTH", "BYMONTHDAY"])?;
                let month = number("BYMONTH", 1..=12)?;
                let day = number("BYMONTHDAY", 1..=31)?;
                if !day_exists(month, day) {
                    return Err(RhythmError::InvalidValue("BYMONTHDAY".into()));
                }
                Rhythm::Yearly { month, day }
            }
            Some("WEEKLY") => {
                only(&["FREQ", "INTERVAL", "BYDAY"])?;
                let interval = match get("INTERVAL") {
                    Some(_) => number("INTERVAL", 1..=MAX_WEEKS)?,
                    None => 1,
                };
                let weekday = get("BYDAY")
                    .and_then(weekday_from_code)
                    .ok_or_else(|| RhythmError::InvalidValue("BYDAY".into()))?;
                Rhythm::EveryWeeks { interval, weekday }
            }
            Some("MONTHLY") => {
                only(&["FREQ", "BYDAY"])?;
                let byday = get("BYDAY").unwrap_or("");
                let split = byday.len().saturating_sub(2);
                let (ordinal, weekday) = match (byday.get(..split), byday.get(split..)) {
                    (Some(o), Some(w)) => (o, w),
                    _ => return Err(RhythmError::InvalidValue("BYDAY".into())),
                };
                let ordinal = match ordinal {
                    "1" | "+1" => 1,
                    "2" | "+2" => 2,
                    "3" | "+3" => 3,
                    "4" | "+4" => 4,
                    "-1" => -1,
                    _ => return Err(RhythmError::InvalidValue("BYDAY".into())),
                };
                let weekday = weekday_from_code(weekday)
                    .ok_or_else(|| RhythmError::InvalidValue("BYDAY".into()))?;
                Rhythm::MonthlyOnWeekday { ordinal, weekday }
            }
            Some("DAILY" | "SECONDLY" | "MINUTELY" | "HOURLY") => {
                return Err(RhythmError::UnsupportedRhythm)
            }
            _ => return Err(RhythmError::InvalidValue("FREQ".into())),
        };
        Ok(rhythm)
    }

    /// What the rhythm says, in French, with the meetings' time:
    /// « Toutes les 6 semaines, le mardi à 14 h 00 ».
    pub fn describe(&self, start_time: NaiveTime) -> String {
        let at = french_time(start_time);
        match *self {
            Rhythm::None => "Sans rythme fixe".to_owned(),
            Rhythm::Yearly { month, day } => {
                let day = if day == 1 {
                    "1er".to_owned()
                } else {
                    day.to_string()
                };
                format!("Chaque année, le {day} {} à {at}", month_name(month))
            }
            Rhythm::EveryWeeks { interval, weekday } => {
                let every = if interval == 1 {
                    "Chaque semaine".to_owned()
                } else {
                    format!("Toutes les {interval} semaines")
                };
                format!("{every}, le {} à {at}", weekday_name(weekday))
            }
            Rhythm::MonthlyOnWeekday { ordinal, weekday } => {
                let which = match ordinal {
                    -1 => "dernier".to_owned(),
                    1 => "1er".to_owned(),
                    n => format!("{n}e"),
                };
                format!("Chaque mois, le {which} {} à {at}", weekday_name(weekday))
            }
        }
    }
}

impl Schedule {
    /// The first meeting, as RFC 5545 `DTSTART`: the anchor at the time.
    pub fn dtstart(&self) -> NaiveDateTime {
        self.anchor.and_time(self.start_time)
    }

    /// « Toutes les 6 semaines, le mardi à 14 h 00 ».
    pub fn describe(&self) -> String {
        self.rhythm.describe(self.start_time)
    }

    /// The Paris wall-clock starts of the meetings whose date lies between
    /// `from` and `until` (both included), in order. Nothing before the
    /// anchor, nothing without a rhythm.
    pub fn occurrences(&self, from: NaiveDate, until: NaiveDate) -> Vec<NaiveDateTime> {
        let from = from.max(self.anchor);
        if from > until || !self.rhythm.is_valid() {
            return Vec::new();
        }
        let dates = match self.rhythm {
            Rhythm::None => Vec::new(),
            Rhythm::Yearly { month, day } => (from.year()..=until.year())
                .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
                .collect(),
            Rhythm::EveryWeeks { interval, weekday } => {
                every_weeks(self.anchor, interval, weekday, from, until)
            }
            Rhythm::MonthlyOnWeekday { ordinal, weekday } => {
                let mut dates = Vec::new();
                let mut month = from.with_day(1);
                while let Some(first) = month.filter(|m| *m <= until) {
                    dates.extend(nth_weekday(first.year(), first.month(), ordinal, weekday));
                    month = first.checked_add_months(Months::new(1));
                }
                dates
            }
        };
        dates
            .into_iter()
            .filter(|d| *d >= from && *d <= until)
            .map(|d| d.and_time(self.start_time))
            .collect()
    }

    /// The same meetings as UTC instants, the local time kept across
    /// summer time.
    pub fn occurrences_utc(&self, from: NaiveDate, until: NaiveDate) -> Vec<DateTime<Utc>> {
        self.occurrences(from, until)
            .into_iter()
            .map(paris_to_utc)
            .collect()
    }

    /// The first meeting on or after the anchor, within a long horizon
    /// (ten years: a 29 February comes back in at most eight).
    pub fn first_occurrence(&self) -> Option<NaiveDate> {
        let until = self.anchor.checked_add_months(Months::new(120))?;
        self.occurrences(self.anchor, until)
            .first()
            .map(NaiveDateTime::date)
    }

    /// The same meetings with the anchor on the first of them, so that
    /// `DTSTART` is itself an occurrence, as RFC 5545 wants (calendars
    /// show `DTSTART` even when the rule does not name it).
    pub fn synchronized(self) -> Schedule {
        match self.first_occurrence() {
            Some(anchor) => Schedule { anchor, ..self },
            None => self,
        }
    }

    /// When a meeting starting at `start` (local) ends.
    pub fn end_of(&self, start: NaiveDateTime) -> NaiveDateTime {
        start + chrono::Duration::minutes(i64::from(self.duration_minutes))
    }
}

/// The `weekday` of every `interval`-th week from the anchor's week
/// (weeks start on Monday, RFC 5545's default `WKST`), within the bounds.
fn every_weeks(
    anchor: NaiveDate,
    interval: u32,
    weekday: Weekday,
    from: NaiveDate,
    until: NaiveDate,
) -> Vec<NaiveDate> {
    let monday = anchor.week(Weekday::Mon).first_day();
    let Some(first) = monday.checked_add_days(Days::new(u64::from(weekday.num_days_from_monday())))
    else {
        return Vec::new();
    };
    let step = 7 * i64::from(interval);
    // Skip the periods before `from` at once.
    let skipped = (from - first).num_days().max(0) / step;
    let mut dates = Vec::new();
    let mut k = skipped;
    while let Some(date) = first.checked_add_signed(chrono::Duration::days(k * step)) {
        if date > until {
            break;
        }
        dates.push(date);
        k += 1;
    }
    dates
}

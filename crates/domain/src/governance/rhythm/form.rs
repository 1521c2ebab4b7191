//! The rhythm form (*formulaire du rythme*): strings as typed, checked
//! into a [`Schedule`] with French messages next to each field.

use chrono::{Months, NaiveDate, NaiveTime};

use super::{
    day_exists, month_name, weekday_code, weekday_from_code, Rhythm, Schedule,
    ANCHOR_HORIZON_YEARS, EARLIEST_ANCHOR_YEAR, MAX_DURATION_MINUTES, MAX_WEEKS,
    MIN_DURATION_MINUTES,
};
use crate::codes::code_list;
use crate::dates::parse_date;
use crate::errors::FieldErrors;

code_list!(
    /// The kind of rhythm chosen in the form.
    RhythmKind {
        None = "none", "Sans rythme fixe";
        Yearly = "yearly", "Chaque année";
        EveryWeeks = "every_weeks", "Toutes les N semaines";
        MonthlyOnWeekday = "monthly_on_weekday", "Chaque mois, un jour de semaine";
    }
);

/// The rhythm form, as typed. `weekday` is an RFC 5545 code (`TU`),
/// `ordinal` 1 to 4 or -1, `time` `14:00`, `anchor` `2026-03-15` or
/// `15/03/2026`.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct RhythmForm {
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

/// A time typed as `14:00`, `9:30`, `14h00`, `14 h` or `14h`.
pub fn parse_time(input: &str) -> Option<NaiveTime> {
    let compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let (hours, minutes) = compact
        .split_once(':')
        .or_else(|| compact.split_once('h'))?;
    let minutes = if minutes.is_empty() { "00" } else { minutes };
    let digits = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(hours) || minutes.len() != 2 || !digits(minutes) {
        return None;
    }
    NaiveTime::from_hms_opt(hours.parse().ok()?, minutes.parse().ok()?, 0)
}

/// The start time and duration every meeting form asks for, checked.
pub fn time_and_duration(
    errors: &mut FieldErrors,
    time: &str,
    duration_minutes: &str,
) -> (Option<NaiveTime>, Option<u32>) {
    let start_time = parse_time(time);
    if start_time.is_none() {
        errors.add("time", "Indiquez une heure, par exemple 14:00.");
    }
    let duration = duration_minutes
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|d| (MIN_DURATION_MINUTES..=MAX_DURATION_MINUTES).contains(d));
    if duration.is_none() {
        errors.add(
            "duration_minutes",
            format!("Indiquez une durée entre {MIN_DURATION_MINUTES} et {MAX_DURATION_MINUTES} minutes."),
        );
    }
    (start_time, duration)
}

impl RhythmForm {
    /// The form filled from a schedule, for editing.
    pub fn from_schedule(schedule: &Schedule) -> RhythmForm {
        let mut form = RhythmForm {
            time: schedule.start_time.format("%H:%M").to_string(),
            duration_minutes: schedule.duration_minutes.to_string(),
            anchor: schedule.anchor.format("%Y-%m-%d").to_string(),
            ..RhythmForm::default()
        };
        let kind = match schedule.rhythm {
            Rhythm::None => RhythmKind::None,
            Rhythm::Yearly { month, day } => {
                form.month = month.to_string();
                form.day = day.to_string();
                RhythmKind::Yearly
            }
            Rhythm::EveryWeeks { interval, weekday } => {
                form.interval = interval.to_string();
                form.weekday = weekday_code(weekday).to_owned();
                RhythmKind::EveryWeeks
            }
            Rhythm::MonthlyOnWeekday { ordinal, weekday } => {
                form.ordinal = ordinal.to_string();
                form.weekday = weekday_code(weekday).to_owned();
                RhythmKind::MonthlyOnWeekday
            }
        };
        form.kind = kind.code().to_owned();
        form
    }

    /// The schedule the form describes; `today` (Paris) bounds the first
    /// meeting: from 2015 to three years ahead. Without a rhythm, an empty
    /// anchor means `today`. The anchor is moved to the first meeting on or
    /// after it ([`Schedule::synchronized`]).
    pub fn parse(&self, today: NaiveDate) -> Result<Schedule, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = RhythmKind::parse(self.kind.trim());
        if kind.is_none() {
            errors.add("kind", "Choisissez un rythme.");
        }
        let weekday = || weekday_from_code(&self.weekday.trim().to_ascii_uppercase());
        let weekday_or_error = |errors: &mut FieldErrors| {
            let day = weekday();
            if day.is_none() {
                errors.add("weekday", "Choisissez un jour de la semaine.");
            }
            day
        };
        let rhythm = match kind {
            None => None,
            Some(RhythmKind::None) => Some(Rhythm::None),
            Some(RhythmKind::Yearly) => {
                let month = self
                    .month
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|m| (1..=12).contains(m));
                if month.is_none() {
                    errors.add("month", "Choisissez un mois.");
                }
                let day = self.day.trim().parse::<u32>().ok();
                match (month, day) {
                    (Some(month), Some(day)) if day_exists(month, day) => {
                        Some(Rhythm::Yearly { month, day })
                    }
                    (Some(_), None) => {
                        errors.add("day", "Indiquez le jour du mois.");
                        None
                    }
                    (Some(month), Some(_)) => {
                        errors.add(
                            "day",
                            format!("Ce jour n'existe pas en {}.", month_name(month)),
                        );
                        None
                    }
                    (None, _) => None,
                }
            }
            Some(RhythmKind::EveryWeeks) => {
                let interval = self
                    .interval
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|n| (1..=MAX_WEEKS).contains(n));
                if interval.is_none() {
                    errors.add(
                        "interval",
                        format!("Indiquez un nombre de semaines entre 1 et {MAX_WEEKS}."),
                    );
                }
                let weekday = weekday_or_error(&mut errors);
                interval
                    .zip(weekday)
                    .map(|(interval, weekday)| Rhythm::EveryWeeks { interval, weekday })
            }
            Some(RhythmKind::MonthlyOnWeekday) => {
                let ordinal = self
                    .ordinal
                    .trim()
                    .parse::<i8>()
                    .ok()
                    .filter(|n| matches!(n, 1..=4 | -1));
                if ordinal.is_none() {
                    errors.add(
                        "ordinal",
                        "Choisissez la semaine du mois : 1re, 2e, 3e, 4e ou dernière.",
                    );
                }
                let weekday = weekday_or_error(&mut errors);
                ordinal
                    .zip(weekday)
                    .map(|(ordinal, weekday)| Rhythm::MonthlyOnWeekday { ordinal, weekday })
            }
        };
        let (start_time, duration) =
            time_and_duration(&mut errors, &self.time, &self.duration_minutes);
        let anchor = self.anchor(&mut errors, rhythm, today);
        match (rhythm, start_time, duration, anchor) {
            (Some(rhythm), Some(start_time), Some(duration_minutes), Some(anchor))
                if errors.is_empty() =>
            {
                Ok(Schedule {
                    rhythm,
                    start_time,
                    duration_minutes,
                    anchor,
                }
                .synchronized())
            }
            _ => Err(errors),
        }
    }

    fn anchor(
        &self,
        errors: &mut FieldErrors,
        rhythm: Option<Rhythm>,
        today: NaiveDate,
    ) -> Option<NaiveDate> {
        if self.anchor.trim().is_empty() {
            if rhythm == Some(Rhythm::None) {
                return Some(today);
            }
            errors.add("anchor", "Indiquez la date de la première séance.");
            return None;
        }
        let Some(anchor) = parse_date(&self.anchor) else {
            errors.add("anchor", "Date invalide : utilisez le format JJ/MM/AAAA.");
            return None;
        };
        let earliest =
            NaiveDate::from_ymd_opt(EARLIEST_ANCHOR_YEAR, 1, 1).unwrap_or(NaiveDate::MIN);
        let latest = today
            .checked_add_months(Months::new(12 * ANCHOR_HORIZON_YEARS))
            .unwrap_or(NaiveDate::MAX);
        if anchor < earliest || anchor > latest {
            errors.add(
                "anchor",
                format!(
                    "La première séance se tient entre le 01/01/{EARLIEST_ANCHOR_YEAR} et le {}.",
                    latest.format("%d/%m/%Y")
                ),
            );
            return None;
        }
        Some(anchor)
    }
}

#[cfg(test)]
mod tests {
    use chrono::Weekday;

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn form(kind: &str) -> RhythmForm {
        RhythmForm {
            kind: kind.into(),
            time: "14:00".into(),
            duration_minutes: "120".into(),
            anchor: "2026-01-08".into(),
            ..RhythmForm::default()
        }
    }

    #[test]
    fn the_form_gives_a_synchronized_schedule() {
        let today = date(2026, 1, 5);
        let mut f = form("every_weeks");
        f.interval = "6".into();
        f.weekday = "tu".into();
        let s = f.parse(today).unwrap();
        assert_eq!(
            s.rhythm,
            Rhythm::EveryWeeks {
                interval: 6,
                weekday: Weekday::Tue
            }
        );
        assert_eq!(s.anchor, date(2026, 2, 17));
        assert_eq!(s.start_time, hm(14, 0));
        assert_eq!(RhythmForm::from_schedule(&s).parse(today), Ok(s));

        let mut none = form("none");
        none.anchor.clear();
        assert_eq!(none.parse(today).unwrap().anchor, today);

        let mut yearly = form("yearly");
        yearly.month = "2".into();
        yearly.day = "29".into();
        yearly.time = "10 h".into();
        let s = yearly.parse(today).unwrap();
        assert_eq!(s.anchor, date(2028, 2, 29));
        assert_eq!(s.start_time, hm(10, 0));
    }

    #[test]
    fn the_form_says_what_is_missing_in_french() {
        let today = date(2026, 1, 5);
        let mut f = form("every_weeks");
        f.interval = "0".into();
        f.time = "25:00".into();
        f.duration_minutes = "5".into();
        f.anchor = "2014-12-31".into();
        let errors = f.parse(today).unwrap_err();
        assert_eq!(
            errors.get("weekday"),
            Some("Choisissez un jour de la semaine.")
        );
        assert_eq!(
            errors.get("interval"),
            Some("Indiquez un nombre de semaines entre 1 et 52.")
        );
        assert_eq!(
            errors.get("time"),
            Some("Indiquez une heure, par exemple 14:00.")
        );
        assert_eq!(
            errors.get("duration_minutes"),
            Some("Indiquez une durée entre 15 et 600 minutes.")
        );
        assert_eq!(
            errors.get("anchor"),
            Some("La première séance se tient entre le 01/01/2015 et le 05/01/2029.")
        );

        let errors = form("weekly").parse(today).unwrap_err();
        assert_eq!(errors.get("kind"), Some("Choisissez un rythme."));

        let mut m = form("monthly_on_weekday");
        m.ordinal = "5".into();
        m.weekday = "TH".into();
        let errors = m.parse(today).unwrap_err();
        assert_eq!(
            errors.get("ordinal"),
            Some("Choisissez la semaine du mois : 1re, 2e, 3e, 4e ou dernière.")
        );

        let mut y = form("yearly");
        y.month = "4".into();
        y.day = "31".into();
        let errors = y.parse(today).unwrap_err();
        assert_eq!(errors.get("day"), Some("Ce jour n'existe pas en avril."));
        y.month = "".into();
        assert_eq!(
            y.parse(today).unwrap_err().get("month"),
            Some("Choisissez un mois.")
        );

        let mut a = form("every_weeks");
        a.interval = "2".into();
        a.weekday = "MO".into();
        a.anchor = "".into();
        assert_eq!(
            a.parse(today).unwrap_err().get("anchor"),
            Some("Indiquez la date de la première séance.")
        );
        a.anchor = "31/02/2026".into();
        assert_eq!(
            a.parse(today).unwrap_err().get("anchor"),
            Some("Date invalide : utilisez le format JJ/MM/AAAA.")
        );
    }

    #[test]
    fn times_are_typed_in_several_ways() {
        assert_eq!(parse_time("14:00"), Some(hm(14, 0)));
        assert_eq!(parse_time(" 9:30 "), Some(hm(9, 30)));
        assert_eq!(parse_time("14h30"), Some(hm(14, 30)));
        assert_eq!(parse_time("14 h"), Some(hm(14, 0)));
        assert_eq!(parse_time("14"), None);
        assert_eq!(parse_time("14:5"), None);
        assert_eq!(parse_time("24:00"), None);
        assert_eq!(parse_time("-1:00"), None);
        assert_eq!(parse_time("٣:00"), None);
    }
}

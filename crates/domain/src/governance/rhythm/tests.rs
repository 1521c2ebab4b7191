use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use proptest::prelude::*;

use super::*;
use crate::time::in_paris;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn schedule(rhythm: Rhythm, anchor: NaiveDate, time: NaiveTime) -> Schedule {
    Schedule {
        rhythm,
        start_time: time,
        duration_minutes: 120,
        anchor,
    }
}

fn dates(list: &[NaiveDateTime]) -> Vec<NaiveDate> {
    list.iter().map(NaiveDateTime::date).collect()
}

#[test]
fn every_six_weeks_counts_from_the_anchor_week() {
    // Anchor Thursday 8 January 2026: the Tuesday of its week (6 January)
    // is before it, the next is six weeks on.
    let s = schedule(
        Rhythm::EveryWeeks {
            interval: 6,
            weekday: Weekday::Tue,
        },
        date(2026, 1, 8),
        hm(14, 0),
    );
    assert_eq!(
        dates(&s.occurrences(date(2025, 1, 1), date(2026, 4, 30))),
        vec![date(2026, 2, 17), date(2026, 3, 31)]
    );
    assert_eq!(s.first_occurrence(), Some(date(2026, 2, 17)));
    assert_eq!(s.synchronized().anchor, date(2026, 2, 17));
    // `from` in the middle of a period does not shift the weeks.
    assert_eq!(
        dates(&s.occurrences(date(2026, 3, 1), date(2026, 5, 31))),
        vec![date(2026, 3, 31), date(2026, 5, 12)]
    );
}

#[test]
fn local_time_is_kept_across_summer_time() {
    let s = schedule(
        Rhythm::EveryWeeks {
            interval: 1,
            weekday: Weekday::Tue,
        },
        date(2026, 3, 17),
        hm(14, 0),
    );
    let utc = s.occurrences_utc(date(2026, 3, 17), date(2026, 3, 31));
    assert_eq!(
        utc,
        vec![
            Utc.with_ymd_and_hms(2026, 3, 17, 13, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 3, 24, 13, 0, 0).unwrap(),
            // Summer time since 29 March: 14:00 in Paris is 12:00 UTC.
            Utc.with_ymd_and_hms(2026, 3, 31, 12, 0, 0).unwrap(),
        ]
    );
}

#[test]
fn yearly_on_29_february_only_in_leap_years() {
    let s = schedule(
        Rhythm::Yearly { month: 2, day: 29 },
        date(2024, 1, 1),
        hm(10, 0),
    );
    assert_eq!(
        dates(&s.occurrences(date(2020, 1, 1), date(2032, 12, 31))),
        vec![date(2024, 2, 29), date(2028, 2, 29), date(2032, 2, 29)]
    );
    let march = schedule(
        Rhythm::Yearly { month: 3, day: 15 },
        date(2026, 3, 16),
        hm(10, 0),
    );
    // 15 March 2026 is before the anchor.
    assert_eq!(
        dates(&march.occurrences(date(2026, 1, 1), date(2027, 12, 31))),
        vec![date(2027, 3, 15)]
    );
}

#[test]
fn monthly_on_the_second_thursday_and_the_last_friday() {
    let second = schedule(
        Rhythm::MonthlyOnWeekday {
            ordinal: 2,
            weekday: Weekday::Thu,
        },
        date(2026, 1, 1),
        hm(9, 30),
    );
    assert_eq!(
        dates(&second.occurrences(date(2026, 1, 1), date(2026, 3, 31))),
        vec![date(2026, 1, 8), date(2026, 2, 12), date(2026, 3, 12)]
    );
    let last = schedule(
        Rhythm::MonthlyOnWeekday {
            ordinal: -1,
            weekday: Weekday::Fri,
        },
        date(2026, 1, 1),
        hm(9, 30),
    );
    assert_eq!(
        dates(&last.occurrences(date(2026, 1, 1), date(2026, 3, 31))),
        vec![date(2026, 1, 30), date(2026, 2, 27), date(2026, 3, 27)]
    );
    assert_eq!(
        nth_weekday(2026, 5, -1, Weekday::Sun),
        Some(date(2026, 5, 31))
    );
    assert_eq!(nth_weekday(2026, 5, 5, Weekday::Sun), None);
}

#[test]
fn no_rhythm_no_occurrence_and_reversed_bounds_give_nothing() {
    let none = schedule(Rhythm::None, date(2026, 1, 1), hm(9, 0));
    assert!(none
        .occurrences(date(2026, 1, 1), date(2030, 1, 1))
        .is_empty());
    let weekly = schedule(
        Rhythm::EveryWeeks {
            interval: 1,
            weekday: Weekday::Mon,
        },
        date(2026, 1, 1),
        hm(9, 0),
    );
    assert!(weekly
        .occurrences(date(2026, 5, 1), date(2026, 4, 1))
        .is_empty());
    // Extreme bounds do not panic.
    let far = weekly.occurrences(NaiveDate::MIN, date(2026, 1, 31));
    assert_eq!(far.len(), 4);
    let to_max = schedule(
        Rhythm::Yearly { month: 1, day: 1 },
        date(2026, 1, 1),
        hm(9, 0),
    );
    assert!(!to_max
        .occurrences(date(2026, 1, 1), NaiveDate::MAX)
        .is_empty());
    assert_eq!(
        weekly.end_of(weekly.dtstart()),
        date(2026, 1, 1).and_hms_opt(11, 0, 0).unwrap()
    );
}

#[test]
fn rrules_are_written_as_rfc_5545_says() {
    let r = |r: Rhythm| r.to_rrule().unwrap();
    assert_eq!(
        r(Rhythm::Yearly { month: 3, day: 15 }),
        "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15"
    );
    assert_eq!(
        r(Rhythm::EveryWeeks {
            interval: 6,
            weekday: Weekday::Tue
        }),
        "FREQ=WEEKLY;INTERVAL=6;BYDAY=TU"
    );
    assert_eq!(
        r(Rhythm::MonthlyOnWeekday {
            ordinal: 2,
            weekday: Weekday::Thu
        }),
        "FREQ=MONTHLY;BYDAY=2TH"
    );
    assert_eq!(
        r(Rhythm::MonthlyOnWeekday {
            ordinal: -1,
            weekday: Weekday::Fri
        }),
        "FREQ=MONTHLY;BYDAY=-1FR"
    );
    assert_eq!(Rhythm::None.to_rrule(), None);
}

#[test]
fn rrules_read_back_and_others_are_refused() {
    assert_eq!(
        Rhythm::from_rrule("RRULE:BYDAY=TU;FREQ=WEEKLY;INTERVAL=1"),
        Ok(Rhythm::EveryWeeks {
            interval: 1,
            weekday: Weekday::Tue
        })
    );
    assert_eq!(
        Rhythm::from_rrule("FREQ=MONTHLY;BYDAY=+3MO"),
        Ok(Rhythm::MonthlyOnWeekday {
            ordinal: 3,
            weekday: Weekday::Mon
        })
    );
    let refused = [
        ("", RhythmError::Empty),
        ("FREQ=DAILY", RhythmError::UnsupportedRhythm),
        (
            "FREQ=WEEKLY;BYDAY=TU;COUNT=3",
            RhythmError::Unsupported("COUNT".into()),
        ),
        (
            "FREQ=WEEKLY;BYDAY=TU,TH",
            RhythmError::InvalidValue("BYDAY".into()),
        ),
        (
            "FREQ=WEEKLY;INTERVAL=53;BYDAY=TU",
            RhythmError::InvalidValue("INTERVAL".into()),
        ),
        (
            "FREQ=WEEKLY;INTERVAL=+2;BYDAY=TU",
            RhythmError::InvalidValue("INTERVAL".into()),
        ),
        (
            "FREQ=WEEKLY;FREQ=WEEKLY",
            RhythmError::Repeated("FREQ".into()),
        ),
        (
            "FREQ=MONTHLY;BYDAY=5MO",
            RhythmError::InvalidValue("BYDAY".into()),
        ),
        (
            "FREQ=MONTHLY;BYDAY=MO",
            RhythmError::InvalidValue("BYDAY".into()),
        ),
        (
            "FREQ=MONTHLY;BYDAY=-2MO",
            RhythmError::InvalidValue("BYDAY".into()),
        ),
        (
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
            RhythmError::InvalidValue("BYMONTHDAY".into()),
        ),
        (
            "FREQ=YEARLY;BYMONTH=3;BYDAY=MO",
            RhythmError::Unsupported("BYDAY".into()),
        ),
        (
            "FREQ=YEARLY;BYMONTH=13;BYMONTHDAY=1",
            RhythmError::InvalidValue("BYMONTH".into()),
        ),
        ("FREQ", RhythmError::Malformed("FREQ".into())),
        ("FREQ=FORTNIGHTLY", RhythmError::InvalidValue("FREQ".into())),
    ];
    for (input, error) in refused {
        assert_eq!(Rhythm::from_rrule(input), Err(error), "{input}");
    }
    assert_eq!(
        RhythmError::Unsupported("COUNT".into()).to_string(),
        "La partie « COUNT » de la règle de récurrence n'est pas prise en charge."
    );
}

#[test]
fn described_in_french() {
    let d = |r: Rhythm, t| r.describe(t);
    assert_eq!(
        d(
            Rhythm::EveryWeeks {
                interval: 6,
                weekday: Weekday::Tue
            },
            hm(14, 0)
        ),
        "Toutes les 6 semaines, le mardi à 14 h 00"
    );
    assert_eq!(
        d(
            Rhythm::EveryWeeks {
                interval: 1,
                weekday: Weekday::Mon
            },
            hm(8, 5)
        ),
        "Chaque semaine, le lundi à 8 h 05"
    );
    assert_eq!(
        d(
            Rhythm::MonthlyOnWeekday {
                ordinal: 2,
                weekday: Weekday::Thu
            },
            hm(9, 30)
        ),
        "Chaque mois, le 2e jeudi à 9 h 30"
    );
    assert_eq!(
        d(
            Rhythm::MonthlyOnWeekday {
                ordinal: -1,
                weekday: Weekday::Fri
            },
            hm(9, 30)
        ),
        "Chaque mois, le dernier vendredi à 9 h 30"
    );
    assert_eq!(
        d(
            Rhythm::MonthlyOnWeekday {
                ordinal: 1,
                weekday: Weekday::Wed
            },
            hm(9, 30)
        ),
        "Chaque mois, le 1er mercredi à 9 h 30"
    );
    assert_eq!(
        d(Rhythm::Yearly { month: 3, day: 15 }, hm(10, 0)),
        "Chaque année, le 15 mars à 10 h 00"
    );
    assert_eq!(
        d(Rhythm::Yearly { month: 8, day: 1 }, hm(10, 0)),
        "Chaque année, le 1er août à 10 h 00"
    );
    assert_eq!(d(Rhythm::None, hm(10, 0)), "Sans rythme fixe");
}

fn weekday_strategy() -> impl Strategy<Value = Weekday> {
    (0u8..7).prop_map(|i| Weekday::try_from(i).unwrap())
}

fn anchor_strategy() -> impl Strategy<Value = NaiveDate> {
    // 2020 to 2035, every day of the year, year ends included.
    (2020i32..2036, 0u64..366).prop_map(|(y, d)| {
        date(y, 1, 1)
            .checked_add_days(chrono::Days::new(d))
            .unwrap()
    })
}

fn rhythm_strategy() -> impl Strategy<Value = Rhythm> {
    prop_oneof![
        Just(Rhythm::None),
        (1u32..=12, 1u32..=31)
            .prop_filter("a day of that month", |(m, d)| day_exists(*m, *d))
            .prop_map(|(month, day)| Rhythm::Yearly { month, day }),
        (1u32..=MAX_WEEKS, weekday_strategy())
            .prop_map(|(interval, weekday)| Rhythm::EveryWeeks { interval, weekday }),
        (prop_oneof![Just(-1i8), 1i8..=4], weekday_strategy())
            .prop_map(|(ordinal, weekday)| Rhythm::MonthlyOnWeekday { ordinal, weekday }),
    ]
}

proptest! {
    #[test]
    fn every_n_weeks_keeps_time_weekday_and_spacing(
        anchor in anchor_strategy(),
        interval in 1u32..=MAX_WEEKS,
        weekday in weekday_strategy(),
        // Hours that exist every day: 02:00-02:59 is skipped once a year.
        hour in prop_oneof![0u32..2, 3u32..24],
        minute in 0u32..60,
    ) {
        let time = hm(hour, minute);
        let s = schedule(Rhythm::EveryWeeks { interval, weekday }, anchor, time);
        let until = anchor.checked_add_days(chrono::Days::new(3 * 366)).unwrap();
        let list = s.occurrences(anchor, until);
        prop_assert!(!list.is_empty() || interval * 7 > 3 * 366);
        let first = list[0].date();
        prop_assert!(first >= anchor);
        prop_assert!((first - anchor).num_days() < 7 * i64::from(interval));
        prop_assert_eq!(first.week(Weekday::Mon).first_day(), first - chrono::Days::new(u64::from(weekday.num_days_from_monday())));
        for start in &list {
            prop_assert_eq!(start.time(), time);
            prop_assert_eq!(start.date().weekday(), weekday);
            let utc = paris_to_utc(*start);
            prop_assert_eq!(in_paris(utc).naive_local(), *start);
        }
        for pair in list.windows(2) {
            prop_assert_eq!((pair[1].date() - pair[0].date()).num_days(), 7 * i64::from(interval));
        }
        // The anchor's week counts: weeks between it and each occurrence
        // are a multiple of the interval.
        let anchor_monday = anchor.week(Weekday::Mon).first_day();
        for start in &list {
            let weeks = (start.date() - anchor_monday).num_days() / 7;
            prop_assert_eq!(weeks % i64::from(interval), 0);
        }
    }

    #[test]
    fn monthly_lands_on_the_ordinal_weekday_of_every_month(
        anchor in anchor_strategy(),
        ordinal in prop_oneof![Just(-1i8), 1i8..=4],
        weekday in weekday_strategy(),
    ) {
        let s = schedule(Rhythm::MonthlyOnWeekday { ordinal, weekday }, anchor, hm(9, 30));
        let until = anchor.checked_add_days(chrono::Days::new(3 * 366)).unwrap();
        let list = s.occurrences(anchor, until);
        let mut months: Vec<(i32, u32)> = Vec::new();
        for start in &list {
            let d = start.date();
            prop_assert_eq!(d.weekday(), weekday);
            prop_assert!(d >= anchor && d <= until);
            let days_in_month = d.with_day(1).unwrap().checked_add_months(chrono::Months::new(1)).unwrap().pred_opt().unwrap().day();
            if ordinal == -1 {
                prop_assert!(d.day() + 7 > days_in_month);
            } else {
                let k = u32::try_from(ordinal).unwrap();
                prop_assert!(d.day() > (k - 1) * 7 && d.day() <= k * 7);
            }
            months.push((d.year(), d.month()));
        }
        // One meeting a month, no month missed between the first and the last.
        let mut unique = months.clone();
        unique.dedup();
        prop_assert_eq!(unique.len(), months.len());
        prop_assert!(list.len() >= 35);
    }

    #[test]
    fn rrules_round_trip(rhythm in rhythm_strategy()) {
        match rhythm.to_rrule() {
            Some(rule) => prop_assert_eq!(Rhythm::from_rrule(&rule), Ok(rhythm)),
            None => prop_assert_eq!(rhythm, Rhythm::None),
        }
    }

    #[test]
    fn from_rrule_never_panics_on_any_text(input in any::<String>()) {
        let _ = Rhythm::from_rrule(&input);
    }

    #[test]
    fn from_rrule_never_panics_on_rule_like_text(
        input in "(RRULE:)?((FREQ|INTERVAL|BYDAY|BYMONTH|BYMONTHDAY|COUNT)=[-+0-9A-Zé,]{0,5};?){0,5}"
    ) {
        if let Ok(rhythm) = Rhythm::from_rrule(&input) {
            prop_assert!(rhythm.is_valid());
        }
    }

    #[test]
    fn the_form_round_trips(rhythm in rhythm_strategy(), anchor in anchor_strategy(), hour in 0u32..24, minute in 0u32..60) {
        let s = schedule(rhythm, anchor, hm(hour, minute)).synchronized();
        // Far enough for an anchor moved to the next 29 February.
        let today = date(2042, 1, 1);
        prop_assert_eq!(RhythmForm::from_schedule(&s).parse(today), Ok(s));
    }
}

/// The rrule crate, a reference implementation of RFC 5545, expands each
/// rule with `DTSTART;TZID=Europe/Paris` as `occurrences` does.
#[test]
fn occurrences_match_a_reference_rrule_implementation() {
    let rhythms = [
        Rhythm::EveryWeeks {
            interval: 1,
            weekday: Weekday::Mon,
        },
        Rhythm::EveryWeeks {
            interval: 6,
            weekday: Weekday::Tue,
        },
        Rhythm::EveryWeeks {
            interval: 3,
            weekday: Weekday::Sun,
        },
        Rhythm::EveryWeeks {
            interval: 52,
            weekday: Weekday::Fri,
        },
        Rhythm::MonthlyOnWeekday {
            ordinal: 2,
            weekday: Weekday::Thu,
        },
        Rhythm::MonthlyOnWeekday {
            ordinal: -1,
            weekday: Weekday::Fri,
        },
        Rhythm::MonthlyOnWeekday {
            ordinal: 4,
            weekday: Weekday::Sat,
        },
        Rhythm::Yearly { month: 3, day: 15 },
        Rhythm::Yearly { month: 2, day: 29 },
        Rhythm::Yearly { month: 12, day: 31 },
    ];
    let anchors = [
        date(2025, 12, 30),
        date(2026, 3, 26),
        date(2026, 10, 25),
        date(2027, 2, 28),
    ];
    for rhythm in rhythms {
        for anchor in anchors {
            for s in [
                schedule(rhythm, anchor, hm(14, 0)),
                schedule(rhythm, anchor, hm(9, 30)).synchronized(),
            ] {
                let until = anchor.checked_add_days(chrono::Days::new(3 * 365)).unwrap();
                let ours = s.occurrences(anchor, until);
                let text = format!(
                    "DTSTART;TZID=Europe/Paris:{}\nRRULE:{}",
                    s.dtstart().format("%Y%m%dT%H%M%S"),
                    rhythm.to_rrule().unwrap()
                );
                let set: rrule::RRuleSet = text.parse().unwrap();
                let tz = rrule::Tz::Europe__Paris;
                let before = tz
                    .from_local_datetime(&until.and_hms_opt(23, 59, 59).unwrap())
                    .unwrap();
                let theirs: Vec<NaiveDateTime> = set
                    .before(before)
                    .all(u16::MAX)
                    .dates
                    .iter()
                    .map(|d| d.naive_local())
                    .collect();
                assert_eq!(ours, theirs, "{text}");
            }
        }
    }
}

//! The programme's clock is Paris: « today » (*aujourd'hui*) is the
//! Europe/Paris date of the caller's `now`, whatever the server's time zone.
//! A step recorded at 00:30 in Paris on 1 January belongs to the new year.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Central European Time with its summer time (last Sunday of March to last
/// Sunday of October, at 01:00 UTC), without a time-zone database.
pub fn paris_offset(at: DateTime<Utc>) -> FixedOffset {
    let year = at.year();
    let last_sunday = |month: u32| {
        let last = (1..=31)
            .rev()
            .filter_map(|d| NaiveDate::from_ymd_opt(year, month, d))
            .find(|d| d.weekday() == chrono::Weekday::Sun);
        last.and_then(|d| d.and_hms_opt(1, 0, 0))
            .map(|dt| Utc.from_utc_datetime(&dt))
    };
    let summer = matches!(
        (last_sunday(3), last_sunday(10)),
        (Some(start), Some(end)) if at >= start && at < end
    );
    let hours = if summer { 2 } else { 1 };
    FixedOffset::east_opt(hours * 3600).unwrap_or_else(|| chrono::Offset::fix(&Utc))
}

/// `at` as a Paris wall-clock time.
pub fn in_paris(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&paris_offset(at))
}

/// The Paris date of `at`: the « today » of every rule.
pub fn paris_date(at: DateTime<Utc>) -> NaiveDate {
    in_paris(at).date_naive()
}

/// The instant a Paris day starts: midnight there, as UTC.
pub fn paris_midnight(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    // The offset of that day (changes happen at 01:00 UTC, never at midnight).
    let offset = paris_offset(Utc.from_utc_datetime(&midnight));
    Utc.from_utc_datetime(
        &(midnight - chrono::Duration::seconds(i64::from(offset.local_minus_utc()))),
    )
}

/// The instant a Paris wall-clock time names (a deadline typed « 06/10/2023
/// à 12:00 »), as UTC. In the hour the clocks go back, the earlier instant.
pub fn paris_to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    let shift = |offset: FixedOffset| {
        Utc.from_utc_datetime(
            &(local - chrono::Duration::seconds(i64::from(offset.local_minus_utc()))),
        )
    };
    // Summer time first: the earlier instant when the hour exists twice.
    let summer = shift(paris_offset(
        Utc.from_utc_datetime(&local) - chrono::Duration::hours(2),
    ));
    if in_paris(summer).naive_local() == local {
        return summer;
    }
    shift(paris_offset(Utc.from_utc_datetime(&local)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paris_wall_clock_time_becomes_utc() {
        let noon = |y, m, d| {
            NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(12, 0, 0)
                .unwrap()
        };
        assert_eq!(
            paris_to_utc(noon(2023, 10, 6)),
            Utc.with_ymd_and_hms(2023, 10, 6, 10, 0, 0).unwrap()
        );
        assert_eq!(
            paris_to_utc(noon(2024, 1, 15)),
            Utc.with_ymd_and_hms(2024, 1, 15, 11, 0, 0).unwrap()
        );
        // 02:30 on 27 October 2024 happens twice: the first one, in summer time.
        let twice = NaiveDate::from_ymd_opt(2024, 10, 27)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(
            paris_to_utc(twice),
            Utc.with_ymd_and_hms(2024, 10, 27, 0, 30, 0).unwrap()
        );
    }

    #[test]
    fn a_paris_day_starts_at_its_midnight() {
        let winter = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        assert_eq!(
            paris_midnight(winter),
            Utc.with_ymd_and_hms(2026, 12, 31, 23, 0, 0).unwrap()
        );
        let summer = NaiveDate::from_ymd_opt(2026, 7, 14).unwrap();
        assert_eq!(
            paris_midnight(summer),
            Utc.with_ymd_and_hms(2026, 7, 13, 22, 0, 0).unwrap()
        );
        assert_eq!(paris_date(paris_midnight(summer)), summer);
    }

    #[test]
    fn half_past_midnight_in_paris_on_new_year_is_the_new_year() {
        // 00:30 in Paris on 1 January 2027 is 23:30 UTC on 31 December.
        let at = Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).unwrap();
        assert_eq!(paris_date(at), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
        assert_eq!(paris_date(at).year(), 2027);
    }

    #[test]
    fn summer_nights_shift_by_two_hours() {
        let at = Utc.with_ymd_and_hms(2026, 7, 13, 22, 30, 0).unwrap();
        assert_eq!(
            paris_date(at),
            NaiveDate::from_ymd_opt(2026, 7, 14).unwrap()
        );
        let before = Utc.with_ymd_and_hms(2026, 7, 13, 21, 59, 0).unwrap();
        assert_eq!(
            paris_date(before),
            NaiveDate::from_ymd_opt(2026, 7, 13).unwrap()
        );
    }

    #[test]
    fn the_switch_to_summer_time_is_at_one_utc() {
        let before = Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 0).unwrap();
        assert_eq!(in_paris(before).format("%H:%M").to_string(), "01:59");
        let after = Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap();
        assert_eq!(in_paris(after).format("%H:%M").to_string(), "03:00");
    }
}

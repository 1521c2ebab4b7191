//! French formats: `23/11/2026`, `23/11/2026 à 14:05`, `1 234`, `12,5 %`.

use chrono::{DateTime, NaiveDate, Utc};

pub fn date(value: NaiveDate) -> String {
    value.format("%d/%m/%Y").to_string()
}

/// In Paris time: users read local hours.
pub fn date_time(value: DateTime<Utc>) -> String {
    maillage_domain::time::in_paris(value)
        .format("%d/%m/%Y à %H:%M")
        .to_string()
}

pub use maillage_domain::numbers::integer;

/// A percentage with at most one decimal: `12,5 %`.
pub fn percent(value: f64) -> String {
    let text = format!("{value:.1}").replace('.', ",");
    let text = text.strip_suffix(",0").unwrap_or(&text).to_owned();
    format!("{text}\u{a0}%")
}

/// A rate as typed back into a form: `12,5`.
pub fn rate_input(value: Option<f64>) -> String {
    value
        .map(|v| percent(v).trim_end_matches("\u{a0}%").to_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn french_formats() {
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
            "23/11/2026"
        );
        assert_eq!(integer(1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(integer(999), "999");
        assert_eq!(integer(-1000), "-1\u{202f}000");
        assert_eq!(percent(12.5), "12,5\u{a0}%");
        assert_eq!(percent(7.0), "7\u{a0}%");
        assert_eq!(rate_input(Some(12.5)), "12,5");
        assert_eq!(rate_input(None), "");
    }

    #[test]
    fn paris_time_follows_summer_time() {
        let winter = Utc.with_ymd_and_hms(2026, 11, 23, 13, 5, 0).unwrap();
        assert_eq!(date_time(winter), "23/11/2026 à 14:05");
        let summer = Utc.with_ymd_and_hms(2026, 7, 14, 8, 0, 0).unwrap();
        assert_eq!(date_time(summer), "14/07/2026 à 10:00");
        // 2026's switch: Sunday 29 March, 01:00 UTC.
        let before = Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 0).unwrap();
        assert_eq!(date_time(before), "29/03/2026 à 01:59");
        let after = Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap();
        assert_eq!(date_time(after), "29/03/2026 à 03:00");
    }
}

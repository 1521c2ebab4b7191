//! « À faire » (*to do*): what falls due on the files a user follows. The
//! store selects the candidate files with the limits computed here; the
//! rules themselves live only here.

use chrono::{DateTime, Duration, Months, NaiveDate, Utc};

use crate::participants::cohorts::{ReferralStatus, DEFAULT_FOLLOW_UP_MONTHS};
use crate::participants::outcomes::Checkpoint;

/// A consent is renewed every year, with the yearly follow-up.
pub const CONSENT_VALIDITY_MONTHS: u32 = 12;
/// Files with no activity for this long are flagged.
pub const INACTIVITY_DAYS: i64 = 60;
/// How far ahead « À faire » looks for checks and consents falling due.
pub const LOOK_AHEAD_DAYS: i64 = 30;

/// The last day « À faire » looks at.
pub fn horizon(today: NaiveDate) -> NaiveDate {
    today + Duration::days(LOOK_AHEAD_DAYS)
}

/// Active files whose last activity is before this instant are idle.
pub fn idle_before(today: NaiveDate) -> DateTime<Utc> {
    (today - Duration::days(INACTIVITY_DAYS))
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc()
}

/// Consents given before this day expire within the horizon: renew them.
pub fn consent_given_before(today: NaiveDate) -> NaiveDate {
    let horizon = horizon(today);
    horizon
        .checked_sub_months(Months::new(CONSENT_VALIDITY_MONTHS))
        .unwrap_or(horizon)
}

/// The follow-up checks (+6 and +12 months after the exit) due by the
/// horizon and not yet recorded, within the cohort's follow-up length
/// (`follow_up_months`, the Cité's default when the cohort has none): a
/// cohort followed 6 months has no check at 12.
pub fn checks_due(
    exit: NaiveDate,
    follow_up_months: Option<i32>,
    recorded: &[Checkpoint],
    today: NaiveDate,
) -> Vec<(Checkpoint, NaiveDate)> {
    let length = follow_up_months.unwrap_or(DEFAULT_FOLLOW_UP_MONTHS);
    [Checkpoint::SixMonths, Checkpoint::TwelveMonths]
        .into_iter()
        .filter(|c| c.months_after_exit().is_some_and(|m| m <= length))
        .filter(|c| !recorded.contains(c))
        .filter_map(|c| Some((c, c.due_date(Some(exit))?)))
        .filter(|(_, due)| *due <= horizon(today))
        .collect()
}

/// A referral waits for the coordinator while it is proposed and not expired.
pub fn referral_waits(
    status: ReferralStatus,
    proposed_on: NaiveDate,
    expiry_days: i64,
    today: NaiveDate,
) -> bool {
    status.effective(proposed_on, expiry_days, today) == ReferralStatus::Proposed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn checks_fall_due_within_the_horizon_and_the_follow_up() {
        let exit = day(2026, 1, 15);
        let today = day(2026, 6, 20);
        assert_eq!(
            checks_due(exit, Some(12), &[], today),
            vec![(Checkpoint::SixMonths, day(2026, 7, 15))]
        );
        assert!(checks_due(exit, Some(12), &[Checkpoint::SixMonths], today).is_empty());
        let a_year_on = day(2027, 1, 10);
        assert_eq!(
            checks_due(exit, None, &[Checkpoint::SixMonths], a_year_on),
            vec![(Checkpoint::TwelveMonths, day(2027, 1, 15))]
        );
        // A cohort followed six months has no check at twelve.
        assert!(checks_due(exit, Some(6), &[Checkpoint::SixMonths], a_year_on).is_empty());
    }

    #[test]
    fn idle_files_and_consents_count_back_from_today() {
        let today = day(2026, 12, 2);
        assert_eq!(idle_before(today).date_naive(), day(2026, 10, 3));
        assert_eq!(consent_given_before(today), day(2026, 1, 1));
    }

    #[test]
    fn an_expired_referral_no_longer_waits() {
        let proposed = day(2026, 11, 1);
        assert!(referral_waits(
            ReferralStatus::Proposed,
            proposed,
            30,
            day(2026, 12, 1)
        ));
        assert!(!referral_waits(
            ReferralStatus::Proposed,
            proposed,
            30,
            day(2026, 12, 2)
        ));
        assert!(!referral_waits(
            ReferralStatus::Accepted,
            proposed,
            30,
            day(2026, 11, 2)
        ));
    }
}

//! « À faire » (*to do*): what falls due on the files a user follows. The
//! store selects the candidate files with the limits computed here; the
//! rules themselves live only here.

use std::str::FromStr;

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};

use crate::codes::code_list;
use crate::participants::cohorts::ReferralStatus;
use crate::participants::outcomes::Checkpoint;
use crate::participants::person::ParticipantStatus;

code_list!(
    /// What a line of « À faire » asks for (*genre*), in the order the page
    /// lists them.
    TodoKind {
        Check = "bilan", "Bilans à faire";
        Referral = "adressage", "Adressages en attente";
        WithoutLead = "sans-referent", "Personnes sans référent";
        Inactive = "sans-activite", "Dossiers sans activité";
        Consent = "consentement", "Consentements à renouveler";
    }
);

impl FromStr for TodoKind {
    type Err = String;

    fn from_str(code: &str) -> Result<TodoKind, String> {
        TodoKind::parse(code).ok_or_else(|| format!("genre inconnu « {code} »"))
    }
}

/// « À faire » shows this many lines a page (*page*), all kinds together.
pub const TODO_PAGE_SIZE: i64 = 50;

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

/// The last day `d` such that `d` plus `months` (a month-end start ending
/// on the shorter month's last day, as `checked_add_months` counts) falls
/// on or before `until`. Subtracting the months alone is not enough: on
/// 28/02 the exits of 29 to 31/08 are six months old too.
fn last_start_due_by(until: NaiveDate, months: u32) -> Option<NaiveDate> {
    let shifted = until.checked_sub_months(Months::new(months))?;
    let month_end = |d: NaiveDate| {
        d.with_day(1)
            .and_then(|first| first.checked_add_months(Months::new(1)))
            .and_then(|next| next.pred_opt())
    };
    match month_end(until) == Some(until) {
        true => month_end(shifted),
        false => Some(shifted),
    }
}

/// Consents given before this day expire within the horizon: renew them.
pub fn consent_given_before(today: NaiveDate) -> NaiveDate {
    // Expiring strictly before the horizon, as the consent's own date says.
    let horizon = horizon(today);
    horizon
        .pred_opt()
        .and_then(|eve| last_start_due_by(eve, CONSENT_VALIDITY_MONTHS))
        .and_then(|last| last.succ_opt())
        .unwrap_or(horizon)
}

/// The follow-up checks « À faire » asks for (*bilans*).
pub const CHECKS: [Checkpoint; 2] = [Checkpoint::SixMonths, Checkpoint::TwelveMonths];

/// A follow-up check (+6 or +12 months) is due by the horizon for the
/// exits on or before this day, when the cohort is followed that long
/// (`follow_up_months` ≥ the check's months: a cohort followed 6 months has
/// no check at 12) and the situation is not yet recorded.
pub fn check_exits_until(checkpoint: Checkpoint, today: NaiveDate) -> Option<NaiveDate> {
    let months = u32::try_from(checkpoint.months_after_exit()?).ok()?;
    last_start_due_by(horizon(today), months)
}

/// The follow-up (*suivi*) lasts the Cité's `follow_up_months` after the
/// exit: a file that left before this day is no longer followed.
pub fn followed_exits_since(today: NaiveDate, follow_up_months: i32) -> NaiveDate {
    let months = Months::new(u32::try_from(follow_up_months).unwrap_or(0));
    today.checked_sub_months(months).unwrap_or(today)
}

/// A consent is to renew (*consentement à renouveler*) when it expires
/// within the horizon and the file is still followed: in the cohort, or out
/// of it for less than its cohort's follow-up length (the Cité's when the
/// cohort was created, unless it set its own: as for the checks). The
/// store selects the same files with [`consent_given_before`] and
/// [`followed_exits_since`].
pub fn consent_to_renew(
    status: ParticipantStatus,
    exit: Option<NaiveDate>,
    given_on: NaiveDate,
    follow_up_months: i32,
    today: NaiveDate,
) -> bool {
    let followed = match status {
        ParticipantStatus::Active => true,
        ParticipantStatus::Exited => {
            exit.is_none_or(|exit| exit >= followed_exits_since(today, follow_up_months))
        }
        ParticipantStatus::Proposed | ParticipantStatus::NotAdmitted => false,
    };
    followed && given_on < consent_given_before(today)
}

/// Undecided proposals made on or after this day still wait: see
/// [`referral_waits`].
pub fn referrals_proposed_since(today: NaiveDate, expiry_days: i64) -> NaiveDate {
    today - Duration::days(expiry_days)
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
    fn checks_fall_due_within_the_horizon() {
        let today = day(2026, 6, 20);
        // Horizon 20/07/2026: exits up to 20/01/2026 have their +6 check due.
        assert_eq!(
            check_exits_until(Checkpoint::SixMonths, today),
            Some(day(2026, 1, 20))
        );
        assert_eq!(
            check_exits_until(Checkpoint::TwelveMonths, today),
            Some(day(2025, 7, 20))
        );
        assert_eq!(check_exits_until(Checkpoint::Exit, today), None);
    }

    #[test]
    fn a_month_end_exit_is_due_on_the_shorter_months_last_day() {
        // Horizon 28/02/2027: an exit on 31/08/2026 is due that day.
        let today = day(2027, 1, 29);
        assert_eq!(horizon(today), day(2027, 2, 28));
        let until = check_exits_until(Checkpoint::SixMonths, today).unwrap();
        assert_eq!(until, day(2026, 8, 31));
        for exit in [day(2026, 8, 28), day(2026, 8, 31)] {
            let due = exit.checked_add_months(Months::new(6)).unwrap();
            assert!(due <= horizon(today) && exit <= until, "{exit}");
        }
        // Horizon 30/09: the exit of 31/03 is due on 30/09, that of 01/04 is not.
        let today = day(2026, 8, 31);
        assert_eq!(horizon(today), day(2026, 9, 30));
        assert_eq!(
            check_exits_until(Checkpoint::SixMonths, today),
            Some(day(2026, 3, 31))
        );
        // Not a month end: the months alone.
        assert_eq!(
            check_exits_until(Checkpoint::SixMonths, day(2026, 7, 30)),
            Some(day(2026, 2, 28))
        );
    }

    #[test]
    fn a_consent_is_renewed_only_while_the_file_is_followed() {
        let today = day(2026, 12, 2);
        let old = day(2025, 11, 1);
        let active = ParticipantStatus::Active;
        let exited = ParticipantStatus::Exited;
        assert!(consent_to_renew(active, None, old, 12, today));
        assert!(
            !consent_to_renew(active, None, day(2026, 3, 1), 12, today),
            "given in March, valid until March"
        );
        // Followed 12 months after the exit: until 2/12/2026 for an exit on 2/12/2025.
        let left =
            |exit: NaiveDate, months: i32| consent_to_renew(exited, Some(exit), old, months, today);
        assert!(left(day(2025, 12, 2), 12));
        assert!(!left(day(2025, 12, 1), 12));
        assert!(left(day(2025, 12, 1), 18));
        let not_admitted = ParticipantStatus::NotAdmitted;
        assert!(!consent_to_renew(not_admitted, None, old, 12, today));
    }

    #[test]
    fn waiting_referrals_count_back_from_today() {
        let today = day(2026, 12, 1);
        let since = referrals_proposed_since(today, 30);
        assert_eq!(since, day(2026, 11, 1));
        // The same boundary as the status rule.
        assert!(referral_waits(ReferralStatus::Proposed, since, 30, today));
        assert!(!referral_waits(
            ReferralStatus::Proposed,
            since - Duration::days(1),
            30,
            today
        ));
        assert_eq!(TodoKind::parse("consentement"), Some(TodoKind::Consent));
        assert!("perdu".parse::<TodoKind>().is_err());
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

//! What happens around a meeting (*séance*): when members may still reply
//! to their invitation (*convocation*), when attendance (*émargement*) may
//! be noted, the attendance sheet as the form sends it, and the text of the
//! minutes (*compte rendu*).

use chrono::{DateTime, Utc};

use crate::errors::FieldErrors;
use crate::governance::committees::Attendance;
use crate::time::paris_date;

/// The longest minutes kept, in characters (some twenty pages).
pub const MINUTES_MAX_CHARS: usize = 60_000;

/// Members answer until the meeting starts.
pub fn replies_open(starts_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now < starts_at
}

/// Attendance is noted from the day of the meeting (Paris date) on: the
/// sheet is filled in the room or on return.
pub fn attendance_open(starts_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    paris_date(now) >= paris_date(starts_at)
}

/// The minutes' text, trimmed at both ends, its line breaks kept.
pub fn minutes_text(input: &str) -> Result<String, FieldErrors> {
    let text = input.trim();
    let message = if text.is_empty() {
        "Rédigez le compte rendu avant de l'enregistrer."
    } else if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        "Ce texte contient des caractères non autorisés."
    } else if text.chars().count() > MINUTES_MAX_CHARS {
        "Le compte rendu dépasse 60 000 caractères : joignez plutôt un document."
    } else {
        return Ok(text.replace("\r\n", "\n"));
    };
    Err(FieldErrors::single("body", message))
}

/// The attendance sheet as sent: one `attendance` value per `invitation`
/// id, in the same order. Ids are checked against the meeting by the store.
pub fn attendance_sheet<Id: Copy>(
    invitations: &[Id],
    values: &[String],
) -> Result<Vec<(Id, Attendance)>, FieldErrors> {
    if invitations.is_empty() || invitations.len() != values.len() {
        return Err(FieldErrors::single(
            "attendance",
            "La feuille d'émargement envoyée est incomplète. Rechargez la page et recommencez.",
        ));
    }
    invitations
        .iter()
        .zip(values)
        .map(|(id, value)| {
            Attendance::parse(value.trim())
                .map(|attendance| (*id, attendance))
                .ok_or_else(|| {
                    FieldErrors::single("attendance", "Choisissez la présence de chaque membre.")
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    #[test]
    fn replies_close_when_the_meeting_starts() {
        let start = at(2027, 3, 9, 13, 0);
        assert!(replies_open(start, at(2027, 3, 9, 12, 59)));
        assert!(!replies_open(start, start));
        assert!(!replies_open(start, at(2027, 3, 10, 8, 0)));
    }

    #[test]
    fn attendance_opens_on_the_paris_day_of_the_meeting() {
        // 00:30 in Paris on 9 March is still 8 March in UTC.
        let start = at(2027, 3, 9, 13, 0);
        assert!(attendance_open(start, at(2027, 3, 8, 23, 30)));
        assert!(!attendance_open(start, at(2027, 3, 8, 22, 30)));
        assert!(attendance_open(start, at(2027, 6, 1, 8, 0)));
    }

    #[test]
    fn minutes_are_trimmed_and_bounded() {
        assert_eq!(
            minutes_text("  Ordre du jour\r\n1. Bilan  ").unwrap(),
            "Ordre du jour\n1. Bilan"
        );
        assert!(minutes_text("   ").unwrap_err().get("body").is_some());
        assert!(minutes_text("a\u{0}b").is_err());
        assert!(minutes_text(&"é".repeat(MINUTES_MAX_CHARS)).is_ok());
        assert!(minutes_text(&"é".repeat(MINUTES_MAX_CHARS + 1)).is_err());
    }

    #[test]
    fn the_sheet_pairs_each_invitation_with_its_attendance() {
        let values = vec!["present".to_owned(), " absent ".to_owned()];
        assert_eq!(
            attendance_sheet(&[4, 7], &values).unwrap(),
            vec![(4, Attendance::Present), (7, Attendance::Absent)]
        );
        assert!(attendance_sheet(&[4], &values).is_err());
        assert!(attendance_sheet::<i64>(&[], &[]).is_err());
        assert!(attendance_sheet(&[4, 7], &["present".into(), "peut-être".into()]).is_err());
    }
}

//! French numbers: `500 000` (a narrow no-break space between thousands).

/// Narrow no-break space, the French thousands separator.
pub const THOUSANDS: char = '\u{202f}';

/// `1 234 567`, `-1 000`.
pub fn integer(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(THOUSANDS);
        }
        out.push(c);
    }
    out
}

/// A count and its noun, agreed the French way: 0 and 1 take the singular
/// (« 0 personne entrée », « 3 personnes entrées »). `shown` is the count as
/// the reader may see it (« < 5 » reads plural).
pub fn counted(count: i64, shown: &str, singular: &str, plural: &str) -> String {
    let noun = if (0..=1).contains(&count) && shown == integer(count) {
        singular
    } else {
        plural
    };
    format!("{shown} {noun}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nouns_agree_with_their_count() {
        let persons =
            |n: i64, shown: &str| counted(n, shown, "personne entrée", "personnes entrées");
        assert_eq!(persons(0, "0"), "0 personne entrée");
        assert_eq!(persons(1, "1"), "1 personne entrée");
        assert_eq!(persons(3, "3"), "3 personnes entrées");
        assert_eq!(persons(1, "< 5"), "< 5 personnes entrées");
        assert_eq!(
            persons(1_000, "1\u{202f}000"),
            "1\u{202f}000 personnes entrées"
        );
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(integer(0), "0");
        assert_eq!(integer(999), "999");
        assert_eq!(integer(1_000), "1\u{202f}000");
        assert_eq!(integer(500_000), "500\u{202f}000");
        assert_eq!(integer(-1_234_567), "-1\u{202f}234\u{202f}567");
        assert_eq!(
            integer(i64::MIN),
            "-9\u{202f}223\u{202f}372\u{202f}036\u{202f}854\u{202f}775\u{202f}808"
        );
    }
}

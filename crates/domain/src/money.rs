//! Amounts in euros, kept as integer cents (*centimes*) so sums are exact.

/// The largest amount a form accepts: ten million euros.
pub const MAX_CENTS: i64 = 1_000_000_000;

/// Parses an amount typed the French way: `1 234,50`, `1234.5`, `1 234 €`.
pub fn parse_euros(input: &str) -> Result<i64, String> {
    let message = || "Indiquez un montant en euros (exemple : 1 234,50).".to_owned();
    let text: String = input
        .trim()
        .trim_end_matches('€')
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}')
        .collect();
    let (whole, fraction) = match text.split_once([',', '.']) {
        Some((whole, fraction)) => (whole, fraction),
        None => (text.as_str(), ""),
    };
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > 2 {
        return Err(message());
    }
    let euros: i64 = whole.parse().map_err(|_| message())?;
    let cents: i64 = format!("{fraction:0<2}").parse().map_err(|_| message())?;
    let total = euros
        .checked_mul(100)
        .and_then(|c| c.checked_add(cents))
        .ok_or_else(message)?;
    if total > MAX_CENTS {
        return Err("Ce montant dépasse 10 000 000 €.".to_owned());
    }
    Ok(total)
}

/// `1 234,50 €` (narrow no-break space between thousands).
pub fn format_euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let whole = crate::numbers::integer(i64::try_from(abs / 100).unwrap_or(i64::MAX));
    format!("{sign}{whole},{:02}\u{a0}€", abs % 100)
}

/// The amount as typed back into a form: `1234,50`.
pub fn euros_input(cents: i64) -> String {
    format!("{},{:02}", cents / 100, (cents % 100).abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_amounts_parse_to_cents() {
        assert_eq!(parse_euros("1 234,50"), Ok(123_450));
        assert_eq!(parse_euros("1234.5"), Ok(123_450));
        assert_eq!(parse_euros("12 000 €"), Ok(1_200_000));
        assert_eq!(parse_euros("0,05"), Ok(5));
        for bad in ["", "abc", "-5", "1,234", "12,3,4", "1e3", ",50"] {
            assert!(parse_euros(bad).is_err(), "{bad}");
        }
        assert!(parse_euros("99999999999999999999").is_err());
        assert_eq!(
            parse_euros("10000001"),
            Err("Ce montant dépasse 10 000 000 €.".to_owned())
        );
    }

    #[test]
    fn cents_format_the_french_way() {
        assert_eq!(format_euros(123_450), "1\u{202f}234,50\u{a0}€");
        assert_eq!(format_euros(5), "0,05\u{a0}€");
        assert_eq!(euros_input(123_450), "1234,50");
        assert_eq!(parse_euros(&euros_input(98_765)), Ok(98_765));
    }
}

use chrono::{NaiveDate, TimeZone, Utc};
use proptest::prelude::*;

use super::*;

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

const SUMMARY: &str = "COPIL n° 3 ; budget, « séance » plénière\nSalle Jean-Macé";

/// A meeting's text and its agenda as the `.ics` of a meeting carries it:
/// long lines, commas, semicolons and line breaks to escape and fold.
fn long_description() -> String {
    let agenda = crate::governance::agenda::agenda_text([
        "Validation du relevé de décisions",
        "Point d'étape des actions « aller vers », programmation 2027 ; vote",
        "Questions diverses, tour de table",
    ])
    .unwrap();
    format!(
        "{}\n\n{agenda}",
        "Séance de l'instance « COPIL », ouverte aux partenaires ; accueil à 13 h 45. ".repeat(3)
    )
}

fn calendar() -> Calendar {
    Calendar {
        name: "COPIL — Cité de l'emploi d'Angers".into(),
        events: vec![
            Event {
                uid: Event::seance_uid(42),
                sequence: 2,
                stamp: Utc.with_ymd_and_hms(2026, 3, 1, 8, 30, 0).unwrap(),
                start: at(2026, 3, 31, 14, 0),
                end: at(2026, 3, 31, 16, 0),
                summary: SUMMARY.into(),
                description: Some(long_description()),
                location: Some("Hôtel de ville, salle 2".into()),
                url: Some("https://maillage.example/seances/42".into()),
                cancelled: false,
            },
            Event {
                uid: Event::seance_uid(43),
                sequence: 0,
                stamp: Utc.with_ymd_and_hms(2026, 3, 1, 8, 30, 0).unwrap(),
                start: at(2026, 12, 8, 9, 30),
                end: at(2026, 12, 8, 11, 0),
                summary: "COTECH".into(),
                description: None,
                location: None,
                url: None,
                cancelled: true,
            },
        ],
    }
}

/// Unfolds and unescapes a TEXT value as RFC 5545 says, for the checks
/// that do not rely on another parser.
fn unfold(ics: &str) -> String {
    ics.replace("\r\n ", "")
}

fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn the_document_follows_rfc_5545() {
    let ics = calendar().to_ics();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    // Every line break is CRLF, and no line is longer than 75 octets.
    assert_eq!(ics.matches('\n').count(), ics.matches("\r\n").count());
    for line in ics.split("\r\n") {
        assert!(line.len() <= MAX_LINE_OCTETS, "{line}");
    }
    let lines: Vec<&str> = ics.split("\r\n").collect();
    for expected in [
        "PRODID:-//Maillage//Cité de l'emploi//FR",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:COPIL — Cité de l'emploi d'Angers",
        "TZID:Europe/Paris",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "UID:seance-42@maillage",
        "SEQUENCE:2",
        "DTSTAMP:20260301T083000Z",
        "DTSTART;TZID=Europe/Paris:20260331T140000",
        "DTEND;TZID=Europe/Paris:20260331T160000",
        "DTSTART;TZID=Europe/Paris:20261208T093000",
        "STATUS:CONFIRMED",
        "STATUS:CANCELLED",
        "LOCATION:Hôtel de ville\\, salle 2",
        "URL:https://maillage.example/seances/42",
    ] {
        assert!(lines.contains(&expected), "{expected} missing in\n{ics}");
    }
    assert!(
        lines.contains(&"SUMMARY:COPIL n° 3 \\; budget\\, « séance » plénière\\nSalle Jean-Macé")
    );
    // The agenda, one numbered line each, escaped then folded.
    assert!(unfold(&ics).contains(
        "\\n\\nOrdre du jour :\\n1. Validation du relevé de décisions\\n2. Point d'étape des \
         actions « aller vers »\\, programmation 2027 \\; vote\\n3. Questions diverses\\, tour \
         de table\r\n"
    ));
    // The cancelled meeting has no description, place nor link.
    let second = ics.split("BEGIN:VEVENT").nth(2).unwrap();
    assert!(!second.contains("DESCRIPTION") && !second.contains("LOCATION"));
}

#[test]
fn text_values_are_escaped() {
    assert_eq!(escape_text("a\\b;c,d\ne"), "a\\\\b\\;c\\,d\\ne");
    assert_eq!(escape_text("a\r\nb\rc"), "a\\nb\\nc");
    assert_eq!(escape_text("tab\there\u{0}\u{7}"), "tab\there");
    assert_eq!(escape_text("À bientôt"), "À bientôt");
}

#[test]
fn folding_never_splits_a_character() {
    let line = format!("SUMMARY:{}", "é".repeat(100));
    let folded = fold(&line);
    let parts: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
    assert!(parts.len() > 1);
    assert_eq!(parts[0].len(), 74, "8 octets then 33 « é » of 2 octets");
    for part in &parts[1..] {
        assert!(part.starts_with(' '));
        assert!(part.len() <= MAX_LINE_OCTETS);
    }
    assert_eq!(unfold(&folded), format!("{line}\r\n"));
    // A line of exactly 75 octets is not folded.
    assert_eq!(fold(&"a".repeat(75)), format!("{}\r\n", "a".repeat(75)));
    assert_eq!(
        fold(&"a".repeat(76)),
        format!("{}\r\n a\r\n", "a".repeat(75))
    );
}

/// The `icalendar` crate parses the document back.
#[test]
fn another_parser_reads_the_document_back() {
    let ics = calendar().to_ics();
    let unfolded = icalendar::parser::unfold(&ics);
    let parsed = icalendar::parser::read_calendar(&unfolded).unwrap();
    let prop = |name: &str| {
        parsed
            .properties
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.val.as_str().to_owned())
    };
    assert_eq!(prop("METHOD").as_deref(), Some("PUBLISH"));
    assert_eq!(prop("PRODID").as_deref(), Some(PRODID));
    assert_eq!(
        prop("X-WR-CALNAME").as_deref(),
        Some("COPIL — Cité de l'emploi d'Angers")
    );
    let timezone = parsed
        .components
        .iter()
        .find(|c| c.name == "VTIMEZONE")
        .unwrap();
    let kinds: Vec<&str> = timezone
        .components
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(kinds, ["DAYLIGHT", "STANDARD"]);

    let events: Vec<_> = parsed
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    assert_eq!(events.len(), 2);
    let val = |i: usize, name: &str| events[i].find_prop(name).map(|p| p.val.as_str().to_owned());
    assert_eq!(val(0, "UID").as_deref(), Some("seance-42@maillage"));
    assert_eq!(val(0, "SEQUENCE").as_deref(), Some("2"));
    assert_eq!(val(0, "SUMMARY").as_deref(), Some(SUMMARY));
    assert_eq!(val(0, "DESCRIPTION"), Some(long_description()));
    assert_eq!(
        val(0, "LOCATION").as_deref(),
        Some("Hôtel de ville, salle 2")
    );
    assert_eq!(val(0, "STATUS").as_deref(), Some("CONFIRMED"));
    assert_eq!(val(1, "STATUS").as_deref(), Some("CANCELLED"));
    assert_eq!(val(1, "UID").as_deref(), Some("seance-43@maillage"));
    let start = events[0].find_prop("DTSTART").unwrap();
    assert_eq!(start.val.as_str(), "20260331T140000");
    let tzid = start.params.iter().find(|p| p.key == "TZID").unwrap();
    assert_eq!(tzid.val.as_ref().map(|v| v.as_str()), Some("Europe/Paris"));
}

fn expected_text(input: &str) -> String {
    input
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

proptest! {
    #[test]
    fn any_summary_folds_within_75_octets_and_unfolds_back(summary in any::<String>()) {
        let mut cal = calendar();
        cal.events[0].summary = summary.clone();
        let ics = cal.to_ics();
        prop_assert_eq!(ics.matches('\n').count(), ics.matches("\r\n").count());
        for line in ics.split("\r\n") {
            prop_assert!(line.len() <= MAX_LINE_OCTETS);
        }
        let unfolded = unfold(&ics);
        let line = unfolded
            .split("\r\n")
            .find(|l| l.starts_with("SUMMARY:"))
            .unwrap();
        prop_assert_eq!(unescape(&line["SUMMARY:".len()..]), expected_text(&summary));
    }

    #[test]
    fn any_text_folds_into_whole_characters(text in "[a-zé€😀;,\\\\\n]{0,300}") {
        let folded = fold(&format!("DESCRIPTION:{}", escape_text(&text)));
        for part in folded.split("\r\n") {
            prop_assert!(part.len() <= MAX_LINE_OCTETS);
        }
        let unfolded = unfold(&folded);
        let value = unfolded.trim_end_matches("\r\n").strip_prefix("DESCRIPTION:").unwrap();
        prop_assert_eq!(unescape(value), text);
    }
}

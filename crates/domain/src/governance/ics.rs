//! An iCalendar (RFC 5545) writer for the committees' meetings: the feed
//! a member subscribes to, or the `.ics` file joined to an invitation.
//! Times are Paris wall-clock times with `TZID=Europe/Paris` and the
//! zone's own definition (`VTIMEZONE`), so that calendars keep a 14:00
//! meeting at 14:00 whatever their own zone and database.
//!
//! The output follows the RFC's letter: CRLF line endings, lines folded at
//! 75 octets without splitting a character, TEXT values escaped.

#[cfg(test)]
mod tests;

use chrono::{DateTime, NaiveDateTime, Utc};

/// The product that wrote the calendar (`PRODID`).
pub const PRODID: &str = "-//Maillage//Cité de l'emploi//FR";
/// The longest content line, in octets, line break excluded.
pub const MAX_LINE_OCTETS: usize = 75;

/// The Europe/Paris zone, as calendars want it described: summer time
/// from the last Sunday of March to the last Sunday of October.
const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Paris",
    "X-LIC-LOCATION:Europe/Paris",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// A calendar (*agenda*): its name as subscribers see it and its events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// `X-WR-CALNAME`: « COPIL — Cité de l'emploi d'Angers ».
    pub name: String,
    pub events: Vec<Event>,
}

/// One meeting (*séance*) as a calendar event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable across versions of the meeting: [`Event::seance_uid`].
    pub uid: String,
    /// Raised each time the meeting changes (time, place, cancellation),
    /// so that calendars replace their copy.
    pub sequence: u32,
    /// When this version was written (`DTSTAMP`).
    pub stamp: DateTime<Utc>,
    /// Paris wall-clock start and end.
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub summary: String,
    pub description: Option<String>,
    pub location: Option<String>,
    /// The meeting's page.
    pub url: Option<String>,
    /// *Séance annulée*: kept in the feed with `STATUS:CANCELLED`, so that
    /// calendars remove it.
    pub cancelled: bool,
}

impl Event {
    /// The UID of a meeting's event: `seance-42@maillage`.
    pub fn seance_uid(seance_id: i64) -> String {
        format!("seance-{seance_id}@maillage")
    }

    fn write(&self, out: &mut Vec<String>) {
        out.push("BEGIN:VEVENT".to_owned());
        out.push(format!("UID:{}", escape_text(&self.uid)));
        out.push(format!("SEQUENCE:{}", self.sequence));
        out.push(format!("DTSTAMP:{}", self.stamp.format("%Y%m%dT%H%M%SZ")));
        out.push(format!("DTSTART;TZID=Europe/Paris:{}", local(self.start)));
        out.push(format!("DTEND;TZID=Europe/Paris:{}", local(self.end)));
        out.push(format!("SUMMARY:{}", escape_text(&self.summary)));
        if let Some(description) = &self.description {
            out.push(format!("DESCRIPTION:{}", escape_text(description)));
        }
        if let Some(location) = &self.location {
            out.push(format!("LOCATION:{}", escape_text(location)));
        }
        if let Some(url) = &self.url {
            out.push(format!("URL:{}", clean_uri(url)));
        }
        let status = if self.cancelled {
            "CANCELLED"
        } else {
            "CONFIRMED"
        };
        out.push(format!("STATUS:{status}"));
        out.push("TRANSP:OPAQUE".to_owned());
        out.push("END:VEVENT".to_owned());
    }
}

impl Calendar {
    /// The calendar as an `.ics` document (`text/calendar`).
    pub fn to_ics(&self) -> String {
        let mut lines = vec![
            "BEGIN:VCALENDAR".to_owned(),
            "VERSION:2.0".to_owned(),
            format!("PRODID:{}", escape_text(PRODID)),
            "CALSCALE:GREGORIAN".to_owned(),
            "METHOD:PUBLISH".to_owned(),
            format!("X-WR-CALNAME:{}", escape_text(&self.name)),
            "X-WR-TIMEZONE:Europe/Paris".to_owned(),
        ];
        lines.extend(VTIMEZONE.iter().map(|l| (*l).to_owned()));
        for event in &self.events {
            event.write(&mut lines);
        }
        lines.push("END:VCALENDAR".to_owned());
        let mut ics = String::new();
        for line in &lines {
            ics.push_str(&fold(line));
        }
        ics
    }
}

/// A local date-time in the basic format (`20260317T140000`).
fn local(at: NaiveDateTime) -> String {
    at.format("%Y%m%dT%H%M%S").to_string()
}

/// A TEXT value (RFC 5545 §3.3.11): `\`, `;` and `,` escaped with a
/// backslash, line breaks (CRLF, CR or LF) written `\n`; other control
/// characters, which a content line may not hold, dropped (a tab stays).
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URI value: no escaping, but no control character or space either.
fn clean_uri(uri: &str) -> String {
    uri.chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect()
}

/// A content line folded (RFC 5545 §3.1): at most 75 octets a line, each
/// continuation starting with a space, never splitting a character;
/// every line ends with CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut octets = 0;
    for c in line.chars() {
        let width = c.len_utf8();
        if octets + width > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            // The leading space counts.
            octets = 1;
        }
        out.push(c);
        octets += width;
    }
    out.push_str("\r\n");
    out
}

//! The governance exports read back: the XLSX cells through calamine, the
//! DOCX's document part as text.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use maillage_domain::governance::Attendance;

use super::*;
use crate::docx::document_xml;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Every cell of the sheet as text, from row 0 column 0.
fn rows(bytes: &[u8], sheet: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("an XLSX");
    let range = book.worksheet_range(sheet).expect("the sheet");
    let (top, left) = range.start().unwrap_or((0, 0));
    assert_eq!(left, 0);
    let mut out: Vec<Vec<Data>> = (0..top).map(|_| Vec::new()).collect();
    out.extend(range.rows().map(<[Data]>::to_vec));
    out
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => format!("{other}"),
    }
}

pub(crate) fn minutes() -> MinutesDoc {
    MinutesDoc {
        committee: "COPIL <Cité> & partenaires".to_owned(),
        kind: "Comité de pilotage".to_owned(),
        starts: day(2026, 11, 23).and_hms_opt(14, 0, 0).unwrap(),
        ends: day(2026, 11, 23).and_hms_opt(16, 30, 0).unwrap(),
        place: "Mairie, salle 2".to_owned(),
        revision: 3,
        attendees: vec![
            MinutesAttendee {
                name: "Alice Martin".to_owned(),
                organisation: "France Travail".to_owned(),
                status: "Présent".to_owned(),
            },
            MinutesAttendee {
                name: "Bruno Petit".to_owned(),
                organisation: String::new(),
                status: "Représenté par Mme Roux".to_owned(),
            },
        ],
        agenda: vec!["Accueil".to_owned(), "Budget <2027> & reports".to_owned()],
        body: "Ouverture de la séance.\n\nPoint sur les actions & budgets.".to_owned(),
        decisions: vec![MinutesDecision {
            number: "2026-COPIL-01".to_owned(),
            text: "Le projet est financé.".to_owned(),
            subject: "Garage solidaire".to_owned(),
        }],
        follow_ups: vec![MinutesFollowUp {
            title: "Envoyer la convention".to_owned(),
            owner: "Alice Martin".to_owned(),
            due_on: Some(day(2026, 12, 15)),
            status: "Ouverte".to_owned(),
        }],
        case_reviews: vec!["M.D.-01".to_owned(), "A.B.-02".to_owned()],
    }
}

#[test]
fn the_minutes_say_when_who_what_was_decided_and_what_follows() {
    let xml = document_xml(&minutes_docx(&minutes()));
    for expected in [
        "Compte rendu — COPIL &lt;Cité&gt; &amp; partenaires",
        "23/11/2026",
        "de 14 h 00 à 16 h 30",
        "Mairie, salle 2",
        "Alice Martin",
        "Représenté par Mme Roux",
        ">Ouverture de la séance.<",
        ">Point sur les actions &amp; budgets.<",
        "2026-COPIL-01",
        "Le projet est financé.",
        "Envoyer la convention",
        "15/12/2026",
        "Situations examinées",
        "M.D.-01, A.B.-02",
    ] {
        assert!(xml.contains(expected), "absent : {expected}");
    }
    // The agenda, numbered, comes before the text.
    let at = |text: &str| xml.find(text).unwrap_or_else(|| panic!("absent : {text}"));
    assert!(at(">Ordre du jour<") < at(">1.<"));
    assert!(at(">1.<") < at(">Accueil<"));
    assert!(at(">Accueil<") < at(">2.<"));
    assert!(at(">2.<") < at(">Budget &lt;2027&gt; &amp; reports<"));
    assert!(at(">Budget &lt;2027&gt; &amp; reports<") < at(">Ouverture de la séance.<"));
}

#[test]
fn empty_minutes_say_so() {
    let doc = MinutesDoc {
        attendees: vec![],
        agenda: vec![],
        body: String::new(),
        decisions: vec![],
        follow_ups: vec![],
        case_reviews: vec![],
        ..minutes()
    };
    let xml = document_xml(&minutes_docx(&doc));
    // Only a commission's minutes speak of the persons reviewed.
    assert!(!xml.contains("Situations examinées"));
    for expected in [
        "Aucun membre convoqué.",
        "Aucun point inscrit.",
        "Non renseigné.",
        "Aucune décision enregistrée.",
        "Aucune suite à donner.",
    ] {
        assert!(xml.contains(expected), "absent : {expected}");
    }
}

pub(crate) fn register_lines() -> Vec<RegisterLine> {
    vec![
        RegisterLine {
            number: "2027-COPIL-01".to_owned(),
            meeting_on: day(2027, 1, 12),
            committee: "COPIL".to_owned(),
            text: "Financer <le> garage & co".to_owned(),
            subject: "Garage solidaire".to_owned(),
        },
        RegisterLine {
            number: "2027-COPIL-02".to_owned(),
            meeting_on: day(2027, 1, 12),
            committee: "COPIL".to_owned(),
            text: "Reporter l'action".to_owned(),
            subject: String::new(),
        },
    ]
}

#[test]
fn the_register_reads_back_line_by_line() {
    let xlsx = decisions_register_xlsx("Registre des décisions 2027", &register_lines());
    let rows = rows(&xlsx, REGISTER_SHEET);
    assert_eq!(text(&rows[0][0]), "Registre des décisions 2027");
    let titles: Vec<String> = rows[2].iter().map(text).collect();
    assert_eq!(
        titles,
        [
            "Numéro",
            "Date de la séance",
            "Instance",
            "Décision",
            "Objet"
        ]
    );
    let first = &rows[3];
    assert_eq!(text(&first[0]), "2027-COPIL-01");
    let Data::DateTime(date) = &first[1] else {
        panic!("a date cell: {:?}", first[1]);
    };
    assert_eq!(date.as_f64(), serial(day(2027, 1, 12)));
    assert_eq!(serial(day(2027, 1, 12)), 46399.0);
    assert_eq!(text(&first[3]), "Financer <le> garage & co");
    assert_eq!(text(&first[4]), "Garage solidaire");
    assert_eq!(text(&rows[4][0]), "2027-COPIL-02");
    assert_eq!(rows.len(), 5);
}

pub(crate) fn attendance_sheet() -> AttendanceSheet {
    AttendanceSheet {
        committee: "COPIL".to_owned(),
        meetings: vec![day(2026, 10, 5), day(2026, 11, 23), day(2026, 12, 14)],
        members: vec![
            MemberAttendance {
                name: "Alice Martin".to_owned(),
                organisation: "France Travail".to_owned(),
                marks: vec![
                    Some(Attendance::Present),
                    Some(Attendance::Represented),
                    Some(Attendance::Excused),
                ],
            },
            MemberAttendance {
                name: "Bruno Petit".to_owned(),
                organisation: String::new(),
                marks: vec![None, Some(Attendance::Absent), None],
            },
            MemberAttendance {
                name: "Chloé Noël".to_owned(),
                organisation: String::new(),
                marks: vec![None, None, None],
            },
        ],
    }
}

#[test]
fn the_rate_counts_present_or_represented_over_noted() {
    let sheet = attendance_sheet();
    let rates: Vec<Option<f64>> = sheet.members.iter().map(MemberAttendance::rate).collect();
    assert_eq!(rates, [Some(2.0 / 3.0), Some(0.0), None]);
}

#[test]
fn the_attendance_reads_back_member_by_meeting() {
    let xlsx = attendance_xlsx(&attendance_sheet());
    let rows = rows(&xlsx, ATTENDANCE_SHEET);
    assert_eq!(text(&rows[0][0]), "Présences — COPIL");
    let titles: Vec<String> = rows[2].iter().map(text).collect();
    assert_eq!(
        titles,
        [
            "Membre",
            "Structure",
            "05/10/2026",
            "23/11/2026",
            "14/12/2026",
            "Taux de présence"
        ]
    );
    let alice: Vec<String> = rows[3][..5].iter().map(text).collect();
    assert_eq!(
        alice,
        [
            "Alice Martin",
            "France Travail",
            "Présent",
            "Représenté",
            "Excusé"
        ]
    );
    assert!(matches!(rows[3][5], Data::Float(r) if (r - 2.0 / 3.0).abs() < 1e-9));
    assert_eq!(text(&rows[4][3]), "Absent");
    assert_eq!(text(&rows[4][2]), "");
    assert!(matches!(rows[4][5], Data::Float(r) if r == 0.0));
    assert_eq!(text(&rows[5][5]), "");
}

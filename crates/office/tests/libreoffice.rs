//! Every generated file opened by LibreOffice (headless conversion to PDF),
//! the PDF's text checked for the names, amounts and dates. Needs Debian's
//! libreoffice-writer-nogui, libreoffice-calc-nogui and poppler-utils.

#[path = "common/libreoffice.rs"]
mod libreoffice;
#[path = "common/samples.rs"]
mod samples;
#[path = "common/sheet.rs"]
mod sheet;

use libreoffice::{assert_shows, convert, pdf_text};
use maillage_office::{
    agreement_docx, financial_report_xlsx, qualitative_report_docx, read_financial_report,
};

#[test]
fn the_agreement_opens_with_parties_amounts_and_dates() {
    let text = pdf_text(&agreement_docx(&samples::agreement()), "docx");
    assert_shows(
        &text,
        &[
            "Convention de financement n° CONV-2023-03",
            "Cité de l'emploi du Mans",
            "Le Mans Métropole",
            "SIRET : 24720061800013",
            "16 avenue François Mitterrand, 72000 Le Mans",
            samples::CARRIER,
            "SIRET : 81234567800021",
            "Lever les freins à la mobilité 2023",
            "Garage solidaire & auto-école sociale",
            "comité de pilotage a décidé le 14/03/2023",
            "Préparer 20 personnes au permis B.",
            // Total, then each year.
            "145 500,50 €",
            "2023 100 000,00 €",
            "2024 45 500,50 €",
            "Avance à la signature 01/04/2023 100 000,00 €",
            "Solde après bilans 28/02/2025 45 500,50 €",
            "Bilan intermédiaire 31/01/2024",
            "Bilan final 31/01/2025",
        ],
    );
}

#[test]
fn the_qualitative_report_opens_with_facts_and_sections() {
    let text = pdf_text(&qualitative_report_docx(&samples::qualitative()), "docx");
    assert_shows(
        &text,
        &[
            "Bilan qualitatif",
            "Cité de l'emploi du Mans",
            samples::CARRIER,
            "CONV-2023-03",
            "du 01/04/2023 au 31/12/2024",
            "Personnes inscrites 37",
            "Bénéficiaires anonymes (aller-vers) 215",
            "En emploi durable à 12 mois moins de 5",
            "Freins levés (mobilité) 28",
            "Déroulement de l'action",
            "Deux mécaniciens & un formateur.",
            "Difficultés rencontrées Non renseigné.",
        ],
    );
}

#[test]
fn the_financial_template_opens_with_budget_lines() {
    let xlsx = financial_report_xlsx(&samples::header(), &samples::lines());
    let text = pdf_text(&xlsx, "xlsx");
    assert_shows(
        &text,
        &[
            "Bilan financier",
            samples::CARRIER,
            "Poste Budget prévu Dépenses réelles Écart",
            "Personnel (2 ETP) & encadrement 100 000,00 € -100 000,00 €",
            "Loyer de l'atelier 1 234,56 €",
            "Pièces <détachées> 5 000,00 €",
            "Total 106 234,56 € 0,00 € -106 234,56 €",
        ],
    );
}

/// Filled in by a program that computes nothing; LibreOffice computes the
/// totals it shows and the results it saves, which read back.
#[test]
fn a_filled_report_shows_its_totals_and_reads_back_once_saved_by_libreoffice() {
    let xlsx = financial_report_xlsx(&samples::header(), &samples::lines());
    let filled = sheet::Edited::open(&xlsx)
        .number("C9", "98765.43")
        .number("C10", "1300")
        .number("C11", "0")
        .without_cached_results()
        .bytes();
    let text = pdf_text(&filled, "xlsx");
    assert_shows(
        &text,
        &[
            "Personnel (2 ETP) & encadrement 100 000,00 € 98 765,43 € -1 234,57 €",
            "Loyer de l'atelier 1 234,56 € 1 300,00 € 65,44 €",
            "Total 106 234,56 € 100 065,43 € -6 169,13 €",
        ],
    );

    let saved = convert(&filled, "xlsx", "xlsx");
    let actuals = read_financial_report(&saved, &samples::lines()).expect("accepted");
    let spent: Vec<i64> = actuals.iter().map(|a| a.actual_cents).collect();
    assert_eq!(spent, [9_876_543, 130_000, 0]);

    // A total LibreOffice saved, then changed by hand, is judged.
    let tampered = sheet::Edited::open(&saved).number("C12", "100000").bytes();
    let problems = read_financial_report(&tampered, &samples::lines()).expect_err("refused");
    assert_eq!(problems[0].cell, "C12", "{problems:?}");
}

#[test]
fn the_minutes_open_with_members_text_decisions_and_follow_ups() {
    let text = pdf_text(&maillage_office::minutes_docx(&samples::minutes()), "docx");
    assert_shows(
        &text,
        &[
            "Compte rendu — COPIL de la Cité",
            "23/11/2026",
            "de 14 h 00 à 16 h 30",
            "Alice Martin",
            samples::CARRIER,
            "Représenté par Mme Roux",
            "1. Accueil des membres",
            "2. Budget 2027",
            "Point sur les budgets & actions.",
            "2026-COPIL-01 — Le garage solidaire est financé.",
            "Envoyer la convention Alice Martin 15/12/2026 Ouverte",
        ],
    );
}

#[test]
fn the_register_and_the_attendance_open_in_calc() {
    use maillage_domain::governance::Attendance;
    use maillage_office::{AttendanceSheet, MemberAttendance, RegisterLine};
    let register = maillage_office::decisions_register_xlsx(
        "Registre des décisions 2027",
        &[RegisterLine {
            number: "2027-COPIL-01".to_owned(),
            meeting_on: samples::day(2027, 1, 12),
            committee: "COPIL".to_owned(),
            text: "Financer le garage".to_owned(),
            subject: "Garage solidaire".to_owned(),
        }],
    );
    assert_shows(
        &pdf_text(&register, "xlsx"),
        &[
            "Registre des décisions 2027",
            "2027-COPIL-01 12/01/2027 COPIL Financer le garage Garage solidaire",
        ],
    );
    let attendance = maillage_office::attendance_xlsx(&AttendanceSheet {
        committee: "COPIL".to_owned(),
        meetings: vec![samples::day(2026, 10, 5), samples::day(2026, 11, 23)],
        members: vec![MemberAttendance {
            name: "Alice Martin".to_owned(),
            organisation: "France Travail".to_owned(),
            marks: vec![Some(Attendance::Present), Some(Attendance::Excused)],
        }],
    });
    assert_shows(
        &pdf_text(&attendance, "xlsx"),
        &[
            "Présences — COPIL",
            "05/10/2026 23/11/2026",
            "Alice Martin France Travail Présent Excusé 50 %",
        ],
    );
}

#[test]
fn the_indicators_open_with_their_years_and_masked_figures() {
    let text = pdf_text(
        &maillage_office::indicators_xlsx(&samples::indicators()),
        "xlsx",
    );
    assert_shows(
        &text,
        &[
            "Indicateurs 2026 — Cité de l'emploi d'Angers",
            "Médiane des Cités",
            // LibreOffice lays the masked count out as `<5`.
            "Bénéficiaires de l'aller-vers <5 1 234 12,5",
            "Montants versés 0,00 € 12 345,50 € 5 000,00 €",
        ],
    );
}

#[test]
fn the_bilan_opens_with_its_key_figures_tables_and_texts() {
    let text = pdf_text(&maillage_office::bilan_docx(&samples::bilan()), "docx");
    assert_shows(
        &text,
        &[
            "Bilan annuel 2026 — Cité de l'emploi d'Angers",
            "12 actions, 48 séances, 1 234 bénéficiaires",
            "Angers, Trélazé",
            "Quatre QPV, 23 100 habitants.",
            "Un nouveau coordinateur.",
            "La cohorte, de 2025 à 2026",
            // LibreOffice lays the masked count out as `<5`.
            "Personnes suivies <5 90",
            "Commentaire non rédigé.",
        ],
    );
}

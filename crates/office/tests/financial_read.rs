//! Reading the financial report back: every refusal names its cell; a file
//! filled in properly gives the actual spending per line.

#[path = "common/samples.rs"]
mod samples;
#[path = "common/sheet.rs"]
mod sheet;

use maillage_office::{
    filled_financial_report_xlsx, financial_report_xlsx, read_financial_report, CellProblem,
    FinancialActual, FinancialLine,
};
use sheet::Edited;

fn template() -> Edited {
    Edited::open(&financial_report_xlsx(
        &samples::header(),
        &samples::lines(),
    ))
}

/// The sample template with its three actual amounts typed in.
fn filled() -> Edited {
    template()
        .number("C9", "98765.43")
        .number("C10", "1234.56")
        .number("C11", "0")
}

fn read(file: &Edited) -> Result<Vec<FinancialActual>, Vec<CellProblem>> {
    read_financial_report(&file.bytes(), &samples::lines())
}

/// The only problem found, which must be in `cell` and say `words`.
fn refused(file: &Edited, cell: &str, words: &str) {
    let problems = read(file).expect_err("the file must be refused");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].cell, cell, "{problems:#?}");
    assert!(problems[0].message.contains(words), "{problems:#?}");
}

#[test]
fn a_filled_report_reads_back_per_line() {
    let actuals = read(&filled()).expect("accepted");
    let expected = [
        ("Personnel (2 ETP) & encadrement", 10_000_000, 9_876_543),
        ("Loyer de l'atelier", 123_456, 123_456),
        ("Pièces <détachées>", 500_000, 0),
    ];
    assert_eq!(actuals.len(), 3);
    for (actual, (label, budget, spent)) in actuals.iter().zip(expected) {
        assert_eq!(actual.label, label);
        assert_eq!(actual.budget_cents, budget);
        assert_eq!(actual.actual_cents, spent);
        assert_eq!(actual.gap_cents(), spent - budget);
    }
}

#[test]
fn a_report_filled_by_maillage_reads_back_as_written() {
    let written: Vec<FinancialActual> = samples::lines()
        .into_iter()
        .zip([9_876_543, 100_001, 0])
        .map(|(line, actual_cents)| FinancialActual {
            label: line.label,
            budget_cents: line.budget_cents,
            actual_cents,
        })
        .collect();
    let bytes = filled_financial_report_xlsx(&samples::header(), &written);
    assert_eq!(
        read_financial_report(&bytes, &samples::lines()),
        Ok(written)
    );
}

#[test]
fn formulas_without_cached_results_are_recomputed() {
    // The template's cached totals are those of an empty column: a program
    // that fills it in without computing leaves no result at all.
    let file = filled().without_cached_results();
    assert_eq!(read(&file).expect("accepted").len(), 3);
}

#[test]
fn cached_results_that_add_up_are_accepted() {
    let file = filled()
        .cached("C12", "SUM(C9:C11)", "99999.99")
        .cached("D12", "C12-B12", "-6234.57")
        .cached("D9", "C9-B9", "-1234.5700000000041");
    assert!(read(&file).is_ok(), "{:?}", read(&file));
}

#[test]
fn the_unfilled_template_asks_for_every_actual_amount() {
    let problems = read(&template()).expect_err("refused");
    let cells: Vec<&str> = problems.iter().map(|p| p.cell.as_str()).collect();
    assert_eq!(cells, ["C9", "C10", "C11"]);
    assert!(problems[1]
        .message
        .contains("Indiquez la dépense réelle du poste « Loyer de l'atelier »"));
}

#[test]
fn a_wrong_total_of_actual_spending_is_refused() {
    let file = filled().cached("C12", "SUM(C9:C11)", "100000");
    refused(
        &file,
        "C12",
        "Le total des dépenses réelles ne correspond pas",
    );
    assert!(read(&file).unwrap_err()[0]
        .message
        .contains("99\u{202f}999,99\u{a0}€ attendus"));
}

#[test]
fn a_total_replaced_by_a_wrong_number_is_refused() {
    let file = filled().without_cached_results().number("C12", "12");
    refused(&file, "C12", "Le total des dépenses réelles");
}

#[test]
fn a_wrong_budget_total_is_refused() {
    let file = filled().cached("B12", "SUM(B9:B11)", "106234");
    refused(&file, "B12", "Le total du budget prévu");
}

#[test]
fn a_wrong_total_gap_is_refused() {
    let file = filled().cached("D12", "C12-B12", "0");
    refused(&file, "D12", "L'écart total");
}

#[test]
fn a_wrong_line_gap_is_refused() {
    let file = filled().cached("D10", "C10-B10", "3");
    refused(&file, "D10", "L'écart du poste « Loyer de l'atelier »");
}

#[test]
fn an_actual_amount_that_is_text_is_refused() {
    let file = filled().text("C10", "mille euros");
    refused(&file, "C10", "n'est pas un nombre (« mille euros »)");
}

#[test]
fn an_empty_actual_amount_is_refused() {
    refused(
        &filled().clear("C11"),
        "C11",
        "Indiquez la dépense réelle du poste « Pièces <détachées> »",
    );
}

#[test]
fn a_negative_actual_amount_is_refused() {
    refused(&filled().number("C9", "-5"), "C9", "est négative (-5)");
}

#[test]
fn an_actual_amount_with_three_decimals_is_refused() {
    refused(
        &filled().number("C9", "10.125"),
        "C9",
        "plus de deux décimales (10,125)",
    );
}

#[test]
fn binary_noise_on_two_decimals_is_accepted() {
    let actuals = read(&filled().number("C9", "0.10000000000000001")).expect("accepted");
    assert_eq!(actuals[0].actual_cents, 10);
}

#[test]
fn an_actual_amount_beyond_ten_million_is_refused() {
    refused(
        &filled().number("C9", "10000000.01"),
        "C9",
        "dépasse 10\u{202f}000\u{202f}000,00\u{a0}€",
    );
}

#[test]
fn an_actual_amount_that_is_not_a_number_at_all_is_refused() {
    refused(&filled().typed("C9", "b", "1"), "C9", "une valeur logique");
    refused(
        &filled().typed("C10", "e", "#DIV/0!"),
        "C10",
        "une erreur de calcul",
    );
}

#[test]
fn a_changed_budget_is_refused() {
    let file = filled().number("B10", "2000");
    refused(
        &file,
        "B10",
        "Le budget prévu du poste « Loyer de l'atelier » a été modifié",
    );
}

#[test]
fn a_changed_line_label_is_refused() {
    let file = filled().text("A10", "Loyer");
    refused(&file, "A10", "remplacé par « Loyer »");
    refused(&filled().clear("A10"), "A10", "a été effacé");
}

#[test]
fn a_removed_line_is_refused() {
    refused(
        &filled().remove_row(10),
        "A10",
        "Le poste « Loyer de l'atelier » a été supprimé",
    );
    refused(
        &filled().remove_row(11),
        "A11",
        "Le poste « Pièces <détachées> » a été supprimé",
    );
}

#[test]
fn an_added_line_is_refused() {
    let file = filled().insert_row(10, "Frais divers");
    refused(&file, "A10", "Une ligne « Frais divers » a été ajoutée");
    let file = filled().insert_row(12, "Frais divers");
    refused(
        &file,
        "A12",
        "Une ligne « Frais divers » a été ajoutée là où la ligne Total",
    );
}

#[test]
fn anything_under_the_total_is_refused() {
    let file = filled().append_row("B14", 14, "Frais divers");
    refused(&file, "B14", "rien sous la ligne Total");
}

#[test]
fn a_changed_column_title_is_refused() {
    refused(
        &filled().text("C8", "Réalisé"),
        "C8",
        "« Dépenses réelles » du modèle a été remplacé par « Réalisé »",
    );
}

#[test]
fn a_workbook_without_the_sheet_is_refused_as_a_whole() {
    refused(
        &filled().rename_sheet("Feuil1"),
        "",
        "pas de feuille « Bilan financier »",
    );
}

#[test]
fn a_file_that_is_no_workbook_is_refused_as_a_whole() {
    for bytes in [&b""[..], b"Poste;Budget\nLoyer;12\n", &samples_docx()] {
        let problems = read_financial_report(bytes, &samples::lines()).expect_err("refused");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].cell, "");
        assert!(problems[0]
            .message
            .contains("pas un classeur Excel (.xlsx) lisible"));
        assert_eq!(problems[0].to_string(), problems[0].message);
    }
}

fn samples_docx() -> Vec<u8> {
    maillage_office::agreement_docx(&samples::agreement())
}

#[test]
fn every_problem_is_reported_at_once() {
    let file = filled()
        .text("C9", "?")
        .number("B10", "1")
        .number("C11", "-1");
    let problems = read(&file).expect_err("refused");
    let cells: Vec<&str> = problems.iter().map(|p| p.cell.as_str()).collect();
    assert_eq!(cells, ["C9", "B10", "C11"]);
    assert_eq!(
        problems[1].to_string(),
        format!("B10 : {}", problems[1].message)
    );
}

#[test]
fn a_budget_with_no_line_reads_back_empty() {
    let xlsx = financial_report_xlsx(&samples::header(), &[]);
    assert_eq!(read_financial_report(&xlsx, &[]), Ok(vec![]));
}

#[test]
fn a_label_longer_than_a_cell_holds_reads_back() {
    let lines = vec![FinancialLine {
        label: "é".repeat(40_000),
        budget_cents: 1,
    }];
    let file =
        Edited::open(&financial_report_xlsx(&samples::header(), &lines)).number("C9", "0.01");
    let actuals = read_financial_report(&file.bytes(), &lines).expect("accepted");
    assert_eq!(actuals[0].label, lines[0].label);
    assert_eq!(actuals[0].actual_cents, 1);
}

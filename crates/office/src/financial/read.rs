//! Reading a filled-in template back: the figures, or every problem found,
//! each naming its cell. A file is judged on what it holds: a total with no
//! cached value (written by a program that does not compute formulas) is
//! recomputed, a total that is there must equal the sum of the lines.

use std::collections::HashMap;
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use calamine::{DataRef, Reader, Xlsx};
use maillage_domain::money::{format_euros, MAX_CENTS};
use rust_xlsxwriter::utility::row_col_to_cell;

use super::{
    fit, total_row, CellProblem, FinancialActual, FinancialLine, ACTUAL, BUDGET, COLUMN_TITLES,
    FIRST_LINE, GAP, LABEL, SHEET_NAME, TITLES_ROW, TOTAL_LABEL,
};

/// Reads a filled template back. Refuses (every problem, each naming its
/// cell) a file that is not the template (unreadable, wrong sheet, a column
/// title or line label changed, a line removed or added), an actual amount
/// that is not a number ≥ 0 with at most 2 decimals, a budget changed, and a
/// difference or total cell that does not add up.
pub fn read_financial_report(
    bytes: &[u8],
    lines: &[FinancialLine],
) -> Result<Vec<FinancialActual>, Vec<CellProblem>> {
    let total_row = total_row(lines.len());
    // The parser is not ours: should a malformed file make it panic, the
    // file is refused like any unreadable one.
    let sheet = match catch_unwind(AssertUnwindSafe(|| load(bytes, total_row))) {
        Ok(Ok(sheet)) => sheet,
        Ok(Err(problem)) => return Err(vec![problem]),
        Err(_) => return Err(vec![unreadable()]),
    };
    let mut problems = layout(&sheet, lines, total_row);
    // Once the layout differs, cells no longer mean what the template says.
    if !problems.is_empty() {
        return Err(problems);
    }
    let actuals = figures(&sheet, lines, total_row, &mut problems);
    match actuals {
        Some(actuals) if problems.is_empty() => Ok(actuals),
        _ => Err(problems),
    }
}

/// A cell's content as the reader judges it.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Empty,
    Number(f64),
    Text(String),
    /// Anything else, named for a message (« une date »).
    Other(&'static str),
}

impl Value {
    fn of(data: &DataRef) -> Value {
        match data {
            DataRef::Empty => Value::Empty,
            DataRef::Int(n) => Value::Number(*n as f64),
            DataRef::Float(f) if f.is_finite() => Value::Number(*f),
            DataRef::Float(_) => Value::Other("un nombre invalide"),
            DataRef::String(s) if s.trim().is_empty() => Value::Empty,
            DataRef::String(s) => Value::Text(s.clone()),
            DataRef::SharedString(s) if s.trim().is_empty() => Value::Empty,
            DataRef::SharedString(s) => Value::Text((*s).to_owned()),
            DataRef::Bool(_) => Value::Other("une valeur logique (VRAI ou FAUX)"),
            DataRef::DateTime(_) | DataRef::DateTimeIso(_) => Value::Other("une date"),
            DataRef::DurationIso(_) => Value::Other("une durée"),
            DataRef::Error(_) => Value::Other("une erreur de calcul"),
        }
    }

    /// The content as text, for labels and titles.
    fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Number(n) => french_number(*n),
            Value::Text(t) => t.trim().to_owned(),
            Value::Other(kind) => (*kind).to_owned(),
        }
    }

    /// The content as the carrier would read it in a message.
    fn shown(&self) -> String {
        match self {
            Value::Empty => "une cellule vide".to_owned(),
            Value::Number(n) => match rounded_cents(*n) {
                Some(cents) => format_euros(cents),
                None => french_number(*n),
            },
            Value::Text(t) => format!("« {} »", t.trim()),
            Value::Other(kind) => (*kind).to_owned(),
        }
    }
}

/// Columns A to D down to the total row, and the first filled cell below it.
struct Sheet {
    cells: HashMap<(u32, u16), Value>,
    below_total: Option<(u32, u16)>,
}

impl Sheet {
    fn get(&self, row: u32, col: u16) -> &Value {
        self.cells.get(&(row, col)).unwrap_or(&Value::Empty)
    }
}

fn whole_file(message: String) -> CellProblem {
    CellProblem {
        cell: String::new(),
        message,
    }
}

fn unreadable() -> CellProblem {
    whole_file(
        "Ce fichier n'est pas un classeur Excel (.xlsx) lisible : déposez le modèle de bilan \
         financier fourni par Maillage, complété."
            .to_owned(),
    )
}

fn at(row: u32, col: u16, message: String) -> CellProblem {
    CellProblem {
        cell: row_col_to_cell(row, col),
        message,
    }
}

/// Streams the sheet's cells, keeping only the template's area: a file that
/// declares a huge sheet costs no more memory than its cells.
fn load(bytes: &[u8], total_row: u32) -> Result<Sheet, CellProblem> {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|_| unreadable())?;
    if !workbook.sheet_names().iter().any(|name| name == SHEET_NAME) {
        return Err(whole_file(format!(
            "Le classeur n'a pas de feuille « {SHEET_NAME} » : déposez le modèle de bilan \
             financier fourni par Maillage, complété."
        )));
    }
    let mut reader = workbook
        .worksheet_cells_reader(SHEET_NAME)
        .map_err(|_| unreadable())?;
    let mut sheet = Sheet {
        cells: HashMap::new(),
        below_total: None,
    };
    while let Some(cell) = reader.next_cell().map_err(|_| unreadable())? {
        let (row, col) = cell.get_position();
        let Ok(col) = u16::try_from(col) else {
            continue;
        };
        if col > GAP {
            continue;
        }
        let value = Value::of(cell.get_value());
        if value == Value::Empty {
            continue;
        }
        if row > total_row {
            sheet.below_total.get_or_insert((row, col));
        } else {
            sheet.cells.insert((row, col), value);
        }
    }
    Ok(sheet)
}

/// Is this still the template: column titles, the budget lines in order,
/// the total where it belongs and nothing under it?
fn layout(sheet: &Sheet, lines: &[FinancialLine], total_row: u32) -> Vec<CellProblem> {
    let mut problems = Vec::new();
    for (col, title) in (0..).zip(COLUMN_TITLES) {
        let found = sheet.get(TITLES_ROW, col).text();
        if found != title {
            let message = if found.is_empty() {
                format!("Le titre de colonne « {title} » du modèle a été effacé.")
            } else {
                format!("Le titre de colonne « {title} » du modèle a été remplacé par « {found} ».")
            };
            problems.push(at(TITLES_ROW, col, message));
        }
    }
    for (i, (row, line)) in (FIRST_LINE..).zip(lines).enumerate() {
        let expected = label(line);
        let found = sheet.get(row, LABEL).text();
        if found == expected {
            continue;
        }
        let removed = found == TOTAL_LABEL || lines[i + 1..].iter().any(|l| label(l) == found);
        let added = sheet.get(row + 1, LABEL).text() == expected;
        let message = if removed {
            format!(
                "Le poste « {expected} » a été supprimé. Les postes du budget convenu restent \
                 tous : indiquez 0 s'il n'y a pas eu de dépense."
            )
        } else if added {
            format!(
                "Une ligne « {found} » a été ajoutée. Les postes du budget convenu ne \
                 s'ajoutent pas : comptez la dépense dans l'un d'eux."
            )
        } else if found.is_empty() {
            format!("Le poste « {expected} » attendu ici a été effacé.")
        } else {
            format!(
                "Le poste « {expected} » attendu ici a été remplacé par « {found} ». Les postes \
                 du budget convenu ne se modifient pas."
            )
        };
        problems.push(at(row, LABEL, message));
        // After a removed or added line every following row is shifted: one
        // problem says it all.
        if removed || added {
            return problems;
        }
    }
    let found = sheet.get(total_row, LABEL).text();
    if found != TOTAL_LABEL {
        let message = if found.is_empty() {
            "La ligne Total du modèle était attendue ici.".to_owned()
        } else {
            format!(
                "Une ligne « {found} » a été ajoutée là où la ligne Total était attendue. Les \
                 postes du budget convenu ne s'ajoutent pas : comptez la dépense dans l'un d'eux."
            )
        };
        problems.push(at(total_row, LABEL, message));
    } else if let Some((row, col)) = sheet.below_total {
        problems.push(at(
            row,
            col,
            "Le modèle ne prévoit rien sous la ligne Total : retirez ce qui a été ajouté ici."
                .to_owned(),
        ));
    }
    problems
}

/// The amounts: budgets unchanged, actuals valid, differences and totals
/// adding up. `None` when an actual amount is unusable.
fn figures(
    sheet: &Sheet,
    lines: &[FinancialLine],
    total_row: u32,
    problems: &mut Vec<CellProblem>,
) -> Option<Vec<FinancialActual>> {
    let mut actuals = Vec::with_capacity(lines.len());
    let mut usable = true;
    for (row, line) in (FIRST_LINE..).zip(lines) {
        let label = label(line);
        let budget = sheet.get(row, BUDGET);
        if value_cents(budget) != Some(line.budget_cents) {
            problems.push(at(
                row,
                BUDGET,
                format!(
                    "Le budget prévu du poste « {label} » a été modifié : {} attendus, {} trouvé.",
                    format_euros(line.budget_cents),
                    budget.shown()
                ),
            ));
        }
        match actual_cents(sheet.get(row, ACTUAL), &label) {
            Ok(actual_cents) => {
                let actual = FinancialActual {
                    label: line.label.clone(),
                    budget_cents: line.budget_cents,
                    actual_cents,
                };
                let what =
                    format!("L'écart du poste « {label} » (dépenses réelles moins budget prévu)");
                check_sum(sheet, row, GAP, actual.gap_cents(), &what, problems);
                actuals.push(actual);
            }
            Err(message) => {
                usable = false;
                problems.push(at(row, ACTUAL, message));
            }
        }
    }
    let budget: i64 = lines.iter().map(|l| l.budget_cents).sum();
    check_sum(
        sheet,
        total_row,
        BUDGET,
        budget,
        "Le total du budget prévu",
        problems,
    );
    if !usable {
        return None;
    }
    let actual: i64 = actuals.iter().map(|a| a.actual_cents).sum();
    check_sum(
        sheet,
        total_row,
        ACTUAL,
        actual,
        "Le total des dépenses réelles",
        problems,
    );
    check_sum(
        sheet,
        total_row,
        GAP,
        actual - budget,
        "L'écart total",
        problems,
    );
    Some(actuals)
}

/// A line's label as the template shows it.
fn label(line: &FinancialLine) -> String {
    fit(&line.label).trim().to_owned()
}

/// A computed cell: empty (a formula whose result was never saved) is
/// recomputed, so only a value that is there can be wrong.
fn check_sum(
    sheet: &Sheet,
    row: u32,
    col: u16,
    expected: i64,
    what: &str,
    problems: &mut Vec<CellProblem>,
) {
    let value = sheet.get(row, col);
    if *value != Value::Empty && value_cents(value) != Some(expected) {
        problems.push(at(
            row,
            col,
            format!(
                "{what} ne correspond pas aux montants : {} attendus, {} trouvé.",
                format_euros(expected),
                value.shown()
            ),
        ));
    }
}

/// An actual amount typed by the carrier: a number ≥ 0 with at most two
/// decimals, up to the largest amount Maillage accepts.
fn actual_cents(value: &Value, label: &str) -> Result<i64, String> {
    let amount = match value {
        Value::Number(amount) => *amount,
        Value::Empty => {
            return Err(format!(
                "Indiquez la dépense réelle du poste « {label} » (0 s'il n'y en a pas eu)."
            ))
        }
        Value::Text(text) => {
            return Err(format!(
                "La dépense réelle du poste « {label} » n'est pas un nombre (« {} ») : indiquez \
                 un montant en euros, par exemple 1234,50.",
                text.trim()
            ))
        }
        Value::Other(kind) => {
            return Err(format!(
                "La dépense réelle du poste « {label} » est {kind}, pas un montant en euros."
            ))
        }
    };
    if amount < 0.0 {
        return Err(format!(
            "La dépense réelle du poste « {label} » est négative ({}) : indiquez un montant \
             positif ou nul.",
            french_number(amount)
        ));
    }
    let cents = amount * 100.0;
    if cents > MAX_CENTS as f64 {
        return Err(format!(
            "La dépense réelle du poste « {label} » dépasse {}.",
            format_euros(MAX_CENTS)
        ));
    }
    // Typed amounts such as 0,1 are stored as the nearest binary number:
    // allow that noise, not a third decimal.
    if (cents - cents.round()).abs() > 1e-4 {
        return Err(format!(
            "La dépense réelle du poste « {label} » a plus de deux décimales ({}) : arrondissez \
             au centime.",
            french_number(amount)
        ));
    }
    Ok(cents.round() as i64)
}

/// A computed amount to the nearest cent (spreadsheets add in binary).
fn value_cents(value: &Value) -> Option<i64> {
    match value {
        Value::Number(amount) => rounded_cents(*amount),
        _ => None,
    }
}

fn rounded_cents(amount: f64) -> Option<i64> {
    let cents = (amount * 100.0).round();
    (cents.abs() <= (MAX_CENTS as f64) * 1000.0).then_some(cents as i64)
}

/// `1234,5`: a number as the carrier typed it.
fn french_number(n: f64) -> String {
    n.to_string().replace('.', ",")
}

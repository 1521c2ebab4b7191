//! What a reader receives, as figures beside their labels, whatever the
//! format: a page's table cells under their caption and headers and its
//! other text phrase by phrase, a spreadsheet's or a document's rows, the
//! open data's lines; and which figures count persons and show one from 1
//! to 4.

use std::io::Cursor;
use std::sync::LazyLock;

use axum::http::header;
use calamine::{Data, Reader, Xlsx};
use maillage_domain::indicators::{Indicator, Unit};
use regex::Regex;
use scraper::{ElementRef, Html, Selector};

use crate::common::files::docx_text;
use crate::common::TestResponse;

/// One figure as its reader sees it: what names it (a table's caption and
/// headers, a row's labels, or the phrase itself) and its text.
#[derive(Debug)]
pub struct Figure {
    pub labels: String,
    pub text: String,
}

/// Words that name a count of persons in our pages and files, beside the
/// labels of the programme's indicators of persons.
const PERSON_WORDS: [&str; 12] = [
    "personne",
    "proposées",
    "dans la cohorte",
    "sorties",
    "situation",
    "frein",
    "place",
    "attente",
    "inscrit",
    "famille",
    "bénéficiaire",
    "orientation",
];

impl Figure {
    /// Whether its labels name a count of persons.
    pub fn counts_persons(&self) -> bool {
        let labels = self.labels.to_lowercase();
        PERSON_WORDS.iter().any(|w| labels.contains(w))
            || Indicator::ALL
                .iter()
                .filter(|i| i.unit() == Unit::Persons)
                .any(|i| labels.contains(&i.label().to_lowercase()))
    }

    /// The counts from 1 to 4 in its text: `< 5` is not one, nor a date, a
    /// time, a capacity or a target after `/`, a range (`de 1 à 4`), `1er`.
    pub fn small_counts(&self) -> Vec<i64> {
        static NOT_COUNTS: LazyLock<Regex> = LazyLock::new(|| {
            let months = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre";
            Regex::new(&format!(
                r"\d{{1,2}}(er)? ({months}) \d{{4}}|\d{{2}}/\d{{2}}/\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}} ?[h:] ?\d{{2}}|/ ?\d+|\d+ à \d+|\d+[[:alpha:]]"
            ))
            .unwrap()
        });
        static NUMBER: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"\d+(?:[\u{202f}\u{a0}]\d{3})*").unwrap());
        let text = NOT_COUNTS.replace_all(&self.text, " ");
        NUMBER
            .find_iter(&text)
            .map(|m| m.as_str())
            .filter(|n| !(n.len() > 1 && n.starts_with('0')))
            .filter_map(|n| n.replace(['\u{202f}', '\u{a0}'], "").parse::<i64>().ok())
            .filter(|n| (1..5).contains(n))
            .collect()
    }
}

/// The figures of a response, read as its content type says.
pub fn figures(response: &TestResponse) -> Vec<Figure> {
    let kind = response
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if kind.starts_with("text/html") {
        page(&response.body)
    } else if kind.contains("spreadsheetml") {
        spreadsheet(&response.bytes)
    } else if kind.starts_with("text/csv") {
        csv_lines(&response.body)
    } else if kind.starts_with("application/json") {
        json_lines(&response.body)
    } else if kind.contains("wordprocessingml") {
        document(&docx_text(&response.bytes))
    } else {
        panic!("no reader for {kind}")
    }
}

fn text_of(element: ElementRef) -> String {
    element
        .text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn select<'a>(element: ElementRef<'a>, selector: &str) -> Vec<ElementRef<'a>> {
    element
        .select(&Selector::parse(selector).unwrap())
        .collect()
}

/// A page's `<main>`: each table cell under its caption, column header and
/// row header; any other text phrase by phrase (`;`, `·`, sentences).
fn page(body: &str) -> Vec<Figure> {
    let document = Html::parse_document(body);
    let Some(main) = select(document.root_element(), "main").into_iter().next() else {
        return Vec::new();
    };
    let mut figures = Vec::new();
    for table in select(main, "table") {
        let caption = select(table, "caption").into_iter().map(text_of);
        let caption: String = caption.collect();
        let columns: Vec<String> = select(table, "thead th").into_iter().map(text_of).collect();
        for row in select(table, "tbody tr") {
            let cells = select(row, "th, td");
            let header = cells
                .iter()
                .find(|c| c.value().name() == "th")
                .map(|c| text_of(*c))
                .unwrap_or_default();
            for (i, cell) in cells.iter().enumerate() {
                // The cell may name what it counts itself: « 3 familles ».
                let (column, text) = (columns.get(i).map_or("", String::as_str), text_of(*cell));
                figures.push(Figure {
                    labels: format!("{caption} | {column} | {header} | {text}"),
                    text,
                });
            }
        }
    }
    let blocks = "p, li, dd, dt, h1, h2, h3, h4, .fr-tile__content, figcaption, legend";
    for block in select(main, blocks) {
        let in_table = block
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| a.value().name() == "table");
        if in_table {
            continue;
        }
        figures.extend(phrases(&text_of(block)));
    }
    figures
}

/// A text phrase by phrase (`;`, `·`, sentences), each its own label.
fn phrases(text: &str) -> Vec<Figure> {
    text.split([';', '·'])
        .flat_map(|p| p.split(". "))
        .map(|phrase| Figure {
            labels: phrase.to_owned(),
            text: phrase.to_owned(),
        })
        .collect()
}

/// Each cell of every sheet beside the text cells of its row.
fn spreadsheet(bytes: &[u8]) -> Vec<Figure> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut figures = Vec::new();
    for (_, range) in book.worksheets() {
        for row in range.rows() {
            let labels: Vec<String> = row
                .iter()
                .filter_map(|c| match c {
                    Data::String(s) => Some(s.clone()),
                    _ => None,
                })
                .collect();
            for cell in row {
                let text = match cell {
                    Data::Float(n) => n.to_string(),
                    other => other.to_string(),
                };
                figures.push(Figure {
                    labels: labels.join(" | "),
                    text,
                });
            }
        }
    }
    figures
}

/// Each line's value beside its other columns (its label, its unit).
fn csv_lines(body: &str) -> Vec<Figure> {
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let value = headers.iter().position(|h| h == "valeur").unwrap();
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            let labels = record.iter().enumerate().filter(|(i, _)| *i != value);
            Figure {
                labels: labels.map(|(_, f)| f).collect::<Vec<_>>().join(" | "),
                text: record[value].to_owned(),
            }
        })
        .collect()
}

/// The same for the JSON document's lines.
fn json_lines(body: &str) -> Vec<Figure> {
    let document: serde_json::Value = serde_json::from_str(body).unwrap();
    document["lignes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| {
            let line = line.as_object().unwrap();
            let labels = line
                .iter()
                .filter(|(k, _)| *k != "valeur")
                .map(|(_, v)| v.as_str().map_or_else(|| v.to_string(), str::to_owned));
            Figure {
                labels: labels.collect::<Vec<_>>().join(" | "),
                text: line["valeur"].to_string(),
            }
        })
        .collect()
}

/// A DOCX's tables row by row, as a spreadsheet's, then its other
/// paragraphs phrase by phrase.
fn document(xml: &str) -> Vec<Figure> {
    static TABLE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?s)<w:tbl>.*?</w:tbl>").unwrap());
    static ROW: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<w:tr>.*?</w:tr>").unwrap());
    static CELL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<w:tc>.*?</w:tc>").unwrap());
    static PARAGRAPH: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?s)<w:p[ >].*?</w:p>").unwrap());
    static RUN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"<w:t(?: [^>]*)?>([^<]*)</w:t>").unwrap());
    let text = |xml: &str| {
        let runs = RUN.captures_iter(xml).map(|c| c[1].to_owned());
        runs.collect::<String>()
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&apos;", "'")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
    };
    let mut figures = Vec::new();
    for row in ROW.find_iter(xml) {
        let cells: Vec<String> = CELL
            .find_iter(row.as_str())
            .map(|c| text(c.as_str()))
            .collect();
        figures.extend(cells.iter().map(|cell| Figure {
            labels: cells.join(" | "),
            text: cell.clone(),
        }));
    }
    let outside = TABLE.replace_all(xml, "");
    for paragraph in PARAGRAPH.find_iter(&outside) {
        figures.extend(phrases(&text(paragraph.as_str())));
    }
    figures
}

//! The yearly bilan (*bilan annuel*) as DOCX: a Cité's, or the national
//! team's across the network, in the same parts. Each part shows the
//! figures Maillage counted, as tables, then what its writer typed. The
//! web masks and formats every figure; this only lays them out.

use crate::docx::{Column, Document, Run};

/// A table of figures: its caption, its columns (the first one names the
/// rows), its rows as shown; `total_last` sets the last row in bold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BilanTable {
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub total_last: bool,
}

/// A part of the bilan: its heading, its label/value facts, its tables,
/// its writer's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BilanPartDoc {
    pub heading: String,
    pub pairs: Vec<(String, String)>,
    pub tables: Vec<BilanTable>,
    /// As typed: one paragraph per line; empty when not written.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BilanDoc {
    /// « Bilan annuel 2026 — Cité de l'emploi d'Angers ».
    pub title: String,
    /// Where the figures come from, and when they were counted.
    pub source: String,
    /// The year at a glance, as label/value pairs.
    pub key_figures: Vec<(String, String)>,
    pub parts: Vec<BilanPartDoc>,
}

/// The share of the page the first column takes: the rows' labels.
const LABEL_PERCENT: u32 = 40;

pub fn bilan_docx(doc: &BilanDoc) -> Vec<u8> {
    let mut out = Document::new(&doc.title);
    out.paragraph(&[Run::Plain(&doc.source)]);
    if !doc.key_figures.is_empty() {
        out.heading(1, "L'année en bref");
        write_pairs(&mut out, &doc.key_figures);
    }
    for part in &doc.parts {
        out.heading(1, &part.heading);
        if !part.pairs.is_empty() {
            write_pairs(&mut out, &part.pairs);
        }
        for table in &part.tables {
            write_table(&mut out, table);
        }
        if part.text.trim().is_empty() {
            out.paragraph(&[Run::Plain("Commentaire non rédigé.")]);
        } else {
            out.text(&part.text);
        }
    }
    out.finish()
}

fn write_pairs(out: &mut Document, pairs: &[(String, String)]) {
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(label, value)| (label.as_str(), value.as_str()))
        .collect();
    out.pairs(&pairs);
}

fn write_table(out: &mut Document, table: &BilanTable) {
    out.heading(2, &table.caption);
    let figures = table.columns.len().saturating_sub(1).max(1) as u32;
    let share = (100 - LABEL_PERCENT) / figures;
    let columns: Vec<Column> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, title)| Column {
            title,
            percent: if i == 0 { LABEL_PERCENT } else { share },
            right: i > 0,
        })
        .collect();
    out.table(&columns, &table.rows, table.total_last);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_its_tables_and_text_reach_the_document() {
        let doc = BilanDoc {
            title: "Bilan annuel 2026 — Cité de l'emploi d'Angers".into(),
            source: "Chiffres comptés dans Maillage le 07/12/2026.".into(),
            key_figures: vec![("Personnes suivies".into(), "90".into())],
            parts: vec![
                BilanPartDoc {
                    heading: "Innover".into(),
                    pairs: vec![("Communes".into(), "Angers, Trélazé".into())],
                    tables: vec![BilanTable {
                        caption: "Innover, de 2024 à 2026".into(),
                        columns: vec!["Indicateur".into(), "2025".into(), "2026".into()],
                        rows: vec![vec!["Actions innovantes".into(), "3".into(), "< 5".into()]],
                        total_last: false,
                    }],
                    text: "Par'Emploi & AVIP <crèche>".into(),
                },
                BilanPartDoc {
                    heading: "Perspectives".into(),
                    pairs: Vec::new(),
                    tables: Vec::new(),
                    text: String::new(),
                },
            ],
        };
        let bytes = bilan_docx(&doc);
        let xml = crate::docx::document_xml(&bytes);
        for expected in [
            "Bilan annuel 2026 — Cité de l&apos;emploi d&apos;Angers",
            "Personnes suivies",
            "Angers, Trélazé",
            "Innover, de 2024 à 2026",
            "Actions innovantes",
            "&lt; 5",
            "Par&apos;Emploi &amp; AVIP &lt;crèche&gt;",
            "Commentaire non rédigé.",
        ] {
            assert!(xml.contains(expected), "{expected} missing");
        }
    }
}

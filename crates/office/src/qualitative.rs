//! The qualitative report (*bilan qualitatif*): what Maillage already knows
//! about the funded action (pre-filled facts), then the carrier's own text.

use crate::docx::{Column, Document, Run};
use crate::ReportHeader;

/// A figure Maillage fills in (participants enrolled, sessions, outcomes…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

/// A part written by the carrier: its heading and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QualitativeReportDoc {
    pub header: ReportHeader,
    pub facts: Vec<Fact>,
    pub sections: Vec<Section>,
}

/// The report as a DOCX file.
pub fn qualitative_report_docx(doc: &QualitativeReportDoc) -> Vec<u8> {
    let mut out = Document::new("Bilan qualitatif");
    out.pairs(&doc.header.rows());

    out.heading(1, "L'action en chiffres");
    out.paragraph(&[Run::Plain(
        "Données enregistrées dans Maillage pour cette action.",
    )]);
    if doc.facts.is_empty() {
        out.paragraph(&[Run::Plain("Aucune donnée enregistrée.")]);
    } else {
        let rows: Vec<Vec<String>> = doc
            .facts
            .iter()
            .map(|f| vec![f.label.clone(), f.value.clone()])
            .collect();
        out.table(
            &[
                Column {
                    title: "Indicateur",
                    percent: 70,
                    right: false,
                },
                Column {
                    title: "Valeur",
                    percent: 30,
                    right: true,
                },
            ],
            &rows,
            false,
        );
    }

    out.heading(1, "Le bilan du porteur");
    for section in &doc.sections {
        out.heading(2, &section.heading);
        if section.text.trim().is_empty() {
            out.paragraph(&[Run::Plain("Non renseigné.")]);
        } else {
            out.text(&section.text);
        }
    }
    out.finish()
}

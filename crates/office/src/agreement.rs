//! The funding agreement (*convention de financement*) between the structure
//! that carries the Cité and the carrier (*porteur*) of a granted project:
//! parties, object, amount per year, payment schedule, reports due.

use chrono::NaiveDate;
use maillage_domain::money::format_euros;

use crate::docx::{Column, Document, Run};
use crate::french_date;

/// A party to the agreement (*partie*).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub name: String,
    pub siret: Option<String>,
    pub address: Option<String>,
}

/// The amount granted for one year of a (possibly multi-year) project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearAmount {
    pub year: i32,
    pub cents: i64,
}

/// Something due on a date: an instalment (*versement*, with its amount) or a
/// report (*bilan*, without).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub label: String,
    pub due_on: NaiveDate,
    pub cents: Option<i64>,
}

/// Everything the agreement says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementDoc {
    /// « CONV-2023-03 ».
    pub reference: String,
    /// The structure that carries the Cité.
    pub funder: Party,
    pub cite_name: String,
    /// The carrier's structure (*structure porteuse*).
    pub carrier: Party,
    pub call_title: String,
    pub project_title: String,
    /// What the project does.
    pub object: String,
    pub decided_on: NaiveDate,
    pub committee: String,
    /// One per year of a multi-year project.
    pub yearly: Vec<YearAmount>,
    /// Payment schedule (amounts given).
    pub instalments: Vec<Due>,
    /// Reports due (no amount).
    pub reports: Vec<Due>,
}

/// The agreement as a DOCX file.
pub fn agreement_docx(doc: &AgreementDoc) -> Vec<u8> {
    let mut out = Document::new(&format!("Convention de financement n° {}", doc.reference));
    out.paragraph(&[Run::Plain("Cité de l'emploi : "), Run::Bold(&doc.cite_name)]);

    out.heading(1, "Entre les soussignés");
    party(&mut out, &doc.funder, "ci-après « le financeur »");
    out.paragraph(&[Run::Plain("et")]);
    party(&mut out, &doc.carrier, "ci-après « le porteur »");

    out.heading(1, "Préambule");
    out.paragraph(&[
        Run::Plain("Dans le cadre de l'appel à projets « "),
        Run::Bold(&doc.call_title),
        Run::Plain(" » de la Cité de l'emploi, le "),
        Run::Plain(&doc.committee),
        Run::Plain(&format!(
            " a décidé le {} de soutenir le projet décrit ci-dessous.",
            french_date(doc.decided_on)
        )),
    ]);

    out.heading(1, "Article 1 – Objet");
    out.paragraph(&[
        Run::Plain("La présente convention a pour objet le soutien financier au projet « "),
        Run::Bold(&doc.project_title),
        Run::Plain(" » porté par "),
        Run::Plain(&doc.carrier.name),
        Run::Plain("."),
    ]);
    out.text(&doc.object);

    amounts(&mut out, doc);
    schedule(&mut out, &doc.instalments);
    reports(&mut out, &doc.reports);

    out.heading(1, "Article 5 – Contrôle et reversement");
    out.paragraph(&[Run::Plain(
        "Le porteur s'engage à utiliser la subvention conformément à son objet, à \
         faciliter tout contrôle du financeur et à reverser les sommes non utilisées \
         ou utilisées à d'autres fins.",
    )]);

    out.heading(1, "Signatures");
    out.paragraph(&[Run::Plain(
        "Fait en deux exemplaires, le ____________________.",
    )]);
    out.table(
        &[
            Column {
                title: "Pour le financeur",
                percent: 50,
                right: false,
            },
            Column {
                title: "Pour le porteur",
                percent: 50,
                right: false,
            },
        ],
        &[vec![doc.funder.name.clone(), doc.carrier.name.clone()]],
        false,
    );
    out.finish()
}

/// A party's block: name in bold, then SIRET and address when known.
fn party(out: &mut Document, party: &Party, called: &str) {
    out.paragraph(&[Run::Bold(&party.name), Run::Plain(&format!(", {called}"))]);
    if let Some(siret) = party.siret.as_deref().filter(|s| !s.trim().is_empty()) {
        out.paragraph(&[Run::Plain("SIRET : "), Run::Plain(siret)]);
    }
    if let Some(address) = party.address.as_deref().filter(|s| !s.trim().is_empty()) {
        out.paragraph(&[Run::Plain("Adresse : "), Run::Plain(address)]);
    }
}

/// Article 2: the total, and the amount of each year of a multi-year project.
fn amounts(out: &mut Document, doc: &AgreementDoc) {
    out.heading(1, "Article 2 – Montant de la subvention");
    let total: i64 = doc.yearly.iter().map(|y| y.cents).sum();
    let years = match (doc.yearly.first(), doc.yearly.last()) {
        (Some(first), Some(last)) if doc.yearly.len() > 1 => {
            format!(", réparti sur les années {} à {}", first.year, last.year)
        }
        (Some(only), _) => format!(", au titre de l'année {}", only.year),
        _ => String::new(),
    };
    out.paragraph(&[
        Run::Plain("Le financeur attribue au porteur une subvention d'un montant total de "),
        Run::Bold(&format_euros(total)),
        Run::Plain(&format!("{years}.")),
    ]);
    if doc.yearly.len() > 1 {
        let mut rows: Vec<Vec<String>> = doc
            .yearly
            .iter()
            .map(|y| vec![y.year.to_string(), format_euros(y.cents)])
            .collect();
        rows.push(vec!["Total".to_owned(), format_euros(total)]);
        out.table(
            &[
                Column {
                    title: "Année",
                    percent: 50,
                    right: false,
                },
                Column {
                    title: "Montant",
                    percent: 50,
                    right: true,
                },
            ],
            &rows,
            true,
        );
    }
}

/// Article 3: the payment schedule (*échéancier des versements*).
fn schedule(out: &mut Document, instalments: &[Due]) {
    out.heading(1, "Article 3 – Modalités de versement");
    if instalments.is_empty() {
        out.paragraph(&[Run::Plain(
            "La subvention est versée en une fois après la signature de la présente convention.",
        )]);
        return;
    }
    out.paragraph(&[Run::Plain(
        "La subvention est versée selon l'échéancier suivant :",
    )]);
    let mut rows: Vec<Vec<String>> = instalments
        .iter()
        .map(|due| {
            vec![
                due.label.clone(),
                french_date(due.due_on),
                due.cents.map(format_euros).unwrap_or_default(),
            ]
        })
        .collect();
    let total: i64 = instalments.iter().filter_map(|d| d.cents).sum();
    rows.push(vec!["Total".to_owned(), String::new(), format_euros(total)]);
    out.table(
        &[
            Column {
                title: "Versement",
                percent: 50,
                right: false,
            },
            Column {
                title: "Date prévue",
                percent: 20,
                right: true,
            },
            Column {
                title: "Montant",
                percent: 30,
                right: true,
            },
        ],
        &rows,
        true,
    );
}

/// Article 4: the reports the carrier owes and when.
fn reports(out: &mut Document, reports: &[Due]) {
    out.heading(1, "Article 4 – Obligations de compte rendu");
    out.paragraph(&[Run::Plain(
        "Le porteur remet au financeur un bilan qualitatif de l'action (participants, \
         séances, résultats, freins levés) et un bilan financier établi sur le modèle \
         fourni par Maillage (budget prévu et dépenses réelles par poste).",
    )]);
    if reports.is_empty() {
        return;
    }
    out.paragraph(&[Run::Plain(
        "Ces bilans sont à remettre aux dates suivantes :",
    )]);
    let rows: Vec<Vec<String>> = reports
        .iter()
        .map(|due| vec![due.label.clone(), french_date(due.due_on)])
        .collect();
    out.table(
        &[
            Column {
                title: "Bilan",
                percent: 70,
                right: false,
            },
            Column {
                title: "À remettre le",
                percent: 30,
                right: true,
            },
        ],
        &rows,
        false,
    );
}

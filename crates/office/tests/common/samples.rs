//! Documents as Maillage would fill them, with names that need escaping.

// Each test binary includes this file and uses part of it.
#![allow(dead_code)]

use chrono::NaiveDate;
use maillage_office::{
    AgreementDoc, BilanDoc, BilanPartDoc, BilanTable, Due, Fact, Figure, FinancialLine,
    IndicatorLine, IndicatorsDoc, Party, QualitativeReportDoc, ReportHeader, Section, YearAmount,
};

/// A name with every character XML escapes.
pub const CARRIER: &str = "Mob'In & Co <Sarthe> \"Garage\"";

pub fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a real date")
}

pub fn agreement() -> AgreementDoc {
    AgreementDoc {
        reference: "CONV-2023-03".to_owned(),
        funder: Party {
            name: "Le Mans Métropole".to_owned(),
            siret: Some("24720061800013".to_owned()),
            address: Some("16 avenue François Mitterrand, 72000 Le Mans".to_owned()),
        },
        cite_name: "Cité de l'emploi du Mans".to_owned(),
        carrier: Party {
            name: CARRIER.to_owned(),
            siret: Some("81234567800021".to_owned()),
            address: None,
        },
        call_title: "Lever les freins à la mobilité 2023".to_owned(),
        project_title: "Garage solidaire & auto-école sociale".to_owned(),
        object: "Réparer à prix coûtant les véhicules des personnes suivies.\n\nPréparer \
                 20 personnes au permis B."
            .to_owned(),
        decided_on: day(2023, 3, 14),
        committee: "comité de pilotage".to_owned(),
        yearly: vec![
            YearAmount {
                year: 2023,
                cents: 10_000_000,
            },
            YearAmount {
                year: 2024,
                cents: 4_550_050,
            },
        ],
        instalments: vec![
            Due {
                label: "Avance à la signature".to_owned(),
                due_on: day(2023, 4, 1),
                cents: Some(10_000_000),
            },
            Due {
                label: "Solde après bilans".to_owned(),
                due_on: day(2025, 2, 28),
                cents: Some(4_550_050),
            },
        ],
        reports: vec![
            Due {
                label: "Bilan intermédiaire".to_owned(),
                due_on: day(2024, 1, 31),
                cents: None,
            },
            Due {
                label: "Bilan final".to_owned(),
                due_on: day(2025, 1, 31),
                cents: None,
            },
        ],
    }
}

pub fn header() -> ReportHeader {
    ReportHeader {
        cite_name: "Cité de l'emploi du Mans".to_owned(),
        carrier_name: CARRIER.to_owned(),
        project_title: "Garage solidaire & auto-école sociale".to_owned(),
        reference: "CONV-2023-03".to_owned(),
        period: "du 01/04/2023 au 31/12/2024".to_owned(),
    }
}

/// Three lines, 100 000,00 € for the first.
pub fn lines() -> Vec<FinancialLine> {
    [
        ("Personnel (2 ETP) & encadrement", 10_000_000),
        ("Loyer de l'atelier", 123_456),
        ("Pièces <détachées>", 500_000),
    ]
    .into_iter()
    .map(|(label, budget_cents)| FinancialLine {
        label: label.to_owned(),
        budget_cents,
    })
    .collect()
}

pub fn qualitative() -> QualitativeReportDoc {
    let fact = |label: &str, value: &str| Fact {
        label: label.to_owned(),
        value: value.to_owned(),
    };
    let section = |heading: &str, text: &str| Section {
        heading: heading.to_owned(),
        text: text.to_owned(),
    };
    QualitativeReportDoc {
        header: header(),
        facts: vec![
            fact("Personnes inscrites", "37"),
            fact("Séances réalisées", "112"),
            fact("Bénéficiaires anonymes (aller-vers)", "215"),
            fact("En emploi durable à la sortie", "9"),
            fact("En emploi durable à 6 mois", "12"),
            fact("En emploi durable à 12 mois", "moins de 5"),
            fact("Freins levés (mobilité)", "28"),
        ],
        sections: vec![
            section(
                "Déroulement de l'action",
                "L'atelier a ouvert en avril.\nDeux mécaniciens & un formateur.",
            ),
            section("Difficultés rencontrées", ""),
        ],
    }
}

pub fn minutes() -> maillage_office::MinutesDoc {
    use maillage_office::{MinutesAttendee, MinutesDecision, MinutesDoc, MinutesFollowUp};
    MinutesDoc {
        committee: "COPIL de la Cité".to_owned(),
        kind: "Comité de pilotage".to_owned(),
        starts: day(2026, 11, 23).and_hms_opt(14, 0, 0).expect("a time"),
        ends: day(2026, 11, 23).and_hms_opt(16, 30, 0).expect("a time"),
        place: "Mairie, salle 2".to_owned(),
        revision: 2,
        attendees: vec![MinutesAttendee {
            name: "Alice Martin".to_owned(),
            organisation: CARRIER.to_owned(),
            status: "Représenté par Mme Roux".to_owned(),
        }],
        agenda: vec!["Accueil des membres".to_owned(), "Budget 2027".to_owned()],
        body: "Ouverture de la séance.\nPoint sur les budgets & actions.".to_owned(),
        decisions: vec![MinutesDecision {
            number: "2026-COPIL-01".to_owned(),
            text: "Le garage solidaire est financé.".to_owned(),
            subject: String::new(),
        }],
        follow_ups: vec![MinutesFollowUp {
            title: "Envoyer la convention".to_owned(),
            owner: "Alice Martin".to_owned(),
            due_on: Some(day(2026, 12, 15)),
            status: "Ouverte".to_owned(),
        }],
        case_reviews: vec!["M.D.-01".to_owned()],
    }
}

/// A Cité's indicators over two years: a masked count, euros, a median
/// with a decimal.
pub fn indicators() -> IndicatorsDoc {
    IndicatorsDoc {
        title: "Indicateurs 2026 — Cité de l'emploi d'Angers".into(),
        years: vec![2025, 2026],
        median_column: "Médiane des Cités en 2026".into(),
        lines: vec![
            IndicatorLine {
                section: "Aller vers et raccrocher".into(),
                label: "Bénéficiaires de l'aller-vers".into(),
                figures: vec![Figure::Text("< 5".into()), Figure::Count(1_234)],
                median: Some(Figure::Text("12,5".into())),
            },
            IndicatorLine {
                section: "Les financements".into(),
                label: "Montants versés".into(),
                figures: vec![Figure::Euros(0), Figure::Euros(1_234_550)],
                median: Some(Figure::Euros(500_000)),
            },
        ],
    }
}

pub fn bilan() -> BilanDoc {
    BilanDoc {
        title: "Bilan annuel 2026 — Cité de l'emploi d'Angers".into(),
        source: "Chiffres comptés dans Maillage le 07/12/2026.".into(),
        key_figures: vec![(
            "Aller vers et raccrocher".into(),
            "12 actions, 48 séances, 1 234 bénéficiaires".into(),
        )],
        parts: vec![
            BilanPartDoc {
                heading: "Contexte et territoire".into(),
                pairs: vec![("Communes".into(), "Angers, Trélazé".into())],
                tables: Vec::new(),
                text: "Quatre QPV, 23 100 habitants.\nUn nouveau coordinateur.".into(),
            },
            BilanPartDoc {
                heading: "Les résultats de la cohorte".into(),
                pairs: Vec::new(),
                tables: vec![BilanTable {
                    caption: "La cohorte, de 2025 à 2026".into(),
                    columns: vec!["Indicateur".into(), "2025".into(), "2026".into()],
                    rows: vec![vec!["Personnes suivies".into(), "< 5".into(), "90".into()]],
                    total_last: false,
                }],
                text: String::new(),
            },
        ],
    }
}

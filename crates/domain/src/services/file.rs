//! A data·inclusion file: `{"structures": [...], "services": [...]}`, read
//! whole with a record-by-record French report, and written back.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde_json::{json, Map, Value};

use super::fields::shown;
use super::{Rejected, Service, Structure};

/// A report stops listing after this many problems: enough to fix a file,
/// bounded for the page.
pub const MAX_PROBLEMS: usize = 500;

/// Structures and their services, every one valid, every service's structure
/// present.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalogue {
    pub structures: Vec<Structure>,
    pub services: Vec<Service>,
}

/// One bad field of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// « Structure n° 2 (dora--42) », « Service n° 7 (…) » or « Fichier ».
    pub record: String,
    /// The data·inclusion field name; empty for the file itself.
    pub field: String,
    pub message: String,
}

/// Why a file was refused, record by record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub problems: Vec<Problem>,
    /// Problems beyond [`MAX_PROBLEMS`], counted but not listed.
    pub more: usize,
}

impl ImportReport {
    fn add(&mut self, record: &str, field: &str, message: impl Into<String>) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem {
                record: record.to_owned(),
                field: field.to_owned(),
                message: message.into(),
            });
        } else {
            self.more += 1;
        }
    }

    /// A report of one problem with the file as a whole.
    pub fn file(message: &str) -> ImportReport {
        let mut report = ImportReport::default();
        report.add("Fichier", "", message);
        report
    }

    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    /// Records with at least one problem.
    pub fn bad_records(&self) -> usize {
        self.problems
            .iter()
            .map(|p| p.record.as_str())
            .collect::<HashSet<_>>()
            .len()
    }
}

/// « Service n° 3 (angers--ml-12) »: 1-based, with its id when it has one.
fn record_label(kind: &str, index: usize, map: Option<&Map<String, Value>>) -> String {
    match map.and_then(|m| m.get("id")).and_then(Value::as_str) {
        Some(id) if !id.trim().is_empty() => format!("{kind} n° {} ({})", index + 1, shown(id)),
        _ => format!("{kind} n° {}", index + 1),
    }
}

/// The array under `key`, or a report line.
fn array<'a>(root: &'a Map<String, Value>, key: &str, report: &mut ImportReport) -> &'a [Value] {
    match root.get(key) {
        Some(Value::Array(items)) => items,
        Some(_) => {
            report.add(
                "Fichier",
                key,
                format!("« {key} » doit être une liste d'enregistrements."),
            );
            &[]
        }
        None => {
            report.add("Fichier", key, format!("La liste « {key} » manque."));
            &[]
        }
    }
}

/// Validates every record of a list, reporting each bad one.
fn records<T>(
    kind: &str,
    items: &[Value],
    parse: impl Fn(&Map<String, Value>) -> Result<T, Rejected>,
    report: &mut ImportReport,
) -> Vec<(String, T)> {
    let mut valid = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let map = item.as_object();
        let label = record_label(kind, index, map);
        let Some(map) = map else {
            report.add(&label, "", "Chaque enregistrement doit être un objet JSON.");
            continue;
        };
        match parse(map) {
            Ok(record) => valid.push((label, record)),
            Err(rejected) => {
                for (field, message) in rejected.problems() {
                    report.add(&label, &field, message);
                }
            }
        }
    }
    valid
}

impl Catalogue {
    /// Services located outside `communes` (INSEE codes of the Cité), by
    /// their own commune or else their structure's: imported all the same
    /// (a regional service may serve the Cité), but the page names them
    /// (*hors territoire*). Services with no commune at all are not counted.
    pub fn outside_territory(&self, communes: &[String]) -> Vec<String> {
        let structures: std::collections::HashMap<(&str, &str), &Option<String>> = self
            .structures
            .iter()
            .map(|s| ((s.source.as_str(), s.id.as_str()), &s.address.insee_code))
            .collect();
        self.services
            .iter()
            .filter_map(|service| {
                let key = (service.source.as_str(), service.structure_id.as_str());
                let code = service
                    .address
                    .insee_code
                    .as_ref()
                    .or_else(|| structures.get(&key).and_then(|code| code.as_ref()))?;
                (!communes.contains(code)).then(|| {
                    let place = crate::referential::commune(code)
                        .map_or_else(|| code.clone(), |c| format!("{} ({code})", c.name));
                    format!("{} — {place}", service.name)
                })
            })
            .collect()
    }

    /// Reads a whole file: every record valid, or the report of every bad
    /// one; `today` bounds the records' `date_maj`.
    pub fn parse(text: &str, today: NaiveDate) -> Result<Catalogue, ImportReport> {
        let root: Value = serde_json::from_str(text).map_err(|error| {
            ImportReport::file(&format!(
                "Ce n'est pas du JSON valide (ligne {}, colonne {}).",
                error.line(),
                error.column()
            ))
        })?;
        let Some(root) = root.as_object() else {
            return Err(ImportReport::file(
                "Le fichier doit être un objet JSON avec les listes « structures » et « services ».",
            ));
        };
        let mut report = ImportReport::default();
        for key in root.keys() {
            if key != "structures" && key != "services" {
                report.add(
                    "Fichier",
                    key,
                    "Clé inconnue : seules « structures » et « services » sont attendues.",
                );
            }
        }
        let structures = array(root, "structures", &mut report);
        let services = array(root, "services", &mut report);
        let structures = records(
            "Structure",
            structures,
            |m| Structure::from_json(m, today),
            &mut report,
        );
        let services = records(
            "Service",
            services,
            |m| Service::from_json(m, today),
            &mut report,
        );
        let catalogue = Catalogue::checked(structures, services, &mut report);
        if report.is_empty() {
            Ok(catalogue)
        } else {
            Err(report)
        }
    }

    /// Ids unique per source, and every service's structure in the file.
    fn checked(
        structures: Vec<(String, Structure)>,
        services: Vec<(String, Service)>,
        report: &mut ImportReport,
    ) -> Catalogue {
        let mut structure_keys = HashSet::new();
        for (label, s) in &structures {
            if !structure_keys.insert((s.source.as_str(), s.id.as_str())) {
                report.add(
                    label,
                    "id",
                    "Une autre structure de cette source porte déjà cet identifiant.",
                );
            }
        }
        let mut service_keys = HashSet::new();
        for (label, s) in &services {
            if !service_keys.insert((s.source.as_str(), s.id.as_str())) {
                report.add(
                    label,
                    "id",
                    "Un autre service de cette source porte déjà cet identifiant.",
                );
            }
            if !structure_keys.contains(&(s.source.as_str(), s.structure_id.as_str())) {
                report.add(
                    label,
                    "structure_id",
                    format!(
                        "Aucune structure « {} » de la source « {} » dans le fichier.",
                        shown(&s.structure_id),
                        shown(&s.source)
                    ),
                );
            }
        }
        Catalogue {
            structures: structures.into_iter().map(|(_, s)| s).collect(),
            services: services.into_iter().map(|(_, s)| s).collect(),
        }
    }

    /// The file, as data·inclusion reads it: every field present, `null`
    /// when not given.
    pub fn to_json(&self) -> Value {
        json!({
            "structures": self.structures.iter().map(Structure::to_json).collect::<Vec<_>>(),
            "services": self.services.iter().map(Service::to_json).collect::<Vec<_>>(),
        })
    }
}

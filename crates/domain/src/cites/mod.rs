//! Cités de l'emploi (`Cite`) and the priority neighbourhoods they cover (`Qpv`).

use crate::codes::code_list;
use crate::errors::{optional_text, required_text, FieldErrors};
use crate::participants::cohorts::{
    bounded_number, DEFAULT_FOLLOW_UP_MONTHS, DEFAULT_REFERRAL_EXPIRY_DAYS, FOLLOW_UP_MONTHS,
    REFERRAL_EXPIRY_DAYS,
};
use crate::referential;

mod labelling;

pub use labelling::{
    archived_cites_message, check_cite_code, label_year, label_years, NewCite, NewCiteInput,
    ARCHIVED_CITE, EMAIL_TAKEN, FIRST_LABEL_YEAR,
};

code_list!(
    /// The three national axes of the programme.
    Axis {
        /// *Recenser et fédérer*
        Federate = "federate", "Recenser et fédérer";
        /// *Aller vers et raccrocher*
        ReachOut = "reach_out", "Aller vers et raccrocher";
        /// *Innover*
        Innovate = "innovate", "Innover";
    }
);

/// A Cité's editable profile, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct CiteProfile {
    pub name: String,
    pub departement: String,
    pub epci: Option<String>,
    pub communes: Vec<String>,
    pub label_year: i32,
    pub co_pilots: Option<String>,
    pub population: Option<i64>,
    pub unemployment_rate: Option<f64>,
    pub employment_rate: Option<f64>,
    pub poverty_rate: Option<f64>,
    pub defm_abc: Option<i64>,
    pub target_publics: Vec<String>,
    /// The Cité chose not to target any public (« pas de public cible »):
    /// not the same as publics left unsaid.
    pub no_target_public: bool,
    pub axes: Vec<Axis>,
    /// The Cité's own axes (*axes propres*), by name, in its order: actions
    /// are filed under one of them besides a national axis.
    pub own_axes: Vec<String>,
    /// How long its cohorts follow each person, unless a cohort says otherwise.
    pub follow_up_months: i32,
    /// Days after which an undecided proposal expires.
    pub referral_expiry_days: i32,
}

/// Raw Cité profile form. Lists come as several values of the same field.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CiteInput {
    pub name: String,
    pub departement: String,
    pub epci: String,
    /// INSEE codes separated by commas, spaces or new lines.
    pub communes: String,
    pub label_year: String,
    pub co_pilots: String,
    pub population: String,
    pub unemployment_rate: String,
    pub employment_rate: String,
    pub poverty_rate: String,
    pub defm_abc: String,
    pub target_publics: Vec<String>,
    /// `oui` when the Cité chooses « pas de public cible ».
    pub no_target_public: String,
    pub axes: Vec<String>,
    /// The Cité's own axes, one per line.
    pub own_axes: String,
    /// Empty: the national defaults (12 months, 30 days).
    pub follow_up_months: String,
    pub referral_expiry_days: String,
}

/// Splits a list typed by hand: commas, semicolons, spaces and new lines all separate.
pub fn split_codes(text: &str) -> Vec<String> {
    let mut codes: Vec<String> = text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| s.to_uppercase())
        .collect();
    codes.dedup();
    codes
}

fn optional_count(errors: &mut FieldErrors, field: &'static str, value: &str) -> Option<i64> {
    let value: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    if value.is_empty() {
        return None;
    }
    match value.parse::<i64>() {
        Ok(n) if (0..=100_000_000).contains(&n) => Some(n),
        _ => {
            errors.add(field, "Indiquez un nombre entier positif.");
            None
        }
    }
}

/// A percentage typed the French way (`12,5`) or not (`12.5`).
fn optional_rate(errors: &mut FieldErrors, field: &'static str, value: &str) -> Option<f64> {
    let value = value.trim().trim_end_matches('%').trim().replace(',', ".");
    if value.is_empty() {
        return None;
    }
    match value.parse::<f64>() {
        Ok(rate) if (0.0..=100.0).contains(&rate) => Some(rate),
        _ => {
            errors.add(
                field,
                "Indiquez un pourcentage entre 0 et 100 (exemple : 12,5).",
            );
            None
        }
    }
}

impl CiteInput {
    /// `today` bounds the label wave ([`label_years`]).
    pub fn validate(&self, today: chrono::NaiveDate) -> Result<CiteProfile, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = required_text(&mut errors, "name", &self.name, 200);
        let departement = self.departement.trim().to_uppercase();
        if referential::departement(&departement).is_none() {
            errors.add("departement", "Choisissez un département dans la liste.");
        }
        let epci = optional_text(&mut errors, "epci", &self.epci, 9);
        if let Some(code) = &epci {
            if referential::epci(code).is_none() {
                errors.add("epci", "Cet EPCI n'existe pas (numéro SIREN à 9 chiffres).");
            }
        }
        let communes = split_codes(&self.communes);
        let unknown: Vec<&str> = communes
            .iter()
            .filter(|code| referential::commune(code).is_none())
            .map(String::as_str)
            .collect();
        if communes.is_empty() {
            errors.add("communes", "Indiquez au moins une commune (code INSEE).");
        } else if !unknown.is_empty() {
            errors.add(
                "communes",
                format!("Codes INSEE inconnus : {}.", unknown.join(", ")),
            );
        }
        let label_year = label_year(&mut errors, &self.label_year, today);
        let co_pilots = optional_text(&mut errors, "co_pilots", &self.co_pilots, 500);
        let population = optional_count(&mut errors, "population", &self.population);
        let defm_abc = optional_count(&mut errors, "defm_abc", &self.defm_abc);
        let unemployment_rate =
            optional_rate(&mut errors, "unemployment_rate", &self.unemployment_rate);
        let employment_rate = optional_rate(&mut errors, "employment_rate", &self.employment_rate);
        let poverty_rate = optional_rate(&mut errors, "poverty_rate", &self.poverty_rate);
        let mut target_publics = Vec::new();
        for code in &self.target_publics {
            match referential::public(code) {
                Some(_) if !target_publics.contains(code) => target_publics.push(code.clone()),
                Some(_) => {}
                None => errors.add(
                    "target_publics",
                    "Public inconnu du référentiel data·inclusion.",
                ),
            }
        }
        let no_target_public = !self.no_target_public.trim().is_empty();
        if no_target_public && !target_publics.is_empty() {
            errors.add(
                "target_publics",
                "Cochez des publics visés ou « pas de public cible », pas les deux.",
            );
        }
        let mut axes = Vec::new();
        for code in &self.axes {
            match Axis::parse(code) {
                Some(axis) if !axes.contains(&axis) => axes.push(axis),
                Some(_) => {}
                None => errors.add("axes", "Axe inconnu."),
            }
        }
        let own_axes = own_axes(&mut errors, &self.own_axes);
        let setting = |errors: &mut FieldErrors, field, input: &str, range, default| {
            if input.trim().is_empty() {
                Some(default)
            } else {
                bounded_number(errors, field, input, range)
            }
        };
        let follow_up_months = setting(
            &mut errors,
            "follow_up_months",
            &self.follow_up_months,
            FOLLOW_UP_MONTHS,
            DEFAULT_FOLLOW_UP_MONTHS,
        );
        let referral_expiry_days = setting(
            &mut errors,
            "referral_expiry_days",
            &self.referral_expiry_days,
            REFERRAL_EXPIRY_DAYS,
            DEFAULT_REFERRAL_EXPIRY_DAYS,
        );
        errors.into_result(())?;
        Ok(CiteProfile {
            name,
            departement,
            epci,
            communes,
            label_year: label_year.unwrap_or_default(),
            co_pilots,
            population,
            unemployment_rate,
            employment_rate,
            poverty_rate,
            defm_abc,
            target_publics,
            no_target_public,
            axes,
            own_axes,
            follow_up_months: follow_up_months.unwrap_or(DEFAULT_FOLLOW_UP_MONTHS),
            referral_expiry_days: referral_expiry_days.unwrap_or(DEFAULT_REFERRAL_EXPIRY_DAYS),
        })
    }
}

/// How many own axes a Cité states at most (Vaulx-en-Velin has six).
pub const MAX_OWN_AXES: usize = 12;
/// How long an axis's name may be.
pub const MAX_AXIS_CHARS: usize = 150;

/// The Cité's own axes, one per line: blank lines and repeats dropped.
fn own_axes(errors: &mut FieldErrors, text: &str) -> Vec<String> {
    let mut axes: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.chars().count() > MAX_AXIS_CHARS {
            errors.add(
                "own_axes",
                format!("Un axe s'écrit en {MAX_AXIS_CHARS} caractères au plus."),
            );
        } else if !axes
            .iter()
            .any(|a| crate::text::fold(a) == crate::text::fold(line))
        {
            axes.push(line.to_owned());
        }
    }
    if axes.len() > MAX_OWN_AXES {
        errors.add(
            "own_axes",
            format!("Une Cité énonce {MAX_OWN_AXES} axes propres au plus."),
        );
    }
    axes
}

/// Whether `chosen` (an action's Cité axis) is one of the Cité's own axes.
pub fn is_own_axis(own_axes: &[String], chosen: &str) -> bool {
    own_axes.iter().any(|axis| axis == chosen)
}

/// A QPV stays while files of persons name it as their neighbourhood: the
/// refusal says how many, so the coordinator knows what to change first.
pub fn qpv_removal_refused(files: i64) -> Option<String> {
    (files > 0).then(|| {
        let count = crate::numbers::integer(files);
        let files = if files == 1 {
            format!("{count} dossier de personne accompagnée y est rattaché")
        } else {
            format!("{count} dossiers de personnes accompagnées y sont rattachés")
        };
        format!(
            "Ce quartier ne peut pas être retiré : {files}. \
             Changez d'abord le quartier de ces dossiers."
        )
    })
}

/// A QPV code of the 2024 generation: `QN` then the département and a serial,
/// e.g. `QN04901M`.
pub fn check_qpv_code(code: &str) -> Result<(), String> {
    let rest = code.strip_prefix("QN").unwrap_or("");
    if (5..=8).contains(&rest.len())
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
    {
        Ok(())
    } else {
        Err("Le code d'un QPV commence par « QN » (exemple : QN04901M).".to_owned())
    }
}

/// A QPV, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QpvDraft {
    pub code: String,
    pub name: String,
    pub communes: Vec<String>,
    pub population: Option<i64>,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QpvInput {
    pub code: String,
    pub name: String,
    pub communes: String,
    pub population: String,
}

/// The communes a form names, by name or INSEE code, each one of
/// `cite_communes` (codes): « Angers », « angers, Avrillé », « 49007 » and
/// « Angers (49007) », as the suggestions read, all work. `territory` names
/// where they must lie in the messages: « du territoire de la Cité », « de
/// l'EPCI CU Angers Loire Métropole ».
pub fn resolve_communes(
    input: &str,
    cite_communes: &[String],
    territory: &str,
) -> Result<Vec<String>, String> {
    let mut found: Vec<String> = Vec::new();
    for entry in input
        .split([',', ';', '\n'])
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        // « Angers (49007) »: the code in brackets decides.
        let entry = entry
            .rsplit_once('(')
            .and_then(|(_, code)| code.strip_suffix(')'))
            .unwrap_or(entry)
            .trim();
        let looks_like_codes = entry.split_whitespace().all(|t| {
            t.len() == 5
                && t.chars().all(|c| c.is_ascii_alphanumeric())
                && t.chars().filter(char::is_ascii_digit).count() >= 3
        });
        let codes: Vec<String> = if looks_like_codes {
            entry.split_whitespace().map(str::to_uppercase).collect()
        } else {
            let wanted = crate::text::fold(entry);
            let code = cite_communes.iter().find(|code| {
                referential::commune(code).is_some_and(|c| crate::text::fold(c.name) == wanted)
            });
            match code {
                Some(code) => vec![code.clone()],
                None => return Err(format!(
                    "« {entry} » n'est pas une commune {territory} : choisissez-en une dans la liste proposée, par son nom ou son code INSEE."
                )),
            }
        };
        for code in codes {
            if !cite_communes.contains(&code) {
                let named = referential::commune(&code)
                    .map_or_else(|| code.clone(), |c| format!("{} ({code})", c.name));
                return Err(format!(
                    "La commune {named} ne fait pas partie {territory}."
                ));
            }
            if !found.contains(&code) {
                found.push(code);
            }
        }
    }
    if found.is_empty() {
        return Err("Indiquez au moins une commune, par son nom ou son code INSEE.".to_owned());
    }
    Ok(found)
}

/// Where a QPV's communes lie, as its messages say.
const CITE_TERRITORY: &str = "du territoire de la Cité";

impl QpvInput {
    /// `cite_communes` are the Cité's own communes: a QPV lies within them.
    pub fn validate(&self, cite_communes: &[String]) -> Result<QpvDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let code = self.code.trim().to_uppercase();
        if let Err(message) = check_qpv_code(&code) {
            errors.add("code", message);
        }
        let name = required_text(&mut errors, "name", &self.name, 200);
        let communes = match resolve_communes(&self.communes, cite_communes, CITE_TERRITORY) {
            Ok(communes) => communes,
            Err(message) => {
                errors.add("communes", message);
                Vec::new()
            }
        };
        let population = optional_count(&mut errors, "population", &self.population);
        errors.into_result(QpvDraft {
            code,
            name,
            communes,
            population,
        })
    }
}

#[cfg(test)]
mod tests;

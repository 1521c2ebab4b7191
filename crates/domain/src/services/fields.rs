//! Reading one data·inclusion record (a JSON object) field by field, with a
//! French message for each bad field, so that a report can list them all.

use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::errors::{optional_text, FieldErrors};
use crate::partners::{check_postal_code, Siret};
use crate::referential::{self, Code};

/// A record's fields, read once each; the problems pile up in `errors`.
pub(super) struct Reader<'a> {
    map: &'a Map<String, Value>,
    pub errors: FieldErrors,
}

/// Longest free text accepted in a record (the schema's descriptions).
pub(super) const LONG_TEXT: usize = 10_000;
/// Longest short text (phone numbers, opening hours, names).
pub(super) const SHORT_TEXT: usize = 500;

impl<'a> Reader<'a> {
    /// Reads `map`; fields not in `known` are returned, to be refused.
    pub fn new(map: &'a Map<String, Value>, known: &[&str]) -> (Reader<'a>, Vec<String>) {
        let unknown = map
            .keys()
            .filter(|key| !known.contains(&key.as_str()))
            .cloned()
            .collect();
        let reader = Reader {
            map,
            errors: FieldErrors::new(),
        };
        (reader, unknown)
    }

    /// The value of a field; an absent field is the same as `null`.
    fn value(&self, field: &str) -> Option<&'a Value> {
        self.map.get(field).filter(|v| !v.is_null())
    }

    fn string(&mut self, field: &'static str) -> Option<&'a str> {
        match self.value(field)? {
            Value::String(s) => Some(s),
            _ => {
                self.errors
                    .add(field, "Ce champ doit être un texte (entre guillemets).");
                None
            }
        }
    }

    /// A trimmed text of `min..=max` characters; `None` when absent or empty.
    pub fn text(&mut self, field: &'static str, min: usize, max: usize) -> Option<String> {
        let raw = self.string(field)?;
        let text = optional_text(&mut self.errors, field, raw, max)?;
        if text.chars().count() < min {
            self.errors
                .add(field, format!("{min} caractères au minimum."));
            return None;
        }
        Some(text)
    }

    /// Like [`Reader::text`], but the field must be there.
    pub fn required(&mut self, field: &'static str, min: usize, max: usize) -> String {
        let text = self.text(field, min, max);
        if text.is_none() && self.errors.get(field).is_none() {
            self.errors
                .add(field, "Ce champ est obligatoire et manque.");
        }
        text.unwrap_or_default()
    }

    /// An identifier (`source`, `id`…): required, without spaces.
    pub fn identifier(&mut self, field: &'static str) -> String {
        let id = self.required(field, 1, 200);
        if id.chars().any(char::is_whitespace) {
            self.errors
                .add(field, "Un identifiant ne contient pas d'espace.");
        }
        id
    }

    /// A required date, `AAAA-MM-JJ` as in the schema.
    pub fn date(&mut self, field: &'static str) -> Option<NaiveDate> {
        let raw = self.required(field, 1, 10);
        if raw.is_empty() {
            return None;
        }
        let date = NaiveDate::parse_from_str(&raw, "%Y-%m-%d").ok();
        if date.is_none() {
            self.errors
                .add(field, "Date invalide : le format attendu est AAAA-MM-JJ.");
        }
        date
    }

    /// `date_maj`, with data·inclusion's own rule beyond its JSON Schema (the
    /// pydantic validator of `data-inclusion-schema`): a last update
    /// (*date de dernière modification*) in the 21st century, not in the
    /// future.
    pub fn updated_on(&mut self, today: NaiveDate) -> Option<NaiveDate> {
        const FIELD: &str = "date_maj";
        let date = self.date(FIELD)?;
        let earliest = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN);
        if date < earliest {
            self.errors.add(
                FIELD,
                "La date de dernière modification doit être au 21e siècle (à partir du 01/01/2000).",
            );
            return None;
        }
        if date > today {
            self.errors.add(
                FIELD,
                "La date de dernière modification ne peut pas être dans le futur.",
            );
            return None;
        }
        Some(date)
    }

    /// A code of one data·inclusion enumeration, or nothing.
    pub fn code(
        &mut self,
        field: &'static str,
        lookup: fn(&str) -> Option<&'static Code>,
    ) -> Option<&'static str> {
        let raw = self.string(field)?;
        let code = lookup(raw).map(|c| c.code);
        if code.is_none() {
            self.errors.add(field, unknown_code(raw));
        }
        code
    }

    /// The raw items of a list field, each a text; `[]` when absent.
    fn items(&mut self, field: &'static str) -> Vec<&'a str> {
        let Some(value) = self.value(field) else {
            return Vec::new();
        };
        let Some(array) = value.as_array() else {
            self.errors.add(
                field,
                "Ce champ doit être une liste (entre crochets) ou null.",
            );
            return Vec::new();
        };
        let mut items = Vec::with_capacity(array.len());
        for item in array {
            match item.as_str() {
                Some(text) if items.contains(&text) => {
                    self.errors.add(
                        field,
                        format!("La valeur « {} » est en double.", shown(text)),
                    );
                }
                Some(text) => items.push(text),
                None => self
                    .errors
                    .add(field, "Chaque valeur de la liste doit être un texte."),
            }
        }
        items
    }

    /// A list of codes of one enumeration, without duplicates, in the given order.
    pub fn codes(
        &mut self,
        field: &'static str,
        lookup: fn(&str) -> Option<&'static Code>,
    ) -> Vec<&'static str> {
        let mut codes = Vec::new();
        for raw in self.items(field) {
            match lookup(raw) {
                Some(code) => codes.push(code.code),
                None => self.errors.add(field, unknown_code(raw)),
            }
        }
        codes
    }

    /// Codes of the Code officiel géographique: communes, départements,
    /// EPCI, countries, or `france`.
    pub fn zones(&mut self, field: &'static str) -> Vec<String> {
        let mut zones = Vec::new();
        for raw in self.items(field) {
            if is_known_zone(raw) {
                zones.push(raw.to_owned());
            } else {
                self.errors.add(
                    field,
                    format!(
                        "« {} » n'est ni une commune, ni un département, ni un EPCI, ni un pays, ni « france ».",
                        shown(raw)
                    ),
                );
            }
        }
        zones
    }

    pub fn number(&mut self, field: &'static str, min: f64, max: f64) -> Option<f64> {
        let value = self.value(field)?;
        match value.as_f64() {
            Some(n) if (min..=max).contains(&n) => Some(n),
            Some(_) => {
                self.errors.add(
                    field,
                    format!("La valeur doit être comprise entre {min} et {max}."),
                );
                None
            }
            None => {
                self.errors.add(field, "Ce champ doit être un nombre.");
                None
            }
        }
    }

    pub fn integer(&mut self, field: &'static str, min: i64, max: i64) -> Option<i64> {
        let value = self.value(field)?;
        match value.as_i64() {
            Some(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                self.errors.add(
                    field,
                    format!("Ce champ doit être un nombre entier entre {min} et {max}."),
                );
                None
            }
        }
    }

    /// A web address (`http://` or `https://`), as the schema's `uri` format.
    pub fn uri(&mut self, field: &'static str) -> Option<String> {
        let url = self.text(field, 1, 2083)?;
        if !is_web_url(&url) {
            self.errors.add(
                field,
                "Adresse web invalide : elle commence par https:// et ne contient ni espace ni accent.",
            );
            return None;
        }
        Some(url)
    }

    pub fn email(&mut self, field: &'static str) -> Option<String> {
        let email = self.text(field, 3, 254)?;
        if !is_email(&email) {
            self.errors.add(
                field,
                "Adresse électronique invalide (exemple : accueil@exemple.fr).",
            );
            return None;
        }
        Some(email)
    }

    pub fn postal_code(&mut self, field: &'static str) -> Option<String> {
        let code = self.text(field, 1, 10)?;
        if let Err(message) = check_postal_code(&code) {
            self.errors.add(field, message);
            return None;
        }
        Some(code)
    }

    /// A commune's INSEE code that exists.
    pub fn insee_code(&mut self, field: &'static str) -> Option<String> {
        let code = self.text(field, 1, 10)?;
        if referential::commune(&code).is_none() {
            self.errors.add(
                field,
                format!(
                    "Le code INSEE « {} » ne désigne aucune commune.",
                    shown(&code)
                ),
            );
            return None;
        }
        Some(code)
    }

    pub fn siret(&mut self, field: &'static str) -> Option<Siret> {
        let raw = self.text(field, 1, 20)?;
        Siret::parse(&raw)
            .map_err(|message| self.errors.add(field, message))
            .ok()
    }
}

/// A value quoted in a message, cut short when long.
pub(super) fn shown(value: &str) -> String {
    const MAX: usize = 60;
    if value.chars().count() > MAX {
        format!("{}…", value.chars().take(MAX).collect::<String>())
    } else {
        value.to_owned()
    }
}

fn unknown_code(raw: &str) -> String {
    format!(
        "Le code « {} » ne figure pas dans le référentiel data·inclusion.",
        shown(raw)
    )
}

fn is_known_zone(code: &str) -> bool {
    match code.len() {
        _ if code == "france" => true,
        5 if code.starts_with("99") => code.bytes().all(|b| b.is_ascii_digit()),
        5 => referential::commune(code).is_some(),
        2 | 3 => referential::departement(code).is_some(),
        9 => referential::epci(code).is_some(),
        _ => false,
    }
}

/// `http(s)://host…` with only the characters RFC 3986 allows.
pub(crate) fn is_web_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c);
    rest.is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && host.contains('.') && rest.chars().all(allowed)
    })
}

/// A plain address: `local@domain.tld`, ASCII, no spaces.
pub(super) fn is_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_emails() {
        assert!(is_web_url("https://www.caf.fr/allocataires"));
        assert!(is_web_url("http://exemple.fr/a?b=c#d"));
        assert!(!is_web_url("www.caf.fr"));
        assert!(!is_web_url("https://"));
        assert!(!is_web_url("https://caf.fr/é"));
        assert!(!is_web_url("https://caf.fr/a b"));
        assert!(is_email("accueil@mission-locale-angers.fr"));
        assert!(!is_email("accueil@localhost"));
        assert!(!is_email("a b@exemple.fr"));
        assert!(!is_email("@exemple.fr"));
        assert!(!is_email("a..b@exemple.fr"));
    }

    #[test]
    fn zones_of_the_official_geographic_code() {
        for good in ["49007", "49", "2A", "974", "244900015", "99100", "france"] {
            assert!(is_known_zone(good), "{good}");
        }
        for bad in ["49000", "00", "123456789", "99ABC", "France", ""] {
            assert!(!is_known_zone(bad), "{bad}");
        }
    }

    #[test]
    fn shown_values_are_cut() {
        assert_eq!(shown("abc"), "abc");
        assert_eq!(shown(&"x".repeat(100)).chars().count(), 61);
    }
}

//! Field-level validation errors, shown next to the form field they concern.

use std::fmt;

use crate::referential::Code;

/// French messages keyed by form field name, in the order they were found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(field: &'static str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }

    /// Keeps the first message of a field: it is the most basic problem.
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        if self.get(field).is_none() {
            self.0.push((field, message.into()));
        }
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, message)| message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.0
            .iter()
            .map(|(field, message)| (*field, message.as_str()))
    }

    /// `Ok(value)` when nothing was found, the errors otherwise.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .iter()
            .map(|(field, msg)| format!("{field} : {msg}"))
            .collect();
        f.write_str(&parts.join(" ; "))
    }
}

impl std::error::Error for FieldErrors {}

/// Trims a text field and checks its length; `None` when empty.
pub fn optional_text(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    max_chars: usize,
) -> Option<String> {
    let value = value.trim();
    // NUL and other control characters break storage and display.
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        errors.add(field, "Ce texte contient des caractères non autorisés.");
        return None;
    }
    if value.chars().count() > max_chars {
        errors.add(field, format!("{max_chars} caractères au maximum."));
        return None;
    }
    (!value.is_empty()).then(|| value.to_owned())
}

/// Like [`optional_text`] but the field must be filled.
pub fn required_text(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    max_chars: usize,
) -> String {
    match optional_text(errors, field, value, max_chars) {
        Some(text) => text,
        None => {
            errors.add(field, "Ce champ est obligatoire.");
            String::new()
        }
    }
}

/// Codes chosen in a data·inclusion list (thematics, publics…): each is
/// checked against the referential (`known`), an unknown one adds `message`,
/// duplicates are dropped and the order is kept.
pub fn checked_codes(
    errors: &mut FieldErrors,
    field: &'static str,
    values: &[String],
    known: fn(&str) -> Option<&'static Code>,
    message: &str,
) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for value in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        if known(value).is_none() {
            errors.add(field, message);
        } else if !codes.iter().any(|c| c == value) {
            codes.push(value.to_owned());
        }
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_first_message_per_field() {
        let mut errors = FieldErrors::new();
        errors.add("name", "Ce champ est obligatoire.");
        errors.add("name", "autre");
        errors.add("siret", "SIRET invalide.");
        assert_eq!(errors.get("name"), Some("Ce champ est obligatoire."));
        assert_eq!(errors.iter().count(), 2);
        assert!(errors.into_result(()).is_err());
    }

    #[test]
    fn text_fields_are_trimmed_and_bounded() {
        let mut errors = FieldErrors::new();
        assert_eq!(
            optional_text(&mut errors, "a", "  x  ", 5),
            Some("x".into())
        );
        assert_eq!(optional_text(&mut errors, "b", "   ", 5), None);
        assert!(errors.is_empty());
        assert_eq!(required_text(&mut errors, "c", "", 5), "");
        assert_eq!(optional_text(&mut errors, "d", "éééééé", 5), None);
        assert_eq!(optional_text(&mut errors, "e", "a\u{0}b", 5), None);
        assert_eq!(
            errors.get("e"),
            Some("Ce texte contient des caractères non autorisés.")
        );
        assert_eq!(errors.get("c"), Some("Ce champ est obligatoire."));
        assert_eq!(errors.get("d"), Some("5 caractères au maximum."));
    }
}

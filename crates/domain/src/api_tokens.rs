//! Personal access tokens of the API (*jetons d'accès*): named by their
//! user, read-only or read-write, for 30, 90 or 365 days.

use chrono::Duration;

use crate::codes::code_list;
use crate::errors::FieldErrors;

code_list!(
    /// What a token may do (*accès*).
    TokenAccess {
        Read = "lecture", "Lecture seule";
        ReadWrite = "ecriture", "Lecture et écriture";
    }
);

code_list!(
    /// How long a token lives (*durée*).
    TokenLifetime {
        Month = "30", "30 jours";
        Quarter = "90", "90 jours";
        Year = "365", "Un an";
    }
);

impl TokenLifetime {
    pub fn duration(self) -> Duration {
        match self {
            TokenLifetime::Month => Duration::days(30),
            TokenLifetime::Quarter => Duration::days(90),
            TokenLifetime::Year => Duration::days(365),
        }
    }
}

/// The longest name, in characters.
pub const MAX_NAME_CHARS: usize = 80;

/// A token as its form asks for it.
#[derive(Debug, Clone, Default)]
pub struct TokenInput {
    pub name: String,
    pub access: String,
    pub lifetime: String,
}

/// A token to make, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenDraft {
    pub name: String,
    pub access: TokenAccess,
    pub lifetime: TokenLifetime,
}

impl TokenInput {
    pub fn validate(&self) -> Result<TokenDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = self.name.trim();
        if name.is_empty() {
            errors.add(
                "name",
                "Donnez un nom au jeton : l'outil qui s'en servira, par exemple.",
            );
        } else if name.chars().count() > MAX_NAME_CHARS {
            errors.add(
                "name",
                format!("Le nom tient en {MAX_NAME_CHARS} caractères au plus."),
            );
        }
        let access = TokenAccess::parse(&self.access);
        if access.is_none() {
            errors.add("access", "Choisissez l'accès du jeton.");
        }
        let lifetime = TokenLifetime::parse(&self.lifetime);
        if lifetime.is_none() {
            errors.add("lifetime", "Choisissez la durée du jeton.");
        }
        match (access, lifetime, errors.is_empty()) {
            (Some(access), Some(lifetime), true) => Ok(TokenDraft {
                name: name.to_owned(),
                access,
                lifetime,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_has_a_name_an_access_and_a_lifetime() {
        let input = TokenInput {
            name: "  Logiciel de la Mission locale ".into(),
            access: "lecture".into(),
            lifetime: "90".into(),
        };
        let draft = input.validate().unwrap();
        assert_eq!(draft.name, "Logiciel de la Mission locale");
        assert_eq!(draft.lifetime.duration(), Duration::days(90));
        let bad = TokenInput {
            name: "x".repeat(81),
            access: "admin".into(),
            lifetime: "1000".into(),
        };
        let errors = bad.validate().unwrap_err();
        assert!(errors.get("name").is_some());
        assert!(errors.get("access").is_some());
        assert!(errors.get("lifetime").is_some());
    }
}

//! Account requests (« demandes de compte »): a structure that wants to
//! answer a call, and has no account yet, asks for one from the call's
//! public page; the Cité's coordination accepts it (a porteur account for
//! the structure, found or created by its SIRET) or refuses it with a reason.

use crate::accounts::Email;
use crate::errors::{optional_text, required_text};
use crate::partners::Siret;
use crate::FieldErrors;

crate::code_list!(
    /// Where a request stands (*statut de la demande*).
    RequestStatus {
        Pending = "pending", "En attente";
        Accepted = "accepted", "Acceptée";
        Refused = "refused", "Refusée";
    }
);

/// The public form's fields, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AccountRequestInput {
    pub structure_name: String,
    pub siret: String,
    pub contact_name: String,
    pub email: String,
    pub message: String,
}

/// A checked request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRequestDraft {
    pub structure_name: String,
    pub siret: Siret,
    pub contact_name: String,
    pub email: Email,
    pub message: String,
}

impl AccountRequestInput {
    pub fn validate(&self) -> Result<AccountRequestDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let structure_name =
            required_text(&mut errors, "structure_name", &self.structure_name, 120);
        let siret = Siret::parse(&self.siret)
            .map_err(|message| errors.add("siret", message))
            .ok();
        let contact_name = required_text(&mut errors, "contact_name", &self.contact_name, 120);
        let email = Email::parse(&self.email)
            .map_err(|message| errors.add("email", message))
            .ok();
        let message =
            optional_text(&mut errors, "message", &self.message, 2000).unwrap_or_default();
        match (siret, email) {
            (Some(siret), Some(email)) if errors.is_empty() => Ok(AccountRequestDraft {
                structure_name,
                siret,
                contact_name,
                email,
                message,
            }),
            _ => Err(errors),
        }
    }
}

/// The coordinator's refusal: its reason, told to nobody but kept.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RefusalInput {
    pub reason: String,
}

impl RefusalInput {
    pub fn validate(&self) -> Result<String, FieldErrors> {
        let mut errors = FieldErrors::new();
        let reason = required_text(&mut errors, "reason", &self.reason, 1000);
        errors.into_result(reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> AccountRequestInput {
        AccountRequestInput {
            structure_name: "Mob'In Sarthe".into(),
            siret: "130 025 265 00013".into(),
            contact_name: "Awa Diallo".into(),
            email: " Awa.Diallo@MobIn.fr ".into(),
            message: "Nous voulons candidater.".into(),
        }
    }

    #[test]
    fn a_request_names_a_structure_with_a_valid_siret() {
        let draft = input().validate().unwrap();
        assert_eq!(draft.siret.as_str(), "13002526500013");
        assert_eq!(draft.email.as_str(), "awa.diallo@mobin.fr");
        let bad = AccountRequestInput {
            siret: "13002526500014".into(),
            structure_name: " ".into(),
            email: "awa".into(),
            ..input()
        };
        let errors = bad.validate().unwrap_err();
        assert!(errors.get("siret").unwrap().contains("clé de contrôle"));
        assert_eq!(
            errors.get("structure_name"),
            Some("Ce champ est obligatoire.")
        );
        assert!(errors.get("email").is_some());
        assert!(RefusalInput::default().validate().is_err());
    }
}

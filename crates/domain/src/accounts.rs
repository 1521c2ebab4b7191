//! Accounts (*comptes*): roles, e-mail addresses, the password policy, session
//! lifetimes and sign-in throttling.

use chrono::{DateTime, Duration, Utc};

use crate::codes::code_list;
use crate::errors::{required_text, FieldErrors};
use crate::ids::PartnerId;

code_list!(
    /// What a user is in Maillage (see DESIGN.md, "Who uses it").
    Role {
        National = "national", "Équipe nationale (ANCT)";
        Pilote = "pilote", "Co-pilote";
        Coordinateur = "coordinateur", "Coordinateur·rice";
        Referent = "referent", "Référent·e partenaire";
        Porteur = "porteur", "Porteur de projet";
    }
);

impl Role {
    /// The roles a coordinator may give inside their Cité.
    pub const CITE_ROLES: [Role; 4] = [
        Role::Pilote,
        Role::Coordinateur,
        Role::Referent,
        Role::Porteur,
    ];

    /// Coordinators and référents work with persons; every other role sees
    /// them only as masked counts.
    pub fn sees_persons(self) -> bool {
        matches!(self, Role::Coordinateur | Role::Referent)
    }

    /// Référents and porteurs act on behalf of an organisation.
    pub fn needs_partner(self) -> bool {
        matches!(self, Role::Referent | Role::Porteur)
    }
}

/// Who may take over an account (*reprendre la main* : reset its password,
/// deactivate it): a coordinator, and only when every Cité the account belongs
/// to is one they coordinate. Otherwise the coordinator of one Cité could sign
/// in as a co-pilot or référent of another and read its files; for such an
/// account they may only end its membership in their own Cité.
/// `foreign_cites` counts the account's Cités the coordinator does not coordinate.
pub fn may_take_over(foreign_cites: i64) -> bool {
    foreign_cites == 0
}

/// Why a coordinator cannot take over an account shared with another Cité.
pub const SHARED_ACCOUNT: &str =
    "Ce compte appartient aussi à une Cité que vous ne coordonnez pas : \
     seule l'équipe nationale peut changer son mot de passe ou le désactiver. \
     Vous pouvez le retirer de votre Cité.";

/// A syntactically valid, lower-cased e-mail address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, String> {
        let value = input.trim().to_lowercase();
        let invalid =
            || "Adresse électronique invalide (exemple : prenom.nom@exemple.fr).".to_owned();
        if value.is_empty() {
            return Err("Ce champ est obligatoire.".to_owned());
        }
        if value.len() > 254 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        let (local, domain) = value.rsplit_once('@').ok_or_else(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        if local.is_empty() || local.len() > 64 || local.contains('@') || !domain_ok {
            return Err(invalid());
        }
        Ok(Email(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_CHARS: usize = 128;

/// The password policy: length is what matters (ANSSI/NIST guidance), with a
/// cap so that hashing stays bounded.
pub fn check_password(password: &str) -> Result<(), String> {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        return Err(format!(
            "Le mot de passe doit compter au moins {PASSWORD_MIN_CHARS} caractères."
        ));
    }
    if chars > PASSWORD_MAX_CHARS {
        return Err(format!(
            "Le mot de passe doit compter au plus {PASSWORD_MAX_CHARS} caractères."
        ));
    }
    let mut distinct: Vec<char> = password.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 4 {
        return Err("Ce mot de passe est trop simple : variez les caractères.".to_owned());
    }
    Ok(())
}

/// A new account, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountDraft {
    pub email: Email,
    pub name: String,
    pub role: Role,
    pub partner_id: Option<PartnerId>,
}

/// Raw account form fields.
#[derive(Debug, Clone, Default)]
pub struct AccountInput {
    pub email: String,
    pub name: String,
    pub role: String,
    pub partner_id: String,
}

impl AccountInput {
    /// Validates a Cité account; `national` accounts are created from the CLI only.
    pub fn validate(&self) -> Result<AccountDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = Email::parse(&self.email)
            .map_err(|e| errors.add("email", e))
            .ok();
        let name = required_text(&mut errors, "name", &self.name, 120);
        let role = RoleInput {
            role: self.role.clone(),
            partner_id: self.partner_id.clone(),
        }
        .check(&mut errors);
        match (email, role) {
            (Some(email), Some((role, partner_id))) if errors.is_empty() => Ok(AccountDraft {
                email,
                name,
                role,
                partner_id,
            }),
            _ => Err(errors),
        }
    }
}

/// A role in a Cité and the partner it acts for (*rôle*), as a form gives them.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RoleInput {
    pub role: String,
    pub partner_id: String,
}

impl RoleInput {
    /// The role and its partner (only for roles that act for one).
    pub fn validate(&self) -> Result<(Role, Option<PartnerId>), FieldErrors> {
        let mut errors = FieldErrors::new();
        let checked = self.check(&mut errors);
        match checked {
            Some(role) if errors.is_empty() => Ok(role),
            _ => Err(errors),
        }
    }

    fn check(&self, errors: &mut FieldErrors) -> Option<(Role, Option<PartnerId>)> {
        let role = Role::parse(self.role.trim()).filter(|r| Role::CITE_ROLES.contains(r));
        if role.is_none() {
            errors.add("role", "Choisissez un rôle dans la liste.");
        }
        let partner_id = match self.partner_id.trim() {
            "" => None,
            id => match id.parse::<PartnerId>() {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.add("partner_id", "Choisissez un partenaire dans la liste.");
                    None
                }
            },
        };
        let role = role?;
        if role.needs_partner() && partner_id.is_none() {
            errors.add(
                "partner_id",
                "Un référent ou un porteur est rattaché à un partenaire : choisissez-le.",
            );
        }
        Some((role, partner_id.filter(|_| role.needs_partner())))
    }
}

/// How long a session lives: idle and absolute limits.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    pub idle: Duration,
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle: Duration::hours(2),
            absolute: Duration::hours(12),
        }
    }
}

impl SessionPolicy {
    pub fn is_alive(
        &self,
        created_at: DateTime<Utc>,
        last_seen_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> bool {
        now - last_seen_at < self.idle && now - created_at < self.absolute
    }
}

/// Sign-in throttling: failures counted over a sliding window, per account and
/// per client address, so that neither password guessing on one account nor
/// spraying many accounts from one address goes far.
#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    pub window: Duration,
    pub max_failures_per_account: i64,
    pub max_failures_per_ip: i64,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        ThrottlePolicy {
            window: Duration::minutes(15),
            max_failures_per_account: 5,
            max_failures_per_ip: 30,
        }
    }
}

impl ThrottlePolicy {
    pub fn is_throttled(&self, account_failures: i64, ip_failures: i64) -> bool {
        account_failures >= self.max_failures_per_account || ip_failures >= self.max_failures_per_ip
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_codes() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Some(role));
        }
        assert_eq!(Role::parse("admin"), None);
        assert!(Role::Referent.needs_partner());
        assert!(!Role::Coordinateur.needs_partner());
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse(" Marie.Dupont@Angers.FR ").unwrap().as_str(),
            "marie.dupont@angers.fr"
        );
        for bad in [
            "",
            "marie",
            "marie@",
            "@angers.fr",
            "marie@angers",
            "ma rie@angers.fr",
            "a@b@c.fr",
            "marie@.fr",
            "marie@angers..fr",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn password_policy() {
        assert!(check_password("court").is_err());
        assert!(check_password("aaaaaaaaaaaaaaaa").is_err());
        assert!(check_password(&"ab1!".repeat(40)).is_err());
        assert!(check_password("correct cheval batterie").is_ok());
        // Length counts characters, not bytes.
        assert!(check_password("éèêëàâäîïôöù").is_ok());
        assert!(check_password("éèêëàâäîïôö").is_err());
    }

    #[test]
    fn account_validation_requires_a_partner_for_referents() {
        let input = AccountInput {
            email: "ref@ft.fr".into(),
            name: "Réf".into(),
            role: "referent".into(),
            partner_id: String::new(),
        };
        let errors = input.validate().unwrap_err();
        assert!(errors.get("partner_id").is_some());
        let ok = AccountInput {
            partner_id: "4".into(),
            ..input
        }
        .validate()
        .unwrap();
        assert_eq!(ok.partner_id, Some(PartnerId::new(4)));
        let national = AccountInput {
            email: "n@anct.fr".into(),
            name: "N".into(),
            role: "national".into(),
            partner_id: String::new(),
        };
        assert!(national.validate().unwrap_err().get("role").is_some());
    }

    #[test]
    fn sessions_expire_when_idle_or_old() {
        let policy = SessionPolicy::default();
        let start = Utc::now();
        assert!(policy.is_alive(start, start, start + Duration::minutes(119)));
        assert!(!policy.is_alive(start, start, start + Duration::minutes(120)));
        let recent = start + Duration::hours(11);
        assert!(policy.is_alive(
            start,
            recent,
            start + Duration::hours(11) + Duration::minutes(59)
        ));
        assert!(!policy.is_alive(start, recent, start + Duration::hours(12)));
    }

    #[test]
    fn only_accounts_wholly_within_coordinated_cites_can_be_taken_over() {
        assert!(may_take_over(0));
        assert!(!may_take_over(1));
    }

    #[test]
    fn throttling_counts_account_and_address() {
        let policy = ThrottlePolicy::default();
        assert!(!policy.is_throttled(4, 29));
        assert!(policy.is_throttled(5, 0));
        assert!(policy.is_throttled(0, 30));
    }
}

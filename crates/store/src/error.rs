//! The store's one error type. The web layer maps it to responses once.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    /// The row does not exist *or* the scope may not see it: callers answer 404
    /// either way, so nobody can probe for ids.
    #[error("introuvable")]
    NotFound,
    /// A uniqueness rule was broken; `field` names the form field to blame.
    #[error("{message}")]
    Conflict {
        field: &'static str,
        message: String,
    },
    /// The scope's role may not do this.
    #[error("action non autorisée")]
    Forbidden,
    /// A rule that only the database can check (a referenced row of another Cité…).
    #[error("{message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("base de données : {0}")]
    Database(sqlx::Error),
    #[error("migration : {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Unique constraints, named the same on both backends, and the form field each
/// one protects. SQLite reports the columns (`partners.name`), PostgreSQL the
/// constraint name: both are listed.
const UNIQUE_RULES: &[(&[&str], &str, &str)] = &[
    (
        &["partners_name_unique", "partners.name"],
        "name",
        "Un partenaire porte déjà ce nom dans la Cité.",
    ),
    (
        &["users_email_unique", "users.email"],
        "email",
        "Un compte existe déjà avec cette adresse.",
    ),
    (
        &["cites_code_unique", "cites.code"],
        "code",
        "Une Cité porte déjà ce code.",
    ),
    (
        &["qpvs_code_unique", "qpvs.code"],
        "code",
        "Ce QPV est déjà rattaché à la Cité.",
    ),
    (
        &["cohorts_name_unique", "cohorts.name"],
        "name",
        "Une cohorte porte déjà ce nom dans la Cité.",
    ),
    (
        &["fiches_action_unique", "fiches.action_id"],
        "title",
        "Cette action a déjà une fiche dans le catalogue national.",
    ),
    (
        &["structures_source_unique", "structures.source_id"],
        "id",
        "Une structure de cette source porte déjà cet identifiant dans la Cité.",
    ),
    (
        &["services_source_unique", "services.source_id"],
        "id",
        "Un service de cette source porte déjà cet identifiant dans la Cité.",
    ),
    (
        &["actions_title_unique", "actions.title"],
        "title",
        "Une action porte déjà ce titre dans la Cité.",
    ),
    (
        &["enrolments_live_unique", "enrolments.action_id"],
        "participant_id",
        "Cette personne est déjà inscrite à cette action ou sur sa liste d'attente.",
    ),
    (
        &[
            "action_indicators_label_unique",
            "action_indicators.action_id",
        ],
        "label",
        "Un indicateur porte déjà ce libellé sur cette action.",
    ),
    (
        &["barrier_words_label_unique", "barrier_words.label_key"],
        "label",
        "La Cité a déjà un frein de ce nom.",
    ),
    (
        &[
            "barrier_word_thematics_unique",
            "barrier_word_thematics.thematic",
        ],
        "thematics",
        "Une de ces thématiques appartient déjà à un autre frein de la Cité.",
    ),
    (
        &[
            "account_requests_pending_unique",
            "account_requests.cite_id",
        ],
        "email",
        "Une demande de compte est déjà en attente pour cette adresse : la coordination de la Cité y répondra.",
    ),
    (
        &["committees_name", "committees.name"],
        "name",
        "La Cité a déjà une instance de ce nom.",
    ),
    (
        &["committee_decisions_number", "committee_decisions.rank"],
        "text",
        "Une autre décision vient de prendre ce numéro : enregistrez-la de nouveau.",
    ),
    (
        &["memberships_pkey", "memberships.user_id"],
        "email",
        "Ce compte est déjà membre de la Cité.",
    ),
];

impl From<sqlx::Error> for StoreError {
    /// Turns a unique violation into a field error (realworld-axum-sqlx's
    /// `on_constraint`); any other error is kept as it is.
    fn from(error: sqlx::Error) -> StoreError {
        if let Some(db) = error.as_database_error() {
            if db.is_unique_violation() {
                let text = db.constraint().unwrap_or_else(|| db.message()).to_owned();
                if let Some((_, field, message)) = UNIQUE_RULES
                    .iter()
                    .find(|(needles, _, _)| needles.iter().any(|n| text.contains(n)))
                {
                    return StoreError::Conflict {
                        field,
                        message: (*message).to_owned(),
                    };
                }
            }
        }
        StoreError::Database(error)
    }
}

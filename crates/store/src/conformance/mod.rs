//! The conformance suite: the behaviour every backend must show, run by each
//! backend crate's tests through [`conformance_tests!`](crate::conformance_tests).

mod access_log;
mod actions;
mod case_file;
mod fiches;
mod follow_up;
mod foundation;
mod places;
mod reference_version;
mod scale;
mod services;

pub use access_log::*;
pub use actions::*;
pub use case_file::*;
pub use fiches::*;
pub use follow_up::*;
pub use foundation::*;
pub use places::*;
pub use reference_version::*;
pub use scale::*;
pub use services::*;

use maillage_domain::accounts::Role;
use maillage_domain::cites::CiteInput;
use maillage_domain::partners::PartnerInput;
use maillage_domain::Scope;

use crate::accounts::{NewAccount, NewMembership};
use crate::{Actor, Store, StoreError};

/// Two Cités, each with a coordinator scope, to check isolation.
pub struct Fixture {
    pub angers: i64,
    pub vaulx: i64,
    pub angers_coordinator: Scope,
    pub vaulx_coordinator: Scope,
}

pub fn cite_input(name: &str, departement: &str, communes: &str) -> CiteInput {
    CiteInput {
        name: name.into(),
        departement: departement.into(),
        communes: communes.into(),
        label_year: "2020".into(),
        ..CiteInput::default()
    }
}

pub fn partner_input(name: &str) -> PartnerInput {
    PartnerInput {
        name: name.into(),
        category: "spe".into(),
        network: "france-travail".into(),
        ..PartnerInput::default()
    }
}

pub fn account(email: &str, membership: Option<NewMembership>) -> NewAccount {
    NewAccount {
        email: email.into(),
        name: email.split('@').next().unwrap_or(email).into(),
        password_hash: "$argon2id$test".into(),
        membership,
    }
}

impl Fixture {
    pub async fn new(store: &dyn Store) -> Fixture {
        let actor = Actor::system();
        let angers = store
            .create_cite(
                &actor,
                "angers",
                &cite_input("Angers", "49", "49007 49353")
                    .validate()
                    .unwrap(),
            )
            .await
            .unwrap();
        let vaulx = store
            .create_cite(
                &actor,
                "vaulx",
                &cite_input("Vaulx-en-Velin", "69", "69256")
                    .validate()
                    .unwrap(),
            )
            .await
            .unwrap();
        let mut scopes = Vec::new();
        for (email, cite_id) in [("coord@angers.fr", angers), ("coord@vaulx.fr", vaulx)] {
            let membership = NewMembership {
                cite_id,
                role: Role::Coordinateur,
                partner_id: None,
            };
            let user_id = store
                .create_account(&actor, account(email, Some(membership)))
                .await
                .unwrap();
            scopes.push(Scope::Cite {
                user_id,
                cite_id,
                role: Role::Coordinateur,
                partner_id: None,
            });
        }
        let vaulx_coordinator = scopes.pop().unwrap();
        let angers_coordinator = scopes.pop().unwrap();
        Fixture {
            angers,
            vaulx,
            angers_coordinator,
            vaulx_coordinator,
        }
    }

    /// A new partner of Angers and one référent of it (`email`): its id and scope.
    pub async fn angers_referent(
        &self,
        store: &dyn Store,
        partner: &str,
        email: &str,
    ) -> (i64, Scope) {
        let actor = Actor::system();
        let partner_id = store
            .create_partner(
                &actor,
                &self.angers_coordinator,
                &partner_input(partner).validate().unwrap(),
            )
            .await
            .unwrap();
        let membership = NewMembership {
            cite_id: self.angers,
            role: Role::Referent,
            partner_id: Some(partner_id),
        };
        let user_id = store
            .create_account(&actor, account(email, Some(membership)))
            .await
            .unwrap();
        let scope = Scope::Cite {
            user_id,
            cite_id: self.angers,
            role: Role::Referent,
            partner_id: Some(partner_id),
        };
        (partner_id, scope)
    }

    /// Angers' 2026 cohort, open all year.
    pub async fn angers_cohort(&self, store: &dyn Store) -> i64 {
        let cohort = maillage_domain::participants::cohorts::CohortInput {
            name: "Cohorte 2026".into(),
            year: "2026".into(),
            target_size: "90".into(),
            intake_start: "2026-01-01".into(),
            intake_end: "2026-12-31".into(),
            follow_up_months: String::new(),
        };
        store
            .create_cohort(
                &Actor::system(),
                &self.angers_coordinator,
                &cohort.validate().unwrap(),
            )
            .await
            .unwrap()
    }
}

/// The database PostgreSQL test cases run against. Those cases are
/// `#[ignore]`d so that, without this variable, `cargo test` lists them as
/// ignored; one run anyway (`--include-ignored`) must fail, never pass empty.
#[track_caller]
pub fn postgres_test_url() -> String {
    std::env::var("MAILLAGE_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!(
            "MAILLAGE_TEST_POSTGRES_URL absent : ce cas PostgreSQL ne peut pas s'exécuter \
             (définir la variable, par exemple postgres://postgres@127.0.0.1:5432/maillage_test, \
             ou lancer les tests sans --include-ignored)"
        )
    })
}

pub(crate) fn is_not_found<T: std::fmt::Debug>(result: Result<T, StoreError>) -> bool {
    matches!(result, Err(StoreError::NotFound))
}

/// Expands to one `#[tokio::test]` per conformance case; `$open` is an async
/// block giving a fresh, empty store (a `Box<dyn Store>` or any `Store`).
/// Attributes after it go on every case (PostgreSQL's `#[ignore = …]`).
#[macro_export]
macro_rules! conformance_tests {
    ($open:expr $(, #[$attr:meta])* $(,)?) => {
        $crate::conformance_tests!(@cases [$(#[$attr])*] $open;
            cites_are_isolated, national_sees_counts, partners_lifecycle,
            accounts_and_sessions, sign_in_failures_are_counted, sessions_bring_memberships_and_reference_versions,
            actions_are_created_by_coordinators_of_their_cite, places_then_waiting_list_by_priority,
            sessions_count_anonymous_attendees_and_link_visible_persons, concurrent_enrolments_never_exceed_capacity,
            concurrent_releases_and_enrolments_keep_places_consistent,
            crossed_releases_on_two_actions_both_complete,
            case_files_are_seen_only_by_those_who_follow_them, case_file_records_the_pathway, search_and_todo,
            access_log_is_paged_scoped_and_audited,
            concurrent_reads_each_commit_their_audit_row,
            service_catalogue_round_trip_and_search, service_catalogue_rights_and_atomic_import,
            fiches_are_published_by_coordinators_without_personal_data, fiches_are_searched_and_reused_across_cites);
    };
    // One case at a time: the attributes repeat per case, which a single
    // `$(…)*` over the cases cannot express.
    (@cases $attrs:tt $open:expr; $case:ident $(, $rest:ident)*) => {
        $crate::conformance_tests!(@case $attrs $open; $case);
        $crate::conformance_tests!(@cases $attrs $open; $($rest),*);
    };
    (@cases $attrs:tt $open:expr;) => {};
    (@case [$($attr:tt)*] $open:expr; $case:ident) => {
        #[tokio::test]
        $($attr)*
        async fn $case() {
            $crate::conformance::$case(&$open.await).await;
        }
    };
}

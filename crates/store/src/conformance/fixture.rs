//! The setup every scenario starts from: two Cités with their coordinators,
//! and helpers for the partners, accounts and cohorts a scenario adds. The
//! web tests start from it too, with accounts that can sign in.

use maillage_domain::accounts::Role;
use maillage_domain::cites::CiteInput;
use maillage_domain::ids::{CiteId, CohortId, PartnerId};
use maillage_domain::participants::cohorts::CohortInput;
use maillage_domain::partners::PartnerInput;
use maillage_domain::Scope;

use crate::accounts::{NewAccount, NewMembership};
use crate::{Actor, Store};

/// Two Cités, each with a coordinator scope, to check isolation.
pub struct Fixture {
    pub angers: CiteId,
    pub vaulx: CiteId,
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

/// Not the hash of any password: the suite's accounts never sign in.
const NO_PASSWORD: &str = "$argon2id$test";

/// An account no password opens.
pub fn account(email: &str, membership: Option<NewMembership>) -> NewAccount {
    account_with_password(email, membership, NO_PASSWORD)
}

/// An account that signs in with the password `password_hash` is the hash of.
pub fn account_with_password(
    email: &str,
    membership: Option<NewMembership>,
    password_hash: &str,
) -> NewAccount {
    NewAccount {
        email: email.into(),
        name: format!("Compte {email}"),
        password_hash: password_hash.into(),
        membership,
    }
}

/// A cohort named after its `year`, open all that year, followed the default
/// number of months.
pub fn cohort_input(year: i32) -> CohortInput {
    CohortInput {
        name: format!("Cohorte {year}"),
        year: year.to_string(),
        target_size: "90".into(),
        intake_start: format!("{year}-01-01"),
        intake_end: format!("{year}-12-31"),
        follow_up_months: String::new(),
    }
}

/// A new account (`email`) with one membership: its scope.
pub async fn member(
    store: &dyn Store,
    cite_id: CiteId,
    role: Role,
    partner_id: Option<PartnerId>,
    email: &str,
) -> Scope {
    member_with_password(store, cite_id, role, partner_id, email, NO_PASSWORD).await
}

/// [`member`] with an account that signs in ([`account_with_password`]).
pub async fn member_with_password(
    store: &dyn Store,
    cite_id: CiteId,
    role: Role,
    partner_id: Option<PartnerId>,
    email: &str,
    password_hash: &str,
) -> Scope {
    let membership = NewMembership {
        cite_id,
        role,
        partner_id,
    };
    let user_id = store
        .create_account(
            &Actor::system(chrono::Utc::now()),
            account_with_password(email, Some(membership), password_hash),
        )
        .await
        .unwrap();
    Scope::Cite {
        user_id,
        cite_id,
        role,
        partner_id,
    }
}

impl Fixture {
    pub async fn new(store: &dyn Store) -> Fixture {
        Self::with_password(store, NO_PASSWORD).await
    }

    /// The same two Cités, whose coordinators sign in with the password
    /// `password_hash` is the hash of.
    pub async fn with_password(store: &dyn Store, password_hash: &str) -> Fixture {
        let actor = Actor::system(chrono::Utc::now());
        let angers = store
            .create_cite(
                &actor,
                "angers",
                &cite_input("Cité d'Angers", "49", "49007 49353")
                    .validate(crate::conformance::today())
                    .unwrap(),
            )
            .await
            .unwrap();
        let vaulx = store
            .create_cite(
                &actor,
                "vaulx",
                &cite_input("Cité de Vaulx-en-Velin", "69", "69256")
                    .validate(crate::conformance::today())
                    .unwrap(),
            )
            .await
            .unwrap();
        let coordinator = |cite_id, email| {
            member_with_password(
                store,
                cite_id,
                Role::Coordinateur,
                None,
                email,
                password_hash,
            )
        };
        let angers_coordinator = coordinator(angers, "coord@angers.fr").await;
        let vaulx_coordinator = coordinator(vaulx, "coord@vaulx.fr").await;
        Fixture {
            angers,
            vaulx,
            angers_coordinator,
            vaulx_coordinator,
        }
    }

    /// A new partner of Angers.
    pub async fn partner(&self, store: &dyn Store, name: &str) -> PartnerId {
        Self::partner_of(store, &self.angers_coordinator, name).await
    }

    /// A new partner of the Cité `coordinator` administers.
    pub async fn partner_of(store: &dyn Store, coordinator: &Scope, name: &str) -> PartnerId {
        store
            .create_partner(
                &Actor::system(chrono::Utc::now()),
                coordinator,
                &partner_input(name).validate().unwrap(),
            )
            .await
            .unwrap()
    }

    /// A new référent of Angers (`email`) at `partner_id`: its scope.
    pub async fn referent(&self, store: &dyn Store, partner_id: PartnerId, email: &str) -> Scope {
        member(store, self.angers, Role::Referent, Some(partner_id), email).await
    }

    /// A new partner of Angers and one référent of it (`email`): its id and scope.
    pub async fn angers_referent(
        &self,
        store: &dyn Store,
        partner: &str,
        email: &str,
    ) -> (PartnerId, Scope) {
        let partner_id = self.partner(store, partner).await;
        (partner_id, self.referent(store, partner_id, email).await)
    }

    /// Angers' cohort of `year` ([`cohort_input`]).
    pub async fn cohort(&self, store: &dyn Store, year: i32) -> CohortId {
        store
            .create_cohort(
                &Actor::system(chrono::Utc::now()),
                &self.angers_coordinator,
                &cohort_input(year)
                    .validate(crate::conformance::today())
                    .unwrap(),
            )
            .await
            .unwrap()
    }
}

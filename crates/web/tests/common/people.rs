//! Who the tests act as, and the persons they follow, built through the
//! store: the scopes of the test users, a partner with its référent, the
//! cohort persons are proposed to, and a person's usual answers.

use chrono::Datelike;
use maillage_domain::accounts::Role;
use maillage_domain::ids::{CiteId, CohortId, ParticipantId, PartnerId, QpvId, ReferralId, UserId};
use maillage_domain::participants::cohorts::CohortInput;
use maillage_domain::participants::person::{ParticipantDraft, ParticipantInput};
use maillage_domain::partners::PartnerInput;
use maillage_domain::Scope;
use maillage_store::accounts::NewMembership;
use maillage_store::conformance::account_with_password;
use maillage_store::Actor;

use super::{password_hash, TestApp};

impl TestApp {
    pub async fn user_id(&self, email: &str) -> UserId {
        self.store
            .credentials(email)
            .await
            .unwrap()
            .expect("test user")
            .user_id
    }

    /// The scope of the test user `email`, in `cite_id` as `role`.
    pub async fn scope(
        &self,
        email: &str,
        cite_id: CiteId,
        role: Role,
        partner_id: Option<PartnerId>,
    ) -> Scope {
        Scope::Cite {
            user_id: self.user_id(email).await,
            cite_id,
            role,
            partner_id,
        }
    }

    /// The first services Angers' coordinator finds, with no search.
    pub async fn services(&self) -> Vec<maillage_store::services::ServiceListRow> {
        let query = maillage_store::services::ServiceQuery {
            limit: 10,
            ..Default::default()
        };
        self.store
            .search_services(&self.coordinator().await, &query)
            .await
            .unwrap()
    }

    /// Angers' coordinator (`coord@angers.fr`).
    pub async fn coordinator(&self) -> Scope {
        self.scope("coord@angers.fr", self.angers, Role::Coordinateur, None)
            .await
    }

    /// The référent of `angers_partner` (`referent@angers.fr`).
    pub async fn referent(&self) -> Scope {
        self.scope(
            "referent@angers.fr",
            self.angers,
            Role::Referent,
            Some(self.angers_partner),
        )
        .await
    }

    /// A new partner of Angers with a référent who can sign in as `email`;
    /// gives the partner's id.
    pub async fn partner_with_referent(
        &self,
        name: &str,
        email: &str,
        sensitive: bool,
    ) -> PartnerId {
        self.partner_with(name, email, Role::Referent, sensitive)
            .await
    }

    /// A new partner of Angers whose one account, `email`, has `role`.
    pub async fn partner_with(
        &self,
        name: &str,
        email: &str,
        role: Role,
        sensitive: bool,
    ) -> PartnerId {
        let actor = Actor::system(chrono::Utc::now());
        let input = PartnerInput {
            name: name.into(),
            category: "associatif".into(),
            sensitive: sensitive.then(|| "on".to_owned()),
            ..PartnerInput::default()
        };
        let partner = self
            .store
            .create_partner(
                &actor,
                &self.coordinator().await,
                &input.validate().unwrap(),
            )
            .await
            .unwrap();
        let membership = NewMembership {
            cite_id: self.angers,
            role,
            partner_id: Some(partner),
        };
        let account = account_with_password(email, Some(membership), &password_hash().await);
        self.store.create_account(&actor, account).await.unwrap();
        partner
    }

    /// `person` proposed by Angers' référent to the tests' cohort on `today`;
    /// gives the person's and the referral's ids.
    pub async fn propose(
        &self,
        person: &ParticipantDraft,
        today: chrono::NaiveDate,
    ) -> (ParticipantId, ReferralId) {
        self.store
            .propose(
                &Actor::system(chrono::Utc::now()),
                &self.referent().await,
                self.cohort().await,
                person,
                None,
                today,
            )
            .await
            .unwrap()
    }

    /// `first_name last_name` proposed by Angers' référent without consent
    /// to share, and admitted by the coordinator today.
    pub async fn admitted(&self, first_name: &str, last_name: &str) -> ParticipantId {
        self.resident(first_name, last_name, None).await
    }

    /// The same, living in `qpv`, one of Angers' QPVs, or outside.
    pub async fn resident(
        &self,
        first_name: &str,
        last_name: &str,
        qpv: Option<QpvId>,
    ) -> ParticipantId {
        let today = maillage_store::conformance::today();
        let mut input = participant(first_name, last_name);
        let qpvs: Vec<QpvId> = qpv.into_iter().collect();
        if let Some(qpv) = qpv {
            input.residence = qpv.to_string();
        }
        let draft = input.validate(&qpvs, &[], today).unwrap();
        let (id, referral) = self.propose(&draft, today).await;
        let accept = maillage_store::participants::Decision::Accept { entry_date: today };
        self.store
            .decide_referral(
                &Actor::system(chrono::Utc::now()),
                &self.coordinator().await,
                referral,
                &accept,
                today,
            )
            .await
            .unwrap();
        id
    }

    /// Angers' first cohort, made when there is none yet: open from 2020 to
    /// the end of the ninth year ahead (planned dates lie within ten years),
    /// so any date of the tests is in it.
    pub async fn cohort(&self) -> CohortId {
        let coordinator = self.coordinator().await;
        if let Some(cohort) = self.store.cohorts(&coordinator).await.unwrap().first() {
            return cohort.id;
        }
        let input = CohortInput {
            name: "Cohorte des tests".into(),
            year: chrono::Utc::now().year().to_string(),
            target_size: "90".into(),
            intake_start: "2020-01-01".into(),
            intake_end: format!("{}-12-31", chrono::Utc::now().year() + 9),
            follow_up_months: String::new(),
        };
        self.store
            .create_cohort(
                &Actor::system(chrono::Utc::now()),
                &coordinator,
                &input
                    .validate(maillage_store::conformance::today())
                    .unwrap(),
            )
            .await
            .unwrap()
    }
}

/// A woman out of work living outside the QPVs, on the RSA: the answers of
/// the proposal form every test person starts from.
pub fn participant(first_name: &str, last_name: &str) -> ParticipantInput {
    ParticipantInput {
        first_name: first_name.into(),
        last_name: last_name.into(),
        birth_date: "1991-04-12".into(),
        sex: "f".into(),
        residence: "hors-qpv".into(),
        employment_status: "chomeur".into(),
        education: "isced_3_4".into(),
        rsa: "oui".into(),
        single_parent: "non".into(),
        rqth: "nsp".into(),
        ..ParticipantInput::default()
    }
}

//! Actions the tests start from, made through the store.

use maillage_domain::actions::ActionInput;
use maillage_domain::ids::ActionId;
use maillage_store::Actor;

use super::TestApp;

impl TestApp {
    /// `input`, validated, made an action of Angers by its coordinator.
    pub async fn action(&self, input: ActionInput) -> ActionId {
        let draft = input
            .validate(maillage_store::conformance::today())
            .unwrap();
        self.store
            .create_action(
                &Actor::system(chrono::Utc::now()),
                &self.coordinator().await,
                &draft,
            )
            .await
            .unwrap()
    }
}

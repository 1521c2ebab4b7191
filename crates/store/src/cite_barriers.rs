//! A Cité's barrier vocabulary (« freins de la Cité »): its words, and the
//! persons counted under each.

use async_trait::async_trait;
use maillage_domain::barriers::{BarrierWordDraft, Vocabulary};
use maillage_domain::ids::{BarrierWordId, CiteId};
use maillage_domain::Scope;

use crate::{Actor, StoreResult};

/// Distinct persons with a barrier, and those for whom it was lifted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PersonsLifted {
    pub identified: i64,
    /// Persons every barrier of whom under this word is lifted.
    pub lifted: i64,
}

/// A Cité's barriers counted by its words: persons, never barrier rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordCounts {
    /// Words with at least one person; the others count none.
    pub words: Vec<(BarrierWordId, PersonsLifted)>,
    /// Barriers whose thematic no word maps (« Autres freins »).
    pub others: PersonsLifted,
}

impl WordCounts {
    pub fn of(&self, id: BarrierWordId) -> PersonsLifted {
        self.words
            .iter()
            .find(|(word, _)| *word == id)
            .map(|(_, counts)| *counts)
            .unwrap_or_default()
    }
}

#[async_trait]
pub trait CiteBarrierStore {
    /// The Cité's words in its order, with their codes (any member of the
    /// Cité, the national team too).
    async fn barrier_words(&self, scope: &Scope, cite_id: CiteId) -> StoreResult<Vocabulary>;

    /// Adds a word at the end (coordinators of the Cité).
    async fn add_barrier_word(
        &self,
        actor: &Actor,
        scope: &Scope,
        word: &BarrierWordDraft,
    ) -> StoreResult<BarrierWordId>;

    /// Renames and re-maps a word; persons' barriers are untouched.
    async fn update_barrier_word(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: BarrierWordId,
        word: &BarrierWordDraft,
    ) -> StoreResult<()>;

    /// Moves a word one place up (`up`) or down; at an end, nothing moves.
    async fn move_barrier_word(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: BarrierWordId,
        up: bool,
    ) -> StoreResult<()>;

    /// Removes a word; persons' barriers keep their thematic and read under
    /// its own label again.
    async fn remove_barrier_word(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: BarrierWordId,
    ) -> StoreResult<()>;

    /// The Cité's persons by word, distinct per word (co-pilots and
    /// coordinators; masking happens where they are shown).
    async fn barriers_by_word(&self, scope: &Scope) -> StoreResult<WordCounts>;
}

use crate::{Backend, Db};
use maillage_domain::barriers::{BarrierWord, BarrierWordDraft, Vocabulary};
use maillage_domain::ids::{BarrierWordId, CiteId};
use maillage_store::async_trait;
use maillage_store::cite_barriers::{PersonsLifted, WordCounts};
use maillage_store::Actor;
use maillage_store::AuditEntry;
use maillage_store::CiteBarrierStore;
use maillage_store::Scope;
use maillage_store::StoreError;
use maillage_store::StoreResult;

/// A barrier `b` reads under a mapping `t` of its Cité when `t` names its
/// thematic or the thematic's whole category (`mobilite` covers
/// `mobilite--preparer-un-permis`).
const COVERS: &str = "t.cite_id = b.cite_id \
     AND (t.thematic = b.thematic OR b.thematic LIKE t.thematic || '--%')";

/// Per person and word, 1 when every barrier of theirs under it is lifted.
const ALL_LIFTED: &str = "MIN(CASE WHEN b.lifted_on IS NULL THEN 0 ELSE 1 END) AS all_lifted";

/// A Cité's words with their codes, in their order.
const VOCABULARY: &str = "SELECT w.id, w.label, t.thematic FROM barrier_words w \
     LEFT JOIN barrier_word_thematics t ON t.word_id = w.id \
     WHERE w.cite_id = $1 ORDER BY w.position, w.id, t.thematic";

fn vocabulary(rows: Vec<(BarrierWordId, String, Option<String>)>) -> Vocabulary {
    let mut words: Vec<BarrierWord> = Vec::new();
    for (id, label, thematic) in rows {
        if words.last().is_none_or(|w| w.id != id) {
            words.push(BarrierWord {
                id,
                label,
                thematics: Vec::new(),
            });
        }
        if let (Some(word), Some(thematic)) = (words.last_mut(), thematic) {
            word.thematics.push(thematic);
        }
    }
    Vocabulary(words)
}

impl Backend {
    /// Locks the Cité's vocabulary and checks `word` against it again: the
    /// form checked a copy read before, and two coordinators may save at
    /// once (a category and one of its thematics in two words).
    async fn recheck_word(
        tx: &mut sqlx::Transaction<'_, Db>,
        cite_id: CiteId,
        editing: Option<BarrierWordId>,
        word: &BarrierWordDraft,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE cites SET code = code WHERE id = $1")
            .bind(cite_id)
            .execute(&mut **tx)
            .await?;
        let rows = sqlx::query_as(VOCABULARY)
            .bind(cite_id)
            .fetch_all(&mut **tx)
            .await?;
        let input = maillage_domain::barriers::BarrierWordInput {
            label: word.label.clone(),
            thematics: word.thematics.iter().map(|t| (*t).to_owned()).collect(),
        };
        match input.validate(&vocabulary(rows), editing) {
            Ok(_) => Ok(()),
            Err(errors) => {
                let (field, message) = errors.iter().next().unwrap_or(("thematics", ""));
                Err(StoreError::Invalid {
                    field,
                    message: message.to_owned(),
                })
            }
        }
    }

    /// Replaces a word's codes inside the caller's transaction.
    async fn map_word(
        tx: &mut sqlx::Transaction<'_, Db>,
        cite_id: CiteId,
        id: BarrierWordId,
        word: &BarrierWordDraft,
    ) -> StoreResult<()> {
        sqlx::query("DELETE FROM barrier_word_thematics WHERE word_id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        for thematic in &word.thematics {
            sqlx::query(
                "INSERT INTO barrier_word_thematics (word_id, cite_id, thematic) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(cite_id)
            .bind(*thematic)
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    /// A word of the coordinator's Cité, or `NotFound`.
    async fn own_word(
        tx: &mut sqlx::Transaction<'_, Db>,
        cite_id: CiteId,
        id: BarrierWordId,
    ) -> StoreResult<(String, i64)> {
        sqlx::query_as("SELECT label, position FROM barrier_words WHERE id = $1 AND cite_id = $2")
            .bind(id)
            .bind(cite_id)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(StoreError::NotFound)
    }
}

fn audit(action: &'static str, id: BarrierWordId, cite_id: CiteId, label: &str) -> AuditEntry {
    AuditEntry::new(action, "barrier_word", Some(id), Some(cite_id)).detail(label.to_owned())
}

#[async_trait]
impl CiteBarrierStore for Backend {
    async fn barrier_words(&self, scope: &Scope, cite_id: CiteId) -> StoreResult<Vocabulary> {
        if !scope.can_view_cite(cite_id) {
            return Err(StoreError::NotFound);
        }
        let rows = sqlx::query_as(VOCABULARY)
            .bind(cite_id)
            .fetch_all(self.reader())
            .await?;
        Ok(vocabulary(rows))
    }

    async fn add_barrier_word(
        &self,
        actor: &Actor,
        scope: &Scope,
        word: &BarrierWordDraft,
    ) -> StoreResult<BarrierWordId> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        Self::recheck_word(&mut tx, cite_id, None, word).await?;
        let id: BarrierWordId = sqlx::query_scalar(
            "INSERT INTO barrier_words (cite_id, label, label_key, position) \
             SELECT $1, $2, $3, COALESCE(MAX(position), 0) + 1 FROM barrier_words WHERE cite_id = $1 \
             RETURNING id",
        )
        .bind(cite_id)
        .bind(&word.label)
        .bind(maillage_domain::text::fold(&word.label))
        .fetch_one(&mut *tx)
        .await?;
        Self::map_word(&mut tx, cite_id, id, word).await?;
        let entry = audit("cite.barriers.create", id, cite_id, &word.label);
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(id)
    }

    async fn update_barrier_word(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: BarrierWordId,
        word: &BarrierWordDraft,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        Self::own_word(&mut tx, cite_id, id).await?;
        Self::recheck_word(&mut tx, cite_id, Some(id), word).await?;
        sqlx::query("UPDATE barrier_words SET label = $1, label_key = $2 WHERE id = $3")
            .bind(&word.label)
            .bind(maillage_domain::text::fold(&word.label))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        Self::map_word(&mut tx, cite_id, id, word).await?;
        let entry = audit("cite.barriers.update", id, cite_id, &word.label);
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn move_barrier_word(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: BarrierWordId,
        up: bool,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let (label, position) = Self::own_word(&mut tx, cite_id, id).await?;
        let neighbour: Option<(BarrierWordId, i64)> = sqlx::query_as(if up {
            "SELECT id, position FROM barrier_words WHERE cite_id = $1 AND position < $2 \
             ORDER BY position DESC LIMIT 1"
        } else {
            "SELECT id, position FROM barrier_words WHERE cite_id = $1 AND position > $2 \
             ORDER BY position LIMIT 1"
        })
        .bind(cite_id)
        .bind(position)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((other, other_position)) = neighbour else {
            return Ok(());
        };
        for (word, to) in [(id, other_position), (other, position)] {
            sqlx::query("UPDATE barrier_words SET position = $1 WHERE id = $2")
                .bind(to)
                .bind(word)
                .execute(&mut *tx)
                .await?;
        }
        let entry = audit("cite.barriers.move", id, cite_id, &label);
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn remove_barrier_word(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: BarrierWordId,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let (label, _) = Self::own_word(&mut tx, cite_id, id).await?;
        sqlx::query("DELETE FROM barrier_word_thematics WHERE word_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM barrier_words WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let entry = audit("cite.barriers.delete", id, cite_id, &label);
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn barriers_by_word(&self, scope: &Scope) -> StoreResult<WordCounts> {
        use maillage_domain::accounts::Role;
        let cite_id = crate::sql::member_cite(scope)?;
        if !matches!(scope.role(), Role::Pilote | Role::Coordinateur) {
            return Err(StoreError::Forbidden);
        }
        // Persons, not barrier rows: grouped per word and person first, so
        // someone with two thematics of one word counts once.
        let words_sql = format!(
            "SELECT word_id, COUNT(*), SUM(all_lifted) FROM ( \
               SELECT t.word_id, b.participant_id, {ALL_LIFTED} \
               FROM barriers b JOIN barrier_word_thematics t ON {COVERS} \
               WHERE b.cite_id = $1 GROUP BY t.word_id, b.participant_id \
             ) per_person GROUP BY word_id"
        );
        let others_sql = format!(
            "SELECT COUNT(*), COALESCE(SUM(all_lifted), 0) FROM ( \
               SELECT b.participant_id, {ALL_LIFTED} FROM barriers b \
               WHERE b.cite_id = $1 \
               AND NOT EXISTS (SELECT 1 FROM barrier_word_thematics t WHERE {COVERS}) \
               GROUP BY b.participant_id \
             ) per_person"
        );
        let words = sqlx::query_as::<_, (BarrierWordId, i64, i64)>(&words_sql)
            .bind(cite_id)
            .fetch_all(self.reader());
        let others = sqlx::query_as::<_, (i64, i64)>(&others_sql)
            .bind(cite_id)
            .fetch_one(self.reader());
        let (words, (identified, lifted)) = tokio::try_join!(words, others)?;
        Ok(WordCounts {
            words: words
                .into_iter()
                .map(|(id, identified, lifted)| (id, PersonsLifted { identified, lifted }))
                .collect(),
            others: PersonsLifted { identified, lifted },
        })
    }
}

//! A meeting's agenda (see `maillage_store::agenda`): read like the
//! meeting, written by its Cité's coordinators while it is not frozen.

use crate::{Backend, Db};
use maillage_domain::documents::OwnerKind;
use maillage_domain::governance::agenda::agenda_frozen;
use maillage_domain::governance::{AgendaItemDraft, Direction};
use maillage_domain::ids::{AgendaItemId, CiteId, MeetingId};
use maillage_store::agenda::AgendaItemRow;
use maillage_store::async_trait;
use maillage_store::documents::DocumentRow;
use maillage_store::{Actor, AgendaStore, AuditEntry, Scope, StoreError, StoreResult};

use super::administered_cite;
use super::calls::refused;
use super::governance::governance_reader;

const ITEM_SELECT: &str =
    "SELECT id, meeting_id, cite_id, position, title, description FROM agenda_items";

fn audit(action: &'static str, row: &AgendaItemRow, more: &str) -> AuditEntry {
    AuditEntry::new(action, "agenda_item", Some(row.id), Some(row.cite_id)).detail(format!(
        "séance n° {} : {}{more}",
        row.meeting_id, row.title
    ))
}

impl Backend {
    /// The meeting of the coordinator's Cité, locked, if its agenda takes
    /// changes; its calendar sequence moves on, since its `.ics` lists the
    /// agenda.
    async fn lock_agenda(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        cite_id: CiteId,
        meeting: MeetingId,
    ) -> StoreResult<()> {
        let (cancelled, published): (bool, bool) = sqlx::query_as(
            "UPDATE meetings SET sequence = sequence + 1, updated_at = $1
             WHERE id = $2 AND cite_id = $3
             RETURNING cancelled, minutes_published_revision IS NOT NULL",
        )
        .bind(actor.at)
        .bind(meeting)
        .bind(cite_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        match agenda_frozen(cancelled, published) {
            Some(reason) => Err(refused("meeting", reason)),
            None => Ok(()),
        }
    }

    /// The coordinator's item, its meeting locked for a change.
    async fn lock_agenda_item(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        scope: &Scope,
        id: AgendaItemId,
    ) -> StoreResult<AgendaItemRow> {
        let cite_id = administered_cite(scope)?;
        let row: AgendaItemRow =
            sqlx::query_as(&format!("{ITEM_SELECT} WHERE id = $1 AND cite_id = $2"))
                .bind(id)
                .bind(cite_id)
                .fetch_optional(&mut **tx)
                .await?
                .ok_or(StoreError::NotFound)?;
        Self::lock_agenda(tx, actor, cite_id, row.meeting_id).await?;
        Ok(row)
    }
}

#[async_trait]
impl AgendaStore for Backend {
    async fn add_agenda_item(
        &self,
        actor: &Actor,
        scope: &Scope,
        meeting: MeetingId,
        draft: &AgendaItemDraft,
    ) -> StoreResult<AgendaItemId> {
        let cite_id = administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        Self::lock_agenda(&mut tx, actor, cite_id, meeting).await?;
        // The meeting is locked: no other item takes the same position.
        let row: AgendaItemRow = sqlx::query_as(
            "INSERT INTO agenda_items (meeting_id, cite_id, position, title, description,
                                       created_by, created_at, updated_at)
             VALUES ($1, $2,
                     (SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items
                      WHERE meeting_id = $1),
                     $3, $4, $5, $6, $6)
             RETURNING id, meeting_id, cite_id, position, title, description",
        )
        .bind(meeting)
        .bind(cite_id)
        .bind(&draft.title)
        .bind(&draft.description)
        .bind(actor.user_id)
        .bind(actor.at)
        .fetch_one(&mut *tx)
        .await?;
        Self::commit_audited(tx, actor, &audit("agenda_item.add", &row, "")).await?;
        Ok(row.id)
    }

    async fn agenda(&self, scope: &Scope, meeting: MeetingId) -> StoreResult<Vec<AgendaItemRow>> {
        let reader = governance_reader(scope)?;
        // Through the meeting: another Cité's is NotFound, not empty.
        self.visible_meeting(&reader, meeting).await?;
        Ok(sqlx::query_as(&format!(
            "{ITEM_SELECT} WHERE meeting_id = $1 AND cite_id = $2 ORDER BY position, id"
        ))
        .bind(meeting)
        .bind(reader.cite_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn agenda_documents(
        &self,
        scope: &Scope,
        meeting: MeetingId,
    ) -> StoreResult<Vec<DocumentRow>> {
        // The documents' own rule for an agenda item is the meeting's
        // readers, as here.
        let reader = governance_reader(scope)?;
        self.visible_meeting(&reader, meeting).await?;
        Ok(sqlx::query_as(
            "SELECT d.id, d.cite_id, d.owner_kind, d.owner_id, d.name, d.label, d.kind, d.size,
                    d.sha256, d.uploaded_at
             FROM documents d JOIN agenda_items a ON a.id = d.owner_id
             WHERE d.owner_kind = $1 AND a.meeting_id = $2 AND a.cite_id = $3
             ORDER BY a.position, a.id, d.id",
        )
        .bind(OwnerKind::AgendaItem)
        .bind(meeting)
        .bind(reader.cite_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn agenda_item(&self, scope: &Scope, id: AgendaItemId) -> StoreResult<AgendaItemRow> {
        let reader = governance_reader(scope)?;
        let item: AgendaItemRow =
            sqlx::query_as(&format!("{ITEM_SELECT} WHERE id = $1 AND cite_id = $2"))
                .bind(id)
                .bind(reader.cite_id)
                .fetch_optional(self.reader())
                .await?
                .ok_or(StoreError::NotFound)?;
        // A porteur reads the items of its committees' meetings only.
        self.visible_meeting(&reader, item.meeting_id).await?;
        Ok(item)
    }

    async fn update_agenda_item(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: AgendaItemId,
        draft: &AgendaItemDraft,
    ) -> StoreResult<MeetingId> {
        let mut tx = self.begin_write().await?;
        let mut row = Self::lock_agenda_item(&mut tx, actor, scope, id).await?;
        sqlx::query(
            "UPDATE agenda_items SET title = $1, description = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(&draft.title)
        .bind(&draft.description)
        .bind(actor.at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        row.title.clone_from(&draft.title);
        Self::commit_audited(tx, actor, &audit("agenda_item.update", &row, "")).await?;
        Ok(row.meeting_id)
    }

    async fn move_agenda_item(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: AgendaItemId,
        direction: Direction,
    ) -> StoreResult<MeetingId> {
        let mut tx = self.begin_write().await?;
        let row = Self::lock_agenda_item(&mut tx, actor, scope, id).await?;
        // Positions are distinct: each is taken under the meeting's lock.
        let sql = match direction {
            Direction::Up => {
                "SELECT id, position FROM agenda_items WHERE meeting_id = $1 AND position < $2
                 ORDER BY position DESC LIMIT 1"
            }
            Direction::Down => {
                "SELECT id, position FROM agenda_items WHERE meeting_id = $1 AND position > $2
                 ORDER BY position LIMIT 1"
            }
        };
        let neighbour: Option<(AgendaItemId, i32)> = sqlx::query_as(sql)
            .bind(row.meeting_id)
            .bind(row.position)
            .fetch_optional(&mut *tx)
            .await?;
        let Some((other, other_position)) = neighbour else {
            return Ok(row.meeting_id);
        };
        for (item, position) in [(id, other_position), (other, row.position)] {
            sqlx::query("UPDATE agenda_items SET position = $1, updated_at = $2 WHERE id = $3")
                .bind(position)
                .bind(actor.at)
                .bind(item)
                .execute(&mut *tx)
                .await?;
        }
        let moved = match direction {
            Direction::Up => " (monté)",
            Direction::Down => " (descendu)",
        };
        Self::commit_audited(tx, actor, &audit("agenda_item.move", &row, moved)).await?;
        Ok(row.meeting_id)
    }

    async fn remove_agenda_item(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: AgendaItemId,
    ) -> StoreResult<AgendaItemRow> {
        let mut tx = self.begin_write().await?;
        let row = Self::lock_agenda_item(&mut tx, actor, scope, id).await?;
        let attachments =
            sqlx::query("DELETE FROM documents WHERE owner_kind = $1 AND owner_id = $2")
                .bind(OwnerKind::AgendaItem)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        sqlx::query("DELETE FROM agenda_items WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let entry = audit(
            "agenda_item.remove",
            &row,
            &format!(" ({attachments} pièce(s) jointe(s) retirée(s))"),
        );
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(row)
    }
}

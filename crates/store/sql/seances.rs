//! Collective sessions of an action (*séances collectives*), shared SQL: the
//! persons linked are checked against the visibility predicate, and links to
//! persons the user does not see are neither shown nor touched.

use super::participants::Viewer;
use crate::{Backend, Db};
use maillage_domain::actions::SeanceDraft;
use maillage_domain::ids::{ActionId, CiteId, ParticipantId, SeanceId};
use maillage_store::actions::LinkedPerson;
use maillage_store::actions::SeanceRow;
use maillage_store::ActionStore;
use maillage_store::Actor;
use maillage_store::AuditEntry;
use maillage_store::Scope;
use maillage_store::StoreError;
use maillage_store::StoreResult;
use sqlx::QueryBuilder;

impl Backend {
    pub(crate) async fn insert_seance(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        cite_id: CiteId,
        action_id: ActionId,
        seance: &SeanceDraft,
    ) -> StoreResult<SeanceId> {
        let id: SeanceId = sqlx::query_scalar(
            "INSERT INTO action_sessions (action_id, kind, held_on, place, anonymous_count, created_at) \
             SELECT id, $1, $2, $3, $4, $5 FROM actions WHERE id = $6 AND cite_id = $7 RETURNING id",
        )
        .bind(seance.kind)
        .bind(seance.held_on)
        .bind(&seance.place)
        .bind(seance.anonymous_count)
        .bind(actor.at)
        .bind(action_id)
        .bind(cite_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let entry = AuditEntry::new(
            "action.session.create",
            "action_session",
            Some(id),
            Some(cite_id),
        );
        Self::write_audit(tx, actor, &entry).await?;
        Ok(id)
    }

    /// Links persons the scope sees to a session, each change audited on their file.
    pub(crate) async fn link_persons(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        scope: &Scope,
        seance_id: SeanceId,
        participant_ids: &[ParticipantId],
    ) -> StoreResult<()> {
        for participant_id in participant_ids {
            let file = match Self::visible_participant(tx, scope, *participant_id).await {
                Err(StoreError::NotFound) => return Err(crate::sql::actions::bad_linked_person()),
                other => other?,
            };
            let added = sqlx::query(
                "INSERT INTO action_session_participants (session_id, participant_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(seance_id)
            .bind(file.id)
            .execute(&mut **tx)
            .await?;
            if added.rows_affected() > 0 {
                Self::touch_file(
                    tx,
                    actor,
                    &file,
                    "action.session.link",
                    "action_session",
                    Some(seance_id),
                )
                .await?;
            }
        }
        Ok(())
    }

    pub(crate) async fn rewrite_seance(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        scope: &Scope,
        seance_id: SeanceId,
        seance: &SeanceDraft,
    ) -> StoreResult<()> {
        let viewer = Viewer::of(scope)?;
        let cite_id = viewer.cite_id;
        let done = sqlx::query(
            "UPDATE action_sessions SET kind = $1, held_on = $2, place = $3, anonymous_count = $4 \
             WHERE id = $5 AND action_id IN (SELECT id FROM actions WHERE cite_id = $6)",
        )
        .bind(seance.kind)
        .bind(seance.held_on)
        .bind(&seance.place)
        .bind(seance.anonymous_count)
        .bind(seance_id)
        .bind(cite_id)
        .execute(&mut **tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let mut query = QueryBuilder::new(
            "SELECT p.id
             FROM action_session_participants sp
             JOIN participants p ON p.id = sp.participant_id
             WHERE sp.session_id = ",
        );
        query.push_bind(seance_id).push(" AND ");
        viewer.push_visible(&mut query);
        let visible: Vec<ParticipantId> = query.build_query_scalar().fetch_all(&mut **tx).await?;
        for removed in visible
            .iter()
            .filter(|id| !seance.participant_ids.contains(id))
        {
            sqlx::query("DELETE FROM action_session_participants WHERE session_id = $1 AND participant_id = $2")
                .bind(seance_id)
                .bind(removed)
                .execute(&mut **tx)
                .await?;
            Self::touch_person(
                tx,
                actor,
                cite_id,
                *removed,
                "action.session.unlink",
                "action_session",
                Some(seance_id),
            )
            .await?;
        }
        Self::link_persons(tx, actor, scope, seance_id, &seance.participant_ids).await?;
        let entry = AuditEntry::new(
            "action.session.update",
            "action_session",
            Some(seance_id),
            Some(cite_id),
        );
        Self::write_audit(tx, actor, &entry).await
    }

    pub(crate) async fn list_seances(
        &self,
        scope: &Scope,
        action_id: ActionId,
    ) -> StoreResult<Vec<SeanceRow>> {
        let action = ActionStore::action(self, scope, action_id).await?;
        let mut seances: Vec<SeanceRow> = sqlx::query_as(
            "SELECT s.id, s.action_id, s.kind, s.held_on, s.place, s.anonymous_count, \
             (SELECT COUNT(*) FROM action_session_participants sp WHERE sp.session_id = s.id) AS linked \
             FROM action_sessions s WHERE s.action_id = $1 ORDER BY s.held_on DESC, s.id DESC",
        )
        .bind(action.id)
        .fetch_all(self.reader())
        .await?;
        // Co-pilots and porteurs see the counts only.
        let Ok(viewer) = Viewer::of(scope) else {
            return Ok(seances);
        };
        let mut query = QueryBuilder::new(
            "SELECT sp.session_id AS seance_id, p.id AS participant_id, p.first_name, p.last_name
             FROM action_session_participants sp
             JOIN action_sessions s ON s.id = sp.session_id
             JOIN participants p ON p.id = sp.participant_id
             WHERE s.action_id = ",
        );
        query.push_bind(action.id).push(" AND ");
        viewer.push_visible(&mut query);
        query.push(" ORDER BY p.sort_key, p.id");
        let persons: Vec<LinkedPerson> = query.build_query_as().fetch_all(self.reader()).await?;
        for seance in &mut seances {
            seance.persons = persons
                .iter()
                .filter(|p| p.seance_id == seance.id)
                .cloned()
                .collect();
        }
        Ok(seances)
    }
}

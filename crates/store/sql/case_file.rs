use crate::{Backend, Db};
use maillage_domain::ids::{AuditId, BarrierId, CiteId, NoteId, ParticipantId, StepId};
use maillage_domain::participants::outcomes::Checkpoint;
use maillage_domain::participants::outcomes::Outcome;
use maillage_domain::participants::person::ParticipantStatus;
use maillage_store::async_trait;
use maillage_store::case_file::AccessLog;
use maillage_store::case_file::AccessPage;
use maillage_store::case_file::AccessRow;
use maillage_store::case_file::CaseFile;
use maillage_store::case_file::ConsentPartnerRow;
use maillage_store::case_file::NewStep;
use maillage_store::case_file::FILE_ACCESSES;
use maillage_store::participants::ParticipantRow;
use maillage_store::Actor;
use maillage_store::AuditEntry;
use maillage_store::CaseFileStore;
use maillage_store::ParticipantStore;
use maillage_store::Scope;
use maillage_store::StoreError;
use maillage_store::StoreResult;

impl Backend {
    /// Lines of a file's access log up to line `until`, newest first.
    pub(crate) async fn accesses(
        db: &mut <Db as sqlx::Database>::Connection,
        person_id: ParticipantId,
        until: AuditId,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<AccessRow>> {
        Ok(sqlx::query_as(
            "SELECT a.at, u.name AS user_name, a.organisation, a.action FROM audit_log a \
             LEFT JOIN users u ON u.id = a.user_id WHERE a.person_id = $1 AND a.id <= $2 \
             ORDER BY a.id DESC LIMIT $3 OFFSET $4",
        )
        .bind(person_id)
        .bind(until)
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *db)
        .await?)
    }

    /// Records a change to a file: its audit row and its last activity.
    pub(crate) async fn touch_file(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        file: &ParticipantRow,
        action: &'static str,
        entity: &'static str,
        entity_id: Option<impl Into<i64>>,
    ) -> StoreResult<()> {
        Self::touch_person(tx, actor, file.cite_id, file.id, action, entity, entity_id).await
    }

    /// [`Self::touch_file`], then commits: a file's change is never kept
    /// without its trace.
    pub(crate) async fn commit_touched(
        mut tx: sqlx::Transaction<'_, Db>,
        actor: &Actor,
        file: &ParticipantRow,
        action: &'static str,
        entity: &'static str,
        entity_id: Option<impl Into<i64>>,
    ) -> StoreResult<()> {
        Self::touch_file(&mut tx, actor, file, action, entity, entity_id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A change to person `person_id`'s file: its last activity, and
    /// the audit row naming the person.
    pub(crate) async fn touch_person(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        cite_id: CiteId,
        person_id: ParticipantId,
        action: &'static str,
        entity: &'static str,
        entity_id: Option<impl Into<i64>>,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE participants SET last_activity_at = $1 WHERE id = $2")
            .bind(actor.at)
            .bind(person_id)
            .execute(&mut **tx)
            .await?;
        let mut entry = AuditEntry::new(action, entity, entity_id, Some(cite_id));
        entry.person_id = Some(person_id);
        Self::write_audit(tx, actor, &entry).await
    }
}

#[async_trait]
impl CaseFileStore for Backend {
    async fn case_file(
        &self,
        actor: &Actor,
        scope: &Scope,
        participant_id: ParticipantId,
    ) -> StoreResult<CaseFile> {
        // Read through the audited read, then the rest of the file.
        let participant = ParticipantStore::participant(self, actor, scope, participant_id).await?;
        let id = participant.id;
        // One connection for the nine lists: a pool checkout each would
        // cost more than some of the queries.
        let mut conn = self.reader().acquire().await?;
        let db = &mut *conn;
        let barriers = sqlx::query_as(
            "SELECT id, thematic, identified_on, comment, lifted_on, lifted_by_step_id FROM barriers \
             WHERE participant_id = $1 ORDER BY lifted_on IS NOT NULL, identified_on, id",
        )
        .bind(id)
        .fetch_all(&mut *db)
        .await?;
        let steps = sqlx::query_as(
            "SELECT s.id, s.label, s.service_id, s.action_id, s.partner_id, p.name AS partner_name, \
             p.sensitive AS partner_sensitive, s.planned_on, s.started_on, s.ended_on, s.status, s.result \
             FROM steps s LEFT JOIN partners p ON p.id = s.partner_id \
             WHERE s.participant_id = $1 \
             ORDER BY COALESCE(s.started_on, s.planned_on, s.ended_on) DESC NULLS LAST, s.id DESC",
        )
        .bind(id)
        .fetch_all(&mut *db)
        .await?;
        let outcomes = sqlx::query_as(
            "SELECT checkpoint, outcome, recorded_on FROM outcomes WHERE participant_id = $1 ORDER BY recorded_on",
        )
        .bind(id)
        .fetch_all(&mut *db)
        .await?;
        let notes = sqlx::query_as(
            "SELECT n.id, u.name AS author_name, p.name AS partner_name, n.private, n.body, n.created_at \
             FROM notes n JOIN users u ON u.id = n.author_id LEFT JOIN partners p ON p.id = n.partner_id \
             WHERE n.participant_id = $1 AND (n.private = FALSE OR n.partner_id IS NOT DISTINCT FROM $2) \
             ORDER BY n.created_at DESC, n.id DESC",
        )
        .bind(id)
        .bind(scope.partner_id())
        .fetch_all(&mut *db)
        .await?;
        // Each consent with the partners it covers, in one round trip.
        let consents = sqlx::query_as(
            "SELECT c.id, c.given_on, c.method, c.withdrawn_at, cp.partner_id FROM consents c \
             LEFT JOIN consent_partners cp ON cp.consent_id = c.id \
             WHERE c.participant_id = $1 ORDER BY c.given_on DESC, c.id DESC, cp.partner_id",
        )
        .bind(id)
        .fetch_all(&mut *db)
        .await?;
        let consents = ConsentPartnerRow::fold(consents);
        let shared_with = sqlx::query_scalar(
            "SELECT partner_id FROM participant_shares WHERE participant_id = $1",
        )
        .bind(id)
        .fetch_all(&mut *db)
        .await?;
        // One line more than shown tells whether older ones exist.
        let mut accesses =
            Self::accesses(db, id, AuditId::new(i64::MAX), FILE_ACCESSES + 1, 0).await?;
        let more_accesses = accesses.len() as i64 > FILE_ACCESSES;
        accesses.truncate(FILE_ACCESSES as usize);
        let case_reviews = Self::file_case_reviews(db, id).await?;
        Ok(CaseFile {
            participant,
            barriers,
            steps,
            outcomes,
            notes,
            consents,
            shared_with,
            accesses,
            more_accesses,
            case_reviews,
        })
    }

    async fn access_log(
        &self,
        actor: &Actor,
        scope: &Scope,
        participant_id: ParticipantId,
        page: AccessPage,
    ) -> StoreResult<AccessLog> {
        let participant = ParticipantStore::participant(self, actor, scope, participant_id).await?;
        let mut conn = self.reader().acquire().await?;
        let db = &mut *conn;
        // This read's own line is committed: the first page starts with it.
        let until: AuditId = match page.until {
            Some(until) => until,
            None => {
                sqlx::query_scalar(
                    "SELECT COALESCE(MAX(id), 0) FROM audit_log WHERE person_id = $1",
                )
                .bind(participant.id)
                .fetch_one(&mut *db)
                .await?
            }
        };
        let total: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE person_id = $1 AND id <= $2")
                .bind(participant.id)
                .bind(until)
                .fetch_one(&mut *db)
                .await?;
        let per_page = page.per_page.max(1);
        let last = ((total + per_page - 1) / per_page).max(1);
        let shown = page.page.clamp(1, last);
        let rows =
            Self::accesses(db, participant.id, until, per_page, (shown - 1) * per_page).await?;
        Ok(AccessLog {
            participant,
            rows,
            total,
            page: shown,
            until,
        })
    }

    async fn add_barrier(
        &self,
        actor: &Actor,
        scope: &Scope,
        participant_id: ParticipantId,
        thematic: &str,
        identified_on: chrono::NaiveDate,
        comment: Option<&str>,
    ) -> StoreResult<BarrierId> {
        let mut tx = self.begin_write().await?;
        let file = Self::visible_participant(&mut tx, scope, participant_id).await?;
        let id: BarrierId = sqlx::query_scalar(
            "INSERT INTO barriers (participant_id, cite_id, thematic, identified_on, comment) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(file.id)
        .bind(file.cite_id)
        .bind(thematic)
        .bind(identified_on)
        .bind(comment)
        .fetch_one(&mut *tx)
        .await?;
        Self::commit_touched(tx, actor, &file, "barrier.create", "barrier", Some(id)).await?;
        Ok(id)
    }

    async fn lift_barrier(
        &self,
        actor: &Actor,
        scope: &Scope,
        participant_id: ParticipantId,
        barrier_id: BarrierId,
        lifted_on: chrono::NaiveDate,
        step_id: Option<StepId>,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let file = Self::visible_participant(&mut tx, scope, participant_id).await?;
        if let Some(step_id) = step_id {
            let found: Option<StepId> =
                sqlx::query_scalar("SELECT id FROM steps WHERE id = $1 AND participant_id = $2")
                    .bind(step_id)
                    .bind(file.id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if found.is_none() {
                return Err(crate::sql::participants::invalid(
                    "step_id",
                    "Choisissez une étape du parcours de la personne.",
                ));
            }
        }
        let identified_on: chrono::NaiveDate = sqlx::query_scalar(
            "SELECT identified_on FROM barriers WHERE id = $1 AND participant_id = $2",
        )
        .bind(barrier_id)
        .bind(file.id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        if lifted_on < identified_on {
            return Err(crate::sql::participants::invalid(
                "lifted_on",
                "Le frein ne peut pas être levé avant d'avoir été identifié.",
            ));
        }
        sqlx::query("UPDATE barriers SET lifted_on = $1, lifted_by_step_id = $2 WHERE id = $3")
            .bind(lifted_on)
            .bind(step_id)
            .bind(barrier_id)
            .execute(&mut *tx)
            .await?;
        Self::commit_touched(
            tx,
            actor,
            &file,
            "barrier.lift",
            "barrier",
            Some(barrier_id),
        )
        .await
    }

    async fn add_step(
        &self,
        actor: &Actor,
        scope: &Scope,
        participant_id: ParticipantId,
        step: &NewStep,
    ) -> StoreResult<StepId> {
        let mut tx = self.begin_write().await?;
        let file = Self::visible_participant(&mut tx, scope, participant_id).await?;
        let id: StepId = sqlx::query_scalar(
            "INSERT INTO steps (participant_id, service_id, label, partner_id, planned_on, started_on, ended_on, \
             status, result, created_by, created_at) \
             SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 \
             WHERE ($4 IS NULL OR EXISTS (SELECT 1 FROM partners WHERE id = $4 AND cite_id = $12)) \
             AND ($2 IS NULL OR EXISTS (SELECT 1 FROM services WHERE id = $2 AND cite_id = $12 AND archived_at IS NULL)) \
             RETURNING id",
        )
        .bind(file.id)
        .bind(step.service_id)
        .bind(&step.label)
        .bind(step.partner_id)
        .bind(step.planned_on)
        .bind(step.started_on)
        .bind(step.ended_on)
        .bind(step.status)
        .bind(&step.result)
        .bind(scope.user_id())
        .bind(actor.at)
        .bind(file.cite_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| crate::sql::participants::invalid("partner_id", "Choisissez un partenaire et une offre de la Cité."))?;
        Self::commit_touched(tx, actor, &file, "step.create", "step", Some(id)).await?;
        Ok(id)
    }

    async fn record_outcome(
        &self,
        actor: &Actor,
        scope: &Scope,
        participant_id: ParticipantId,
        checkpoint: Checkpoint,
        outcome: Outcome,
        recorded_on: chrono::NaiveDate,
    ) -> StoreResult<()> {
        use maillage_domain::participants::outcomes::Checkpoint;
        let mut tx = self.begin_write().await?;
        let file = Self::visible_participant(&mut tx, scope, participant_id).await?;
        if matches!(
            file.status,
            ParticipantStatus::Proposed | ParticipantStatus::NotAdmitted
        ) {
            return Err(crate::sql::participants::invalid(
                "checkpoint",
                "La personne n'est pas encore entrée dans la cohorte.",
            ));
        }
        let after_exit = matches!(checkpoint, Checkpoint::SixMonths | Checkpoint::TwelveMonths);
        if after_exit && file.exit_date.is_none() {
            return Err(crate::sql::participants::invalid(
                "checkpoint",
                "Enregistrez d'abord la situation à la sortie.",
            ));
        }
        // A situation is dated within the follow-up: not before the entry, and
        // the later checks not before the exit.
        let earliest = if after_exit {
            file.exit_date
        } else {
            file.entry_date
        };
        if earliest.is_some_and(|earliest| recorded_on < earliest) {
            return Err(crate::sql::participants::invalid(
                "recorded_on",
                if after_exit {
                    "Cette situation ne peut pas précéder la sortie."
                } else {
                    "Cette situation ne peut pas précéder l'entrée."
                },
            ));
        }
        sqlx::query(
            "INSERT INTO outcomes (participant_id, checkpoint, outcome, recorded_on, recorded_by, cite_id) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (participant_id, checkpoint) DO UPDATE SET outcome = excluded.outcome, \
             recorded_on = excluded.recorded_on, recorded_by = excluded.recorded_by",
        )
        .bind(file.id)
        .bind(checkpoint)
        .bind(outcome)
        .bind(recorded_on)
        .bind(scope.user_id())
        .bind(file.cite_id)
        .execute(&mut *tx)
        .await?;
        if checkpoint == Checkpoint::Exit {
            sqlx::query("UPDATE participants SET status = 'exited', exit_date = $1 WHERE id = $2")
                .bind(recorded_on)
                .bind(file.id)
                .execute(&mut *tx)
                .await?;
        }
        Self::commit_touched(tx, actor, &file, "outcome.record", "outcome", None::<i64>).await
    }

    async fn add_note(
        &self,
        actor: &Actor,
        scope: &Scope,
        participant_id: ParticipantId,
        body: &str,
        private: bool,
    ) -> StoreResult<NoteId> {
        let mut tx = self.begin_write().await?;
        let file = Self::visible_participant(&mut tx, scope, participant_id).await?;
        let id: NoteId = sqlx::query_scalar(
            "INSERT INTO notes (participant_id, author_id, partner_id, private, body, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(file.id)
        .bind(scope.user_id())
        .bind(scope.partner_id())
        .bind(private)
        .bind(body)
        .bind(actor.at)
        .fetch_one(&mut *tx)
        .await?;
        Self::commit_touched(tx, actor, &file, "note.create", "note", Some(id)).await?;
        Ok(id)
    }
}

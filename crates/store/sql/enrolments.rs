//! Places and waiting lists, shared SQL. Every change locks the action's row
//! first (`UPDATE actions … RETURNING`): on PostgreSQL concurrent enrolments
//! queue on that lock, so none sees a place another is taking; SQLite has a
//! single writer anyway, where the same statement is a no-op lock.

use super::participants::Viewer;
use crate::{Backend, Db};
use sqlx::QueryBuilder;

use chrono::NaiveDate;
use maillage_domain::actions::ActionStatus;
use maillage_domain::actions::Candidate;
use maillage_domain::actions::EnrolmentDraft;
use maillage_domain::actions::EnrolmentStatus;
use maillage_domain::actions::PriorityRule;
use maillage_domain::actions::Ranked;
use maillage_domain::ids::{ActionId, CiteId, EnrolmentId, ParticipantId, PartnerId, StepId};
use maillage_domain::participants::pathway::StepStatus;
use maillage_domain::participants::person::Answer;
use maillage_store::actions::Enrolled;
use maillage_store::actions::EnrolmentRow;
use maillage_store::actions::Enrolments;
use maillage_store::actions::WaitingRow;
use maillage_store::ActionStore;
use maillage_store::Actor;
use maillage_store::Scope;
use maillage_store::StoreError;
use maillage_store::StoreResult;

/// The action as its lock returns it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LockedAction {
    pub id: ActionId,
    pub title: String,
    pub carrier_partner_id: Option<PartnerId>,
    pub starts_on: NaiveDate,
    pub status: String,
    pub capacity: Option<i32>,
    pub priority_rule: PriorityRule,
}

impl LockedAction {
    /// A place taken in a running action starts the step today; otherwise
    /// the step is planned for the action's start.
    pub fn step_on_placement(&self, today: NaiveDate) -> (StepStatus, Option<NaiveDate>) {
        if self.status == ActionStatus::Running.code() && self.starts_on <= today {
            (StepStatus::InProgress, Some(today))
        } else {
            (StepStatus::Planned, None)
        }
    }

    /// Enrolments are closed once the action is over or cancelled.
    pub fn is_closed(&self) -> bool {
        self.status == ActionStatus::Done.code() || self.status == ActionStatus::Cancelled.code()
    }
}

/// A person's file changed by a place given or released, to touch once
/// every row of the action is written.
#[derive(Debug, Clone, Copy)]
pub struct Touch {
    pub person_id: ParticipantId,
    pub action: &'static str,
    pub enrolment_id: EnrolmentId,
}

/// What a step says while the person waits.
pub const WAITING_RESULT: &str = "En liste d'attente";

impl Backend {
    /// Locks the action's row for the rest of the transaction.
    pub(crate) async fn lock_action(
        tx: &mut sqlx::Transaction<'_, Db>,
        at: chrono::DateTime<chrono::Utc>,
        cite_id: CiteId,
        action_id: ActionId,
    ) -> StoreResult<crate::sql::enrolments::LockedAction> {
        sqlx::query_as(
            "UPDATE actions SET updated_at = $1 WHERE id = $2 AND cite_id = $3 \
             RETURNING id, title, carrier_partner_id, starts_on, status, capacity, priority_rule",
        )
        .bind(at)
        .bind(action_id)
        .bind(cite_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)
    }

    pub(crate) async fn places_taken(
        tx: &mut sqlx::Transaction<'_, Db>,
        action_id: ActionId,
    ) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM enrolments WHERE action_id = $1 AND status = 'placed'",
        )
        .bind(action_id)
        .fetch_one(&mut **tx)
        .await?)
    }

    /// The waiting list in the action's priority order.
    pub(crate) async fn waiting_list(
        tx: &mut sqlx::Transaction<'_, Db>,
        action: &crate::sql::enrolments::LockedAction,
    ) -> StoreResult<Vec<Ranked>> {
        let rows: Vec<(EnrolmentId, chrono::NaiveDate, bool, bool)> = sqlx::query_as(
            "SELECT id, requested_on, single_parent, qpv_resident FROM enrolments \
             WHERE action_id = $1 AND status = 'waiting'",
        )
        .bind(action.id)
        .fetch_all(&mut **tx)
        .await?;
        let candidates: Vec<Candidate> = rows
            .into_iter()
            .map(
                |(enrolment_id, requested_on, single_parent, qpv_resident)| Candidate {
                    enrolment_id,
                    requested_on,
                    single_parent,
                    qpv_resident,
                },
            )
            .collect();
        let rule = action.priority_rule;
        Ok(rule.rank(&candidates))
    }

    /// Gives every free place to the waiting list, in priority order;
    /// returns the enrolments placed, first the first placed, with
    /// their person, whose files `touch_in_order` then touches.
    pub(crate) async fn fill_places(
        tx: &mut sqlx::Transaction<'_, Db>,
        action: &crate::sql::enrolments::LockedAction,
        today: chrono::NaiveDate,
    ) -> StoreResult<Vec<crate::sql::enrolments::Touch>> {
        let taken = Self::places_taken(tx, action.id).await?;
        let free = match action.capacity {
            Some(capacity) => usize::try_from(i64::from(capacity) - taken).unwrap_or(0),
            None => usize::MAX,
        };
        let (step_status, started_on) = action.step_on_placement(today);
        let mut placed = Vec::new();
        for next in Self::waiting_list(tx, action).await?.into_iter().take(free) {
            let (person_id, step_id): (ParticipantId, StepId) = sqlx::query_as(
                "UPDATE enrolments SET status = 'placed', placed_on = $1 WHERE id = $2 RETURNING participant_id, step_id",
            )
            .bind(today)
            .bind(next.enrolment_id)
            .fetch_one(&mut **tx)
            .await?;
            sqlx::query(
                "UPDATE steps SET status = $1, started_on = $2, result = NULL WHERE id = $3",
            )
            .bind(step_status)
            .bind(started_on)
            .bind(step_id)
            .execute(&mut **tx)
            .await?;
            // A change made by the action itself, audited like any other.
            placed.push(crate::sql::enrolments::Touch {
                person_id,
                action: "action.place",
                enrolment_id: next.enrolment_id,
            });
        }
        Ok(placed)
    }

    /// Touches the files of several persons in the order of their
    /// ids: two transactions that each change two persons' files
    /// (releases on two actions, each placing the other's person)
    /// then lock them in the same order and never deadlock.
    pub(crate) async fn touch_in_order(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        cite_id: CiteId,
        mut touches: Vec<crate::sql::enrolments::Touch>,
    ) -> StoreResult<()> {
        touches.sort_by_key(|t| t.person_id);
        for t in touches {
            Self::touch_person(
                tx,
                actor,
                cite_id,
                t.person_id,
                t.action,
                "enrolment",
                Some(t.enrolment_id),
            )
            .await?;
        }
        Ok(())
    }

    pub(crate) async fn enrol_in_tx(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        scope: &Scope,
        action_id: ActionId,
        enrolment: &EnrolmentDraft,
    ) -> StoreResult<Enrolled> {
        let cite_id = Viewer::of(scope)?.cite_id;
        let action = Self::lock_action(tx, actor.at, cite_id, action_id).await?;
        if action.is_closed() {
            return Err(crate::sql::participants::invalid(
                "participant_id",
                "Cette action est terminée ou annulée : les inscriptions sont closes.",
            ));
        }
        let file = Self::visible_participant(tx, scope, enrolment.participant_id).await?;
        let taken = Self::places_taken(tx, action.id).await?;
        let placed = maillage_domain::actions::has_free_place(action.capacity, taken);
        let today = actor.today();
        let (step_status, started_on) = if placed {
            action.step_on_placement(today)
        } else {
            (
                maillage_domain::participants::pathway::StepStatus::Planned,
                None,
            )
        };
        let now = actor.at;
        let step_id: StepId = sqlx::query_scalar(
            "INSERT INTO steps (participant_id, action_id, label, partner_id, planned_on, started_on, status, result, \
             created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(file.id)
        .bind(action.id)
        .bind(&action.title)
        .bind(action.carrier_partner_id)
        .bind(action.starts_on)
        .bind(started_on)
        .bind(step_status)
        .bind((!placed).then_some(crate::sql::enrolments::WAITING_RESULT))
        .bind(scope.user_id())
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        let enrolment_id: EnrolmentId = sqlx::query_scalar(
            "INSERT INTO enrolments (action_id, participant_id, step_id, status, requested_on, single_parent, \
             qpv_resident, placed_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(action.id)
        .bind(file.id)
        .bind(step_id)
        .bind(if placed { EnrolmentStatus::Placed } else { EnrolmentStatus::Waiting })
        .bind(enrolment.requested_on)
        .bind(file.single_parent == Answer::Yes)
        .bind(file.qpv_id.is_some())
        .bind(placed.then_some(today))
        .bind(scope.user_id())
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        Self::touch_file(
            tx,
            actor,
            &file,
            "action.enrol",
            "enrolment",
            Some(enrolment_id),
        )
        .await?;
        if placed {
            return Ok(Enrolled::Placed { enrolment_id });
        }
        let rank = Self::waiting_list(tx, &action)
            .await?
            .iter()
            .find(|r| r.enrolment_id == enrolment_id)
            .map_or(0, |r| r.rank);
        Ok(Enrolled::Waiting { enrolment_id, rank })
    }

    pub(crate) async fn release_in_tx(
        tx: &mut sqlx::Transaction<'_, Db>,
        actor: &Actor,
        scope: &Scope,
        action_id: ActionId,
        enrolment_id: EnrolmentId,
    ) -> StoreResult<Option<EnrolmentId>> {
        let cite_id = Viewer::of(scope)?.cite_id;
        sqlx::query_scalar::<_, EnrolmentId>(
            "SELECT e.id FROM enrolments e JOIN actions a ON a.id = e.action_id \
             WHERE e.id = $1 AND e.action_id = $2 AND a.cite_id = $3",
        )
        .bind(enrolment_id)
        .bind(action_id)
        .bind(cite_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let action = Self::lock_action(tx, actor.at, cite_id, action_id).await?;
        // Read again under the lock: someone may have released it meanwhile.
        let (person_id, step_id, status): (ParticipantId, StepId, EnrolmentStatus) = sqlx::query_as(
            "SELECT participant_id, step_id, status FROM enrolments WHERE id = $1 AND status IN ('placed', 'waiting')",
        )
        .bind(enrolment_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let file = Self::visible_participant(tx, scope, person_id).await?;
        let today = actor.today();
        sqlx::query("UPDATE enrolments SET status = 'released', released_on = $1 WHERE id = $2")
            .bind(today)
            .bind(enrolment_id)
            .execute(&mut **tx)
            .await?;
        // A step under way is abandoned; one not begun is cancelled.
        sqlx::query(
            "UPDATE steps SET status = CASE WHEN status = 'in_progress' THEN 'dropped' ELSE 'cancelled' END, \
             ended_on = $1, result = $2 WHERE id = $3",
        )
        .bind(today)
        .bind(if status == EnrolmentStatus::Placed { "Place libérée" } else { "Retrait de la liste d'attente" })
        .bind(step_id)
        .execute(&mut **tx)
        .await?;
        let mut touches = if status == EnrolmentStatus::Placed {
            Self::fill_places(tx, &action, actor.today()).await?
        } else {
            Vec::new()
        };
        let promoted = touches.first().map(|t| t.enrolment_id);
        touches.push(crate::sql::enrolments::Touch {
            person_id: file.id,
            action: "action.release",
            enrolment_id,
        });
        Self::touch_in_order(tx, actor, cite_id, touches).await?;
        Ok(promoted)
    }
}

impl Backend {
    pub(crate) async fn list_enrolments(
        &self,
        scope: &Scope,
        action_id: ActionId,
    ) -> StoreResult<Enrolments> {
        let viewer = Viewer::of(scope)?;
        let action = ActionStore::action(self, scope, action_id).await?;
        // Persons the scope may not see come without a name.
        let mut query = QueryBuilder::new(
            "SELECT e.id, e.participant_id, e.status, e.requested_on, e.placed_on,
                    e.single_parent, e.qpv_resident, p.first_name, p.last_name
             FROM enrolments e
             LEFT JOIN participants p ON p.id = e.participant_id AND ",
        );
        viewer.push_visible(&mut query);
        query
            .push(" WHERE e.action_id = ")
            .push_bind(action.id)
            .push(" AND e.status IN ('placed', 'waiting') ORDER BY e.placed_on, e.id");
        let rows: Vec<EnrolmentRow> = query.build_query_as().fetch_all(self.reader()).await?;
        let (placed, waiting): (Vec<_>, Vec<_>) = rows
            .into_iter()
            .partition(|e| e.status == EnrolmentStatus::Placed);
        let candidates: Vec<_> = waiting.iter().map(|e| e.candidate()).collect();
        let waiting = action
            .priority_rule
            .rank(&candidates)
            .into_iter()
            .filter_map(|ranked| {
                let enrolment = waiting
                    .iter()
                    .find(|e| e.id == ranked.enrolment_id)?
                    .clone();
                Some(WaitingRow {
                    rank: ranked.rank,
                    reason: enrolment.visible().then_some(ranked.reason),
                    enrolment,
                })
            })
            .collect();
        Ok(Enrolments { placed, waiting })
    }
}

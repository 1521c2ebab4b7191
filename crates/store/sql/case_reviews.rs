//! The persons a commission reviews and what it decides about each (see
//! `maillage_store::case_reviews`). Who a pseudonym stands for is read only
//! through the file's visibility predicate ([`Viewer::push_visible`]).

use crate::{Backend, Db};
use chrono::{DateTime, Utc};
use maillage_domain::governance::{
    pseudonym, replies_open, reviews_persons, CaseDecision, CommitteeKind,
};
use maillage_domain::ids::{CaseReviewId, CiteId, CommitteeId, MeetingId, ParticipantId};
use maillage_store::async_trait;
use maillage_store::case_reviews::{
    CaseDecisionRow, CaseReviewRow, CaseReviewStore, FileCaseReviewRow, ReviewedPerson,
};
use maillage_store::{Actor, AuditEntry, Scope, StoreError, StoreResult};
use sqlx::QueryBuilder;

use super::administered_cite;
use super::calls::refused;
use super::governance::{governance_reader, GovernanceReader};
use super::participants::Viewer;

/// The decisions about the reviews `r` selected by the caller's conditions.
const DECISIONS_SELECT: &str = "SELECT d.case_review_id, d.body, u.name AS decided_by, d.decided_at
    FROM case_review_decisions d
    JOIN case_reviews r ON r.id = d.case_review_id
    JOIN participants p ON p.id = r.participant_id
    LEFT JOIN users u ON u.id = d.decided_by
    WHERE ";

/// A review of the person, as their file lists it, without its decisions.
#[derive(sqlx::FromRow)]
struct FileReview {
    id: CaseReviewId,
    meeting_id: MeetingId,
    committee_id: CommitteeId,
    committee_name: String,
    starts_at: DateTime<Utc>,
    pseudonym: String,
}

/// A change to a review, on the meeting and in the person's access log,
/// with the pseudonym (never the name, nor a decision's text).
fn audit(
    action: &'static str,
    meeting: MeetingId,
    cite_id: CiteId,
    participant: ParticipantId,
    pseudonym: String,
) -> AuditEntry {
    let mut entry =
        AuditEntry::new(action, "meeting", Some(meeting), Some(cite_id)).detail(pseudonym);
    entry.person_id = Some(participant);
    entry
}

/// Each decision under its review, in the order read.
fn decisions_of(id: CaseReviewId, decisions: &[CaseDecisionRow]) -> Vec<CaseDecisionRow> {
    decisions
        .iter()
        .filter(|d| d.case_review_id == id)
        .cloned()
        .collect()
}

impl Backend {
    /// The meeting, locked, once checked to be a commission's.
    async fn lock_commission(
        tx: &mut sqlx::Transaction<'_, Db>,
        cite_id: CiteId,
        meeting: MeetingId,
        field: &'static str,
    ) -> StoreResult<super::meeting_records::LockedMeeting> {
        let locked = Self::lock_meeting(tx, cite_id, meeting).await?;
        let kind: CommitteeKind = sqlx::query_scalar("SELECT kind FROM committees WHERE id = $1")
            .bind(locked.committee_id)
            .fetch_one(&mut **tx)
            .await?;
        if !reviews_persons(kind) {
            return Err(refused(
                field,
                "Seule une commission de suivi des parcours examine la situation de personnes.",
            ));
        }
        Ok(locked)
    }

    /// The meeting's reviews by number (id, number, pseudonym), once the
    /// meeting is checked to be visible to `reader`.
    async fn reviews_of(
        &self,
        reader: &GovernanceReader,
        meeting: MeetingId,
    ) -> StoreResult<Vec<(CaseReviewId, i32, String)>> {
        self.visible_meeting(reader, meeting).await?;
        Ok(sqlx::query_as(
            "SELECT id, number, pseudonym FROM case_reviews WHERE meeting_id = $1 ORDER BY number",
        )
        .bind(meeting)
        .fetch_all(self.reader())
        .await?)
    }

    /// The person's reviews, newest meeting first, each with its decisions:
    /// for their file, which the caller has already checked the reader sees.
    pub(super) async fn file_case_reviews(
        db: &mut <Db as sqlx::Database>::Connection,
        participant: ParticipantId,
    ) -> StoreResult<Vec<FileCaseReviewRow>> {
        let reviews: Vec<FileReview> = sqlx::query_as(
            "SELECT r.id, r.meeting_id, s.committee_id, c.name AS committee_name, s.starts_at,
                    r.pseudonym
             FROM case_reviews r
             JOIN meetings s ON s.id = r.meeting_id
             JOIN committees c ON c.id = s.committee_id
             WHERE r.participant_id = $1
             ORDER BY s.starts_at DESC, r.id DESC",
        )
        .bind(participant)
        .fetch_all(&mut *db)
        .await?;
        let decisions: Vec<CaseDecisionRow> = sqlx::query_as(&format!(
            "{DECISIONS_SELECT} r.participant_id = $1 ORDER BY d.decided_at, d.id"
        ))
        .bind(participant)
        .fetch_all(&mut *db)
        .await?;
        Ok(reviews
            .into_iter()
            .map(|r| FileCaseReviewRow {
                decisions: decisions_of(r.id, &decisions),
                id: r.id,
                meeting_id: r.meeting_id,
                committee_id: r.committee_id,
                committee_name: r.committee_name,
                starts_at: r.starts_at,
                pseudonym: r.pseudonym,
            })
            .collect())
    }
}

#[async_trait]
impl CaseReviewStore for Backend {
    async fn add_case_review(
        &self,
        actor: &Actor,
        scope: &Scope,
        meeting: MeetingId,
        participant: ParticipantId,
    ) -> StoreResult<CaseReviewId> {
        let cite_id = administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let locked = Self::lock_commission(&mut tx, cite_id, meeting, "participant_id").await?;
        if !replies_open(locked.starts_at, actor.at) {
            return Err(refused(
                "participant_id",
                "Cette séance a commencé : il n'est plus temps d'y inscrire une situation.",
            ));
        }
        // Another Cité's person is refused like an unknown one.
        let (first_name, last_name): (String, String) = sqlx::query_as(
            "SELECT first_name, last_name FROM participants WHERE id = $1 AND cite_id = $2",
        )
        .bind(participant)
        .bind(cite_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| refused("participant_id", "Choisissez une personne dans la liste."))?;
        let (already, last): (i64, Option<i32>) = sqlx::query_as(
            "SELECT COUNT(*) FILTER (WHERE participant_id = $2), MAX(number)
             FROM case_reviews WHERE meeting_id = $1",
        )
        .bind(meeting)
        .bind(participant)
        .fetch_one(&mut *tx)
        .await?;
        if already > 0 {
            return Err(refused(
                "participant_id",
                "Cette personne est déjà inscrite à cette séance.",
            ));
        }
        let number = last.unwrap_or(0) + 1;
        let pseudonym = pseudonym(
            &first_name,
            &last_name,
            u32::try_from(number).unwrap_or(u32::MAX),
        );
        let id: CaseReviewId = sqlx::query_scalar(
            "INSERT INTO case_reviews (meeting_id, cite_id, participant_id, number, pseudonym,
                                       added_by, added_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(meeting)
        .bind(cite_id)
        .bind(participant)
        .bind(number)
        .bind(&pseudonym)
        .bind(actor.user_id)
        .bind(actor.at)
        .fetch_one(&mut *tx)
        .await?;
        let entry = audit("case_review.add", meeting, cite_id, participant, pseudonym);
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(id)
    }

    async fn remove_case_review(
        &self,
        actor: &Actor,
        scope: &Scope,
        meeting: MeetingId,
        review: CaseReviewId,
    ) -> StoreResult<()> {
        let cite_id = administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let locked = Self::lock_commission(&mut tx, cite_id, meeting, "review").await?;
        let (participant, pseudonym): (ParticipantId, String) = sqlx::query_as(
            "SELECT participant_id, pseudonym FROM case_reviews WHERE id = $1 AND meeting_id = $2",
        )
        .bind(review)
        .bind(meeting)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        // Decisions are recorded once the meeting started: before, none.
        if !replies_open(locked.starts_at, actor.at) {
            return Err(refused(
                "review",
                "Cette séance a commencé : la situation examinée reste inscrite.",
            ));
        }
        sqlx::query("DELETE FROM case_reviews WHERE id = $1")
            .bind(review)
            .execute(&mut *tx)
            .await?;
        let entry = audit(
            "case_review.remove",
            meeting,
            cite_id,
            participant,
            pseudonym,
        );
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn case_review_pseudonyms(
        &self,
        scope: &Scope,
        meeting: MeetingId,
    ) -> StoreResult<Vec<String>> {
        let reader = governance_reader(scope)?;
        let rows = self.reviews_of(&reader, meeting).await?;
        Ok(rows
            .into_iter()
            .map(|(_, _, pseudonym)| pseudonym)
            .collect())
    }

    async fn case_reviews(
        &self,
        actor: &Actor,
        scope: &Scope,
        meeting: MeetingId,
    ) -> StoreResult<Vec<CaseReviewRow>> {
        let reader = governance_reader(scope)?;
        let cite_id = reader.cite_id;
        let rows = self.reviews_of(&reader, meeting).await?;
        // Co-pilots and porteurs see no person: pseudonyms only.
        let Ok(viewer) = Viewer::of(scope) else {
            return Ok(rows
                .into_iter()
                .map(|(id, number, pseudonym)| CaseReviewRow {
                    id,
                    number,
                    pseudonym,
                    person: None,
                })
                .collect());
        };
        let mut query = QueryBuilder::<Db>::new(
            "SELECT r.id, p.id, p.first_name, p.last_name
             FROM case_reviews r JOIN participants p ON p.id = r.participant_id
             WHERE r.meeting_id = ",
        );
        query.push_bind(meeting).push(" AND ");
        viewer.push_visible(&mut query);
        let persons: Vec<(CaseReviewId, ParticipantId, String, String)> =
            query.build_query_as().fetch_all(self.reader()).await?;
        let mut query = QueryBuilder::<Db>::new(DECISIONS_SELECT);
        query
            .push("r.meeting_id = ")
            .push_bind(meeting)
            .push(" AND ");
        viewer.push_visible(&mut query);
        query.push(" ORDER BY d.decided_at, d.id");
        let decisions: Vec<CaseDecisionRow> =
            query.build_query_as().fetch_all(self.reader()).await?;
        // Seeing who a pseudonym stands for is a read of the person's file.
        let reads = persons
            .iter()
            .map(|(review, participant, ..)| {
                let mut entry =
                    AuditEntry::new("case_review.read", "meeting", Some(meeting), Some(cite_id));
                entry.person_id = Some(*participant);
                entry.once_a_minute(&format!("{}|{review}", scope.user_id()), actor.at)
            })
            .collect();
        self.audit_queue().append_all(actor, reads).await?;
        Ok(rows
            .into_iter()
            .map(|(id, number, pseudonym)| {
                let person = persons.iter().find(|(review, ..)| *review == id).map(
                    |(_, participant_id, first_name, last_name)| ReviewedPerson {
                        participant_id: *participant_id,
                        first_name: first_name.clone(),
                        last_name: last_name.clone(),
                        decisions: decisions_of(id, &decisions),
                    },
                );
                CaseReviewRow {
                    id,
                    number,
                    pseudonym,
                    person,
                }
            })
            .collect())
    }

    async fn record_case_decision(
        &self,
        actor: &Actor,
        scope: &Scope,
        meeting: MeetingId,
        review: CaseReviewId,
        decision: &CaseDecision,
    ) -> StoreResult<()> {
        // Only coordinators and référents read files: they read every
        // committee of the Cité.
        let cite_id = governance_reader(scope)?.cite_id;
        let viewer = Viewer::of(scope)?;
        let mut tx = self.begin_write().await?;
        let locked = Self::lock_commission(&mut tx, cite_id, meeting, "decision").await?;
        let mut query = QueryBuilder::<Db>::new(
            "SELECT r.participant_id, r.pseudonym
             FROM case_reviews r JOIN participants p ON p.id = r.participant_id
             WHERE r.id = ",
        );
        query
            .push_bind(review)
            .push(" AND r.meeting_id = ")
            .push_bind(meeting)
            .push(" AND ");
        viewer.push_visible(&mut query);
        let (participant, pseudonym): (ParticipantId, String) = query
            .build_query_as()
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        if replies_open(locked.starts_at, actor.at) {
            return Err(refused(
                "decision",
                "La commission ne s'est pas encore réunie : sa décision s'inscrit à partir du début de la séance.",
            ));
        }
        sqlx::query(
            "INSERT INTO case_review_decisions (case_review_id, body, decided_by, decided_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(review)
        .bind(decision.as_str())
        .bind(actor.user_id)
        .bind(actor.at)
        .execute(&mut *tx)
        .await?;
        let entry = audit(
            "case_review.decide",
            meeting,
            cite_id,
            participant,
            pseudonym,
        );
        Self::commit_audited(tx, actor, &entry).await
    }
}

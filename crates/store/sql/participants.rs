//! Shared SQL of the case file. Every query that reads a person pushes the
//! visibility predicate with [`Viewer::push_visible`]: one predicate, written
//! once, binding its own parameters.

use crate::{Backend, Db};
use maillage_store::async_trait;

use maillage_domain::accounts::Role;
use maillage_domain::ids::{
    CiteId, CohortId, ConsentId, ParticipantId, PartnerId, ReferralId, UserId,
};
use maillage_domain::notifications::NotificationKind;
use maillage_domain::Scope;
use maillage_store::notifications::Notice;
use sqlx::QueryBuilder;

use chrono::NaiveDate;
use maillage_domain::participants::cohorts::{CohortDraft, Intake};
use maillage_domain::participants::person::ParticipantDraft;
use maillage_store::participants::CohortRow;
use maillage_store::participants::Decision;
use maillage_store::participants::ParticipantRow;
use maillage_store::participants::ReferralRow;
use maillage_store::Actor;
use maillage_store::AuditEntry;
use maillage_store::ParticipantStore;
use maillage_store::{StoreError, StoreResult};

/// Who reads persons (the visibility rule's inputs). The Cité's coordinators
/// see every file of the Cité; a référent sees the files its partner leads and
/// those shared with its partner under a consent not withdrawn. Co-pilots,
/// porteurs and the national team see counts only: they have no `Viewer`.
#[derive(Clone, Copy)]
pub struct Viewer {
    pub cite_id: CiteId,
    pub partner_id: Option<PartnerId>,
    pub coordinator: bool,
}

impl Viewer {
    pub fn of(scope: &Scope) -> StoreResult<Viewer> {
        match scope {
            Scope::Cite {
                cite_id,
                role: Role::Coordinateur,
                ..
            } => Ok(Viewer {
                cite_id: *cite_id,
                partner_id: None,
                coordinator: true,
            }),
            Scope::Cite {
                cite_id,
                role: Role::Referent,
                partner_id: Some(partner),
                ..
            } => Ok(Viewer {
                cite_id: *cite_id,
                partner_id: Some(*partner),
                coordinator: false,
            }),
            _ => Err(StoreError::NotFound),
        }
    }

    /// Pushes « the person `p` is visible to this viewer », binding its own
    /// values, so no query carries the predicate's parameters by position.
    pub fn push_visible(&self, query: &mut QueryBuilder<'_, Db>) {
        query
            .push("p.cite_id = ")
            .push_bind(self.cite_id)
            .push(" AND (")
            .push_bind(self.coordinator)
            .push(" OR p.lead_partner_id = ")
            .push_bind(self.partner_id)
            .push(
                " OR EXISTS (
                    SELECT 1
                    FROM participant_shares s
                    JOIN consents c
                      ON c.participant_id = s.participant_id AND c.withdrawn_at IS NULL
                    JOIN consent_partners cp
                      ON cp.consent_id = c.id AND cp.partner_id = s.partner_id
                    WHERE s.participant_id = p.id AND s.partner_id = ",
            )
            .push_bind(self.partner_id)
            .push("))");
    }
}

pub fn invalid(field: &'static str, message: &str) -> StoreError {
    StoreError::Invalid {
        field,
        message: message.to_owned(),
    }
}

impl Backend {
    /// Gives every person written before the sort key its key, computed by
    /// the domain (SQL cannot fold accents alike on both backends): once,
    /// at open time, then never again since every write sets it.
    pub(crate) async fn fill_sort_keys(pool: &sqlx::Pool<Db>) -> StoreResult<()> {
        let mut tx = pool.begin().await?;
        let rows: Vec<(ParticipantId, String, String)> = sqlx::query_as(
            "SELECT id, first_name, last_name FROM participants WHERE sort_key = ''",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (id, first_name, last_name) in rows {
            sqlx::query("UPDATE participants SET sort_key = $1 WHERE id = $2")
                .bind(maillage_domain::names::sort_key(&first_name, &last_name))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The file, if the scope may see it, inside the caller's transaction.
    pub(crate) async fn visible_participant(
        tx: &mut sqlx::Transaction<'_, Db>,
        scope: &Scope,
        participant_id: ParticipantId,
    ) -> StoreResult<ParticipantRow> {
        Self::visible_participant_query(scope, participant_id)?
            .build_query_as()
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// The query of [`visible_participant`], for one statement outside a
    /// transaction too.
    pub(crate) fn visible_participant_query(
        scope: &Scope,
        participant_id: ParticipantId,
    ) -> StoreResult<QueryBuilder<'static, Db>> {
        let viewer = Viewer::of(scope)?;
        let mut query = QueryBuilder::new(
            "SELECT p.id, p.cite_id, p.cohort_id, p.first_name, p.last_name, p.birth_date, p.sex,
                    p.phone, p.email, p.address, p.qpv_id, p.employment_status, p.education, p.rsa,
                    p.single_parent, p.rqth, p.france_travail_id, p.lead_partner_id, p.lead_user_id,
                    p.status, p.entry_date, p.exit_date, c.name AS cohort_name, q.name AS qpv_name,
                    q.communes AS qpv_communes
             FROM participants p
             LEFT JOIN cohorts c ON c.id = p.cohort_id
             LEFT JOIN qpvs q ON q.id = p.qpv_id
             WHERE p.id = ",
        );
        query.push_bind(participant_id).push(" AND ");
        viewer.push_visible(&mut query);
        Ok(query)
    }

    /// Coordinators, or référents of the lead partner, manage sharing.
    pub(crate) async fn managed_participant(
        tx: &mut sqlx::Transaction<'_, Db>,
        scope: &Scope,
        participant_id: ParticipantId,
    ) -> StoreResult<ParticipantRow> {
        let file = Self::visible_participant(tx, scope, participant_id).await?;
        if scope.manages(file.lead_partner_id) {
            Ok(file)
        } else {
            Err(StoreError::Forbidden)
        }
    }
}

#[async_trait]
impl ParticipantStore for Backend {
    async fn create_cohort(
        &self,
        actor: &Actor,
        scope: &Scope,
        cohort: &CohortDraft,
    ) -> StoreResult<CohortId> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let id: CohortId = sqlx::query_scalar(
            "INSERT INTO cohorts (cite_id, name, year, target_size, intake_start, intake_end,
                                  follow_up_months, created_at)
             VALUES ($1, $2, $3, $4, $5, $6,
                     COALESCE($7, (SELECT follow_up_months FROM cites WHERE id = $1)), $8)
             RETURNING id",
        )
        .bind(cite_id)
        .bind(&cohort.name)
        .bind(cohort.year)
        .bind(cohort.target_size)
        .bind(cohort.intake_start)
        .bind(cohort.intake_end)
        .bind(cohort.follow_up_months)
        .bind(actor.at)
        .fetch_one(&mut *tx)
        .await?;
        let entry = AuditEntry::new("cohort.create", "cohort", Some(id), Some(cite_id))
            .detail(cohort.name.clone());
        Self::commit_audited(tx, actor, &entry).await?;
        Ok(id)
    }

    async fn cohorts(&self, scope: &Scope) -> StoreResult<Vec<CohortRow>> {
        let cite_id = crate::sql::member_cite(scope)?;
        Ok(sqlx::query_as(
            "SELECT c.id, c.name, c.year, c.target_size, c.intake_start, c.intake_end, c.follow_up_months, \
             c.intake_closed_at, \
             (SELECT COUNT(*) FROM participants p WHERE p.cohort_id = c.id AND p.status IN ('active', 'exited')) AS members \
             FROM cohorts c WHERE c.cite_id = $1 ORDER BY c.year DESC, c.name",
        )
        .bind(cite_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn close_cohort_intake(
        &self,
        actor: &Actor,
        scope: &Scope,
        cohort_id: CohortId,
    ) -> StoreResult<()> {
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("UPDATE cohorts SET intake_closed_at = $1 WHERE id = $2 AND cite_id = $3 AND intake_closed_at IS NULL")
            .bind(actor.at)
            .bind(cohort_id)
            .bind(cite_id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let entry = AuditEntry::new("cohort.close", "cohort", Some(cohort_id), Some(cite_id));
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn propose(
        &self,
        actor: &Actor,
        scope: &Scope,
        cohort_id: CohortId,
        person: &ParticipantDraft,
        motive: Option<&str>,
        today: chrono::NaiveDate,
    ) -> StoreResult<(ParticipantId, ReferralId)> {
        use maillage_domain::participants::person::Residence;
        let Viewer {
            cite_id,
            partner_id,
            ..
        } = Viewer::of(scope)?;
        let partner_id = partner_id.ok_or(StoreError::Forbidden)?;
        let mut tx = self.begin_write().await?;
        let intake: Option<(NaiveDate, NaiveDate, bool)> = sqlx::query_as(
            "SELECT intake_start, intake_end, intake_closed_at IS NOT NULL FROM cohorts \
             WHERE id = $1 AND cite_id = $2",
        )
        .bind(cohort_id)
        .bind(cite_id)
        .fetch_optional(&mut *tx)
        .await?;
        let open = intake.is_some_and(|(start, end, closed)| {
            Intake::on(start, end, closed, today) == Intake::Open
        });
        if !open {
            return Err(crate::sql::participants::invalid(
                "cohort_id",
                "Choisissez une cohorte de la Cité ouverte aux entrées.",
            ));
        }
        let qpv_id = match person.residence {
            Residence::Qpv(id) => Some(id),
            Residence::OutsideQpv => None,
        };
        let now = actor.at;
        let participant_id: ParticipantId = sqlx::query_scalar(
            "INSERT INTO participants (cite_id, cohort_id, first_name, last_name, search_name, birth_date, sex, phone, \
             email, address, qpv_id, employment_status, education, rsa, single_parent, rqth, france_travail_id, \
             lead_partner_id, lead_user_id, status, last_activity_at, created_at, sort_key) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, NULL, 'proposed', $19, $19, $20) \
             RETURNING id",
        )
        .bind(cite_id)
        .bind(cohort_id)
        .bind(&person.first_name)
        .bind(&person.last_name)
        .bind(maillage_domain::participants::person::search_key(&person.first_name, &person.last_name))
        .bind(person.birth_date)
        .bind(person.sex)
        .bind(&person.phone)
        .bind(&person.email)
        .bind(&person.address)
        .bind(qpv_id)
        .bind(person.employment_status)
        .bind(person.education)
        .bind(person.rsa)
        .bind(person.single_parent)
        .bind(person.rqth)
        .bind(&person.france_travail_id)
        .bind(partner_id)
        .bind(now)
        .bind(maillage_domain::names::sort_key(&person.first_name, &person.last_name))
        .fetch_one(&mut *tx)
        .await?;
        if let Some(consent) = &person.consent {
            let consent_id: ConsentId = sqlx::query_scalar(
                "INSERT INTO consents (participant_id, given_on, method, recorded_by) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(participant_id)
            .bind(consent.date)
            .bind(consent.method)
            .bind(scope.user_id())
            .fetch_one(&mut *tx)
            .await?;
            for partner in &consent.partner_ids {
                sqlx::query(
                    "INSERT INTO consent_partners (consent_id, partner_id) \
                     SELECT $1, id FROM partners WHERE id = $2 AND cite_id = $3",
                )
                .bind(consent_id)
                .bind(partner)
                .bind(cite_id)
                .execute(&mut *tx)
                .await?;
            }
        }
        let referral_id: ReferralId = sqlx::query_scalar(
            "INSERT INTO referrals (cite_id, participant_id, cohort_id, from_partner_id, proposed_by, proposed_on, motive, status) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'proposed') RETURNING id",
        )
        .bind(cite_id)
        .bind(participant_id)
        .bind(cohort_id)
        .bind(partner_id)
        .bind(scope.user_id())
        .bind(today)
        .bind(motive)
        .fetch_one(&mut *tx)
        .await?;
        let mut entry = AuditEntry::new(
            "referral.create",
            "referral",
            Some(referral_id),
            Some(cite_id),
        );
        entry.person_id = Some(participant_id);
        let coordinators = Self::coordinators_of(&mut tx, cite_id).await?;
        let notice = Notice {
            kind: NotificationKind::ReferralToAccept,
            path: "/adressages".to_owned(),
            about: format!("referral:{referral_id}"),
        };
        Self::notify_in(&mut tx, now, &coordinators, &notice).await?;
        Self::commit_audited(tx, actor, &entry).await?;
        Ok((participant_id, referral_id))
    }

    async fn referrals(&self, scope: &Scope) -> StoreResult<Vec<ReferralRow>> {
        let viewer = Viewer::of(scope)?;
        Ok(sqlx::query_as(
            "SELECT r.id, r.participant_id, p.first_name, p.last_name, r.cohort_id, c.name AS cohort_name, \
             r.from_partner_id, f.name AS from_partner_name, r.proposed_on, r.motive, r.status, r.decided_on, \
             r.refusal_reason, t.referral_expiry_days \
             FROM referrals r JOIN participants p ON p.id = r.participant_id JOIN cites t ON t.id = r.cite_id \
             JOIN cohorts c ON c.id = r.cohort_id JOIN partners f ON f.id = r.from_partner_id \
             WHERE r.cite_id = $1 AND ($3 OR r.from_partner_id = $2) \
             ORDER BY r.status = 'proposed' DESC, r.proposed_on DESC, r.id DESC",
        )
        .bind(viewer.cite_id)
        .bind(viewer.partner_id)
        .bind(viewer.coordinator)
        .fetch_all(self.reader())
        .await?)
    }

    async fn decide_referral(
        &self,
        actor: &Actor,
        scope: &Scope,
        referral_id: ReferralId,
        decision: &Decision,
        today: chrono::NaiveDate,
    ) -> StoreResult<()> {
        use maillage_domain::participants::cohorts::ReferralStatus;
        let cite_id = crate::sql::administered_cite(scope)?;
        let mut tx = self.begin_write().await?;
        type Found = (
            ParticipantId,
            ReferralStatus,
            chrono::NaiveDate,
            chrono::NaiveDate,
            chrono::NaiveDate,
            i32,
            Option<UserId>,
        );
        let found: Option<Found> = sqlx::query_as(
            "SELECT r.participant_id, r.status, r.proposed_on, c.intake_start, c.intake_end, t.referral_expiry_days, r.proposed_by \
             FROM referrals r JOIN cohorts c ON c.id = r.cohort_id JOIN cites t ON t.id = r.cite_id \
             WHERE r.id = $1 AND r.cite_id = $2",
        )
        .bind(referral_id)
        .bind(cite_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (participant_id, status, proposed_on, start, end, expiry, proposed_by) =
            found.ok_or(StoreError::NotFound)?;
        match status.effective(proposed_on, i64::from(expiry), today) {
            ReferralStatus::Proposed => {}
            ReferralStatus::Expired => {
                return Err(crate::sql::participants::invalid(
                    "decision",
                    "Cette proposition a expiré : le partenaire peut la renouveler.",
                ))
            }
            _ => {
                return Err(crate::sql::participants::invalid(
                    "decision",
                    "Cette proposition a déjà été traitée.",
                ))
            }
        }
        let (action, detail) = match decision {
            Decision::Accept { entry_date } => {
                if !(start..=end).contains(entry_date) {
                    return Err(crate::sql::participants::invalid(
                        "entry_date",
                        "La date d'entrée doit se trouver dans la période d'entrée de la cohorte.",
                    ));
                }
                sqlx::query("UPDATE participants SET status = 'active', entry_date = $1, last_activity_at = $2 WHERE id = $3")
                    .bind(entry_date)
                    .bind(actor.at)
                    .bind(participant_id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("UPDATE referrals SET status = 'accepted', decided_by = $1, decided_on = $2 WHERE id = $3")
                    .bind(scope.user_id())
                    .bind(today)
                    .bind(referral_id)
                    .execute(&mut *tx)
                    .await?;
                ("referral.accept", None)
            }
            Decision::Refuse { reason } => {
                sqlx::query("UPDATE participants SET status = 'not_admitted' WHERE id = $1")
                    .bind(participant_id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "UPDATE referrals SET status = 'refused', decided_by = $1, decided_on = $2, refusal_reason = $3 WHERE id = $4",
                )
                .bind(scope.user_id())
                .bind(today)
                .bind(reason)
                .bind(referral_id)
                .execute(&mut *tx)
                .await?;
                ("referral.refuse", Some(reason.clone()))
            }
        };
        let mut entry = AuditEntry::new(action, "referral", Some(referral_id), Some(cite_id));
        entry.person_id = Some(participant_id);
        entry.detail = detail;
        let notice = Notice {
            kind: NotificationKind::ReferralDecided,
            path: "/adressages".to_owned(),
            about: format!("referral-decided:{referral_id}"),
        };
        let proposer: Vec<UserId> = proposed_by.into_iter().collect();
        Self::notify_in(&mut tx, actor.at, &proposer, &notice).await?;
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn participant(
        &self,
        actor: &Actor,
        scope: &Scope,
        participant_id: ParticipantId,
    ) -> StoreResult<ParticipantRow> {
        // The check is one statement on the readers (no transaction: BEGIN and
        // ROLLBACK would be two more round trips); the audit row goes through
        // group commit, and the file is returned only once that row is committed.
        // A role that never sees persons (co-pilot, porteur, national) is
        // refused like anyone the file is not shared with, and logged alike.
        let visible: Option<ParticipantRow> =
            match Self::visible_participant_query(scope, participant_id) {
                Ok(mut query) => query.build_query_as().fetch_optional(self.reader()).await?,
                Err(StoreError::NotFound) => None,
                Err(error) => return Err(error),
            };
        let file = match visible {
            Some(file) => file,
            None => {
                // Refused accesses are logged too (without the file's Cité, which the
                // reader may not learn).
                let mut entry = AuditEntry::new(
                    "participant.read_refused",
                    "participant",
                    Some(participant_id),
                    scope.cite_id(),
                );
                // Not tied to the person: the refused reader must not learn it exists,
                // and the person's own access list stays about those who read it.
                entry.detail = Some("introuvable ou non partagé".to_owned());
                let who = scope.user_id().to_string();
                let entry = entry.once_a_minute(&who, actor.at);
                self.audit_queue().append(actor, entry).await?;
                return Err(StoreError::NotFound);
            }
        };
        let mut entry = AuditEntry::new(
            "participant.read",
            "participant",
            Some(participant_id),
            Some(file.cite_id),
        );
        entry.person_id = Some(participant_id);
        self.audit_queue().append(actor, entry).await?;
        Ok(file)
    }

    async fn share(
        &self,
        actor: &Actor,
        scope: &Scope,
        participant_id: ParticipantId,
        partner_id: PartnerId,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let file = Self::managed_participant(&mut tx, scope, participant_id).await?;
        let covered: Option<PartnerId> = sqlx::query_scalar(
            "SELECT cp.partner_id FROM consents c JOIN consent_partners cp ON cp.consent_id = c.id \
             WHERE c.participant_id = $1 AND c.withdrawn_at IS NULL AND cp.partner_id = $2",
        )
        .bind(participant_id)
        .bind(partner_id)
        .fetch_optional(&mut *tx)
        .await?;
        if covered.is_none() {
            return Err(crate::sql::participants::invalid(
                "partner_id",
                "Le consentement de la personne ne couvre pas ce partenaire.",
            ));
        }
        sqlx::query(
            "INSERT INTO participant_shares (participant_id, partner_id, shared_by, shared_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (participant_id, partner_id) DO NOTHING",
        )
        .bind(participant_id)
        .bind(partner_id)
        .bind(scope.user_id())
        .bind(actor.at)
        .execute(&mut *tx)
        .await?;
        let mut entry = AuditEntry::new(
            "participant.share",
            "partner",
            Some(partner_id),
            Some(file.cite_id),
        );
        entry.person_id = Some(participant_id);
        Self::commit_audited(tx, actor, &entry).await
    }

    async fn withdraw_consent(
        &self,
        actor: &Actor,
        scope: &Scope,
        participant_id: ParticipantId,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let file = Self::managed_participant(&mut tx, scope, participant_id).await?;
        sqlx::query("UPDATE consents SET withdrawn_at = $1 WHERE participant_id = $2 AND withdrawn_at IS NULL")
            .bind(actor.at)
            .bind(participant_id)
            .execute(&mut *tx)
            .await?;
        let mut entry = AuditEntry::new(
            "consent.withdraw",
            "participant",
            Some(participant_id),
            Some(file.cite_id),
        );
        entry.person_id = Some(participant_id);
        Self::commit_audited(tx, actor, &entry).await
    }
}

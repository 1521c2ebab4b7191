//! FSE+ participant data: the persons placed in an operation (an action
//! co-funded by FSE+), read for the coordinator's export.

use maillage_domain::funding::fse::FseParticipant;
use maillage_domain::ids::{ActionId, CiteId, ParticipantId};
use maillage_store::{Actor, AuditEntry, StoreError, StoreResult};

use crate::Backend;

/// An action of the Cité that a commitment on an FSE+ line names.
const COFUNDED: &str = "EXISTS (SELECT 1 FROM commitments m
                 JOIN envelope_lines l ON l.id = m.envelope_line_id
                 WHERE m.action_id = a.id AND l.funder = 'fse_plus')";

type Row = (
    ParticipantId,
    String,
    String,
    chrono::NaiveDate,
    String,
    chrono::NaiveDate,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<chrono::NaiveDate>,
    Option<String>,
    Option<String>,
);

impl Backend {
    pub(crate) async fn action_fse_cofunded(
        &self,
        cite_id: CiteId,
        action_id: ActionId,
    ) -> StoreResult<bool> {
        Ok(sqlx::query_scalar(&format!(
            "SELECT COUNT(*) > 0 FROM actions a WHERE a.id = $1 AND a.cite_id = $2 AND {COFUNDED}"
        ))
        .bind(action_id)
        .bind(cite_id)
        .fetch_one(self.reader())
        .await?)
    }

    pub(crate) async fn operation_participants(
        &self,
        actor: &Actor,
        cite_id: CiteId,
        action_id: ActionId,
    ) -> StoreResult<Vec<FseParticipant>> {
        if !self.action_fse_cofunded(cite_id, action_id).await? {
            return Err(StoreError::NotFound);
        }
        // A person placed twice (released, then placed again) enters once,
        // on their first place.
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT p.id, p.last_name, p.first_name, p.birth_date, p.sex, e.entered_on,
                    p.employment_status, p.education, p.rsa, p.single_parent, p.rqth,
                    q.name, p.exit_date, x.outcome, s.outcome
             FROM (SELECT participant_id, MIN(placed_on) AS entered_on FROM enrolments
                   WHERE action_id = $1 AND placed_on IS NOT NULL
                   GROUP BY participant_id) e
             JOIN participants p ON p.id = e.participant_id
             LEFT JOIN qpvs q ON q.id = p.qpv_id
             LEFT JOIN outcomes x ON x.participant_id = p.id AND x.checkpoint = 'exit'
             LEFT JOIN outcomes s ON s.participant_id = p.id AND s.checkpoint = 'm6'
             WHERE p.cite_id = $2
             ORDER BY p.last_name, p.first_name, p.id",
        )
        .bind(action_id)
        .bind(cite_id)
        .fetch_all(self.reader())
        .await?;
        // The export itself, even of no one; then each person's data
        // leaving in the file, in their access log.
        let export = || AuditEntry::new("fse.export", "action", Some(action_id), Some(cite_id));
        let mut exports = vec![export().detail(format!("{} personnes", rows.len()))];
        exports.extend(rows.iter().map(|row| {
            let mut entry = export();
            entry.person_id = Some(row.0);
            entry
        }));
        self.audit_queue().append_all(actor, exports).await?;
        Ok(rows
            .into_iter()
            .map(|r| FseParticipant {
                last_name: r.1,
                first_name: r.2,
                birth_date: r.3,
                sex: r.4,
                entered_on: r.5,
                employment_status: r.6,
                education: r.7,
                rsa: r.8,
                single_parent: r.9,
                rqth: r.10,
                qpv: r.11,
                exit_date: r.12,
                exit_outcome: r.13,
                six_months_outcome: r.14,
            })
            .collect())
    }
}

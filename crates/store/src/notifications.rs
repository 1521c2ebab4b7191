//! Notifications (`domain::notifications`): each user's choices, the
//! notifications written with the events they tell or found due by the
//! daily look, and their turning into messages: a notification is marked
//! with its message in the transaction that queues it, so it is told once.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use maillage_domain::ids::{MeetingId, UserId};
use maillage_domain::mail::MailBody;
use maillage_domain::notifications::{Frequency, NotificationKind};

use crate::governance::MeetingRow;
use crate::{Actor, StoreResult};

/// What a user is told: its kind, the page, and what it is about (a user
/// hears of one thing once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub kind: NotificationKind,
    pub path: String,
    pub about: String,
}

/// A notification not yet in a message, with its user's address.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PendingNotification {
    pub id: i64,
    pub user_id: UserId,
    pub email: String,
    pub kind: NotificationKind,
    pub path: String,
    pub about: String,
}

#[async_trait]
pub trait NotificationStore {
    /// The user's choices; a kind not listed has its default.
    async fn notification_preferences(
        &self,
        user_id: UserId,
    ) -> StoreResult<Vec<(NotificationKind, Frequency)>>;

    /// The signed-in user's own choices, all kinds at once.
    async fn set_notification_preferences(
        &self,
        actor: &Actor,
        user_id: UserId,
        choices: &[(NotificationKind, Frequency)],
    ) -> StoreResult<()>;

    /// What falls due on `today` for whom: the checks and consents of each
    /// lead référent's files, the bilans of funded actions for their
    /// porteurs, the calls about to close for their Cité's coordinators.
    async fn due_notices(&self, today: NaiveDate) -> StoreResult<Vec<(UserId, Notice)>>;

    /// Records `notices` at `at`, each as its user chose (none for « never »,
    /// nor for an inactive account, nor twice about one thing); how many.
    async fn notify(&self, at: DateTime<Utc>, notices: &[(UserId, Notice)]) -> StoreResult<usize>;

    /// Notifications of `frequency` not yet told, made before `before` if
    /// given, up to `limit`, by user.
    async fn pending_notifications(
        &self,
        frequency: Frequency,
        before: Option<DateTime<Utc>>,
        limit: i64,
    ) -> StoreResult<Vec<PendingNotification>>;

    /// Queues `mail` to `to` for the notifications `ids` (`kind`:
    /// `notification` or `digest`) and marks them, in one transaction;
    /// `false`, and nothing queued, when another worker told one of them.
    async fn queue_notification_mail(
        &self,
        ids: &[i64],
        to: &str,
        kind: &str,
        mail: &MailBody,
        calendar: Option<&str>,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// The meeting an invitation is about, for its `.ics` (the worker's
    /// own read: the invitation was checked when it was made).
    async fn invited_meeting(&self, id: MeetingId) -> StoreResult<Option<MeetingRow>>;
}

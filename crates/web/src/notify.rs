//! Notifications become messages (`domain::notifications`): those wanted
//! at once as soon as the worker wakes, the day's digest from 7 h in
//! Paris, one per user. Once a day the worker also looks at what falls due
//! (checks, consents, bilans, calls closing) and records it; a thing
//! already told is not told again, so a restart only looks again.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use maillage_domain::governance::ics::Calendar;
use maillage_domain::ids::{MeetingId, UserId};
use maillage_domain::notifications::{
    digest, digest_time, notification, Frequency, NotificationKind,
};
use maillage_store::notifications::PendingNotification;

use crate::routes::governance::meetings::event;
use crate::state::AppState;

/// Notifications read at each round.
const BATCH: i64 = 200;

fn link(state: &AppState, path: &str) -> String {
    format!("{}{path}", state.config.public_url.trim_end_matches('/'))
}

/// Records what falls due on `today`; how many notifications were new.
pub async fn look_for_due(state: &AppState, today: NaiveDate) -> usize {
    let found = match state.store.due_notices(today).await {
        Ok(found) => found,
        Err(error) => {
            tracing::warn!(%error, "due notifications unreadable");
            return 0;
        }
    };
    match state.store.notify(state.now(), &found).await {
        Ok(recorded) => recorded,
        Err(error) => {
            tracing::warn!(%error, "due notifications not recorded");
            0
        }
    }
}

/// Queues the messages of the notifications due now: each immediate one
/// alone, and past 7 h the day's digest; how many messages were queued.
pub async fn queue_messages(state: &AppState) -> usize {
    let now = state.now();
    let mut queued = 0;
    loop {
        let pending = pending(state, Frequency::Immediate, None).await;
        let full = pending.len() as i64 == BATCH;
        let before = queued;
        for item in &pending {
            let mail = notification(item.kind, &link(state, &item.path));
            let calendar = match item.kind {
                NotificationKind::MeetingInvitation => meeting_calendar(state, &item.about).await,
                _ => None,
            };
            let ids = [item.id];
            let queuing = queue(state, &ids, &item.email, "notification", &mail, calendar);
            queued += queuing.await;
        }
        // A round that queued nothing would read the same batch again.
        if !full || queued == before {
            break;
        }
    }
    let digest_at = digest_time(state.today());
    if now < digest_at {
        return queued;
    }
    // Made before 7 h today: a later one waits for tomorrow's digest.
    loop {
        let pending = pending(state, Frequency::Daily, Some(digest_at)).await;
        let full = pending.len() as i64 == BATCH;
        let mut by_user: BTreeMap<UserId, Vec<&PendingNotification>> = BTreeMap::new();
        for item in &pending {
            by_user.entry(item.user_id).or_default().push(item);
        }
        // A full batch may cut its last user's list: theirs comes next round.
        let last = pending.last().map(|item| item.user_id);
        let before = queued;
        for (user_id, items) in &by_user {
            if full && by_user.len() > 1 && Some(*user_id) == last {
                continue;
            }
            let lines: Vec<_> = items
                .iter()
                .map(|item| (item.kind, link(state, &item.path)))
                .collect();
            let ids: Vec<i64> = items.iter().map(|item| item.id).collect();
            let mail = digest(&lines);
            queued += queue(state, &ids, &items[0].email, "digest", &mail, None).await;
        }
        if !full || queued == before {
            break;
        }
    }
    queued
}

async fn pending(
    state: &AppState,
    frequency: Frequency,
    before: Option<chrono::DateTime<chrono::Utc>>,
) -> Vec<PendingNotification> {
    match state
        .store
        .pending_notifications(frequency, before, BATCH)
        .await
    {
        Ok(pending) => pending,
        Err(error) => {
            tracing::warn!(%error, "notifications unreadable");
            Vec::new()
        }
    }
}

/// The `.ics` of the meeting an invitation is about (`meeting:42`).
async fn meeting_calendar(state: &AppState, about: &str) -> Option<String> {
    let id: i64 = about.strip_prefix("meeting:")?.parse().ok()?;
    let meeting = match state.store.invited_meeting(MeetingId::new(id)).await {
        Ok(meeting) => meeting?,
        Err(error) => {
            tracing::warn!(%error, "invited meeting unreadable");
            return None;
        }
    };
    let calendar = Calendar {
        name: meeting.committee_name.clone(),
        events: vec![event(&meeting)],
    };
    Some(calendar.to_ics())
}

async fn queue(
    state: &AppState,
    ids: &[i64],
    to: &str,
    kind: &str,
    mail: &maillage_domain::mail::MailBody,
    calendar: Option<String>,
) -> usize {
    match state
        .store
        .queue_notification_mail(ids, to, kind, mail, calendar.as_deref(), state.now())
        .await
    {
        Ok(true) => 1,
        Ok(false) => 0,
        Err(error) => {
            tracing::warn!(%error, "notification not queued");
            0
        }
    }
}

//! Notifications: each user's choice applied when one is recorded, one
//! thing told once, an inactive account told nothing; a notification put
//! in one message only, even by two workers at once.

use chrono::{Duration, TimeZone, Utc};
use maillage_domain::mail::MailBody;
use maillage_domain::notifications::{Frequency, NotificationKind};

use super::Fixture;
use crate::notifications::Notice;
use crate::{Actor, Store};

fn notice(kind: NotificationKind, about: &str) -> Notice {
    Notice {
        kind,
        path: "/adressages".into(),
        about: about.into(),
    }
}

pub async fn notifications_follow_choices_and_are_told_once(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let actor = Actor::system(now);
    let angers = f.angers_coordinator.user_id();
    let vaulx = f.vaulx_coordinator.user_id();
    store
        .set_notification_preferences(
            &actor,
            vaulx,
            &[(NotificationKind::ReferralToAccept, Frequency::Never)],
        )
        .await
        .unwrap();
    assert_eq!(
        store.notification_preferences(vaulx).await.unwrap(),
        [(NotificationKind::ReferralToAccept, Frequency::Never)]
    );
    let to_decide = notice(NotificationKind::ReferralToAccept, "referral:1");
    let due = notice(NotificationKind::CheckDue, "check:7:six_months");
    let recorded = store
        .notify(
            now,
            &[
                (angers, to_decide.clone()),
                (vaulx, to_decide.clone()),
                (angers, due.clone()),
                (angers, to_decide.clone()),
            ],
        )
        .await
        .unwrap();
    // Vaulx wants none of those; the same thing twice is once.
    assert_eq!(recorded, 2);
    assert_eq!(store.notify(now, &[(angers, due)]).await.unwrap(), 0);

    let immediate = store
        .pending_notifications(Frequency::Immediate, None, 10)
        .await
        .unwrap();
    assert_eq!(immediate.len(), 1);
    assert_eq!(
        (
            immediate[0].user_id,
            immediate[0].kind,
            immediate[0].email.as_str()
        ),
        (
            angers,
            NotificationKind::ReferralToAccept,
            "coord@angers.fr"
        )
    );
    // The digest's: made before the time asked, not after.
    let daily = |before| store.pending_notifications(Frequency::Daily, Some(before), 10);
    assert!(daily(now).await.unwrap().is_empty());
    let daily_ids: Vec<i64> = daily(now + Duration::hours(1))
        .await
        .unwrap()
        .iter()
        .map(|n| n.id)
        .collect();
    assert_eq!(daily_ids.len(), 1);

    let mail = MailBody {
        subject: "Maillage : un adressage attend votre décision".into(),
        text: "https://maillage.test/adressages".into(),
    };
    let backlog = store.outbox_backlog().await.unwrap();
    let id = immediate[0].id;
    let ids = [id];
    let (first, second) = tokio::join!(
        store.queue_notification_mail(&ids, "coord@angers.fr", "notification", &mail, None, now),
        store.queue_notification_mail(&ids, "coord@angers.fr", "notification", &mail, None, now),
    );
    assert_eq!(
        [first.unwrap(), second.unwrap()]
            .iter()
            .filter(|q| **q)
            .count(),
        1,
        "two workers, one message"
    );
    assert_eq!(store.outbox_backlog().await.unwrap(), backlog + 1);
    assert!(store
        .pending_notifications(Frequency::Immediate, None, 10)
        .await
        .unwrap()
        .is_empty());
    // A digest holding a notification already told is not queued at all.
    let told = store
        .queue_notification_mail(
            &[daily_ids[0], id],
            "coord@angers.fr",
            "digest",
            &mail,
            None,
            now,
        )
        .await
        .unwrap();
    assert!(!told);
    assert_eq!(store.outbox_backlog().await.unwrap(), backlog + 1);
    assert_eq!(daily(now + Duration::hours(1)).await.unwrap().len(), 1);
}

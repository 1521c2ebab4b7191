//! The outbox's worker: sends what the store queued (`maillage_store::mail`)
//! over SMTP (`lettre`; STARTTLS with `?tls=required` in the URL), retries
//! a failed message later (`domain::mail::retry_after`) and gives up on a
//! refusal the server calls permanent. Each message carries a Message-ID
//! made from its outbox id: should the worker stop between the server's
//! acceptance and the record of it, the copy sent again is the same
//! message, which mail systems recognise.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use maillage_domain::mail::{retry_after, OutboxMessage};

use crate::state::AppState;

/// Messages taken at each round: at most 5 × 30 s of SMTP timeouts, within
/// the claim's lease (`domain::mail::SENDING_LEASE`, 5 minutes), so that
/// no other worker takes them again meanwhile.
const BATCH: i64 = 5;

/// How often the worker looks at the outbox when nobody wakes it.
const ROUND: Duration = Duration::from_secs(30);

/// An SMTP server and the address messages come from.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// `url`: `smtp://user:password@host:587?tls=required` (STARTTLS),
    /// `smtps://…` (TLS from the start), `smtp://host:port` (neither: a
    /// local relay only); `from`: `Maillage <ne-pas-repondre@exemple.fr>`.
    pub fn new(url: &str, from: &str) -> Result<Mailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("adresse du serveur SMTP invalide : {e}"))?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        let from = from
            .parse()
            .map_err(|e| format!("adresse d'expédition invalide : {e}"))?;
        Ok(Mailer { transport, from })
    }

    fn message(&self, queued: &OutboxMessage) -> Result<Message, String> {
        let to: Mailbox = queued.to.parse().map_err(|e| format!("{e}"))?;
        let domain = self.from.email.domain().to_owned();
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&queued.subject)
            .message_id(Some(format!("<outbox-{}@{domain}>", queued.id)));
        let message = match &queued.calendar {
            None => builder
                .header(ContentType::TEXT_PLAIN)
                .body(queued.text.clone()),
            Some(calendar) => {
                let ics = ContentType::parse("text/calendar; charset=utf-8")
                    .map_err(|e| format!("{e}"))?;
                builder.multipart(
                    MultiPart::mixed()
                        .singlepart(SinglePart::plain(queued.text.clone()))
                        .singlepart(
                            Attachment::new("invitation.ics".to_owned())
                                .body(calendar.clone(), ics),
                        ),
                )
            }
        };
        message.map_err(|e| format!("{e}"))
    }

    /// Sends one message: `Err` with the reason and whether to try again.
    async fn send(&self, queued: &OutboxMessage) -> Result<(), (String, bool)> {
        let message = self.message(queued).map_err(|e| (e, false))?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) => Err((e.to_string(), !e.is_permanent())),
        }
    }
}

/// One round: every message due now, sent and settled; how many were sent.
pub async fn send_due(state: &AppState, mailer: &Mailer) -> usize {
    let messages = match state.store.claim_mail(state.now(), BATCH).await {
        Ok(messages) => messages,
        Err(error) => {
            tracing::warn!(%error, "outbox unreadable");
            return 0;
        }
    };
    let mut sent = 0;
    for message in &messages {
        let outcome = match mailer.send(message).await {
            Ok(()) => {
                sent += 1;
                state.store.mail_sent(message.id, state.now()).await
            }
            Err((error, transient)) => {
                tracing::warn!(id = message.id, %error, "message not sent");
                let retry = transient
                    .then(|| retry_after(message.attempts))
                    .flatten()
                    .map(|delay| state.now() + delay);
                state.store.mail_failed(message.id, &error, retry).await
            }
        };
        if let Err(error) = outcome {
            tracing::warn!(id = message.id, %error, "outbox not updated");
        }
    }
    sent
}

/// Sends forever: at each round, and whenever a page queues a message or
/// records a notification; once a day, first looks at what falls due.
pub async fn send_forever(state: AppState, mailer: Mailer) {
    let mut looked = None;
    loop {
        let today = state.today();
        if looked != Some(today) {
            crate::notify::look_for_due(&state, today).await;
            looked = Some(today);
        }
        crate::notify::queue_messages(&state).await;
        while send_due(&state, &mailer).await as i64 == BATCH {}
        let _ = tokio::time::timeout(ROUND, state.mail_queued.notified()).await;
    }
}

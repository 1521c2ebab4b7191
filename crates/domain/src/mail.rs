//! E-mail (*courriel*): what Maillage sends, written to an outbox
//! (*boîte d'envoi*) in the same transaction as the event it tells, then
//! sent by a worker that retries with a growing delay. A message never
//! names a person in its subject: it links to the page instead.

use chrono::Duration;

/// How long a reset link (*lien de réinitialisation*) opens the form.
pub const RESET_LIFETIME: Duration = Duration::hours(1);

/// How long a link a coordinator sends opens the form: an invitation
/// (*invitation*) to a new account, or a new password they asked for.
pub const INVITATION_LIFETIME: Duration = Duration::hours(72);

/// No second link within this delay: asking again does not flood a box.
pub const RESET_RESEND: Duration = Duration::minutes(5);

/// A claimed message not marked sent by then is tried again (a worker
/// that stopped mid-send).
pub const SENDING_LEASE: Duration = Duration::minutes(5);

/// Attempts before a message is given up (and kept, with its last error).
pub const MAX_ATTEMPTS: i64 = 8;

/// When to try again after `attempts` failed ones: 1, 2, 4… minutes
/// (about two hours in all); `None` once [`MAX_ATTEMPTS`] is reached.
pub fn retry_after(attempts: i64) -> Option<Duration> {
    (attempts < MAX_ATTEMPTS).then(|| Duration::minutes(1 << (attempts.max(1) - 1)))
}

/// A message to send, before its recipient is known to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailBody {
    pub subject: String,
    pub text: String,
}

/// A message: `subject`, and `body` between the greeting and the signature.
pub(crate) fn letter(subject: &str, body: String) -> MailBody {
    MailBody {
        subject: subject.to_owned(),
        text: format!("Bonjour,\n\n{body}\n\nMaillage, la plateforme des Cités de l'emploi\n"),
    }
}

/// The reset link's message: the link, its lifetime, what to do if the
/// request was not theirs.
pub fn password_reset(link: &str) -> MailBody {
    letter(
        "Maillage : choisir un nouveau mot de passe",
        format!(
            "Une demande de nouveau mot de passe a été faite pour votre compte Maillage.\n\
             Pour le choisir, ouvrez ce lien dans l'heure :\n\n{link}\n\n\
             Le lien ne sert qu'une fois. Si vous n'avez rien demandé, ignorez ce message : \
             votre mot de passe reste le même."
        ),
    )
}

/// A new account's invitation: who opened it, the link, what to do once it
/// has expired.
pub fn invitation(cite: &str, link: &str) -> MailBody {
    letter(
        "Maillage : votre compte est ouvert",
        format!(
            "La coordination de la {cite} vous a ouvert un compte sur Maillage, la plateforme \
             des Cités de l'emploi.\n\
             Pour choisir votre mot de passe, ouvrez ce lien dans les 72 heures :\n\n{link}\n\n\
             Le lien ne sert qu'une fois. Passé ce délai, utilisez « Mot de passe oublié ? » \
             sur la page de connexion, ou demandez un nouveau lien à votre coordination."
        ),
    )
}

/// The link a coordinator sends in place of the old password.
pub fn password_link(cite: &str, link: &str) -> MailBody {
    letter(
        "Maillage : choisir un nouveau mot de passe",
        format!(
            "La coordination de la {cite} a demandé un nouveau mot de passe pour votre compte \
             Maillage : l'ancien ne fonctionne plus.\n\
             Pour choisir le nouveau, ouvrez ce lien dans les 72 heures :\n\n{link}\n\n\
             Le lien ne sert qu'une fois."
        ),
    )
}

/// A message of the outbox, as the worker sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMessage {
    pub id: i64,
    /// The account's address, as it was when the message was queued.
    pub to: String,
    pub subject: String,
    pub text: String,
    /// A meeting invitation's calendar file (`.ics`), joined to the text.
    pub calendar: Option<String>,
    /// Attempts so far, this one included.
    pub attempts: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_each_time_then_stop() {
        let minutes: Vec<i64> = (1..MAX_ATTEMPTS)
            .map(|n| retry_after(n).unwrap().num_minutes())
            .collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 64]);
        assert_eq!(retry_after(MAX_ATTEMPTS), None);
        assert_eq!(retry_after(40), None);
        assert_eq!(retry_after(0).unwrap().num_minutes(), 1);
    }

    #[test]
    fn the_reset_message_links_without_naming_anyone() {
        let body = password_reset("https://maillage.example/mot-de-passe/abc");
        assert!(body
            .text
            .contains("https://maillage.example/mot-de-passe/abc"));
        assert!(!body.subject.contains('@'));
    }
}

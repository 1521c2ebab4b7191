//! Notifications (*notifications*) by e-mail: what happened or falls due
//! for a user, told at once, in a daily digest (*récapitulatif*) or never,
//! as each user chooses per kind. A message names no person: it says what
//! waits and links to the page where it is.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use crate::codes::code_list;
use crate::mail::{letter, MailBody};
use crate::time::paris_to_utc;

code_list!(
    /// What a notification tells (*genre*), in the order the preferences
    /// page lists them.
    NotificationKind {
        ReferralToAccept = "adressage-a-decider", "Un adressage attend la décision de la coordination";
        ReferralDecided = "adressage-decide", "Un adressage que vous avez fait est accepté ou refusé";
        CheckDue = "bilan-du", "Un bilan de situation (sortie, 6 mois, 12 mois) est à faire";
        ConsentToRenew = "consentement-a-renouveler", "Un consentement est à renouveler";
        CallClosing = "appel-cloture", "Un appel à projets se clôt bientôt";
        BilanDue = "bilan-action-du", "Le bilan d'une action financée est attendu";
        MeetingInvitation = "invitation-reunion", "Vous êtes invité à une réunion";
    }
);

code_list!(
    /// How often a user hears of a kind (*fréquence*).
    Frequency {
        Immediate = "immediat", "Tout de suite";
        Daily = "quotidien", "Dans le récapitulatif du jour";
        Never = "jamais", "Jamais";
    }
);

impl NotificationKind {
    /// Until the user chooses: what asks for an answer comes at once, what
    /// falls due in the days ahead comes in the digest.
    pub fn default_frequency(self) -> Frequency {
        match self {
            NotificationKind::ReferralToAccept
            | NotificationKind::ReferralDecided
            | NotificationKind::MeetingInvitation => Frequency::Immediate,
            NotificationKind::CheckDue
            | NotificationKind::ConsentToRenew
            | NotificationKind::CallClosing
            | NotificationKind::BilanDue => Frequency::Daily,
        }
    }

    /// The message's subject and first line: never a person's name.
    fn headline(self) -> &'static str {
        match self {
            NotificationKind::ReferralToAccept => "un adressage attend votre décision",
            NotificationKind::ReferralDecided => "la coordination a répondu à votre adressage",
            NotificationKind::CheckDue => "un bilan de situation est à faire",
            NotificationKind::ConsentToRenew => "un consentement est à renouveler",
            NotificationKind::CallClosing => "un appel à projets se clôt bientôt",
            NotificationKind::BilanDue => "le bilan d'une action financée est attendu",
            NotificationKind::MeetingInvitation => "vous êtes invité à une réunion",
        }
    }
}

/// How many days before its closing a call is announced.
pub const CALL_CLOSING_NOTICE_DAYS: i64 = 7;
/// The hour (Paris) the daily digest leaves.
pub const DIGEST_HOUR: u32 = 7;

/// When the digest of `today` may leave: 7 h in Paris.
pub fn digest_time(today: NaiveDate) -> DateTime<Utc> {
    paris_to_utc(today.and_time(NaiveTime::from_hms_opt(DIGEST_HOUR, 0, 0).unwrap_or_default()))
}

/// One notification's message: what waits, and the link to it.
pub fn notification(kind: NotificationKind, link: &str) -> MailBody {
    let headline = kind.headline();
    let mut first = headline.chars();
    let sentence = first
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + first.as_str())
        .unwrap_or_default();
    letter(
        &format!("Maillage : {headline}"),
        format!(
            "{sentence}.\nPour le voir, ouvrez ce lien (connexion demandée) :\n\n{link}\n\n{}",
            PREFERENCES_LINE
        ),
    )
}

/// The day's digest: one line per notification, with its link.
pub fn digest(items: &[(NotificationKind, String)]) -> MailBody {
    let lines = items
        .iter()
        .map(|(kind, link)| format!("- {} :\n  {link}", kind.label()))
        .collect::<Vec<_>>()
        .join("\n");
    let count = items.len();
    let subject = match count {
        1 => "Maillage : votre récapitulatif du jour (1 élément)".to_owned(),
        n => format!("Maillage : votre récapitulatif du jour ({n} éléments)"),
    };
    letter(
        &subject,
        format!(
            "Voici ce qui vous attend sur Maillage (connexion demandée) :\n\n{lines}\n\n{}",
            PREFERENCES_LINE
        ),
    )
}

const PREFERENCES_LINE: &str = "Vous choisissez ce que Maillage vous envoie, et quand, \
                                dans « Mon compte » (en haut de chaque page), rubrique \
                                « Mes notifications ».";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_link_to_the_page_and_name_nobody() {
        let message = notification(
            NotificationKind::ReferralToAccept,
            "https://maillage.test/adressages",
        );
        assert_eq!(
            message.subject,
            "Maillage : un adressage attend votre décision"
        );
        assert!(message.text.contains("Un adressage attend votre décision."));
        assert!(message.text.contains("https://maillage.test/adressages"));

        let digest = digest(&[
            (NotificationKind::CheckDue, "https://m.test/a-faire".into()),
            (
                NotificationKind::BilanDue,
                "https://m.test/conventions".into(),
            ),
        ]);
        assert_eq!(
            digest.subject,
            "Maillage : votre récapitulatif du jour (2 éléments)"
        );
        assert!(digest.text.contains("https://m.test/conventions"));
    }

    #[test]
    fn the_digest_leaves_at_seven_in_paris_whatever_the_season() {
        let winter = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let summer = NaiveDate::from_ymd_opt(2026, 7, 7).unwrap();
        assert_eq!(
            digest_time(winter).to_rfc3339(),
            "2026-12-07T06:00:00+00:00"
        );
        assert_eq!(
            digest_time(summer).to_rfc3339(),
            "2026-07-07T05:00:00+00:00"
        );
    }

    #[test]
    fn answers_come_at_once_and_deadlines_in_the_digest_by_default() {
        assert_eq!(
            NotificationKind::ReferralToAccept.default_frequency(),
            Frequency::Immediate
        );
        assert_eq!(
            NotificationKind::CheckDue.default_frequency(),
            Frequency::Daily
        );
    }
}

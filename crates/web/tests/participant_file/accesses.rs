//! « Qui a consulté ce dossier »: the file shows the latest lines and links
//! to the whole log, paged, which answers 404 to those who may not see it.

use axum::http::StatusCode;
use maillage_store::case_file::FILE_ACCESSES;

use crate::both_backends;
use crate::common::{Backend, TestApp};
use crate::fixtures::{open, person, section};

both_backends!(
    the_whole_access_log_is_one_link_away,
    |app: TestApp| async move {
        let id = person(&app, &[]).await;
        let mut lead = app.signed_in("referent@angers.fr").await;
        let body = open(&mut lead, id).await;
        assert!(!section(&body, "consultations").contains("Tout le journal"));

        // Sixty readings: more than the file shows, more than one page.
        for _ in 0..60 {
            open(&mut lead, id).await;
        }
        let body = open(&mut lead, id).await;
        let accesses = section(&body, "consultations");
        assert_eq!(accesses.matches("<tr><td>").count() as i64, FILE_ACCESSES);
        assert!(accesses.contains(&format!(
            "Dernières consultations et modifications (les {FILE_ACCESSES} plus récentes)"
        )));
        let link = format!("href=\"/personnes/{id}/consultations\"");
        assert!(accesses.contains(&link), "{accesses}");

        let first = lead.get(&format!("/personnes/{id}/consultations")).await;
        assert_eq!(first.status, StatusCode::OK, "{}", first.body);
        assert!(first
            .body
            .contains("Amina Belkacem : qui a consulté ce dossier"));
        assert!(first.body.contains("page 1 sur 2"), "{}", first.body);
        assert_eq!(first.body.matches("<tr><td>").count(), 50);
        // The links keep to the log as this page saw it.
        let link = format!("href=\"/personnes/{id}/consultations?page=2&#38;jusqu_a=");
        let start = first.body.find(&link).expect("a link to page 2") + "href=\"".len();
        let next = first.body[start..]
            .split('"')
            .next()
            .unwrap()
            .replace("&#38;", "&");
        // The oldest line, the entry into the cohort, is on the last page.
        assert!(!first.body.contains("Entrée dans la cohorte"));
        let last = lead.get(&next).await;
        assert_eq!(last.status, StatusCode::OK);
        assert!(last.body.contains("page 2 sur 2"), "{}", last.body);
        assert!(
            last.body.contains("Entrée dans la cohorte"),
            "{}",
            last.body
        );
        // A page past the end is the last one; a malformed number, the first.
        let past = lead.get(&next.replace("page=2", "page=99")).await;
        assert!(past.body.contains("page 2 sur 2"));
        let odd = lead
            .get(&format!("/personnes/{id}/consultations?page=deux"))
            .await;
        assert!(odd.body.contains("page 1 sur 2"));

        // Another Cité's coordinator: as missing as a missing file.
        let mut other = app.signed_in("coord@vaulx.fr").await;
        let refused = other.get(&format!("/personnes/{id}/consultations")).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND);
        let missing = lead.get("/personnes/999999/consultations").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
    }
);

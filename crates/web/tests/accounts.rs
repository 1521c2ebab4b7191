//! Who may take over an account, removing one from a Cité, and signing out
//! everywhere at once.

mod common;

use axum::http::StatusCode;
use common::{html, Backend, TestApp, PASSWORD};

both_backends!(
    signing_out_ends_every_session_of_the_user,
    |app: TestApp| async move {
        let mut office = app.signed_in("coord@angers.fr").await;
        let mut laptop = app.signed_in("coord@angers.fr").await;
        let mut colleague = app.signed_in("referent@angers.fr").await;
        assert_eq!(
            office.post("/deconnexion", &[]).await.location(),
            "/connexion"
        );
        assert_eq!(laptop.get("/").await.location(), "/connexion");
        assert_eq!(colleague.get("/").await.status, StatusCode::OK);
    }
);

both_backends!(
    an_account_shared_with_another_cite_cannot_be_taken_over,
    |app: TestApp| async move {
        // multi@ is co-pilot of both Angers and Vaulx: Vaulx's coordinator
        // must not be able to become it and read Angers.
        let multi = app.user_id("multi@prefecture.fr").await;
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        let list = vaulx.get("/comptes").await;
        assert!(list.body.contains("Compte partagé avec une autre Cité"));
        assert!(!list
            .body
            .contains(&format!("/comptes/{multi}/mot-de-passe")));
        let reset = vaulx
            .post(&format!("/comptes/{multi}/mot-de-passe"), &[])
            .await;
        assert_eq!(reset.status, StatusCode::BAD_REQUEST);
        assert!(reset.body.contains(&html(
            "seule l'équipe nationale peut changer son mot de passe"
        )));
        let mut multi_client = app.client();
        assert_eq!(
            multi_client
                .sign_in("multi@prefecture.fr", PASSWORD)
                .await
                .location(),
            "/",
            "the password did not change"
        );

        // Vaulx may only end the membership in Vaulx, after confirming.
        let ask = vaulx.get(&format!("/comptes/{multi}/retirer")).await;
        assert_eq!(ask.status, StatusCode::OK);
        assert!(ask
            .body
            .contains("Retirer le compte de Compte multi@prefecture.fr"));
        let done = vaulx.post(&format!("/comptes/{multi}/retirer"), &[]).await;
        assert_eq!(done.location(), "/comptes?fait=compte-retire");
        assert!(vaulx
            .get(done.location())
            .await
            .body
            .contains("Le compte a été retiré de la Cité"));
        assert_eq!(multi_client.get("/").await.location(), "/connexion");
        let memberships = app.store.memberships(multi).await.unwrap();
        assert_eq!(
            memberships.iter().map(|m| m.cite_id).collect::<Vec<_>>(),
            [app.angers]
        );

        // Now wholly Angers': Angers' coordinator may reset it; Vaulx no
        // longer sees it at all.
        let mut angers = app.signed_in("coord@angers.fr").await;
        assert!(angers
            .get("/comptes")
            .await
            .body
            .contains(&format!("/comptes/{multi}/mot-de-passe")));
        assert_eq!(
            angers
                .post(&format!("/comptes/{multi}/mot-de-passe"), &[])
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            vaulx.get(&format!("/comptes/{multi}/retirer")).await.status,
            StatusCode::NOT_FOUND
        );
    }
);

both_backends!(
    a_coordinator_cannot_remove_themselves,
    |app: TestApp| async move {
        let me = app.user_id("coord@angers.fr").await;
        let mut client = app.signed_in("coord@angers.fr").await;
        let ask = client.get(&format!("/comptes/{me}/retirer")).await;
        assert!(ask
            .body
            .contains("Vous ne pouvez pas vous retirer vous-même de la Cité."));
        let refused = client.post(&format!("/comptes/{me}/retirer"), &[]).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert_eq!(client.get("/comptes").await.status, StatusCode::OK);
        let mut referent = app.signed_in("referent@angers.fr").await;
        assert_eq!(
            referent.get(&format!("/comptes/{me}/retirer")).await.status,
            StatusCode::FORBIDDEN
        );
    }
);

both_backends!(
    refused_reads_and_failed_sign_ins_are_in_a_journal_once_a_minute,
    |app: TestApp| async move {
        let person = common::people::participant("Awa", "Benali");
        let today = chrono::Utc::now().date_naive();
        let draft = person.validate(&[], &[], today).unwrap();
        let (id, _) = app.propose(&draft, today).await;
        for email in [
            "pilote@angers.fr",
            "porteur@angers.fr",
            "national@anct.gouv.fr",
        ] {
            let mut client = app.signed_in(email).await;
            for _ in 0..3 {
                let page = client.get(&format!("/personnes/{id}")).await;
                assert_eq!(page.status, StatusCode::NOT_FOUND, "{email}");
            }
        }
        let mut stranger = app.client();
        for _ in 0..3 {
            stranger.sign_in("coord@angers.fr", "pas le bon").await;
        }

        // The Cité's coordinator sees the refusals of its members, each once.
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let journal = coordinator.get("/journal").await.body;
        for who in ["Compte pilote@angers.fr", "Compte porteur@angers.fr"] {
            let lines = journal
                .split("<tr>")
                .filter(|row| row.contains(who) && row.contains("Consultation refusée"))
                .count();
            assert_eq!(lines, 1, "{who}: {journal}");
        }
        assert!(!journal.contains("national@anct.gouv.fr"));
        // The national team reviews its own refusals and failed sign-ins.
        let mut national = app.signed_in("national@anct.gouv.fr").await;
        let security = national.get("/journal").await;
        assert_eq!(security.status, StatusCode::OK);
        assert!(security.body.contains("Journal de sécurité"));
        let count = |label: &str| {
            security
                .body
                .split("<tr>")
                .filter(|row| row.contains(label))
                .count()
        };
        assert_eq!(count("Consultation refusée"), 1);
        assert_eq!(count("Connexion refusée"), 1, "three attempts, one line");
        assert!(security.body.contains("coord@angers.fr"));
        // A minute later, a new attempt is written again.
        app.clock.advance(chrono::Duration::minutes(1));
        stranger.sign_in("coord@angers.fr", "toujours pas").await;
        let security = national.get("/journal").await.body;
        let failed = security
            .split("<tr>")
            .filter(|row| row.contains("Connexion refusée"))
            .count();
        assert_eq!(failed, 2);
    }
);

both_backends!(
    a_coordinator_deactivates_an_account_after_confirming_the_password,
    |app: TestApp| async move {
        let referent_id = app.user_id("referent@angers.fr").await;
        let mut referent = app.signed_in("referent@angers.fr").await;
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let path = format!("/comptes/{referent_id}/desactiver");
        // Ten minutes later, the password is asked again, then the page comes back.
        app.clock.advance(chrono::Duration::minutes(11));
        let stale = coordinator.get(&path).await;
        assert_eq!(stale.status, StatusCode::SEE_OTHER);
        assert!(stale.location().starts_with("/reconnexion?retour="));
        coordinator.get(stale.location()).await;
        let confirmed = coordinator
            .post(
                "/reconnexion",
                &[("retour", path.as_str()), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(confirmed.location(), path);
        let ask = coordinator.get(&path).await;
        assert!(ask
            .body
            .contains("Désactiver le compte de Compte referent@angers.fr"));
        let done = coordinator.post(&path, &[]).await;
        assert_eq!(done.location(), "/comptes?fait=compte-desactive");
        // Its session ends at once, and it cannot sign in again.
        assert_eq!(referent.get("/").await.location(), "/connexion");
        let mut again = app.client();
        assert_eq!(
            again.sign_in("referent@angers.fr", PASSWORD).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let list = coordinator.get("/comptes").await;
        assert!(list.body.contains("Désactivé"));
        let back = coordinator
            .post(&format!("/comptes/{referent_id}/reactiver"), &[])
            .await;
        assert_eq!(back.location(), "/comptes?fait=compte-reactive");
        assert_eq!(
            again
                .sign_in("referent@angers.fr", PASSWORD)
                .await
                .location(),
            "/"
        );
        // Never an account shared with a Cité one does not coordinate.
        let multi = app.user_id("multi@prefecture.fr").await;
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        let refused = vaulx
            .post(&format!("/comptes/{multi}/desactiver"), &[])
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(refused.body.contains("seule l&#39;équipe nationale"));
    }
);

both_backends!(
    a_coordinator_changes_a_role_which_applies_at_once,
    |app: TestApp| async move {
        let referent_id = app.user_id("referent@angers.fr").await;
        let mut referent = app.signed_in("referent@angers.fr").await;
        assert_eq!(referent.get("/personnes").await.status, StatusCode::OK);
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let path = format!("/comptes/{referent_id}/role");
        let form = coordinator.get(&path).await;
        assert!(form
            .body
            .contains("est aujourd'hui : Référent·e partenaire"));
        let partner = app.angers_partner.to_string();
        let missing = coordinator
            .post(&path, &[("role", "porteur"), ("partner_id", "")])
            .await;
        assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(missing
            .body
            .contains("rattaché à un partenaire : choisissez-le."));
        let done = coordinator
            .post(&path, &[("role", "porteur"), ("partner_id", &partner)])
            .await;
        assert_eq!(done.location(), "/comptes?fait=role-change");
        // Its very next page is a porteur's: no person files.
        assert_eq!(
            referent.get("/personnes").await.status,
            StatusCode::NOT_FOUND
        );
        // Not one's own role.
        let me = app.user_id("coord@angers.fr").await;
        let own = coordinator
            .post(
                &format!("/comptes/{me}/role"),
                &[("role", "pilote"), ("partner_id", "")],
            )
            .await;
        assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(own
            .body
            .contains("Vous ne pouvez pas changer votre propre rôle."));
    }
);

both_backends!(
    the_journal_filters_by_who_what_and_when,
    |app: TestApp| async move {
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let mut referent = app.signed_in("referent@angers.fr").await;
        referent.get("/personnes/999999").await;
        let rows = |body: &str, label: &str| {
            body.split("<tr>")
                .filter(|row| row.contains(&format!("<td>{label}</td>")))
                .count()
        };
        // By default, sign-ins do not bury the rest.
        let all = coordinator.get("/journal").await.body;
        assert_eq!(rows(&all, "Connexion"), 0);
        assert_eq!(rows(&all, "Consultation refusée"), 1);
        let sign_ins = coordinator.get("/journal?quoi=connexions").await.body;
        assert!(rows(&sign_ins, "Connexion") >= 2);
        assert_eq!(rows(&sign_ins, "Consultation refusée"), 0);
        let referent_id = app.user_id("referent@angers.fr").await;
        let theirs = coordinator
            .get(&format!("/journal?quoi=connexions&qui={referent_id}"))
            .await
            .body;
        assert_eq!(rows(&theirs, "Connexion"), 1);
        let today = maillage_domain::time::paris_date(chrono::Utc::now());
        let tomorrow = today.succ_opt().unwrap();
        let later = coordinator
            .get(&format!("/journal?quoi=connexions&du={tomorrow}"))
            .await
            .body;
        assert_eq!(rows(&later, "Connexion"), 0);
        let until_today = coordinator
            .get(&format!("/journal?quoi=connexions&du={today}&au={today}"))
            .await
            .body;
        assert!(rows(&until_today, "Connexion") >= 2);
    }
);

both_backends!(
    files_led_by_a_removed_account_go_back_to_their_partner_with_a_trace,
    |app: TestApp| async move {
        let person = common::people::participant("Awa", "Benali");
        let today = chrono::Utc::now().date_naive();
        let draft = person.validate(&[], &[], today).unwrap();
        let (id, _) = app.propose(&draft, today).await;
        let referent_id = app.user_id("referent@angers.fr").await;
        let actor = maillage_store::Actor::system(chrono::Utc::now());
        let coordinator = app.coordinator().await;
        app.store
            .set_lead_user(&actor, &coordinator, id, referent_id)
            .await
            .unwrap();
        let mut client = app.signed_in("coord@angers.fr").await;
        let done = client
            .post(&format!("/comptes/{referent_id}/retirer"), &[])
            .await;
        assert_eq!(done.location(), "/comptes?fait=compte-retire");
        let log = app.store.audit_log(&coordinator, 100).await.unwrap();
        assert!(log.iter().any(|row| row.action == "participant.lead"
            && row.person_id == Some(id)
            && row.detail.as_deref() == Some("référent retiré de la Cité")));
    }
);

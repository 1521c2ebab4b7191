//! Notes, sharing with consent and specialised partners, seen from each side.

use axum::http::StatusCode;
use maillage_domain::accounts::Role;

use crate::both_backends;
use crate::common::{Backend, TestApp};
use crate::fixtures::{iso, open, person, saved, section, today};

both_backends!(
    notes_are_private_to_their_organisation,
    |app: TestApp| async move {
        let id = person(&app, &[]).await;
        let mut referent = app.signed_in("referent@angers.fr").await;
        open(&mut referent, id).await;
        for (body, private) in [
            ("Rendez-vous pris avec l'auto-école.", false),
            ("Difficultés <script>alert(1)</script> familiales", true),
        ] {
            let mut fields = vec![("body", body)];
            if private {
                fields.push(("private", "on"));
            }
            let added = referent
                .post(&format!("/personnes/{id}/notes"), &fields)
                .await;
            assert_eq!(
                added.location(),
                format!("/personnes/{id}?fait=note-ajoutee#notes")
            );
        }
        let mut coord = app.signed_in("coord@angers.fr").await;
        open(&mut coord, id).await;
        coord
            .post(
                &format!("/personnes/{id}/notes"),
                &[("body", "Note de la coordination"), ("private", "on")],
            )
            .await;

        let body = open(&mut referent, id).await;
        let notes = section(&body, "notes");
        assert!(notes.contains("Rendez-vous pris avec l&#39;auto-école."));
        assert!(notes.contains("Difficultés &#60;script&#62;alert(1)&#60;/script&#62; familiales"));
        assert!(!notes.contains("<script>alert"), "free text is escaped");
        assert!(notes.contains("Note interne à votre organisation"));
        assert!(!notes.contains("Note de la coordination"));

        let body = open(&mut coord, id).await;
        let notes = section(&body, "notes");
        assert!(notes.contains("Rendez-vous pris"));
        assert!(notes.contains("Note de la coordination"));
        assert!(!notes.contains("Difficultés"));

        let empty = referent
            .post(&format!("/personnes/{id}/notes"), &[("body", "  ")])
            .await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(empty.body.contains(
            "<p id=\"note-body-error\" class=\"fr-error-text\">Ce champ est obligatoire.</p>"
        ));
        let long = "a".repeat(5001);
        let too_long = referent
            .post(
                &format!("/personnes/{id}/notes"),
                &[("body", long.as_str()), ("private", "on")],
            )
            .await;
        assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(too_long.body.contains("5000 caractères au maximum."));
        assert!(too_long.body.contains(
            "id=\"note-private\" name=\"private\" aria-describedby=\"note-private-hint\" checked"
        ));
        assert_eq!(
            saved(&app, id).await.notes.len(),
            2,
            "the coordinator's view: nothing more"
        );
        let unknown_field = referent
            .post(
                &format!("/personnes/{id}/notes"),
                &[("body", "x"), ("author", "moi")],
            )
            .await;
        assert_eq!(unknown_field.status, StatusCode::BAD_REQUEST);
    }
);

both_backends!(sharing_follows_the_consent, |app: TestApp| async move {
    let cidff = app
        .partner_with_referent("CIDFF de Maine-et-Loire", "referent@cidff.fr", false)
        .await;
    let caf = app
        .partner_with_referent("CAF de Maine-et-Loire", "referent@caf.fr", false)
        .await;
    let id = person(&app, &[cidff]).await;
    let mut shared = app.signed_in("referent@cidff.fr").await;
    let missing = shared
        .get(&format!("/personnes/{}", id.get() + 1000))
        .await
        .body;
    let before = shared.get(&format!("/personnes/{id}")).await;
    assert_eq!(
        (before.status, before.body.as_str()),
        (StatusCode::NOT_FOUND, missing.as_str())
    );

    let mut lead = app.signed_in("referent@angers.fr").await;
    let body = open(&mut lead, id).await;
    let sharing = section(&body, "partage");
    assert!(sharing.contains("Par écrit (formulaire signé)"));
    assert!(sharing.contains("CIDFF de Maine-et-Loire"));
    assert!(sharing.contains("En vigueur"));
    assert!(
        !sharing.contains(&format!("<option value=\"{caf}\"")),
        "only covered partners are offered"
    );
    let uncovered = lead
        .post(
            &format!("/personnes/{id}/partages"),
            &[("partner_id", &caf.to_string())],
        )
        .await;
    assert_eq!(uncovered.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(uncovered
        .body
        .contains("<p id=\"partage-partner_id-error\" class=\"fr-error-text\">Le consentement de la personne ne couvre pas ce partenaire.</p>"));
    assert!(saved(&app, id).await.shared_with.is_empty());

    let done = lead
        .post(
            &format!("/personnes/{id}/partages"),
            &[("partner_id", &cidff.to_string())],
        )
        .await;
    assert_eq!(
        done.location(),
        format!("/personnes/{id}?fait=dossier-partage#partage")
    );
    let body = open(&mut shared, id).await;
    assert!(body.contains("Amina Belkacem"));
    assert!(
        !body.contains("Retirer le consentement"),
        "only the lead and coordinators manage"
    );
    // A partner the file is shared with follows the person, but does not manage the file.
    assert_eq!(
        shared
            .post(
                &format!("/personnes/{id}/partages"),
                &[("partner_id", &cidff.to_string())]
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        shared
            .post(&format!("/personnes/{id}/consentement/retirer"), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let note = shared
        .post(
            &format!("/personnes/{id}/notes"),
            &[("body", "Entretien au CIDFF")],
        )
        .await;
    assert_eq!(note.status, StatusCode::SEE_OTHER);

    // The lead référent, named among the lead partner's référents only.
    let cidff_user = app.user_id("referent@cidff.fr").await.to_string();
    let wrong = lead
        .post(
            &format!("/personnes/{id}/referent"),
            &[("user_id", &cidff_user)],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("id=\"referent-user_id-error\""));
    let own = app.user_id("referent@angers.fr").await.to_string();
    let named = lead
        .post(&format!("/personnes/{id}/referent"), &[("user_id", &own)])
        .await;
    assert_eq!(
        named.location(),
        format!("/personnes/{id}?fait=referent-designe#suivi")
    );
    let body = open(&mut lead, id).await;
    assert!(section(&body, "suivi").contains("Compte referent@angers.fr"));

    let withdrawn = lead
        .post(&format!("/personnes/{id}/consentement/retirer"), &[])
        .await;
    assert_eq!(
        withdrawn.location(),
        format!("/personnes/{id}?fait=consentement-retire#partage")
    );
    let after = shared.get(&format!("/personnes/{id}")).await;
    assert_eq!(
        (after.status, after.body.as_str()),
        (StatusCode::NOT_FOUND, missing.as_str())
    );

    let body = open(&mut lead, id).await;
    let sharing = section(&body, "partage");
    assert!(sharing.contains("Retiré le"));
    assert!(sharing.contains("n'y a plus accès"));
    assert!(!sharing.contains("Retirer le consentement"));
    let accesses = section(&body, "consultations");
    for expected in [
        "Compte referent@cidff.fr",
        "CIDFF de Maine-et-Loire",
        "Compte referent@angers.fr",
        "Mission locale angevine",
        "Consultation du dossier",
        "Partage du dossier",
        "Ajout d&#39;une note",
        "Désignation du référent",
        "Retrait du consentement",
        "Entrée dans la cohorte",
    ] {
        assert!(
            accesses.contains(expected),
            "{expected} missing from « Qui a consulté »"
        );
    }
});

both_backends!(
    a_specialised_partner_stays_anonymous,
    |app: TestApp| async move {
        let spip = app
            .partner_with_referent("SPIP d'Angers", "referent@spip.fr", true)
            .await;
        let cidff = app
            .partner_with_referent("CIDFF de Maine-et-Loire", "referent@cidff.fr", false)
            .await;
        let id = person(&app, &[cidff]).await;
        let mut lead = app.signed_in("referent@angers.fr").await;
        open(&mut lead, id).await;
        lead.post(
            &format!("/personnes/{id}/partages"),
            &[("partner_id", &cidff.to_string())],
        )
        .await;
        let added = lead
            .post(
                &format!("/personnes/{id}/etapes"),
                &[
                    ("label", "Rendez-vous de suivi"),
                    ("partner_id", &spip.to_string()),
                    ("planned_on", &iso(today())),
                    ("status", "planned"),
                ],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER);

        for email in ["referent@angers.fr", "referent@cidff.fr"] {
            let mut client = app.signed_in(email).await;
            let body = open(&mut client, id).await;
            let timeline = section(&body, "parcours");
            let steps = &timeline[..timeline.find("Ajouter une étape").unwrap()];
            assert!(
                steps.contains("Partenaire : partenaire spécialisé"),
                "{email}"
            );
            assert!(!steps.contains("SPIP"), "{email}");
        }
        let mut coord = app.signed_in("coord@angers.fr").await;
        let body = open(&mut coord, id).await;
        assert!(section(&body, "parcours").contains("Partenaire : SPIP d&#39;Angers"));
    }
);

both_backends!(
    sharing_offers_only_partners_where_someone_can_open_the_file,
    |app: TestApp| async move {
        let cidff = app
            .partner_with_referent("CIDFF", "juriste@cidff.fr", false)
            .await;
        let par_emploi = app
            .partner_with(
                "Association Par'Emploi",
                "porteur@paremploi.fr",
                Role::Porteur,
                false,
            )
            .await;
        let id = person(&app, &[cidff, par_emploi]).await;
        let mut referent = app.signed_in("referent@angers.fr").await;
        let body = open(&mut referent, id).await;
        let sharing = section(&body, "partage");
        assert!(sharing.contains(&format!("<option value=\"{cidff}\">CIDFF</option>")));
        assert!(!sharing.contains(&format!("<option value=\"{par_emploi}\"")));
        assert!(sharing.contains(
            "sans compte référent, donc personne n'y verrait le dossier pour l'instant : Association Par&#39;Emploi."
        ));
    }
);

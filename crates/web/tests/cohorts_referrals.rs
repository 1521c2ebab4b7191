//! Cohorts and referrals through the real router: the coordinator's cohorts,
//! a référent's proposal, the coordinator's decision, who sees what.

mod common;
#[path = "cohorts_referrals/fixtures.rs"]
mod fixtures;

use axum::http::StatusCode;
use chrono::{Datelike, Duration, NaiveDate};
use common::{html, Backend, TestApp};
use fixtures::*;
use maillage_domain::participants::cohorts::ReferralStatus;

both_backends!(
    cohorts_are_created_filled_and_closed,
    |app: TestApp| async move {
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let page = coordinator.get("/cohortes").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Créer une cohorte"));
        assert!(
            page.body.contains("name=\"follow_up_months\" value=\"12\""),
            "twelve months by default"
        );
        let start = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        let end = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        let fields = cohort_fields("Cohorte 2026", start, end);
        let created = post(&mut coordinator, "/cohortes", &fields).await;
        assert_eq!(created.status, StatusCode::SEE_OTHER);
        let page = coordinator.get(created.location()).await;
        assert!(page.body.contains("La cohorte a été créée"));
        assert!(page.body.contains("Cohorte 2026"));
        assert!(page.body.contains("du 05/01/2026 au 31/12/2026"));
        assert!(page.body.contains("0 / 90"));
        assert!(page.body.contains("<progress max=\"90\" value=\"0\""));
        assert!(page.body.contains("Entrées ouvertes"));

        // A duplicate name is a field error, the values stay.
        let duplicate = post(&mut coordinator, "/cohortes", &fields).await;
        assert_eq!(duplicate.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(duplicate.body.contains("id=\"name-error\""));
        assert!(duplicate.body.contains("value=\"2026-12-31\""));
        // So is a window that ends before it starts.
        let backwards = cohort_fields("Cohorte à l'envers", end, start);
        let refused = post(&mut coordinator, "/cohortes", &backwards).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("id=\"intake_end-error\""));
        assert!(refused
            .body
            .contains("La fin des entrées doit suivre leur début."));
        let cohorts = app.store.cohorts(&angers_reader(&app)).await.unwrap();
        assert_eq!(cohorts.len(), 1, "nothing else saved");
        let id = cohorts[0].id;

        // Every member of the Cité reads the cohorts; only the coordinator changes them.
        for email in [
            "referent@angers.fr",
            "pilote@angers.fr",
            "porteur@angers.fr",
        ] {
            let mut member = app.signed_in(email).await;
            let page = member.get("/cohortes").await;
            assert_eq!(page.status, StatusCode::OK, "{email}");
            assert!(page.body.contains("Cohorte 2026"), "{email}");
            assert!(!page.body.contains("Créer une cohorte"), "{email}");
            assert!(!page.body.contains("Clore les entrées"), "{email}");
            let other = cohort_fields("Autre", start, end);
            assert_eq!(
                post(&mut member, "/cohortes", &other).await.status,
                StatusCode::FORBIDDEN,
                "{email}"
            );
            let close = format!("/cohortes/{id}/cloturer");
            assert_eq!(
                member.post(&close, &[]).await.status,
                StatusCode::FORBIDDEN,
                "{email}"
            );
        }
        let mut national = app.signed_in("national@anct.gouv.fr").await;
        assert_eq!(
            national.get("/cohortes").await.status,
            StatusCode::NOT_FOUND
        );
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        assert!(!vaulx.get("/cohortes").await.body.contains("du 05/01/2026"));
        assert_eq!(
            vaulx
                .post(&format!("/cohortes/{id}/cloturer"), &[])
                .await
                .status,
            StatusCode::NOT_FOUND
        );

        let closed = coordinator
            .post(&format!("/cohortes/{id}/cloturer"), &[])
            .await;
        assert_eq!(closed.location(), "/cohortes?fait=entrees-closes");
        let page = coordinator.get(closed.location()).await;
        assert!(page.body.contains("Les entrées de la cohorte sont closes"));
        assert!(page.body.contains("Entrées closes"));
        assert!(
            !page.body.contains("/cloturer\""),
            "no button on a closed cohort"
        );
        assert_eq!(
            coordinator
                .post(&format!("/cohortes/{id}/cloturer"), &[])
                .await
                .status,
            StatusCode::NOT_FOUND,
            "already closed"
        );
        // A closed cohort takes no proposal.
        let mut referent = app.signed_in("referent@angers.fr").await;
        let form = referent.get("/adressages/nouveau").await;
        assert!(!form.body.contains("Cohorte 2026"));
        assert!(form
            .body
            .contains("Aucune cohorte n'est ouverte aux entrées"));
        let sent = post(&mut referent, "/adressages", &proposal(id)).await;
        assert_eq!(sent.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(sent.body.contains("id=\"cohort_id-error\""));
    }
);

both_backends!(
    a_proposal_goes_to_the_coordinator_and_back,
    |app: TestApp| async move {
        let cohort = open_cohort(&app, "Cohorte 2026").await;
        let other_partner = second_referent(&app).await;
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        coordinator.get("/cite").await;
        let qpv = [
            ("code", "QN04901M"),
            ("name", "Belle-Beille"),
            ("communes", "49007"),
            ("population", ""),
        ];
        coordinator.post("/cite/qpv", &qpv).await;
        let qpv_id = app
            .store
            .qpvs(&angers_reader(&app), app.angers)
            .await
            .unwrap()[0]
            .id;

        let mut referent = app.signed_in("referent@angers.fr").await;
        let form = referent.get("/adressages/nouveau").await;
        assert_eq!(form.status, StatusCode::OK);
        for text in [
            "Cohorte 2026</option>",
            "Belle-Beille (QN04901M)",
            "value=\"hors-qpv\"",
            "habitants des quartiers prioritaires",
            "Chômeur de longue durée",
            "CITE 3 et 4 (CAP, BEP, baccalauréat)",
            "Ne souhaite pas répondre",
            "Donnée sensible",
            "CIDFF de Maine-et-Loire",
            "1234567A",
        ] {
            assert!(form.body.contains(&html(text)), "{text}");
        }
        assert!(
            !form
                .body
                .contains(&format!("id=\"consent_partner-{}\"", app.angers_partner)),
            "the proposer's own partner follows the person anyway"
        );
        let mut fields = proposal(cohort);
        fields.retain(|(name, _)| *name != "residence");
        fields.extend([
            ("residence", qpv_id.to_string()),
            ("consent_date", iso(today(&app))),
            ("consent_method", "ecrit".to_owned()),
            ("consent_partners", other_partner.to_string()),
        ]);
        let sent = post(&mut referent, "/adressages", &fields).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        let referral = referrals(&app).await.remove(0);
        let person_link = format!(
            "<a href=\"/personnes/{}\">BELKACEM Amina</a>",
            referral.participant_id
        );
        let list = referent.get(sent.location()).await;
        assert!(list.body.contains("La personne a été proposée"));
        assert!(list.body.contains(&person_link));
        assert!(list.body.contains("En attente"));
        assert!(!list.body.contains("/accepter"), "référents do not decide");

        let page = coordinator.get("/adressages").await;
        assert!(page.body.contains("À décider (1)"));
        assert!(page.body.contains(&person_link));
        assert!(page
            .body
            .contains(&html("Recherche d'un emploi près de chez elle")));
        assert!(page.body.contains("Mission locale angevine"));
        assert!(
            page.body
                .contains(&format!("value=\"{}\"", iso(today(&app)))),
            "entry today by default"
        );
        for email in ["referent2@angers.fr", "referent@vaulx.fr", "coord@vaulx.fr"] {
            let mut other = app.signed_in(email).await;
            let page = other.get("/adressages").await;
            assert_eq!(page.status, StatusCode::OK, "{email}");
            assert!(!page.body.contains("Belkacem"), "{email}");
        }

        // An entry date outside the intake window: explained, nothing changed.
        let accept = format!("/adressages/{}/accepter", referral.id);
        let early = iso(today(&app) - Duration::days(45));
        let refused = coordinator
            .post(&accept, &[("entry_date", early.as_str())])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("La décision n'a pas été enregistrée"));
        assert!(refused
            .body
            .contains(&format!("id=\"entry_date-{}-error\"", referral.id)));
        assert!(refused.body.contains(&html(
            "La date d'entrée doit se trouver dans la période d'entrée de la cohorte."
        )));
        assert!(
            refused.body.contains(&format!("value=\"{early}\"")),
            "the date typed stays"
        );
        let malformed = coordinator
            .post(&accept, &[("entry_date", "32/13/2026")])
            .await;
        assert_eq!(malformed.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(malformed.body.contains("Date invalide"));
        let unchanged = referrals(&app).await;
        assert_eq!(unchanged[0].status, ReferralStatus::Proposed);
        assert_eq!(
            app.store.cohorts(&angers_reader(&app)).await.unwrap()[0].members,
            0
        );

        let accepted = coordinator
            .post(&accept, &[("entry_date", iso(today(&app)).as_str())])
            .await;
        assert_eq!(accepted.location(), "/adressages?fait=adressage-accepte");
        let again = coordinator
            .post(&accept, &[("entry_date", iso(today(&app)).as_str())])
            .await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(again.body.contains("Cette proposition a déjà été traitée."));

        let list = referent.get("/adressages").await;
        assert!(list.body.contains("Acceptée"));
        assert!(list
            .body
            .contains(&format!("Le {}", today(&app).format("%d/%m/%Y"))));
        let cohorts = coordinator.get("/cohortes").await;
        assert!(
            cohorts.body.contains("1 / 90"),
            "the person entered the cohort"
        );
    }
);

both_backends!(
    a_refusal_needs_a_reason_the_proposer_reads,
    |app: TestApp| async move {
        let cohort = open_cohort(&app, "Cohorte 2026").await;
        let mut referent = app.signed_in("referent@angers.fr").await;
        let referral = propose(&app, &mut referent, cohort).await;
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        coordinator.get("/adressages").await;
        let refuse = format!("/adressages/{}/refuser", referral.id);
        let blank = coordinator.post(&refuse, &[("reason", "   ")]).await;
        assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(blank
            .body
            .contains(&format!("id=\"reason-{}-error\"", referral.id)));
        assert!(blank.body.contains("Indiquez le motif du refus"));
        assert_eq!(
            referrals(&app).await[0].status,
            ReferralStatus::Proposed,
            "nothing changed"
        );

        let reason = "Hors du territoire de la Cité <b>";
        let refused = coordinator.post(&refuse, &[("reason", reason)]).await;
        assert_eq!(refused.location(), "/adressages?fait=adressage-refuse");
        let list = referent.get("/adressages").await;
        assert!(list.body.contains("Refusée"));
        assert!(
            list.body
                .contains("Motif du refus : Hors du territoire de la Cité &#60;b&#62;"),
            "the proposer reads the reason, escaped"
        );
    }
);

both_backends!(
    bad_proposals_are_explained_and_nothing_saved,
    |app: TestApp| async move {
        let cohort = open_cohort(&app, "Cohorte 2026").await;
        let mut referent = app.signed_in("referent@angers.fr").await;
        referent.get("/adressages/nouveau").await;
        let day = today(&app);
        let tomorrow = iso(day + Duration::days(1));
        let fifteen = iso(day - Duration::days(15 * 365));
        // (field in error, field posted, value, message)
        let cases = [
            (
                "birth_date",
                "birth_date",
                tomorrow.as_str(),
                "La date de naissance ne peut pas être dans le futur.",
            ),
            (
                "birth_date",
                "birth_date",
                fifteen.as_str(),
                "La personne doit avoir au moins 16 ans.",
            ),
            (
                "france_travail_id",
                "france_travail_id",
                "12AB",
                "L'identifiant France Travail compte 7 chiffres",
            ),
            (
                "consent_date",
                "consent_method",
                "oral",
                "Indiquez la date à laquelle la personne a donné son consentement.",
            ),
            (
                "residence",
                "residence",
                "999999",
                "Choisissez un quartier prioritaire de la Cité",
            ),
            ("sex", "sex", "z", "Choisissez une réponse dans la liste."),
            (
                "cohort_id",
                "cohort_id",
                "999999",
                "Choisissez une cohorte ouverte",
            ),
        ];
        for (field, posted, value, message) in cases {
            let mut fields = proposal(cohort);
            fields.retain(|(name, _)| *name != posted);
            fields.push((posted, value.to_owned()));
            let response = post(&mut referent, "/adressages", &fields).await;
            assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
            assert!(
                response.body.contains(&format!("id=\"{field}-error\"")),
                "{field}: next to the field"
            );
            assert!(response.body.contains(&html(message)), "{field}: {message}");
            assert!(response.body.contains("Rien n'a été enregistré"), "{field}");
            assert!(
                response.body.contains("value=\"Belkacem\""),
                "{field}: values kept"
            );
            assert!(
                response.body.contains("value=\"nsp\" checked"),
                "{field}: radio choices kept"
            );
        }
        // An unknown field is refused whatever the form allowed.
        let mut fields = proposal(cohort);
        fields.push(("lead_partner_id", "1".to_owned()));
        assert_eq!(
            post(&mut referent, "/adressages", &fields).await.status,
            StatusCode::BAD_REQUEST
        );
        assert!(referrals(&app).await.is_empty());
    }
);

both_backends!(
    roles_that_do_not_follow_persons_are_kept_out,
    |app: TestApp| async move {
        let cohort = open_cohort(&app, "Cohorte 2026").await;
        let mut referent = app.signed_in("referent@angers.fr").await;
        let referral = propose(&app, &mut referent, cohort).await;
        let accept = format!("/adressages/{}/accepter", referral.id);
        let refuse = format!("/adressages/{}/refuser", referral.id);
        let entry = iso(today(&app));
        for email in [
            "pilote@angers.fr",
            "porteur@angers.fr",
            "national@anct.gouv.fr",
        ] {
            let mut client = app.signed_in(email).await;
            assert_eq!(
                client.get("/adressages").await.status,
                StatusCode::NOT_FOUND,
                "{email}"
            );
            assert_eq!(
                client.get("/adressages/nouveau").await.status,
                StatusCode::FORBIDDEN,
                "{email}"
            );
            assert_eq!(
                post(&mut client, "/adressages", &proposal(cohort))
                    .await
                    .status,
                StatusCode::FORBIDDEN,
                "{email}"
            );
            assert_eq!(
                client
                    .post(&accept, &[("entry_date", entry.as_str())])
                    .await
                    .status,
                StatusCode::FORBIDDEN,
                "{email}"
            );
            assert_eq!(
                client.post(&refuse, &[("reason", "Non")]).await.status,
                StatusCode::FORBIDDEN,
                "{email}"
            );
        }
        // Référents propose but do not decide; coordinators decide but do not propose.
        assert_eq!(
            referent
                .post(&accept, &[("entry_date", entry.as_str())])
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        assert_eq!(
            coordinator.get("/adressages/nouveau").await.status,
            StatusCode::FORBIDDEN
        );
        // Another Cité's coordinator finds nothing to decide, whatever the input.
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        assert_eq!(
            vaulx
                .post(&accept, &[("entry_date", entry.as_str())])
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            vaulx.post(&refuse, &[("reason", "")]).await.status,
            StatusCode::NOT_FOUND
        );
        // A decision without the page's CSRF token is refused.
        let forged = coordinator
            .post_raw(
                &accept,
                &[("entry_date", entry.as_str())],
                Some("http://localhost"),
            )
            .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        assert_eq!(
            referrals(&app).await[0].status,
            ReferralStatus::Proposed,
            "nothing decided"
        );
    }
);

both_backends!(
    a_cohort_whose_intake_has_ended_takes_no_proposal,
    |app: TestApp| async move {
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        coordinator.get("/cohortes").await;
        let year = today(&app).year() - 1;
        let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap();
        let name = format!("Cohorte {year}");
        let created = post(
            &mut coordinator,
            "/cohortes",
            &cohort_fields(&name, start, end),
        )
        .await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
        let page = coordinator.get("/cohortes").await;
        assert!(page.body.contains("Entrées closes"), "its dates are past");
        assert!(!page.body.contains("Entrées ouvertes"));
        assert!(!page.body.contains("Clore les entrées"));
        let ended = app.store.cohorts(&angers_reader(&app)).await.unwrap()[0].id;

        let current = open_cohort(&app, "Cohorte des nouveaux arrivants").await;
        let mut referent = app.signed_in("referent@angers.fr").await;
        let form = referent.get("/adressages/nouveau").await;
        assert!(!form.body.contains(&format!("<option value=\"{ended}\"")));
        assert!(form.body.contains(&format!(
            "<option value=\"{current}\">Cohorte des nouveaux arrivants ({})</option>",
            today(&app).year()
        )));
        let refused = post(&mut referent, "/adressages", &proposal(ended)).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused
            .body
            .contains("Choisissez une cohorte ouverte aux entrées."));
        // The store refuses it too, whoever calls.
        let person = common::people::participant("Awa", "Benali");
        let draft = person.validate(&[], &[], today(&app)).unwrap();
        let actor = maillage_store::Actor::system(chrono::Utc::now());
        let direct = app
            .store
            .propose(
                &actor,
                &app.referent().await,
                ended,
                &draft,
                None,
                today(&app),
            )
            .await;
        assert!(
            matches!(direct, Err(maillage_store::StoreError::Invalid { .. })),
            "{direct:?}"
        );
        assert!(referrals(&app).await.is_empty());
    }
);

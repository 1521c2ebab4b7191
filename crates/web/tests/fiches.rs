//! The national catalogue of innovative actions through the real router:
//! publishing, browsing across Cités, filters, reuse and its count, who may
//! do what, and no personal data on a fiche.

mod common;

#[path = "fiches/fixtures.rs"]
mod fixtures;

use axum::http::StatusCode;
use chrono::Utc;
use common::{Backend, TestApp};
use fixtures::{
    action, creche, creche_fiche, enrol_fatoumata_diarra, fiche, fields, publish, published_creche,
};
use maillage_domain::accounts::Role;
use maillage_domain::actions::{ActionStatus, PriorityRule};
use maillage_domain::ids::{ActionId, FicheId, UserId};
use maillage_domain::Scope;

both_backends!(
    a_coordinator_publishes_and_everyone_reads,
    |app: TestApp| async move {
        let action_id = creche(&app).await;
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let action_page = coordinator.get(&format!("/actions/{action_id}")).await;
        assert!(action_page.body.contains(&format!(
            "href=\"/actions/{action_id}/publier\">Publier dans le catalogue national</a>"
        )));
        let form = coordinator
            .get(&format!("/actions/{action_id}/publier"))
            .await;
        assert!(
            form.body.contains("value=\"Crèche AVIP\""),
            "prefilled from the action"
        );
        assert!(form.body.contains("60 familles accompagnées."));
        assert!(
            form.body.contains("value=\"coord@angers.fr\""),
            "the coordinator as contact"
        );
        assert!(form.body.contains("id=\"thematics-famille--garde-denfants\" name=\"thematics\" value=\"famille--garde-denfants\" checked"));

        let mut incomplete = fiche("", "famille--garde-denfants");
        incomplete.retain(|(k, _)| *k != "contact_email");
        incomplete.push(("contact_email", String::new()));
        let refused = coordinator
            .post(
                &format!("/actions/{action_id}/publier"),
                &fields(&incomplete),
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("Ce champ est obligatoire."));
        assert!(refused
            .body
            .contains("Indiquez une adresse électronique ou un téléphone professionnels."));

        let id = publish(&app, "coord@angers.fr", action_id, &creche_fiche()).await;
        let page = coordinator
            .get(&format!("/actions-innovantes/{id}?fait=fiche-publiee"))
            .await;
        assert!(page.body.contains("La fiche est publiée"));
        assert!(page.body.contains("Retirer du catalogue"));
        assert!(
            !page.body.contains("Réutiliser dans ma Cité"),
            "not in its own Cité"
        );
        let action_page = coordinator.get(&format!("/actions/{action_id}")).await;
        assert!(action_page.body.contains(&format!(
            "<a href=\"/actions-innovantes/{id}\">voir sa fiche</a> (Pas encore réutilisée)"
        )));
        // Co-pilots read the action, not the publishing panel.
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let action_page = pilote.get(&format!("/actions/{action_id}")).await;
        assert_eq!(action_page.status, StatusCode::OK);
        assert!(!action_page
            .body
            .contains("Catalogue national des actions innovantes"));

        for email in [
            "national@anct.gouv.fr",
            "referent@vaulx.fr",
            "porteur@angers.fr",
            "pilote@angers.fr",
        ] {
            let mut client = app.signed_in(email).await;
            let list = client.get("/actions-innovantes").await;
            assert_eq!(list.status, StatusCode::OK, "{email}");
            assert!(
                list.body.contains(&format!(
                    "href=\"/actions-innovantes/{id}\">Crèche AVIP</a>"
                )),
                "{email}"
            );
            assert!(list.body.contains("Cité d&#39;Angers"), "{email}");
            assert!(list.body.contains("Pays de la Loire"), "{email}");
            assert!(list.body.contains("Réutilisations"), "{email}");
            assert!(
                list.body.contains("href=\"/actions-innovantes\""),
                "menu entry for {email}"
            );
            let page = client.get(&format!("/actions-innovantes/{id}")).await;
            assert!(page.body.contains("35\u{202f}000,00\u{a0}€"), "{email}");
            assert!(page.body.contains("mailto:cite.emploi@aldev.fr"), "{email}");
            assert!(
                page.body.contains("Garde d") && page.body.contains("Pas encore réutilisée"),
                "{email}"
            );
            assert!(
                !page.body.contains("Réutiliser dans ma Cité"),
                "{email} is no coordinator"
            );
            assert!(!page.body.contains("Retirer du catalogue"), "{email}");
        }

        // Withdrawn: gone for everyone; the coordinator may publish it again.
        let withdrawn = coordinator
            .post(&format!("/actions-innovantes/{id}/retirer"), &[])
            .await;
        assert_eq!(
            withdrawn.location(),
            "/actions-innovantes?fait=fiche-retiree"
        );
        let mut national = app.signed_in("national@anct.gouv.fr").await;
        assert_eq!(
            national
                .get(&format!("/actions-innovantes/{id}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert!(national
            .get("/actions-innovantes")
            .await
            .body
            .contains("Aucune action innovante n'a encore été publiée"));
        let again = coordinator
            .get(&format!("/actions/{action_id}/publier"))
            .await;
        assert!(again.body.contains("Cette action a déjà une fiche"));
        assert_eq!(
            publish(&app, "coord@angers.fr", action_id, &creche_fiche()).await,
            id
        );
    }
);

both_backends!(
    only_the_coordinators_of_the_cite_publish,
    |app: TestApp| async move {
        let action_id = creche(&app).await;
        let url = format!("/actions/{action_id}/publier");
        let form = creche_fiche();
        for email in [
            "referent@angers.fr",
            "porteur@angers.fr",
            "pilote@angers.fr",
            "national@anct.gouv.fr",
        ] {
            let mut client = app.signed_in(email).await;
            assert_eq!(
                client.get(&url).await.status,
                StatusCode::FORBIDDEN,
                "{email}"
            );
            assert_eq!(
                client.post(&url, &fields(&form)).await.status,
                StatusCode::FORBIDDEN,
                "{email}"
            );
        }
        // Another Cité's coordinator does not learn the action exists.
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        assert_eq!(vaulx.get(&url).await.status, StatusCode::NOT_FOUND);
        assert_eq!(
            vaulx.post(&url, &fields(&form)).await.status,
            StatusCode::NOT_FOUND
        );
        assert!(app
            .store
            .fiches(
                &Scope::National {
                    user_id: UserId::new(1)
                },
                &Default::default()
            )
            .await
            .unwrap()
            .is_empty());

        let id = publish(&app, "coord@angers.fr", action_id, &form).await;
        for email in ["referent@vaulx.fr", "national@anct.gouv.fr"] {
            let mut client = app.signed_in(email).await;
            let reuse = client
                .post(&format!("/actions-innovantes/{id}/reutiliser"), &[])
                .await;
            assert_eq!(reuse.status, StatusCode::FORBIDDEN, "{email}");
            let withdraw = client
                .post(&format!("/actions-innovantes/{id}/retirer"), &[])
                .await;
            assert_eq!(withdraw.status, StatusCode::FORBIDDEN, "{email}");
        }
        let withdraw = vaulx
            .post(&format!("/actions-innovantes/{id}/retirer"), &[])
            .await;
        assert_eq!(
            withdraw.status,
            StatusCode::NOT_FOUND,
            "not a fiche of Vaulx"
        );
    }
);

both_backends!(
    the_catalogue_is_filtered_and_sorted,
    |app: TestApp| async move {
        let creche = published_creche(&app).await;
        let cafe = action(
            &app,
            app.vaulx,
            "Cafés emploi",
            "numerique--acquerir-un-equipement",
        )
        .await;
        let mut form = fiche("Cafés emploi", "numerique--acquerir-un-equipement");
        form.retain(|(k, _)| !matches!(*k, "axis" | "publics" | "description"));
        form.extend([
            ("axis", "reach_out".to_owned()),
            ("publics", "jeunes".to_owned()),
            (
                "description",
                "Des rencontres sans rendez-vous avec les employeurs du quartier.".to_owned(),
            ),
        ]);
        let cafe = publish(&app, "coord@vaulx.fr", cafe, &form).await;

        let mut client = app.signed_in("national@anct.gouv.fr").await;
        let link = |id: FicheId| format!("href=\"/actions-innovantes/{id}\"");
        let cases = [
            ("frein=famille", creche, cafe),
            ("frein=numerique--acquerir-un-equipement", cafe, creche),
            ("public=jeunes", cafe, creche),
            ("axe_national=innovate", creche, cafe),
            ("region=84", cafe, creche),
            ("region=52", creche, cafe),
            ("texte=EMPLOYEURS+vaulx", cafe, creche),
            ("texte=creche+angers", creche, cafe),
        ];
        for (query, shown, hidden) in cases {
            let partial = client
                .get_htmx(&format!("/actions-innovantes?{query}"))
                .await;
            assert!(
                partial.body.starts_with("<div id=\"fiches\">"),
                "htmx gets the results only"
            );
            assert!(partial.body.contains(&link(shown)), "{query}");
            assert!(!partial.body.contains(&link(hidden)), "{query}");
        }
        let none = client.get("/actions-innovantes?frein=mobilite").await;
        assert!(none.body.contains("<html"), "without htmx, the whole page");
        assert!(none.body.contains("Aucune action innovante ne correspond"));
        let ignored = client
            .get("/actions-innovantes?public=martiens&region=99")
            .await;
        assert!(ignored
            .body
            .contains("Filtres non reconnus, ignorés : public, région."));
        assert!(ignored.body.contains(&link(creche)) && ignored.body.contains(&link(cafe)));

        // Reused once: first when sorted by reuses, the newest first otherwise.
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        vaulx.get(&format!("/actions-innovantes/{creche}")).await;
        vaulx
            .post(&format!("/actions-innovantes/{creche}/reutiliser"), &[])
            .await;
        let recent = client.get("/actions-innovantes").await.body;
        assert!(recent.find(&link(cafe)) < recent.find(&link(creche)));
        let by_reuses = client
            .get("/actions-innovantes?tri=reutilisations")
            .await
            .body;
        assert!(by_reuses.find(&link(creche)) < by_reuses.find(&link(cafe)));
        assert!(by_reuses.contains("aria-sort=\"descending\""));
    }
);

both_backends!(
    a_reuse_is_a_draft_action_that_links_back,
    |app: TestApp| async move {
        let id = published_creche(&app).await;
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        let page = vaulx.get(&format!("/actions-innovantes/{id}")).await;
        assert!(page.body.contains("Réutiliser dans ma Cité"));
        let reused = vaulx
            .post(&format!("/actions-innovantes/{id}/reutiliser"), &[])
            .await;
        assert_eq!(reused.status, StatusCode::SEE_OTHER);
        let copy: ActionId = reused
            .location()
            .trim_start_matches("/actions/")
            .parse()
            .unwrap();
        let vaulx_scope = app
            .scope("coord@vaulx.fr", app.vaulx, Role::Coordinateur, None)
            .await;
        let action = app.store.action(&vaulx_scope, copy).await.unwrap();
        assert_eq!(
            (action.cite_id, action.status, action.title.as_str()),
            (app.vaulx, ActionStatus::Draft, "Crèche AVIP")
        );
        // What makes it work comes along: its places and who gets them first.
        assert_eq!(
            (action.capacity, action.priority_rule),
            (Some(8), PriorityRule::SingleParentFirst)
        );
        assert_eq!(
            action.starts_on,
            maillage_domain::time::paris_date(Utc::now())
        );
        assert_eq!(
            app.store
                .origin_fiche(&vaulx_scope, copy)
                .await
                .unwrap()
                .map(|f| f.id),
            Some(id)
        );
        let page = vaulx.get(&format!("/actions-innovantes/{id}")).await;
        assert!(page.body.contains(&format!(
            "Votre Cité a déjà réutilisé cette fiche : <a href=\"/actions/{copy}\">Crèche AVIP</a>."
        )));
        let copy_page = vaulx.get(&format!("/actions/{copy}")).await;
        assert!(copy_page.body.contains(&format!(
            "Cette action reprend la fiche <a href=\"/actions-innovantes/{id}\">« Crèche AVIP »</a> de la Cité d&#39;Angers."
        )));
        // Twice: the second click leads to the Cité's copy, no new draft.
        let again = vaulx
            .post(&format!("/actions-innovantes/{id}/reutiliser"), &[])
            .await;
        assert_eq!(again.location(), format!("/actions/{copy}"));
        let titles: Vec<String> = app
            .store
            .actions(&vaulx_scope, &Default::default())
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.title)
            .collect();
        assert_eq!(titles, ["Crèche AVIP"]);

        let mut national = app.signed_in("national@anct.gouv.fr").await;
        assert!(national
            .get(&format!("/actions-innovantes/{id}"))
            .await
            .body
            .contains("1 réutilisation"));
        assert!(national
            .get("/actions-innovantes")
            .await
            .body
            .contains("<td>1</td>"));

        // Its own Cité cannot reuse it: a French message, nothing created.
        let mut angers = app.signed_in("coord@angers.fr").await;
        angers.get(&format!("/actions-innovantes/{id}")).await;
        let own = angers
            .post(&format!("/actions-innovantes/{id}/reutiliser"), &[])
            .await;
        assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(own.body.contains("Cette fiche vient de votre Cité"));
        assert!(national
            .get(&format!("/actions-innovantes/{id}"))
            .await
            .body
            .contains("1 réutilisation"));
    }
);

both_backends!(
    a_fiche_never_carries_personal_data,
    |app: TestApp| async move {
        let action_id = creche(&app).await;
        enrol_fatoumata_diarra(&app, action_id).await;

        let mut client = app.signed_in("coord@angers.fr").await;
        let url = format!("/actions/{action_id}/publier");
        let form = client.get(&url).await;
        assert!(
            !form.body.contains("Diarra"),
            "the form is built from the action only"
        );
        let attempts = [
            (
                "results",
                "Témoignage de fatoumata DIARRA, embauchée en CDI.",
                "personne inscrite",
            ),
            (
                "description",
                "Inscriptions : écrire à fatou.diarra@exemple.fr.",
                "adresse électronique ou un numéro",
            ),
            (
                "results",
                "Rappeler au 06 12 34 56 78.",
                "adresse électronique ou un numéro",
            ),
            (
                "contact_email",
                "fatou.diarra@exemple.fr",
                "celle d&#39;une personne inscrite",
            ),
        ];
        for (field, value, message) in attempts {
            let mut sent = creche_fiche();
            sent.retain(|(k, _)| *k != field);
            sent.push((field, value.to_owned()));
            let refused = client.post(&url, &fields(&sent)).await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
            assert!(refused.body.contains(message), "{field}: {}", refused.body);
        }
        let national = Scope::National {
            user_id: UserId::new(1),
        };
        assert!(
            app.store
                .fiches(&national, &Default::default())
                .await
                .unwrap()
                .is_empty(),
            "nothing published"
        );

        let id = publish(&app, "coord@angers.fr", action_id, &creche_fiche()).await;
        let page = app
            .signed_in("national@anct.gouv.fr")
            .await
            .get(&format!("/actions-innovantes/{id}"))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        for personal in ["Fatoumata", "Diarra", "fatou.diarra"] {
            assert!(!page.body.contains(personal), "{personal}");
        }
    }
);

//! A person's file through the real router: who sees it (404 for everyone
//! else, on every route), the pathway's forms and their errors, notes,
//! sharing with consent and « Qui a consulté ce dossier ».

#[path = "participant_file/accesses.rs"]
mod accesses;
mod common;
#[path = "participant_file/fixtures.rs"]
mod fixtures;
#[path = "participant_file/sharing.rs"]
mod sharing;
#[path = "participant_file/suggestions.rs"]
mod suggestions;

use axum::http::StatusCode;
use chrono::Months;
use common::outline::{changes, outline};
use common::{assert_not_found, Backend, TestApp};
use fixtures::{french, iso, open, person, saved, section, today, PERMIS};
use maillage_domain::referential;
use maillage_store::services::ServiceQuery;

both_backends!(
    only_those_who_follow_see_the_file,
    |app: TestApp| async move {
        let id = person(&app, &[]).await;
        let barrier = fixtures::barrier(&app, id).await;

        let mut views = Vec::new();
        for email in ["referent@angers.fr", "coord@angers.fr"] {
            let mut client = app.signed_in(email).await;
            let body = open(&mut client, id).await;
            // The outline leaves today's date out.
            assert!(body.contains(&format!(
                "Dans la cohorte depuis le {}",
                french(today() - chrono::Duration::days(10))
            )));
            views.push(outline(&body));
        }
        // The référent's view, then how the coordinator's differs: who reads
        // an internal note, and the référent's consultation.
        insta::assert_snapshot!(views[0], @r#"
            bouton: Voir le fil d'Ariane
            - [Personnes](/personnes)
            - [Amina Belkacem]()
            # Amina Belkacem
            - [badge: Dans la cohorte depuis le [date]]
            - [badge: Cohorte des tests]
            ## Sommaire
            - [Identité et contact](#identite)
            - [Situation à l'entrée](#entree)
            - [Suivi](#suivi)
            - [Freins](#freins)
            - [Solutions possibles](#solutions)
            - [Parcours](#parcours)
            - [Situations et sorties](#sorties)
            - [Notes](#notes)
            - [Consentement et partage](#partage)
            - [Qui a consulté ce dossier](#consultations)
            section #identite
            ## Identité et contact
            Date de naissance
            [date] ([âge])
            Sexe
            Femme
            Téléphone
            Non renseigné
            Adresse électronique
            Non renseignée
            Adresse
            Non renseignée
            Identifiant France Travail
            Non renseigné
            section #entree
            ## Situation à l'entrée
            Quartier de résidence
            [badge: Hors QPV]
            La personne ne réside pas dans un quartier prioritaire de la Cité : le programme s'adresse d'abord à leurs habitants.
            Âge à l'entrée
            [âge]
            Situation professionnelle
            Chômeur
            Niveau de formation
            CITE 3 et 4 (CAP, BEP, baccalauréat)
            Bénéficiaire du RSA
            Oui
            Parent isolé
            Oui
            Reconnaissance de travailleur handicapé (RQTH)
            Ne souhaite pas répondre
            section #suivi
            ## Suivi
            Statut
            Dans la cohorte depuis le [date]
            Cohorte
            Cohorte des tests
            Partenaire qui suit la personne
            Mission locale angevine
            Suivi par
            Aucun référent désigné
            form POST /personnes/{id}/referent
            label: Référent qui suit la personne
            select user_id: Choisir un référent
            bouton: Désigner le référent
            section #freins
            ## Freins
            ### Freins à lever (1)
            - Préparer un permis
            - Mobilité
            - Identifié le [date]
            form POST /personnes/{id}/freins/{id}/lever
            légende: Lever le frein « Préparer un permis »
            label: Levé le
            input date lifted_on="[date]"
            bouton: Lever
            ### Ajouter un frein
            form POST /personnes/{id}/freins
            label: Thématique Le référentiel national data·inclusion, par catégorie.
            select thematic: Choisir une thématique
            label: Identifié le
            input date identified_on="[date]"
            label: Commentaire (facultatif) 1 000 caractères au maximum.
            textarea comment: 
            bouton: Ajouter le frein
            section #solutions
            ## Solutions possibles
            Aucun service ni aucune action de la Cité ne répond aux freins ouverts. [Chercher dans l'offre de services du territoire](/offres)
            section #parcours
            ## Parcours
            Aucune étape pour l'instant.
            ### Ajouter une étape
            form POST /personnes/{id}/etapes
            légende: Ce qui est mobilisé
            label: Service du catalogue de la Cité
            select service_id: Aucun : je décris l'étape
            label: Description de l'étape Obligatoire sans service du catalogue ; sinon le nom du service est repris.
            input text label=""
            label: Partenaire (facultatif)
            select partner_id: Non précisé
            légende: Dates Au moins une ; la fin ne précède pas le début.
            label: Prévue le
            input date planned_on=""
            label: Commencée le
            input date started_on=""
            label: Terminée le
            input date ended_on=""
            label: Statut
            select status: Choisir un statut
            label: Résultat (facultatif) 1 000 caractères au maximum.
            textarea result: 
            bouton: Ajouter l'étape
            [Chercher dans l'offre de services du territoire](/offres)
            section #sorties
            ## Situations et sorties
            légende du tableau: Situation à chaque échéance
            | Échéance | Situation | Classement | Constatée le | À vérifier le |
            | À l'entrée | Non renseignée |  |  |  |
            | À la sortie | Non renseignée |  |  |  |
            | À 6 mois | Non renseignée |  |  |  |
            | À 12 mois | Non renseignée |  |  |  |
            ### Enregistrer une situation
            form POST /personnes/{id}/situations
            label: Échéance
            select checkpoint: Choisir une échéance
            label: Situation
            select outcome: Choisir une situation
            label: Constatée le La situation à la sortie clôt l'accompagnement ; les situations à 6 et 12 mois se vérifient ensuite. Une nouvelle saisie pour la même échéance corrige la précédente.
            input date recorded_on="[date]"
            bouton: Enregistrer la situation
            section #notes
            ## Notes
            Aucune note pour l'instant.
            ### Ajouter une note
            form POST /personnes/{id}/notes
            label: Note 5 000 caractères au maximum. N'y écrivez que ce qui est utile à l'accompagnement.
            textarea body: 
            input checkbox private=""
            label: Note interne Lue seulement par votre organisation : les autres partenaires et la coordination ne la voient pas.
            bouton: Ajouter la note
            section #partage
            ## Consentement et partage
            légende du tableau: Consentements de la personne
            | Recueilli le | Comment | Partenaires couverts | État |
            | [date] | Par écrit (formulaire signé) | Aucun | [badge: En vigueur] |
            ### Partenaires avec qui le dossier est partagé
            Le dossier n'est partagé avec aucun autre partenaire.
            Aucun autre partenaire n'est couvert par un consentement en vigueur : le dossier ne peut pas être partagé davantage.
            ### Retirer le consentement
            À faire dès que la personne le demande. Les partenaires avec qui le dossier est partagé n'y auront plus accès, dès leur prochaine action, et il ne pourra plus être partagé. Ce retrait est définitif.
            form POST /personnes/{id}/consentement/retirer
            bouton: Retirer le consentement
            section #consultations
            ## Qui a consulté ce dossier
            Chaque consultation et chaque modification du dossier est enregistrée ; ce journal ne peut être ni modifié ni effacé.
            légende du tableau: Dernières consultations et modifications (les 4 plus récentes)
            | Date | Qui | Organisation | Action |
            | [date] à [heure] | Compte referent@angers.fr | Mission locale angevine | Consultation du dossier |
            | [date] à [heure] | Système | Maillage (ligne de commande) | Ajout d'un frein |
            | [date] à [heure] | Système | Maillage (ligne de commande) | Entrée dans la cohorte |
            | [date] à [heure] | Système | Maillage (ligne de commande) | Proposition à une cohorte |
        "#);
        insta::assert_snapshot!(changes(&views[0], &views[1]), @r"
            - label: Note interne Lue seulement par votre organisation : les autres partenaires et la coordination ne la voient pas.
            - légende du tableau: Dernières consultations et modifications (les 4 plus récentes)
            + label: Note interne Lue seulement par la coordination de la Cité.
            + légende du tableau: Dernières consultations et modifications (les 5 plus récentes)
            + | [date] à [heure] | Compte coord@angers.fr | Cité d'Angers | Consultation du dossier |
        ");

        let mut lead_client = app.signed_in("referent@angers.fr").await;
        let missing = lead_client
            .get(&format!("/personnes/{}", id.get() + 1000))
            .await;
        assert_not_found(&missing);
        for path in ["/personnes/12abc", "/personnes/12abc/consultations"] {
            let malformed = lead_client.get(path).await;
            assert_eq!(
                (malformed.status, malformed.body.as_str()),
                (StatusCode::NOT_FOUND, missing.body.as_str()),
                "{path}"
            );
        }

        let today = iso(today());
        let referent_id = app.user_id("referent@angers.fr").await.to_string();
        let partner = app.angers_partner.to_string();
        let posts: Vec<(String, Vec<(&str, &str)>)> = vec![
            (
                format!("/personnes/{id}/referent"),
                vec![("user_id", referent_id.as_str())],
            ),
            (
                format!("/personnes/{id}/freins"),
                vec![("thematic", PERMIS), ("identified_on", today.as_str())],
            ),
            // Invalid input answers 404 too, not a form with errors.
            (
                format!("/personnes/{id}/freins"),
                vec![("thematic", "inconnu")],
            ),
            (
                format!("/personnes/{id}/freins/{barrier}/lever"),
                vec![("lifted_on", today.as_str())],
            ),
            (
                format!("/personnes/{id}/etapes"),
                vec![
                    ("label", "Atelier CV"),
                    ("planned_on", today.as_str()),
                    ("status", "planned"),
                ],
            ),
            (
                format!("/personnes/{id}/etapes"),
                vec![("status", "inconnu")],
            ),
            (
                format!("/personnes/{id}/situations"),
                vec![
                    ("checkpoint", "exit"),
                    ("outcome", "cdi"),
                    ("recorded_on", today.as_str()),
                ],
            ),
            (
                format!("/personnes/{id}/notes"),
                vec![("body", "Intrusion")],
            ),
            (format!("/personnes/{id}/notes"), vec![("body", "")]),
            (
                format!("/personnes/{id}/partages"),
                vec![("partner_id", partner.as_str())],
            ),
            (format!("/personnes/{id}/consentement/retirer"), vec![]),
        ];
        for email in [
            "referent@vaulx.fr",
            "coord@vaulx.fr",
            "pilote@angers.fr",
            "porteur@angers.fr",
            "national@anct.gouv.fr",
        ] {
            let mut client = app.signed_in(email).await;
            // The error page carries the user's header: compare with their own 404.
            let missing = client.get(&format!("/personnes/{}", id.get() + 1000)).await;
            assert_not_found(&missing);
            for path in [
                format!("/personnes/{id}"),
                format!("/personnes/{id}/consultations"),
                format!("/personnes/{id}/consultations?page=2"),
            ] {
                let page = client.get(&path).await;
                assert_eq!(
                    (page.status, page.body.as_str()),
                    (StatusCode::NOT_FOUND, missing.body.as_str()),
                    "{email} GET {path}"
                );
            }
            for (path, fields) in &posts {
                let response = client.post(path, fields).await;
                assert_eq!(
                    (response.status, response.body.as_str()),
                    (StatusCode::NOT_FOUND, missing.body.as_str()),
                    "{email} POST {path}"
                );
            }
        }
        let file = saved(&app, id).await;
        assert_eq!(
            (
                file.barriers.len(),
                file.steps.len(),
                file.outcomes.len(),
                file.notes.len()
            ),
            (1, 0, 0, 0),
            "nothing was saved"
        );
        assert!(file.barriers[0].lifted_on.is_none());
        assert!(file.participant.lead_user_id.is_none());
        assert!(file.consents[0].withdrawn_at.is_none());
    }
);

both_backends!(barriers_steps_and_outcomes, |app: TestApp| async move {
    let id = person(&app, &[]).await;
    let today_iso = iso(today());
    fixtures::auto_ecole(&app).await;
    let query = ServiceQuery {
        limit: 10,
        ..ServiceQuery::default()
    };
    let item = app
        .store
        .search_services(&app.coordinator().await, &query)
        .await
        .unwrap()[0]
        .id;

    let mut client = app.signed_in("referent@angers.fr").await;
    open(&mut client, id).await;
    let added = client
        .post(
            &format!("/personnes/{id}/freins"),
            &[
                ("thematic", PERMIS),
                ("identified_on", &today_iso),
                ("comment", "Pas de permis B"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    assert_eq!(
        added.location(),
        format!("/personnes/{id}?fait=frein-ajoute#freins")
    );
    let body = client.get(added.location()).await.body;
    assert!(body.contains("Le frein a été ajouté."));
    let freins = section(&body, "freins");
    assert!(freins.contains(referential::thematic(PERMIS).unwrap().label));
    assert!(freins.contains("Mobilité"), "its category");
    assert!(freins.contains(&format!("Identifié le {}", french(today()))));
    assert!(freins.contains("Pas de permis B"));
    assert!(
        freins.contains("<optgroup label="),
        "thematics grouped by category"
    );

    // An unknown thematic, a future date: 422, the errors by their fields, values kept.
    let tomorrow = iso(today() + chrono::Duration::days(1));
    let refused = client
        .post(
            &format!("/personnes/{id}/freins"),
            &[
                ("thematic", "inconnu"),
                ("identified_on", &tomorrow),
                ("comment", "À garder"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains(
        "<p id=\"frein-thematic-error\" class=\"fr-error-text\">Choisissez une thématique dans la liste.</p>"
    ));
    assert!(refused
        .body
        .contains("La date d&#39;identification du frein ne peut pas être dans le futur."));
    assert!(refused
        .body
        .contains("aria-describedby=\"frein-identified_on-error\""));
    assert!(refused.body.contains(">À garder</textarea>"));
    assert!(
        refused.body.contains("href=\"#frein-thematic\""),
        "the summary links to the field"
    );

    let item_id = item.to_string();
    let step = client
        .post(
            &format!("/personnes/{id}/etapes"),
            &[
                ("service_id", item_id.as_str()),
                ("started_on", today_iso.as_str()),
                ("status", "in_progress"),
            ],
        )
        .await;
    assert_eq!(
        step.location(),
        format!("/personnes/{id}?fait=etape-ajoutee#parcours")
    );
    let bad_step = client
        .post(
            &format!("/personnes/{id}/etapes"),
            &[
                ("started_on", "2026-03-10"),
                ("ended_on", "2026-03-01"),
                ("status", "bientot"),
                ("result", "Résultat gardé"),
            ],
        )
        .await;
    assert_eq!(bad_step.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "Choisissez un service du catalogue ou décrivez l&#39;étape.",
        "La fin de l&#39;étape ne peut pas précéder son début.",
        "Choisissez un statut dans la liste.",
    ] {
        assert!(bad_step.body.contains(message), "{message}");
    }
    assert!(bad_step.body.contains("id=\"etape-ended_on-error\""));
    assert!(bad_step.body.contains(">Résultat gardé</textarea>"));
    let undated = client
        .post(
            &format!("/personnes/{id}/etapes"),
            &[
                ("label", "Atelier"),
                ("status", "planned"),
                ("planned_on", "31/02/2026"),
            ],
        )
        .await;
    assert!(undated
        .body
        .contains("Date invalide : utilisez le format JJ/MM/AAAA."));
    let file = saved(&app, id).await;
    assert_eq!(
        (file.steps.len(), file.barriers.len()),
        (1, 1),
        "only the valid ones"
    );
    assert_eq!(file.steps[0].label, "Auto-école sociale");
    let (barrier, step_id) = (file.barriers[0].id, file.steps[0].id);

    let body = open(&mut client, id).await;
    let timeline = section(&body, "parcours");
    assert!(timeline.contains("Auto-école sociale"));
    assert!(timeline.contains("En cours"));
    assert!(timeline.contains(&format!("Commencée le {}", french(today()))));

    // Lifting: a date is needed; another file's barrier is as missing as a missing file.
    let no_date = client
        .post(
            &format!("/personnes/{id}/freins/{barrier}/lever"),
            &[("lifted_on", "")],
        )
        .await;
    assert_eq!(no_date.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_date.body.contains(&format!(
        "id=\"lever-{barrier}-lifted_on-error\" class=\"fr-error-text\">Indiquez une date."
    )));
    let elsewhere = client
        .post(
            &format!("/personnes/{id}/freins/{}/lever", barrier.get() + 1000),
            &[("lifted_on", today_iso.as_str())],
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    let step_text = step_id.to_string();
    let lifted = client
        .post(
            &format!("/personnes/{id}/freins/{barrier}/lever"),
            &[
                ("lifted_on", today_iso.as_str()),
                ("step_id", step_text.as_str()),
            ],
        )
        .await;
    assert_eq!(
        lifted.location(),
        format!("/personnes/{id}?fait=frein-leve#freins")
    );
    let body = client.get(lifted.location()).await.body;
    let freins = section(&body, "freins");
    assert!(freins.contains("Freins levés (1)"));
    assert!(freins.contains(&format!("levé le {}", french(today()))));
    assert!(freins.contains("grâce à l'étape « Auto-école sociale »"));

    // +6 months needs the exit first.
    let early = client
        .post(
            &format!("/personnes/{id}/situations"),
            &[
                ("checkpoint", "m6"),
                ("outcome", "cdi"),
                ("recorded_on", today_iso.as_str()),
            ],
        )
        .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.body.contains(
        "<p id=\"situation-checkpoint-error\" class=\"fr-error-text\">Enregistrez d&#39;abord la situation à la sortie.</p>"
    ));
    let unknown = client
        .post(
            &format!("/personnes/{id}/situations"),
            &[
                ("checkpoint", "m24"),
                ("outcome", "millionnaire"),
                ("recorded_on", today_iso.as_str()),
            ],
        )
        .await;
    assert!(unknown
        .body
        .contains("Choisissez une échéance dans la liste."));
    assert!(unknown
        .body
        .contains("Choisissez une situation dans la liste."));
    assert!(saved(&app, id).await.outcomes.is_empty());

    for (checkpoint, outcome) in [("exit", "cdd_6m_plus"), ("m6", "cdi")] {
        let recorded = client
            .post(
                &format!("/personnes/{id}/situations"),
                &[
                    ("checkpoint", checkpoint),
                    ("outcome", outcome),
                    ("recorded_on", today_iso.as_str()),
                ],
            )
            .await;
        assert_eq!(
            recorded.location(),
            format!("/personnes/{id}?fait=situation-enregistree#sorties"),
            "{checkpoint}"
        );
    }
    let body = open(&mut client, id).await;
    assert!(body.contains(&format!("Sortie le {}", french(today()))));
    let outcomes = section(&body, "sorties");
    assert!(outcomes.contains("CDD de 6 mois ou plus"));
    assert!(outcomes.contains("CDI"));
    assert!(outcomes.contains("Emploi durable"));
    let m12 = today().checked_add_months(Months::new(12)).unwrap();
    assert!(
        outcomes.contains(&french(m12)),
        "+12 months falls due a year after the exit"
    );
});

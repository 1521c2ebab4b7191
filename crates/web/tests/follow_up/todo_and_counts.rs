//! « À faire » as the follow-up pages list it, and the counts co-pilots and
//! the national team see instead of persons.

use axum::http::StatusCode;
use chrono::{Duration, Months};

use crate::common::outline::{changes, outline};
use crate::common::{Backend, TestApp};
use crate::fixtures::{other_partner_referent, Fixture};

crate::both_backends!(todo_lists_what_is_due, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let mut client = app.signed_in("coord@angers.fr").await;
    let page = client.get("/a-faire").await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(body.contains("Bilans à faire (1)"));
    assert!(body.contains(&format!(
        "<a href=\"/personnes/{}\">DURAND Marie</a>",
        f.durand
    )));
    let due = (f.today - Duration::days(5)).format("%d/%m/%Y").to_string();
    assert!(body.contains(&format!(
        "bilan à 6 mois : sortie le {}, à faire le {due} <span class=\"fr-badge fr-badge--sm fr-badge--error\">En retard</span>",
        (f.today - Duration::days(5))
            .checked_sub_months(Months::new(6))
            .unwrap()
            .format("%d/%m/%Y")
    )));
    assert!(body.contains("Adressages en attente (1)"));
    assert!(body.contains(&format!(
        "<a href=\"/personnes/{}\">MARTIN Sophie</a>",
        f.martin
    )));
    assert!(body.contains("href=\"/adressages\""));
    assert!(body.contains("Personnes sans référent (1)"));
    assert!(body.contains(&format!(
        "<a href=\"/personnes/{}\">BENALI Karim</a>",
        f.benali
    )));
    assert!(
        !body.contains(&format!("/personnes/{}\"", f.lefevre)),
        "Élodie has a référent"
    );
    assert!(body.contains(">Dossiers sans activité (0)</a>"));
    assert!(body.contains(">Consentements à renouveler (0)</a>"));

    let counter = client.get("/a-faire/compteur").await;
    assert_eq!(counter.status, StatusCode::OK);
    assert!(
        counter.body.starts_with("<span class=\"fr-badge"),
        "{}",
        counter.body
    );
    assert!(counter.body.contains(">3<"));
    assert!(!counter.body.contains("<html"));
    // The header loads the count lazily, for those who have something to do.
    let home = client.get("/").await;
    assert!(home
        .body
        .contains("À faire<span hx-get=\"/a-faire/compteur\" hx-trigger=\"load\""));

    let mut referent = app.signed_in("referent@angers.fr").await;
    assert!(referent
        .get("/a-faire")
        .await
        .body
        .contains("Bilans à faire (1)"));
    let mut other = other_partner_referent(&app).await;
    let empty = other.get("/a-faire").await;
    assert!(empty.body.contains("Tout (0)"));
    assert!(empty.body.contains("Rien à faire pour ces filtres."));
    assert_eq!(other.get("/a-faire/compteur").await.body.trim(), "");

    let mut pilote = app.signed_in("pilote@angers.fr").await;
    assert!(!pilote.get("/").await.body.contains("/a-faire/compteur"));
});

crate::both_backends!(
    copilots_and_national_see_masked_counts,
    |app: TestApp| async move {
        Fixture::new(&app).await;
        let names = ["Lefèvre", "Benali", "Durand", "Martin", "Élodie", "Karim"];
        // One proposed, two in the cohort, one exited into a CDI: all under
        // five for the co-pilot and the national team; Benali's
        // driving-licence barrier, Durand's CDI at exit.
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let home = pilote.get("/").await.body;
        insta::assert_snapshot!(outline(&home), @r"
            # Cité d'Angers
            Bonjour Compte pilote@angers.fr.
            En tant que co-pilote, vous suivez le territoire et les partenaires de la Cité. Les personnes accompagnées n'apparaissent que sous forme de chiffres.
            ## [Partenaires](/partenaires)
            1 partenaire actif
            ## [Territoire](/cite)
            1 quartier prioritaire
            ## Personnes accompagnées
            légende du tableau: Personnes accompagnées, par Cité
            | Cité | Proposées | Dans la cohorte | Sorties | Sorties en emploi durable |
            | Cité d'Angers | < 5 | < 5 | < 5 | < 5 |
            Des effectifs seulement, jamais de noms : un effectif inférieur à 5 est affiché « < 5 » pour que personne ne puisse être reconnu. Emploi durable : CDI, CDD ou intérim de 6 mois ou plus, création d'entreprise.
            ## Freins et situations
            [Tous les indicateurs du programme, sur trois ans](/indicateurs)
            légende du tableau: Freins, par thématique
            | Thématique | Personnes concernées | Frein levé |
            | Mobilité | < 5 | 0 |
            légende du tableau: Situations à la sortie, à 6 et 12 mois
            | Situation | À la sortie | À 6 mois | À 12 mois |
            | Emploi durable | < 5 | 0 | 0 |
            | Emploi de transition | 0 | 0 | 0 |
            | Sortie positive | 0 | 0 | 0 |
            | Autre situation | 0 | 0 | 0 |
            Des personnes, jamais de noms. Emploi durable : CDI, CDD ou intérim de 6 mois ou plus, création d'entreprise ; emploi de transition : contrats plus courts ; sortie positive : formation qualifiante, contrat aidé ou IAE.
            ## Résultats des actions
            Séances collectives des actions : 0 ; personnes rencontrées sans dossier (aller-vers) : 0.
            Aucune action ne déclare encore d'indicateur de résultat.
        ");
        let mut national = app.signed_in("national@anct.gouv.fr").await;
        let national_home = national.get("/").await.body;
        insta::assert_snapshot!(outline(&national_home), @r"
            # Le réseau des Cités de l'emploi
            Vue nationale : des chiffres agrégés par Cité, jamais de données personnelles.
            ## 2
            Cités de l'emploi actives
            ## 2
            Partenaires actifs
            ## 2
            Référents partenaires
            ## 0
            Séances collectives des actions
            ## 0
            Personnes rencontrées sans dossier (aller-vers)
            [Tous les indicateurs du réseau, sur trois ans](/indicateurs)
            ## Personnes accompagnées
            légende du tableau: Personnes accompagnées, par Cité
            | Cité | Proposées | Dans la cohorte | Sorties | Sorties en emploi durable |
            | Cité d'Angers | < 5 | < 5 | < 5 | < 5 |
            | Cité de Vaulx-en-Velin | 0 | 0 | 0 | 0 |
            Des effectifs seulement, jamais de noms : un effectif inférieur à 5 est affiché « < 5 » pour que personne ne puisse être reconnu. Emploi durable : CDI, CDD ou intérim de 6 mois ou plus, création d'entreprise.
            [Voir la liste des Cités](/cites)
        ");
        for name in names {
            assert!(!home.contains(name), "no name on the co-pilot's home");
            assert!(
                !national_home.contains(name),
                "no name on the national home"
            );
        }
        // Coordinators see the counts themselves, not masked.
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let home = coordinator.get("/").await.body;
        insta::assert_snapshot!(outline(&home), @r"
            # Cité d'Angers
            Bonjour Compte coord@angers.fr.
            Vous coordonnez la Cité : ses personnes accompagnées, ses cohortes et ses actions, ses partenaires, ses comptes et son territoire. Le [réseau des Cités](/reseau) vous attend aussi : annuaire, café-cités et ressources partagées.
            ## [Partenaires](/partenaires)
            1 partenaire actif
            ## [Territoire](/cite)
            1 quartier prioritaire
            ## [Comptes](/comptes)
            5 comptes
            ## La Cité en bref
            - [Cohorte B ([année])](/cohortes) : 0 personne entrée, entrées ouvertes
            - [Cohorte A (2025)](/cohortes) : 3 personnes entrées, entrées ouvertes
            - [0 action](/actions) ; Aucune action à places limitées
            ## À décider et à faire
            - [Bilans à faire (1)](/a-faire?genre=bilan)
            - [Adressages en attente (1)](/a-faire?genre=adressage)
            - [Personnes sans référent (1)](/a-faire?genre=sans-referent)
            - [Dossiers sans activité (0)](/a-faire?genre=sans-activite)
            - [Consentements à renouveler (0)](/a-faire?genre=consentement)
            ## Personnes accompagnées
            légende du tableau: Personnes accompagnées, par Cité
            | Cité | Proposées | Dans la cohorte | Sorties | Sorties en emploi durable |
            | Cité d'Angers | 1 | 2 | 1 | 1 |
            Emploi durable : CDI, CDD ou intérim de 6 mois ou plus, création d'entreprise. [Voir les personnes](/personnes)
            ## Freins et situations
            [Tous les indicateurs du programme, sur trois ans](/indicateurs)
            légende du tableau: Freins, par thématique
            | Thématique | Personnes concernées | Frein levé |
            | Mobilité | 1 | 0 |
            légende du tableau: Situations à la sortie, à 6 et 12 mois
            | Situation | À la sortie | À 6 mois | À 12 mois |
            | Emploi durable | 1 | 0 | 0 |
            | Emploi de transition | 0 | 0 | 0 |
            | Sortie positive | 0 | 0 | 0 |
            | Autre situation | 0 | 0 | 0 |
            Des personnes, jamais de noms. Emploi durable : CDI, CDD ou intérim de 6 mois ou plus, création d'entreprise ; emploi de transition : contrats plus courts ; sortie positive : formation qualifiante, contrat aidé ou IAE.
            ## Résultats des actions
            Séances collectives des actions : 0 ; personnes rencontrées sans dossier (aller-vers) : 0.
            Aucune action ne déclare encore d'indicateur de résultat.
        ");
        // Neither a référent's home nor a porteur's has Cité-wide indicators.
        let mut referent = app.signed_in("referent@angers.fr").await;
        let home = referent.get("/").await.body;
        insta::assert_snapshot!(outline(&home), @r"
            # Cité d'Angers
            Bonjour Compte referent@angers.fr, Mission locale angevine.
            Vous suivez des personnes pour la Cité : leurs bilans, vos propositions en attente, et les partenaires qui peuvent les aider.
            ## [Partenaires](/partenaires)
            1 partenaire actif
            ## [Territoire](/cite)
            1 quartier prioritaire
            ## Mes personnes (1)
            - [LEFÈVRE Élodie](/personnes/{id}) , dans la cohorte
            [Voir toutes mes personnes](/personnes?moi=1)
            ## Leurs prochains bilans (0)
            Aucun bilan à 6 ou 12 mois à faire dans les 30 prochains jours.
            ## Propositions en attente (1)
            [Voir les propositions qui attendent la décision de la coordination](/a-faire?genre=adressage)
        ");
        // The porteur sees its organisation's actions instead of persons.
        let mut porteur = app.signed_in("porteur@angers.fr").await;
        let porteur_home = porteur.get("/").await.body;
        insta::assert_snapshot!(changes(&outline(&home), &outline(&porteur_home)), @r"
            - Bonjour Compte referent@angers.fr, Mission locale angevine.
            - Vous suivez des personnes pour la Cité : leurs bilans, vos propositions en attente, et les partenaires qui peuvent les aider.
            - ## Mes personnes (1)
            - - [LEFÈVRE Élodie](/personnes/{id}) , dans la cohorte
            - [Voir toutes mes personnes](/personnes?moi=1)
            - ## Leurs prochains bilans (0)
            - Aucun bilan à 6 ou 12 mois à faire dans les 30 prochains jours.
            - ## Propositions en attente (1)
            - [Voir les propositions qui attendent la décision de la coordination](/a-faire?genre=adressage)
            + Bonjour Compte porteur@angers.fr, Mission locale angevine.
            + Vous portez des actions pour la Cité : leurs places, leurs séances et ce qui arrive à échéance.
            + ## Mes actions (0)
            + Votre organisation ne porte aucune action de la Cité pour l'instant.
        ");
    }
);

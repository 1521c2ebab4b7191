//! The programme's indicators page through the real router on both
//! backends: the coordinator reads the Cité's figures over three years with
//! the network's median, the co-pilot the same masked, the national team
//! the network's and each Cité's, masked by column; other roles get the 404
//! and a year out of the programme's range too.

mod common;

use axum::http::StatusCode;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::Datelike;
use common::{assert_not_found, Backend, TestApp};
use maillage_domain::cites::QpvDraft;
use maillage_domain::participants::outcomes::{Checkpoint, Outcome};
use maillage_office::INDICATORS_SHEET;
use maillage_store::Actor;

/// The cells of the row headed `label`, as the page writes them.
fn row<'a>(body: &'a str, label: &str) -> &'a str {
    let start = body
        .find(&format!("<th scope=\"row\">{label}</th>"))
        .unwrap();
    let end = body[start..].find("</tr>").unwrap();
    &body[start..start + end]
}

/// The row of the indicators' sheet whose label is `label`, as text.
fn xlsx_row(bytes: &[u8], label: &str) -> Vec<String> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range(INDICATORS_SHEET).unwrap();
    range
        .rows()
        .find(|row| row.get(1) == Some(&Data::String(label.into())))
        .unwrap()
        .iter()
        .map(|cell| match cell {
            Data::Float(n) => n.to_string(),
            other => other.to_string(),
        })
        .collect()
}

both_backends!(
    each_reader_counts_the_cite_s_records_as_its_role_may,
    |app: TestApp| async move {
        let year = chrono::Utc::now().year();
        let mut admitted = Vec::new();
        for name in ["Awa", "Binta", "Chloé"] {
            admitted.push(app.admitted(name, "Diallo").await);
        }
        // Awa leaves in a CDI today.
        let today = maillage_store::conformance::today();
        app.store
            .record_outcome(
                &Actor::system(chrono::Utc::now()),
                &app.coordinator().await,
                admitted[0],
                Checkpoint::Exit,
                Outcome::Cdi,
                today,
            )
            .await
            .unwrap();
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let page = coordinator.get("/indicateurs").await;
        assert_eq!(page.status, StatusCode::OK);
        let body = page.body;
        assert!(body.contains(&format!("Indicateurs {year}")), "{body}");
        assert!(body.contains("<svg role=\"img\""));
        assert!(body.contains(&format!("Médiane des Cités en {year}")));
        // Three years, then no median: with two Cités, Angers would read Vaulx's figure.
        assert_eq!(
            row(&body, "Personnes suivies"),
            "<th scope=\"row\">Personnes suivies</th><td>0</td><td>0</td><td>3</td><td>—</td>"
        );
        assert!(row(&body, "Partenaires").ends_with("<td>1</td><td>—</td>"));
        assert!(body.contains(&format!("Sorties {year} par sexe")));
        // The year's referrals by the partner who proposed them, all
        // three accepted; their total is the year's referrals.
        assert!(body.contains(&format!("Orientations {year} par partenaire")));
        assert_eq!(
            row(&body, "Mission locale angevine"),
            "<th scope=\"row\">Mission locale angevine</th><td>3</td><td>0</td><td>0</td><td>3</td>"
        );
        let women = row(&body, "Femme");
        assert_eq!(
            women,
            "<th scope=\"row\">Femme</th><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td>"
        );

        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let body = pilote.get("/indicateurs").await.body;
        assert_eq!(
            row(&body, "Personnes suivies"),
            "<th scope=\"row\">Personnes suivies</th><td>0</td><td>0</td><td>&#60; 5</td><td>—</td>"
        );
        assert!(
            body.contains(&format!("{year} : &#60; 5</text>")),
            "the chart masks too"
        );
        assert!(!body.contains(&format!("{year} : 3</text>")));
        // The exits' breakdowns share their totals with the exit figures:
        // the co-pilot reads the figures, not the breakdowns.
        assert!(!body.contains("par sexe"));
        assert!(!body.contains("par partenaire"));

        let mut national = app.signed_in("national@anct.gouv.fr").await;
        let body = national.get("/indicateurs").await.body;
        assert!(body.contains(&format!("Indicateurs du réseau {year}")));
        assert!(body.contains(&format!("Par Cité en {year}")));
        // Angers' 3 is masked, and so is the network's total it makes.
        let angers = row(&body, "Cité d&#39;Angers");
        assert!(
            angers.contains("&#60; 5") && !angers.contains("<td>3</td>"),
            "{angers}"
        );
        assert!(row(&body, "Personnes suivies").ends_with("<td>&#60; 5</td>"));

        // The same figures as XLSX: the co-pilot's masked, the download audited.
        let file = pilote.get(&format!("/indicateurs.xlsx?annee={year}")).await;
        assert_eq!(file.status, StatusCode::OK);
        let followed = xlsx_row(&file.bytes, "Personnes suivies");
        assert_eq!(followed[4..], ["< 5", "—"].map(String::from));
        let file = coordinator.get("/indicateurs.xlsx").await;
        let followed = xlsx_row(&file.bytes, "Personnes suivies");
        assert_eq!(followed[4..], ["3", "—"].map(String::from));
        let journal = coordinator.get("/journal").await.body;
        assert!(journal.contains("Téléchargement des indicateurs du programme"));

        let last = coordinator
            .get(&format!("/indicateurs?annee={}", year - 1))
            .await;
        assert!(last.body.contains(&format!("Indicateurs {}", year - 1)));
        assert_not_found(&coordinator.get("/indicateurs?annee=2019").await);
        assert_not_found(
            &coordinator
                .get(&format!("/indicateurs?annee={}", year + 1))
                .await,
        );
        for email in ["referent@angers.fr", "porteur@angers.fr"] {
            let mut other = app.signed_in(email).await;
            assert_not_found(&other.get("/indicateurs").await);
        }
    }
);

both_backends!(
    open_data_is_read_without_sign_in_and_masks_small_counts,
    |app: TestApp| async move {
        let year = chrono::Utc::now().year();
        for name in ["Awa", "Binta", "Chloé"] {
            app.admitted(name, "Diallo").await;
        }
        let mut visitor = app.client();
        let page = visitor.get("/donnees-ouvertes").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("secret_secondaire"));
        assert!(page.body.contains(&format!("indicateurs.csv?annee={year}")));

        let csv = visitor.get("/donnees-ouvertes/indicateurs.csv").await;
        assert_eq!(csv.status, StatusCode::OK);
        let mut lines = csv.body.lines();
        assert_eq!(
            lines.next(),
            Some("annee,cite,nom,section,indicateur,libelle,unite,valeur,masque")
        );
        // Angers' three persons are masked, and the network's three with them.
        let followed: Vec<&str> = csv
            .body
            .lines()
            .filter(|l| l.contains(",persons_followed,"))
            .collect();
        assert_eq!(followed.len(), 3, "two Cités and the network");
        assert!(followed.iter().all(|l| !l.ends_with(",3,")), "{followed:?}");
        assert!(followed[0].starts_with(&format!("{year},angers,")));
        assert!(followed[0].ends_with(",,secret_primaire"), "{followed:?}");
        assert!(csv.body.contains(&format!(
            "{year},angers,Cité d'Angers,federate,partners,Partenaires,nombre,1,"
        )));

        let json = visitor.get("/donnees-ouvertes/indicateurs.json").await;
        let document: serde_json::Value = serde_json::from_str(&json.body).unwrap();
        assert_eq!(document["annee"], year);
        assert_eq!(document["seuil_de_masquage"], 5);
        let network = document["lignes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["cite"] == "reseau" && l["indicateur"] == "persons_followed")
            .unwrap();
        assert_eq!(network["valeur"], serde_json::Value::Null);
        assert_eq!(network["masque"], "secret_primaire");

        assert_not_found(
            &visitor
                .get("/donnees-ouvertes/indicateurs.csv?annee=2019")
                .await,
        );
        let malformed = visitor
            .get("/donnees-ouvertes/indicateurs.json?annee=deux")
            .await;
        assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    }
);

/// Angers' QPV of Belle-Beille.
async fn belle_beille(app: &TestApp) -> maillage_domain::ids::QpvId {
    let draft = QpvDraft {
        code: "QN04901M".into(),
        name: "Belle-Beille".into(),
        communes: vec!["49007".into()],
        population: None,
    };
    let actor = Actor::system(chrono::Utc::now());
    let coordinator = app.coordinator().await;
    app.store
        .add_qpv(&actor, &coordinator, &draft)
        .await
        .unwrap()
}

both_backends!(
    a_cite_s_cohort_reads_as_tables_whole_or_for_one_quarter,
    |app: TestApp| async move {
        let year = chrono::Utc::now().year();
        let actor = Actor::system(chrono::Utc::now());
        let coordinator = app.coordinator().await;
        let qpv = belle_beille(&app).await;
        // Awa of Belle-Beille, with a mobility barrier, leaves in a CDI;
        // Binta, outside, into a training.
        let awa = app.resident("Awa", "Diallo", Some(qpv)).await;
        let binta = app.admitted("Binta", "Diallo").await;
        let today = maillage_store::conformance::today();
        let thematic = "mobilite--acceder-a-un-vehicule";
        app.store
            .add_barrier(&actor, &coordinator, awa, thematic, today, None)
            .await
            .unwrap();
        for (person, outcome) in [(awa, Outcome::Cdi), (binta, Outcome::QualifyingTraining)] {
            app.store
                .record_outcome(
                    &actor,
                    &coordinator,
                    person,
                    Checkpoint::Exit,
                    outcome,
                    today,
                )
                .await
                .unwrap();
        }

        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let body = coordinator.get("/indicateurs").await.body;
        assert!(
            body.contains(&format!("Freins {year} par catégorie")),
            "{body}"
        );
        assert_eq!(
            row(&body, "Mobilité"),
            "<th scope=\"row\">Mobilité</th><td>1</td><td>0</td>"
        );
        assert!(body.contains(&format!("Situations des personnes sorties en {year}")));
        assert_eq!(
            row(&body, "Emploi durable"),
            "<th scope=\"row\">Emploi durable</th><td>1</td><td>0</td><td>0</td>"
        );
        // Binta had no barrier and took part in no action.
        assert!(body.contains(&format!("Sorties {year} par frein repéré")));
        assert!(row(&body, "Aucun frein repéré")
            .ends_with("<td>0</td><td>0</td><td>1</td><td>0</td><td>1</td>"));
        assert!(body.contains(&format!("Sorties {year} par action suivie")));
        assert!(row(&body, "Aucune action suivie")
            .ends_with("<td>1</td><td>0</td><td>1</td><td>0</td><td>2</td>"));
        assert!(body.contains(&format!("<option value=\"{qpv}\">Belle-Beille</option>")));

        // Belle-Beille: Awa's cohort only, without the other axes or a median.
        let page = coordinator.get(&format!("/indicateurs?qpv={qpv}")).await;
        assert_eq!(page.status, StatusCode::OK);
        let body = page.body;
        assert!(
            body.contains("Cité d&#39;Angers, quartier Belle-Beille"),
            "{body}"
        );
        assert!(row(&body, "Personnes suivies").ends_with("<td>0</td><td>1</td>"));
        assert!(!body.contains("<th scope=\"row\">Partenaires</th>"));
        assert!(!body.contains("Médiane des Cités"));
        assert!(body.contains(&format!("<option value=\"{qpv}\" selected>")));
        let previous = format!("/indicateurs?qpv={qpv}&#38;annee={}", year - 1);
        assert!(body.contains(&previous), "{body}");
        assert!(!body.contains("<th scope=\"row\">Sortie positive</th><td>1</td>"));
        let outside = coordinator.get("/indicateurs?qpv=hors").await.body;
        assert!(outside.contains("<th scope=\"row\">Sortie positive</th><td>1</td>"));
        let file = coordinator
            .get(&format!("/indicateurs.xlsx?qpv={qpv}&annee={year}"))
            .await;
        assert_eq!(xlsx_row(&file.bytes, "Personnes suivies")[4], "1");

        // The co-pilot reads the same tables masked; another Cité's QPV, a
        // word, or one Cité's QPV on the network's page is not found.
        // The co-pilot reads a quarter's figures only where no quarter holds
        // a small count: Belle-Beille's one less would give Binta's back.
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let body = pilote.get("/indicateurs?qpv=hors").await.body;
        assert!(row(&body, "Autres sorties positives").contains("non communiqué"));
        assert!(row(&body, "Personnes suivies").ends_with("<td>non communiqué</td>"));
        assert!(!body.contains("par frein repéré"));
        assert!(!body.contains(&format!("Freins {year} par catégorie")));
        for asked in ["999999", "belle-beille", "-1"] {
            assert_not_found(&coordinator.get(&format!("/indicateurs?qpv={asked}")).await);
        }
        let mut national = app.signed_in("national@anct.gouv.fr").await;
        assert_not_found(&national.get(&format!("/indicateurs?qpv={qpv}")).await);
        assert_eq!(
            national.get("/indicateurs?qpv=").await.status,
            StatusCode::OK
        );
    }
);

both_backends!(
    the_network_s_figures_are_counted_again_every_ten_minutes,
    |app: TestApp| async move {
        let mut national = app.signed_in("national@anct.gouv.fr").await;
        let partners = |body: &str| row(body, "Partenaires").to_owned();
        let before = partners(&national.get("/indicateurs").await.body);
        let input = maillage_store::conformance::partner_input("CIDFF de Maine-et-Loire");
        app.store
            .create_partner_in(
                &Actor::system(chrono::Utc::now()),
                app.angers,
                &input.validate().unwrap(),
            )
            .await
            .unwrap();
        // Shown as counted until ten minutes have passed; the Cité's own
        // figures are counted at once.
        assert_eq!(partners(&national.get("/indicateurs").await.body), before);
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let own = partners(&coordinator.get("/indicateurs").await.body);
        assert!(own.contains("<td>2</td>"), "{own}");
        app.clock.advance(chrono::Duration::minutes(11));
        let mut national = app.signed_in("national@anct.gouv.fr").await;
        let after = partners(&national.get("/indicateurs").await.body);
        assert_ne!(after, before);
        assert!(after.ends_with("<td>3</td>"), "{after}");
    }
);

both_backends!(
    the_network_s_cohort_reads_for_the_qpvs_residents_or_the_others,
    |app: TestApp| async move {
        let qpv = belle_beille(&app).await;
        for name in ["Awa", "Binta", "Chloé", "Dalila", "Emma", "Fatou"] {
            app.resident(name, "Diallo", Some(qpv)).await;
        }
        let mut national = app.signed_in("national@anct.gouv.fr").await;
        let body = national.get("/indicateurs?qpv=en-qpv").await.body;
        assert!(body.contains("le réseau, habitants des QPV"), "{body}");
        assert!(row(&body, "Personnes suivies").ends_with("<td>6</td>"));
        assert!(!body.contains("<th scope=\"row\">Partenaires</th>"));
        assert!(!body.contains("Par Cité en"));
        // One person outside: the whole less the QPVs' residents would give
        // them back, so neither quarter's figure is shown.
        app.admitted("Gabrielle", "Diallo").await;
        app.clock.advance(chrono::Duration::minutes(11));
        let mut national = app.signed_in("national@anct.gouv.fr").await;
        for quarter in ["en-qpv", "hors"] {
            let body = national
                .get(&format!("/indicateurs?qpv={quarter}"))
                .await
                .body;
            let followed = row(&body, "Personnes suivies");
            assert!(followed.ends_with("<td>non communiqué</td>"), "{followed}");
        }
        // One Cité's QPV is not the network's.
        assert_not_found(&national.get(&format!("/indicateurs?qpv={qpv}")).await);
        let whole = national.get("/indicateurs").await.body;
        assert!(whole.contains("<option value=\"en-qpv\">Habitants des QPV</option>"));
    }
);

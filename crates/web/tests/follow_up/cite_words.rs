//! A Cité's own words for barriers (« freins de la Cité »): named by its
//! coordinator, offered first on a person's file and read there, counted on
//! the Cité's home (masked for co-pilots), used by the exports; the national
//! view keeps the national codes.

use axum::http::StatusCode;
use maillage_domain::barriers::BarrierWordDraft;
use maillage_store::Actor;

use crate::common::outline::outline;
use crate::common::{assert_not_found, html, Backend, TestApp};
use crate::fixtures::{Fixture, PERMIT};

const VEHICLE: &str = "mobilite--acceder-a-un-vehicule";
const CHILDCARE: &str = "famille--garde-denfants";

crate::both_backends!(
    a_coordinator_names_the_cites_barriers_and_files_speak_them,
    |app: TestApp| async move {
        let f = Fixture::new(&app).await;
        let mut coord = app.signed_in("coord@angers.fr").await;
        let page = coord.get("/cite/freins").await.body;
        assert!(page.contains("n'a pas encore nommé ses freins"));

        // Bad input: French messages beside the fields, nothing saved.
        let refused = coord.post("/cite/freins", &[("label", " ")]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("Nommez le frein."));
        assert!(refused.body.contains("Cochez au moins une thématique."));
        let unknown = coord
            .post(
                "/cite/freins",
                &[("label", "Permis"), ("thematics", "permis")],
            )
            .await;
        assert!(unknown
            .body
            .contains("Choisissez des thématiques du référentiel data·inclusion."));
        let coordinator = app.coordinator().await;
        let words = || app.store.barrier_words(&coordinator, app.angers);
        assert!(words().await.unwrap().is_empty(), "nothing saved");

        for (label, thematic) in [("Mobilité", "mobilite"), ("Garde d'enfants", CHILDCARE)] {
            let added = coord
                .post("/cite/freins", &[("label", label), ("thematics", thematic)])
                .await;
            assert_eq!(added.location(), "/cite/freins?fait=frein-cite-ajoute");
        }
        let twice = coord
            .post(
                "/cite/freins",
                &[("label", "MOBILITE"), ("thematics", "sante")],
            )
            .await;
        assert!(twice.body.contains("La Cité a déjà un frein de ce nom."));
        let taken = coord
            .post(
                "/cite/freins",
                &[("label", "Enfants"), ("thematics", "famille")],
            )
            .await;
        assert!(taken.body.contains(&html(
            "« Famille » appartient déjà au frein « Garde d'enfants » de la Cité."
        )));
        assert_eq!(words().await.unwrap().words().len(), 2);
        let page = coord.get("/cite").await.body;
        assert!(page.contains(&html(
            "<ol><li><strong>Mobilité</strong> : Mobilité</li><li><strong>Garde d'enfants</strong> : Garde d’enfants</li></ol>"
        )));

        // The co-pilot reads them and changes nothing.
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let read = pilote.get("/cite/freins").await.body;
        assert!(read.contains("<th scope=\"row\">Mobilité</th>"));
        assert!(!read.contains("Ajouter le frein"));
        let forbidden = pilote
            .post(
                "/cite/freins",
                &[("label", "Santé"), ("thematics", "sante")],
            )
            .await;
        assert_eq!(forbidden.status, StatusCode::FORBIDDEN);

        // The file offers the Cité's words first and reads barriers with them.
        let mut referent = app.signed_in("referent@angers.fr").await;
        let file = referent.get(&format!("/personnes/{}", f.benali)).await.body;
        let mobility = file.find("<optgroup label=\"Mobilité\">").unwrap();
        let childcare = file
            .find(&html(&format!(
                "<option value=\"{CHILDCARE}\">Garde d'enfants</option>"
            )))
            .unwrap();
        let others = file
            .find("<optgroup label=\"Autres thématiques\">")
            .unwrap();
        assert!(
            mobility < childcare && childcare < others,
            "the Cité's words first"
        );
        assert!(file.contains(&format!(
            "<option value=\"{VEHICLE}\">Accéder à un véhicule</option>"
        )));
        assert!(file.contains("<p class=\"fr-mb-1v\"><strong>Mobilité</strong></p>"));
        assert!(file.contains("<li><p class=\"fr-tag fr-tag--sm\">Préparer un permis</p></li>"));
        let added = referent
            .post(
                &format!("/personnes/{}/freins", f.benali),
                &[
                    ("thematic", CHILDCARE),
                    ("identified_on", &f.today.to_string()),
                ],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER);

        // The export names open barriers with the Cité's words, codes beside.
        let csv = coord.get("/personnes/export.csv?statut=active").await.body;
        assert!(csv.contains(&format!(
            ";Dans la cohorte;Mobilité, Garde d'enfants;{PERMIT}, {CHILDCARE}"
        )));

        // The list filters by the Cité's words: « Mobilité » finds the
        // driving-licence barrier under its category.
        let mobility_word = words().await.unwrap().words()[0].id;
        let list = coord.get("/personnes").await.body;
        assert!(list.contains("<optgroup label=\"Freins de la Cité\">"));
        let filtered = coord
            .get(&format!("/personnes?frein=mot-{mobility_word}"))
            .await
            .body;
        assert!(
            filtered.contains(&format!("/personnes/{}\"", f.benali)),
            "{filtered}"
        );
        assert!(!filtered.contains(&format!("/personnes/{}\"", f.lefevre)));
        let other_cite = coord.get("/personnes?frein=mot-999999").await.body;
        assert!(
            other_cite.contains("frein"),
            "an unknown word is ignored, said so"
        );

        // Reordered, then removed: the person's barriers stay, under the
        // thematic's own label.
        let childcare_word = words().await.unwrap().words()[1].id;
        let moved = coord
            .post(&format!("/cite/freins/{childcare_word}/monter"), &[])
            .await;
        assert_eq!(moved.location(), "/cite/freins?fait=frein-cite-deplace");
        let order: Vec<String> = words()
            .await
            .unwrap()
            .words()
            .iter()
            .map(|w| w.label.clone())
            .collect();
        assert_eq!(order, ["Garde d'enfants", "Mobilité"]);
        let mobility_word = words().await.unwrap().words()[1].id;
        let edit = coord
            .get(&format!("/cite/freins/{mobility_word}"))
            .await
            .body;
        assert!(edit
            .contains("id=\"thematics-mobilite\" name=\"thematics\" value=\"mobilite\" checked"));
        assert!(edit.contains(&html("Déjà dans le frein « Garde d'enfants »")));
        let ask = coord
            .get(&format!("/cite/freins/{mobility_word}/retirer"))
            .await
            .body;
        assert!(ask.contains("Retirer « Mobilité » des freins de la Cité ?"));
        let removed = coord
            .post(&format!("/cite/freins/{mobility_word}/retirer"), &[])
            .await;
        assert_eq!(removed.location(), "/cite/freins?fait=frein-cite-retire");
        let file = referent.get(&format!("/personnes/{}", f.benali)).await.body;
        assert!(file.contains("<strong>Préparer un permis</strong>"));
        assert!(file.contains(&html("<strong>Garde d'enfants</strong>")));

        // Another Cité's coordinator cannot reach them: our 404.
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        assert_not_found(&vaulx.get(&format!("/cite/freins/{childcare_word}")).await);
        assert_not_found(
            &vaulx
                .post(&format!("/cite/freins/{childcare_word}/retirer"), &[])
                .await,
        );
        let journal = coord.get("/journal").await.body;
        for label in [
            "Ajout d&#39;un frein de la Cité",
            "Déplacement d&#39;un frein de la Cité",
            "Retrait d&#39;un frein de la Cité",
        ] {
            assert!(journal.contains(label), "{label}");
        }
    }
);

crate::both_backends!(
    the_cite_home_counts_distinct_persons_by_its_words,
    |app: TestApp| async move {
        let f = Fixture::new(&app).await;
        let store = app.store.as_ref();
        let actor = Actor::system(chrono::Utc::now());
        let mut coord = app.signed_in("coord@angers.fr").await;
        let home = outline(&coord.get("/").await.body);
        assert!(home.contains("légende du tableau: Freins, par thématique"));

        let coordinator = app.coordinator().await;
        for (label, thematics) in [
            ("Mobilité", vec!["mobilite"]),
            ("Lien avec l'entreprise", vec!["trouver-un-emploi"]),
        ] {
            let word = BarrierWordDraft {
                label: label.into(),
                thematics,
            };
            store
                .add_barrier_word(&actor, &coordinator, &word)
                .await
                .unwrap();
        }
        // Karim has two mobility barriers: one person under « Mobilité ».
        for (person, thematic) in [(f.benali, VEHICLE), (f.lefevre, CHILDCARE)] {
            store
                .add_barrier(&actor, &f.referent, person, thematic, f.today, None)
                .await
                .unwrap();
        }
        let home = outline(&coord.get("/").await.body);
        assert!(
            home.contains(
                "légende du tableau: Freins, par frein de la Cité\n\
             | Frein de la Cité | Personnes concernées | Frein levé |\n\
             | Mobilité | 1 | 0 |\n\
             | Lien avec l'entreprise | 0 | 0 |\n\
             | Autres freins | 1 | 0 |\n"
            ),
            "{home}"
        );

        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let home = outline(&pilote.get("/").await.body);
        assert!(home.contains("| Mobilité | < 5 | 0 |\n"), "{home}");
        assert!(home.contains("| Autres freins | < 5 | 0 |\n"), "{home}");

        // The national view aggregates by national codes, never a Cité's words.
        let mut national = app.signed_in("national@anct.gouv.fr").await;
        let home = national.get("/").await.body;
        assert!(!home.contains("Lien avec"));
        assert!(!home.contains("Freins, par frein de la Cité"));
    }
);

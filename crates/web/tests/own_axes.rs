//! A Cité's own axes (*axes propres*): stated on its profile, offered on the
//! action form, and an action filed under one of them besides a national
//! axis; an axis that is not the Cité's is refused and nothing is saved.

mod common;

use axum::http::StatusCode;
use common::{Backend, TestApp};
use maillage_store::actions::ActionFilter;

const PROFILE: [(&str, &str); 5] = [
    ("name", "Cité de l'emploi d'Angers Loire Métropole"),
    ("departement", "49"),
    ("communes", "49007"),
    ("label_year", "2020"),
    (
        "own_axes",
        "Aller vers les habitants\n\nMobiliser les employeurs\nmobiliser les employeurs\n",
    ),
];

const ACTION: [(&str, &str); 6] = [
    ("title", "Jobdating de quartier"),
    ("axis", "reach_out"),
    (
        "thematics",
        "trouver-un-emploi--faire-des-candidatures-spontanees",
    ),
    ("starts_on", "2026-03-02"),
    ("status", "planned"),
    ("priority_rule", "request_date"),
];

both_backends!(
    actions_are_filed_under_the_cites_own_axes,
    |app: TestApp| async move {
        let mut coord = app.signed_in("coord@angers.fr").await;
        let saved = coord.post("/cite/modifier", &PROFILE).await;
        assert_eq!(saved.location(), "/cite?fait=cite-modifiee");
        let page = coord.get("/cite").await.body;
        assert!(page.contains(
            "<ol><li>Aller vers les habitants</li><li>Mobiliser les employeurs</li></ol>"
        ));

        let form = coord.get("/actions/nouvelle").await.body;
        assert!(form.contains("Axe propre de la Cité"));
        assert!(form.contains("<option value=\"Mobiliser les employeurs\""));

        let foreign = [
            &ACTION[..],
            &[("cite_axis", "Conquérir Mars"), ("capacity", "zéro")],
        ]
        .concat();
        let refused = coord.post("/actions", &foreign).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused
            .body
            .contains("Choisissez un axe propre de la Cité dans la liste."));
        let actions = app
            .store
            .actions(&app.coordinator().await, &ActionFilter::default())
            .await
            .unwrap();
        assert!(actions.is_empty(), "nothing saved");

        let filed = [&ACTION[..], &[("cite_axis", "Mobiliser les employeurs")]].concat();
        let created = coord.post("/actions", &filed).await;
        assert_eq!(created.status, StatusCode::SEE_OTHER);
        let page = coord.get(created.location()).await.body;
        assert!(page.contains(
            "<dt class=\"fr-text--bold\">Axe propre de la Cité</dt><dd>Mobiliser les employeurs</dd>"
        ));
    }
);

//! The national team creates a Cité with its first coordinator
//! (« Créer une Cité »), archives one and brings it back; nobody else sees
//! those pages.

mod common;

use axum::http::StatusCode;
use chrono::Datelike;
use common::{assert_not_found, html, Backend, TestApp, PASSWORD};
use maillage_web::Clock;

const LE_MANS: &[(&str, &str)] = &[
    ("code", "le-mans"),
    ("name", "Cité de l'emploi du Mans Métropole"),
    ("departement", "72"),
    ("epci", "CU Le Mans Métropole"),
    ("communes", "Le Mans, 72003"),
    ("label_year", "2021"),
    ("co_pilots", "Préfecture de la Sarthe"),
    ("coordinator_name", "Nadia Benali"),
    ("coordinator_email", "nadia.benali@lemans.fr"),
];

/// The Le Mans form with `changes`.
fn le_mans_with<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    LE_MANS
        .iter()
        .map(|&(field, value)| {
            let changed = changes.iter().find(|(f, _)| *f == field);
            (field, changed.map_or(value, |(_, v)| *v))
        })
        .collect()
}

/// The one-time password a page shows.
fn shown_password(body: &str) -> String {
    body.split("<code class=\"mai-password\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("a password on the page")
        .to_owned()
}

both_backends!(
    the_national_team_creates_a_cite_with_its_coordinator,
    |app: TestApp| async move {
        for email in ["coord@angers.fr", "pilote@angers.fr", "referent@angers.fr"] {
            let mut member = app.signed_in(email).await;
            assert_not_found(&member.get("/cites/nouvelle").await);
            assert_not_found(&member.post("/cites/nouvelle", LE_MANS).await);
        }
        let mut national = app.signed_in("national@anct.gouv.fr").await;
        let list = national.get("/cites").await;
        assert!(list
            .body
            .contains("href=\"/cites/nouvelle\">Créer une Cité</a>"));
        let form = national.get("/cites/nouvelle").await;
        assert_eq!(form.status, StatusCode::OK);
        let next_year = app.clock.now().year() + 1;
        assert!(form
            .body
            .contains(&format!("<option value=\"{next_year}\"")));

        let bad = le_mans_with(&[
            ("code", "Le Mans"),
            ("communes", "Le Mans, Sablé-sur-Sarthe"),
            ("label_year", "2019"),
        ]);
        let refused = national.post("/cites/nouvelle", &bad).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        for message in [
            "Le code s&#39;écrit en minuscules sans accents",
            "« Sablé-sur-Sarthe » n&#39;est pas une commune de l&#39;EPCI CU Le Mans Métropole",
            "Indiquez l&#39;année de la vague de labellisation, de 2020 à",
        ] {
            assert!(refused.body.contains(message), "{message} missing");
        }
        let taken_code = national
            .post("/cites/nouvelle", &le_mans_with(&[("code", "angers")]))
            .await;
        assert_eq!(taken_code.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(taken_code.body.contains("Une Cité porte déjà ce code."));
        let taken_email = national
            .post(
                "/cites/nouvelle",
                &le_mans_with(&[("coordinator_email", "coord@angers.fr")]),
            )
            .await;
        assert_eq!(taken_email.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(taken_email
            .body
            .contains(&html(maillage_domain::cites::EMAIL_TAKEN)));
        assert!(app
            .store
            .cite_id_by_code("le-mans")
            .await
            .unwrap()
            .is_none());

        let created = national.post("/cites/nouvelle", LE_MANS).await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.body);
        assert!(created
            .body
            .contains("La Cité a été créée avec le compte de sa coordination."));
        assert!(created
            .body
            .contains("Nadia Benali – nadia.benali@lemans.fr"));
        let password = shown_password(&created.body);
        let list = national.get("/cites").await;
        assert!(list.body.contains("Cité de l&#39;emploi du Mans Métropole"));

        let mut nadia = app.client();
        let signed_in = nadia.sign_in("nadia.benali@lemans.fr", &password).await;
        assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
        let cite = nadia.get("/cite").await;
        for text in [
            "Le Mans (72181)",
            "Allonnes (72003)",
            "CU Le Mans Métropole",
        ] {
            assert!(cite.body.contains(text), "{text} missing");
        }
        assert!(nadia.get("/comptes").await.body.contains("Nadia Benali"));
    }
);

both_backends!(
    an_archived_cite_is_listed_apart_and_nobody_works_in_it,
    |app: TestApp| async move {
        let archive = format!("/cites/{}/archiver", app.vaulx);
        let mut coordinator = app.signed_in("coord@vaulx.fr").await;
        assert_not_found(&coordinator.get(&archive).await);
        assert_not_found(&coordinator.post(&archive, &[]).await);
        let mut referent = app.signed_in("referent@vaulx.fr").await;
        let mut multi = app.signed_in("multi@prefecture.fr").await;
        let vaulx = app.vaulx.to_string();
        multi.post("/cite/choisir", &[("cite_id", &vaulx)]).await;

        let mut national = app.signed_in("national@anct.gouv.fr").await;
        let confirm = national.get(&archive).await;
        assert_eq!(confirm.status, StatusCode::OK);
        assert!(confirm
            .body
            .contains("Archiver la Cité Cité de Vaulx-en-Velin (vaulx) ?"));
        let archived = national.post(&archive, &[]).await;
        assert_eq!(archived.location(), "/cites?fait=cite-archivee");

        // The national journal keeps what the national team did to it.
        let journal = national.get("/journal").await.body;
        assert!(journal.contains("Archivage de la Cité"), "{journal}");

        // Its members stop working in it at once.
        assert_eq!(referent.get("/").await.location(), "/connexion");
        let again = app.client().sign_in("referent@vaulx.fr", PASSWORD).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(again.body.contains(&html(
            "La Cité de votre compte (Cité de Vaulx-en-Velin) a été archivée"
        )));
        let home = multi.get("/").await;
        assert_eq!(
            home.status,
            StatusCode::SEE_OTHER,
            "its session in Vaulx ended"
        );
        let mut multi = app.signed_in("multi@prefecture.fr").await;
        assert!(!multi.get("/").await.body.contains("Vaulx"));
        assert_not_found(&multi.post("/cite/choisir", &[("cite_id", &vaulx)]).await);

        // Listed apart with its date; the network counts active Cités only.
        let list = national.get(archived.location()).await.body;
        let (active, apart) = list.split_once("<h2>Cités archivées</h2>").unwrap();
        assert!(!active.contains("Vaulx"));
        assert!(!active.contains("Vaulx"));
        let today = maillage_domain::time::paris_date(app.clock.now());
        assert!(apart.contains(&format!(
            "Cité de Vaulx-en-Velin</a></td><td>Rhône (69)</td><td>2020</td><td>{}</td>",
            today.format("%d/%m/%Y")
        )));
        let home = national.get("/").await.body;
        assert!(home.contains("<h2 class=\"fr-tile__title\">1</h2><p class=\"fr-tile__desc\">Cités de l'emploi actives"));
        assert!(home.contains("Cité de Vaulx-en-Velin (archivée)"));
        let show = national.get(&format!("/cites/{vaulx}")).await.body;
        assert!(show.contains("Cité archivée le"));
        assert!(national
            .get(&archive)
            .await
            .body
            .contains("Cette Cité est déjà archivée."));

        // « Réactiver »: its members come back.
        let restored = national
            .post(&format!("/cites/{vaulx}/reactiver"), &[])
            .await;
        assert_eq!(restored.location(), "/cites?fait=cite-reactivee");
        let back = app.client().sign_in("referent@vaulx.fr", PASSWORD).await;
        assert_eq!(back.status, StatusCode::SEE_OTHER);

        // A sign-in older than ten minutes is asked again first.
        app.clock.advance(chrono::Duration::minutes(11));
        let stale = national.get(&archive).await;
        assert!(stale.location().starts_with("/reconnexion?retour="));
    }
);

both_backends!(
    where_only_proconnect_signs_in_a_new_cite_s_coordination_gets_no_password,
    |app: TestApp| async move {
        let signed_in = app.signed_in("national@anct.gouv.fr").await;
        let config = maillage_web::Config {
            password_sign_in_disabled: true,
            ..maillage_web::Config::default()
        };
        let mut national = app.other_process_with(&signed_in, config);
        national.get("/cites/nouvelle").await;
        let created = national.post("/cites/nouvelle", LE_MANS).await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.body);
        assert!(created.body.contains("peut se connecter avec ProConnect"));
        assert!(!created.body.contains("mai-password"));
    }
);

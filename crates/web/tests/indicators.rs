//! The programme's indicators page through the real router on both
//! backends: the coordinator reads the Cité's figures over three years with
//! the network's median, the co-pilot the same masked, the national team
//! the network's and each Cité's, masked by column; other roles get the 404
//! and a year out of the programme's range too.

mod common;

use axum::http::StatusCode;
use chrono::Datelike;
use common::{assert_not_found, Backend, TestApp};

/// The cells of the row headed `label`, as the page writes them.
fn row<'a>(body: &'a str, label: &str) -> &'a str {
    let start = body
        .find(&format!("<th scope=\"row\">{label}</th>"))
        .unwrap();
    let end = body[start..].find("</tr>").unwrap();
    &body[start..start + end]
}

both_backends!(
    each_reader_counts_the_cite_s_records_as_its_role_may,
    |app: TestApp| async move {
        let year = chrono::Utc::now().year();
        for name in ["Awa", "Binta", "Chloé"] {
            app.admitted(name, "Diallo").await;
        }
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let page = coordinator.get("/indicateurs").await;
        assert_eq!(page.status, StatusCode::OK);
        let body = page.body;
        assert!(body.contains(&format!("Indicateurs {year}")), "{body}");
        assert!(body.contains("<svg role=\"img\""));
        assert!(body.contains(&format!("Médiane des Cités en {year}")));
        // Three years, then Angers' 3 beside Vaulx's 0: a median of 1,5.
        assert_eq!(
            row(&body, "Personnes suivies"),
            "<th scope=\"row\">Personnes suivies</th><td>0</td><td>0</td><td>3</td><td>1,5</td>"
        );
        assert!(row(&body, "Partenaires").ends_with("<td>1</td><td>1</td>"));

        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let body = pilote.get("/indicateurs").await.body;
        assert_eq!(
            row(&body, "Personnes suivies"),
            "<th scope=\"row\">Personnes suivies</th><td>0</td><td>0</td><td>&#60; 5</td><td>&#60; 5</td>"
        );
        assert!(
            body.contains(&format!("{year} : &#60; 5</text>")),
            "the chart masks too"
        );
        assert!(!body.contains(&format!("{year} : 3</text>")));

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

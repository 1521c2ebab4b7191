//! The governance exports through the real router on both backends: a
//! meeting's published minutes as DOCX (404 until published, for the
//! référent as for the coordinator), the decisions register and a
//! committee's attendance as XLSX, each read back. Porteurs and another
//! Cité get the 404.

mod common;

use std::io::Cursor;

use axum::http::StatusCode;
use calamine::{Data, Reader, Xlsx};
use chrono::{Duration, NaiveDate, Utc};
use common::files::docx_text;
use common::governance::values_after;
use common::{assert_not_found, Backend, TestApp, TestResponse};

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A download: its status, type and name checked.
fn file(response: &TestResponse, mime: &str, extension: &str) -> Vec<u8> {
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(response.headers["content-type"], mime);
    assert_eq!(response.headers["x-content-type-options"], "nosniff");
    let disposition = response.headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment;") && disposition.contains(extension),
        "{disposition}"
    );
    response.bytes.clone()
}

/// The first sheet's cells, as text, row by row.
fn xlsx_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("an XLSX");
    let range = book.worksheet_range_at(0).expect("a sheet").unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::DateTime(d) => {
                        let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
                        let days = Duration::days(d.as_f64() as i64);
                        (epoch + days).format("%d/%m/%Y").to_string()
                    }
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

both_backends!(
    minutes_register_and_attendance_download_for_the_cite_only,
    |app: TestApp| async move {
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let committee = coordinator
            .create_committee("follow_up_committee", "Comité de suivi", "Hôtel de ville")
            .await;
        coordinator
            .add_account_members(
                &committee,
                &[
                    ("Compte referent@angers.fr", "member"),
                    ("Compte pilote@angers.fr", "co_pilot"),
                ],
            )
            .await;
        let starts = Utc::now() + Duration::days(10);
        let day = starts.format("%Y-%m-%d").to_string();
        let date = starts.format("%d/%m/%Y").to_string();
        let meeting = coordinator
            .add_meeting(&committee, &day, "14:00", "120", "Hôtel de ville")
            .await;
        let invited = coordinator.post(&format!("{meeting}/convoquer"), &[]).await;
        assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.body);
        let item = coordinator
            .post(
                &format!("{meeting}/ordre-du-jour"),
                &[("title", "Budget 2027 & reports"), ("description", "")],
            )
            .await;
        assert_eq!(item.status, StatusCode::SEE_OTHER, "{}", item.body);

        // The day after the meeting: attendance, a decision, the minutes.
        app.clock.advance(Duration::days(11));
        let mut coordinator = app.signed_in("coord@angers.fr").await;
        let sheet_url = format!("{meeting}/emargement");
        let form = coordinator.get(&sheet_url).await;
        let invitations = values_after(&form.body, "name=\"invitation\" value=\"");
        assert_eq!(invitations.len(), 2);
        let noted = coordinator
            .post(
                &sheet_url,
                &[
                    ("invitation", invitations[0].as_str()),
                    ("attendance", "represented"),
                    ("invitation", invitations[1].as_str()),
                    ("attendance", "absent"),
                ],
            )
            .await;
        assert_eq!(noted.status, StatusCode::SEE_OTHER, "{}", noted.body);
        let recorded = coordinator
            .post(
                &format!("{meeting}/decisions"),
                &[
                    ("text", "Feuille de route adoptée & diffusée."),
                    ("subject_kind", "none"),
                    ("subject", ""),
                ],
            )
            .await;
        assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
        let minutes = format!("{meeting}/compte-rendu");
        let saved = coordinator
            .post(
                &minutes,
                &[("body", "Ouverture à 14 h.\nTour de table des partenaires.")],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

        // Unpublished: no file, for anyone.
        let docx = format!("{minutes}.docx");
        let mut referent = app.signed_in("referent@angers.fr").await;
        assert_not_found(&referent.get(&docx).await);
        assert_not_found(&coordinator.get(&docx).await);
        let page = coordinator.get(&meeting).await.body;
        assert!(!page.contains("compte-rendu.docx"));

        let published = coordinator
            .post(&format!("{minutes}/publier"), &[("revision", "1")])
            .await;
        assert_eq!(
            published.status,
            StatusCode::SEE_OTHER,
            "{}",
            published.body
        );
        let page = referent.get(&meeting).await.body;
        assert!(
            page.contains("Télécharger le compte rendu (.docx)"),
            "{page}"
        );
        let xml = docx_text(&file(&referent.get(&docx).await, DOCX, ".docx"));
        for expected in [
            "Compte rendu — Comité de suivi",
            date.as_str(),
            "de 14 h 00 à 16 h 00",
            "Hôtel de ville",
            "Compte pilote@angers.fr",
            "Représenté",
            "Compte referent@angers.fr",
            "Absent",
            ">Budget 2027 &amp; reports<",
            ">Ouverture à 14 h.<",
            ">Tour de table des partenaires.<",
            "-CS-01",
            "Feuille de route adoptée &amp; diffusée.",
        ] {
            assert!(xml.contains(expected), "absent : {expected}\n{xml}");
        }

        // The register, every year and one year.
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        let register = pilote.get("/instances/decisions").await.body;
        assert!(register.contains("/instances/decisions.xlsx"), "{register}");
        let year = starts.format("%Y").to_string();
        for url in [
            "/instances/decisions.xlsx".to_owned(),
            format!("/instances/decisions.xlsx?annee={year}"),
        ] {
            let rows = xlsx_rows(&file(&pilote.get(&url).await, XLSX, ".xlsx"));
            assert!(rows[0][0].starts_with("Relevé de décisions"), "{rows:?}");
            assert_eq!(
                rows[2],
                [
                    "Numéro",
                    "Date de la séance",
                    "Instance",
                    "Décision",
                    "Objet"
                ]
            );
            assert_eq!(rows.len(), 4, "{rows:?}");
            assert_eq!(rows[3][0], format!("{year}-CS-01"));
            assert_eq!(rows[3][1], date);
            assert_eq!(rows[3][2], "Comité de suivi");
            assert_eq!(rows[3][3], "Feuille de route adoptée & diffusée.");
        }
        let before: i32 = year.parse::<i32>().unwrap() - 1;
        let other_year = format!("/instances/decisions.xlsx?annee={before}");
        let rows = xlsx_rows(&file(&pilote.get(&other_year).await, XLSX, ".xlsx"));
        assert_eq!(rows.len(), 3, "{rows:?}");

        // The attendance: one row per member, a column per held meeting.
        let page = coordinator.get(&committee).await.body;
        assert!(page.contains("presences.xlsx"), "{page}");
        let attendance = format!("{committee}/presences.xlsx");
        let rows = xlsx_rows(&file(&coordinator.get(&attendance).await, XLSX, ".xlsx"));
        assert_eq!(rows[0][0], "Présences — Comité de suivi");
        assert_eq!(
            rows[2],
            ["Membre", "Structure", date.as_str(), "Taux de présence"]
        );
        assert_eq!(rows[3][0], "Compte pilote@angers.fr");
        assert_eq!(rows[3][2], "Représenté");
        assert_eq!(rows[3][3], "1");
        assert_eq!(rows[4][0], "Compte referent@angers.fr");
        assert_eq!(rows[4][1], "Mission locale angevine");
        assert_eq!(rows[4][2], "Absent");
        assert_eq!(rows[4][3], "0");
        file(&referent.get(&attendance).await, XLSX, ".xlsx");

        // Not for a porteur, nor another Cité.
        let mut porteur = app.signed_in("porteur@angers.fr").await;
        let mut vaulx = app.signed_in("coord@vaulx.fr").await;
        for client in [&mut porteur, &mut vaulx] {
            assert_not_found(&client.get(&docx).await);
            assert_not_found(&client.get(&attendance).await);
        }
        assert_not_found(&porteur.get("/instances/decisions.xlsx").await);
        let theirs = xlsx_rows(&file(
            &vaulx.get("/instances/decisions.xlsx").await,
            XLSX,
            ".xlsx",
        ));
        assert_eq!(theirs.len(), 3, "another Cité's register is its own");
    }
);

//! An FSE+ operation's participant data through the real router on both
//! backends: the coordinators of an action co-funded by FSE+ find the link
//! and download each placed person's FSE+ fields, read back through
//! calamine; the export shows in the person's access log; an action without
//! FSE+ co-funding and the co-pilot get the 404.

mod common;
#[path = "actions/fixtures.rs"]
#[allow(dead_code)] // shared with actions.rs, which uses all of it
mod fixtures;

use std::io::Cursor;

use axum::http::StatusCode;
use calamine::{Data, Reader, Xlsx};
use chrono::Datelike;
use common::{assert_not_found, Backend, TestApp};
use maillage_domain::actions::EnrolmentDraft;
use maillage_domain::funding::fse::COLUMNS;
use maillage_domain::funding::{Allocation, BudgetLine, Commitment, Funder, LineKey};
use maillage_office::FSE_SHEET;
use maillage_store::Actor;

both_backends!(
    an_fse_operation_exports_its_participants_to_its_coordinators,
    |app: TestApp| async move {
        let coordinator = app.coordinator().await;
        let actor = Actor::system(chrono::Utc::now());
        let today = maillage_store::conformance::today();
        let operation = fixtures::action(&app, "Crèche AVIP", "4", "request_date").await;
        let other = fixtures::action(&app, "Café emploi", "4", "request_date").await;
        let awa = app.admitted("Awa", "Diallo").await;
        let draft = EnrolmentDraft {
            participant_id: awa,
            requested_on: today,
        };
        app.store
            .enrol(&actor, &coordinator, operation, &draft)
            .await
            .unwrap();
        // FSE+ co-funds the crèche: a commitment on its line names it.
        let key = LineKey {
            year: today.year(),
            funder: Funder::FsePlus,
            line: BudgetLine::Actions,
        };
        let allocation = Allocation {
            key,
            amount_cents: 5_000_000,
        };
        app.store
            .set_allocation(&actor, &coordinator, &allocation)
            .await
            .unwrap();
        let commitment = Commitment {
            key,
            amount_cents: 1_000_000,
            label: "Crèche AVIP".into(),
            action_id: Some(operation),
            committed_on: today,
        };
        app.store
            .commit(&actor, &coordinator, &commitment)
            .await
            .unwrap();

        let mut client = app.signed_in("coord@angers.fr").await;
        let page = client.get(&format!("/actions/{operation}")).await.body;
        assert!(page.contains("Données des participants pour le FSE+"));
        let page = client.get(&format!("/actions/{other}")).await.body;
        assert!(!page.contains("pour le FSE+"));

        let file = client.get(&format!("/actions/{operation}/fse.xlsx")).await;
        assert_eq!(file.status, StatusCode::OK);
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(file.bytes)).unwrap();
        let range = book.worksheet_range(FSE_SHEET).unwrap();
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(Data::to_string).collect())
            .collect();
        assert_eq!(rows[2], COLUMNS.map(String::from));
        assert_eq!(rows.len(), 4, "the title, a gap, the columns and Awa");
        let awa_line = &rows[3];
        assert_eq!(awa_line[..4], ["Diallo", "Awa", "12/04/1991", "Femme"]);
        assert_eq!(awa_line[5], today.format("%d/%m/%Y").to_string());
        assert_eq!(awa_line[11], "Non", "Awa lives outside the QPVs");

        let log = client.get(&format!("/personnes/{awa}/consultations")).await;
        assert!(log
            .body
            .contains("Export des données FSE+ d&#39;une opération"));
        assert_not_found(&client.get(&format!("/actions/{other}/fse.xlsx")).await);
        let mut pilote = app.signed_in("pilote@angers.fr").await;
        assert_not_found(&pilote.get(&format!("/actions/{operation}/fse.xlsx")).await);
    }
);

//! Agreements and bilans: drawn once, only for an accepted application at
//! the right step, committing each year on the envelope (all or nothing);
//! read by the funded porteur and the Cité, by no other porteur; bilans
//! written by the porteur, awaited until then.

use chrono::{NaiveDate, Utc};
use maillage_domain::accounts::Role;
use maillage_domain::agreements::{AgreementDraft, AgreementYear, ReportKind};
use maillage_domain::calls::decision::{Decision, Outcome};
use maillage_domain::calls::CallStatus;
use maillage_domain::documents::DocumentOwner;
use maillage_domain::funding::{BudgetLine, Funder};
use maillage_domain::ids::ApplicationId;
use maillage_domain::Scope;

use super::calls::{application, deadline, is_refused, published_call};
use super::documents::pdf;
use super::funding::{allocation, key};
use super::{is_not_found, member, Fixture};
use crate::agreements::ReportLineRow;
use crate::documents::Reader;
use crate::{Actor, Store};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// An application of Angers' call, submitted by Mobil'Emploi's porteur,
/// decided with `outcome` (20 000 € when accepted); the call is decided.
pub(crate) struct Decided {
    pub application: ApplicationId,
    pub porteur: Scope,
    pub other_porteur: Scope,
}

pub(crate) async fn decided(store: &dyn Store, f: &Fixture, outcome: Outcome) -> Decided {
    let actor = Actor::system(Utc::now());
    let coordinator = &f.angers_coordinator;
    let call = published_call(store, coordinator, "AAP 2023").await;
    let partner = f.partner(store, "Mobil'Emploi").await;
    let other = f.partner(store, "Femmes Actives").await;
    let porteur = member(store, f.angers, Role::Porteur, Some(partner), "p@mobil.fr").await;
    let other_porteur = member(store, f.angers, Role::Porteur, Some(other), "p@femmes.fr").await;
    let id = store
        .create_application(&actor, &porteur, call, &application("Mobilité", vec![]))
        .await
        .unwrap();
    store
        .submit_application(&actor, &porteur, id, deadline())
        .await
        .unwrap();
    for status in [CallStatus::Closed, CallStatus::Instruction] {
        store
            .set_call_status(&actor, coordinator, call, status)
            .await
            .unwrap();
    }
    let decision = Decision {
        outcome,
        amount_cents: (outcome == Outcome::Accepted).then_some(2_000_000),
        reason: if outcome == Outcome::Accepted {
            String::new()
        } else {
            "Hors du périmètre de l'appel.".into()
        },
        decided_on: day(2023, 11, 14),
        committee: "Comité de pilotage du 14/11/2023".into(),
    };
    store
        .record_decision(&actor, coordinator, id, &decision)
        .await
        .unwrap();
    store
        .set_call_status(&actor, coordinator, call, CallStatus::Decided)
        .await
        .unwrap();
    Decided {
        application: id,
        porteur,
        other_porteur,
    }
}

fn draft(euros: i64) -> AgreementDraft {
    AgreementDraft {
        years: vec![AgreementYear {
            year: 2024,
            amount_cents: euros * 100,
        }],
        advance_percent: 50,
    }
}

pub async fn agreements_commit_their_years_once_and_only_when_granted(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(Utc::now());
    let coordinator = &f.angers_coordinator;
    let d = decided(store, &f, Outcome::Accepted).await;
    let line = key(2024, Funder::Anct, BudgetLine::Actions);
    let drawn_on = day(2023, 11, 20);

    // Without an envelope, nothing is drawn: the year cannot be committed.
    let short = store
        .create_agreement(&actor, coordinator, d.application, &draft(20_000), drawn_on)
        .await;
    assert!(is_refused(short, "amount"));
    assert!(store.agreements(coordinator).await.unwrap().is_empty());

    store
        .set_allocation(&actor, coordinator, &allocation(line, 100_000))
        .await
        .unwrap();
    // Another amount than the one granted is refused.
    let wrong = store
        .create_agreement(&actor, coordinator, d.application, &draft(25_000), drawn_on)
        .await;
    assert!(is_refused(wrong, "amount"));
    // Only a coordinator draws it; another Cité does not find the application.
    assert!(store
        .create_agreement(&actor, &d.porteur, d.application, &draft(20_000), drawn_on)
        .await
        .is_err());
    assert!(is_not_found(
        store
            .create_agreement(
                &actor,
                &f.vaulx_coordinator,
                d.application,
                &draft(20_000),
                drawn_on
            )
            .await
    ));

    let id = store
        .create_agreement(&actor, coordinator, d.application, &draft(20_000), drawn_on)
        .await
        .unwrap();
    let again = store
        .create_agreement(&actor, coordinator, d.application, &draft(20_000), drawn_on)
        .await;
    assert!(is_refused(again, "application"));

    let file = store.agreement(coordinator, id).await.unwrap();
    assert_eq!(file.agreement.reference, "CONV-2023-001");
    assert_eq!(file.total_cents(), 2_000_000);
    assert_eq!(file.instalments.len(), 2);
    assert_eq!(file.instalments[0].amount_cents, 1_000_000);
    assert_eq!(file.reports.len(), 2);
    assert!(file.reports.iter().all(|r| r.due_on == day(2025, 3, 31)));
    assert_eq!(file.budget.len(), 2);
    // The year is committed on the line.
    let budget = store.budget(coordinator, 2024).await.unwrap();
    assert_eq!(budget.commitments.len(), 1);
    assert_eq!(budget.commitments[0].amount_cents, 2_000_000);
    assert_eq!(budget.commitments[0].label, "CONV-2023-001 — Mobilité");

    // The funded porteur reads it; another porteur and another Cité don't.
    assert_eq!(store.agreements(&d.porteur).await.unwrap().len(), 1);
    assert!(store.agreement(&d.porteur, id).await.is_ok());
    assert!(store.agreements(&d.other_porteur).await.unwrap().is_empty());
    assert!(is_not_found(store.agreement(&d.other_porteur, id).await));
    assert!(is_not_found(
        store.agreement(&f.vaulx_coordinator, id).await
    ));

    // Signed between the decision and today, once, with its signed copy.
    let today = day(2023, 12, 20);
    let copy = pdf("convention-signee.pdf");
    let owner = DocumentOwner::Agreement(id);
    assert!(is_refused(
        store
            .sign_agreement(&actor, coordinator, id, day(2023, 11, 1), &copy, today)
            .await,
        "signed_on"
    ));
    assert!(store
        .documents(Reader::Member(coordinator), owner)
        .await
        .unwrap()
        .is_empty());
    assert!(matches!(
        store
            .sign_agreement(&actor, &d.porteur, id, day(2023, 12, 1), &copy, today)
            .await,
        Err(crate::StoreError::Forbidden)
    ));
    store
        .sign_agreement(&actor, coordinator, id, day(2023, 12, 1), &copy, today)
        .await
        .unwrap();
    let signed = store.agreement(coordinator, id).await.unwrap();
    assert_eq!(signed.agreement.signed_on, Some(day(2023, 12, 1)));
    assert!(is_refused(
        store
            .sign_agreement(&actor, coordinator, id, day(2023, 12, 2), &copy, today)
            .await,
        "signed_on"
    ));

    // The signed copy: the funded porteur reads it, another does not; only
    // the coordinators add to the agreement's documents.
    let copies = store
        .documents(Reader::Member(&d.porteur), owner)
        .await
        .unwrap();
    assert_eq!(copies.len(), 1);
    assert_eq!(copies[0].sha256, copy.sha256);
    assert!(is_not_found(
        store
            .documents(Reader::Member(&d.other_porteur), owner)
            .await
    ));
    assert!(is_not_found(store.documents(Reader::Anyone, owner).await));
    assert!(is_not_found(
        store.check_documents_writable(&d.porteur, owner).await
    ));
    store
        .check_documents_writable(coordinator, owner)
        .await
        .unwrap();
}

pub async fn only_an_accepted_application_gets_an_agreement(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(Utc::now());
    let coordinator = &f.angers_coordinator;
    let d = decided(store, &f, Outcome::Refused).await;
    let line = key(2024, Funder::Anct, BudgetLine::Actions);
    store
        .set_allocation(&actor, coordinator, &allocation(line, 100_000))
        .await
        .unwrap();
    let basis = store
        .agreement_basis(coordinator, d.application)
        .await
        .unwrap();
    assert_eq!(basis.accepted_cents, None);
    let refused = store
        .create_agreement(
            &actor,
            coordinator,
            d.application,
            &draft(20_000),
            day(2023, 11, 20),
        )
        .await;
    assert!(is_refused(refused, "application"));
}

pub async fn bilans_are_written_by_the_funded_porteur_and_awaited_until_then(store: &dyn Store) {
    let f = Fixture::new(store).await;
    let actor = Actor::system(Utc::now());
    let coordinator = &f.angers_coordinator;
    let d = decided(store, &f, Outcome::Accepted).await;
    let line = key(2024, Funder::Anct, BudgetLine::Actions);
    store
        .set_allocation(&actor, coordinator, &allocation(line, 100_000))
        .await
        .unwrap();
    let id = store
        .create_agreement(
            &actor,
            coordinator,
            d.application,
            &draft(20_000),
            day(2023, 11, 20),
        )
        .await
        .unwrap();
    let file = store.agreement(coordinator, id).await.unwrap();
    let report = |kind| file.reports.iter().find(|r| r.kind == kind).unwrap().id;
    let (qualitative, financial) = (
        report(ReportKind::Qualitative),
        report(ReportKind::Financial),
    );

    // Awaited: within a month of their due date, or late.
    let early = store
        .awaited_reports(coordinator, day(2025, 2, 1))
        .await
        .unwrap();
    assert!(early.is_empty());
    let due = store
        .awaited_reports(coordinator, day(2025, 3, 31))
        .await
        .unwrap();
    assert_eq!(due.len(), 2);
    assert_eq!(
        store
            .awaited_reports(&d.porteur, day(2025, 3, 31))
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(store
        .awaited_reports(&d.other_porteur, day(2025, 3, 31))
        .await
        .unwrap()
        .is_empty());

    let sections = vec![(
        "Déroulement de l'action".to_owned(),
        "Douze ateliers.".to_owned(),
    )];
    // Only the funded porteur writes it.
    assert!(is_not_found(
        store
            .save_qualitative(
                &actor,
                &d.other_porteur,
                qualitative,
                &sections,
                false,
                day(2025, 3, 1)
            )
            .await
    ));
    assert!(is_not_found(
        store
            .save_qualitative(
                &actor,
                coordinator,
                qualitative,
                &sections,
                false,
                day(2025, 3, 1)
            )
            .await
    ));
    // A financial bilan is not written as a qualitative one.
    assert!(is_not_found(
        store
            .save_qualitative(
                &actor,
                &d.porteur,
                financial,
                &sections,
                false,
                day(2025, 3, 1)
            )
            .await
    ));
    store
        .save_qualitative(
            &actor,
            &d.porteur,
            qualitative,
            &sections,
            false,
            day(2025, 3, 1),
        )
        .await
        .unwrap();
    let draft_report = store.report(coordinator, qualitative).await.unwrap();
    assert_eq!(draft_report.sections[0].text, "Douze ateliers.");
    assert_eq!(draft_report.report.received_on, None);
    store
        .save_qualitative(
            &actor,
            &d.porteur,
            qualitative,
            &sections,
            true,
            day(2025, 3, 2),
        )
        .await
        .unwrap();
    assert!(is_refused(
        store
            .save_qualitative(
                &actor,
                &d.porteur,
                qualitative,
                &sections,
                true,
                day(2025, 3, 3)
            )
            .await,
        "report"
    ));

    let lines = vec![ReportLineRow {
        label: "Conseiller mobilité".into(),
        budget_cents: 3_000_000,
        actual_cents: 2_900_000,
    }];
    let owner = DocumentOwner::Report(financial);
    store
        .check_documents_writable(&d.porteur, owner)
        .await
        .unwrap();
    let sent = pdf("bilan.pdf");
    store
        .receive_financial(
            &actor,
            &d.porteur,
            financial,
            &lines,
            &sent,
            day(2025, 3, 20),
        )
        .await
        .unwrap();
    // The file is kept with the bilan, which no longer takes any.
    let kept = store
        .documents(Reader::Member(coordinator), owner)
        .await
        .unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].sha256, sent.sha256);
    assert!(matches!(
        store.check_documents_writable(&d.porteur, owner).await,
        Err(crate::StoreError::Invalid {
            field: "fichier",
            ..
        })
    ));
    assert!(is_not_found(
        store
            .documents(Reader::Member(&d.other_porteur), owner)
            .await
    ));
    let received = store.report(&d.porteur, financial).await.unwrap();
    assert_eq!(received.lines, lines);
    assert_eq!(received.report.received_on, Some(day(2025, 3, 20)));
    assert!(is_not_found(
        store.report(&d.other_porteur, financial).await
    ));
    assert!(store
        .awaited_reports(coordinator, day(2025, 12, 31))
        .await
        .unwrap()
        .is_empty());
}

//! The documents of Le Mans' 2023 call in the demo: the call's text as a
//! PDF, the bilan qualitatif template (DOCX) and the bilan financier
//! template (XLSX), as a coordination attaches them for the carriers.

use anyhow::Context;
use chrono::Utc;
use maillage_domain::calls::APPLICATION_FUNDERS;
use maillage_domain::documents::{samples, DocumentOwner, NewDocument};
use maillage_domain::ids::CallId;
use maillage_domain::Scope;
use maillage_store::{Actor, Store};

/// The bilan financier template: expense lines, then one column per funder.
fn bilan_financier() -> anyhow::Result<Vec<u8>> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let sheet = workbook.add_worksheet().set_name("Bilan financier")?;
    sheet.write_with_format(0, 0, "Bilan financier du projet", &bold)?;
    let mut headers = vec!["Dépense", "Prévu (€)", "Réalisé (€)"];
    headers.extend(APPLICATION_FUNDERS.iter().map(|f| f.label()));
    for (column, header) in (0u16..).zip(&headers) {
        sheet.write_with_format(2, column, *header, &bold)?;
    }
    for (row, line) in (3u32..).zip(["Frais de personnel", "Achats et locations", "Déplacements"])
    {
        sheet.write(row, 0, line)?;
    }
    sheet.write_with_format(6, 0, "Total", &bold)?;
    for column in 1..u16::try_from(headers.len())? {
        let letter = char::from(b'A' + u8::try_from(column)?);
        sheet.write_formula(6, column, format!("=SUM({letter}4:{letter}6)").as_str())?;
    }
    sheet.set_column_width(0, 28)?;
    Ok(workbook.save_to_buffer()?)
}

/// Attaches the call's documents; `coordinator` is Le Mans' coordination.
pub async fn load(store: &dyn Store, coordinator: &Scope, call_id: CallId) -> anyhow::Result<()> {
    let actor = Actor::system(Utc::now());
    let text: Vec<&str> = crate::demo_calls::TEXT
        .lines()
        .filter(|line| !line.is_empty())
        .collect();
    let documents = [
        (
            "appel-a-projets-2023.pdf",
            "Texte de l'appel à projets",
            samples::pdf(crate::demo_calls::TITLE, &text),
        ),
        (
            "modele-bilan-qualitatif.docx",
            "Modèle de bilan qualitatif",
            samples::docx(
                "Bilan qualitatif",
                &[
                    "Rappel du projet et des objectifs.",
                    "Personnes accompagnées : nombre, quartiers, situation à l'entrée.",
                    "Actions menées et partenaires mobilisés.",
                    "Résultats : sorties vers l'emploi ou la formation, freins levés.",
                    "Difficultés rencontrées et perspectives.",
                ],
            ),
        ),
        (
            "modele-bilan-financier.xlsx",
            "Modèle de bilan financier",
            bilan_financier()?,
        ),
    ];
    for (name, label, bytes) in documents {
        let document = NewDocument::check(name, label, bytes)
            .with_context(|| format!("document de démonstration {name}"))?;
        store
            .add_document(&actor, coordinator, DocumentOwner::Call(call_id), &document)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use maillage_domain::documents::{sniff, DocumentKind, DocumentOwner};
    use maillage_store::documents::Reader;
    use maillage_store::{CallStore, CiteStore, DocumentStore};

    #[tokio::test]
    async fn le_mans_call_offers_its_text_and_both_bilan_templates() {
        let (store, path) = crate::demo::loaded_for_test("demo-documents").await;
        let le_mans = store.cite_id_by_code("le-mans").await.unwrap().unwrap();
        let calls = store.public_calls().await.unwrap();
        let call = calls
            .iter()
            .find(|c| c.cite_id == le_mans && c.title == crate::demo_calls::TITLE)
            .unwrap();
        let documents = store
            .documents(Reader::Anyone, DocumentOwner::Call(call.id))
            .await
            .unwrap();
        let kinds: Vec<DocumentKind> = documents.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            vec![DocumentKind::Pdf, DocumentKind::Docx, DocumentKind::Xlsx]
        );
        for document in documents {
            let file = store
                .download_document(
                    &maillage_store::Actor::system(chrono::Utc::now()),
                    Reader::Anyone,
                    document.id,
                )
                .await
                .unwrap();
            assert_eq!(sniff::detect(&file.content), Ok(document.kind));
        }
        store.close().await;
        let _ = std::fs::remove_file(&path);
    }
}

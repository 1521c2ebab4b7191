use rand::{Rng, SeedableRng};

use super::*;

fn xlsx() -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write(0, 0, "Bilan financier").unwrap();
    workbook.save_to_buffer().unwrap()
}

/// One real file of each kind.
fn real_files() -> Vec<(DocumentKind, Vec<u8>)> {
    vec![
        (
            DocumentKind::Pdf,
            samples::pdf("Appel à projets", &["Texte (1)"]),
        ),
        (
            DocumentKind::Docx,
            samples::docx("Bilan", &["Actions & résultats"]),
        ),
        (DocumentKind::Odt, samples::odt("Bilan", &["Résultats"])),
        (DocumentKind::Xlsx, xlsx()),
        (DocumentKind::Ods, samples::ods(&[&["Poste", "Montant"]])),
    ]
}

#[test]
fn each_kind_is_known_by_its_content() {
    for (kind, bytes) in real_files() {
        assert_eq!(sniff::detect(&bytes), Ok(kind), "{kind:?}");
    }
}

#[test]
fn anything_else_is_refused_in_french() {
    let exe = b"MZ\x90\x00\x03\x00\x00\x00".to_vec();
    let html = b"<!doctype html><script>alert(1)</script>".to_vec();
    let other_zip = {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        writer
            .start_file("a.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut writer, b"hello").unwrap();
        writer.finish().unwrap().into_inner()
    };
    for bytes in [exe, html, other_zip, b"%PD".to_vec()] {
        assert_eq!(sniff::detect(&bytes), Err(DocumentError::NotAccepted));
    }
    assert_eq!(sniff::detect(b""), Err(DocumentError::Empty));
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(MAX_DOCUMENT_BYTES + 1, b' ');
    assert_eq!(sniff::detect(&big), Err(DocumentError::TooLarge));
    big.truncate(MAX_DOCUMENT_BYTES);
    assert_eq!(sniff::detect(&big), Ok(DocumentKind::Pdf));
    assert!(DocumentError::NotAccepted.to_string().contains("PDF"));
}

#[test]
fn an_odf_with_another_mimetype_is_refused() {
    let bytes = samples::odt("x", &[]);
    let text = "application/vnd.oasis.opendocument.text";
    let position = bytes
        .windows(text.len())
        .position(|w| w == text.as_bytes())
        .unwrap();
    let mut changed = bytes.clone();
    // Same length, another type: the directory still reads.
    changed[position + text.len() - 4..position + text.len()].copy_from_slice(b"html");
    assert_ne!(sniff::detect(&changed), Ok(DocumentKind::Odt));
}

/// Random bytes, every truncation of real files and random corruptions of
/// them: the detector answers, it never panics.
#[test]
fn no_input_makes_it_panic() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(20261208);
    for _ in 0..2_000 {
        let len = rng.gen_range(0..600);
        let mut bytes: Vec<u8> = (0..len).map(|_| rng.gen()).collect();
        if rng.gen_bool(0.5) && bytes.len() >= 4 {
            bytes[..4].copy_from_slice(b"PK\x03\x04");
        }
        let _ = sniff::detect(&bytes);
    }
    for (_, file) in real_files() {
        for end in 0..file.len() {
            let _ = sniff::detect(&file[..end]);
        }
        for _ in 0..500 {
            let mut corrupted = file.clone();
            for _ in 0..rng.gen_range(1..8) {
                let at = rng.gen_range(0..corrupted.len());
                corrupted[at] = rng.gen();
            }
            let _ = sniff::detect(&corrupted);
        }
    }
}

#[test]
fn names_are_sanitised_and_take_their_kind_s_extension() {
    let name = |sent: &str, kind| DocumentName::sanitise(sent, kind).to_string();
    assert_eq!(
        name("C:\\Users\\moi\\Budget 2024.xlsx", DocumentKind::Xlsx),
        "Budget 2024.xlsx"
    );
    assert_eq!(name("../../etc/passwd", DocumentKind::Pdf), "passwd.pdf");
    assert_eq!(name("virus.exe", DocumentKind::Pdf), "virus.pdf");
    assert_eq!(name(".htaccess", DocumentKind::Pdf), "htaccess.pdf");
    assert_eq!(name("", DocumentKind::Odt), "document.odt");
    assert_eq!(name("...", DocumentKind::Odt), "document.odt");
    assert_eq!(name("a\u{0}b\r\n\"c\".pdf", DocumentKind::Pdf), "ab_c_.pdf");
    assert_eq!(
        name("Présentation été.docx", DocumentKind::Docx),
        "Présentation été.docx"
    );
    let long = name(&"é".repeat(500), DocumentKind::Pdf);
    assert_eq!(long.chars().count(), 104);
    let fallback = DocumentName::sanitise("Bilan été 100%.pdf", DocumentKind::Pdf).ascii_fallback();
    assert_eq!(fallback, "Bilan _t_ 100_.pdf");
}

#[test]
fn a_checked_upload_carries_its_sha256() {
    let document =
        NewDocument::check("appel.pdf", " Texte de l'appel ", b"%PDF-1.4 x".to_vec()).unwrap();
    assert_eq!(document.label, "Texte de l'appel");
    assert_eq!(document.sha256, sha256_hex(b"%PDF-1.4 x"));
    assert_eq!(document.sha256.len(), 64);
    assert_eq!(
        NewDocument::check("a.pdf", &"x".repeat(121), b"%PDF-".to_vec()),
        Err(DocumentError::LabelTooLong)
    );
}

#[test]
fn the_sample_pdf_wraps_long_paragraphs() {
    let long = "mot ".repeat(60);
    let pdf = samples::pdf("Titre", &[&long, ""]);
    let text = String::from_utf8_lossy(&pdf);
    // 60 words of 4 characters: three lines of at most 90 characters, and
    // an empty line for the empty paragraph.
    assert_eq!(text.matches(") Tj T*").count(), 4);
    assert!(text.contains("startxref"));
}

#[test]
fn sizes_read_in_french() {
    assert_eq!(size_label(0), "0 octet");
    assert_eq!(size_label(812), "812 octets");
    assert_eq!(size_label(245 * 1024), "245 Ko");
    assert_eq!(size_label(245 * 1024 + 1), "246 Ko");
    assert_eq!(size_label(1024 * 1024), "1 Mo");
    assert_eq!(size_label(1024 * 1024 * 3 / 2), "1,5 Mo");
}

#[test]
fn owners_round_trip_through_their_parts() {
    for owner in [
        DocumentOwner::Call(CallId::new(3)),
        DocumentOwner::Application(ApplicationId::new(4)),
        DocumentOwner::Agreement(AgreementId::new(5)),
        DocumentOwner::Report(ReportId::new(6)),
        DocumentOwner::AgendaItem(AgendaItemId::new(7)),
    ] {
        assert_eq!(DocumentOwner::from_parts(owner.kind(), owner.id()), owner);
    }
}

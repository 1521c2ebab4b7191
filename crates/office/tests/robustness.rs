//! No panic, whatever the bytes: random ones, truncated and corrupted real
//! files, mangled worksheet XML. And generated DOCX stay well-formed XML
//! whatever the text put in them.

#[path = "common/samples.rs"]
mod samples;
#[path = "common/sheet.rs"]
mod sheet;

use std::io::{Cursor, Read};

use maillage_office::{
    agreement_docx, financial_report_xlsx, qualitative_report_docx, read_financial_report, Fact,
    Section,
};
use quick_xml::events::Event;
use quick_xml::Reader;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn filled() -> Vec<u8> {
    let xlsx = financial_report_xlsx(&samples::header(), &samples::lines());
    sheet::Edited::open(&xlsx)
        .number("C9", "98765.43")
        .number("C10", "1234.56")
        .number("C11", "0")
        .bytes()
}

/// Refused or read, never a panic; a refusal always says something.
fn judge(bytes: &[u8]) {
    if let Err(problems) = read_financial_report(bytes, &samples::lines()) {
        assert!(!problems.is_empty());
        assert!(problems.iter().all(|p| !p.message.is_empty()));
    }
}

#[test]
fn the_unmangled_file_is_accepted() {
    // Proves the corruptions below start from a file that reads.
    assert!(read_financial_report(&filled(), &samples::lines()).is_ok());
}

#[test]
fn random_bytes_are_refused() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    for _ in 0..300 {
        let len = rng.gen_range(0..4096);
        let bytes: Vec<u8> = (0..len).map(|_| rng.gen()).collect();
        assert!(read_financial_report(&bytes, &samples::lines()).is_err());
    }
    // A zip header followed by noise.
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend((0..2000).map(|_| rng.gen::<u8>()));
    assert!(read_financial_report(&bytes, &samples::lines()).is_err());
}

#[test]
fn truncated_files_never_panic() {
    let file = filled();
    for len in (0..file.len()).step_by(97) {
        judge(&file[..len]);
    }
}

#[test]
fn corrupted_files_never_panic() {
    let file = filled();
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    for _ in 0..400 {
        let mut bytes = file.clone();
        for _ in 0..rng.gen_range(1..8) {
            let at = rng.gen_range(0..bytes.len());
            bytes[at] = rng.gen();
        }
        judge(&bytes);
    }
}

#[test]
fn mangled_worksheet_xml_never_panics() {
    let file = filled();
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let noise = [
        "<",
        ">",
        "&",
        "\"",
        "<c r=\"C9\">",
        "</row>",
        "<v>",
        "r=\"XFD1048576\"",
        "\u{0}",
        "é",
    ];
    for _ in 0..300 {
        let cut: f64 = rng.gen();
        let insert = noise[rng.gen_range(0..noise.len())];
        let mangled = sheet::Edited::open(&file).sheet_xml(|xml| {
            let mut at = (xml.len() as f64 * cut) as usize;
            while !xml.is_char_boundary(at) {
                at -= 1;
            }
            if rng.gen_bool(0.5) {
                xml[..at].to_owned()
            } else {
                format!("{}{insert}{}", &xml[..at], &xml[at..])
            }
        });
        judge(&mangled.bytes());
    }
}

#[test]
fn a_cell_far_away_costs_nothing() {
    // A sheet that claims its last cell is XFD1048576 must not be laid out in memory.
    let file = sheet::Edited::open(&filled())
        .append_row("XFD1048576", 1_048_576, "loin")
        .bytes();
    assert!(read_financial_report(&file, &samples::lines()).is_ok());
}

/// Random text with markup, control characters and astral-plane characters.
fn random_text(rng: &mut ChaCha8Rng) -> String {
    let pieces = [
        "&", "<", ">", "\"", "'", "\u{0}", "\u{b}", "\u{1f}", "\u{fffe}", "\u{d7ff}", "😀", "]]>",
        "\n", "\t", "é", "€", " ",
    ];
    (0..rng.gen_range(0..30))
        .map(|_| pieces[rng.gen_range(0..pieces.len())])
        .collect()
}

/// Every XML part of the package parses to its end.
fn assert_well_formed(docx: &[u8]) {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).expect("a zip");
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let mut xml = String::new();
        part.read_to_string(&mut xml).unwrap();
        let mut reader = Reader::from_str(&xml);
        reader.config_mut().check_end_names = true;
        loop {
            match reader.read_event() {
                Ok(Event::Eof) => break,
                Ok(Event::Text(text)) => {
                    let raw = text.into_inner();
                    quick_xml::escape::unescape(&raw).expect("known entities only");
                }
                Ok(_) => {}
                Err(error) => panic!(
                    "{} is not well-formed: {error}\n{xml}",
                    part.name().unwrap()
                ),
            }
        }
        let forbidden = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
        assert!(!xml.contains(forbidden), "a character XML forbids");
    }
}

#[test]
fn any_text_gives_well_formed_documents() {
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    for _ in 0..100 {
        let mut agreement = samples::agreement();
        agreement.reference = random_text(&mut rng);
        agreement.carrier.name = random_text(&mut rng);
        agreement.funder.siret = Some(random_text(&mut rng));
        agreement.object = random_text(&mut rng);
        agreement.instalments[0].label = random_text(&mut rng);
        assert_well_formed(&agreement_docx(&agreement));

        let mut report = samples::qualitative();
        report.header.carrier_name = random_text(&mut rng);
        report.facts.push(Fact {
            label: random_text(&mut rng),
            value: random_text(&mut rng),
        });
        report.sections.push(Section {
            heading: random_text(&mut rng),
            text: random_text(&mut rng),
        });
        assert_well_formed(&qualitative_report_docx(&report));

        let mut header = samples::header();
        header.project_title = random_text(&mut rng);
        let mut lines = samples::lines();
        lines[1].label = random_text(&mut rng);
        let xlsx = financial_report_xlsx(&header, &lines);
        let filled = sheet::Edited::open(&xlsx)
            .number("C9", "1")
            .number("C10", "2")
            .number("C11", "3")
            .bytes();
        // A label that is only spaces or control characters may not survive
        // the trip; anything else reads back as written.
        if !lines[1].label.trim().is_empty()
            && !lines[1]
                .label
                .contains(|c: char| c.is_control() && c != '\n' && c != '\t')
        {
            let read = read_financial_report(&filled, &lines);
            assert!(read.is_ok(), "{:?} {read:?}", lines[1].label);
        }
    }
}

#[test]
fn special_characters_are_escaped_not_lost() {
    let docx = agreement_docx(&samples::agreement());
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(xml.contains("Mob&apos;In &amp; Co &lt;Sarthe&gt; &quot;Garage&quot;"));
}

#[test]
fn docx_packages_hold_the_parts_word_needs() {
    for docx in [
        agreement_docx(&samples::agreement()),
        qualitative_report_docx(&samples::qualitative()),
    ] {
        let mut archive = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
        for part in [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/document.xml",
            "word/_rels/document.xml.rels",
        ] {
            assert!(archive.by_name(part).is_ok(), "{part}");
        }
        let mut styles = String::new();
        archive
            .by_name("word/styles.xml")
            .unwrap()
            .read_to_string(&mut styles)
            .unwrap();
        assert!(
            styles.contains(r#"w:styleId="Heading1""#)
                && styles.contains(r#"w:styleId="Heading2""#)
        );
        let mut document = String::new();
        archive
            .by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut document)
            .unwrap();
        assert!(document.contains(r#"<w:pStyle w:val="Heading1"/>"#));
        assert!(document.contains("<w:tbl>"));
    }
}

//! LibreOffice as the judge: the one place that runs `soffice` (headless, a
//! profile of its own per call) and `pdftotext`. Conversions run one at a
//! time: instances started together on a fresh machine, each building the
//! shared caches, were seen to abort (« Unspecified Application Error »).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

const MISSING: &str = "LibreOffice ou pdftotext est introuvable : installez les paquets Debian \
     libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils \
     (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils).";

/// A scratch directory removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "maillage-office-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("creating a scratch directory");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(command: &mut Command) -> std::process::Output {
    match command.output() {
        Ok(output) => output,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => panic!("{MISSING}"),
        Err(error) => panic!("lancement de {command:?} impossible : {error}"),
    }
}

/// Has LibreOffice convert `bytes` (a file ending in `.{extension}`) to
/// `target` (« pdf », « xlsx »); its output file's bytes.
pub fn convert(bytes: &[u8], extension: &str, target: &str) -> Vec<u8> {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    // A test that failed while holding it leaves it poisoned: the next still runs.
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let scratch = Scratch::new();
    let input = scratch.0.join(format!("document.{extension}"));
    std::fs::write(&input, bytes).expect("writing the document");
    let out = scratch.0.join("out");
    let profile = format!("file://{}", scratch.0.join("profile").display());
    let output = run(Command::new("soffice")
        .arg("--headless")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--convert-to", target, "--outdir"])
        .arg(&out)
        .arg(&input));
    let converted = out.join(format!("document.{target}"));
    assert!(
        output.status.success() && converted.exists(),
        "LibreOffice n'a pas converti le fichier .{extension} en {target} : {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::read(&converted).expect("reading LibreOffice's output")
}

/// The text of the PDF LibreOffice makes of `bytes`, every run of spaces
/// (no-break ones included) as one space.
pub fn pdf_text(bytes: &[u8], extension: &str) -> String {
    let pdf = convert(bytes, extension, "pdf");
    let scratch = Scratch::new();
    let path: &Path = &scratch.0.join("document.pdf");
    std::fs::write(path, pdf).expect("writing the PDF");
    // -layout keeps a table's rows on their lines.
    let output = run(Command::new("pdftotext").arg("-layout").arg(path).arg("-"));
    assert!(output.status.success(), "pdftotext a échoué");
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Fails, saying which, for each expected text the PDF does not show.
pub fn assert_shows(text: &str, expected: &[&str]) {
    let missing: Vec<&&str> = expected.iter().filter(|e| !text.contains(**e)).collect();
    assert!(
        missing.is_empty(),
        "absent du PDF : {missing:?}\n--- texte :\n{text}"
    );
}

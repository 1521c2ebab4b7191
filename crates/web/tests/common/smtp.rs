//! A real SMTP server for the tests: aiosmtpd (PyPI, installed by
//! `.ci/run`) writing what it receives to a Maildir the test reads back.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct SmtpServer {
    child: Option<Child>,
    pub port: u16,
    maildir: PathBuf,
}

/// A message as the server stored it.
pub struct Received {
    headers: Vec<(String, String)>,
    body: String,
}

impl Received {
    /// The first header `name`'s value, unfolded, its encoded words
    /// (`=?utf-8?b?…?=`) decoded as a mail reader shows them.
    pub fn header(&self, name: &str) -> String {
        let raw = self
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        decode_words(&raw)
    }

    /// The attachment named `name` of a multipart message, its transfer
    /// encoding undone.
    pub fn attachment(&self, name: &str) -> Option<String> {
        let boundary = self
            .header("Content-Type")
            .split("boundary=")
            .nth(1)?
            .trim_matches('"')
            .to_owned();
        self.body
            .split(&format!("--{boundary}"))
            .map(|part| parse(part.trim_start_matches(['\r', '\n'])))
            .find(|part| {
                part.header("Content-Disposition")
                    .contains(&format!("filename=\"{name}\""))
            })
            .map(|part| part.decoded())
    }

    /// The body, its transfer encoding undone.
    fn decoded(&self) -> String {
        use base64::Engine;
        match self
            .header("Content-Transfer-Encoding")
            .to_lowercase()
            .as_str()
        {
            "base64" => {
                let joined: String = self.body.split_whitespace().collect();
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(joined)
                    .unwrap_or_default();
                String::from_utf8_lossy(&bytes).into_owned()
            }
            "quoted-printable" => quoted_printable(&self.body),
            _ => self.body.clone(),
        }
    }

    /// The text, its transfer encoding undone.
    pub fn text(&self) -> String {
        match self
            .header("Content-Transfer-Encoding")
            .to_lowercase()
            .as_str()
        {
            "quoted-printable" => quoted_printable(&self.body),
            _ => self.body.clone(),
        }
    }
}

fn decode_words(raw: &str) -> String {
    use base64::Engine;
    let words: Vec<String> = raw
        .split(' ')
        .map(|word| {
            let encoded = word
                .strip_prefix("=?utf-8?b?")
                .or_else(|| word.strip_prefix("=?UTF-8?B?"))
                .and_then(|rest| rest.strip_suffix("?="));
            encoded
                .and_then(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok())
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .unwrap_or_else(|| word.to_owned())
        })
        .collect();
    // Adjacent encoded words join without the space between them.
    let mut out = String::new();
    let mut previous_encoded = false;
    for (word, original) in words.iter().zip(raw.split(' ')) {
        let encoded = original.starts_with("=?") && original.ends_with("?=");
        let joined = encoded && previous_encoded;
        if !out.is_empty() && !joined {
            out.push(' ');
        }
        out.push_str(word);
        previous_encoded = encoded;
    }
    out
}

fn quoted_printable(body: &str) -> String {
    let joined = body.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).replace("\r\n", "\n")
}

impl SmtpServer {
    /// On a free port, with an empty Maildir.
    pub fn start() -> SmtpServer {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("un port libre")
            .port();
        let maildir =
            std::env::temp_dir().join(format!("maillage-smtp-{}", uuid::Uuid::new_v4().simple()));
        let mut server = SmtpServer {
            child: None,
            port,
            maildir,
        };
        server.resume();
        server
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Stops answering, as a server that went down.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Answers again on the same port, keeping what it received.
    pub fn resume(&mut self) {
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{}", self.port))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&self.maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd (pip install aiosmtpd)");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "aiosmtpd ne répond pas");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Every message received, oldest first.
    pub fn messages(&self) -> Vec<Received> {
        let mut files: Vec<PathBuf> = ["new", "cur"]
            .iter()
            .filter_map(|d| std::fs::read_dir(self.maildir.join(d)).ok())
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort_by_key(|f| std::fs::metadata(f).and_then(|m| m.modified()).ok());
        files
            .iter()
            .map(|f| parse(&std::fs::read_to_string(f).expect("un message lisible")))
            .collect()
    }
}

fn parse(raw: &str) -> Received {
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap_or((&raw, ""));
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        match (line.starts_with([' ', '\t']), headers.last_mut()) {
            (true, Some((_, value))) => {
                value.push(' ');
                value.push_str(line.trim_start());
            }
            _ => {
                if let Some((name, value)) = line.split_once(':') {
                    headers.push((name.to_owned(), value.trim().to_owned()));
                }
            }
        }
    }
    Received {
        headers,
        body: body.to_owned(),
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

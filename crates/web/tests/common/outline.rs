//! A page reduced to its structure for `insta` snapshots: the content of
//! `<main>`, one block a line (headings, paragraphs, table rows, labels,
//! fields, links with their target, badges), with what differs from one run
//! or one database to the other replaced by a placeholder: ids in paths,
//! dates, times and ages, which follow the test clock, and the current year.

use std::sync::LazyLock;

use chrono::Datelike;
use regex::Regex;
use scraper::{ElementRef, Html, Node, Selector};

/// The outline of `html`'s `<main>`, stable across runs and backends.
pub fn outline(html: &str) -> String {
    let document = Html::parse_document(html);
    let main = Selector::parse("main").unwrap();
    let main = document
        .select(&main)
        .next()
        .expect("the page has a <main>");
    let mut lines = Vec::new();
    block(main, &mut lines);
    redact(&lines.join("\n"))
}

/// The lines `before` has and `after` lacks (`-`), then those `after` adds
/// (`+`): how two views of one page differ.
pub fn changes(before: &str, after: &str) -> String {
    let only_in = |of: &str, other: &str, sign: char| {
        let mut rest: Vec<&str> = other.lines().collect();
        of.lines()
            .filter(|line| match rest.iter().position(|other| other == line) {
                Some(at) => {
                    rest.remove(at);
                    false
                }
                None => true,
            })
            .map(|line| format!("{sign} {line}"))
            .collect::<Vec<_>>()
    };
    [only_in(before, after, '-'), only_in(after, before, '+')]
        .concat()
        .join("\n")
}

/// Elements laid out within a line of text.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "br", "code", "em", "i", "mark", "small", "span", "strong", "sub", "sup",
    "time",
];
/// What a screen shows of no element of these.
const SKIPPED: &[&str] = &["script", "style", "svg", "template"];

fn is_inline(element: &ElementRef) -> bool {
    INLINE.contains(&element.value().name()) || is_badge(element)
}

fn is_badge(element: &ElementRef) -> bool {
    element.value().classes().any(|class| class == "fr-badge")
}

/// Pushes `element`'s lines: runs of text and inline elements make one line,
/// each block child its own.
fn block(element: ElementRef, lines: &mut Vec<String>) {
    let name = element.value().name();
    if SKIPPED.contains(&name) {
        return;
    }
    if let Some(level) = name
        .strip_prefix('h')
        .and_then(|level| level.parse::<usize>().ok())
    {
        lines.push(format!("{} {}", "#".repeat(level), inline(element)));
        return;
    }
    match name {
        "tr" => {
            let cells: Vec<String> = children(element).map(inline).collect();
            lines.push(format!("| {} |", cells.join(" | ")));
            return;
        }
        "input" | "select" | "textarea" => {
            if let Some(field) = field(element) {
                lines.push(field);
            }
            return;
        }
        _ => {}
    }
    let start = lines.len();
    if let Some(id) = element.attr("id").filter(|_| name == "section") {
        lines.push(format!("section #{id}"));
    }
    if name == "form" {
        let method = element.attr("method").unwrap_or("get").to_uppercase();
        let action = element.attr("action").unwrap_or("");
        lines.push(format!("form {method} {}", path(action)));
    }
    let mut text = String::new();
    for child in element.children() {
        match (child.value(), ElementRef::wrap(child)) {
            (Node::Text(t), _) => text.push_str(t),
            (_, Some(child)) if is_inline(&child) => text.push_str(&format!(" {} ", inline(child))),
            (_, Some(child)) => {
                flush(&mut text, lines);
                block(child, lines);
            }
            _ => {}
        }
    }
    flush(&mut text, lines);
    let prefix = match name {
        "button" => "bouton: ",
        "caption" => "légende du tableau: ",
        "label" => "label: ",
        "legend" => "légende: ",
        "li" => "- ",
        _ => "",
    };
    if let Some(first) = lines.get_mut(start).filter(|_| !prefix.is_empty()) {
        first.insert_str(0, prefix);
    }
}

fn flush(text: &mut String, lines: &mut Vec<String>) {
    let line = collapse(text);
    if !line.is_empty() {
        lines.push(line);
    }
    text.clear();
}

fn children(element: ElementRef) -> impl Iterator<Item = ElementRef> {
    element.children().filter_map(ElementRef::wrap)
}

/// `element`'s text on one line: links as `[text](path)`, badges as
/// `[badge: text]`, fields as in [`field`].
fn inline(element: ElementRef) -> String {
    let mut text = String::new();
    for child in element.children() {
        match (child.value(), ElementRef::wrap(child)) {
            (Node::Text(t), _) => text.push_str(t),
            (_, Some(child)) if SKIPPED.contains(&child.value().name()) => {}
            (_, Some(child)) if matches!(child.value().name(), "input" | "select" | "textarea") => {
                if let Some(field) = field(child) {
                    text.push_str(&format!(" {field} "));
                }
            }
            (_, Some(child)) => text.push_str(&format!(" {} ", inline(child))),
            _ => {}
        }
    }
    let text = collapse(&text);
    if is_badge(&element) {
        format!("[badge: {text}]")
    } else if element.value().name() == "a" {
        format!("[{text}]({})", path(element.attr("href").unwrap_or("")))
    } else {
        text
    }
}

/// A form field by its name and state; none for hidden fields (tokens, ids).
fn field(element: ElementRef) -> Option<String> {
    let name = element.attr("name").unwrap_or("");
    match element.value().name() {
        "select" => {
            let selected = Selector::parse("option[selected]").unwrap();
            let chosen = element.select(&selected).next().map(inline);
            Some(format!(
                "select {name}: {}",
                chosen.unwrap_or_default().trim()
            ))
        }
        "textarea" => Some(format!("textarea {name}: {}", collapse(&inline(element)))),
        _ => {
            let kind = element.attr("type").unwrap_or("text");
            let value = element.attr("value").unwrap_or("");
            let checked = if element.attr("checked").is_some() {
                " (coché)"
            } else {
                ""
            };
            (kind != "hidden").then(|| format!("input {kind} {name}={value:?}{checked}"))
        }
    }
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A path with its numeric segments (database ids) replaced.
fn path(href: &str) -> String {
    static ID: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"/\d+\b").unwrap());
    ID.replace_all(href, "/{id}").into_owned()
}

fn redact(text: &str) -> String {
    static MONTHS: &str =
        "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre";
    static PATTERNS: LazyLock<Vec<(Regex, &str)>> = LazyLock::new(|| {
        let year = chrono::Utc::now().year();
        [
            (format!(r"\b\d{{1,2}}(er)? ({MONTHS}) \d{{4}}\b"), "[date]"),
            (r"\b\d{4}-\d{2}-\d{2}\b".to_owned(), "[date]"),
            (r"\b\d{2}/\d{2}/\d{4}\b".to_owned(), "[date]"),
            (r"\b\d{1,2} ?h ?\d{2}\b".to_owned(), "[heure]"),
            (r"\b\d{2}:\d{2}(:\d{2})?\b".to_owned(), "[heure]"),
            (format!(r"\b{year}\b"), "[année]"),
            // Ages move with the clock.
            (r"\b\d{1,3} ans\b".to_owned(), "[âge]"),
        ]
        .into_iter()
        .map(|(pattern, placeholder)| (Regex::new(&pattern).unwrap(), placeholder))
        .collect()
    });
    PATTERNS
        .iter()
        .fold(text.to_owned(), |text, (pattern, placeholder)| {
            pattern.replace_all(&text, *placeholder).into_owned()
        })
}

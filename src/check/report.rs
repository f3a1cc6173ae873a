//! `lectern check --report`: a table of every article with its words,
//! reading time, reading grade, longest sentence and glossary terms used.

use std::fmt::Write;

use super::reading;
use crate::diagnostics::locate;
use crate::load::i18n::primary;
use crate::render::term_uses;
use crate::resolve::Site;

/// The table for each language of a built site, one after another.
pub(crate) fn report<'a>(sites: impl IntoIterator<Item = &'a Site>) -> String {
    let mut out = String::new();
    for site in sites {
        table(site, &mut out);
    }
    out
}

const HEADINGS: [&str; 6] = [
    "article",
    "words",
    "minutes",
    "grade",
    "longest sentence",
    "glossary terms",
];

fn table(site: &Site, out: &mut String) {
    let language = primary(&site.config.language);
    let terms: Vec<&str> = site.glossary.iter().map(|t| t.term.as_str()).collect();
    let mut rows: Vec<[String; 6]> = Vec::new();
    let mut formula = None;
    for article in site.articles.iter() {
        let reading = reading::measure(article, &language);
        formula = formula.or(reading.as_ref().map(|r| r.formula));
        let target = article
            .front
            .max_reading_grade
            .or(site.config.max_reading_grade);
        let grade = match reading.as_ref().and_then(|r| r.grade) {
            Some(g) if target.is_some_and(|t| g > t) => format!("{g:.1} > {}", target.unwrap_or(g)),
            Some(g) => format!("{g:.1}"),
            None => "–".into(),
        };
        let longest = match reading.as_ref().and_then(|r| r.longest) {
            Some((words, offset)) => {
                let origin = article.locate(offset);
                let (line, _, _) = locate(origin.text, origin.offset);
                format!("{words} words, line {line}")
            }
            None => "–".into(),
        };
        // The glossary's own terms are not uses of it.
        let used = match article.front.glossary {
            true => 0,
            false => term_uses(&terms, &article.plain.join("\n")).len(),
        };
        rows.push([
            article.file.display().to_string(),
            article.words.to_string(),
            article.reading_minutes().to_string(),
            grade,
            longest,
            used.to_string(),
        ]);
    }
    let what = match formula {
        Some(f) => format!("grades by {}", f.name()),
        None => "no reading-level formula for this language, so no grades".into(),
    };
    let target = match site.config.max_reading_grade {
        Some(t) => format!(", target grade {t}"),
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "{} articles in {} ({what}{target})\n",
        rows.len(),
        site.config.language
    );
    let widths: Vec<usize> = (0..HEADINGS.len())
        .map(|c| {
            let cells = rows.iter().map(|r| r[c].chars().count());
            cells.chain([HEADINGS[c].len()]).max().unwrap_or(0)
        })
        .collect();
    let line = |cells: [&str; 6], out: &mut String| {
        for (c, cell) in cells.iter().enumerate() {
            let pad = widths[c] - cell.chars().count();
            // The article's file reads left to right, figures line up right.
            match c {
                0 => out.push_str(&format!("{cell}{}", " ".repeat(pad))),
                _ => out.push_str(&format!("  {}{cell}", " ".repeat(pad))),
            }
        }
        out.push('\n');
    };
    line(HEADINGS, out);
    for row in &rows {
        line(row.each_ref().map(String::as_str), out);
    }
    out.push('\n');
}

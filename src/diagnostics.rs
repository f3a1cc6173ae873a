//! Problems found in a site, reported the way rustc reports them: every one
//! of a build at once, each with its file, line and column.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one file, at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the author knows it, relative to the site root.
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, counted in characters.
    pub column: usize,
    pub message: String,
    /// A suggestion such as "did you mean `#core`?".
    pub help: Option<String>,
    /// The source line the problem is on, shown under the message.
    pub snippet: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            help: None,
            snippet: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Points the diagnostic at byte `offset` of `text`, the file's content.
    pub fn at(mut self, text: &str, offset: usize) -> Self {
        let (line, column, snippet) = locate(text, offset);
        self.line = line;
        self.column = column;
        self.snippet = Some(snippet.to_string());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, or as much of it as is known.
    pub fn location(&self) -> String {
        let file = self.file.display();
        match (self.line, self.column) {
            (0, _) => file.to_string(),
            (line, 0) => format!("{file}:{line}"),
            (line, column) => format!("{file}:{line}:{column}"),
        }
    }
}

/// Line (1-based), column (1-based, in characters) and the text of the line
/// holding byte `offset`.
pub(crate) fn locate(text: &str, offset: usize) -> (usize, usize, &str) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = count_newlines(&text.as_bytes()[..offset]) + 1;
    let column = text[line_start..offset].chars().count() + 1;
    (
        line,
        column,
        text[line_start..line_end].trim_end_matches('\r'),
    )
}

/// Newlines in `bytes`, counted in blocks the compiler turns into vector
/// instructions: large sites with many warnings call this often.
fn count_newlines(bytes: &[u8]) -> usize {
    bytes
        .chunks(64)
        .map(|block| block.iter().map(|&b| u8::from(b == b'\n')).sum::<u8>() as usize)
        .sum()
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        write!(f, "  --> {}", self.location())?;
        let gutter = " ".repeat(self.line.to_string().len());
        if let Some(snippet) = self.snippet.as_deref().filter(|_| self.line > 0) {
            let marker = " ".repeat(self.column.saturating_sub(1));
            write!(
                f,
                "\n{gutter} |\n{} | {snippet}\n{gutter} | {marker}^",
                self.line
            )?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n{gutter} = help: {help}")?;
        }
        Ok(())
    }
}

/// All the problems of one build, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Turns every warning into an error (`--strict`).
    pub fn make_strict(&mut self) {
        for d in &mut self.0 {
            d.severity = Severity::Error;
        }
    }

    /// Orders by file, then position, so output does not depend on threads.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        self.0.dedup();
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}\n")?;
        }
        let (errors, warnings) = (self.error_count(), self.warning_count());
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        match (errors, warnings) {
            (0, 0) => Ok(()),
            (0, w) => write!(f, "{w} warning{}", plural(w)),
            (e, 0) => write!(f, "{e} error{}", plural(e)),
            (e, w) => write!(f, "{e} error{}, {w} warning{}", plural(e), plural(w)),
        }
    }
}

/// The closest of `candidates` to `wanted`, when it is close enough to be a
/// likely typo.
pub(crate) fn closest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wanted, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// A path shown to the author: relative to the site root when possible.
pub(crate) fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_character_columns() {
        let text = "first\nsé x\nthird";
        assert_eq!(locate(text, 0), (1, 1, "first"));
        assert_eq!(locate(text, text.find('x').unwrap()), (2, 4, "sé x"));
        assert_eq!(locate(text, text.len()), (3, 6, "third"));
    }

    #[test]
    fn renders_like_rustc() {
        let d = Diagnostic::error("articles/a.md", "link to missing heading `#cor`")
            .at("x\nsee [c](b.md#cor)\n", 6)
            .with_help("did you mean `#core`?");
        assert_eq!(
            d.to_string(),
            "error: link to missing heading `#cor`\n  --> articles/a.md:2:5\n  |\n2 | see [c](b.md#cor)\n  |     ^\n  = help: did you mean `#core`?"
        );
    }

    #[test]
    fn suggests_only_close_matches() {
        assert_eq!(
            closest("kne-to-chest", ["knee-to-chest", "core"]),
            Some("knee-to-chest")
        );
        assert_eq!(closest("zzz", ["knee-to-chest", "core"]), None);
    }
}

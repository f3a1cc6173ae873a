//! Problems found in a site, reported the way rustc reports them: every one
//! of a build at once, each with its file, line and column.

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt;
use std::panic::{AssertUnwindSafe, PanicHookInfo};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, Once};

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
    /// How the place came to be in the page, for text an article includes
    /// ("included from `articles/a.md:5:1`"). It and the snippet are boxed
    /// so that a diagnostic stays small enough to return by value.
    pub note: Option<Box<String>>,
    /// The source line the problem is on, shown under the message; a long
    /// line is cut to a window around the column, marked `…` where cut.
    pub snippet: Option<Box<str>>,
    /// The caret's column in `snippet` (1-based, in characters), which
    /// differs from `column` when a long line was cut; 0 means `column`.
    pub(crate) caret: u32,
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
            note: None,
            snippet: None,
            caret: 0,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Points the diagnostic at byte `offset` of `text`, the file's content.
    /// For an offset in an article's text, use [`Diagnostic::at_origin`]
    /// with `article.locate(offset)`, which knows included files.
    pub fn at(mut self, text: &str, offset: usize) -> Self {
        let (line, column, source_line) = locate(text, offset);
        let (start, offset) = line_around(text, offset);
        let (snippet, caret) = window(source_line, (offset - start).min(source_line.len()), column);
        self.line = line;
        self.column = column;
        self.snippet = Some(snippet.into());
        // At most the window's width, or a column of a short line.
        self.caret = u32::try_from(caret).unwrap_or(0);
        self
    }

    /// Points the diagnostic at `origin`: the file it names (an article's,
    /// or a file the article includes) and the place in it.
    pub(crate) fn at_origin(self, origin: Origin<'_>) -> Self {
        let mut located = self.at(origin.text, origin.offset);
        located.file = origin.file.to_path_buf();
        located.note = origin.note.map(Box::new).or(located.note);
        located
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

/// Where something was written: a file, its text and a byte offset in it,
/// with a note on how it reached the page when it was included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin<'a> {
    pub(crate) file: &'a Path,
    pub(crate) text: &'a str,
    pub(crate) offset: usize,
    pub(crate) note: Option<String>,
}

/// Line (1-based), column (1-based, in characters) and the text of the line
/// holding byte `offset`.
pub(crate) fn locate(text: &str, offset: usize) -> (usize, usize, &str) {
    let (line_start, offset) = line_around(text, offset);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = count_newlines(&text.as_bytes()[..offset]) + 1;
    let column = text[line_start..offset].chars().count() + 1;
    (
        line,
        column,
        text[line_start..line_end].trim_end_matches('\r'),
    )
}

/// Where the line holding byte `offset` starts, and `offset` itself, kept
/// within the text and moved back to the start of its character.
fn line_around(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    (text[..offset].rfind('\n').map_or(0, |i| i + 1), offset)
}

/// Longest source line shown whole under a message, in characters.
const SNIPPET_WIDTH: usize = 120;
/// Characters kept before the column when a longer line is cut.
const SNIPPET_BEFORE: usize = 50;

/// The part of a source line shown under a message, and the caret's column
/// in it, for the problem at byte `at` of the line (column `column`). A
/// minified or generated line can be megabytes long and carry thousands of
/// problems: each shows only a window around its column.
fn window(line: &str, at: usize, column: usize) -> (String, usize) {
    // Bytes bound characters: most lines are short enough to skip counting.
    if line.len() <= SNIPPET_WIDTH || line.chars().count() <= SNIPPET_WIDTH {
        return (line.to_string(), column);
    }
    let before = line[..at].char_indices().rev().take(SNIPPET_BEFORE);
    let mut start = before.last().map_or(at, |(i, _)| i);
    let mut end = line[start..]
        .char_indices()
        .nth(SNIPPET_WIDTH)
        .map_or(line.len(), |(i, _)| start + i);
    if end == line.len() {
        // Near the end of the line: show the whole width before it.
        start = line
            .char_indices()
            .rev()
            .nth(SNIPPET_WIDTH - 1)
            .map_or(0, |(i, _)| i);
        end = line.len();
    }
    let mut shown = String::with_capacity(end - start + 6);
    if start > 0 {
        shown.push('…');
    }
    shown.push_str(&line[start..end]);
    if end < line.len() {
        shown.push('…');
    }
    let caret = line[start..at].chars().count() + 1 + usize::from(start > 0);
    (shown, caret)
}

/// Newlines in `bytes`, found with vector instructions: a file with
/// thousands of problems counts its lines once for each.
fn count_newlines(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.message)?;
        // Only a problem of lectern itself concerns no file.
        if !self.file.as_os_str().is_empty() {
            write!(f, "\n  --> {}", self.location())?;
        }
        let gutter = " ".repeat(self.line.to_string().len());
        if let Some(snippet) = self.snippet.as_deref().filter(|_| self.line > 0) {
            let caret = match self.caret {
                0 => self.column,
                caret => caret as usize,
            };
            let marker = " ".repeat(caret.saturating_sub(1));
            write!(
                f,
                "\n{gutter} |\n{} | {snippet}\n{gutter} | {marker}^",
                self.line
            )?;
        }
        if let Some(note) = &self.note {
            write!(f, "\n{gutter} = note: {note}")?;
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
        // Paths compare by components (`a/b` before `a-b`): as bytes with
        // each separator lowest, made once per path rather than at each
        // comparison.
        let files: Vec<Vec<u8>> = (self.0.iter())
            .map(|d| {
                let bytes = d.file.as_os_str().as_encoded_bytes();
                let separator = |b: u8| b == b'/' || std::path::is_separator(b as char);
                bytes
                    .iter()
                    .map(|&b| if separator(b) { 0 } else { b })
                    .collect()
            })
            .collect();
        let mut order: Vec<usize> = (0..self.0.len()).collect();
        order.sort_unstable_by(|&i, &j| {
            let (a, b) = (&self.0[i], &self.0[j]);
            (&files[i], a.line, a.column, &a.message, i)
                .cmp(&(&files[j], b.line, b.column, &b.message, j))
        });
        drop(files);
        let mut unsorted: Vec<Option<Diagnostic>> =
            std::mem::take(&mut self.0).into_iter().map(Some).collect();
        self.0 = (order.into_iter())
            .filter_map(|i| unsorted[i].take())
            .collect();
        self.0.dedup();
    }
}

/// Diagnostics shown for one file; the rest are counted in one line, so a
/// file with thousands of problems cannot flood the terminal or the preview.
const SHOWN_PER_FILE: usize = 20;

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Grouped by file in the order files first appear; a map keeps
        // this linear for sites with thousands of files.
        let mut files: Vec<(&Path, Vec<&Diagnostic>)> = Vec::new();
        let mut index: HashMap<&Path, usize> = HashMap::new();
        for d in &self.0 {
            let i = *index.entry(&d.file).or_insert_with(|| {
                files.push((&d.file, Vec::new()));
                files.len() - 1
            });
            files[i].1.push(d);
        }
        for (file, group) in files {
            // Errors before warnings, so that warnings never hide why a
            // build failed; each kind in the order of the file.
            let errors = group.iter().filter(|d| d.is_error()).count();
            let warnings = group.len() - errors;
            let shown_errors = errors.min(SHOWN_PER_FILE);
            let shown_warnings = warnings.min(SHOWN_PER_FILE - shown_errors);
            let (mut error_slots, mut warning_slots) = (shown_errors, shown_warnings);
            for d in &group {
                let slots = if d.is_error() {
                    &mut error_slots
                } else {
                    &mut warning_slots
                };
                if *slots > 0 {
                    *slots -= 1;
                    writeln!(f, "{d}\n")?;
                }
            }
            let (hidden_errors, hidden_warnings) =
                (errors - shown_errors, warnings - shown_warnings);
            if hidden_errors + hidden_warnings > 0 {
                writeln!(
                    f,
                    "... and {} in {}\n",
                    counted(hidden_errors, hidden_warnings, " more"),
                    file.display()
                )?;
            }
        }
        write!(
            f,
            "{}",
            counted(self.error_count(), self.warning_count(), "")
        )
    }
}

/// `3 errors, 1 warning`, with `more` after the number (` more`).
fn counted(errors: usize, warnings: usize, more: &str) -> String {
    let count = |n: usize, noun: &str| {
        let plural = if n == 1 { "" } else { "s" };
        format!("{}{more} {noun}{plural}", thousands(n))
    };
    match (errors, warnings) {
        (0, 0) => String::new(),
        (0, w) => count(w, "warning"),
        (e, 0) => count(e, "error"),
        (e, w) => format!("{}, {}", count(e, "error"), count(w, "warning")),
    }
}

/// `7980` → `7,980`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

/// Runs `work`, turning a panic (a bug in lectern or in a crate it uses)
/// into an error diagnostic naming it, instead of a crash with a
/// backtrace; panics on the threads `work` runs in parallel count too.
pub fn catch_panic<T>(work: impl FnOnce() -> T) -> Result<T, Diagnostic> {
    install_panic_hook();
    CATCHING.set(CATCHING.get() + 1);
    CATCHING_ANYWHERE.fetch_add(1, Ordering::SeqCst);
    let result = std::panic::catch_unwind(AssertUnwindSafe(work));
    CATCHING_ANYWHERE.fetch_sub(1, Ordering::SeqCst);
    CATCHING.set(CATCHING.get() - 1);
    result.map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "an unknown failure".into());
        let recorded = LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()).take();
        let place = recorded
            .filter(|(recorded, _)| *recorded == message)
            .map_or(String::new(), |(_, place)| format!(", at {place}"));
        Diagnostic::error("", format!("lectern failed: {message}")).with_help(format!(
            "this is a bug in lectern{place}, not a mistake in the site; please report it with the files that cause it"
        ))
    })
}

thread_local! {
    /// Calls of `catch_panic` running on this thread.
    static CATCHING: Cell<usize> = const { Cell::new(0) };
}
/// Calls of `catch_panic` running on any thread, for the worker threads
/// of parallel stages.
static CATCHING_ANYWHERE: AtomicUsize = AtomicUsize::new(0);
/// The message and place of the last panic caught.
static LAST_PANIC: Mutex<Option<(String, String)>> = Mutex::new(None);

/// Replaces the printing of panics that `catch_panic` reports: the panic's
/// place is recorded for its diagnostic. Other panics print as before.
fn install_panic_hook() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let caught = CATCHING.try_with(Cell::get).unwrap_or(0) > 0
                || (rayon::current_thread_index().is_some()
                    && CATCHING_ANYWHERE.load(Ordering::SeqCst) > 0);
            if caught {
                let mut last = LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner());
                *last = Some(describe_panic(info));
            } else {
                previous(info);
            }
        }));
    });
}

/// A panic's message, and its place in lectern's source or a dependency's
/// (`tera-1.20.1/src/renderer/processor.rs:802:60`).
fn describe_panic(info: &PanicHookInfo<'_>) -> (String, String) {
    let message = info.payload_as_str().unwrap_or("an unknown failure");
    let place = info.location().map_or(String::new(), |at| {
        let file = at.file();
        // A dependency's path starts in the build machine's registry.
        let file = file
            .rfind("/src/")
            .and_then(|i| file[..i].rfind('/'))
            .map_or(file, |i| &file[i + 1..]);
        format!("{file}:{}:{}", at.line(), at.column())
    });
    (message.to_string(), place)
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
    fn problems_are_ordered_by_folder_file_and_place() {
        let mut all = Diagnostics(
            ["a.md", "a-b.md", "a/b.md", "a/b.md", "a.md"]
                .iter()
                .enumerate()
                .map(|(i, file)| Diagnostic {
                    line: 5 - i,
                    ..Diagnostic::warning(*file, "x")
                })
                .collect(),
        );
        all.sort();
        let order: Vec<(String, usize)> = (all.0.iter())
            .map(|d| (d.file.display().to_string(), d.line))
            .collect();
        let expected = [
            ("a/b.md", 2),
            ("a/b.md", 3),
            ("a-b.md", 4),
            ("a.md", 1),
            ("a.md", 5),
        ];
        assert_eq!(order, expected.map(|(f, l)| (f.to_string(), l)));
    }

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

    /// The character above the caret of a rendered diagnostic.
    fn char_at_caret(rendered: &str) -> char {
        let lines: Vec<&str> = rendered.lines().collect();
        let caret = lines.iter().position(|l| l.ends_with('^')).unwrap();
        let (snippet, marker) = (lines[caret - 1], lines[caret]);
        let column = marker.chars().count() - 1;
        snippet.chars().nth(column).unwrap()
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("{}é[target]{}", "a".repeat(5000), "b".repeat(5000));
        let offset = line.find('[').unwrap();
        let d = Diagnostic::error("a.md", "here").at(&line, offset);
        assert_eq!(d.column, 5002, "the location keeps the real column");
        let rendered = d.to_string();
        assert!(rendered.len() < 400, "{rendered}");
        let snippet = d.snippet.as_deref().unwrap();
        assert!(
            snippet.starts_with('…') && snippet.ends_with('…'),
            "{snippet}"
        );
        assert!(snippet.contains("é[target]"), "{snippet}");
        assert_eq!(char_at_caret(&rendered), '[');

        // Near either end, only the far side is cut.
        for (offset, wanted) in [(0, 'a'), (line.len() - 1, 'b')] {
            let d = Diagnostic::error("a.md", "here").at(&line, offset);
            let snippet = d.snippet.as_deref().unwrap();
            assert_ne!(
                snippet.starts_with('…'),
                snippet.ends_with('…'),
                "{snippet}"
            );
            assert_eq!(char_at_caret(&d.to_string()), wanted);
        }
        let short = Diagnostic::error("a.md", "here").at("short line", 6);
        assert_eq!(short.snippet.as_deref(), Some("short line"));
    }

    #[test]
    fn each_file_shows_a_limited_number_of_problems() {
        let text = "x\n".repeat(100);
        let mut all = Diagnostics::default();
        for line in 0..50 {
            all.push(Diagnostic::warning("a.md", format!("warning {line}")).at(&text, line * 2));
        }
        // The errors come last in the file, yet are shown before warnings.
        for line in 50..100 {
            all.push(Diagnostic::error("a.md", format!("error {line}")).at(&text, line * 2));
        }
        all.push(Diagnostic::error("b.md", "the other file"));
        let rendered = all.to_string();
        let shown = rendered
            .lines()
            .filter(|l| l.starts_with("error: ") || l.starts_with("warning: "))
            .count();
        assert_eq!(shown, SHOWN_PER_FILE + 1, "{rendered}");
        assert!(rendered.contains("error: error 50\n"), "{rendered}");
        assert!(!rendered.contains("warning: warning 0\n"), "{rendered}");
        assert!(rendered.contains("error: the other file"), "{rendered}");
        assert!(
            rendered.contains("... and 30 more errors, 50 more warnings in a.md\n"),
            "{rendered}"
        );
        assert!(rendered.ends_with("\n51 errors, 50 warnings"), "{rendered}");
    }

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(7980), "7,980");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn panics_become_diagnostics() {
        let bug = catch_panic(|| panic!("the stage broke")).unwrap_err();
        assert!(bug.is_error());
        assert_eq!(bug.message, "lectern failed: the stage broke");
        let help = bug.help.clone().unwrap();
        assert!(help.contains("src/diagnostics.rs:"), "{help}");
        assert!(!bug.to_string().contains("-->"), "no file to point at");

        use rayon::prelude::*;
        let bug = catch_panic(|| {
            (0..64).into_par_iter().for_each(|i| {
                if i == 37 {
                    panic!("worker {i} broke");
                }
            })
        })
        .unwrap_err();
        assert_eq!(bug.message, "lectern failed: worker 37 broke");
        assert_eq!(catch_panic(|| 7), Ok(7));
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

//! `{{#include}}`, `{{#rustdoc_include}}` and `{{#playground}}`, expanded as
//! mdBook expands them: in the text of the body, before it is read as
//! Markdown (so inside code blocks too, where listings are), with paths
//! relative to the file holding the directive. The expanded text is the
//! article's `text` for every later stage; a [`SourceMap`] remembers where
//! each byte of it was written, so that a problem found anywhere in it is
//! reported at the author's file, line and column. An article without
//! directives keeps its text as read, with no map.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use super::walk::{self, Refused};
use crate::diagnostics::{closest, locate, Diagnostic, Origin};

/// How large an article may grow by its includes: enough for any book,
/// small enough that includes repeating includes cannot exhaust memory.
const MAX_EXPANDED: usize = 32 << 20;

/// Where an article's includes may read from, and what they read.
pub(crate) struct Includes<'a> {
    /// The project's folder (the one holding `site.toml`), canonical.
    project: &'a Path,
    /// The article's file on disk.
    path: &'a Path,
    /// Every file an include read or looked for, with its state then.
    pub(crate) read: Vec<Dependency>,
}

impl<'a> Includes<'a> {
    pub(crate) fn new(project: &'a Path, path: &'a Path) -> Self {
        Includes {
            project,
            path,
            read: Vec::new(),
        }
    }
}

/// A file an article's includes read (or looked for and did not find): an
/// edit to it, or its creation, changes the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dependency {
    /// Absolute; canonical when the file exists.
    pub(crate) path: PathBuf,
    /// Modification time and size when read; `None` when it did not exist.
    state: Option<(Option<SystemTime>, u64)>,
}

impl Dependency {
    fn of(path: PathBuf) -> Self {
        let state = file_state(&path);
        Dependency { path, state }
    }

    /// Whether the file may differ from what was read.
    pub(crate) fn changed(&self) -> bool {
        match self.state {
            // Without a modification time, a change cannot be ruled out.
            Some((None, _)) => true,
            state => file_state(&self.path) != state,
        }
    }
}

fn file_state(path: &Path) -> Option<(Option<SystemTime>, u64)> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.modified().ok(), metadata.len()))
}

/// Where each byte of an expanded article was written.
#[derive(Debug)]
pub(crate) struct SourceMap {
    /// The files the text comes from: the article first (as written), then
    /// each included file once.
    sources: Vec<Source>,
    /// The article (first) and each include, in the order expanded.
    inclusions: Vec<Inclusion>,
    /// The pieces of the expanded text, in order.
    pieces: Vec<Piece>,
}

#[derive(Debug)]
struct Source {
    /// As the author knows it: relative to the project.
    file: PathBuf,
    text: Arc<str>,
}

/// One file's text brought in by one directive.
#[derive(Debug, Clone, Copy)]
struct Inclusion {
    /// Index into `sources`.
    source: usize,
    /// The directive that brought it; `None` for the article itself.
    directive: Option<Place>,
}

/// A byte of one inclusion's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    inclusion: usize,
    offset: usize,
}

/// A run of expanded text from one place on.
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Where the run starts in the expanded text.
    start: usize,
    place: Place,
    /// Whether the run is the file's bytes from `place` on; otherwise it
    /// was written by lectern (a `# ` of a hidden line, a code fence, the
    /// indent repeated on included lines) and stands for `place` itself.
    exact: bool,
}

impl SourceMap {
    /// Where byte `offset` of the expanded text was written.
    pub(crate) fn origin(&self, offset: usize) -> Origin<'_> {
        self.origin_of(place_in(&self.pieces, offset))
    }

    fn origin_of(&self, place: Place) -> Origin<'_> {
        let inclusion = self.inclusions[place.inclusion];
        let source = &self.sources[inclusion.source];
        let mut froms = Vec::new();
        let mut directive = inclusion.directive;
        while let Some(at) = directive {
            let including = self.inclusions[at.inclusion];
            let file = &self.sources[including.source];
            let (line, column, _) = locate(&file.text, at.offset);
            froms.push(format!("{}:{line}:{column}", file.file.display()));
            directive = including.directive;
        }
        let note = match froms.split_first() {
            None => None,
            Some((first, [])) => Some(format!("included from {first}")),
            Some((first, rest)) => Some(format!(
                "included from {first}, in turn included from {}",
                rest.join(", then ")
            )),
        };
        Origin {
            file: &source.file,
            text: &source.text,
            offset: place.offset,
            note,
        }
    }
}

/// Where byte `offset` of an article's `text` was written: in the article
/// itself (`file`) unless `map` says it was included.
pub(crate) fn origin<'a>(
    map: Option<&'a SourceMap>,
    file: &'a Path,
    text: &'a str,
    offset: usize,
) -> Origin<'a> {
    match map {
        Some(map) => map.origin(offset),
        None => Origin {
            file,
            text,
            offset,
            note: None,
        },
    }
}

/// The piece holding byte `offset` of a text made of `pieces`, and so the
/// place it stands for.
fn place_in(pieces: &[Piece], offset: usize) -> Place {
    let i = pieces
        .partition_point(|p| p.start <= offset)
        .saturating_sub(1);
    let Some(piece) = pieces.get(i) else {
        return Place {
            inclusion: 0,
            offset,
        };
    };
    match piece.exact {
        true => Place {
            offset: piece.place.offset + offset.saturating_sub(piece.start),
            ..piece.place
        },
        false => piece.place,
    }
}

/// Expands the directives in the body of `text` (from `body_offset` on; the
/// front matter is left as it is). Returns the text to use and, when it
/// changed, its map; the text is returned untouched when it has none.
pub(crate) fn expand(
    includes: &mut Includes<'_>,
    file: &Path,
    text: String,
    body_offset: usize,
) -> Result<(String, Option<Arc<SourceMap>>), Diagnostic> {
    if directives(&text, body_offset..text.len()).is_empty() {
        return Ok((text, None));
    }
    let text: Arc<str> = text.into();
    let article = std::fs::canonicalize(includes.path).unwrap_or_else(|_| includes.path.into());
    let dir = article.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut expander = Expander {
        project: includes.project,
        read: &mut includes.read,
        map: SourceMap {
            sources: vec![Source {
                file: file.to_path_buf(),
                text: text.clone(),
            }],
            inclusions: vec![Inclusion {
                source: 0,
                directive: None,
            }],
            pieces: Vec::new(),
        },
        by_path: HashMap::from([(article.clone(), 0)]),
        chain: vec![article],
    };
    let whole = [Piece {
        start: 0,
        place: Place {
            inclusion: 0,
            offset: 0,
        },
        exact: true,
    }];
    let content = View {
        text: &text,
        pieces: &whole,
    };
    let mut out = Mapped::default();
    out.push_from(content, 0..body_offset);
    expander.expand(content, body_offset..text.len(), &dir, &mut out)?;
    let mut map = expander.map;
    map.pieces = out.pieces;
    Ok((out.text, Some(Arc::new(map))))
}

/// Text being built, with where each run of it came from.
#[derive(Default)]
struct Mapped {
    text: String,
    pieces: Vec<Piece>,
}

/// A text and its pieces, to copy from.
#[derive(Clone, Copy)]
struct View<'a> {
    text: &'a str,
    pieces: &'a [Piece],
}

impl Mapped {
    fn view(&self) -> View<'_> {
        View {
            text: &self.text,
            pieces: &self.pieces,
        }
    }

    /// Appends `text`, written at `place` (`exact`: byte for byte from it).
    fn push(&mut self, text: &str, place: Place, exact: bool) {
        if text.is_empty() {
            return;
        }
        let start = self.text.len();
        let continues = self.pieces.last().is_some_and(|last| {
            exact
                && last.exact
                && last.place.inclusion == place.inclusion
                && last.place.offset + (start - last.start) == place.offset
        });
        if !continues {
            self.pieces.push(Piece {
                start,
                place,
                exact,
            });
        }
        self.text.push_str(text);
    }

    /// Appends `from.text[range]`, keeping where each byte came from.
    fn push_from(&mut self, from: View<'_>, range: Range<usize>) {
        let mut at = range.start;
        let mut i = from
            .pieces
            .partition_point(|p| p.start <= at)
            .saturating_sub(1);
        while at < range.end {
            let piece = from.pieces[i];
            let end = from
                .pieces
                .get(i + 1)
                .map_or(from.text.len(), |next| next.start)
                .min(range.end);
            let place = match piece.exact {
                true => Place {
                    offset: piece.place.offset + (at - piece.start),
                    ..piece.place
                },
                false => piece.place,
            };
            self.push(&from.text[at..end], place, piece.exact);
            at = end;
            i += 1;
        }
    }
}

/// The kinds of directive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `\{{#...}}`: shown as written, without the backslash.
    Escaped,
    Include,
    RustdocInclude,
    /// `{{#playground}}` (and its old name `{{#playpen}}`).
    Playground,
    /// `{{#title}}`: removed (the page title comes from the front matter
    /// or the `# Title` line).
    Title,
}

/// A directive in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Directive<'a> {
    /// From `{{` (or its escaping backslash) to after `}}`.
    range: Range<usize>,
    kind: Kind,
    /// What follows the name, trimmed.
    args: &'a str,
}

/// The directives in `text[range]`, in order. Like mdBook: `{{`, optional
/// white space, `#`, a name, white space, the arguments, `}}`; unknown names
/// are left alone, and `\{{#` starts an escape up to the line's last `}}`.
/// A directive is on one line. Linear in the text, whatever it holds.
fn directives(text: &str, range: Range<usize>) -> Vec<Directive<'_>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut next = range.start;
    // The line of the last `{{` met: where it ends, and where each `}}` in
    // it starts (overlapping, so `}}}` has two).
    let mut line_end = range.start;
    let mut closes: Vec<usize> = Vec::new();
    for hit in memchr::memmem::find_iter(&bytes[range.clone()], b"{{") {
        let at = range.start + hit;
        if at < next {
            continue;
        }
        if at >= line_end {
            line_end = memchr::memchr(b'\n', &bytes[at..range.end]).map_or(range.end, |i| at + i);
            closes = memchr::memchr_iter(b'}', &bytes[at..line_end])
                .map(|i| at + i)
                .filter(|&i| bytes.get(i + 1) == Some(&b'}') && i + 1 < line_end)
                .collect();
        }
        // The first `}}` starting at or after `from`, on this line.
        let close_from = |from: usize| {
            let i = closes.partition_point(|&c| c < from);
            closes.get(i).copied()
        };
        let escaped =
            at > range.start && bytes[at - 1] == b'\\' && bytes.get(at + 2) == Some(&b'#');
        if let Some(&last) = closes.last().filter(|&&last| escaped && last >= at + 3) {
            found.push(Directive {
                range: at - 1..last + 2,
                kind: Kind::Escaped,
                args: "",
            });
            next = last + 2;
            continue;
        }
        if let Some(directive) = directive_at(text, at, line_end, close_from) {
            next = directive.range.end;
            found.push(directive);
        }
    }
    found
}

/// The directive starting at `text[at..]` (with `{{`), on the line ending
/// at `line_end`; `close_from` finds the first `}}` from an offset on.
fn directive_at(
    text: &str,
    at: usize,
    line_end: usize,
    close_from: impl Fn(usize) -> Option<usize>,
) -> Option<Directive<'_>> {
    let rest = &text[at + 2..line_end];
    let named = rest.trim_start().strip_prefix('#')?;
    let name_len = named
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(named.len());
    let kind = match &named[..name_len] {
        "include" => Kind::Include,
        "rustdoc_include" => Kind::RustdocInclude,
        "playground" | "playpen" => Kind::Playground,
        "title" => Kind::Title,
        _ => return None,
    };
    let after_name = &named[name_len..];
    if !after_name.starts_with(char::is_whitespace) {
        return None;
    }
    let args_start = line_end - after_name.len();
    let close = close_from(args_start)?;
    let args = text[args_start..close].trim();
    if args.is_empty() {
        return None;
    }
    Some(Directive {
        range: at..close + 2,
        kind,
        args,
    })
}

/// Which lines of a file an include takes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Lines {
    /// 1-based, both ends included; `None` for the file's end.
    Range(usize, Option<usize>),
    Anchor(String),
}

/// Splits `file.rs:10:20` (or `file.rs:name`) into the path and the lines.
fn parse_spec(spec: &str) -> Result<(&str, Lines), String> {
    let Some((path, lines)) = spec.split_once(':') else {
        return Ok((spec, Lines::Range(1, None)));
    };
    let mut parts = lines.split(':');
    let first = parts.next().unwrap_or("");
    let second = parts.next();
    if let Some(third) = parts.next() {
        return Err(format!(
            "`{spec}` has one `:` too many at `:{third}`: write `path:10`, `path:10:20`, `path:10:`, `path::20` or `path:anchor`"
        ));
    }
    let number = |text: &str| -> Result<usize, String> {
        match text.parse::<usize>() {
            Ok(0) => Err("lines are numbered from 1".to_string()),
            Ok(n) => Ok(n),
            Err(_) => Err(format!("`{text}` is not a line number")),
        }
    };
    let start = match first {
        "" => None,
        _ if first.bytes().all(|b| b.is_ascii_digit()) => Some(number(first)?),
        anchor => {
            if second.is_some() {
                return Err(format!(
                    "an anchor takes no line numbers: write `{path}:{anchor}`"
                ));
            }
            return Ok((path, Lines::Anchor(anchor.to_string())));
        }
    };
    let lines = match (start, second) {
        (Some(start), None) => Lines::Range(start, Some(start)),
        (start, Some("")) | (start, None) => Lines::Range(start.unwrap_or(1), None),
        (start, Some(end)) => {
            let end = number(end)?;
            let start = start.unwrap_or(1);
            if end < start {
                return Err(format!("the lines {start} to {end} end before they start"));
            }
            Lines::Range(start, Some(end))
        }
    };
    Ok((path, lines))
}

/// The lines of `text` as `str::lines` splits them, by byte range (without
/// the line break).
fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let content_end = match text[start..end].ends_with('\r') {
            true => end - 1,
            false => end,
        };
        lines.push(start..content_end);
        start = end + 1;
    }
    lines
}

/// The anchor a line starts or ends, if it marks one: mdBook's
/// `ANCHOR: name` and `ANCHOR_END: name`, anywhere in the line (usually in
/// a comment).
fn anchor_mark(line: &str) -> Option<(bool, &str)> {
    for (marker, start) in [("ANCHOR:", true), ("ANCHOR_END:", false)] {
        let mut rest = line;
        while let Some(i) = rest.find(marker) {
            let after = rest[i + marker.len()..].trim_start();
            let len = after
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(after.len());
            if len > 0 {
                return Some((start, &after[..len]));
            }
            rest = &rest[i + marker.len()..];
        }
    }
    None
}

/// What went wrong with one directive, said at it.
struct Problem {
    message: String,
    help: Option<String>,
}

impl Problem {
    fn new(message: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            help: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl From<String> for Problem {
    fn from(message: String) -> Self {
        Problem::new(message)
    }
}

struct Expander<'a> {
    project: &'a Path,
    read: &'a mut Vec<Dependency>,
    /// Sources and inclusions so far (the pieces are the output's).
    map: SourceMap,
    /// Index into `map.sources` by canonical path.
    by_path: HashMap<PathBuf, usize>,
    /// The files being expanded, outermost first, by canonical path.
    chain: Vec<PathBuf>,
}

impl Expander<'_> {
    /// Appends `content.text[range]` to `out` with its directives expanded;
    /// relative paths start at `dir`.
    fn expand(
        &mut self,
        content: View<'_>,
        range: Range<usize>,
        dir: &Path,
        out: &mut Mapped,
    ) -> Result<(), Diagnostic> {
        let mut at = range.start;
        for directive in directives(content.text, range.clone()) {
            out.push_from(content, at..directive.range.start);
            at = directive.range.end;
            let place = place_in(content.pieces, directive.range.start);
            match directive.kind {
                Kind::Escaped => out.push_from(content, directive.range.start + 1..at),
                Kind::Title => {}
                _ => {
                    let included = self.include(&directive, place, dir)?;
                    // Like mdBook: every line after the first starts with
                    // what precedes the directive on its line, so an
                    // include indented in a list or quoted stays inside it.
                    let line_start = out.text.rfind('\n').map_or(0, |i| i + 1);
                    let prefix = out.text[line_start..].to_string();
                    let mut previous: Option<Range<usize>> = None;
                    for line in line_ranges(&included.text) {
                        if let Some(previous) = previous {
                            match included.text[previous.end..].starts_with('\n') {
                                true => {
                                    out.push_from(included.view(), previous.end..previous.end + 1)
                                }
                                false => out.push("\n", place, false),
                            }
                            out.push(&prefix, place, false);
                        }
                        out.push_from(included.view(), line.clone());
                        previous = Some(line);
                    }
                    if out.text.len() > MAX_EXPANDED {
                        let problem = Problem::new(format!(
                            "with its includes, the text grows past {} MiB",
                            MAX_EXPANDED >> 20
                        ))
                        .help("include each file once; an include repeated inside included files multiplies");
                        return Err(self.error(place, problem));
                    }
                }
            }
        }
        out.push_from(content, at..range.end);
        Ok(())
    }

    /// The text `directive` (at `place`) brings in, its own directives
    /// expanded.
    fn include(
        &mut self,
        directive: &Directive<'_>,
        place: Place,
        dir: &Path,
    ) -> Result<Mapped, Diagnostic> {
        let name = match directive.kind {
            Kind::Include => "include",
            Kind::RustdocInclude => "rustdoc_include",
            _ => "playground",
        };
        let mut words = directive.args.split_whitespace();
        let spec = words.next().unwrap_or_default();
        let attributes: Vec<&str> = words.collect();
        let (path, lines) = match directive.kind {
            Kind::Playground => (spec, Lines::Range(1, None)),
            _ => {
                if let Some(extra) = attributes.first() {
                    let problem = Problem::new(format!(
                        "`{{{{#{name}}}}}` takes one path, but `{extra}` follows `{spec}`"
                    ))
                    .help("a path cannot hold spaces; rename the file or the folder");
                    return Err(self.error(place, problem));
                }
                parse_spec(spec).map_err(|message| self.error(place, message.into()))?
            }
        };
        let (target, source) = self
            .read(path, dir)
            .map_err(|problem| self.error(place, problem))?;
        let inclusion = self.map.inclusions.len();
        self.map.inclusions.push(Inclusion {
            source,
            directive: Some(place),
        });
        let text = self.map.sources[source].text.clone();
        let file = self.map.sources[source].file.clone();
        let mut selected = select(&text, inclusion, directive.kind, &lines, &file)
            .map_err(|problem| self.error(place, problem))?;
        if directive.kind == Kind::Playground {
            // A Rust code block, the attributes after `rust`, as mdBook writes it.
            let mut block = Mapped::default();
            let info: String = std::iter::once("rust")
                .chain(attributes.iter().copied())
                .collect::<Vec<_>>()
                .join(",");
            block.push(&format!("```{info}\n"), place, false);
            block.push_from(selected.view(), 0..selected.text.len());
            if !selected.text.is_empty() {
                block.push("\n", place, false);
            }
            block.push("```", place, false);
            selected = block;
        }
        let mut expanded = Mapped::default();
        let inner = target.parent().map(Path::to_path_buf).unwrap_or_default();
        self.chain.push(target);
        let result = self.expand(
            selected.view(),
            0..selected.text.len(),
            &inner,
            &mut expanded,
        );
        self.chain.pop();
        result.map(|()| expanded)
    }

    /// Reads the file at `path` (as written, from `dir`), once per article:
    /// its canonical path and its index in the sources.
    fn read(&mut self, path: &str, dir: &Path) -> Result<(PathBuf, usize), Problem> {
        let joined = dir.join(path);
        let Ok(target) = std::fs::canonicalize(&joined) else {
            self.read.push(Dependency::of(normal(&joined)));
            return Err(
                Problem::new(format!("cannot include `{path}`: there is no such file")).help(
                    format!(
                        "the path is relative to the folder of the file that includes it (`{}`)",
                        self.shown(dir).display()
                    ),
                ),
            );
        };
        let shown = self.shown(&target);
        match walk::refused_place(self.project, &target) {
            Some(Refused::Outside) => {
                return Err(Problem::new(format!(
                    "cannot include `{path}`: it leads to `{}`, outside the project, which lectern never reads",
                    target.display()
                ))
                .help("copy the file into the project (the folder holding `site.toml`), beside `articles/` if you like"))
            }
            Some(Refused::Hidden) => {
                return Err(Problem::new(format!(
                    "cannot include `{path}`: it leads to `{}`, inside a hidden file or folder, which lectern never reads",
                    shown.display()
                ))
                .help("hidden files (`.git/`, `.env`) are never content; copy what you want shown"))
            }
            Some(Refused::System) => {
                return Err(Problem::new(format!(
                    "cannot include `{path}`: it leads to `{}`, a special file of the system, which lectern never reads",
                    target.display()
                )))
            }
            None => {}
        }
        if self.chain.contains(&target) {
            let mut names: Vec<String> = self
                .chain
                .iter()
                .skip_while(|p| **p != target)
                .map(|p| format!("`{}`", self.shown(p).display()))
                .collect();
            names.push(format!("`{}`", shown.display()));
            return Err(Problem::new(format!(
                "include cycle: {}",
                names.join(" includes ")
            ))
            .help("a file cannot include itself, even through other files; remove one of these includes"));
        }
        if let Some(&source) = self.by_path.get(&target) {
            return Ok((target, source));
        }
        let kind = std::fs::metadata(&target)
            .map_err(|e| Problem::new(format!("cannot include `{path}`: {e}")))?
            .file_type();
        if kind.is_dir() {
            return Err(Problem::new(format!(
                "cannot include `{path}`: `{}` is a folder",
                shown.display()
            ))
            .help("name a file in it"));
        }
        if !kind.is_file() {
            return Err(Problem::new(format!(
                "cannot include `{path}`: `{}` is {}, not a regular file, and lectern never reads it",
                shown.display(),
                walk::special_kind(&kind)
            )));
        }
        // The state before the read: an edit during it is seen next time.
        self.read.push(Dependency::of(target.clone()));
        let bytes = std::fs::read(&target)
            .map_err(|e| Problem::new(format!("cannot include `{path}`: {e}")))?;
        if bytes.len() > MAX_EXPANDED {
            return Err(Problem::new(format!(
                "cannot include `{path}`: it is larger than {} MiB",
                MAX_EXPANDED >> 20
            )));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            Problem::new(format!(
                "cannot include `{path}`: it is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ))
            .help("save the file as UTF-8")
        })?;
        let source = self.map.sources.len();
        self.map.sources.push(Source {
            file: shown,
            text: text.into(),
        });
        self.by_path.insert(target.clone(), source);
        Ok((target, source))
    }

    /// A path as the author knows it: inside the project, relative to it.
    fn shown(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.project)
            .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
    }

    /// The error for `problem`, at the directive at `place`.
    fn error(&self, place: Place, problem: Problem) -> Diagnostic {
        let origin = self.map.origin_of(place);
        let mut diagnostic = Diagnostic::error(origin.file, problem.message).at_origin(origin);
        diagnostic.help = problem.help;
        diagnostic
    }
}

/// The lines of `text` (the file `file`, brought in as `inclusion`) that a
/// directive of `kind` takes, joined by line breaks; anchor lines are
/// always left out. `{{#rustdoc_include}}` keeps every line, those outside
/// the range or anchor behind `# ` (hidden on the page, kept for rustdoc).
fn select(
    text: &str,
    inclusion: usize,
    kind: Kind,
    lines: &Lines,
    file: &Path,
) -> Result<Mapped, Problem> {
    let all = line_ranges(text);
    let shown = file.display();
    // Whether each line is taken, by index.
    let taken: Vec<bool> = match lines {
        Lines::Range(start, end) => {
            let count = all.len();
            let past = |line: usize| {
                Problem::new(format!(
                    "line {line} is past the end of `{shown}`, which has {count} line{}",
                    if count == 1 { "" } else { "s" }
                ))
                .help(format!("include lines 1 to {count}, or write `{start}:` for every line from {start} on"))
            };
            if *start > count.max(1) {
                return Err(past(*start));
            }
            // An end past the file's end takes the rest, as in mdBook (a
            // listing that lost lines since still builds).
            let end = end.unwrap_or(count).min(count);
            (1..=count).map(|n| n >= *start && n <= end).collect()
        }
        Lines::Anchor(name) => {
            let marks: Vec<Option<(bool, &str)>> = all
                .iter()
                .map(|line| anchor_mark(&text[line.clone()]))
                .collect();
            if !marks.contains(&Some((true, name.as_str()))) {
                let names = marks
                    .iter()
                    .filter_map(|m| m.filter(|(start, _)| *start).map(|(_, n)| n));
                let help = match closest(name, names) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!(
                        "mark the lines in `{shown}` with `// ANCHOR: {name}` before them and `// ANCHOR_END: {name}` after"
                    ),
                };
                return Err(Problem::new(format!("`{shown}` has no anchor `{name}`")).help(help));
            }
            // An anchor with no end runs to the end of the file, as in
            // mdBook. `include` takes the anchor's first section, as mdBook does;
            // `rustdoc_include` shows each section of it.
            let mut inside = false;
            let mut done = false;
            let mut taken = vec![false; all.len()];
            for (i, mark) in marks.iter().enumerate() {
                match mark {
                    Some((true, n)) if n == name && !done => inside = true,
                    Some((false, n)) if n == name && inside => {
                        inside = false;
                        done = kind != Kind::RustdocInclude;
                    }
                    _ => taken[i] = inside,
                }
            }
            taken
        }
    };
    let mut out = Mapped::default();
    let mut previous: Option<Range<usize>> = None;
    for (line, taken) in all.iter().zip(taken) {
        if anchor_mark(&text[line.clone()]).is_some() {
            continue;
        }
        let hidden = kind == Kind::RustdocInclude && !taken;
        if !taken && !hidden {
            continue;
        }
        if let Some(previous) = previous {
            let next_line =
                text[previous.end..].starts_with('\n') && previous.end + 1 == line.start;
            out.push(
                "\n",
                Place {
                    inclusion,
                    offset: previous.end,
                },
                next_line,
            );
        }
        if hidden {
            out.push(
                "# ",
                Place {
                    inclusion,
                    offset: line.start,
                },
                false,
            );
        }
        out.push(
            &text[line.clone()],
            Place {
                inclusion,
                offset: line.start,
            },
            true,
        );
        previous = Some(line.clone());
    }
    Ok(out)
}

/// `path` with `.` and `..` resolved by its text, for a file that does not
/// exist (yet) and so cannot be made canonical.
fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A project in a temporary folder holding `files`.
    fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    /// The text, the map and the files read.
    type Expansion = (String, Option<Arc<SourceMap>>, Vec<Dependency>);

    /// Expands `articles/a.md` of `dir`.
    fn expand_article(dir: &tempfile::TempDir) -> Result<Expansion, Diagnostic> {
        let root = std::fs::canonicalize(dir.path()).unwrap();
        let path = root.join("articles/a.md");
        let text = std::fs::read_to_string(&path).unwrap();
        let mut includes = Includes::new(&root, &path);
        let (text, map) = expand(&mut includes, Path::new("articles/a.md"), text, 0)?;
        Ok((text, map, includes.read))
    }

    fn expanded(files: &[(&str, &str)]) -> String {
        let dir = project(files);
        expand_article(&dir).unwrap().0
    }

    fn error(files: &[(&str, &str)]) -> Diagnostic {
        let dir = project(files);
        expand_article(&dir).map(|_| ()).unwrap_err()
    }

    const LISTING: &str = "fn main() {\n    // ANCHOR: greet\n    println!(\"hi\");\n    // ANCHOR_END: greet\n    let x = 1;\n}\n";

    #[test]
    fn specs_follow_mdbook() {
        let spec = |s: &str| parse_spec(s).map(|(p, l)| (p.to_string(), l));
        let range = |a, b| Ok(("f.rs".to_string(), Lines::Range(a, b)));
        assert_eq!(spec("f.rs"), range(1, None));
        assert_eq!(spec("f.rs:3"), range(3, Some(3)), "one line, as in mdBook");
        assert_eq!(spec("f.rs:3:"), range(3, None));
        assert_eq!(spec("f.rs::4"), range(1, Some(4)));
        assert_eq!(spec("f.rs:2:4"), range(2, Some(4)));
        assert_eq!(
            spec("f.rs:greet"),
            Ok(("f.rs".into(), Lines::Anchor("greet".into())))
        );
        assert_eq!(
            spec("f.rs:2024-notes"),
            Ok(("f.rs".into(), Lines::Anchor("2024-notes".into())))
        );
        for (bad, says) in [
            ("f.rs:0", "numbered from 1"),
            ("f.rs:4:2", "end before they start"),
            ("f.rs:2:x", "`x` is not a line number"),
            ("f.rs:1:2:3", "one `:` too many"),
            ("f.rs:greet:2", "an anchor takes no line numbers"),
        ] {
            let message = spec(bad).unwrap_err();
            assert!(message.contains(says), "{bad}: {message}");
        }
    }

    #[test]
    fn directives_are_found_as_mdbook_finds_them() {
        let text =
            "a {{#include x.rs}} b {{ #rustdoc_include y.rs:2 }} {{#playground z.rs editable}} \
                    {{#unknown q}} {{#include}} \\{{#include e.rs}}\n{{#title T}}";
        let found: Vec<(Kind, &str, &str)> = directives(text, 0..text.len())
            .into_iter()
            .map(|d| (d.kind, d.args, &text[d.range]))
            .collect();
        assert_eq!(
            found,
            [
                (Kind::Include, "x.rs", "{{#include x.rs}}"),
                (
                    Kind::RustdocInclude,
                    "y.rs:2",
                    "{{ #rustdoc_include y.rs:2 }}"
                ),
                (
                    Kind::Playground,
                    "z.rs editable",
                    "{{#playground z.rs editable}}"
                ),
                (Kind::Escaped, "", "\\{{#include e.rs}}"),
                (Kind::Title, "T", "{{#title T}}"),
            ]
        );
        assert!(directives("{{#include a.rs\n}}", 0..18).is_empty());
        // A long line of openings without a close is read once, not once
        // for each opening.
        let long = "\\{{#include x {{#include y ".repeat(200_000);
        let start = std::time::Instant::now();
        assert!(directives(&long, 0..long.len()).is_empty());
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
        // As in mdBook, an escape runs to the last `}}` of its line.
        let line = "\\{{#include a}} and {{#include b}}";
        let found = directives(line, 0..line.len());
        assert_eq!((found.len(), found[0].range.clone()), (1, 0..line.len()));
    }

    #[test]
    fn anchors_are_marked_anywhere_in_a_line() {
        assert_eq!(anchor_mark("// ANCHOR: here"), Some((true, "here")));
        assert_eq!(anchor_mark("/* ANCHOR_END:all */"), Some((false, "all")));
        assert_eq!(anchor_mark("# ANCHOR: a-b_c"), Some((true, "a-b_c")));
        assert_eq!(anchor_mark("let anchor = 1; // ANCHOR:"), None);
    }

    #[test]
    fn each_form_takes_its_lines_without_anchor_lines() {
        let with = |directive: &str| {
            expanded(&[
                ("articles/a.md", &format!("```\n{directive}\n```\n")),
                ("articles/f.rs", LISTING),
            ])
        };
        let block = |lines: &str| format!("```\n{lines}\n```\n");
        assert_eq!(
            with("{{#include f.rs}}"),
            block("fn main() {\n    println!(\"hi\");\n    let x = 1;\n}")
        );
        assert_eq!(with("{{#include f.rs:5}}"), block("    let x = 1;"));
        assert_eq!(with("{{#include f.rs:5:}}"), block("    let x = 1;\n}"));
        assert_eq!(with("{{#include f.rs::2}}"), block("fn main() {"));
        assert_eq!(
            with("{{#include f.rs:1:3}}"),
            block("fn main() {\n    println!(\"hi\");")
        );
        assert_eq!(
            with("{{#include f.rs:greet}}"),
            block("    println!(\"hi\");")
        );
        assert_eq!(
            with("{{#rustdoc_include f.rs:greet}}"),
            block("# fn main() {\n    println!(\"hi\");\n#     let x = 1;\n# }")
        );
        assert_eq!(
            with("{{#rustdoc_include f.rs:5}}"),
            block("# fn main() {\n#     println!(\"hi\");\n    let x = 1;\n# }")
        );
        assert_eq!(
            with("{{#playground f.rs editable}}"),
            block("```rust,editable\nfn main() {\n    println!(\"hi\");\n    let x = 1;\n}\n```")
        );
        assert_eq!(with("\\{{#include f.rs}}"), block("{{#include f.rs}}"));
        assert_eq!(with("{{#title Another}}"), block(""));
    }

    #[test]
    fn included_lines_keep_the_indent_before_the_directive() {
        let text = expanded(&[
            ("articles/a.md", "- Item:\n\n  > {{#include f.txt}}\n"),
            ("articles/f.txt", "one\r\ntwo\r\n"),
        ]);
        assert_eq!(text, "- Item:\n\n  > one\n  > two\n");
    }

    #[test]
    fn the_map_points_at_the_author_s_files() {
        let dir = project(&[
            (
                "articles/a.md",
                "Intro\n\n{{#include ../parts/p.md}}\n\nAfter [x](y.md)\n",
            ),
            ("parts/p.md", "First\n\nInner [z](w.md)\n"),
        ]);
        let (text, map, read) = expand_article(&dir).unwrap();
        let map = map.unwrap();
        assert_eq!(
            text,
            "Intro\n\nFirst\n\nInner [z](w.md)\n\nAfter [x](y.md)\n"
        );
        let at = |needle: &str| {
            let origin = map.origin(text.find(needle).unwrap());
            let (line, column, _) = locate(origin.text, origin.offset);
            (origin.file.to_path_buf(), line, column, origin.note)
        };
        assert_eq!(at("[x]"), ("articles/a.md".into(), 5, 7, None));
        assert_eq!(
            at("[z]"),
            (
                "parts/p.md".into(),
                3,
                7,
                Some("included from articles/a.md:3:1".into())
            )
        );
        assert_eq!(at("Intro"), ("articles/a.md".into(), 1, 1, None));
        let root = std::fs::canonicalize(dir.path()).unwrap();
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].path, root.join("parts/p.md"));
        assert!(!read[0].changed());
        std::fs::write(root.join("parts/p.md"), "Changed, and longer\n").unwrap();
        assert!(read[0].changed());
    }

    #[test]
    fn text_without_directives_is_returned_as_it_is() {
        let dir = project(&[("articles/a.md", "Some {{ braces }} and {{#unknown x}}\n")]);
        let (text, map, read) = expand_article(&dir).unwrap();
        assert_eq!(text, "Some {{ braces }} and {{#unknown x}}\n");
        assert!(map.is_none() && read.is_empty());
    }

    /// Real books rely on these: a listing that is shorter than the range
    /// written, an anchor whose end was never written.
    #[test]
    fn ranges_and_anchors_are_as_lenient_as_mdbook() {
        let root = project(&[
            (
                "articles/a.md",
                "{{#include f.rs:5:12}}\n\n{{#include g.rs:open}}\n",
            ),
            ("articles/f.rs", LISTING),
            ("articles/g.rs", "before\n// ANCHOR: open\nx\ny\n"),
        ]);
        let path = root.path().join("articles/a.md");
        let mut includes = Includes::new(root.path(), &path);
        let text = std::fs::read_to_string(&path).unwrap();
        let (text, _) = expand(&mut includes, Path::new("articles/a.md"), text, 0).unwrap();
        let tail: Vec<&str> = LISTING.lines().skip(4).collect();
        assert_eq!(text, format!("{}\n\nx\ny\n", tail.join("\n")));
    }

    #[test]
    fn problems_are_errors_at_the_directive() {
        let e = error(&[("articles/a.md", "Text\n\n  {{#include nothing.rs}}\n")]);
        assert!(e.message.contains("no such file"), "{}", e.message);
        assert_eq!((e.location(), e.note), ("articles/a.md:3:3".into(), None));

        let e = error(&[
            ("articles/a.md", "{{#include f.rs:9}}\n"),
            ("articles/f.rs", LISTING),
        ]);
        assert_eq!(
            e.message,
            "line 9 is past the end of `articles/f.rs`, which has 6 lines"
        );

        let e = error(&[
            ("articles/a.md", "{{#include f.rs:gret}}\n"),
            ("articles/f.rs", LISTING),
        ]);
        assert_eq!(e.message, "`articles/f.rs` has no anchor `gret`");
        assert_eq!(e.help.as_deref(), Some("did you mean `greet`?"));

        let e = error(&[
            ("articles/a.md", "{{#include ../parts/one.md}}\n"),
            ("parts/one.md", "x\n{{#include two.md}}\n"),
            ("parts/two.md", "{{#include one.md}}\n"),
        ]);
        assert_eq!(
            e.message,
            "include cycle: `parts/one.md` includes `parts/two.md` includes `parts/one.md`"
        );
        assert_eq!(e.location(), "parts/two.md:1:1");
        assert_eq!(
            e.note.as_deref().map(String::as_str),
            Some("included from parts/one.md:2:1, in turn included from articles/a.md:1:1")
        );

        let e = error(&[("articles/a.md", "{{#include a.md}}\n")]);
        assert!(e
            .message
            .starts_with("include cycle: `articles/a.md` includes `articles/a.md`"));

        let e = error(&[
            ("articles/a.md", "{{#include .git/config}}\n"),
            ("articles/.git/config", "secret"),
        ]);
        assert!(e.message.contains("hidden"), "{}", e.message);

        let e = error(&[("articles/a.md", "{{#include ../..}}\n")]);
        assert!(e.message.contains("outside the project"), "{}", e.message);

        let e = error(&[("articles/a.md", "{{#include f.rs extra}}\n")]);
        assert!(e.message.contains("takes one path"), "{}", e.message);
    }

    #[test]
    fn repeated_includes_cannot_exhaust_memory() {
        let big = "x".repeat(1 << 20);
        let ten = "{{#include big.txt}}\n".repeat(10);
        let e = error(&[
            ("articles/a.md", &"{{#include ten.md}}\n".repeat(10)),
            ("articles/ten.md", &ten),
            ("articles/big.txt", &big),
        ]);
        assert!(e.message.contains("grows past 32 MiB"), "{}", e.message);
    }
}

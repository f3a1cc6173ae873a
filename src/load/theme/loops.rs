//! Templates that would render forever: a template that includes, extends
//! or imports itself (directly or through others), or macros that call
//! themselves. Tera has no limit on such recursion: it runs out of stack
//! and aborts the process, so loops are found when the theme loads.

use std::collections::{BTreeMap, HashMap};

use super::TemplateSource;
use crate::diagnostics::Diagnostic;

/// One error at each loop among `sources`, at the use that closes it.
pub(super) fn find(sources: &HashMap<String, TemplateSource>) -> Vec<Diagnostic> {
    let scans: BTreeMap<&str, Scan> = sources
        .iter()
        .map(|(name, source)| (name.as_str(), scan(&source.text)))
        .collect();
    let mut graph: Graph = BTreeMap::new();
    for (&template, scanned) in &scans {
        for used in &scanned.uses {
            let from = match &used.inside {
                None => Node::Template(template),
                Some(name) => Node::Macro(template, name),
            };
            let to = match &used.target {
                // Tera renders the first of a list that exists.
                Target::Template(how, names) => names
                    .iter()
                    .find(|name| sources.contains_key(*name))
                    .map(|name| (Node::Template(name), *how)),
                Target::Macro { namespace, name } => macro_file(&scans, template, namespace)
                    .map(|file| (Node::Macro(file, name), How::Calls)),
            };
            if let Some((to, how)) = to {
                graph.entry(from).or_default().push(Edge {
                    to,
                    how,
                    offset: used.offset,
                });
            }
        }
    }
    let mut search = Search {
        graph: &graph,
        state: BTreeMap::new(),
        path: Vec::new(),
        loops: Vec::new(),
    };
    for &node in graph.keys() {
        if !search.state.contains_key(&node) {
            search.visit(node);
        }
    }
    search
        .loops
        .into_iter()
        .map(|mut cycle| {
            // Reported in the site's own template when one takes part: the
            // default theme has no loops, so that is where one was made.
            let own = cycle.iter().position(|(from, _)| {
                !sources[from.template()].file.starts_with("(default theme)")
            });
            cycle.rotate_left(own.unwrap_or(0));
            report(&cycle, sources)
        })
        .collect()
}

/// A template, or a macro of a template (the template, the macro's name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Node<'a> {
    Template(&'a str),
    Macro(&'a str, &'a str),
}

impl Node<'_> {
    fn template(&self) -> &str {
        match self {
            Node::Template(name) | Node::Macro(name, _) => name,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    Extends,
    Includes,
    Imports,
    Calls,
}

/// A use of `to`, at byte `offset` of the using template.
#[derive(Debug)]
struct Edge<'a> {
    to: Node<'a>,
    how: How,
    offset: usize,
}

type Graph<'a> = BTreeMap<Node<'a>, Vec<Edge<'a>>>;

/// A depth-first search that records each use leading back to a template
/// or macro still being visited: each closes a loop.
struct Search<'g, 'a> {
    graph: &'g Graph<'a>,
    /// `false` while a node is being visited, `true` once done.
    state: BTreeMap<Node<'a>, bool>,
    /// The uses followed from the search's start to the current node.
    path: Vec<(Node<'a>, &'g Edge<'a>)>,
    /// Each loop as its uses, the closing one first.
    loops: Vec<Vec<(Node<'a>, &'g Edge<'a>)>>,
}

impl<'g, 'a> Search<'g, 'a> {
    fn visit(&mut self, node: Node<'a>) {
        self.state.insert(node, false);
        for edge in self.graph.get(&node).into_iter().flatten() {
            match self.state.get(&edge.to) {
                None => {
                    self.path.push((node, edge));
                    self.visit(edge.to);
                    self.path.pop();
                }
                Some(false) => {
                    let start = self
                        .path
                        .iter()
                        .position(|(from, _)| *from == edge.to)
                        .unwrap_or(self.path.len());
                    let mut cycle = vec![(node, edge)];
                    cycle.extend_from_slice(&self.path[start..]);
                    self.loops.push(cycle);
                }
                Some(true) => {}
            }
        }
        self.state.insert(node, true);
    }
}

/// The error for a loop, at its closing use: "`a.html` includes `b.html`,
/// which includes `a.html`".
fn report(cycle: &[(Node, &Edge)], sources: &HashMap<String, TemplateSource>) -> Diagnostic {
    let (first, closing) = cycle[0];
    let files_differ = cycle
        .iter()
        .any(|(from, _)| from.template() != first.template());
    let name = |node: &Node| match node {
        Node::Template(name) => format!("`{name}`"),
        Node::Macro(file, name) if files_differ => format!("macro `{name}` of `{file}`"),
        Node::Macro(_, name) => format!("macro `{name}`"),
    };
    let verb = |how: How| match how {
        How::Extends => "extends",
        How::Includes => "includes",
        How::Imports => "imports",
        How::Calls => "calls",
    };
    let macros = cycle.iter().any(|(_, edge)| edge.how == How::Calls);
    let message = if cycle.len() == 1 {
        format!(
            "{} {} itself, so rendering it would never end",
            name(&first),
            verb(closing.how)
        )
    } else {
        let mut chain = format!(
            "{} {} {}",
            name(&first),
            verb(closing.how),
            name(&closing.to)
        );
        for (_, edge) in &cycle[1..] {
            chain.push_str(&format!(", which {} {}", verb(edge.how), name(&edge.to)));
        }
        format!("{chain}: rendering would never end")
    };
    let help = if macros {
        "Tera has no limit on recursion and would run out of stack: write out each level instead (for example one loop per level of a menu)"
    } else {
        "a template cannot include, extend or import itself, directly or through other templates"
    };
    let source = &sources[first.template()];
    Diagnostic::error(&source.file, message)
        .at(&source.text, closing.offset)
        .with_help(help)
}

/// What one template uses, and where.
#[derive(Debug, Default)]
struct Scan {
    /// The template it extends.
    parent: Option<String>,
    /// Namespace → template, from `{% import "x.html" as namespace %}`.
    imports: Vec<(String, String)>,
    uses: Vec<Use>,
}

#[derive(Debug)]
struct Use {
    /// The macro the use is in, `None` outside macros.
    inside: Option<String>,
    target: Target,
    offset: usize,
}

#[derive(Debug)]
enum Target {
    /// The templates named (an include may list several).
    Template(How, Vec<String>),
    Macro {
        namespace: String,
        name: String,
    },
}

/// The template defining the macros of `namespace` as used in `template`:
/// its own for `self`, else its imports, then those of the templates it
/// extends (as Tera resolves them).
fn macro_file<'a>(
    scans: &BTreeMap<&'a str, Scan>,
    template: &'a str,
    namespace: &str,
) -> Option<&'a str> {
    if namespace == "self" {
        return Some(template);
    }
    let mut current = template;
    // Each template once: an extends loop is reported on its own.
    for _ in 0..scans.len() {
        let scanned = scans.get(current)?;
        if let Some((_, file)) = scanned.imports.iter().find(|(ns, _)| ns == namespace) {
            return scans.get_key_value(file.as_str()).map(|(name, _)| *name);
        }
        current = scans.get_key_value(scanned.parent.as_deref()?)?.0;
    }
    None
}

/// The extends, includes, imports and macro calls of a template that Tera
/// has parsed.
fn scan(text: &str) -> Scan {
    let mut scanned = Scan::default();
    let mut inside: Option<String> = None;
    for tag in tags(text) {
        let (keyword, rest) = tag
            .inner
            .split_once(char::is_whitespace)
            .unwrap_or((tag.inner, ""));
        let use_template = |how, names: Vec<String>| Use {
            inside: inside.clone(),
            target: Target::Template(how, names),
            offset: tag.offset,
        };
        if tag.statement {
            match keyword {
                "extends" => {
                    scanned.parent = strings(rest).next().map(str::to_string);
                    let names = scanned.parent.iter().cloned().collect();
                    scanned.uses.push(use_template(How::Extends, names));
                }
                "include" => {
                    let names = strings(rest).map(str::to_string).collect();
                    scanned.uses.push(use_template(How::Includes, names));
                }
                "import" => {
                    let file = strings(rest).next().unwrap_or_default().to_string();
                    let namespace = rest.rsplit(char::is_whitespace).next().unwrap_or_default();
                    scanned.imports.push((namespace.to_string(), file.clone()));
                    scanned.uses.push(use_template(How::Imports, vec![file]));
                }
                "macro" => {
                    let name = rest.split('(').next().unwrap_or_default().trim();
                    inside = Some(name.to_string());
                    // Default arguments are literals: no calls to find.
                    continue;
                }
                "endmacro" => inside = None,
                _ => {}
            }
        }
        for (at, namespace, name) in calls(tag.inner) {
            scanned.uses.push(Use {
                inside: inside.clone(),
                target: Target::Macro {
                    namespace: namespace.to_string(),
                    name: name.to_string(),
                },
                offset: tag.inner_offset + at,
            });
        }
    }
    scanned
}

/// A `{% statement %}` or `{{ expression }}` of a template.
#[derive(Debug, PartialEq)]
struct Tag<'t> {
    /// Where the tag starts.
    offset: usize,
    /// Its text inside the delimiters and whitespace control.
    inner: &'t str,
    inner_offset: usize,
    statement: bool,
}

/// The tags of a template, leaving out comments and `{% raw %}` blocks.
fn tags(text: &str) -> Vec<Tag<'_>> {
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some(found) = text[at..].find('{') {
        let start = at + found;
        let close = match text.as_bytes().get(start + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => {
                at = text[start..]
                    .find("#}")
                    .map_or(text.len(), |end| start + end + 2);
                continue;
            }
            _ => {
                at = start + 1;
                continue;
            }
        };
        let Some(end) = closing(text, start + 2, close) else {
            break;
        };
        let body = &text[start + 2..end];
        let inner = body.trim_start_matches('-').trim_start();
        let inner_offset = start + 2 + body.len() - inner.len();
        let inner = inner.trim_end().trim_end_matches('-').trim_end();
        at = end + 2;
        let statement = close == "%}";
        if statement && inner == "raw" {
            at = end_of_raw(text, at);
            continue;
        }
        tags.push(Tag {
            offset: start,
            inner,
            inner_offset,
            statement,
        });
    }
    tags
}

/// Where `close` ends the tag whose inside starts at `from`, skipping
/// string literals (which may hold `}}` or `%}`).
fn closing(text: &str, from: usize, close: &str) -> Option<usize> {
    let mut at = from;
    while at < text.len() {
        let rest = &text[at..];
        if rest.starts_with(close) {
            return Some(at);
        }
        let c = rest.chars().next()?;
        at += c.len_utf8();
        if matches!(c, '"' | '\'' | '`') {
            at += text[at..].find(c)? + 1;
        }
    }
    None
}

/// Just after the `{% endraw %}` closing a raw block that starts at `from`.
fn end_of_raw(text: &str, from: usize) -> usize {
    let mut at = from;
    while let Some(found) = text[at..].find("{%") {
        let start = at + found;
        let inner = text[start + 2..].trim_start_matches('-').trim_start();
        if let Some(rest) = inner.strip_prefix("endraw") {
            if let Some(end) = rest.find("%}") {
                return text.len() - rest.len() + end + 2;
            }
        }
        at = start + 2;
    }
    text.len()
}

/// The string literals of a tag's inside.
fn strings(inner: &str) -> impl Iterator<Item = &str> {
    let mut rest = inner;
    std::iter::from_fn(move || {
        let start = rest.find(['"', '\'', '`'])?;
        let quote = rest[start..].chars().next()?;
        let body = &rest[start + 1..];
        let end = body.find(quote)?;
        rest = &body[end + 1..];
        Some(&body[..end])
    })
}

/// The macro calls `namespace::name(` of a tag's inside, outside string
/// literals: (offset of the namespace, namespace, name).
fn calls(inner: &str) -> Vec<(usize, &str, &str)> {
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut found = Vec::new();
    let mut at = 0;
    while at < inner.len() {
        let rest = &inner[at..];
        let c = rest.chars().next().unwrap_or(' ');
        if matches!(c, '"' | '\'' | '`') {
            at += 1 + rest[1..].find(c).map_or(rest.len() - 1, |end| end + 1);
            continue;
        }
        if !rest.starts_with("::") {
            at += c.len_utf8();
            continue;
        }
        let before = inner[..at].trim_end();
        let namespace_start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_name(*c))
            .last()
            .map(|(i, _)| i);
        let after = inner[at + 2..].trim_start();
        let name_length = after.find(|c: char| !is_name(c)).unwrap_or(after.len());
        let (name, tail) = after.split_at(name_length);
        if let Some(start) = namespace_start {
            let namespace = &before[start..];
            let starts_well = namespace.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
            if starts_well && !name.is_empty() && tail.trim_start().starts_with('(') {
                found.push((start, namespace, name));
            }
        }
        at += 2;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_skip_comments_raw_blocks_and_strings() {
        let text = "a {# {% include \"x\" %} #} {{- \"}}\" ~ m::f() -}} {% raw %}{{ '' }}{% include \"y\" %}{% endraw %}{%- include \"z\" %}";
        let found: Vec<(&str, bool)> = tags(text).iter().map(|t| (t.inner, t.statement)).collect();
        assert_eq!(found, [("\"}}\" ~ m::f()", false), ("include \"z\"", true)]);
        let call = &tags(text)[0];
        assert_eq!(&text[call.inner_offset..call.inner_offset + 1], "\"");
    }

    #[test]
    fn calls_are_found_outside_strings() {
        assert_eq!(
            calls("a::b(x=1) ~ \"c::d()\" ~ self :: e (y=f::g)"),
            [(0, "a", "b"), (23, "self", "e")]
        );
    }
}

//! YAML front matter (the `---` block Jekyll, Hugo, Docusaurus, Eleventy
//! and Obsidian write), read into the same spanned table the TOML parser
//! gives, so both formats share one typed path and one set of diagnostics.
//!
//! Plain scalars are resolved as those tools read them: YAML 1.2's core
//! schema (`true`/`false`, numbers, `null`, `~`) plus YAML 1.1 timestamps
//! (`2024-03-01`, `2024-03-01 10:00:00 +0000`, `2024-03-01T10:00:00Z`).
//! `yes`/`no`/`on`/`off` stay text, as in YAML 1.2.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle};
use toml::de::{DeArray, DeTable, DeValue};
use toml::value::{Date as TomlDate, Datetime, Offset, Time};
use toml::Spanned;

/// A problem with the YAML itself, at a byte offset in the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) message: String,
    pub(crate) offset: usize,
    pub(crate) help: Option<String>,
}

impl Problem {
    fn new(message: impl Into<String>, offset: usize) -> Problem {
        Problem {
            message: message.into(),
            offset,
            help: None,
        }
    }
}

/// A YAML value with the byte range it was written at.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub(crate) span: Range<usize>,
    pub(crate) value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    /// A whole number, written as TOML writes it (`-12`).
    Integer(String),
    /// A number with a fraction, written as TOML writes it (`1.5`, `inf`).
    Float(String),
    Date(Datetime),
    Text(String),
    List(Vec<Node>),
    /// Keys with where they were written, in order.
    Map(Vec<(Spanned<String>, Node)>),
}

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 64;
/// Values an alias may expand to, in all; guards against alias bombs.
const MAX_NODES: usize = 100_000;

/// Parses the YAML `text` (one document) into a tree of spanned values; an
/// empty document is `Null`.
pub(crate) fn parse(text: &str) -> Result<Node, Problem> {
    // saphyr counts characters; diagnostics need bytes.
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let byte = |chars: usize| bytes.get(chars).copied().unwrap_or(text.len());
    let mut events = Vec::new();
    for event in Parser::new_from_str(text) {
        match event {
            Ok((event, span)) => {
                events.push((event, byte(span.start.index())..byte(span.end.index())))
            }
            Err(e) => {
                let offset = byte(e.marker().index());
                let mut problem =
                    Problem::new(format!("the YAML does not parse: {}", e.info()), offset);
                if e.info().contains("mapping values are not allowed") {
                    problem.help = Some(
                        "put text holding `: ` in quotes: `title: \"Squats: a guide\"`".into(),
                    );
                } else if e.info().contains("tab") {
                    problem.help = Some("indent YAML with spaces, not tabs".into());
                }
                return Err(problem);
            }
        }
    }
    let mut builder = Builder {
        events,
        at: 0,
        anchors: HashMap::new(),
        nodes: 0,
        end: text.len(),
    };
    builder.document()
}

struct Builder<'a> {
    events: Vec<(Event<'a>, Range<usize>)>,
    at: usize,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    end: usize,
}

impl Builder<'_> {
    fn document(&mut self) -> Result<Node, Problem> {
        let empty = Node {
            span: 0..0,
            value: Value::Null,
        };
        while let Some((event, _)) = self.events.get(self.at) {
            match event {
                Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => self.at += 1,
                Event::StreamEnd | Event::DocumentEnd => return Ok(empty),
                _ => {
                    let node = self.node(0)?;
                    if let Some((Event::DocumentStart(_), range)) = self.events.get(self.at) {
                        return Err(Problem::new(
                            "front matter holds a second YAML document",
                            range.start,
                        )
                        .with_help("close the front matter with a `---` line after its last key"));
                    }
                    return Ok(node);
                }
            }
        }
        Ok(empty)
    }

    fn count(&mut self, offset: usize) -> Result<(), Problem> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(Problem::new(
                "the YAML expands to too many values (through aliases)",
                offset,
            ));
        }
        Ok(())
    }

    fn node(&mut self, depth: usize) -> Result<Node, Problem> {
        let Some((event, range)) = self.events.get(self.at).cloned() else {
            return Err(Problem::new("the YAML ends too early", self.end));
        };
        self.at += 1;
        if depth > MAX_DEPTH {
            return Err(Problem::new("the YAML is nested too deeply", range.start));
        }
        self.count(range.start)?;
        let (node, anchor) = match event {
            Event::Scalar(text, style, anchor, tag) => {
                let tag = tag.map(|t| t.suffix.clone());
                let value = scalar(&text, style, tag.as_deref());
                (Node { span: range, value }, anchor)
            }
            Event::Alias(id) => {
                let Some(size) = self.anchors.get(&id).map(weight) else {
                    return Err(Problem::new("this alias names no anchor", range.start));
                };
                // Counted before it is copied.
                self.nodes += size;
                self.count(range.start)?;
                let node = self.anchors[&id].clone();
                // Points at the alias, so a problem with it is shown there.
                return Ok(Node {
                    span: range,
                    value: node.value,
                });
            }
            Event::SequenceStart(anchor, _) => {
                let mut items = Vec::new();
                loop {
                    match self.events.get(self.at) {
                        Some((Event::SequenceEnd, end)) => {
                            let end = end.end;
                            self.at += 1;
                            let span = range.start..end.max(range.end);
                            break (
                                Node {
                                    span,
                                    value: Value::List(items),
                                },
                                anchor,
                            );
                        }
                        Some(_) => items.push(self.node(depth + 1)?),
                        None => return Err(Problem::new("the YAML ends too early", self.end)),
                    }
                }
            }
            Event::MappingStart(anchor, _) => {
                let mut entries: Vec<(Spanned<String>, Node)> = Vec::new();
                let mut start = None;
                loop {
                    match self.events.get(self.at) {
                        Some((Event::MappingEnd, end)) => {
                            let end = end.end;
                            self.at += 1;
                            let start = start.unwrap_or(range.start);
                            break (
                                Node {
                                    span: start..end.max(start),
                                    value: Value::Map(entries),
                                },
                                anchor,
                            );
                        }
                        Some(_) => {
                            let key = self.node(depth + 1)?;
                            let name = match key.value {
                                Value::Text(s) | Value::Integer(s) | Value::Float(s) => s,
                                Value::Bool(b) => b.to_string(),
                                Value::Date(d) => d.to_string(),
                                Value::Null => String::new(),
                                Value::List(_) | Value::Map(_) => {
                                    return Err(Problem::new(
                                        "a front matter key must be text",
                                        key.span.start,
                                    ))
                                }
                            };
                            if entries.iter().any(|(k, _)| *k.get_ref() == name) {
                                return Err(Problem::new(
                                    format!("`{name}` is given twice"),
                                    key.span.start,
                                )
                                .with_help(format!("keep one of the two `{name}` keys")));
                            }
                            start.get_or_insert(key.span.start);
                            let value = self.node(depth + 1)?;
                            entries.push((Spanned::new(key.span, name), value));
                        }
                        None => return Err(Problem::new("the YAML ends too early", self.end)),
                    }
                }
            }
            _ => return Err(Problem::new("unexpected YAML", range.start)),
        };
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }
}

impl Problem {
    fn with_help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }
}

/// How many values a node holds, itself included.
fn weight(node: &Node) -> usize {
    1 + match &node.value {
        Value::List(items) => items.iter().map(weight).sum(),
        Value::Map(entries) => entries.iter().map(|(_, v)| weight(v)).sum(),
        _ => 0,
    }
}

/// What a scalar means: quoted and block scalars are text; a plain one is
/// resolved by its form, unless a `!!str`-style tag says what it is.
fn scalar(text: &str, style: ScalarStyle, tag: Option<&str>) -> Value {
    if style != ScalarStyle::Plain || tag == Some("str") {
        return Value::Text(text.to_string());
    }
    resolve(text)
}

fn resolve(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float("inf".into())
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float("-inf".into()),
        ".nan" | ".NaN" | ".NAN" => return Value::Float("nan".into()),
        _ => {}
    }
    if let Some(n) = integer(text) {
        return Value::Integer(n.to_string());
    }
    if is_float(text) {
        if let Ok(f) = text.parse::<f64>() {
            if f.is_finite() {
                return Value::Float(format!("{f:?}"));
            }
        }
    }
    if let Some(date) = timestamp(text) {
        return Value::Date(date);
    }
    Value::Text(text.to_string())
}

/// `12`, `-3`, `+7`, `0o17`, `0x1F`, as the core schema reads them.
fn integer(text: &str) -> Option<i64> {
    let digits = |s: &str, radix: u32| {
        (!s.is_empty() && s.chars().all(|c| c.is_digit(radix)))
            .then(|| i64::from_str_radix(s, radix).ok())
            .flatten()
    };
    if let Some(hex) = text.strip_prefix("0x") {
        return digits(hex, 16);
    }
    if let Some(octal) = text.strip_prefix("0o") {
        return digits(octal, 8);
    }
    let (sign, rest) = match text.as_bytes().first() {
        Some(b'-') => (-1, &text[1..]),
        Some(b'+') => (1, &text[1..]),
        _ => (1, text),
    };
    digits(rest, 10).map(|n| sign * n)
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_float(text: &str) -> bool {
    let rest = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match fraction {
        Some(f) => all_digits(whole) && all_digits(f) && !(whole.is_empty() && f.is_empty()),
        None => !whole.is_empty() && all_digits(whole),
    } && !(whole.is_empty() && fraction.is_some_and(str::is_empty));
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && all_digits(e)
    });
    mantissa_ok && exponent_ok
}

/// A YAML timestamp: `2024-03-01`, or a date and time separated by `T`,
/// `t` or spaces, with optional fraction and offset (`Z`, `+02`,
/// `-05:30`, `+0000`, with or without a space before it). Times without
/// an offset are UTC. `None` for text of another form or an impossible date.
pub(crate) fn timestamp(text: &str) -> Option<Datetime> {
    let text = text.trim();
    let b = text.as_bytes();
    let number = |s: &str, min: usize, max: usize| -> Option<u32> {
        (s.len() >= min && s.len() <= max && s.bytes().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    if b.len() < 8 || b.get(4) != Some(&b'-') {
        return None;
    }
    // The date runs to the first `T`, `t` or space.
    let date_end = text.find(['T', 't', ' ', '\t']).unwrap_or(text.len());
    let mut parts = text[..date_end].split('-');
    let year = number(parts.next()?, 4, 4)?;
    let month = number(parts.next()?, 1, 2)?;
    let day = number(parts.next()?, 1, 2)?;
    if parts.next().is_some() {
        return None;
    }
    let date = TomlDate {
        year: u16::try_from(year).ok()?,
        month: u8::try_from(month).ok()?,
        day: u8::try_from(day).ok()?,
    };
    if !valid_day(year, month, day) {
        return None;
    }
    let rest = text[date_end..].trim_start_matches(['T', 't']).trim_start();
    if rest.is_empty() {
        return Some(Datetime {
            date: Some(date),
            time: None,
            offset: None,
        });
    }
    // hh:mm:ss[.fraction], then the offset.
    let time_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(rest.len());
    let (clock, zone) = rest.split_at(time_end);
    let (clock, fraction) = clock.split_once('.').unwrap_or((clock, ""));
    let mut fields = clock.split(':');
    let hour = number(fields.next()?, 1, 2)?;
    let minute = number(fields.next()?, 2, 2)?;
    let second = number(fields.next()?, 2, 2)?;
    if fields.next().is_some() || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    if !fraction.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let nanosecond = if fraction.is_empty() {
        0
    } else {
        let nine: String = fraction
            .chars()
            .chain(std::iter::repeat('0'))
            .take(9)
            .collect();
        nine.parse().ok()?
    };
    let zone = zone.trim_start();
    let offset = match zone {
        "" => None,
        "Z" | "z" => Some(Offset::Z),
        _ => {
            let sign = match zone.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let zone = &zone[1..];
            let (hours, minutes) = match zone.split_once(':') {
                Some((h, m)) => (number(h, 1, 2)?, number(m, 2, 2)?),
                None if zone.len() == 4 => (number(&zone[..2], 2, 2)?, number(&zone[2..], 2, 2)?),
                None => (number(zone, 1, 2)?, 0),
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            let minutes = i16::try_from(hours * 60 + minutes).ok()? * sign;
            Some(Offset::Custom { minutes })
        }
    };
    Some(Datetime {
        date: Some(date),
        time: Some(Time {
            hour: hour as u8,
            minute: minute as u8,
            second: second as u8,
            nanosecond,
        }),
        offset: Some(offset.unwrap_or(Offset::Z)),
    })
}

fn valid_day(year: u32, month: u32, day: u32) -> bool {
    let (Ok(year), Ok(month), Ok(day)) =
        (i16::try_from(year), i8::try_from(month), i8::try_from(day))
    else {
        return false;
    };
    jiff::civil::Date::new(year, month, day).is_ok()
}

impl Node {
    /// The tree as the table the TOML parser gives, borrowing from `self`.
    /// `Null` values are left out, as if the key were not written.
    pub(crate) fn to_table(&self) -> Result<Spanned<DeTable<'_>>, Problem> {
        match &self.value {
            Value::Null => Ok(Spanned::new(self.span.clone(), DeTable::new())),
            Value::Map(_) => {
                let value = self.to_value().expect("a map is a value");
                let span = value.span();
                let DeValue::Table(table) = value.into_inner() else {
                    unreachable!("a map is a table")
                };
                Ok(Spanned::new(span, table))
            }
            _ => Err(Problem::new(
                "front matter must be `key: value` lines",
                self.span.start,
            )),
        }
    }

    /// The value, or `None` for `Null`.
    fn to_value(&self) -> Option<Spanned<DeValue<'_>>> {
        let value = match &self.value {
            Value::Null => return None,
            Value::Bool(b) => DeValue::Boolean(*b),
            Value::Integer(text) | Value::Float(text) => DeValue::parse(text).ok()?.into_inner(),
            Value::Date(d) => DeValue::Datetime(*d),
            Value::Text(s) => DeValue::String(Cow::Borrowed(s)),
            Value::List(items) => {
                let mut array = DeArray::new();
                for item in items.iter().filter_map(Node::to_value) {
                    array.push(item);
                }
                DeValue::Array(array)
            }
            Value::Map(entries) => {
                let mut table = DeTable::new();
                for (key, value) in entries {
                    if let Some(value) = value.to_value() {
                        table.insert(
                            Spanned::new(key.span(), Cow::Borrowed(key.get_ref().as_str())),
                            value,
                        );
                    }
                }
                DeValue::Table(table)
            }
        };
        Some(Spanned::new(self.span.clone(), value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(text: &str) -> Vec<(String, Node)> {
        match parse(text).unwrap().value {
            Value::Map(entries) => entries
                .into_iter()
                .map(|(k, v)| (k.into_inner(), v))
                .collect(),
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn plain_scalars_resolve_like_the_tools_do() {
        let entries = map(
            "a: true\nb: 12\nc: 1.5\nd: 2024-03-01\ne: yes\nf: \"12\"\ng: ~\nh: 0x1F\ni: !!str 2024-03-01\nj: hello world\n",
        );
        let values: Vec<&Value> = entries.iter().map(|(_, v)| &v.value).collect();
        assert_eq!(values[0], &Value::Bool(true));
        assert_eq!(values[1], &Value::Integer("12".into()));
        assert_eq!(values[2], &Value::Float("1.5".into()));
        assert!(matches!(values[3], Value::Date(_)));
        assert_eq!(values[4], &Value::Text("yes".into()));
        assert_eq!(values[5], &Value::Text("12".into()));
        assert_eq!(values[6], &Value::Null);
        assert_eq!(values[7], &Value::Integer("31".into()));
        assert_eq!(values[8], &Value::Text("2024-03-01".into()));
        assert_eq!(values[9], &Value::Text("hello world".into()));
    }

    #[test]
    fn spans_are_bytes_of_keys_and_values() {
        let text = "title: \"Héllo\"\ntags:\n  - ünï\n  - b\n";
        let entries = match parse(text).unwrap().value {
            Value::Map(entries) => entries,
            _ => unreachable!(),
        };
        let (key, value) = &entries[1];
        assert_eq!(&text[key.span()], "tags");
        let Value::List(items) = &value.value else {
            panic!()
        };
        assert_eq!(&text[items[0].span.clone()], "ünï");
        assert_eq!(&text[items[1].span.clone()], "b");
        assert_eq!(&text[entries[0].1.span.clone()], "\"Héllo\"");
    }

    #[test]
    fn timestamps_in_every_form_the_tools_write() {
        let iso = |text: &str| timestamp(text).map(|d| d.to_string());
        assert_eq!(iso("2024-03-01").as_deref(), Some("2024-03-01"));
        assert_eq!(
            iso("2024-03-01 10:00:00 +0000").as_deref(),
            Some("2024-03-01T10:00:00+00:00")
        );
        assert_eq!(
            iso("2024-03-01T10:00:00Z").as_deref(),
            Some("2024-03-01T10:00:00Z")
        );
        assert_eq!(
            iso("2024-3-1 9:05:00.5-05:30").as_deref(),
            Some("2024-03-01T09:05:00.5-05:30")
        );
        assert_eq!(
            iso("2024-03-01 10:00:00").as_deref(),
            Some("2024-03-01T10:00:00Z")
        );
        for wrong in [
            "2024-02-30",
            "2024-13-01",
            "yesterday",
            "2024-03-01 noon",
            "1234",
        ] {
            assert_eq!(iso(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn syntax_errors_have_a_byte_offset() {
        let e = parse("title: ok\ndesc: Squats: a guide\n").unwrap_err();
        assert!(e.message.contains("does not parse"), "{}", e.message);
        assert_eq!(e.offset, "title: ok\ndesc: Squats".len());
        assert!(e.help.unwrap().contains("quotes"));
    }

    #[test]
    fn duplicate_keys_are_refused_at_the_second() {
        let text = "title: a\ntitle: b\n";
        let e = parse(text).unwrap_err();
        assert_eq!(e.message, "`title` is given twice");
        assert_eq!(e.offset, 9);
    }

    #[test]
    fn aliases_copy_their_anchor_and_bombs_are_refused() {
        let entries = map("a: &x [1, 2]\nb: *x\n");
        assert_eq!(entries[0].1.value, entries[1].1.value);
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g"])
        {
            bomb.push_str(&format!(
                "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        assert!(parse(&bomb).unwrap_err().message.contains("too many"));
    }

    #[test]
    fn converts_to_the_toml_table() {
        let node = parse("title: T\nweight: 3\nempty:\ntags: [a, b]\n").unwrap();
        let table = node.to_table().unwrap();
        let table = table.get_ref();
        assert_eq!(table.get("title").unwrap().get_ref().as_str(), Some("T"));
        assert!(table.get("weight").unwrap().get_ref().is_integer());
        assert!(table.get("empty").is_none());
        assert_eq!(
            table
                .get("tags")
                .unwrap()
                .get_ref()
                .as_array()
                .unwrap()
                .len(),
            2
        );
    }
}

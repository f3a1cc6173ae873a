//! Dates of the last commit of each article, when the site is kept in git,
//! so "Last updated" needs no front matter.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use super::Date;

/// Path inside `articles/` → date of the last commit that touched it.
/// Empty when `root` is not in a git work tree or git is missing.
pub(crate) fn last_commit_dates(root: &Path) -> HashMap<String, Date> {
    // `-z` ends every name with NUL and never quotes it, whatever its letters.
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "log",
            "-z",
            "--format=%cs",
            "--name-only",
            "--relative",
            "--no-renames",
            "--",
            "articles",
        ])
        .output();
    match output {
        Ok(output) if output.status.success() => {
            parse_log(&String::from_utf8_lossy(&output.stdout))
        }
        _ => HashMap::new(),
    }
}

/// Reads `git log -z --format=%cs --name-only`: each commit's date, then the
/// names it touched, every field ended by NUL (names after the first follow
/// a newline). Newest first, so the first date seen for a file is its last
/// commit's.
fn parse_log(log: &str) -> HashMap<String, Date> {
    let mut dates = HashMap::new();
    let mut date = None;
    for field in log.split('\0').map(|f| f.trim_start_matches('\n')) {
        match field.strip_prefix("articles/") {
            Some(source) => {
                if let Some(date) = date {
                    dates.entry(source.to_string()).or_insert(date);
                }
            }
            None if !field.is_empty() => date = Date::parse(field).ok(),
            None => {}
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_with_any_letters_and_keeps_the_newest_date() {
        let log = "2026-11-20\0\narticles/b.md\0articles/\u{fc}bungen.md\0articles/a \"q\".md\0\
                   2026-10-01\0\narticles/b.md\0articles/old.md\0";
        let dates = parse_log(log);
        let day = |name: &str| dates.get(name).map(Date::iso);
        assert_eq!(day("b.md").as_deref(), Some("2026-11-20"));
        assert_eq!(day("\u{fc}bungen.md").as_deref(), Some("2026-11-20"));
        assert_eq!(day("a \"q\".md").as_deref(), Some("2026-11-20"));
        assert_eq!(day("old.md").as_deref(), Some("2026-10-01"));
    }
}

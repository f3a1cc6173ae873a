//! Dates of the last commit of each article, when the site is kept in git,
//! so "Last updated" needs no front matter.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use super::Date;

/// Path inside the articles' folder `content` → date of the last commit
/// that touched it. Empty when `root` is not in a git work tree or git is
/// missing.
pub(crate) fn last_commit_dates(root: &Path, content: &str) -> HashMap<String, Date> {
    // `-z` ends every name with NUL and never quotes it, whatever its letters.
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "log",
            "-z",
            "--format=%x01%cs",
            "--name-only",
            "--relative",
            "--no-renames",
            "--",
            content,
        ])
        .output();
    match output {
        Ok(output) if output.status.success() => {
            parse_log(&String::from_utf8_lossy(&output.stdout), content)
        }
        _ => HashMap::new(),
    }
}

/// Reads `git log -z --format=%x01%cs --name-only`: each commit's date
/// (marked by U+0001, which no file name has), then the names it touched,
/// every field ended by NUL (the first name follows a newline). Newest first, so the first date seen for a file is its last
/// commit's. Names are relative to the site's folder; those inside
/// `content` are kept, relative to it.
fn parse_log(log: &str, content: &str) -> HashMap<String, Date> {
    let prefix = match content {
        "." => String::new(),
        dir => format!("{}/", dir.trim_end_matches('/')),
    };
    let mut dates = HashMap::new();
    let mut date = None;
    for field in log.split('\0').map(|f| f.trim_start_matches('\n')) {
        if let Some(day) = field.strip_prefix('\u{1}') {
            date = Date::parse(day).ok();
        } else if let (Some(source), Some(date)) = (field.strip_prefix(prefix.as_str()), date) {
            if !source.is_empty() {
                dates.entry(source.to_string()).or_insert(date);
            }
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_with_any_letters_and_keeps_the_newest_date() {
        let log =
            "\u{1}2026-11-20\0\narticles/b.md\0articles/\u{fc}bungen.md\0articles/a \"q\".md\0\
                   \u{1}2026-10-01\0\narticles/b.md\0articles/old.md\0other/x.md\0";
        let dates = parse_log(log, "articles");
        let day = |name: &str| dates.get(name).map(Date::iso);
        assert_eq!(day("b.md").as_deref(), Some("2026-11-20"));
        assert_eq!(day("\u{fc}bungen.md").as_deref(), Some("2026-11-20"));
        assert_eq!(day("a \"q\".md").as_deref(), Some("2026-11-20"));
        assert_eq!(day("old.md").as_deref(), Some("2026-10-01"));
        assert_eq!(day("x.md"), None);
        // A wiki's pages are the site's folder itself.
        let dates = parse_log(
            "\u{1}2026-11-20\0\nHome.md\0\u{1}2026-01-02\0\n2026-11-20\0",
            ".",
        );
        assert_eq!(
            dates.get("Home.md").map(Date::iso).as_deref(),
            Some("2026-11-20")
        );
        assert_eq!(
            dates.get("2026-11-20").map(Date::iso).as_deref(),
            Some("2026-01-02")
        );
    }
}

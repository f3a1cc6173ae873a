//! Any string through the URL sanitizer: what comes out never runs a
//! script, however a browser strips it before reading the scheme.
#![no_main]

use lectern::fuzzing::sanitize_url;
use libfuzzer_sys::fuzz_target;

/// The URL as a browser reads it: leading and trailing C0 controls and
/// spaces dropped, tabs and newlines dropped anywhere, scheme lowercased.
fn as_browser_reads(url: &str) -> String {
    url.trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase()
}

fuzz_target!(|url: &str| {
    let safe = sanitize_url(url);
    let read = as_browser_reads(&safe);
    assert!(!read.starts_with("javascript:"), "{url:?} → {safe:?}");
    assert!(!read.starts_with("vbscript:"), "{url:?} → {safe:?}");
    if let Some(data) = read.strip_prefix("data:") {
        let media_type = data.split([',', ';']).next().unwrap_or("").trim();
        assert!(
            media_type.starts_with("image/") && !media_type.contains("svg"),
            "{url:?} → {safe:?}"
        );
    }
    assert!(!safe.contains(|c: char| c.is_ascii_control()), "{url:?} → {safe:?}");
    // Sanitizing is idempotent: a safe URL is kept as it is.
    assert_eq!(sanitize_url(&safe), safe);
});

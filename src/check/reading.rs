//! Reading level per article: its grade by the formula of the site's
//! language, a warning above `max_reading_grade` that names the hardest
//! sentences, and the figures of `lectern check --report`.

use super::prose::{self, Sentence};
use super::readability::{Counts, Formula};
use crate::diagnostics::{locate, Diagnostic};
use crate::load::Article;

/// How hard an article is to read.
#[derive(Debug, Clone)]
pub(crate) struct Reading {
    pub(crate) formula: Formula,
    /// `None` for an article without prose.
    pub(crate) grade: Option<f64>,
    /// Each sentence with its own grade, hardest first.
    pub(crate) hardest: Vec<(f64, Sentence)>,
    /// The longest sentence: its words and where it starts.
    pub(crate) longest: Option<(usize, usize)>,
}

/// The reading level of `article` in `language` (a primary subtag), if
/// lectern has a formula for it.
pub(crate) fn measure(article: &Article, language: &str) -> Option<Reading> {
    let formula = Formula::for_language(language)?;
    let mut counts = Counts::default();
    let mut hardest = Vec::new();
    let mut longest: Option<(usize, usize)> = None;
    for sentence in prose::sentences(article) {
        let own = Counts::of_sentence(&sentence.text, language);
        if own.words == 0 {
            continue;
        }
        counts.add(own);
        if longest.is_none_or(|(words, _)| own.words > words) {
            longest = Some((own.words, sentence.offset));
        }
        if let Some(grade) = formula.grade(own) {
            hardest.push((grade, sentence));
        }
    }
    // Hardest first, of equal grades the earlier; a sentence of a few words
    // ("Rest well.") has a grade, but is not where the text is hard.
    let short = |s: &Sentence| Counts::of_sentence(&s.text, language).words < SHORT;
    hardest.sort_by(|a, b| {
        (short(&a.1).cmp(&short(&b.1)))
            .then(b.0.total_cmp(&a.0))
            .then(a.1.offset.cmp(&b.1.offset))
    });
    Some(Reading {
        formula,
        grade: formula.grade(counts),
        hardest,
        longest,
    })
}

/// Sentences of fewer words come after all others among the hardest.
const SHORT: usize = 6;

/// How many of the hardest sentences a warning names.
const NAMED: usize = 3;

/// A warning when `article` reads above its target: `max_reading_grade`
/// in its front matter, else the site's.
pub(super) fn check(
    article: &Article,
    language: &str,
    site_max: Option<f64>,
) -> Option<Diagnostic> {
    let (max, from) = match (article.front.max_reading_grade, site_max) {
        (Some(max), _) => (max, "in its front matter"),
        (None, Some(max)) => (max, "in site.toml"),
        (None, None) => return None,
    };
    let reading = measure(article, language)?;
    let grade = reading.grade?;
    if grade <= max {
        return None;
    }
    let (_, first) = reading.hardest.first()?;
    let named: Vec<String> = (reading.hardest.iter().take(NAMED))
        .map(|(grade, sentence)| {
            let line = article.locate(sentence.offset);
            let (line, _, _) = locate(line.text, line.offset);
            format!(
                "line {line} (grade {grade:.1}): “{}”",
                quote(&sentence.text)
            )
        })
        .collect();
    Some(
        Diagnostic::warning(
            &article.file,
            format!(
                "reads at grade {grade:.1} ({}), above the target of {max} set {from}",
                reading.formula.name()
            ),
        )
        .at_origin(article.locate(first.offset))
        .with_help(format!(
            "shorter sentences and shorter words lower the grade; start with the hardest sentences: {}",
            named.join("; ")
        )),
    )
}

/// The start of a long sentence, enough to find it.
fn quote(sentence: &str) -> String {
    const MAX: usize = 80;
    match sentence.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", sentence[..cut].trim_end()),
        None => sentence.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(front: &str, body: &str) -> Article {
        let text = format!("+++\ntitle = \"T\"\n{front}+++\n{body}");
        Article::parse("articles/a.md".into(), "a.md".into(), text).unwrap()
    }

    const DENSE: &str = "Plain words help.\n\n\
        Musculoskeletal considerations notwithstanding, intervertebral degeneration \
        characteristically necessitates individualized rehabilitation methodologies.\n\n\
        Rest a day.\n";

    #[test]
    fn a_dense_article_warns_at_its_hardest_sentence() {
        let warning = check(&article("", DENSE), "en", Some(8.0)).unwrap();
        assert_eq!(warning.location(), "articles/a.md:6:1");
        assert!(
            warning.message.starts_with("reads at grade "),
            "{}",
            warning.message
        );
        assert!(warning
            .message
            .ends_with("above the target of 8 set in site.toml"));
        let help = warning.help.unwrap();
        assert!(help.contains("line 6 (grade "), "{help}");
        // Three sentences, each named once, hardest first.
        assert_eq!(help.matches("line ").count(), 3, "{help}");
        assert!(
            help.find("line 6").unwrap() < help.find("line 4").unwrap(),
            "{help}"
        );
    }

    #[test]
    fn the_front_matter_target_wins_and_plain_text_passes() {
        let front = "max_reading_grade = 50\n";
        assert!(check(&article(front, DENSE), "en", Some(8.0)).is_none());
        let plain = "You lift. Your back hurts. Rest a day. Walk a bit.\n";
        assert!(check(&article("", plain), "en", Some(8.0)).is_none());
        assert!(check(&article("", DENSE), "en", None).is_none());
        // No formula for the language: nothing to say.
        assert!(check(&article("", DENSE), "ja", Some(8.0)).is_none());
    }

    #[test]
    fn the_longest_sentence_leads_the_hardest() {
        let reading = measure(&article("", DENSE), "en").unwrap();
        assert_eq!(reading.hardest.len(), 3);
        assert_eq!(reading.longest.map(|l| l.0), Some(10));
        // The long sentence leads, though the short ones have grades too.
        assert_eq!(
            reading.hardest[0].1.offset,
            DENSE.find("Musculo").unwrap() + "+++\ntitle = \"T\"\n+++\n".len()
        );
    }
}

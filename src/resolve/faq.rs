//! The FAQ index: every question of every article, each checked to have an
//! answer and to be asked once (a repeat is listed but carries no
//! structured data).

use std::collections::HashMap;

use crate::diagnostics::{locate, Diagnostic, Diagnostics};
use crate::load::Article;

/// A question of the FAQ index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FaqEntry {
    pub(crate) article: usize,
    pub(crate) question: usize,
    /// False for the second asking of a question already asked elsewhere:
    /// it is listed, but only the first carries structured data.
    pub(crate) markup: bool,
}

/// Collects the questions and checks each has an answer and is asked once.
pub(super) fn entries(articles: &[Article], diagnostics: &mut Diagnostics) -> Vec<FaqEntry> {
    let mut first: HashMap<String, (usize, usize)> = HashMap::new();
    let mut entries = Vec::new();
    for (a, article) in articles.iter().enumerate() {
        for (q, question) in article.questions.iter().enumerate() {
            if question.answer.is_empty() {
                diagnostics.push(
                    Diagnostic::error(
                        &article.file,
                        format!(
                            "the question \u{201c}{}\u{201d} has no answer",
                            question.question
                        ),
                    )
                    .at_origin(article.locate(question.offset))
                    .with_help(
                        "write the answer under the heading, or end the heading without `?`",
                    ),
                );
                continue;
            }
            let key = normalize_question(&question.question);
            let markup = match first.get(&key) {
                Some(&(fa, fq)) => {
                    let other = &articles[fa];
                    let asked = other.locate(other.questions[fq].offset);
                    diagnostics.push(
                        Diagnostic::warning(&article.file, format!("the question \u{201c}{}\u{201d} is also asked in `{}`", question.question, other.file.display()))
                            .at_origin(article.locate(question.offset))
                            .with_help(format!(
                                "only the first, at {}:{}, carries the FAQ structured data; link to it instead of asking again",
                                asked.file.display(),
                                locate(asked.text, asked.offset).0
                            )),
                    );
                    false
                }
                None => {
                    first.insert(key, (a, q));
                    true
                }
            };
            entries.push(FaqEntry {
                article: a,
                question: q,
                markup,
            });
        }
    }
    entries
}

fn normalize_question(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

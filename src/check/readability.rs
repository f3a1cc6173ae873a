//! Reading level: the school grade a text asks of its readers, by the
//! formula made for its language, from its sentences, words and syllables.

use super::syllables;

/// A readability formula, each made for one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Formula {
    /// Flesch–Kincaid grade level (English): a grade directly.
    FleschKincaid,
    /// Flesch–Amstad reading ease (German).
    Amstad,
    /// Kandel–Moles reading ease (French).
    KandelMoles,
    /// Fernández Huerta reading ease (Spanish), with words per sentence as
    /// its sentence term, as the formula was later corrected.
    FernandezHuerta,
    /// Franchina–Vacca reading ease (Italian).
    FranchinaVacca,
    /// Flesch–Douma reading ease (Dutch).
    Douma,
}

/// What a formula reads of a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) sentences: usize,
    pub(crate) words: usize,
    pub(crate) syllables: usize,
}

impl Counts {
    /// The words and syllables of one sentence in `language`.
    pub(crate) fn of_sentence(sentence: &str, language: &str) -> Counts {
        let mut counts = Counts {
            sentences: 1,
            ..Counts::default()
        };
        for word in words(sentence) {
            let syllables = syllables::count(word, language);
            if syllables > 0 {
                counts.words += 1;
                counts.syllables += syllables;
            }
        }
        counts
    }

    pub(crate) fn add(&mut self, other: Counts) {
        self.sentences += other.sentences;
        self.words += other.words;
        self.syllables += other.syllables;
    }
}

/// The words of a text: runs of letters and digits, with the apostrophes
/// and hyphens inside them ("don't", "lower-back" is one word).
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    let joiner = |c: char| matches!(c, '\'' | '’' | '-' | '‐');
    text.split(move |c: char| !(c.is_alphanumeric() || joiner(c)))
        .map(move |w| w.trim_matches(joiner))
        .filter(|w| !w.is_empty())
}

impl Formula {
    /// The formula for `language` (a primary subtag), if lectern has one.
    pub(crate) fn for_language(language: &str) -> Option<Formula> {
        Some(match language {
            "en" => Formula::FleschKincaid,
            "de" => Formula::Amstad,
            "fr" => Formula::KandelMoles,
            "es" => Formula::FernandezHuerta,
            "it" => Formula::FranchinaVacca,
            "nl" => Formula::Douma,
            _ => return None,
        })
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Formula::FleschKincaid => "Flesch–Kincaid",
            Formula::Amstad => "Flesch–Amstad",
            Formula::KandelMoles => "Kandel–Moles",
            Formula::FernandezHuerta => "Fernández Huerta",
            Formula::FranchinaVacca => "Franchina–Vacca",
            Formula::Douma => "Flesch–Douma",
        }
    }

    /// The reading ease (0 hard to 100 easy) of the formulas that give
    /// one; `None` for Flesch–Kincaid, which gives a grade.
    pub(crate) fn ease(self, c: Counts) -> Option<f64> {
        if c.words == 0 || c.sentences == 0 {
            return None;
        }
        let per_sentence = c.words as f64 / c.sentences as f64;
        let per_word = c.syllables as f64 / c.words as f64;
        Some(match self {
            Formula::FleschKincaid => return None,
            Formula::Amstad => 180.0 - per_sentence - 58.5 * per_word,
            Formula::KandelMoles => 207.0 - 1.015 * per_sentence - 73.6 * per_word,
            Formula::FernandezHuerta => 206.84 - 60.0 * per_word - 1.02 * per_sentence,
            Formula::FranchinaVacca => 206.0 - 65.0 * per_word - per_sentence,
            Formula::Douma => 206.835 - 0.93 * per_sentence - 77.0 * per_word,
        })
    }

    /// The school grade of a text with `counts`; `None` without words.
    pub(crate) fn grade(self, c: Counts) -> Option<f64> {
        if c.words == 0 || c.sentences == 0 {
            return None;
        }
        match self {
            Formula::FleschKincaid => {
                let per_sentence = c.words as f64 / c.sentences as f64;
                let per_word = c.syllables as f64 / c.words as f64;
                Some(0.39 * per_sentence + 11.8 * per_word - 15.59)
            }
            _ => self.ease(c).map(grade_of_ease),
        }
    }
}

/// The grade a reading ease stands for, by Flesch's table (90–100: 5th
/// grade, 80–90: 6th, 70–80: 7th, 60–70: 8th and 9th, 50–60: 10th to
/// 12th, 30–50: college, below 30: college graduate), read between its
/// bands as a line.
pub(crate) fn grade_of_ease(ease: f64) -> f64 {
    const TABLE: &[(f64, f64)] = &[
        (100.0, 4.0),
        (90.0, 5.0),
        (80.0, 6.0),
        (70.0, 7.0),
        (60.0, 9.0),
        (50.0, 12.0),
        (30.0, 16.0),
        (0.0, 18.0),
    ];
    let line =
        |(e0, g0): (f64, f64), (e1, g1): (f64, f64)| g0 + (ease - e0) * (g1 - g0) / (e1 - e0);
    if ease >= TABLE[0].0 {
        return line(TABLE[0], TABLE[1]);
    }
    for pair in TABLE.windows(2) {
        if ease >= pair[1].0 {
            return line(pair[0], pair[1]);
        }
    }
    line(TABLE[TABLE.len() - 2], TABLE[TABLE.len() - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(text: &str) -> Counts {
        Counts::of_sentence(text, "en")
    }

    fn round(x: f64) -> f64 {
        (x * 10.0).round() / 10.0
    }

    #[test]
    fn the_published_worked_examples_come_out_as_published() {
        // Flesch's measures, as their descriptions work them out: "The
        // cat sat on the mat." has 6 words of one syllable each, a grade
        // of −1.45; the platypus sentence 13 words and 26 syllables,
        // a reading ease of 24.4 and a grade of 13.1.
        let cat = counts("The cat sat on the mat.");
        assert_eq!((cat.words, cat.syllables), (6, 6));
        let grade = Formula::FleschKincaid.grade(cat).unwrap();
        assert!((grade - -1.45).abs() < 1e-9, "{grade}");
        let platypus = counts(
            "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature.",
        );
        assert_eq!((platypus.words, platypus.syllables), (13, 26));
        assert_eq!(round(Formula::FleschKincaid.grade(platypus).unwrap()), 13.1);
        let ease = 206.835 - 1.015 * 13.0 - 84.6 * 2.0;
        assert_eq!(round(ease), 24.4);
    }

    #[test]
    fn each_formula_reads_its_counts_as_written() {
        // 100 words, 5 sentences, 150 syllables: 20 words a sentence, 1.5
        // syllables a word.
        let c = Counts {
            sentences: 5,
            words: 100,
            syllables: 150,
        };
        let ease = |f: Formula| round(f.ease(c).unwrap());
        assert_eq!(ease(Formula::Amstad), 72.3); // 180 − 20 − 58.5 × 1.5
        assert_eq!(ease(Formula::KandelMoles), 76.3); // 207 − 20.3 − 110.4
        assert_eq!(ease(Formula::FernandezHuerta), 96.4); // 206.84 − 90 − 20.4
        assert_eq!(ease(Formula::FranchinaVacca), 88.5); // 206 − 97.5 − 20
        assert_eq!(ease(Formula::Douma), 72.7); // 206.835 − 18.6 − 115.5
        assert_eq!(round(Formula::FleschKincaid.grade(c).unwrap()), 9.9);
        assert_eq!(Formula::FleschKincaid.ease(c), None);
    }

    #[test]
    fn ease_maps_to_flesch_school_levels() {
        assert_eq!(grade_of_ease(90.0), 5.0);
        assert_eq!(grade_of_ease(75.0), 6.5);
        assert_eq!(grade_of_ease(65.0), 8.0);
        assert_eq!(grade_of_ease(55.0), 10.5);
        assert_eq!(grade_of_ease(40.0), 14.0);
        assert_eq!(grade_of_ease(110.0), 3.0);
        assert!(grade_of_ease(-30.0) > 18.0);
    }

    #[test]
    fn words_keep_their_apostrophes_and_hyphens() {
        let found: Vec<&str> = words("Don't lift — “lower-back” pain, 2 times!").collect();
        assert_eq!(found, ["Don't", "lift", "lower-back", "pain", "2", "times"]);
        // A number is no word of the formula's.
        assert_eq!(counts("Rest for 2 days.").words, 3);
    }

    #[test]
    fn no_words_is_no_grade() {
        assert_eq!(Formula::FleschKincaid.grade(Counts::default()), None);
        assert_eq!(Formula::for_language("ja"), None);
    }
}

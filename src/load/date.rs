//! Dates as authors write them in front matter (`2026-11-20`,
//! `2026-11-20T10:00:00+02:00`) and as git reports them, typed once here
//! so every later stage compares, shows and serializes the same value.

use std::cmp::Ordering;
use std::fmt;

use jiff::civil;
use jiff::tz::Offset;
use jiff::Timestamp;
use serde::{Deserialize, Deserializer};

/// A day, or a moment of a day with its offset from UTC. A date-time
/// written without an offset (`2026-11-20T10:00:00`) is taken as UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    /// The day as written: what readers see.
    day: civil::Date,
    /// The time of day and its offset, when one was given.
    time: Option<(civil::Time, Offset)>,
}

impl Date {
    /// 1970-01-01, for a feed of articles without dates.
    pub const EPOCH: Date = Date {
        day: civil::date(1970, 1, 1),
        time: None,
    };

    /// Parses a TOML date or date-time, as text.
    pub fn parse(text: &str) -> Result<Date, String> {
        let not_a_date = || format!("`{text}` is not a date; write it as 2026-11-20");
        // TOML's forms, then YAML's (`2026-11-20 10:00:00 +0000`).
        let parsed: toml::value::Datetime = text
            .trim()
            .parse()
            .ok()
            .or_else(|| super::yaml::timestamp(text))
            .ok_or_else(not_a_date)?;
        let d = parsed.date.ok_or_else(not_a_date)?;
        let day = i16::try_from(d.year)
            .ok()
            .and_then(|year| civil::Date::new(year, d.month as i8, d.day as i8).ok())
            .ok_or_else(not_a_date)?;
        let time = match parsed.time {
            None => None,
            Some(t) => {
                let time = civil::Time::new(
                    t.hour as i8,
                    t.minute as i8,
                    t.second as i8,
                    t.nanosecond as i32,
                )
                .map_err(|_| not_a_date())?;
                let offset = match parsed.offset {
                    None | Some(toml::value::Offset::Z) => Offset::UTC,
                    Some(toml::value::Offset::Custom { minutes }) => {
                        Offset::from_seconds(i32::from(minutes) * 60).map_err(|_| not_a_date())?
                    }
                };
                Some((time, offset))
            }
        };
        Ok(Date { day, time })
    }

    /// Today, in UTC, from the system clock.
    pub fn today() -> Date {
        Date {
            day: Offset::UTC.to_datetime(Timestamp::now()).date(),
            time: None,
        }
    }

    /// The moment the date stands for: a bare day starts at midnight UTC.
    fn instant(&self) -> Timestamp {
        let (time, offset) = self.time.unwrap_or((civil::Time::midnight(), Offset::UTC));
        offset
            .to_timestamp(self.day.to_datetime(time))
            .unwrap_or(Timestamp::UNIX_EPOCH)
    }

    /// ISO 8601 as written: `2026-11-20`, or a full RFC 3339 date-time.
    pub fn iso(&self) -> String {
        match self.time {
            None => self.day.to_string(),
            Some(_) => self.rfc3339(),
        }
    }

    /// Always a full RFC 3339 date-time with an offset, as Atom requires.
    pub fn rfc3339(&self) -> String {
        match self.time {
            Some((_, offset)) if offset != Offset::UTC => {
                self.instant().display_with_offset(offset).to_string()
            }
            _ => self.instant().to_string(),
        }
    }

    /// Year, month (1–12) and day of the month.
    pub(crate) fn ymd(&self) -> (i16, i8, i8) {
        (self.day.year(), self.day.month(), self.day.day())
    }

    /// Whole months from `self` to `later` (negative when `later` is earlier).
    pub fn months_until(&self, later: Date) -> i64 {
        self.day
            .until((jiff::Unit::Month, later.day))
            .map_or(0, |span| {
                i64::from(span.get_years()) * 12 + i64::from(span.get_months())
            })
    }
}

/// Dates order by the moment they stand for.
/// By the moment each names, then as written. Sorting thousands of
/// articles compares dates often: days alone are compared as they are.
impl Ord for Date {
    fn cmp(&self, other: &Self) -> Ordering {
        if let (None, None) = (self.time, other.time) {
            return self.day.cmp(&other.day);
        }
        self.instant()
            .cmp(&other.instant())
            .then_with(|| (self.day, self.time).cmp(&(other.day, other.time)))
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

/// Accepts a TOML date (`2026-11-20`), a date-time, or a string holding one.
impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Date(toml::value::Datetime),
            Text(String),
        }
        let text = match Raw::deserialize(deserializer)? {
            Raw::Date(d) => d.to_string(),
            Raw::Text(s) => s,
        };
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn keeps_what_was_written() {
        assert_eq!(date("2026-11-20").iso(), "2026-11-20");
        assert_eq!(date("2026-11-20T10:00:00Z").iso(), "2026-11-20T10:00:00Z");
        assert_eq!(
            date("2026-11-20T10:00:00+02:00").iso(),
            "2026-11-20T10:00:00+02:00"
        );
    }

    #[test]
    fn atom_dates_always_have_an_offset() {
        assert_eq!(date("2026-11-20").rfc3339(), "2026-11-20T00:00:00Z");
        assert_eq!(
            date("2026-11-20T10:00:00").rfc3339(),
            "2026-11-20T10:00:00Z"
        );
        assert_eq!(
            date("2026-11-20T10:00:00-05:30").rfc3339(),
            "2026-11-20T10:00:00-05:30"
        );
    }

    #[test]
    fn orders_by_moment() {
        assert!(date("2026-11-20T10:00:00+02:00") < date("2026-11-20T09:00:00Z"));
        assert!(date("2026-11-19") < date("2026-11-20"));
    }

    #[test]
    fn orders_every_form_totally_and_as_equality_does() {
        let forms = [
            "2026-11-20",
            "2026-11-20T00:00:00Z",
            "2026-11-20T01:00:00+01:00",
            "2026-11-19T23:00:00-01:00",
            "2026-11-19",
            "2026-11-20T10:00:00Z",
            "2026-11-21",
        ];
        let dates: Vec<Date> = forms.iter().map(|f| date(f)).collect();
        for a in &dates {
            for b in &dates {
                assert_eq!(a.cmp(b) == Ordering::Equal, a == b, "{a} and {b}");
                assert_eq!(a.cmp(b), b.cmp(a).reverse(), "{a} and {b}");
                for c in &dates {
                    if a <= b && b <= c {
                        assert!(a <= c, "{a} ≤ {b} ≤ {c}");
                    }
                }
            }
        }
        // The same moment written as a day comes first.
        assert!(date("2026-11-20") < date("2026-11-20T00:00:00Z"));
    }

    #[test]
    fn gives_the_day_as_written() {
        assert_eq!(date("2026-11-24").ymd(), (2026, 11, 24));
        // The day of the moment where it was written, not in UTC.
        assert_eq!(date("2026-01-05T23:30:00-05:00").ymd(), (2026, 1, 5));
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for text in ["yesterday", "10:00:00", "2026-02-30", "2026-13-01"] {
            assert!(Date::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn counts_whole_months() {
        let months = |a: &str, b: &str| date(a).months_until(date(b));
        assert_eq!(months("2025-11-24", "2026-11-24"), 12);
        assert_eq!(months("2025-11-25", "2026-11-24"), 11);
        assert_eq!(months("2024-01-01", "2026-11-24"), 34);
    }
}

//! `--since` and `--until`: the time window of the calls that count, as RFC 3339 instants or
//! dates (a date is the whole day, in UTC).

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, Time};

use crate::policy::spec::error::{Field, FieldError};

/// The window; an open end is unbounded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    /// Calls at or after this instant count.
    pub since: Option<OffsetDateTime>,
    /// Calls before this instant count (a date given for `--until` ends after that day).
    pub until: Option<OffsetDateTime>,
}

/// Which end of the window a value is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Since,
    Until,
}

/// Reads `2024-06-01`, `2024-06-01T12:00:00Z` or `2024-06-01T12:00:00+02:00`.
pub fn parse_instant(raw: &str, end: End) -> Result<OffsetDateTime, FieldError> {
    let text = raw.trim();
    if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(t);
    }
    let date = Date::parse(text, format_description!("[year]-[month]-[day]")).map_err(|_| {
        FieldError::new(
            Field::Window,
            raw,
            "is not a date (2024-06-01) or an RFC 3339 time (2024-06-01T12:00:00Z)",
        )
    })?;
    let start = date.with_time(Time::MIDNIGHT).assume_utc();
    Ok(match end {
        End::Since => start,
        // The whole day counts: the window ends where the next day starts.
        End::Until => start + time::Duration::DAY,
    })
}

impl Window {
    /// The window of `--since`/`--until`; every problem at once.
    pub fn parse(since: Option<&str>, until: Option<&str>) -> Result<Window, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut read = |raw: Option<&str>, end| {
            raw.and_then(|r| parse_instant(r, end).map_err(|e| errors.push(e)).ok())
        };
        let w = Window {
            since: read(since, End::Since),
            until: read(until, End::Until),
        };
        if let (Some(s), Some(u)) = (w.since, w.until)
            && s >= u
        {
            errors.push(FieldError::new(
                Field::Window,
                until.unwrap_or_default(),
                "--until is not after --since: the window holds no time",
            ));
        }
        if errors.is_empty() {
            Ok(w)
        } else {
            Err(errors)
        }
    }

    /// True when neither end is set.
    pub fn is_open(&self) -> bool {
        self.since.is_none() && self.until.is_none()
    }

    /// Whether a logged `eventTime` lies in the window; `None` when it is not a time.
    pub fn contains(&self, event_time: &str) -> Option<bool> {
        if self.is_open() {
            return Some(true);
        }
        let t = OffsetDateTime::parse(event_time.trim(), &Rfc3339).ok()?;
        Some(self.since.is_none_or(|s| t >= s) && self.until.is_none_or(|u| t < u))
    }

    /// Whether a span `first..=last` (an aggregated row) overlaps the window.
    pub fn overlaps(&self, first: &str, last: &str) -> Option<bool> {
        if self.is_open() {
            return Some(true);
        }
        let f = OffsetDateTime::parse(first.trim(), &Rfc3339).ok()?;
        let l = OffsetDateTime::parse(last.trim(), &Rfc3339).ok()?;
        Some(self.since.is_none_or(|s| l >= s) && self.until.is_none_or(|u| f < u))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_cover_whole_days_and_instants_are_exact() {
        let w = Window::parse(Some("2024-06-01"), Some("2024-06-30")).unwrap();
        assert_eq!(w.contains("2024-06-01T00:00:00Z"), Some(true));
        assert_eq!(w.contains("2024-05-31T23:59:59Z"), Some(false));
        assert_eq!(w.contains("2024-06-30T23:59:59Z"), Some(true));
        assert_eq!(w.contains("2024-07-01T00:00:00Z"), Some(false));
        let w = Window::parse(Some("2024-06-01T12:00:00+02:00"), None).unwrap();
        assert_eq!(w.contains("2024-06-01T10:00:00Z"), Some(true));
        assert_eq!(w.contains("2024-06-01T09:59:59Z"), Some(false));
        assert_eq!(w.contains("yesterday"), None);
        assert_eq!(Window::default().contains("not a time"), Some(true));
    }

    #[test]
    fn bad_values_and_empty_windows_are_refused() {
        let e = Window::parse(Some("2024-13-01"), Some("June")).unwrap_err();
        assert_eq!(e.len(), 2);
        assert!(e[0].to_string().contains("2024-13-01"), "{}", e[0]);
        let e = Window::parse(Some("2024-06-02"), Some("2024-06-01")).unwrap_err();
        assert!(e[0].to_string().contains("not after"), "{}", e[0]);
    }

    #[test]
    fn spans_overlap() {
        let w = Window::parse(Some("2024-06-01"), Some("2024-06-30")).unwrap();
        assert_eq!(
            w.overlaps("2024-05-01T00:00:00Z", "2024-06-01T00:00:00Z"),
            Some(true)
        );
        assert_eq!(
            w.overlaps("2024-05-01T00:00:00Z", "2024-05-31T00:00:00Z"),
            Some(false)
        );
    }
}

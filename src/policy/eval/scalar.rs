//! The typed values condition operators compare: numbers, dates (ISO 8601 in the W3C profile, or
//! epoch seconds), booleans and IP addresses or CIDR ranges (v4 and v6). Each reader refuses
//! what it cannot read exactly, so the caller can fail closed.

use std::net::IpAddr;

/// A decimal number: optional sign, digits, optional fraction (`12`, `-3`, `0.5`, `.5`).
pub fn number(s: &str) -> Option<f64> {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
        return None;
    }
    s.parse().ok()
}

/// `true` or `false`, in any case.
pub fn boolean(s: &str) -> Option<bool> {
    if s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// A point in time, in milliseconds since 1970-01-01T00:00:00Z. Accepted: an integer (epoch
/// seconds, as `aws:EpochTime` holds) and the W3C profile of ISO 8601: `YYYY-MM`, `YYYY-MM-DD`,
/// and `YYYY-MM-DDThh:mm[:ss[.s…]]` followed by `Z` or `±hh:mm`. A date-time without a zone
/// is refused: its instant is not defined.
pub fn date(s: &str) -> Option<i128> {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let epoch = s.strip_prefix('-').unwrap_or(s);
    if digits(epoch) {
        let secs: i128 = s.parse().ok()?;
        return Some(secs * 1000);
    }
    let (day, time) = match s.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut parts = day.split('-');
    let (year_s, month_s, dom_s) = (parts.next()?, parts.next()?, parts.next());
    if parts.next().is_some()
        || year_s.len() != 4
        || !digits(year_s)
        || month_s.len() != 2
        || !digits(month_s)
    {
        return None;
    }
    let (year, month): (i64, u32) = (year_s.parse().ok()?, month_s.parse().ok()?);
    let dom: u32 = match dom_s {
        None if time.is_none() => 1,
        Some(text) if text.len() == 2 && digits(text) => text.parse().ok()?,
        _ => return None,
    };
    if !(1..=12).contains(&month) || dom < 1 || dom > days_in_month(year, month) {
        return None;
    }
    let day_ms = i128::from(days_from_civil(year, month, dom)) * 86_400_000;
    let Some(time) = time else {
        return Some(day_ms);
    };
    let (clock, offset_min) = if let Some(c) = time.strip_suffix('Z') {
        (c, 0)
    } else {
        let at = time.rfind(['+', '-'])?;
        let (clock_part, zone) = time.split_at(at);
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let (zh, zm) = zone[1..].split_once(':')?;
        if zh.len() != 2 || zm.len() != 2 || !digits(zh) || !digits(zm) {
            return None;
        }
        let (zh, zm): (i64, i64) = (zh.parse().ok()?, zm.parse().ok()?);
        if zh > 23 || zm > 59 {
            return None;
        }
        (clock_part, sign * (zh * 60 + zm))
    };
    let mut hms = clock.split(':');
    let (hour_s, minute_s, second_s) = (hms.next()?, hms.next()?, hms.next());
    if hms.next().is_some()
        || hour_s.len() != 2
        || minute_s.len() != 2
        || !digits(hour_s)
        || !digits(minute_s)
    {
        return None;
    }
    let (hour, minute): (i64, i64) = (hour_s.parse().ok()?, minute_s.parse().ok()?);
    let (second, millis) = match second_s {
        None => (0, 0),
        Some(text) => {
            let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
            if whole.len() != 2 || !digits(whole) || (text.contains('.') && !digits(fraction)) {
                return None;
            }
            // Milliseconds: the first three fraction digits, as JavaScript's Date reads them.
            let millis = format!("{fraction:0<3}")[..3].parse::<i64>().ok()?;
            (whole.parse::<i64>().ok()?, millis)
        }
    };
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let ms_of_day = ((hour * 60 + minute - offset_min) * 60 + second) * 1000 + millis;
    Some(day_ms + i128::from(ms_of_day))
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An address or a CIDR range; a bare address is its own /32 or /128.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    addr: IpAddr,
    prefix: u8,
}

impl IpRange {
    /// Reads `10.0.0.0/8`, `2001:db8::/32`, `192.0.2.1` or `2001:db8::1`.
    pub fn parse(s: &str) -> Option<IpRange> {
        let (a, p) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: IpAddr = a.parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match p {
            None => max,
            Some(p) if !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()) => {
                p.parse().ok()?
            }
            Some(_) => return None,
        };
        (prefix <= max).then_some(IpRange { addr, prefix })
    }

    /// Whether the address is in the range (an address of the other family never is).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(a)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(a)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        for (s, want) in [
            ("12", Some(12.0)),
            ("-3", Some(-3.0)),
            ("+4", Some(4.0)),
            ("0.5", Some(0.5)),
            (".5", Some(0.5)),
            ("5.", Some(5.0)),
            ("", None),
            (".", None),
            ("1e3", None),
            ("12abc", None),
            ("0x10", None),
            (" 1", None),
        ] {
            assert_eq!(number(s), want, "{s:?}");
        }
    }

    #[test]
    fn dates() {
        let day = 86_400_000;
        for (s, want) in [
            ("0", Some(0)),
            ("1700000000", Some(1_700_000_000_000)),
            ("1970-01-02", Some(day)),
            ("1970-02", Some(31 * day)),
            ("2024-02-29", Some(19_782 * day)),
            ("2024-02-29T00:00:00Z", Some(19_782 * day)),
            ("2024-02-29T01:00Z", Some(19_782 * day + 3_600_000)),
            ("2024-02-29T01:00:00+01:00", Some(19_782 * day)),
            ("2024-02-28T23:30:00-00:30", Some(19_782 * day)),
            ("2024-02-29T00:00:00.25Z", Some(19_782 * day + 250)),
            ("2023-11-14T22:13:20Z", Some(1_700_000_000_000)),
            ("2023-02-29", None),
            ("2024-13-01", None),
            ("2024-01-01T00:00:00", None),
            ("2024-1-01", None),
            ("yesterday", None),
            ("2024-01-01T24:00:00Z", None),
        ] {
            assert_eq!(date(s), want, "{s:?}");
        }
    }

    #[test]
    fn ip_ranges() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let r = |s: &str| IpRange::parse(s).unwrap();
        assert!(r("10.0.0.0/8").contains(ip("10.255.0.1")));
        assert!(!r("10.0.0.0/8").contains(ip("11.0.0.1")));
        assert!(
            r("10.1.2.3/8").contains(ip("10.9.9.9")),
            "host bits are ignored"
        );
        assert!(r("0.0.0.0/0").contains(ip("203.0.113.9")));
        assert!(r("192.0.2.1").contains(ip("192.0.2.1")));
        assert!(!r("192.0.2.1").contains(ip("192.0.2.2")));
        assert!(r("2001:db8::/32").contains(ip("2001:db8:1::5")));
        assert!(!r("2001:db8::/32").contains(ip("2001:db9::5")));
        assert!(
            !r("2001:db8::/32").contains(ip("10.0.0.1")),
            "another family"
        );
        assert!(!r("10.0.0.0/8").contains(ip("::ffff:10.0.0.1")));
        assert!(r("::/0").contains(ip("::1")));
        for bad in [
            "10.0.0.0/33",
            "10.0.0.0/",
            "10.0.0/8",
            "x",
            "2001:db8::/129",
            "10.0.0.0/-1",
        ] {
            assert!(IpRange::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn booleans() {
        assert_eq!(boolean("TRUE"), Some(true));
        assert_eq!(boolean("false"), Some(false));
        assert_eq!(boolean("yes"), None);
    }
}

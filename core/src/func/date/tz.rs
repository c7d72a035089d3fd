//! The local time zone, for the `localtime` and `utc` modifiers: the offset from UTC at a
//! given instant, read from the TZif database like the C library does (`$TZ` as a zone
//! name, `:path` or `UTC`; otherwise `/etc/localtime`). Instants after the file's last
//! transition use its POSIX-TZ footer rule (`EST5EDT,M3.2.0,M11.1.0`). Unknown or absent
//! data means UTC.

use std::sync::OnceLock;

/// A parsed zone: transitions (Unix seconds, offset index) and offsets, plus the footer.
#[derive(Debug, Default)]
struct Zone {
    times: Vec<i64>,
    idx: Vec<u8>,
    /// (UTC offset in seconds, is DST)
    types: Vec<(i64, bool)>,
    footer: Option<Rule>,
}

/// A POSIX TZ rule: standard offset, and optionally DST offset with start/end rules.
#[derive(Debug, Clone)]
struct Rule {
    std_off: i64,
    dst: Option<(i64, Transition, Transition)>,
}

/// `Mm.w.d/time`: month, week (5 = last), weekday, local seconds after midnight.
#[derive(Debug, Clone, Copy)]
struct Transition {
    month: u32,
    week: u32,
    wday: u32,
    secs: i64,
}

fn zone() -> &'static Option<Zone> {
    static ZONE: OnceLock<Option<Zone>> = OnceLock::new();
    ZONE.get_or_init(load)
}

fn load() -> Option<Zone> {
    let path = match std::env::var("TZ") {
        Ok(tz) if tz.is_empty() || tz == "UTC" || tz == ":UTC" => return None,
        Ok(tz) => {
            let name = tz.strip_prefix(':').unwrap_or(&tz).to_owned();
            if name.starts_with('/') {
                name
            } else if let Some(rule) = parse_rule(&name) {
                // A bare POSIX rule such as "EST5EDT,M3.2.0,M11.1.0".
                return Some(Zone {
                    footer: Some(rule),
                    ..Zone::default()
                });
            } else {
                format!("/usr/share/zoneinfo/{name}")
            }
        }
        Err(_) => "/etc/localtime".to_owned(),
    };
    let data = std::fs::read(path).ok()?;
    parse_tzif(&data)
}

fn be32(b: &[u8], at: usize) -> Option<i64> {
    let s = b.get(at..at + 4)?;
    Some(i64::from(i32::from_be_bytes([s[0], s[1], s[2], s[3]])))
}

fn be64(b: &[u8], at: usize) -> Option<i64> {
    let s = b.get(at..at + 8)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(s);
    Some(i64::from_be_bytes(a))
}

/// Parses TZif (RFC 8536), preferring the 64-bit block of version 2+ files.
fn parse_tzif(b: &[u8]) -> Option<Zone> {
    if b.get(..4)? != b"TZif" {
        return None;
    }
    let version = *b.get(4)?;
    let counts = |at: usize| -> Option<[usize; 6]> {
        let mut c = [0usize; 6];
        for (k, v) in c.iter_mut().enumerate() {
            *v = usize::try_from(be32(b, at + 20 + 4 * k)?).ok()?;
        }
        Some(c)
    };
    let [isut, isstd, leap, timecnt, typecnt, charcnt] = counts(0)?;
    let v1_len = timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut;
    let (base, tsize, c) = if version >= b'2' {
        let h2 = 44 + v1_len;
        (h2 + 44, 8, counts(h2)?)
    } else {
        (44, 4, [isut, isstd, leap, timecnt, typecnt, charcnt])
    };
    let [isut, isstd, leap, timecnt, typecnt, charcnt] = c;
    let mut z = Zone::default();
    let mut at = base;
    for _ in 0..timecnt {
        z.times.push(if tsize == 8 {
            be64(b, at)?
        } else {
            be32(b, at)?
        });
        at += tsize;
    }
    for _ in 0..timecnt {
        z.idx.push(*b.get(at)?);
        at += 1;
    }
    for _ in 0..typecnt {
        let off = be32(b, at)?;
        let dst = *b.get(at + 4)? != 0;
        z.types.push((off, dst));
        at += 6;
    }
    at += charcnt + leap * (tsize + 4) + isstd + isut;
    if version >= b'2' {
        if let Some(rest) = b.get(at..) {
            let text = String::from_utf8_lossy(rest);
            z.footer = text.trim_matches('\n').lines().next().and_then(parse_rule);
        }
    }
    Some(z)
}

/// Parses a POSIX TZ string like `CET-1CEST,M3.5.0,M10.5.0/3` (only `M` rules).
fn parse_rule(s: &str) -> Option<Rule> {
    let b = s.as_bytes();
    let mut i = 0;
    let name = |i: &mut usize| -> Option<()> {
        if b.get(*i) == Some(&b'<') {
            *i += b[*i..].iter().position(|&c| c == b'>')? + 1;
        } else {
            let start = *i;
            while b.get(*i).is_some_and(u8::is_ascii_alphabetic) {
                *i += 1;
            }
            if *i - start < 3 {
                return None;
            }
        }
        Some(())
    };
    // [+-]hh[:mm[:ss]]
    let offset = |i: &mut usize| -> Option<i64> {
        let mut sign = 1;
        match b.get(*i) {
            Some(b'-') => {
                sign = -1;
                *i += 1;
            }
            Some(b'+') => *i += 1,
            _ => {}
        }
        let mut parts = [0i64; 3];
        for (k, p) in parts.iter_mut().enumerate() {
            if k > 0 {
                if b.get(*i) != Some(&b':') {
                    break;
                }
                *i += 1;
            }
            let start = *i;
            while b.get(*i).is_some_and(u8::is_ascii_digit) {
                *p = *p * 10 + i64::from(b[*i] - b'0');
                *i += 1;
            }
            if *i == start {
                return None;
            }
        }
        Some(sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]))
    };
    name(&mut i)?;
    // POSIX offsets are west-positive.
    let std_off = -offset(&mut i)?;
    if i >= b.len() {
        return Some(Rule { std_off, dst: None });
    }
    name(&mut i)?;
    let mut dst_off = std_off + 3600;
    if b.get(i) != Some(&b',') && i < b.len() {
        dst_off = -offset(&mut i)?;
    }
    let trans = |i: &mut usize| -> Option<Transition> {
        if b.get(*i) != Some(&b',') || b.get(*i + 1) != Some(&b'M') {
            return None;
        }
        *i += 2;
        let mut nums = [0u32; 3];
        for (k, n) in nums.iter_mut().enumerate() {
            if k > 0 {
                if b.get(*i) != Some(&b'.') {
                    return None;
                }
                *i += 1;
            }
            let start = *i;
            while b.get(*i).is_some_and(u8::is_ascii_digit) {
                *n = *n * 10 + u32::from(b[*i] - b'0');
                *i += 1;
            }
            if *i == start {
                return None;
            }
        }
        let mut secs = 7200;
        if b.get(*i) == Some(&b'/') {
            *i += 1;
            secs = offset(i)?;
        }
        Some(Transition {
            month: nums[0],
            week: nums[1],
            wday: nums[2],
            secs,
        })
    };
    let start = trans(&mut i)?;
    let end = trans(&mut i)?;
    Some(Rule {
        std_off,
        dst: Some((dst_off, start, end)),
    })
}

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn year_of(unix: i64) -> i64 {
    // Civil year from days (inverse of days_from_civil, year only).
    let z = unix.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    yoe + era * 400 + i64::from(m <= 2)
}

/// Local seconds-since-epoch (wall clock as if UTC) of a rule transition in `year`.
fn transition_local(year: i64, t: Transition) -> i64 {
    let first = days_from_civil(year, t.month, 1);
    // 1970-01-01 was a Thursday (4).
    let wday_first = (first + 4).rem_euclid(7) as u32;
    let mut day = 1 + (7 + t.wday - wday_first) % 7 + 7 * (t.week.max(1) - 1);
    let next_month = if t.month == 12 {
        days_from_civil(year + 1, 1, 1)
    } else {
        days_from_civil(year, t.month + 1, 1)
    };
    let len = (next_month - first) as u32;
    while day > len {
        day -= 7;
    }
    (first + i64::from(day) - 1) * 86_400 + t.secs
}

impl Rule {
    fn offset_at(&self, unix: i64) -> i64 {
        let Some((dst_off, start, end)) = self.dst else {
            return self.std_off;
        };
        let y = year_of(unix);
        // Transitions happen at local time: start in standard time, end in DST.
        let s = transition_local(y, start) - self.std_off;
        let e = transition_local(y, end) - dst_off;
        let in_dst = if s < e {
            unix >= s && unix < e
        } else {
            unix >= s || unix < e
        };
        if in_dst {
            dst_off
        } else {
            self.std_off
        }
    }
}

impl Zone {
    fn offset_at(&self, unix: i64) -> i64 {
        let n = self.times.partition_point(|&t| t <= unix);
        if n == self.times.len() {
            if let Some(rule) = &self.footer {
                return rule.offset_at(unix);
            }
        }
        let ty = if n == 0 {
            // Before the first transition: the first standard-time type.
            self.types.iter().position(|t| !t.1).unwrap_or(0)
        } else {
            usize::from(self.idx[n - 1])
        };
        self.types.get(ty).map_or(0, |t| t.0)
    }
}

/// The offset in the named zone (`America/New_York`), for tests.
#[cfg(test)]
pub(crate) fn offset_in_zone(name: &str, unix: i64) -> Option<i64> {
    let data = std::fs::read(format!("/usr/share/zoneinfo/{name}")).ok()?;
    parse_tzif(&data).map(|z| z.offset_at(unix))
}

/// Offset of local time from UTC, in seconds, at Unix time `unix`; `None` for UTC.
pub(crate) fn local_offset_seconds(unix: i64) -> Option<i64> {
    zone().as_ref().map(|z| z.offset_at(unix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posix_rules() {
        let r = parse_rule("EST5EDT,M3.2.0,M11.1.0").unwrap();
        assert_eq!(r.offset_at(1_719_835_200), -4 * 3600); // 2024-07-01 12:00Z
        assert_eq!(r.offset_at(1_704_110_400), -5 * 3600); // 2024-01-01 12:00Z
        let r = parse_rule("<+0530>-5:30").unwrap();
        assert_eq!(r.offset_at(0), 5 * 3600 + 1800);
        let r = parse_rule("AEST-10AEDT,M10.1.0,M4.1.0/3").unwrap();
        assert_eq!(r.offset_at(1_704_110_400), 11 * 3600);
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(year_of(1_704_067_200), 2024);
        assert_eq!(year_of(-1), 1969);
    }

    #[test]
    fn tzif_files_when_present() {
        let Ok(data) = std::fs::read("/usr/share/zoneinfo/America/New_York") else {
            return;
        };
        let z = parse_tzif(&data).unwrap();
        assert_eq!(z.offset_at(1_719_835_200), -4 * 3600);
        assert_eq!(z.offset_at(1_704_110_400), -5 * 3600);
        assert_eq!(z.offset_at(2_540_000_000), -4 * 3600); // 2050-06-28
        assert_eq!(z.offset_at(-300_000_000), -4 * 3600); // 1960-06-30
    }
}

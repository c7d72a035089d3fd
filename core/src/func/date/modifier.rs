//! Date modifiers, applied left to right. Any malformed modifier makes the result NULL.

use super::{DateTime, DAY_MS, UNIX_EPOCH_JD_MS};
use crate::func::context::Context;
use crate::func::convert;

/// Unit names of `±N unit`, their size in milliseconds (months/years are handled apart) and
/// the largest magnitude accepted.
const UNITS: [(&str, f64, f64); 6] = [
    ("second", 1000.0, 4.6427e14),
    ("minute", 60_000.0, 7.7379e12),
    ("hour", 3_600_000.0, 1.2897e11),
    ("day", 86_400_000.0, 5_373_485.0),
    ("month", 0.0, 176_546.0),
    ("year", 0.0, 14_713.0),
];

/// Applies modifier `text` (the `idx`-th, from 0) to `p`; `None` on error.
pub(crate) fn apply(ctx: &Context<'_>, p: &mut DateTime, text: &str, idx: usize) -> Option<()> {
    let z = text.to_ascii_lowercase();
    match z.as_str() {
        "localtime" => {
            p.compute_jd();
            // The conversion rebuilds the moment: an earlier bare-number error is gone.
            p.error = false;
            p.raw_s = false;
            p.jd += local_offset_ms(ctx, p);
            p.clear_ymd_hms_tz();
            return Some(());
        }
        "utc" => {
            if p.raw_s && !p.valid_jd {
                // An out-of-range bare number: SQLite shifts Julian day 0.
                p.jd = 0;
                p.valid_jd = true;
            }
            p.compute_jd();
            p.error = false;
            p.raw_s = false;
            let c1 = local_offset_ms(ctx, p);
            let mut q = p.clone();
            q.jd -= c1;
            q.clear_ymd_hms_tz();
            let c2 = local_offset_ms(ctx, &q);
            p.jd -= c2;
            p.clear_ymd_hms_tz();
            return Some(());
        }
        "unixepoch" => {
            if idx > 0 || !p.raw_s {
                return None;
            }
            return unixepoch(p);
        }
        "julianday" => {
            if idx > 0 || !p.raw_s || !p.valid_jd {
                return None;
            }
            p.raw_s = false;
            return Some(());
        }
        "auto" => {
            if idx > 0 {
                return None;
            }
            if !p.raw_s {
                return Some(());
            }
            if (0.0..5_373_484.5).contains(&p.raw) {
                p.raw_s = false;
                return Some(());
            }
            return unixepoch(p);
        }
        _ => {}
    }
    if let Some(n) = z.strip_prefix("weekday ") {
        return weekday(p, n);
    }
    if let Some(unit) = z.strip_prefix("start of ") {
        return start_of(p, unit);
    }
    numeric(p, &z)
}

/// Local time minus UTC at moment `p`, in ms. Years outside 1971..=2037 use the same date
/// in year 2000 + Y % 4, as SQLite does (so 1960 gets today's DST rules).
fn local_offset_ms(ctx: &Context<'_>, p: &DateTime) -> i64 {
    let mut x = p.clone();
    x.compute_ymd_hms();
    if x.y < 1971 || x.y >= 2038 {
        x.y = 2000 + x.y % 4;
        x.valid_jd = false;
        x.valid_tz = false;
        x.compute_jd();
    }
    let unix = x.jd.div_euclid(1000) - UNIX_EPOCH_JD_MS / 1000;
    ctx.env.local_offset_seconds(unix).unwrap_or(0) * 1000
}

fn unixepoch(p: &mut DateTime) -> Option<()> {
    let r = p.raw * 1000.0 + UNIX_EPOCH_JD_MS as f64;
    if !(0.0..=super::MAX_JD_MS as f64 + 0.5).contains(&r) {
        return None;
    }
    p.jd = (r + 0.5) as i64;
    p.valid_jd = true;
    p.raw_s = false;
    p.clear_ymd_hms_tz();
    Some(())
}

fn weekday(p: &mut DateTime, n: &str) -> Option<()> {
    let b = n.as_bytes();
    let (r, whole) = convert::atof_prefix(b);
    if !whole || r != r.trunc() || !(0.0..7.0).contains(&r) {
        return None;
    }
    let n = r as i64;
    p.compute_ymd_hms();
    p.valid_tz = false;
    p.valid_jd = false;
    p.compute_jd();
    let mut z = ((p.jd + 129_600_000) / DAY_MS) % 7;
    if z > n {
        z -= 7;
    }
    p.jd += (n - z) * DAY_MS;
    p.clear_ymd_hms_tz();
    Some(())
}

fn start_of(p: &mut DateTime, unit: &str) -> Option<()> {
    if !matches!(unit, "day" | "month" | "year") {
        return None;
    }
    if !p.valid_jd && !p.valid_ymd && !p.valid_hms {
        return None;
    }
    p.compute_ymd();
    p.valid_hms = true;
    p.h = 0;
    p.mi = 0;
    p.s = 0.0;
    p.raw_s = false;
    p.valid_tz = false;
    p.valid_jd = false;
    match unit {
        "month" => p.d = 1,
        "year" => {
            p.m = 1;
            p.d = 1;
        }
        _ => {}
    }
    Some(())
}

/// `±N unit` or `±HH:MM[:SS[.SSS]]`.
fn numeric(p: &mut DateTime, z: &str) -> Option<()> {
    let b = z.as_bytes();
    let first = *b.first()?;
    if !(first == b'+' || first == b'-' || first == b'.' || first.is_ascii_digit()) {
        return None;
    }
    let mut n = 1;
    while n < b.len() && b[n] != b':' && !convert::is_space(b[n]) {
        n += 1;
    }
    let (r, whole) = convert::atof_prefix(&b[..n]);
    if !whole {
        return None;
    }
    if b.get(n) == Some(&b':') {
        return offset(p, b);
    }
    let mut rest = &z[n..];
    rest = rest.trim_start_matches(|c: char| c.is_ascii() && convert::is_space(c as u8));
    let mut name = rest;
    if !(3..=10).contains(&name.len()) {
        return None;
    }
    if name.ends_with('s') {
        name = &name[..name.len() - 1];
    }
    let &(unit, ms, limit) = UNITS.iter().find(|(u, _, _)| *u == name)?;
    if r.abs() >= limit {
        return None;
    }
    p.compute_jd();
    let rounder = if r < 0.0 { -0.5 } else { 0.5 };
    match unit {
        "month" | "year" => {
            p.compute_ymd_hms();
            let whole = r as i32;
            if unit == "month" {
                let mut m = p.m + whole;
                let x = if m > 0 { (m - 1) / 12 } else { (m - 12) / 12 };
                p.y += x;
                m -= x * 12;
                p.m = m;
            } else {
                p.y += whole;
            }
            p.valid_jd = false;
            let frac = r - f64::from(whole);
            if frac != 0.0 {
                p.compute_jd();
                let days = if unit == "month" { 30.0 } else { 365.0 };
                p.jd += (frac * days * DAY_MS as f64 + rounder) as i64;
            }
        }
        _ => {
            p.jd += (r * ms + rounder) as i64;
        }
    }
    p.compute_jd();
    p.clear_ymd_hms_tz();
    p.raw_s = false;
    Some(())
}

/// `±HH:MM[:SS[.SSS]]`: shifts by a time of day.
fn offset(p: &mut DateTime, b: &[u8]) -> Option<()> {
    let neg = b[0] == b'-';
    let start = usize::from(b[0] == b'+' || b[0] == b'-');
    let body = &b[start..];
    let mut i = 0;
    let (h, m, s) = super::parse::clock(body, &mut i)?;
    if body[i..].iter().any(|&c| !convert::is_space(c)) {
        return None;
    }
    let mut delta = i64::from(h) * 3_600_000 + i64::from(m) * 60_000 + (s * 1000.0 + 0.5) as i64;
    // Whole days in the offset do not count (SQLite keeps only the time of day).
    delta %= DAY_MS;
    if neg {
        delta = -delta;
    }
    p.compute_jd();
    p.clear_ymd_hms_tz();
    p.jd += delta;
    p.raw_s = false;
    Some(())
}

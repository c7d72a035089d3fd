//! Parsing time values.

use super::{DateTime, DAY_MS, UNIX_EPOCH_JD_MS};
use crate::func::context::Context;
use crate::func::convert;
use crate::value::Value;

/// The statement's current time.
pub(crate) fn now(ctx: &Context<'_>) -> DateTime {
    DateTime {
        jd: ctx.env.statement_time_ms() + UNIX_EPOCH_JD_MS,
        valid_jd: true,
        ..DateTime::default()
    }
}

/// A bare number: a Julian day (or seconds, with a later `unixepoch`/`auto`).
fn raw_number(r: f64) -> DateTime {
    let mut p = DateTime {
        raw: r,
        raw_s: true,
        ..DateTime::default()
    };
    if (0.0..5_373_484.5).contains(&r) {
        p.jd = (r * DAY_MS as f64 + 0.5) as i64;
        p.valid_jd = true;
    }
    p
}

/// Parses the first argument of a date function; `None` for NULL or malformed input.
pub(crate) fn time_value(ctx: &Context<'_>, v: &Value) -> Option<DateTime> {
    match v {
        Value::Null => None,
        Value::Integer(i) => Some(raw_number(*i as f64)),
        Value::Real(r) => Some(raw_number(*r)),
        other => {
            let t = convert::c_text(other)?;
            text(ctx, &t)
        }
    }
}

fn text(ctx: &Context<'_>, t: &str) -> Option<DateTime> {
    let b = t.as_bytes();
    let mut p = DateTime::default();
    if ymd(b, &mut p) || hms(b, &mut p, true) {
        return Some(p);
    }
    if t.eq_ignore_ascii_case("now") {
        return Some(now(ctx));
    }
    match convert::scan_number(b) {
        Some(n) if n.whole => Some(raw_number(convert::atof_prefix(b).0)),
        _ => None,
    }
}

/// Reads exactly `n` digits at `*i` as a number in `lo..=hi`.
fn digits(b: &[u8], i: &mut usize, n: usize, lo: i32, hi: i32) -> Option<i32> {
    let s = b.get(*i..*i + n)?;
    if !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let v = s
        .iter()
        .fold(0i32, |acc, &d| acc * 10 + i32::from(d - b'0'));
    *i += n;
    (lo..=hi).contains(&v).then_some(v)
}

fn expect(b: &[u8], i: &mut usize, c: u8) -> Option<()> {
    (b.get(*i) == Some(&c)).then(|| *i += 1)
}

/// `[-]YYYY-MM-DD` then optional `[ T]` time. Returns false if the text is not a date.
fn ymd(b: &[u8], p: &mut DateTime) -> bool {
    let mut i = 0;
    let neg = b.first() == Some(&b'-');
    if neg {
        i = 1;
    }
    let parsed = (|| {
        let y = digits(b, &mut i, 4, 0, 9999)?;
        expect(b, &mut i, b'-')?;
        let m = digits(b, &mut i, 2, 1, 12)?;
        expect(b, &mut i, b'-')?;
        let d = digits(b, &mut i, 2, 1, 31)?;
        Some((y, m, d))
    })();
    let Some((y, m, d)) = parsed else {
        return false;
    };
    while i < b.len() && (convert::is_space(b[i]) || b[i] == b'T') {
        i += 1;
    }
    if i < b.len() {
        if !hms(&b[i..], p, false) {
            return false;
        }
    } else {
        p.valid_hms = false;
    }
    p.valid_jd = false;
    p.valid_ymd = true;
    p.y = if neg { -y } else { y };
    p.m = m;
    p.d = d;
    if p.valid_tz {
        p.compute_jd();
    }
    true
}

/// `HH:MM[:SS[.SSS]]` then optional timezone `[ ]±HH:MM` or `Z`, then nothing but spaces.
/// With a timezone and `apply_tz`, converts to UTC at once (the caller does it otherwise,
/// once the date is known).
pub(crate) fn hms(b: &[u8], p: &mut DateTime, apply_tz: bool) -> bool {
    let mut i = 0;
    let Some((h, m, s)) = clock(b, &mut i) else {
        return false;
    };
    p.valid_jd = false;
    p.raw_s = false;
    p.valid_hms = true;
    p.h = h;
    p.mi = m;
    p.s = s;
    if !timezone(&b[i..], p) {
        p.valid_hms = false;
        return false;
    }
    if p.valid_tz && apply_tz {
        p.compute_jd();
    }
    true
}

/// `HH:MM[:SS[.SSS]]`: hours 0..=24, minutes and seconds 0..=59.
pub(crate) fn clock(b: &[u8], i: &mut usize) -> Option<(i32, i32, f64)> {
    let h = digits(b, i, 2, 0, 24)?;
    expect(b, i, b':')?;
    let m = digits(b, i, 2, 0, 59)?;
    let mut s = 0.0;
    if b.get(*i) == Some(&b':') {
        *i += 1;
        s = f64::from(digits(b, i, 2, 0, 59)?);
        if b.get(*i) == Some(&b'.') && b.get(*i + 1).is_some_and(u8::is_ascii_digit) {
            *i += 1;
            let mut scale = 1.0;
            let mut frac = 0.0;
            while let Some(&c) = b.get(*i).filter(|c| c.is_ascii_digit()) {
                frac = frac * 10.0 + f64::from(c - b'0');
                scale *= 10.0;
                *i += 1;
            }
            s += frac / scale;
        }
    }
    Some((h, m, s))
}

/// Optional timezone suffix, then only spaces.
fn timezone(b: &[u8], p: &mut DateTime) -> bool {
    let mut i = 0;
    while i < b.len() && convert::is_space(b[i]) {
        i += 1;
    }
    p.tz = 0;
    match b.get(i) {
        Some(b'Z' | b'z') => {
            i += 1;
            p.valid_tz = true;
        }
        Some(&c @ (b'+' | b'-')) => {
            i += 1;
            let Some(hh) = digits(b, &mut i, 2, 0, 14) else {
                return false;
            };
            if expect(b, &mut i, b':').is_none() {
                return false;
            }
            let Some(mm) = digits(b, &mut i, 2, 0, 59) else {
                return false;
            };
            let off = hh * 60 + mm;
            p.tz = if c == b'-' { -off } else { off };
            p.valid_tz = true;
        }
        _ => {}
    }
    while i < b.len() && convert::is_space(b[i]) {
        i += 1;
    }
    i == b.len()
}

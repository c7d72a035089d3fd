//! `timediff(A, B)` (SQLite 3.43+, lang_datefunc.html): the time to add to B to reach A, as
//! `(+|-)YYYY-MM-DD HH:MM:SS.SSS`. 3.40.1 has no such function, so it follows SQLite 3.54.1.
//!
//! Found by asking 3.54.1: both moments are normalised (`'2024-02-30'` is March 1st, time
//! zones applied). For A >= B the sign is `+`, Y and M are the year/month differences of
//! A and B, and B + Y years + M months (a day past the month's end rolls over, as the
//! `months` modifier does) is stepped back a month at a time until it is <= A; what is
//! left is days and a time of day. For A < B the same from B going backwards: B minus Y
//! years and M months, stepped forward until it is >= A.

use super::{evaluate, DateTime, DAY_MS};
use crate::func::context::Context;
use crate::value::Value;

/// A moment with its Y-M-D h:m:s recomputed from its Julian day.
fn moment(ctx: &Context<'_>, v: &Value) -> Option<DateTime> {
    let mut p = evaluate(ctx, std::slice::from_ref(v))?;
    p.clear_ymd_hms_tz();
    p.compute_ymd_hms();
    (!p.error).then_some(p)
}

/// `base` moved by `months` (negative: backwards), as a Julian day in ms.
fn shifted(base: &DateTime, months: i32) -> Option<i64> {
    let total = base.y * 12 + (base.m - 1) + months;
    let mut p = DateTime {
        y: total.div_euclid(12),
        m: total.rem_euclid(12) + 1,
        d: base.d,
        h: base.h,
        mi: base.mi,
        s: base.s,
        valid_ymd: true,
        valid_hms: true,
        ..DateTime::default()
    };
    p.compute_jd();
    (!p.error).then_some(p.jd)
}

/// The `timediff` text of A minus B, or None when a month step leaves the date range.
fn diff_text(a: &DateTime, b: &DateTime) -> Option<String> {
    let forward = a.jd >= b.jd;
    let (sign, dir) = if forward { ('+', 1) } else { ('-', -1) };
    let mut months = dir * ((a.y - b.y) * 12 + (a.m - b.m));
    let rest = loop {
        let at = shifted(b, dir * months)?;
        let rest = if forward { a.jd - at } else { at - a.jd };
        if rest >= 0 || months <= 0 {
            break rest;
        }
        months -= 1;
    };
    if rest < 0 {
        return None;
    }
    let days = rest / DAY_MS;
    let ms = rest % DAY_MS;
    Some(format!(
        "{sign}{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:03}",
        months / 12,
        months % 12,
        days,
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    ))
}

/// `timediff(A, B)`; NULL when either is NULL or not a valid time value.
pub(super) fn timediff(ctx: &mut Context<'_>, args: &[Value]) -> crate::error::Result<Value> {
    let (Some(a), Some(b)) = (moment(ctx, &args[0]), moment(ctx, &args[1])) else {
        return Ok(Value::Null);
    };
    Ok(diff_text(&a, &b).map_or(Value::Null, Value::Text))
}

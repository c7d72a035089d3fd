//! Date and time functions (lang_datefunc.html): date, time, datetime, julianday, unixepoch,
//! strftime.
//!
//! A moment is a Julian day number in milliseconds (`jd`, day 0 = noon UTC, 4714-11-24 BC),
//! valid from 0 to 464269060799999 (years -4713 to 9999). Like SQLite, the broken-down
//! fields (Y-M-D, h:m:s, timezone) and `jd` are kept side by side with validity flags and
//! computed from each other lazily, which is why `datetime('2024-02-30')` prints the date as
//! written while `julianday` of it is the normalised day.
//!
//! - `parse`: time values (`YYYY-MM-DD[ T]HH:MM[:SS[.SSS]][±HH:MM|Z]`, `HH:MM...`, `now`,
//!   Julian day numbers).
//! - `modifier`: `±N days|hours|minutes|seconds|months|years`, `±HH:MM[:SS[.SSS]]`,
//!   `start of day|month|year`, `weekday N`, `unixepoch`, `julianday`, `auto`, `localtime`,
//!   `utc`.
//! - `format`: the output functions and `strftime`'s `%d %f %H %j %J %m %M %s %S %w %W %Y %%`.

mod format;
mod modifier;
mod parse;
mod timediff;
pub(crate) mod tz;

use super::builtins::scalar;
use super::context::Context;
use super::convert;
use super::registry::{flags, FunctionRegistry};
use crate::error::Result;
use crate::value::Value;

/// Milliseconds per day.
pub(crate) const DAY_MS: i64 = 86_400_000;
/// `jd` of the Unix epoch.
pub(crate) const UNIX_EPOCH_JD_MS: i64 = 210_866_760_000_000;
/// Largest valid `jd` (9999-12-31 23:59:59.999).
const MAX_JD_MS: i64 = 464_269_060_799_999;

/// One moment being computed on; see the module header.
#[derive(Debug, Clone, Default)]
pub(crate) struct DateTime {
    pub jd: i64,
    pub y: i32,
    pub m: i32,
    pub d: i32,
    pub h: i32,
    pub mi: i32,
    pub s: f64,
    /// Timezone offset in minutes, from a `±HH:MM` suffix.
    pub tz: i32,
    pub valid_jd: bool,
    pub valid_ymd: bool,
    pub valid_hms: bool,
    pub valid_tz: bool,
    /// The time value was a bare number (for `unixepoch`/`julianday`/`auto`).
    pub raw_s: bool,
    pub raw: f64,
    pub error: bool,
}

impl DateTime {
    pub fn valid_julian(jd: i64) -> bool {
        (0..=MAX_JD_MS).contains(&jd)
    }

    /// Sets `jd` from the Y-M-D and h:m:s fields.
    pub fn compute_jd(&mut self) {
        if self.valid_jd {
            return;
        }
        let (mut y, mut m, d) = if self.valid_ymd {
            (self.y, self.m, self.d)
        } else {
            (2000, 1, 1)
        };
        if !(-4713..=9999).contains(&y) {
            self.error = true;
            return;
        }
        if self.raw_s {
            // A bare number outside the Julian day range: an error, but the default date
            // still gets computed (a later localtime/utc can clear the error).
            self.error = true;
        }
        if m <= 2 {
            y -= 1;
            m += 12;
        }
        let a = y / 100;
        let b = 2 - a + a / 4;
        let x1 = 36525 * (i64::from(y) + 4716) / 100;
        let x2 = 306001 * (i64::from(m) + 1) / 10000;
        let days = x1 + x2 + i64::from(d) + i64::from(b);
        self.jd = ((days as f64 - 1524.5) * DAY_MS as f64) as i64;
        self.valid_jd = true;
        if self.valid_hms {
            self.jd += i64::from(self.h) * 3_600_000
                + i64::from(self.mi) * 60_000
                + (self.s * 1000.0 + 0.5) as i64;
            if self.valid_tz {
                self.jd -= i64::from(self.tz) * 60_000;
                self.valid_ymd = false;
                self.valid_hms = false;
                self.valid_tz = false;
            }
        }
    }

    /// Sets Y-M-D from `jd`.
    pub fn compute_ymd(&mut self) {
        if self.valid_ymd {
            return;
        }
        if !self.valid_jd {
            self.y = 2000;
            self.m = 1;
            self.d = 1;
        } else if !DateTime::valid_julian(self.jd) {
            self.error = true;
            return;
        } else {
            let z = (self.jd + 43_200_000) / DAY_MS;
            let a = ((z as f64 - 1_867_216.25) / 36_524.25) as i64;
            let a = z + 1 + a - a / 4;
            let b = a + 1524;
            let c = ((b as f64 - 122.1) / 365.25) as i64;
            let d = (36525 * (c & 32767)) / 100;
            let e = ((b - d) as f64 / 30.6001) as i64;
            let x1 = (30.6001 * e as f64) as i64;
            self.d = (b - d - x1) as i32;
            self.m = if e < 14 { e - 1 } else { e - 13 } as i32;
            self.y = if self.m > 2 { c - 4716 } else { c - 4715 } as i32;
        }
        self.valid_ymd = true;
    }

    /// Sets h:m:s from `jd`.
    pub fn compute_hms(&mut self) {
        if self.valid_hms {
            return;
        }
        self.compute_jd();
        let ms = ((self.jd + 43_200_000) % DAY_MS) as i32;
        let mut s = f64::from(ms) / 1000.0;
        let whole = s as i32;
        s -= f64::from(whole);
        self.h = whole / 3600;
        let rest = whole - self.h * 3600;
        self.mi = rest / 60;
        self.s = s + f64::from(rest - self.mi * 60);
        self.raw_s = false;
        self.valid_hms = true;
    }

    pub fn compute_ymd_hms(&mut self) {
        self.compute_ymd();
        self.compute_hms();
    }

    /// Forgets the broken-down fields (after `jd` changed).
    pub fn clear_ymd_hms_tz(&mut self) {
        self.valid_ymd = false;
        self.valid_hms = false;
        self.valid_tz = false;
    }
}

/// Parses the time value and applies the modifiers; `None` means the SQL result is NULL.
fn evaluate(ctx: &Context<'_>, args: &[Value]) -> Option<DateTime> {
    evaluate_tracked(ctx, args, &mut false)
}

/// [`evaluate`], also setting `impure` when the evaluation reads the clock (`'now'`, no time
/// value) or the time zone (a `localtime`/`utc` modifier it reaches).
fn evaluate_tracked(ctx: &Context<'_>, args: &[Value], impure: &mut bool) -> Option<DateTime> {
    let mut p = if args.is_empty() {
        *impure = true;
        parse::now(ctx)
    } else {
        if let Value::Text(t) = &args[0] {
            *impure |= t.eq_ignore_ascii_case("now");
        }
        parse::time_value(ctx, &args[0])?
    };
    for (idx, m) in args.iter().skip(1).enumerate() {
        let text = convert::c_text(m)?;
        *impure |= text.eq_ignore_ascii_case("localtime") || text.eq_ignore_ascii_case("utc");
        modifier::apply(ctx, &mut p, &text, idx)?;
    }
    p.compute_jd();
    if p.error || !DateTime::valid_julian(p.jd) {
        return None;
    }
    Some(p)
}

/// Whether calling date/time function `name` (lower-case) on `args` reads the clock or the
/// time zone, which sqlite3 refuses in CHECK constraints, generated columns and indexes.
/// False for other functions.
pub(crate) fn reads_clock(ctx: &Context<'_>, name: &str, args: &[Value]) -> bool {
    let args = match name {
        "date" | "time" | "datetime" | "julianday" | "unixepoch" => args,
        "strftime" if args.first().and_then(convert::c_text).is_some() => &args[1..],
        "timediff" => {
            let mut impure = false;
            for a in args {
                evaluate_tracked(ctx, std::slice::from_ref(a), &mut impure);
            }
            return impure;
        }
        _ => return false,
    };
    let mut impure = false;
    evaluate_tracked(ctx, args, &mut impure);
    impure
}

fn date_fn(ctx: &mut Context<'_>, a: &[Value], out: fn(&mut DateTime) -> Value) -> Result<Value> {
    Ok(match evaluate(ctx, a) {
        Some(mut p) => out(&mut p),
        None => Value::Null,
    })
}

fn strftime(ctx: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    let Some(fmt) = a.first().and_then(convert::c_text) else {
        return Ok(Value::Null);
    };
    let fmt = fmt.into_owned();
    Ok(match evaluate(ctx, &a[1..]) {
        Some(mut p) => format::strftime(&fmt, &mut p).map_or(Value::Null, Value::Text),
        None => Value::Null,
    })
}

pub(crate) fn register(r: &mut FunctionRegistry) {
    // Reported deterministic like SQLite's (which treats 'now' as constant within one
    // statement, and refuses it in schema expressions).
    let fl = flags::INNOCUOUS | flags::DETERMINISTIC;
    scalar(r, "date", -1, fl, |c, a| date_fn(c, a, format::date));
    scalar(r, "time", -1, fl, |c, a| date_fn(c, a, format::time));
    scalar(r, "datetime", -1, fl, |c, a| {
        date_fn(c, a, format::datetime)
    });
    scalar(r, "julianday", -1, fl, |c, a| {
        date_fn(c, a, format::julianday)
    });
    scalar(r, "unixepoch", -1, fl, |c, a| {
        date_fn(c, a, format::unixepoch)
    });
    scalar(r, "strftime", -1, fl, strftime);
    scalar(r, "timediff", 2, fl, timediff::timediff);
    scalar(r, "current_date", 0, flags::INNOCUOUS, |c, _| {
        date_fn(c, &[], format::date)
    });
    scalar(r, "current_time", 0, flags::INNOCUOUS, |c, _| {
        date_fn(c, &[], format::time)
    });
    scalar(r, "current_timestamp", 0, flags::INNOCUOUS, |c, _| {
        date_fn(c, &[], format::datetime)
    });
}

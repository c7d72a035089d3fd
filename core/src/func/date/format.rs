//! Rendering a moment: the output functions and `strftime`.

use super::{DateTime, DAY_MS, UNIX_EPOCH_JD_MS};
use crate::func::float;
use crate::value::Value;

fn ymd_text(p: &mut DateTime) -> String {
    p.compute_ymd();
    format!("{}-{:02}-{:02}", year_text(p.y), p.m, p.d)
}

/// Four digits, with a leading `-` for years before 1 BC (`-0044`).
fn year_text(y: i32) -> String {
    if y < 0 {
        format!("-{:04}", -y)
    } else {
        format!("{y:04}")
    }
}

fn hms_text(p: &mut DateTime) -> String {
    p.compute_hms();
    format!("{:02}:{:02}:{:02}", p.h, p.mi, p.s as i32)
}

pub(crate) fn date(p: &mut DateTime) -> Value {
    Value::Text(ymd_text(p))
}

pub(crate) fn time(p: &mut DateTime) -> Value {
    Value::Text(hms_text(p))
}

pub(crate) fn datetime(p: &mut DateTime) -> Value {
    Value::Text(format!("{} {}", ymd_text(p), hms_text(p)))
}

pub(crate) fn julianday(p: &mut DateTime) -> Value {
    p.compute_jd();
    Value::Real(p.jd as f64 / DAY_MS as f64)
}

fn unix_seconds(p: &mut DateTime) -> i64 {
    p.compute_jd();
    p.jd / 1000 - UNIX_EPOCH_JD_MS / 1000
}

pub(crate) fn unixepoch(p: &mut DateTime) -> Value {
    Value::Integer(unix_seconds(p))
}

/// Day of the year (0-based) of `p`.
fn day_of_year(p: &mut DateTime) -> i64 {
    p.compute_ymd_hms();
    let mut jan1 = p.clone();
    jan1.valid_jd = false;
    jan1.valid_tz = false;
    jan1.m = 1;
    jan1.d = 1;
    jan1.compute_jd();
    p.compute_jd();
    (p.jd - jan1.jd + 43_200_000) / DAY_MS
}

/// `strftime(fmt, ...)`; `None` (NULL) for an unknown conversion.
pub(crate) fn strftime(fmt: &str, p: &mut DateTime) -> Option<String> {
    p.compute_jd();
    p.compute_ymd_hms();
    let mut out = String::new();
    let mut it = fmt.chars();
    while let Some(c) = it.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match it.next()? {
            'd' => out.push_str(&format!("{:02}", p.d)),
            'f' => {
                // SQLite's printf("%06.3f"), with its rounding.
                let s = float::fixed(p.s.min(59.999), 3, false, false);
                out.push_str(&format!("{s:0>6}"));
            }
            'H' => out.push_str(&format!("{:02}", p.h)),
            'j' => out.push_str(&format!("{:03}", day_of_year(p) + 1)),
            'J' => {
                let r = p.jd as f64 / DAY_MS as f64;
                out.push_str(&float::general(r, 16, false, false, false));
            }
            'm' => out.push_str(&format!("{:02}", p.m)),
            'M' => out.push_str(&format!("{:02}", p.mi)),
            's' => out.push_str(&unix_seconds(p).to_string()),
            'S' => out.push_str(&format!("{:02}", p.s as i32)),
            'w' => {
                let wd = ((p.jd + 129_600_000) / DAY_MS) % 7;
                out.push_str(&wd.to_string());
            }
            'W' => {
                let n_day = day_of_year(p);
                let wd = ((p.jd + 43_200_000) / DAY_MS) % 7; // 0 = Monday
                out.push_str(&format!("{:02}", (n_day + 7 - wd) / 7));
            }
            // C's "%04d": the sign counts toward the width (-0044 in date(), -044 here).
            'Y' => out.push_str(&format!("{:04}", p.y)),
            '%' => out.push('%'),
            _ => return None,
        }
    }
    Some(out)
}

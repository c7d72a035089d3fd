//! Decimal rendering of REALs the way SQLite's printf renders them.
//!
//! SQLite does not print correctly rounded digits; it computes in x87 extended precision
//! ([`super::ld`]). One model, checked digit for digit against sqlite3 3.40.1 (the ignored
//! agreement tests in `tests/printf.rs`, and the `%!` grids of `tests/difftest/tests/misc6.rs`):
//! the value is scaled into `[1, 10)` in extended precision, a rounder of half a unit in the
//! last shown digit is added (`%f` adds it before scaling, plus `value × 3e-16` when
//! [`fixed_rounder`] says so; so `%!.3f` of 1e16 is `10000000000000000.001`,
//! `printf('%.2f', 1.005)` is `1.01` and `printf('%!.1f', 4.35)` is `4.4`), and the digits are
//! extracted by repeated `×10`, 16 of them (26 with `!`), the rest printing as `0`. So
//! `printf('%.20e', 1.0/3)` is `3.33333333333333300000e-01` and `quote(1.0/3)` (`%!.20e`)
//! is `3.33333333333333314829e-01`.

/// A non-negative decimal `0.d1 d2 d3 ... × 10^exp` (so `1.5` is digits `15`, exp 1).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decimal {
    pub digits: Vec<u8>,
    pub exp: i32,
    /// The original value.
    value: f64,
}

impl Decimal {
    /// The exact digits of `|r|` (up to 60 significant digits). `r` must be finite.
    pub fn of(r: f64) -> Decimal {
        let r = r.abs();
        if r == 0.0 {
            return Decimal {
                digits: vec![0],
                exp: 1,
                value: 0.0,
            };
        }
        let s = format!("{:.59e}", r);
        let (mantissa, e) = s.split_once('e').unwrap_or((&s, "0"));
        let e: i32 = e.parse().unwrap_or(0);
        let mut digits: Vec<u8> = mantissa
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(|b| b - b'0')
            .collect();
        while digits.len() > 1 && digits.last() == Some(&0) {
            digits.pop();
        }
        Decimal {
            digits,
            exp: e + 1,
            value: r,
        }
    }

    /// Keeps only the first `n` significant digits (the rest read as 0).
    pub fn truncate(&mut self, n: usize) {
        self.digits.truncate(n.max(1));
    }

    /// Digit at position `i` (0 = first significant), zero past the end.
    pub fn digit(&self, i: i32) -> u8 {
        if i < 0 {
            return 0;
        }
        self.digits.get(i as usize).copied().unwrap_or(0)
    }

    pub fn is_zero(&self) -> bool {
        self.digits.iter().all(|&d| d == 0)
    }

    /// Rounds as SQLite's printf does so that `keep` significant digits are shown, with at
    /// most `max_sig` real digits.
    fn round_sqlite(&mut self, keep: i32, max_sig: usize, fixed: bool) {
        if !self.is_zero() {
            // Scale into [1, 10) and add the rounder in extended precision, then truncate.
            // `%f` adds its rounder (half a unit of the last decimal) before scaling, so a
            // rounder below the value's extended ulp rounds it up or vanishes:
            // `printf('%!.3f', 1e16)` is `10000000000000000.001` in sqlite3.
            let (n, mut e, r) = if fixed {
                let prec = keep - self.exp;
                let v = super::ld::Ld::from_f64(self.value).add(fixed_rounder(self.value, prec));
                let (n, e) = super::ld::normalize_ld(v);
                (n, e, super::ld::Ld::from_u64(0))
            } else {
                let (n, e) = super::ld::normalize(self.value);
                (n, e, super::ld::rounder(keep - 1))
            };
            let mut sum = n.add(r);
            let ten = super::ld::Ld::from_u64(10);
            if sum.ge(ten) {
                // SQLite renormalises with a multiplication by 0.1.
                sum = sum.mul(super::ld::Ld::from_f64(0.1));
                e += 1;
            }
            self.digits = sum.digits_by_steps(max_sig);
            self.exp = e + 1;
        }
        self.truncate(max_sig);
        if self.is_zero() {
            self.digits = vec![0];
            self.exp = 1;
        }
    }
}

/// The rounder `%f` adds before extracting digits: half a unit of the last shown decimal,
/// plus `value × 3e-16` (in extended precision) when `prec + e2/3 < 15`, `e2` being the
/// value's binary exponent (C division, truncating). Observed in sqlite3 3.40.1:
/// `printf('%.2f', 1.005)` is `1.01` and `printf('%!.30f', 6.655980840300946e-15)` ends in
/// `...948`, while `printf('%!.15f', 0.8161627092332104)` (15 + (-1)/3 = 15) gets no extra.
fn fixed_rounder(value: f64, prec: i32) -> super::ld::Ld {
    use super::ld::{rounder, Ld};
    let e2 = ((value.to_bits() >> 52) & 0x7ff) as i32 - 1023;
    let r = rounder(prec);
    if prec + e2 / 3 < 15 {
        r.add(Ld::from_f64(value).mul(Ld::from_f64(3e-16)))
    } else {
        r
    }
}

/// Significant digits SQLite generates: 16, or 26 with the `!` flag.
fn max_sig(alt2: bool) -> usize {
    if alt2 {
        26
    } else {
        16
    }
}

/// Appends `.frac`; with `!` trailing zeros go but one digit stays (`2.0`).
fn push_fraction(out: &mut String, frac: String, alt: bool, alt2: bool) {
    if alt2 {
        let f = frac.trim_end_matches('0');
        out.push('.');
        out.push_str(if f.is_empty() { "0" } else { f });
    } else if !frac.is_empty() || alt {
        out.push('.');
        out.push_str(&frac);
    }
}

fn digit_char(d: &Decimal, i: i32) -> char {
    (b'0' + d.digit(i)) as char
}

/// `%f` body (no sign): `prec` digits after the point. `alt` is `#`, `alt2` is `!`.
pub(crate) fn fixed(r: f64, prec: usize, alt: bool, alt2: bool) -> String {
    let mut d = Decimal::of(r);
    d.round_sqlite(d.exp + prec as i32, max_sig(alt2), true);
    let mut out = String::new();
    if d.exp <= 0 {
        out.push('0');
    } else {
        out.extend((0..d.exp).map(|i| digit_char(&d, i)));
    }
    let frac: String = (0..prec as i32)
        .map(|i| digit_char(&d, d.exp + i))
        .collect();
    push_fraction(&mut out, frac, alt, alt2);
    out
}

/// `%e` body (no sign): one digit, `prec` decimals, `e±XX`.
pub(crate) fn exponential(r: f64, prec: usize, alt: bool, alt2: bool, upper: bool) -> String {
    let mut d = Decimal::of(r);
    d.round_sqlite(prec as i32 + 1, max_sig(alt2), false);
    let e = if d.is_zero() { 0 } else { d.exp - 1 };
    let mut out = String::new();
    out.push(digit_char(&d, 0));
    let frac: String = (1..=prec as i32).map(|i| digit_char(&d, i)).collect();
    push_fraction(&mut out, frac, alt, alt2);
    push_exponent(&mut out, e, upper);
    out
}

fn push_exponent(out: &mut String, e: i32, upper: bool) {
    out.push(if upper { 'E' } else { 'e' });
    out.push(if e < 0 { '-' } else { '+' });
    let a = e.unsigned_abs();
    if a < 10 {
        out.push('0');
    }
    out.push_str(&a.to_string());
}

/// `%g` body (no sign): `prec` significant digits, trailing zeros removed unless `alt` (`#`);
/// `alt2` (`!`) keeps at least `.0`.
pub(crate) fn general(r: f64, prec: usize, alt: bool, alt2: bool, upper: bool) -> String {
    let p = prec.max(1) as i32;
    let mut d = Decimal::of(r);
    d.round_sqlite(p, max_sig(alt2), false);
    let x = if d.is_zero() { 0 } else { d.exp - 1 };
    let mut out = String::new();
    let (int_end, frac): (i32, String) = if x < -4 || x >= p {
        out.push(digit_char(&d, 0));
        (0, (1..p).map(|i| digit_char(&d, i)).collect())
    } else {
        if x < 0 {
            out.push('0');
        } else {
            out.extend((0..=x).map(|i| digit_char(&d, i)));
        }
        (
            x,
            (0..p - 1 - x).map(|i| digit_char(&d, x + 1 + i)).collect(),
        )
    };
    let _ = int_end;
    let frac = if alt {
        frac
    } else {
        frac.trim_end_matches('0').to_owned()
    };
    // For %g, '#' (keep the zeros) beats '!'.
    push_fraction(&mut out, frac, alt, alt2 && !alt);
    if x < -4 || x >= p {
        push_exponent(&mut out, x, upper);
    }
    out
}

/// SQLite's text form of a REAL (`%!.15g`): what `CAST(r AS TEXT)`, `length(r)`, `r || ''`
/// produce. Infinities are `Inf`/`-Inf`; NaN (which SQLite never stores) is empty.
pub(crate) fn real_to_text(r: f64) -> String {
    if r.is_nan() {
        return String::new();
    }
    if r.is_infinite() {
        return if r > 0.0 { "Inf".into() } else { "-Inf".into() };
    }
    let body = general(r, 15, false, true, false);
    if r < 0.0 && body.bytes().any(|b| b != b'0' && b != b'.') {
        format!("-{body}")
    } else {
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_rounding_model() {
        assert_eq!(fixed(2.0005, 3, false, false), "2.001");
        assert_eq!(fixed(0.15, 1, false, false), "0.2");
        assert_eq!(fixed(0.5, 0, false, false), "1");
        assert_eq!(
            fixed(0.1, 30, false, false),
            "0.100000000000000000000000000000"
        );
        assert_eq!(
            exponential(1.0 / 3.0, 20, false, false, false),
            "3.33333333333333300000e-01"
        );
        assert_eq!(
            exponential(1.0 / 3.0, 20, false, true, false),
            "3.33333333333333314829e-01"
        );
        assert_eq!(
            exponential(1.000000000000005, 20, false, true, false),
            "1.00000000000000510702e+00"
        );
        assert_eq!(
            exponential(9223372036854775808.0, 20, false, true, false),
            "9.2233720368547758078e+18"
        );
        assert_eq!(fixed(2.675, 16, false, false), "2.6749999999999990");
        assert_eq!(fixed(1.005, 2, false, false), "1.01");
        assert_eq!(fixed(0.3, 0, false, false), "0");
        assert_eq!(fixed(0.03, 0, false, false), "0");
        assert_eq!(fixed(9.99, 1, false, false), "10.0");
        assert_eq!(fixed(2.0, 0, false, true), "2.0");
        assert_eq!(fixed(0.1, 30, false, true), "0.10000000000000000555111512");
        assert_eq!(general(100000.0, 6, false, false, false), "100000");
        assert_eq!(exponential(9.995, 2, false, false, false), "9.99e+00");
        assert_eq!(exponential(1.005, 2, false, false, false), "1.00e+00");
        assert_eq!(exponential(16.005, 3, false, false, false), "1.600e+01");
        assert_eq!(fixed(16.005, 2, false, false), "16.01");
        assert_eq!(fixed(9.995, 2, false, false), "10.00");
        assert_eq!(general(1e6, 6, false, false, false), "1e+06");
        assert_eq!(general(1.0, 6, true, false, false), "1.00000");
        assert_eq!(real_to_text(1.000000000000005), "1.00000000000001");
        assert_eq!(real_to_text(1e15), "1.0e+15");
        assert_eq!(real_to_text(-2.5), "-2.5");
        assert_eq!(real_to_text(0.1 + 0.2), "0.3");
        assert_eq!(real_to_text(-0.0), "0.0");
        assert_eq!(real_to_text(123456789012345.0), "123456789012345.0");
        assert_eq!(real_to_text(1e-5), "1.0e-05");
    }
}

//! `printf(FORMAT, ...)` / `format(FORMAT, ...)` (printf.html).
//!
//! A conversion is `%[flags][width][.precision][l|ll]type`:
//! - flags `-` left-justify, `+`/space sign, `0` zero-pad, `#` alternate form, `!` (more
//!   digits for floats, widths in characters for strings), `,` thousands separators (decimal
//!   integers only);
//! - width/precision may be `*` (taken from the next argument; a negative width
//!   left-justifies, a negative precision counts as its absolute value); a `*` argument is
//!   cut to its low 32 bits (a C int), written numbers wrap at 2^31;
//! - types: `d i` signed, `u` unsigned, `x X o p` hex/octal (two's complement), `r` ordinal,
//!   `f e E g G` floats (see [`super::float`]), `s z` text, `q Q w` SQL-escaped text,
//!   `c` (first character, repeated `precision` times), `%`, `n` (nothing).
//! - An unknown type ends the output there.
//!
//! Missing arguments read as NULL: 0 for numbers, empty for strings.

use super::context::Context;
use super::convert;
use super::float;
use crate::error::Result;
use crate::value::Value;

#[derive(Default, Clone, Copy)]
struct Spec {
    left: bool,
    plus: bool,
    space: bool,
    zero: bool,
    alt: bool,
    alt2: bool,
    comma: bool,
    width: usize,
    precision: Option<usize>,
}

/// The most digits a float conversion shows after the point (sqlite3's limit).
const FP_PRECISION_LIMIT: usize = 100_000_000;

/// Supplies the arguments in order; NULL once they run out.
struct Args<'a> {
    args: &'a [Value],
    next: usize,
}

impl Args<'_> {
    fn take(&mut self) -> &Value {
        let v = self.args.get(self.next).unwrap_or(&Value::Null);
        self.next += 1;
        v
    }
}

/// Formats `fmt` with `args`. `None` (SQL NULL, as in sqlite3) when nothing was produced
/// and no conversion ran (`printf('')`), or when the result would pass the length limit.
pub(crate) fn format(ctx: &Context<'_>, fmt: &str, args: &[Value]) -> Result<Option<String>> {
    let mut out = String::new();
    let mut converted = false;
    let mut args = Args { args, next: 0 };
    let b = fmt.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i] != b'%' {
            i += 1;
        }
        out.push_str(&fmt[start..i]);
        if i >= b.len() {
            break;
        }
        i += 1; // '%'
        if i >= b.len() {
            out.push('%');
            converted = true;
            break;
        }
        let (spec, next) = parse_spec(b, i, &mut args);
        i = next;

        // length modifiers
        let mut longs = 0;
        while i < b.len() && b[i] == b'l' && longs < 2 {
            i += 1;
            longs += 1;
        }
        let Some(&conv) = b.get(i) else { break };
        i += 1;
        // SQLite caps a float's digit count at 100,000,000.
        let mut spec = spec;
        if b"feEgG".contains(&conv) {
            spec.precision = spec.precision.map(|p| p.min(FP_PRECISION_LIMIT));
        }
        // A result over the length limit is NULL in sqlite3 (not an error); a width or a
        // digit count beyond the limit can only give that: no huge string is built.
        let limit = ctx.env.max_length();
        let digits = b"diuxXoprfeEgGc".contains(&conv);
        if spec.width > limit || (digits && spec.precision.is_some_and(|p| p > limit)) {
            return Ok(None);
        }
        if !convert_one(&mut out, conv, spec, &mut args) {
            break;
        }
        converted = true;
        if out.len() > limit {
            return Ok(None);
        }
    }
    if out.len() > ctx.env.max_length() {
        return Ok(None);
    }
    Ok(if out.is_empty() && !converted {
        None
    } else {
        Some(out)
    })
}

/// One floating-point conversion (`conv` one of `f e E g G`) with its flags (any of `-+ 0#!`),
/// width and precision, rendered exactly as SQL `printf()` renders it. For the C API's
/// `sqlite3_mprintf` family, whose C shim walks the `va_list` and hands floats over here so
/// both front doors print REALs the same way.
pub fn format_real(
    flags: &str,
    width: usize,
    precision: Option<usize>,
    conv: u8,
    v: f64,
) -> String {
    let spec = Spec {
        left: flags.contains('-'),
        plus: flags.contains('+'),
        space: flags.contains(' '),
        zero: flags.contains('0'),
        alt: flags.contains('#'),
        alt2: flags.contains('!'),
        comma: false,
        width,
        precision,
    };
    let mut out = String::new();
    floating(&mut out, spec, conv, v);
    out
}

/// Reads a number that wraps like SQLite's 32-bit accumulator (masked to 31 bits).
fn read_number(b: &[u8], mut i: usize) -> (usize, usize) {
    let mut n: u32 = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        n = n.wrapping_mul(10).wrapping_add(u32::from(b[i] - b'0'));
        i += 1;
    }
    ((n & 0x7fff_ffff) as usize, i)
}

fn parse_spec(b: &[u8], mut i: usize, args: &mut Args<'_>) -> (Spec, usize) {
    let mut s = Spec::default();
    while i < b.len() {
        match b[i] {
            b'-' => s.left = true,
            // '+' and ' ' share one slot in SQLite: the later one wins.
            b'+' => {
                s.plus = true;
                s.space = false;
            }
            b' ' => {
                s.space = true;
                s.plus = false;
            }
            b'#' => s.alt = true,
            b'!' => s.alt2 = true,
            b'0' => s.zero = true,
            b',' => s.comma = true,
            _ => break,
        }
        i += 1;
    }
    if b.get(i) == Some(&b'*') {
        // The argument is cut to a C int (its low 32 bits); negative left-justifies.
        let w = convert::int(args.take()) as i32;
        if w < 0 {
            s.left = true;
        }
        s.width = if w == i32::MIN {
            0
        } else {
            w.unsigned_abs() as usize
        };
        i += 1;
    } else {
        let (w, next) = read_number(b, i);
        s.width = w;
        i = next;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if b.get(i) == Some(&b'*') {
            // Cut to a C int like the width; i32::MIN means no precision.
            let p = convert::int(args.take()) as i32;
            s.precision = (p != i32::MIN).then(|| p.unsigned_abs() as usize);
            i += 1;
        } else {
            let (p, next) = read_number(b, i);
            s.precision = Some(p);
            i = next;
        }
    }
    (s, i)
}

/// Formats one conversion; false for an unknown type (the output stops).
fn convert_one(out: &mut String, conv: u8, s: Spec, args: &mut Args<'_>) -> bool {
    match conv {
        b'd' | b'i' => {
            let v = convert::int(args.take());
            integer(out, s, v < 0, v.unsigned_abs(), 10, false, "", None);
        }
        b'u' => {
            let v = convert::int(args.take()) as u64;
            let s = Spec {
                plus: false,
                space: false,
                ..s
            };
            integer(out, s, false, v, 10, false, "", None);
        }
        b'x' | b'X' | b'o' | b'p' => {
            let v = convert::int(args.take()) as u64;
            let s = Spec {
                plus: false,
                space: false,
                comma: false,
                ..s
            };
            let (radix, upper, prefix) = match conv {
                b'x' => (16, false, "0x"),
                b'X' => (16, true, "0X"),
                b'p' => (16, true, "0x"),
                _ => (8, false, "0"),
            };
            let prefix = if s.alt && v != 0 { prefix } else { "" };
            integer(out, s, false, v, radix, upper, prefix, None);
        }
        b'r' => {
            let v = convert::int(args.take());
            let s = Spec { comma: false, ..s };
            integer(
                out,
                s,
                v < 0,
                v.unsigned_abs(),
                10,
                false,
                "",
                Some(ordinal(v)),
            );
        }
        b'f' | b'e' | b'E' | b'g' | b'G' => {
            let v = convert::real(args.take());
            floating(out, s, conv, v);
        }
        b's' | b'z' => {
            let v = args.take();
            let t = convert::text(v).unwrap_or_default();
            let t = t.split('\0').next().unwrap_or("");
            let t = cut(t, s.precision, s.alt2);
            pad(out, s, t, s.alt2);
        }
        b'q' | b'Q' | b'w' => {
            let v = args.take();
            let quoted = escape(v, conv, s);
            pad(out, s, &quoted, s.alt2);
        }
        b'c' => {
            let v = args.take();
            let t = convert::text(v).unwrap_or_default();
            // An empty or NULL argument gives a NUL character, as in SQLite.
            let c = t.chars().next().unwrap_or('\0');
            let n = s.precision.unwrap_or(1).max(1);
            pad(out, s, &String::from(c).repeat(n), true);
        }
        b'%' => pad(out, s, "%", false),
        b'n' => {}
        _ => return false,
    }
    true
}

/// The English ordinal suffix of `v` (`1st`, `12th`, `23rd`).
fn ordinal(v: i64) -> &'static str {
    let a = v.unsigned_abs();
    if (11..=13).contains(&(a % 100)) {
        return "th";
    }
    match a % 10 {
        1 => "st",
        2 => "nd",
        3 => "rd",
        _ => "th",
    }
}

#[allow(clippy::too_many_arguments)]
fn integer(
    out: &mut String,
    s: Spec,
    neg: bool,
    mag: u64,
    radix: u32,
    upper: bool,
    prefix: &str,
    suffix: Option<&str>,
) {
    let mut digits = match radix {
        16 if upper => format!("{mag:X}"),
        16 => format!("{mag:x}"),
        8 => format!("{mag:o}"),
        _ => mag.to_string(),
    };
    let sign = if neg {
        "-"
    } else if s.plus {
        "+"
    } else if s.space {
        " "
    } else {
        ""
    };
    // An ordinal's suffix counts toward its precision and width.
    let suffix_len = suffix.map_or(0, str::len);
    let mut min_digits = s
        .precision
        .map_or(1, |p| p.saturating_sub(suffix_len).max(1));
    if s.zero {
        let reserve = sign.len() + suffix.map_or(0, str::len);
        min_digits = min_digits.max(s.width.saturating_sub(reserve));
    }
    if digits.len() < min_digits {
        digits = "0".repeat(min_digits - digits.len()) + &digits;
    }
    if s.comma && radix == 10 {
        digits = group_thousands(&digits);
    }
    let body = format!("{sign}{prefix}{digits}{}", suffix.unwrap_or(""));
    pad(out, Spec { zero: false, ..s }, &body, false);
}

fn group_thousands(d: &str) -> String {
    let n = d.len();
    let mut out = String::with_capacity(n + n / 3);
    for (k, c) in d.chars().enumerate() {
        if k > 0 && (n - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn floating(out: &mut String, s: Spec, conv: u8, v: f64) {
    let prec = s.precision.unwrap_or(6);
    let neg = v < 0.0;
    let sign = if neg {
        "-"
    } else if s.plus {
        "+"
    } else if s.space {
        " "
    } else {
        ""
    };
    if v.is_nan() {
        pad(out, Spec { zero: false, ..s }, "NaN", false);
        return;
    }
    if v.is_infinite() {
        pad(out, Spec { zero: false, ..s }, &format!("{sign}Inf"), false);
        return;
    }
    let body = match conv {
        b'f' => float::fixed(v, prec, s.alt, s.alt2),
        b'e' => float::exponential(v, prec, s.alt, s.alt2, false),
        b'E' => float::exponential(v, prec, s.alt, s.alt2, true),
        b'g' => float::general(v, prec, s.alt, s.alt2, false),
        _ => float::general(v, prec, s.alt, s.alt2, true),
    };
    if s.zero && !s.left && sign.len() + body.len() < s.width {
        let zeros = "0".repeat(s.width - sign.len() - body.len());
        out.push_str(&format!("{sign}{zeros}{body}"));
        return;
    }
    pad(out, s, &format!("{sign}{body}"), false);
}

/// At most `precision` bytes (characters with `!`), cut at a character boundary.
fn cut(t: &str, precision: Option<usize>, chars: bool) -> &str {
    let Some(p) = precision else { return t };
    if chars {
        match t.char_indices().nth(p) {
            Some((i, _)) => &t[..i],
            None => t,
        }
    } else if p >= t.len() {
        t
    } else {
        let mut end = p;
        while !t.is_char_boundary(end) {
            end -= 1;
        }
        &t[..end]
    }
}

/// `%q` (double `'`), `%Q` (also wrap in quotes; NULL → `NULL`), `%w` (double `"`).
fn escape(v: &Value, conv: u8, s: Spec) -> String {
    if v.is_null() {
        let t = if conv == b'Q' { "NULL" } else { "(NULL)" };
        return cut(t, s.precision, s.alt2).to_owned();
    }
    let t = convert::text(v).unwrap_or_default();
    let t = t.split('\0').next().unwrap_or("");
    let t = cut(t, s.precision, s.alt2);
    let q = if conv == b'w' { '"' } else { '\'' };
    let mut out = String::with_capacity(t.len() + 2);
    if conv == b'Q' {
        out.push('\'');
    }
    for c in t.chars() {
        if c == q {
            out.push(q);
        }
        out.push(c);
    }
    if conv == b'Q' {
        out.push('\'');
    }
    out
}

/// Pads `body` to the width with spaces (left or right). Width counts bytes unless `chars`.
fn pad(out: &mut String, s: Spec, body: &str, chars: bool) {
    let len = if chars {
        body.chars().count()
    } else {
        body.len()
    };
    let fill = s.width.saturating_sub(len);
    if s.left {
        out.push_str(body);
        out.extend(std::iter::repeat_n(' ', fill));
    } else {
        out.extend(std::iter::repeat_n(' ', fill));
        out.push_str(body);
    }
}

/// The SQL function body of `printf`/`format`.
pub(crate) fn printf_fn(ctx: &mut Context<'_>, a: &[Value]) -> Result<Value> {
    let Some(fmt) = a.first().and_then(convert::text) else {
        return Ok(Value::Null);
    };
    // The format is a C string: it ends at its first NUL.
    let fmt = fmt.split('\0').next().unwrap_or("");
    Ok(format(ctx, fmt, &a[1..])?.map_or(Value::Null, Value::Text))
}

//! The tokenizer: SQL text → tokens, one at a time, skipping whitespace and comments.
//!
//! Rules (matching SQLite 3.40's observable behaviour):
//! - Whitespace is space, tab, newline, form feed and carriage return. `-- ...` runs to the end
//!   of the line; `/* ... */` may be left unterminated at the end of the input.
//! - Identifier characters are ASCII letters, digits, `_`, `$` and every byte >= 0x80; an
//!   identifier cannot start with a digit or `$`.
//! - Numbers: `digits[.digits][e[+-]digits]`, `.digits[...]`, `0x` hexdigits. A decimal number
//!   directly followed by identifier characters (`123abc`, `1e`, `1_000`) is one illegal token;
//!   a hex number simply ends where its digits end (`0x1g` is `0x1` then `g`), and `0x` with
//!   no digit is illegal.
//! - Strings `'..'` double `'` to escape; `"..."` and `` `...` `` double their quote;
//!   `[...]` has no escape. An unterminated quote makes the rest of the input one illegal token.
//! - Blobs `x'hex'` need an even number of hex digits, else the whole literal is illegal.
//! - Parameters: `?` followed by digits; `:`, `@`, `$`, `#` followed by one or more identifier
//!   characters, which may also contain `::` and end in a `(...)` suffix without whitespace
//!   (Tcl style). `#` followed by a digit is SQLite's internal register syntax: a token that
//!   no statement accepts (`near "#1": syntax error`).
//! - A lone `!` is illegal; any other unknown byte is an illegal one-character token.
//! - A NUL character ends the input (as for `sqlite3_prepare`).

use super::ast::Span;
use super::keywords;
use super::token::{Tk, Token};

pub(crate) fn is_id_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

fn is_id_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r')
}

/// A cursor over SQL text producing tokens.
#[derive(Clone)]
pub(crate) struct Lexer<'a> {
    /// The text up to (not including) the first NUL, which ends the input as in SQLite.
    sql: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(sql: &'a str, pos: usize) -> Lexer<'a> {
        let end = sql.find('\0').unwrap_or(sql.len());
        Lexer {
            sql: &sql[..end],
            pos: pos.min(end),
        }
    }

    /// The next token after skipping whitespace and comments; `Eof` (empty span at the end)
    /// once the input is exhausted.
    pub fn next_token(&mut self) -> Token {
        self.skip_space_and_comments();
        let start = self.pos;
        let bytes = self.sql.as_bytes();
        if start >= bytes.len() {
            return Token {
                kind: Tk::Eof,
                span: Span::new(bytes.len(), bytes.len()),
            };
        }
        let (kind, len) = scan(&bytes[start..]);
        // Never split a UTF-8 sequence: extend an illegal token to a char boundary.
        let mut end = start + len;
        while end < bytes.len() && !self.sql.is_char_boundary(end) {
            end += 1;
        }
        self.pos = end;
        let kind = if kind == Tk::Id {
            keywords::lookup(&self.sql[start..end]).map_or(Tk::Id, Tk::Kw)
        } else {
            kind
        };
        Token {
            kind,
            span: Span::new(start, end),
        }
    }

    fn skip_space_and_comments(&mut self) {
        let b = self.sql.as_bytes();
        loop {
            while self.pos < b.len() && is_space(b[self.pos]) {
                self.pos += 1;
            }
            if b[self.pos..].starts_with(b"--") {
                while self.pos < b.len() && b[self.pos] != b'\n' {
                    self.pos += 1;
                }
            } else if b[self.pos..].starts_with(b"/*") && self.pos + 2 < b.len() {
                // (`/*` with nothing after it is a slash and a star, as in SQLite.)
                match find(&b[self.pos + 2..], b"*/") {
                    Some(i) => self.pos += 2 + i + 2,
                    None => self.pos = b.len(),
                }
            } else {
                return;
            }
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Scan one token at the start of `z` (non-empty, not whitespace or a comment): its kind
/// (`Id` for words, before keyword lookup) and its length in bytes.
fn scan(z: &[u8]) -> (Tk, usize) {
    let at = |i: usize| z.get(i).copied().unwrap_or(0);
    match z[0] {
        b'-' => match (at(1), at(2)) {
            (b'>', b'>') => (Tk::Arrow2, 3),
            (b'>', _) => (Tk::Arrow, 2),
            _ => (Tk::Minus, 1),
        },
        b'(' => (Tk::LParen, 1),
        b')' => (Tk::RParen, 1),
        b';' => (Tk::Semi, 1),
        b'+' => (Tk::Plus, 1),
        b'*' => (Tk::Star, 1),
        b'/' => (Tk::Slash, 1),
        b'%' => (Tk::Percent, 1),
        b'=' => (Tk::Eq, if at(1) == b'=' { 2 } else { 1 }),
        b'<' => match at(1) {
            b'=' => (Tk::Le, 2),
            b'>' => (Tk::Ne, 2),
            b'<' => (Tk::ShiftLeft, 2),
            _ => (Tk::Lt, 1),
        },
        b'>' => match at(1) {
            b'=' => (Tk::Ge, 2),
            b'>' => (Tk::ShiftRight, 2),
            _ => (Tk::Gt, 1),
        },
        b'!' => {
            if at(1) == b'=' {
                (Tk::Ne, 2)
            } else {
                (Tk::Illegal, 1)
            }
        }
        b'|' => {
            if at(1) == b'|' {
                (Tk::Concat, 2)
            } else {
                (Tk::Pipe, 1)
            }
        }
        b',' => (Tk::Comma, 1),
        b'&' => (Tk::Ampersand, 1),
        b'~' => (Tk::Tilde, 1),
        b'\'' => scan_quoted(z, b'\'', Tk::String),
        b'"' => scan_quoted(z, b'"', Tk::QuotedId),
        b'`' => scan_quoted(z, b'`', Tk::QuotedId),
        b'[' => match z.iter().position(|&c| c == b']') {
            Some(i) => (Tk::QuotedId, i + 1),
            None => (Tk::Illegal, z.len()),
        },
        b'.' => {
            if at(1).is_ascii_digit() {
                scan_number(z)
            } else {
                (Tk::Dot, 1)
            }
        }
        b'0'..=b'9' => scan_number(z),
        b'?' => {
            let n = 1 + z[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            (Tk::Variable, n)
        }
        b'$' | b'@' | b':' => scan_named_variable(z),
        b'#' if at(1).is_ascii_digit() => {
            // `#NNN` is SQLite's internal register reference: a token no statement accepts.
            (
                Tk::Register,
                1 + z[1..].iter().take_while(|&&c| is_id_char(c)).count(),
            )
        }
        b'#' => scan_named_variable(z),
        b'x' | b'X' if at(1) == b'\'' => scan_blob(z),
        c if is_id_start(c) => (Tk::Id, z.iter().take_while(|&&c| is_id_char(c)).count()),
        _ => (Tk::Illegal, 1),
    }
}

/// A quoted string or identifier; the closing quote is doubled to escape it.
fn scan_quoted(z: &[u8], q: u8, kind: Tk) -> (Tk, usize) {
    let mut i = 1;
    while i < z.len() {
        if z[i] == q {
            if z.get(i + 1) == Some(&q) {
                i += 2;
                continue;
            }
            return (kind, i + 1);
        }
        i += 1;
    }
    (Tk::Illegal, z.len())
}

fn scan_blob(z: &[u8]) -> (Tk, usize) {
    let mut i = 2;
    while i < z.len() && z[i].is_ascii_hexdigit() {
        i += 1;
    }
    if z.get(i) == Some(&b'\'') && (i - 2) % 2 == 0 {
        return (Tk::Blob, i + 1);
    }
    // Illegal: runs to the closing quote (or the end of the input).
    while i < z.len() && z[i] != b'\'' {
        i += 1;
    }
    (Tk::Illegal, (i + 1).min(z.len()))
}

fn scan_number(z: &[u8]) -> (Tk, usize) {
    let digits = |from: usize| from + z[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    if z[0] == b'0' && matches!(z.get(1), Some(b'x' | b'X')) {
        let n = z[2..].iter().take_while(|c| c.is_ascii_hexdigit()).count();
        if n > 0 {
            return (Tk::HexInteger, 2 + n);
        }
        // `0x` with no digit: illegal, together with any identifier characters after it.
        let mut i = 2;
        while i < z.len() && is_id_char(z[i]) {
            i += 1;
        }
        return (Tk::Illegal, i);
    }
    let mut kind = Tk::Integer;
    let mut i = digits(0);
    if z.get(i) == Some(&b'.') {
        kind = Tk::Float;
        i = digits(i + 1);
    }
    if matches!(z.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(z.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if z.get(j).is_some_and(|c| c.is_ascii_digit()) {
            kind = Tk::Float;
            i = digits(j);
        }
    }
    if i < z.len() && is_id_char(z[i]) {
        while i < z.len() && is_id_char(z[i]) {
            i += 1;
        }
        return (Tk::Illegal, i);
    }
    (kind, i)
}

fn scan_named_variable(z: &[u8]) -> (Tk, usize) {
    let mut i = 1;
    let mut n = 0;
    while i < z.len() {
        let c = z[i];
        if is_id_char(c) {
            n += 1;
            i += 1;
        } else if c == b'(' && n > 0 {
            // `$name(...)`: the suffix runs to `)`, with no whitespace inside.
            let mut j = i + 1;
            while j < z.len() && z[j] != b')' && !is_space(z[j]) {
                j += 1;
            }
            if z.get(j) == Some(&b')') {
                return (Tk::Variable, j + 1);
            }
            return (Tk::Illegal, j);
        } else if c == b':' && z.get(i + 1) == Some(&b':') {
            i += 2;
        } else {
            break;
        }
    }
    if n == 0 {
        (Tk::Illegal, i)
    } else {
        (Tk::Variable, i)
    }
}

/// `sqlite3_complete`: true when `sql` ends with a `;` that closes a statement (outside
/// strings, identifiers, comments and a trigger's `BEGIN ... END`), ignoring trailing
/// whitespace and comments. An unterminated quote or comment makes the input incomplete.
///
/// Like SQLite it uses a coarse tokenizer of its own (words, quoted items, `;`, single
/// characters) and this state machine over token classes (observed behaviour):
///
/// | state | `;` | word CREATE | TEMP[ORARY] | TRIGGER | EXPLAIN | END | other |
/// |---|---|---|---|---|---|---|---|
/// | Start | Start | Create | Normal | Normal | Explain | Normal | Normal |
/// | Normal | Start | Normal | Normal | Normal | Normal | Normal | Normal |
/// | Explain | Start | Create | Normal | Normal | Normal | Normal | Explain |
/// | Create | Start | Normal | Create | Trigger | Normal | Normal | Normal |
/// | Trigger | Semi | Trigger | Trigger | Trigger | Trigger | Trigger | Trigger |
/// | Semi | Semi | Trigger | Trigger | Trigger | Trigger | End | Trigger |
/// | End | Start | Trigger | Trigger | Trigger | Trigger | Trigger | Trigger |
///
/// The input is complete when it ends in Start after at least one `;`.
pub fn is_complete(sql: &str) -> bool {
    #[derive(Clone, Copy, PartialEq)]
    enum St {
        Start,
        Normal,
        Explain,
        Create,
        Trigger,
        Semi,
        End,
    }
    #[derive(Clone, Copy, PartialEq)]
    enum C {
        Semi,
        Create,
        Temp,
        Trigger,
        Explain,
        End,
        Other,
    }
    let b = sql.as_bytes();
    let b = &b[..b.iter().position(|&c| c == 0).unwrap_or(b.len())];
    let mut st = St::Start;
    let mut seen_semi = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let class = match c {
            b' ' | b'\t' | b'\n' | b'\x0c' | b'\r' => {
                i += 1;
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                match find(&b[i + 2..], b"*/") {
                    Some(j) => i += 2 + j + 2,
                    None => return false,
                }
                continue;
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b';' => {
                i += 1;
                C::Semi
            }
            b'[' | b'"' | b'\'' | b'`' => {
                let close = if c == b'[' { b']' } else { c };
                match b[i + 1..].iter().position(|&x| x == close) {
                    Some(j) => i += j + 2,
                    None => return false,
                }
                C::Other
            }
            c if is_id_char(c) => {
                let start = i;
                while i < b.len() && is_id_char(b[i]) {
                    i += 1;
                }
                let w = &sql[start..i];
                let is = |k: &str| w.eq_ignore_ascii_case(k);
                if is("create") {
                    C::Create
                } else if is("temp") || is("temporary") {
                    C::Temp
                } else if is("trigger") {
                    C::Trigger
                } else if is("explain") {
                    C::Explain
                } else if is("end") {
                    C::End
                } else {
                    C::Other
                }
            }
            _ => {
                i += 1;
                C::Other
            }
        };
        if class == C::Semi {
            seen_semi = true;
        }
        st = match (st, class) {
            (St::Trigger, C::Semi) | (St::Semi, C::Semi) => St::Semi,
            (St::Semi, C::End) => St::End,
            (St::End, C::Semi) => St::Start,
            (St::Trigger | St::Semi | St::End, _) => St::Trigger,
            (_, C::Semi) => St::Start,
            (St::Start, C::Create) | (St::Explain, C::Create) => St::Create,
            (St::Start, C::Explain) => St::Explain,
            (St::Explain, C::Other) => St::Explain,
            (St::Create, C::Temp) => St::Create,
            (St::Create, C::Trigger) => St::Trigger,
            _ => St::Normal,
        };
    }
    st == St::Start && seen_semi
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(sql: &str) -> Vec<(Tk, &str)> {
        let mut lx = Lexer::new(sql, 0);
        let mut out = Vec::new();
        loop {
            let t = lx.next_token();
            if t.kind == Tk::Eof {
                return out;
            }
            out.push((t.kind, t.span.text(sql)));
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(kinds("1 1.5 .5 1e5 1.e5 0x1F"), {
            use Tk::*;
            vec![
                (Integer, "1"),
                (Float, "1.5"),
                (Float, ".5"),
                (Float, "1e5"),
                (Float, "1.e5"),
                (HexInteger, "0x1F"),
            ]
        });
        assert_eq!(kinds("0x1g"), vec![(Tk::HexInteger, "0x1"), (Tk::Id, "g")]);
        assert_eq!(kinds("1.5e+")[0], (Tk::Illegal, "1.5e"));
        assert_eq!(kinds("123abc")[0], (Tk::Illegal, "123abc"));
        assert_eq!(kinds("1_000")[0], (Tk::Illegal, "1_000"));
        assert_eq!(kinds("00x1")[0], (Tk::Illegal, "00x1"));
        assert_eq!(kinds("0x")[0], (Tk::Illegal, "0x"));
        assert_eq!(kinds("1.5.3"), vec![(Tk::Float, "1.5"), (Tk::Float, ".3")]);
    }

    #[test]
    fn strings_ids_blobs() {
        assert_eq!(kinds("'it''s'"), vec![(Tk::String, "'it''s'")]);
        assert_eq!(kinds("'abc"), vec![(Tk::Illegal, "'abc")]);
        assert_eq!(kinds("\"a\"\"b\" [x y] `z`").len(), 3);
        assert_eq!(kinds("x'0g'"), vec![(Tk::Illegal, "x'0g'")]);
        assert_eq!(kinds("x'abc'"), vec![(Tk::Illegal, "x'abc'")]);
        assert_eq!(kinds("X'AB'"), vec![(Tk::Blob, "X'AB'")]);
        assert_eq!(kinds("xyz"), vec![(Tk::Id, "xyz")]);
    }

    #[test]
    fn variables() {
        assert_eq!(kinds("?1a"), vec![(Tk::Variable, "?1"), (Tk::Id, "a")]);
        assert_eq!(kinds("$a::b(c)"), vec![(Tk::Variable, "$a::b(c)")]);
        assert_eq!(kinds("$a::b(c d)")[0], (Tk::Illegal, "$a::b(c"));
        assert_eq!(kinds(":")[0], (Tk::Illegal, ":"));
        assert_eq!(kinds("$a:")[1], (Tk::Illegal, ":"));
        assert_eq!(kinds("@a:b")[1], (Tk::Variable, ":b"));
    }

    #[test]
    fn operators_and_comments() {
        use Tk::*;
        let k: Vec<Tk> = kinds("a->b->>c || d != e <> f == g -- x\n/* y */ !")
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(
            k,
            vec![Id, Arrow, Id, Arrow2, Id, Concat, Id, Ne, Id, Ne, Id, Eq, Id, Illegal]
        );
        assert!(kinds("select 1 /* open").len() == 2);
    }

    #[test]
    fn completeness() {
        assert!(is_complete("select 1;"));
        assert!(is_complete("select 1; -- c\n"));
        assert!(!is_complete("select 1"));
        assert!(!is_complete("select 'a;"));
        assert!(!is_complete(""));
        assert!(!is_complete(";  select 2"));
        assert!(is_complete(";"));
        assert!(!is_complete(
            "create trigger t after insert on x begin select 1;"
        ));
        assert!(is_complete(
            "create trigger t after insert on x begin select 1; end;"
        ));
        assert!(is_complete("create table trigger(x);"));
    }
}

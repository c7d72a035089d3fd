//! JSON5 text (json1.html, "JSON5 extensions"), as SQLite 3.45+ reads it. SQLite 3.40.1
//! has no JSON5, so only the functions that 3.40.1 lacks read it (`jsonb()`, the `jsonb_`
//! functions, `json_pretty`, `json_error_position`, `json_valid(X, 2)`); the `json_`
//! functions keep 3.40.1's strict RFC 8259 parser (`node::parse`).
//!
//! Accepted beyond RFC 8259: `//` and `/* */` comments and more white space, trailing commas,
//! unquoted (identifier) labels, single-quoted strings, the escapes `\x41 \' \v \0` and
//! line continuations, hexadecimal integers, a leading `+`, `.5` and `5.`, `Infinity`, `NaN`.
//! The result keeps the JSON5 spelling (`Int5`, `Real5`, `Str5`, stored as JSONB `INT5`,
//! `FLOAT5`, `TEXT5`), except `+1` (stored `1`), `Infinity` (stored `9e999`) and `NaN`
//! (stored `null`), as SQLite 3.54.1 stores them. Rendering a JSON5 node as JSON text uses
//! [`int5_text`], [`real5_text`] and [`str5_body`].

use super::node::{Node, MAX_DEPTH};

/// Parses JSON5 text; on failure the byte offset of the error (0 for text after the value).
pub(crate) fn parse(text: &str) -> Result<Node, usize> {
    let mut p = P {
        b: text.as_bytes(),
        i: 0,
    };
    p.ws();
    let n = p.value()?;
    p.ws();
    if p.i != p.b.len() {
        // Text after a complete value is reported at position 1 (SQLite 3.54.1:
        // `json_error_position('[1] x')` is 1).
        return Err(0);
    }
    Ok(n)
}

/// 1-based character position of byte offset `pos` in `text` (`json_error_position`).
pub(crate) fn char_position(text: &str, pos: usize) -> i64 {
    let upto = text
        .get(..pos.min(text.len()))
        .map_or(pos, |s| s.chars().count());
    upto as i64 + 1
}

struct P<'a> {
    b: &'a [u8],
    i: usize,
}

enum Open {
    Array(Vec<Node>),
    Object(Vec<(String, Node)>, String),
}

impl P<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// Skips white space and comments (an unterminated `/*` is left for the caller to fail on).
    fn ws(&mut self) {
        loop {
            let rest = &self.b[self.i..];
            match rest {
                [b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c, ..] => self.i += 1,
                [0xc2, 0xa0, ..] => self.i += 2,
                [0xe2, 0x80, 0xa8 | 0xa9, ..] | [0xef, 0xbb, 0xbf, ..] => self.i += 3,
                [b'/', b'/', ..] => {
                    while !matches!(self.peek(), None | Some(b'\n')) {
                        self.i += 1;
                    }
                }
                [b'/', b'*', ..] => match find(&rest[2..], b"*/") {
                    Some(k) => self.i += 2 + k + 2,
                    None => return,
                },
                _ => return,
            }
        }
    }

    fn value(&mut self) -> Result<Node, usize> {
        let mut stack: Vec<Open> = Vec::new();
        loop {
            self.ws();
            let mut done = match self.peek() {
                Some(b'[') => {
                    self.i += 1;
                    if stack.len() >= MAX_DEPTH {
                        return Err(self.i - 1);
                    }
                    self.ws();
                    if self.eat(b']') {
                        Node::Array(Vec::new())
                    } else {
                        stack.push(Open::Array(Vec::new()));
                        continue;
                    }
                }
                Some(b'{') => {
                    self.i += 1;
                    if stack.len() >= MAX_DEPTH {
                        return Err(self.i - 1);
                    }
                    self.ws();
                    if self.eat(b'}') {
                        Node::Object(Vec::new())
                    } else {
                        let key = self.key()?;
                        stack.push(Open::Object(Vec::new(), key));
                        continue;
                    }
                }
                _ => self.scalar()?,
            };
            loop {
                let Some(top) = stack.last_mut() else {
                    return Ok(done);
                };
                self.ws();
                let close = match top {
                    Open::Array(items) => {
                        items.push(done);
                        b']'
                    }
                    Open::Object(members, key) => {
                        members.push((std::mem::take(key), done));
                        b'}'
                    }
                };
                if self.eat(b',') {
                    self.ws();
                    if !self.eat(close) {
                        if let Some(Open::Object(_, key)) = stack.last_mut() {
                            *key = self.key()?;
                        }
                        break;
                    }
                } else if !self.eat(close) {
                    return Err(self.i);
                }
                done = match stack.pop() {
                    Some(Open::Array(items)) => Node::Array(items),
                    Some(Open::Object(members, _)) => Node::Object(members),
                    None => return Err(self.i),
                };
            }
        }
    }

    /// A label and its `:`; returns the label as a JSON string body.
    fn key(&mut self) -> Result<String, usize> {
        self.ws();
        let key = match self.peek() {
            Some(q @ (b'"' | b'\'')) => {
                self.i += 1;
                match self.string(q)? {
                    Node::Str(s) => s,
                    Node::Str5(s) => str5_body(&s),
                    _ => return Err(self.i),
                }
            }
            _ => {
                let start = self.i;
                while let Some(c) = self.peek() {
                    let ok = c.is_ascii_alphabetic()
                        || c == b'_'
                        || c == b'$'
                        || c >= 0x80
                        || (self.i > start && c.is_ascii_digit());
                    if !ok {
                        break;
                    }
                    self.i += 1;
                }
                if self.i == start {
                    return Err(self.i);
                }
                std::str::from_utf8(&self.b[start..self.i])
                    .map_err(|_| start)?
                    .to_owned()
            }
        };
        self.ws();
        if !self.eat(b':') {
            return Err(self.i);
        }
        Ok(key)
    }

    fn scalar(&mut self) -> Result<Node, usize> {
        let start = self.i;
        match self.peek() {
            Some(q @ (b'"' | b'\'')) => {
                self.i += 1;
                self.string(q)
            }
            Some(b'-' | b'+' | b'.' | b'0'..=b'9') => self.number(),
            Some(b'I') | Some(b'N') => self.number(),
            _ => {
                for (word, node) in [
                    ("true", Node::True),
                    ("false", Node::False),
                    ("null", Node::Null),
                ] {
                    if self.b[self.i..].starts_with(word.as_bytes()) && !self.ident_follows(word) {
                        self.i += word.len();
                        return Ok(node);
                    }
                }
                Err(start)
            }
        }
    }

    fn ident_follows(&self, word: &str) -> bool {
        self.b
            .get(self.i + word.len())
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    }

    /// After the opening quote `q`: a string node (`Str5` when it needs JSON5 to read).
    fn string(&mut self, q: u8) -> Result<Node, usize> {
        let start = self.i;
        let mut five = false;
        loop {
            match self.peek() {
                None => return Err(self.i),
                Some(c) if c == q => break,
                Some(b'"') => {
                    five = true;
                    self.i += 1;
                }
                Some(b'\\') => {
                    self.i += 1;
                    let rest = &self.b[self.i..];
                    match rest {
                        [b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't', ..] => self.i += 1,
                        [b'u', h @ ..]
                            if h.len() >= 4 && h[..4].iter().all(u8::is_ascii_hexdigit) =>
                        {
                            self.i += 5
                        }
                        [b'x', h @ ..]
                            if h.len() >= 2 && h[..2].iter().all(u8::is_ascii_hexdigit) =>
                        {
                            five = true;
                            self.i += 3
                        }
                        [b'\'' | b'v' | b'\n', ..] => {
                            five = true;
                            self.i += 1
                        }
                        [b'0', next @ ..] if !next.first().is_some_and(u8::is_ascii_digit) => {
                            five = true;
                            self.i += 1
                        }
                        [b'\r', b'\n', ..] => {
                            five = true;
                            self.i += 2
                        }
                        [b'\r', ..] => {
                            five = true;
                            self.i += 1
                        }
                        [0xe2, 0x80, 0xa8 | 0xa9, ..] => {
                            five = true;
                            self.i += 3
                        }
                        // A `\` ending the text is an unterminated string.
                        [] => return Err(self.i),
                        _ => return Err(self.i - 1),
                    }
                }
                Some(c) if c < 0x20 => return Err(self.i),
                Some(_) => self.i += 1,
            }
        }
        let body = std::str::from_utf8(&self.b[start..self.i])
            .map_err(|_| start)?
            .to_owned();
        self.i += 1;
        Ok(if five {
            Node::Str5(body)
        } else {
            Node::Str(body)
        })
    }

    fn number(&mut self) -> Result<Node, usize> {
        let start = self.i;
        let plus = self.eat(b'+');
        let minus = !plus && self.eat(b'-');
        let sign = if minus { "-" } else { "" };
        let rest = &self.b[self.i..];
        if rest.starts_with(b"Infinity") {
            self.i += 8;
            return Ok(Node::Real(format!("{sign}9e999")));
        }
        if rest.starts_with(b"NaN") && !plus && !minus {
            self.i += 3;
            return Ok(Node::Null);
        }
        if let [b'0', b'x' | b'X', ..] = rest {
            self.i += 2;
            let h = self.i;
            while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                self.i += 1;
            }
            if self.i == h {
                // Reported at the `x` (SQLite 3.54.1: `json_error_position('[0x]')` is 3).
                return Err(self.i - 1);
            }
            return Ok(Node::Int5(format!("{sign}{}", self.text(h - 2))));
        }
        let digits_start = self.i;
        let int_len = self.digits();
        if int_len > 1 && self.b[digits_start] == b'0' {
            // At the digit after the leading zero (`json_error_position('0123')` is 2).
            return Err(digits_start + 1);
        }
        let mut real = false;
        let mut five = false;
        if self.eat(b'.') {
            real = true;
            let frac = self.digits();
            if frac == 0 && int_len == 0 {
                // A bare `.` is reported at itself (`'.x'`: 1), after a sign past it.
                return Err(if self.i - 1 == start { start } else { self.i });
            }
            five = frac == 0 || int_len == 0;
        } else if int_len == 0 {
            return Err(start);
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            real = true;
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                // At the `e` or its sign (`json_error_position('1e+')` is 3).
                return Err(self.i - 1);
            }
        }
        let text = format!("{sign}{}", self.text(digits_start));
        Ok(match (real, five) {
            (false, _) => Node::Int(text),
            (true, false) => Node::Real(text),
            (true, true) => Node::Real5(text),
        })
    }

    fn digits(&mut self) -> usize {
        let s = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        self.i - s
    }

    fn text(&self, from: usize) -> String {
        String::from_utf8_lossy(&self.b[from..self.i]).into_owned()
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// JSON text of a JSON5 hexadecimal integer (`-0x1F` is `-31`); one too large for 64 bits
/// is `9.0e999` (SQLite 3.54.1).
pub(crate) fn int5_text(t: &str) -> String {
    let (sign, digits) = match t.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", t.strip_prefix('+').unwrap_or(t)),
    };
    let hex = digits.get(2..).unwrap_or("");
    match u64::from_str_radix(hex, 16) {
        Ok(v) => format!("{sign}{v}"),
        Err(_) if hex.bytes().all(|c| c.is_ascii_hexdigit()) && !hex.is_empty() => {
            format!("{sign}9.0e999")
        }
        Err(_) => format!("{sign}0"),
    }
}

/// JSON text of a JSON5 real: `.5` is `0.5`, `1.` is `1.0`, `1.e5` is `1.0e5`.
pub(crate) fn real5_text(t: &str) -> String {
    let (sign, body) = match t.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", t.strip_prefix('+').unwrap_or(t)),
    };
    let (mant, exp) = match body.find(['e', 'E']) {
        Some(k) => body.split_at(k),
        None => (body, ""),
    };
    let lead = if mant.starts_with('.') { "0" } else { "" };
    let trail = if mant.ends_with('.') { "0" } else { "" };
    format!("{sign}{lead}{mant}{trail}{exp}")
}

/// A JSON5 string body as a JSON string body (`\x41` is `\u0041`, `\'` is `'`, a bare `"`
/// is escaped, line continuations vanish).
pub(crate) fn str5_body(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => match it.next() {
                Some('x') => {
                    out.push_str("\\u00");
                    out.extend(it.next());
                    out.extend(it.next());
                }
                Some('\'') => out.push('\''),
                Some('v') => out.push_str("\\u000b"),
                Some('0') => out.push_str("\\u0000"),
                Some('\n') | Some('\u{2028}') | Some('\u{2029}') => {}
                Some('\r') if it.peek() == Some(&'\n') => {
                    it.next();
                }
                Some('\r') => {}
                Some(o) => {
                    out.push('\\');
                    out.push(o);
                }
                None => {}
            },
            c => out.push(c),
        }
    }
    out
}

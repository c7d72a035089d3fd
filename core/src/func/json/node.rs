//! The JSON tree, its parser (RFC 8259, as SQLite 3.40 accepts it) and its minified text.
//!
//! Strings and numbers keep their source text (`"x\u0041"` stays escaped, `2.50` stays
//! `2.50`), so `json()` re-renders input the way SQLite does; object keys compare by that
//! raw text (`$.a` does not find `"\u0061"`).

use crate::error::{Error, Result};

/// Deepest nesting accepted (SQLite's JSON_MAX_DEPTH).
pub(crate) const MAX_DEPTH: usize = 2000;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Null,
    True,
    False,
    /// Integer literal, source text.
    Int(String),
    /// Real literal, source text (may be `Inf`/`-Inf` when made from an SQL REAL).
    Real(String),
    /// String body as written between the quotes (escapes preserved).
    Str(String),
    /// JSON5 integer (hexadecimal), source text; rendered in decimal (JSONB `INT5`).
    Int5(String),
    /// JSON5 real (`.5`, `1.`), source text; rendered canonically (JSONB `FLOAT5`).
    Real5(String),
    /// JSON5 string body (`\x41`, `\'`...), without its quotes (JSONB `TEXT5`).
    Str5(String),
    /// Unescaped text (JSONB `TEXTRAW`): SQL text placed by the edit functions.
    Raw(String),
    /// A pre-encoded JSONB element, well formed: a value a `jsonb_` edit function placed
    /// over another, kept as SQLite 3.54.1 writes it (`jsonb::pad_to`). Only in trees that
    /// are encoded right away.
    Jsonb(Vec<u8>),
    Array(Vec<Node>),
    /// Members in order; raw key bodies; duplicates kept.
    Object(Vec<(String, Node)>),
}

/// Marks an object label placed by a path of json_insert/json_set (`$.a` on `{}`): it is
/// the path's text, rendered as written and stored in JSONB as `TEXTRAW` (SQLite 3.54.1).
/// Only the edit functions make such labels, and compare them through [`key_text`].
const PATH_KEY: char = '\u{1}';

/// A label for an object member created by an edit path step.
pub(crate) fn path_key(k: &str) -> String {
    format!("{PATH_KEY}{k}")
}

/// A label's text (without the [`path_key`] mark) and whether it came from a path.
pub(crate) fn key_text(k: &str) -> (&str, bool) {
    match k.strip_prefix(PATH_KEY) {
        Some(t) => (t, true),
        None => (k, false),
    }
}

pub(crate) fn malformed() -> Error {
    Error::sql("malformed JSON")
}

/// Parses a whole JSON text (surrounding whitespace allowed).
pub(crate) fn parse(text: &str) -> Result<Node> {
    let mut p = Parser {
        b: text.as_bytes(),
        i: 0,
    };
    p.ws();
    let n = p.value(0)?;
    p.ws();
    if p.i != p.b.len() {
        return Err(malformed());
    }
    Ok(n)
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while matches!(self.b.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.b.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// Parses one value without recursion (documents may nest 2000 deep).
    fn value(&mut self, _depth: usize) -> Result<Node> {
        enum Open {
            Array(Vec<Node>),
            Object(Vec<(String, Node)>, String),
        }
        let mut stack: Vec<Open> = Vec::new();
        loop {
            // Parse a value start: either a scalar, or open a container.
            self.ws();
            let mut done: Node = match self.b.get(self.i) {
                Some(b'[') => {
                    self.i += 1;
                    self.ws();
                    if stack.len() >= MAX_DEPTH {
                        return Err(malformed());
                    }
                    if self.eat(b']') {
                        Node::Array(Vec::new())
                    } else {
                        if stack.len() >= MAX_DEPTH {
                            return Err(malformed());
                        }
                        stack.push(Open::Array(Vec::new()));
                        continue;
                    }
                }
                Some(b'{') => {
                    self.i += 1;
                    self.ws();
                    if stack.len() >= MAX_DEPTH {
                        return Err(malformed());
                    }
                    if self.eat(b'}') {
                        Node::Object(Vec::new())
                    } else {
                        if stack.len() >= MAX_DEPTH {
                            return Err(malformed());
                        }
                        let key = self.key()?;
                        stack.push(Open::Object(Vec::new(), key));
                        continue;
                    }
                }
                Some(b'"') => {
                    self.i += 1;
                    Node::Str(self.string_body()?)
                }
                Some(b'-' | b'0'..=b'9') => self.number()?,
                _ => self.word()?,
            };
            // Attach the finished value to its container; close containers as they end.
            loop {
                let Some(top) = stack.last_mut() else {
                    return Ok(done);
                };
                self.ws();
                match top {
                    Open::Array(items) => {
                        items.push(done);
                        if self.eat(b',') {
                            break;
                        }
                        if !self.eat(b']') {
                            return Err(malformed());
                        }
                    }
                    Open::Object(members, key) => {
                        members.push((std::mem::take(key), done));
                        if self.eat(b',') {
                            *key = self.key()?;
                            break;
                        }
                        if !self.eat(b'}') {
                            return Err(malformed());
                        }
                    }
                }
                done = match stack.pop() {
                    Some(Open::Array(items)) => Node::Array(items),
                    Some(Open::Object(members, _)) => Node::Object(members),
                    None => return Err(malformed()),
                };
            }
        }
    }

    /// `"key" :` inside an object.
    fn key(&mut self) -> Result<String> {
        self.ws();
        if !self.eat(b'"') {
            return Err(malformed());
        }
        let k = self.string_body()?;
        self.ws();
        if !self.eat(b':') {
            return Err(malformed());
        }
        Ok(k)
    }

    fn word(&mut self) -> Result<Node> {
        for (word, node) in [
            ("true", Node::True),
            ("false", Node::False),
            ("null", Node::Null),
        ] {
            if self.b[self.i..].starts_with(word.as_bytes()) {
                self.i += word.len();
                return Ok(node);
            }
        }
        Err(malformed())
    }

    /// After the opening quote: the raw body up to the closing quote.
    fn string_body(&mut self) -> Result<String> {
        let start = self.i;
        loop {
            match self.b.get(self.i) {
                None => return Err(malformed()),
                Some(b'"') => break,
                Some(b'\\') => {
                    self.i += 1;
                    match self.b.get(self.i) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.i += 1,
                        Some(b'u') => {
                            let hex = self.b.get(self.i + 1..self.i + 5).ok_or_else(malformed)?;
                            if !hex.iter().all(u8::is_ascii_hexdigit) {
                                return Err(malformed());
                            }
                            self.i += 5;
                        }
                        _ => return Err(malformed()),
                    }
                }
                Some(&c) if c < 0x20 => return Err(malformed()),
                Some(_) => self.i += 1,
            }
        }
        let body = std::str::from_utf8(&self.b[start..self.i]).map_err(|_| malformed())?;
        self.i += 1;
        Ok(body.to_owned())
    }

    fn number(&mut self) -> Result<Node> {
        let start = self.i;
        self.eat(b'-');
        let int_start = self.i;
        while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        let int_len = self.i - int_start;
        if int_len == 0 || (int_len > 1 && self.b[int_start] == b'0') {
            return Err(malformed());
        }
        let mut real = false;
        if self.eat(b'.') {
            real = true;
            let s = self.i;
            while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
                self.i += 1;
            }
            if self.i == s {
                return Err(malformed());
            }
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            real = true;
            self.i += 1;
            if matches!(self.b.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            let s = self.i;
            while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
                self.i += 1;
            }
            if self.i == s {
                return Err(malformed());
            }
        }
        let text = String::from_utf8_lossy(&self.b[start..self.i]).into_owned();
        Ok(if real {
            Node::Real(text)
        } else {
            Node::Int(text)
        })
    }
}

impl Node {
    /// Minified JSON text.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.render_into(&mut out);
        out
    }

    /// Renders without recursion.
    fn render_into(&self, out: &mut String) {
        enum Step<'a> {
            Node(&'a Node),
            Text(&'static str),
            Key(&'a str),
        }
        let mut stack = vec![Step::Node(self)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Text(t) => out.push_str(t),
                Step::Key(k) => {
                    out.push('"');
                    out.push_str(key_text(k).0);
                    out.push_str("\":");
                }
                Step::Node(n) => match n {
                    Node::Null => out.push_str("null"),
                    Node::True => out.push_str("true"),
                    Node::False => out.push_str("false"),
                    Node::Int(t) | Node::Real(t) => out.push_str(t),
                    Node::Int5(t) => out.push_str(&super::json5::int5_text(t)),
                    Node::Real5(t) => out.push_str(&super::json5::real5_text(t)),
                    Node::Str(s) => {
                        out.push('"');
                        out.push_str(s);
                        out.push('"');
                    }
                    Node::Str5(s) => {
                        out.push('"');
                        out.push_str(&super::json5::str5_body(s));
                        out.push('"');
                    }
                    Node::Raw(s) => {
                        out.push('"');
                        out.push_str(&escape(s));
                        out.push('"');
                    }
                    Node::Jsonb(b) => {
                        if let Ok(n) = super::jsonb::decode(b) {
                            out.push_str(&n.render());
                        }
                    }
                    Node::Array(items) => {
                        out.push('[');
                        stack.push(Step::Text("]"));
                        for (i, item) in items.iter().enumerate().rev() {
                            stack.push(Step::Node(item));
                            if i > 0 {
                                stack.push(Step::Text(","));
                            }
                        }
                    }
                    Node::Object(members) => {
                        out.push('{');
                        stack.push(Step::Text("}"));
                        for (i, (k, v)) in members.iter().enumerate().rev() {
                            stack.push(Step::Node(v));
                            stack.push(Step::Key(k));
                            if i > 0 {
                                stack.push(Step::Text(","));
                            }
                        }
                    }
                },
            }
        }
    }

    /// `json_type()`'s name for the node.
    pub fn type_name(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::True => "true",
            Node::False => "false",
            Node::Int(_) | Node::Int5(_) => "integer",
            Node::Real(_) | Node::Real5(_) => "real",
            Node::Str(_) | Node::Str5(_) | Node::Raw(_) => "text",
            Node::Array(_) => "array",
            Node::Jsonb(b) => super::jsonb::decode(b).map_or("null", |n| n.type_name()),
            Node::Object(_) => "object",
        }
    }
}

/// Escapes SQL text as a JSON string body.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Decodes a JSON string body to text.
pub(crate) fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                let hi = hex4(&mut it);
                if (0xD800..0xDC00).contains(&hi) {
                    let mut look = it.clone();
                    if look.next() == Some('\\') && look.next() == Some('u') {
                        let lo = hex4(&mut look);
                        if (0xDC00..0xE000).contains(&lo) {
                            it = look;
                            let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                            out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                            continue;
                        }
                    }
                }
                out.push(char::from_u32(hi).unwrap_or('\u{fffd}'));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

fn hex4(it: &mut impl Iterator<Item = char>) -> u32 {
    let mut v = 0;
    for _ in 0..4 {
        v = v * 16 + it.next().and_then(|c| c.to_digit(16)).unwrap_or(0);
    }
    v
}

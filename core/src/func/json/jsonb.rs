//! JSONB, SQLite's binary JSON (jsonb.html; SQLite 3.45+, absent from 3.40.1: the bytes
//! here follow SQLite 3.54.1).
//!
//! Every element is a header then a payload:
//!
//! | header byte 0 | meaning                                                      |
//! |---------------|--------------------------------------------------------------|
//! | bits 0-3      | element type (below)                                         |
//! | bits 4-7 = n  | n <= 11: payload size n; 12/13/14/15: the size follows as a   |
//! |               | 1/2/4/8-byte big-endian integer                              |
//!
//! | type | name    | payload                                                   |
//! |------|---------|-----------------------------------------------------------|
//! | 0-2  | NULL, TRUE, FALSE | none                                            |
//! | 3    | INT     | RFC 8259 integer text                                     |
//! | 4    | INT5    | JSON5 integer text (hexadecimal)                          |
//! | 5    | FLOAT   | RFC 8259 real text                                        |
//! | 6    | FLOAT5  | JSON5 real text (`.5`, `1.`)                              |
//! | 7    | TEXT    | string body needing no escapes                            |
//! | 8    | TEXTJ   | string body with JSON escapes                             |
//! | 9    | TEXT5   | string body with JSON5 escapes                            |
//! | 10   | TEXTRAW | unescaped text (escape it to render)                      |
//! | 11   | ARRAY   | the elements, one after another                           |
//! | 12   | OBJECT  | label, value, label, value...; labels are text elements   |
//!
//! The encoder always picks the smallest size field. A BLOB is read as JSONB when its
//! outer header is well formed and covers exactly the BLOB ([`looks_like`]); other BLOBs
//! are read as text, as SQLite does. Inner damage is "malformed JSON".

use super::json5::str5_body;
use super::node::{escape, key_text, Node, MAX_DEPTH};

const NULL: u8 = 0;
const TRUE: u8 = 1;
const FALSE: u8 = 2;
const INT: u8 = 3;
const INT5: u8 = 4;
const FLOAT: u8 = 5;
const FLOAT5: u8 = 6;
const TEXT: u8 = 7;
const TEXTJ: u8 = 8;
const TEXT5: u8 = 9;
const TEXTRAW: u8 = 10;
const ARRAY: u8 = 11;
const OBJECT: u8 = 12;

/// The JSONB encoding of `n`.
pub(crate) fn encode(n: &Node) -> Vec<u8> {
    let mut out = Vec::new();
    encode_into(n, &mut out);
    out
}

/// Appends a header for an element of type `t` with a payload of `size` bytes.
pub(crate) fn header(t: u8, size: usize, out: &mut Vec<u8>) {
    if size <= 11 {
        out.push((size as u8) << 4 | t);
    } else if size <= 0xff {
        out.extend([0xc0 | t, size as u8]);
    } else if size <= 0xffff {
        out.push(0xd0 | t);
        out.extend((size as u16).to_be_bytes());
    } else if size <= 0xffff_ffff {
        out.push(0xe0 | t);
        out.extend((size as u32).to_be_bytes());
    } else {
        out.push(0xf0 | t);
        out.extend((size as u64).to_be_bytes());
    }
}

fn leaf(t: u8, payload: &[u8], out: &mut Vec<u8>) {
    header(t, payload.len(), out);
    out.extend_from_slice(payload);
}

/// The JSONB type of a JSON string body.
fn text_type(body: &str) -> u8 {
    if body.contains('\\') {
        TEXTJ
    } else {
        TEXT
    }
}

fn encode_into(n: &Node, out: &mut Vec<u8>) {
    match n {
        Node::Null => out.push(NULL),
        Node::True => out.push(TRUE),
        Node::False => out.push(FALSE),
        Node::Int(t) => leaf(INT, t.as_bytes(), out),
        Node::Int5(t) => leaf(INT5, t.as_bytes(), out),
        Node::Real(t) => match t.as_str() {
            "Inf" => leaf(FLOAT, b"9.0e+999", out),
            "-Inf" => leaf(FLOAT, b"-9.0e+999", out),
            _ => leaf(FLOAT, t.as_bytes(), out),
        },
        Node::Real5(t) => leaf(FLOAT5, t.as_bytes(), out),
        Node::Str(s) => leaf(text_type(s), s.as_bytes(), out),
        Node::Str5(s) => leaf(TEXT5, s.as_bytes(), out),
        Node::Raw(s) => leaf(TEXTRAW, s.as_bytes(), out),
        Node::Jsonb(b) => out.extend_from_slice(b),
        Node::Array(items) => {
            let mut body = Vec::new();
            for item in items {
                encode_into(item, &mut body);
            }
            leaf(ARRAY, &body, out);
        }
        Node::Object(members) => {
            let mut body = Vec::new();
            for (k, v) in members {
                match key_text(k) {
                    (k, true) => leaf(TEXTRAW, k.as_bytes(), &mut body),
                    (k, false) => leaf(text_type(k), k.as_bytes(), &mut body),
                }
                encode_into(v, &mut body);
            }
            leaf(OBJECT, &body, out);
        }
    }
}

/// Reads the header at `b[i..]`: (type, header length, payload size).
pub(super) fn read_header(b: &[u8], i: usize) -> Option<(u8, usize, usize)> {
    let first = *b.get(i)?;
    let t = first & 0x0f;
    let n = usize::from(first >> 4);
    let width = match n {
        0..=11 => return Some((t, 1, n)),
        12 => 1,
        13 => 2,
        14 => 4,
        _ => 8,
    };
    let bytes = b.get(i + 1..i + 1 + width)?;
    let size = bytes.iter().fold(0u64, |acc, &x| acc << 8 | u64::from(x));
    Some((t, 1 + width, usize::try_from(size).ok()?))
}

/// Whether `b` is (superficially) a JSONB element: its outer header is well formed (NULL,
/// TRUE and FALSE with no payload) and its size covers exactly `b` (`x'226122'`, text
/// `"a"`, is not JSONB). SQLite reads such a BLOB as JSONB, any other as JSON text. A BLOB
/// whose first byte could begin JSON text (`[`, `{`, a digit) must also pass the deep
/// check (`jsonb_check`): `x'5B312C32325D'` is the text `[1,22]` (SQLite 3.54.1).
pub(crate) fn looks_like(b: &[u8]) -> bool {
    let header_ok = match read_header(b, 0) {
        Some((t, h, size)) => {
            t <= OBJECT && (t > FALSE || size == 0) && h.checked_add(size) == Some(b.len())
        }
        None => false,
    };
    header_ok
        && (!b"0123456789[{".contains(&b[0]) || super::jsonb_check::error_position(b).is_none())
}

/// Decodes a whole JSONB element; on damage the byte offset where it was found.
pub(crate) fn decode(b: &[u8]) -> Result<Node, usize> {
    decode_with(b, false)
}

/// [`decode`] for a document a function reads or edits: a scalar or empty container
/// whose size field is wider than needed stays as its bytes (`Node::Jsonb`), since SQLite
/// 3.54.1 leaves untouched elements as they are (`jsonb_set(x'5c1761c30132', '$.b', 1)`
/// keeps `C30132`). Values placed by a function are [`decode`]d, which re-encodes them.
pub(crate) fn decode_keep(b: &[u8]) -> Result<Node, usize> {
    decode_with(b, true)
}

fn decode_with(b: &[u8], keep: bool) -> Result<Node, usize> {
    let (n, end) = element(b, 0, b.len(), 0, keep)?;
    if end != b.len() {
        return Err(end);
    }
    Ok(n)
}

fn text_of(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The element at `b[i..limit]`: the node and the offset just past it.
fn element(
    b: &[u8],
    i: usize,
    limit: usize,
    depth: usize,
    keep: bool,
) -> Result<(Node, usize), usize> {
    let (t, h, size) = read_header(b, i).ok_or(i)?;
    let start = i + h;
    let end = start.checked_add(size).filter(|&e| e <= limit).ok_or(i)?;
    let payload = &b[start..end];
    let wide = h > 1 && (size <= 11 || (h > 2 && size <= 0xff) || (h > 3 && size <= 0xffff));
    if keep && wide && (t < ARRAY || size == 0) && t <= OBJECT && t > FALSE {
        // Checked like any element, kept as written.
        element(b, i, limit, depth, false)?;
        return Ok((Node::Jsonb(b[i..end].to_vec()), end));
    }
    let node = match t {
        NULL | TRUE | FALSE if size != 0 => return Err(i),
        NULL => Node::Null,
        TRUE => Node::True,
        FALSE => Node::False,
        INT | INT5 | FLOAT | FLOAT5 if size == 0 => return Err(i),
        INT => Node::Int(text_of(payload)),
        INT5 => Node::Int5(text_of(payload)),
        FLOAT => Node::Real(text_of(payload)),
        FLOAT5 => Node::Real5(text_of(payload)),
        TEXT | TEXTJ => Node::Str(text_of(payload)),
        TEXT5 => Node::Str5(text_of(payload)),
        TEXTRAW => Node::Raw(text_of(payload)),
        ARRAY | OBJECT => {
            if depth >= MAX_DEPTH {
                return Err(i);
            }
            let mut items = Vec::new();
            let mut at = start;
            while at < end {
                let (item, next) = element(b, at, end, depth + 1, keep)?;
                items.push((at, item));
                at = next;
            }
            if t == ARRAY {
                Node::Array(items.into_iter().map(|(_, n)| n).collect())
            } else {
                object(items)?
            }
        }
        _ => return Err(i),
    };
    Ok((node, end))
}

/// Pairs decoded object children into members; labels must be text.
fn object(items: Vec<(usize, Node)>) -> Result<Node, usize> {
    if !items.len().is_multiple_of(2) {
        return Err(items.last().map_or(0, |(at, _)| *at));
    }
    let mut members = Vec::with_capacity(items.len() / 2);
    let mut it = items.into_iter();
    while let (Some((at, k)), Some((_, v))) = (it.next(), it.next()) {
        let key = match k {
            Node::Str(s) => s,
            Node::Str5(s) => str5_body(&s),
            // A label needing no escapes stays TEXTRAW (see `node::path_key`).
            Node::Raw(s) if escape(&s) == s => super::node::path_key(&s),
            Node::Raw(s) => escape(&s),
            _ => return Err(at),
        };
        members.push((key, v));
    }
    Ok(Node::Object(members))
}

/// Strict validity (`json_valid(X, 8)`): `b` is one element, and every element passes
/// SQLite 3.54.1's deep check (`jsonb_check`; agrees with 3.54.1 on 2,000 damaged blobs).
pub(crate) fn strictly_valid(b: &[u8]) -> bool {
    matches!(read_header(b, 0), Some((_, h, size)) if h.checked_add(size) == Some(b.len()))
        && super::jsonb_check::error_position(b).is_none()
}

/// SQLite 3.54.1 overwrites an element in place: when the new element `b` is shorter than
/// the `old_len` bytes it replaces, its size field is widened (1, 2, 4 or 8 bytes) if that
/// makes it exactly `old_len` long (`jsonb_set('{"a":"x"}', '$.a', jsonb('{}'))` stores
/// `CC00`). NULL, TRUE and FALSE are never widened.
pub(crate) fn pad_to(b: Vec<u8>, old_len: usize) -> Vec<u8> {
    let Some((t, h, size)) = read_header(&b, 0) else {
        return b;
    };
    if b.len() >= old_len || t <= FALSE {
        return b;
    }
    let width = old_len - size;
    let code: u8 = match width {
        2 => 0xc,
        3 => 0xd,
        5 => 0xe,
        9 => 0xf,
        _ => return b,
    };
    let mut out = Vec::with_capacity(old_len);
    out.push(code << 4 | t);
    out.extend_from_slice(&(size as u64).to_be_bytes()[8 - (width - 1)..]);
    out.extend_from_slice(&b[h..]);
    out
}

/// The `id` json_each/json_tree show for each element of the well-formed JSONB `b`
/// (SQLite 3.54.1: the byte offset of the element, or of its label for an object member),
/// indexed by the id SQLite 3.40's numbering gives it (elements and labels counted in
/// pre-order, as `each` numbers them); a label's own slot holds its offset too.
pub(crate) fn row_ids(b: &[u8]) -> Vec<i64> {
    fn walk(b: &[u8], i: usize, label: Option<usize>, out: &mut Vec<i64>) -> Option<usize> {
        let (t, h, size) = read_header(b, i)?;
        if let Some(l) = label {
            out.push(l as i64);
        }
        out.push(label.unwrap_or(i) as i64);
        let end = i + h + size;
        let mut at = i + h;
        while (t == ARRAY || t == OBJECT) && at < end {
            let label = if t == OBJECT {
                let (_, kh, ks) = read_header(b, at)?;
                let key = at;
                at += kh + ks;
                Some(key)
            } else {
                None
            };
            at = walk(b, at, label, out)?;
        }
        Some(end)
    }
    let mut out = Vec::new();
    let _ = walk(b, 0, None, &mut out);
    out
}

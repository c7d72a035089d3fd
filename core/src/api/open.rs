//! Opening a database: file names, `:memory:`, and `file:` URIs (uri.html).

use crate::error::{codes, Error, Result};

use super::connection::OpenFlags;

/// SQLITE_USE_URI: Debian's libsqlite3 (the library this one replaces) is built with URI
/// filenames enabled globally, so `file:` names are URIs even without `SQLITE_OPEN_URI`.
const USE_URI: bool = true;

/// What to open, after URI and flag processing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OpenTarget {
    /// `None` for an in-memory database.
    pub path: Option<String>,
    pub read_only: bool,
    pub create: bool,
}

/// Resolves a filename and flags as `sqlite3_open_v2` does.
pub(crate) fn resolve(name: &str, flags: OpenFlags) -> Result<OpenTarget> {
    let mut t = OpenTarget {
        path: Some(name.to_owned()),
        read_only: flags.read_only,
        create: flags.create && !flags.read_only,
    };
    if flags.memory || name.is_empty() || name == ":memory:" {
        t.path = None;
        return Ok(t);
    }
    if let Some(rest) = name.strip_prefix("file:") {
        if flags.uri || USE_URI {
            return resolve_uri(rest, t);
        }
    }
    Ok(t)
}

fn resolve_uri(rest: &str, mut t: OpenTarget) -> Result<OpenTarget> {
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, q),
        None => (rest, ""),
    };
    let path = path.split('#').next().unwrap_or("");
    // file://localhost/path or file:///path
    let path = if let Some(p) = path.strip_prefix("//") {
        match p.find('/') {
            Some(0) => p,
            Some(i) if &p[..i] == "localhost" => &p[i..],
            Some(_) => {
                return Err(Error::new(
                    codes::SQLITE_ERROR,
                    format!(
                        "invalid uri authority: {}",
                        &p[..p.find('/').unwrap_or(p.len())]
                    ),
                ))
            }
            None => "",
        }
    } else {
        path
    };
    let path = percent_decode(path);
    t.path = if path == ":memory:" || path.is_empty() {
        None
    } else {
        Some(path)
    };
    for kv in query.split('&').filter(|s| !s.is_empty()) {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        let v = percent_decode(v);
        match k {
            "mode" => match v.as_str() {
                "ro" => {
                    t.read_only = true;
                    t.create = false;
                }
                "rw" => {
                    t.read_only = false;
                    t.create = false;
                }
                "rwc" => {
                    if t.read_only {
                        return Err(Error::sql("access mode not allowed: rwc"));
                    }
                }
                "memory" => t.path = None,
                other => return Err(Error::sql(format!("no such access mode: {other}"))),
            },
            "immutable" if v == "1" => t.read_only = true,
            _ => {}
        }
    }
    Ok(t)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 3 <= b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_uris() {
        let f = OpenFlags {
            uri: true,
            ..OpenFlags::default()
        };
        assert_eq!(resolve(":memory:", f).unwrap().path, None);
        assert_eq!(resolve("", f).unwrap().path, None);
        assert_eq!(resolve("a.db", f).unwrap().path.as_deref(), Some("a.db"));
        let t = resolve("file:x%20y.db?mode=ro", f).unwrap();
        assert_eq!(t.path.as_deref(), Some("x y.db"));
        assert!(t.read_only);
        assert_eq!(resolve("file::memory:?cache=shared", f).unwrap().path, None);
        assert_eq!(
            resolve("file:///tmp/a.db", f).unwrap().path.as_deref(),
            Some("/tmp/a.db")
        );
        assert!(resolve("file:a.db?mode=bogus", f).is_err());
        let plain = OpenFlags::default();
        assert_eq!(
            resolve("file:a.db", plain).unwrap().path.as_deref(),
            Some("a.db")
        );
    }
}

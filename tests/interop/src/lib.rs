//! Shared helpers for the cross-cutting tests: temporary directories, the system `sqlite3`
//! shell as the reference, a seeded PRNG, and reading whole tables through Ferrolite.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use ferrolite::{Connection, Value};

/// A directory removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let n = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let p = std::env::temp_dir().join(format!("ferrolite-{tag}-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&p).expect("create temp dir");
        TempDir(p)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the system `sqlite3` on `db` with `script` on stdin; returns (stdout, stderr, success).
pub fn sqlite3(db: &Path, script: &str) -> (String, String, bool) {
    use std::io::Write;
    let mut child = Command::new("sqlite3")
        .arg("-batch")
        .arg(db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the system sqlite3 must be installed (ci/test.sh installs it)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(script.as_bytes())
        .expect("write script");
    let out = child.wait_with_output().expect("sqlite3 runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}

/// Runs `script` in sqlite3 and asserts it succeeded; returns stdout.
pub fn sqlite3_ok(db: &Path, script: &str) -> String {
    let (out, err, ok) = sqlite3(db, script);
    assert!(ok && err.is_empty(), "sqlite3 failed on {script:?}: {err}");
    out
}

/// `PRAGMA integrity_check` as the system sqlite3 reports it.
pub fn integrity(db: &Path) -> String {
    sqlite3_ok(db, "PRAGMA integrity_check;").trim().to_owned()
}

/// A small deterministic PRNG (xorshift64*), so failures reproduce from the seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next_u64() as u8).collect()
    }
    pub fn text(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| (b'a' + self.below(26) as u8) as char)
            .collect()
    }
}

/// Every row of `sql` through Ferrolite, rendered like sqlite3's list mode (`|` between
/// columns, NULL as empty). Queries compared with [`sqlite3_rows`] select `quote(...)` of
/// blob and real columns so both sides render them exactly.
pub fn ferrolite_rows(conn: &Connection, sql: &str) -> Vec<String> {
    let rows = conn
        .query_all(sql, &[])
        .unwrap_or_else(|e| panic!("ferrolite failed on {sql}: {e}"));
    rows.iter()
        .map(|r| {
            r.iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect()
}

/// Renders a value as sqlite3's `quote()` would, so blobs and reals compare exactly.
pub fn render(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => ferrolite::value::format_real(*r),
        Value::Text(s) => format!("'{}'", s.replace('\'', "''")),
        Value::Blob(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02X}")).collect();
            format!("X'{hex}'")
        }
    }
}

/// The rows of `sql` through the system sqlite3, one line each. `sql` should select
/// `quote(...)` of each column so both sides render alike.
pub fn sqlite3_rows(db: &Path, sql: &str) -> Vec<String> {
    sqlite3_ok(db, &format!("{sql};"))
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Asserts two row lists are equal, reporting the first difference compactly.
pub fn assert_same_rows(ours: &[String], theirs: &[String], what: &str) {
    let clip = |s: &str| -> String {
        if s.len() > 200 {
            format!("{}... ({} bytes)", &s[..200], s.len())
        } else {
            s.to_owned()
        }
    };
    if let Some(i) = (0..ours.len().min(theirs.len())).find(|&i| ours[i] != theirs[i]) {
        panic!(
            "{what}: row {i} differs:\n  ferrolite: {}\n  sqlite3:   {}",
            clip(&ours[i]),
            clip(&theirs[i])
        );
    }
    assert_eq!(ours.len(), theirs.len(), "{what}: row counts differ");
}

//! The worker: runs one file in a child process and reports each record on stdout, so the
//! supervisor can kill it when a record hangs and survive it crashing.
//!
//! Protocol, one line each, flushed per record:
//! `B <line>` a record starts; `P` it passed; `F <why>` it failed, followed by `D <text>`
//! detail lines; `Z` the file is finished.

use crate::backend;
use crate::run::{Event, FileRunner, Outcome};
use std::io::{BufReader, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Mutex;

static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

/// Caps the worker's address space so a runaway query fails its record (out of memory)
/// instead of pushing the machine into swap. 0 leaves it unlimited.
fn limit_memory(mb: u64) {
    if mb == 0 {
        return;
    }
    let bytes = mb.saturating_mul(1 << 20);
    let lim = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: setrlimit reads the struct we pass; RLIMIT_AS is a valid resource.
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &lim);
    }
}

pub struct WorkerArgs {
    pub file: String,
    pub db: String,
    pub engine: String,
    pub engine_name: String,
    pub resume_after: usize,
    /// Address-space limit in MiB (0: none).
    pub memory_mb: u64,
    /// Judge at most this many records.
    pub limit: Option<usize>,
}

/// Runs the worker; returns the process exit status.
pub fn main(args: WorkerArgs) -> i32 {
    limit_memory(args.memory_mb);
    std::panic::set_hook(Box::new(|info| {
        let msg = match info.payload().downcast_ref::<&str>() {
            Some(s) => s.to_string(),
            None => info
                .payload()
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_else(|| "panic".into()),
        };
        let at = info
            .location()
            .map(|l| format!(" at {l}"))
            .unwrap_or_default();
        if let Ok(mut p) = LAST_PANIC.lock() {
            *p = format!("{msg}{at}");
        }
    }));
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let file = match std::fs::File::open(&args.file) {
        Ok(f) => BufReader::with_capacity(1 << 16, f),
        Err(e) => {
            eprintln!("cannot open {}: {e}", args.file);
            return 2;
        }
    };
    let opened = catch_unwind(|| backend::open(&args.engine, &args.db));
    // When the database cannot be opened every record fails (and is counted) with the reason.
    let db = match opened {
        Ok(Ok(db)) => db,
        Ok(Err(e)) => backend::broken(format!("cannot open database: {e}")),
        Err(_) => backend::broken(format!("panic opening database: {}", last_panic())),
    };
    // Test hook: `SLT_TEST_ABORT_ON=<sql>` makes the worker abort (as a crashing engine would)
    // when a record runs exactly that SQL.
    let abort_on = std::env::var("SLT_TEST_ABORT_ON").ok();
    let mut db = match abort_on {
        Some(sql) => Box::new(AbortOn { inner: db, sql }),
        None => db,
    };
    let mut runner = FileRunner::new(db.as_mut(), &args.engine_name);
    runner.limit = args.limit;
    let mut report = |e: Event| {
        let _ = match e {
            Event::Begin(line) => writeln!(out, "B {line}"),
            Event::Done(Outcome::Pass) => writeln!(out, "P"),
            Event::Done(Outcome::Fail { why, details }) => {
                let mut r = writeln!(out, "F {}", one_line(&why));
                for d in details {
                    r = r.and_then(|_| writeln!(out, "D {}", one_line(&d)));
                }
                r
            }
        };
        let _ = out.flush();
    };
    let mut guard = |f: &mut dyn FnMut() -> Outcome| match catch_unwind(AssertUnwindSafe(f)) {
        Ok(o) => o,
        Err(_) => Outcome::Fail {
            why: format!("panic: {}", last_panic()),
            details: Vec::new(),
        },
    };
    runner.run(file, args.resume_after, &mut report, &mut guard);
    drop(runner);
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "Z");
    let _ = out.flush();
    0
}

fn last_panic() -> String {
    LAST_PANIC.lock().map(|p| p.clone()).unwrap_or_default()
}

/// Keeps a message on one protocol line.
fn one_line(s: &str) -> String {
    s.replace('\n', "\\n").replace('\r', "\\r")
}

/// Wraps a backend and aborts the process on one SQL text (see `SLT_TEST_ABORT_ON`).
struct AbortOn {
    inner: Box<dyn backend::Backend>,
    sql: String,
}

impl backend::Backend for AbortOn {
    fn execute(&mut self, sql: &str) -> Result<(), String> {
        if sql == self.sql {
            std::process::abort();
        }
        self.inner.execute(sql)
    }
    fn query(&mut self, sql: &str, types: &[u8]) -> Result<backend::QueryOutput, String> {
        if sql == self.sql {
            std::process::abort();
        }
        self.inner.query(sql, types)
    }
}

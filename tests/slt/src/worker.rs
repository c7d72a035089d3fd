//! The worker: runs one file in a child process and reports each record on stdout, so the
//! supervisor can kill it when a record hangs and survive it crashing. The protocol keeps the
//! original stdout to itself: the process's fd 1 is pointed at stderr, so anything the engine
//! prints (debug output) cannot corrupt it.
//!
//! Protocol, one line each, flushed per record:
//! `B <line>` a record starts; `P` it passed; `F <why>` it failed, followed by `D <text>`
//! detail lines; `R` a statement was replayed after a restart (progress); `Z` the file is
//! finished.

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
    let mut out = protocol_channel();
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
    // Test hooks: when a record runs exactly <sql>, `SLT_TEST_ABORT_ON=<sql>` aborts the
    // worker (as a crashing engine would) and `SLT_TEST_PRINT_ON=<sql>` writes stray text to
    // stdout (as an engine's debug output would).
    let hook = |var: &str| std::env::var(var).ok();
    let mut db = match (hook("SLT_TEST_ABORT_ON"), hook("SLT_TEST_PRINT_ON")) {
        (Some(sql), _) => Box::new(TestHook {
            inner: db,
            sql,
            abort: true,
        }),
        (None, Some(sql)) => Box::new(TestHook {
            inner: db,
            sql,
            abort: false,
        }),
        (None, None) => db,
    };
    let mut runner = FileRunner::new(db.as_mut(), &args.engine_name);
    runner.limit = args.limit;
    let mut report = |e: Event| {
        let _ = match e {
            Event::Begin(line) => writeln!(out, "B {line}"),
            Event::Replayed => writeln!(out, "R"),
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
    let _ = writeln!(out, "Z");
    let _ = out.flush();
    0
}

/// Takes the original stdout for the protocol and sends fd 1 (println!, engine debug output)
/// to stderr instead.
fn protocol_channel() -> std::fs::File {
    use std::os::fd::FromRawFd;
    let _ = std::io::stdout().flush();
    // SAFETY: dup/dup2 on the process's standard descriptors, which are open; the duplicate
    // is owned by the returned File and closed with it.
    unsafe {
        let fd = libc::dup(1);
        if fd >= 0 {
            libc::dup2(2, 1);
            return std::fs::File::from_raw_fd(fd);
        }
        std::fs::File::from_raw_fd(libc::dup(2))
    }
}

fn last_panic() -> String {
    LAST_PANIC.lock().map(|p| p.clone()).unwrap_or_default()
}

/// Keeps a message on one protocol line.
fn one_line(s: &str) -> String {
    s.replace('\n', "\\n").replace('\r', "\\r")
}

/// Wraps a backend and misbehaves on one SQL text (see the `SLT_TEST_*` hooks).
struct TestHook {
    inner: Box<dyn backend::Backend>,
    sql: String,
    abort: bool,
}

impl TestHook {
    fn trigger(&self, sql: &str) {
        if sql != self.sql {
            return;
        }
        if self.abort {
            std::process::abort();
        }
        print!("stray engine output P\nB 1\nZ\nno newline");
        let _ = std::io::stdout().flush();
    }
}

impl backend::Backend for TestHook {
    fn execute(&mut self, sql: &str) -> Result<(), String> {
        self.trigger(sql);
        self.inner.execute(sql)
    }
    fn query(&mut self, sql: &str, types: &[u8]) -> Result<backend::QueryOutput, String> {
        self.trigger(sql);
        self.inner.query(sql, types)
    }
}

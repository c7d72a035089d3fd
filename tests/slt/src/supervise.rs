//! The supervisor: runs each file in a worker process (see `worker`), enforces the per-record
//! time limit, and restarts the worker after a hang or crash so the rest of the file still runs.
//! A restarted worker gets a fresh database and replays the earlier statements first.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// Settings shared by every file of a run.
pub struct Options {
    pub engine: String,
    pub engine_name: String,
    pub timeout: Duration,
    pub verbose: bool,
    /// Per-worker address-space limit in MiB (0: none).
    pub memory_mb: u64,
    /// Judge at most this many records per file.
    pub limit: Option<usize>,
}

/// One file's totals and the lines to print for it.
#[derive(Default)]
pub struct FileResult {
    pub passed: u64,
    pub failed: u64,
    pub output: Vec<String>,
}

static TEMP_SEQ: AtomicUsize = AtomicUsize::new(0);

/// A fresh temporary directory for one worker's database.
fn temp_dir() -> std::io::Result<std::path::PathBuf> {
    let base = std::env::temp_dir();
    loop {
        let n = TEMP_SEQ.fetch_add(1, Ordering::Relaxed);
        let dir = base.join(format!("ferrolite-slt-{}-{n}", std::process::id()));
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// How a worker's run ended.
enum End {
    Finished,
    /// The record at this line hung or crashed; resume after it.
    Resume(usize),
    Abandon,
}

/// Runs `file` to the end, restarting workers as needed.
pub fn run_file(file: &str, opts: &Options) -> FileResult {
    let mut res = FileResult::default();
    let mut resume_after = 0;
    loop {
        match run_worker(file, opts, resume_after, &mut res) {
            End::Finished | End::Abandon => return res,
            End::Resume(line) => resume_after = line,
        }
    }
}

/// This program, for starting workers. On Linux `/proc/self/exe` names the running binary even
/// after a rebuild has replaced the file on disk.
fn self_exe() -> std::io::Result<std::path::PathBuf> {
    let proc_exe = std::path::Path::new("/proc/self/exe");
    if proc_exe.exists() {
        return Ok(proc_exe.to_path_buf());
    }
    std::env::current_exe()
}

fn spawn(
    file: &str,
    db: &str,
    opts: &Options,
    resume_after: usize,
    done: u64,
) -> std::io::Result<Child> {
    let exe = self_exe()?;
    let mut cmd = Command::new(exe);
    if let Some(limit) = opts.limit {
        // A restarted worker only judges what is left of the file's allowance.
        let left = (limit as u64).saturating_sub(done);
        cmd.args(["--limit", &left.to_string()]);
    }
    cmd.args(["--worker", file, "--db", db, "--engine", &opts.engine])
        .args(["--engine-name", &opts.engine_name])
        .args(["--resume-after", &resume_after.to_string()])
        .args(["--memory-limit", &opts.memory_mb.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
}

fn run_worker(file: &str, opts: &Options, resume_after: usize, res: &mut FileResult) -> End {
    let dir = match temp_dir() {
        Ok(d) => d,
        Err(e) => {
            res.output
                .push(format!("{file}: cannot create a temp dir: {e}"));
            return End::Abandon;
        }
    };
    let db = dir.join("test.db");
    let done = res.passed + res.failed;
    let end = match spawn(file, &db.to_string_lossy(), opts, resume_after, done) {
        Ok(child) => watch(child, file, opts, res),
        Err(e) => {
            res.output
                .push(format!("{file}: cannot start a worker: {e}"));
            End::Abandon
        }
    };
    let _ = std::fs::remove_dir_all(&dir);
    end
}

/// Reads the worker's reports until it finishes, hangs or dies.
fn watch(mut child: Child, file: &str, opts: &Options, res: &mut FileResult) -> End {
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        if let Some(out) = stdout {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        }
    });
    let mut stderr = child.stderr.take();
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(e) = stderr.as_mut() {
            let _ = e.read_to_string(&mut s);
        }
        s
    });
    let mut current: Option<usize> = None;
    let mut last_line = 0;
    let mut finished = false;
    let mut timed_out = false;
    loop {
        match rx.recv_timeout(opts.timeout) {
            Ok(msg) => {
                let tag = msg.get(..1).unwrap_or("");
                let rest = msg.get(2..).unwrap_or("");
                match tag {
                    "B" => {
                        current = rest.parse().ok();
                        last_line = current.unwrap_or(last_line);
                    }
                    "P" => {
                        res.passed += 1;
                        current = None;
                    }
                    "F" => {
                        res.failed += 1;
                        res.output.push(format!("{file}:{last_line}: {rest}"));
                        current = None;
                    }
                    "D" if opts.verbose => res.output.push(format!("    {rest}")),
                    "Z" => finished = true,
                    _ => {}
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                timed_out = true;
                let _ = child.kill();
                break;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    let _ = child.wait();
    let _ = reader.join();
    let stderr = err_reader.join().unwrap_or_default();
    if finished {
        return End::Finished;
    }
    let why = if timed_out {
        format!("timed out after {}s", opts.timeout.as_secs_f64())
    } else {
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        format!("engine crashed: {last}")
    };
    match current {
        Some(line) => {
            res.failed += 1;
            res.output.push(format!("{file}:{line}: {why}"));
            End::Resume(line)
        }
        None => {
            res.output.push(format!("{file}: worker stopped: {why}"));
            End::Abandon
        }
    }
}

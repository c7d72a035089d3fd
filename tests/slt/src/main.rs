//! sqllogictest runner: `slt [OPTIONS] PATH...` runs `.test` files (directories are searched
//! recursively) and ends with the line `N passed, N failed` (records, not files).
//!
//! Each file runs in its own worker process on a fresh database file in a temporary
//! directory; a record that runs longer than `--timeout` or crashes the engine is counted as
//! failed and the file goes on after it (see `supervise`).

mod backend;
mod record;
mod render;
mod run;
mod supervise;
mod worker;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

const USAGE: &str = "usage: slt [OPTIONS] PATH...
Runs sqllogictest files (directories: every *.test below them, recursively).
Prints one line per failed record (file:line: why) and last `N passed, N failed`.

options:
  --engine NAME       ferrolite (default), or sqlite3 (the system library; needs the
                      `reference` cargo feature)
  --engine-name NAME  the name skipif/onlyif match (default sqlite)
  --timeout SECS      per-record time limit (default 30)
  --memory-limit MB   address-space limit of each worker process (default 4096, 0: none)
  -j, --jobs N        files run in parallel (default 1)
  --limit N           judge at most N records per file (a quick sample)
  -v, --verbose       show expected and actual results of failures
  --summary           one line per file: passed and failed counts
  --strict            exit status 1 when any record failed
  -h, --help          this text";

struct Args {
    paths: Vec<String>,
    opts: supervise::Options,
    jobs: usize,
    summary: bool,
    strict: bool,
    worker: Option<worker::WorkerArgs>,
}

fn parse_args(argv: &[String]) -> Result<Args, String> {
    let mut a = Args {
        paths: Vec::new(),
        opts: supervise::Options {
            engine: "ferrolite".into(),
            engine_name: "sqlite".into(),
            timeout: Duration::from_secs(30),
            verbose: false,
            memory_mb: 4096,
            limit: None,
        },
        jobs: 1,
        summary: false,
        strict: false,
        worker: None,
    };
    let (mut worker_file, mut db, mut resume_after) = (None, None, 0);
    let mut it = argv.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "--engine" => a.opts.engine = value(arg)?,
            "--engine-name" => a.opts.engine_name = value(arg)?,
            "--timeout" => {
                let v = value(arg)?;
                let secs: f64 = v.parse().map_err(|_| format!("bad --timeout {v:?}"))?;
                if !(secs > 0.0 && secs.is_finite()) {
                    return Err(format!("bad --timeout {v:?}"));
                }
                a.opts.timeout = Duration::from_secs_f64(secs);
            }
            "-j" | "--jobs" => {
                let v = value(arg)?;
                a.jobs = v.parse().map_err(|_| format!("bad --jobs {v:?}"))?;
                a.jobs = a.jobs.max(1);
            }
            "--memory-limit" => {
                let v = value(arg)?;
                a.opts.memory_mb = v.parse().map_err(|_| format!("bad --memory-limit {v:?}"))?;
            }
            "--limit" => {
                let v = value(arg)?;
                a.opts.limit = Some(v.parse().map_err(|_| format!("bad --limit {v:?}"))?);
            }
            "-v" | "--verbose" => a.opts.verbose = true,
            "--summary" => a.summary = true,
            "--strict" => a.strict = true,
            "--worker" => worker_file = Some(value(arg)?),
            "--db" => db = Some(value(arg)?),
            "--resume-after" => {
                let v = value(arg)?;
                resume_after = v.parse().map_err(|_| format!("bad --resume-after {v:?}"))?;
            }
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with('-') && s.len() > 1 => return Err(format!("unknown option {s}")),
            _ => a.paths.push(arg.clone()),
        }
    }
    if !backend::known(&a.opts.engine) {
        return Err(format!(
            "unknown engine {:?}; known: {}",
            a.opts.engine,
            backend::engine_names()
        ));
    }
    if let Some(file) = worker_file {
        a.worker = Some(worker::WorkerArgs {
            file,
            db: db.ok_or("--worker needs --db")?,
            engine: a.opts.engine.clone(),
            engine_name: a.opts.engine_name.clone(),
            resume_after,
            memory_mb: a.opts.memory_mb,
            limit: a.opts.limit,
        });
    } else if a.paths.is_empty() {
        return Err("no test files given".into());
    }
    Ok(a)
}

/// Every `.test` file under `path` (or `path` itself when it is a file), sorted.
fn collect(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for e in entries {
            if e.is_dir() || e.extension().is_some_and(|x| x == "test") {
                collect(&e, out)?;
            }
        }
        Ok(())
    } else if path.exists() {
        out.push(path.to_path_buf());
        Ok(())
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("{}: no such file or directory", path.display()),
        ))
    }
}

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse_args(&argv) {
        Ok(a) => a,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return;
        }
        Err(e) => {
            eprintln!("slt: {e}\n{USAGE}");
            std::process::exit(2);
        }
    };
    if let Some(w) = args.worker {
        std::process::exit(worker::main(w));
    }
    let mut files = Vec::new();
    for p in &args.paths {
        if let Err(e) = collect(Path::new(p), &mut files) {
            eprintln!("slt: {e}");
            std::process::exit(2);
        }
    }
    let (passed, failed) = run_all(&files, &args);
    println!("{passed} passed, {failed} failed");
    if args.strict && failed > 0 {
        std::process::exit(1);
    }
}

/// Runs the files on `jobs` threads, printing each file's output in file order.
fn run_all(files: &[PathBuf], args: &Args) -> (u64, u64) {
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel();
    let (mut passed, mut failed) = (0, 0);
    std::thread::scope(|s| {
        for _ in 0..args.jobs.min(files.len()) {
            let tx = tx.clone();
            let next = &next;
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(f) = files.get(i) else { break };
                let r = supervise::run_file(&f.to_string_lossy(), &args.opts);
                if tx.send((i, r)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut want = 0;
        for (i, r) in rx {
            pending.insert(i, r);
            while let Some(r) = pending.remove(&want) {
                for line in &r.output {
                    println!("{line}");
                }
                if args.summary {
                    println!(
                        "{}: {} passed, {} failed",
                        files[want].display(),
                        r.passed,
                        r.failed
                    );
                }
                passed += r.passed;
                failed += r.failed;
                want += 1;
            }
        }
    });
    (passed, failed)
}

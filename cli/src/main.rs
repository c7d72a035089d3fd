//! `ferrolite`: the interactive shell, output-compatible with the `sqlite3` 3.40 shell.
//!
//! `ferrolite [OPTIONS] [DBFILE [SQL...]]`: SQL arguments run and exit; otherwise an
//! interactive session on a terminal (line editing, history in `~/.ferrolite_history`) or a
//! script read from stdin. `--demo FILE` first creates a small demo database in FILE.

mod args;
mod complete;
mod dot;
mod errors;
mod format;
mod import;
mod input;
mod interrupt;
mod param;
mod shell;
mod timer;

use errors::Origin;
use shell::Shell;

/// The SQL of the demo database (`--demo`).
const DEMO_SQL: &str = include_str!("../demo.sql");

fn stdin_is_tty() -> bool {
    // SAFETY: isatty only inspects the descriptor.
    unsafe { libc::isatty(0) == 1 }
}

/// Runs a `-cmd` or SQL argument: a dot command or SQL. Err holds the exit status to use
/// (the SQL error's result code, or 1).
fn run_arg(sh: &mut Shell, text: &str) -> Result<(), i32> {
    let r = if text.starts_with('.') {
        dot::run(sh, text, Origin::Argument).map_err(|_| 1)
    } else {
        sh.run_sql(text, Origin::Argument)
    };
    if r.is_err() {
        sh.had_error = true;
    }
    r
}

/// Creates the demo database at `path` unless a file is already there.
fn make_demo(path: &str) -> Result<(), String> {
    if std::path::Path::new(path).exists() {
        return Ok(());
    }
    let conn = ferrolite::Connection::open(path).map_err(|e| e.message)?;
    conn.execute_batch(DEMO_SQL).map_err(|e| e.message)
}

fn main() {
    let argv0 = std::env::args()
        .next()
        .unwrap_or_else(|| "ferrolite".into());
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let a = match args::parse(&argv) {
        Ok(a) => a,
        Err(args::ArgError::Unknown(o)) => {
            eprintln!("{argv0}: Error: unknown option: {o}\nUse -help for a list of options.");
            std::process::exit(1);
        }
        Err(args::ArgError::Missing(o)) => {
            eprintln!("{argv0}: Error: missing argument to {o}");
            std::process::exit(1);
        }
    };
    if a.help {
        eprint!("{}", args::HELP);
        std::process::exit(1);
    }
    if a.version {
        println!(
            "{} {}",
            ferrolite::SQLITE_VERSION,
            ferrolite::SQLITE_SOURCE_ID
        );
        return;
    }
    let db = a.db.clone().unwrap_or_else(|| ":memory:".to_string());
    if a.demo && a.db.is_some() {
        if let Err(e) = make_demo(&db) {
            eprintln!("ferrolite: cannot create the demo database {db}: {e}");
            std::process::exit(1);
        }
    }
    let mut sh = Shell::new(&db, a.readonly);
    if let Some(m) = a.mode {
        sh.settings.set_cli_mode(m);
    }
    if let Some(h) = a.headers {
        sh.settings.headers = h;
        sh.settings.headers_set = true;
    }
    if let Some(s) = &a.separator {
        sh.settings.col_sep = s.clone();
    }
    if let Some(s) = &a.newline {
        sh.settings.row_sep = s.clone();
    }
    if let Some(s) = &a.nullvalue {
        sh.settings.null = s.clone();
    }
    sh.bail = a.bail;
    sh.echo = a.echo;
    if a.demo && a.db.is_none() {
        // No file named: the demo tables go into the in-memory database.
        let _ = sh.run_sql(DEMO_SQL, Origin::Argument);
    }
    let exit = |sh: &Shell| -> ! {
        std::process::exit(
            sh.quit
                .filter(|c| *c != 0)
                .unwrap_or(i32::from(sh.had_error)),
        );
    };
    if let Some(init) = &a.init {
        let _ = dot::run(&mut sh, &format!(".read '{init}'"), Origin::Argument);
    }
    for c in &a.cmds {
        if let Err(code) = run_arg(&mut sh, c) {
            if sh.bail {
                std::process::exit(code);
            }
        }
        if sh.quit.is_some() {
            exit(&sh);
        }
    }
    if !a.sql.is_empty() {
        for s in &a.sql {
            if let Err(code) = run_arg(&mut sh, s) {
                std::process::exit(code);
            }
            if sh.quit.is_some() {
                exit(&sh);
            }
        }
        exit(&sh);
    }
    let tty = stdin_is_tty();
    let interactive = a.interactive || (!a.batch && tty);
    if interactive {
        println!(
            "ferrolite {} (SQLite {} compatible)\nEnter \".help\" for usage hints.",
            env!("CARGO_PKG_VERSION"),
            ferrolite::SQLITE_VERSION
        );
        if a.db.is_none() && tty {
            println!("Connected to a transient in-memory database.\nUse \".open FILENAME\" to reopen on a persistent database.");
        }
        interrupt::install();
        if !tty {
            let stdin = std::io::stdin();
            let _ = sh.process(&mut input::Echoing::new(stdin.lock()));
            exit(&sh);
        }
        if let Some(mut ed) = input::Editor::new() {
            let _ = sh.process(&mut ed);
            drop(ed);
            exit(&sh);
        }
    }
    let stdin = std::io::stdin();
    let mut src = input::Script::new(stdin.lock());
    let _ = sh.process(&mut src);
    exit(&sh);
}

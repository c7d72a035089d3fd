//! `ferrolite`: the interactive shell, output-compatible with the `sqlite3` shell.

mod complete;
mod format;

fn main() {
    eprintln!("ferrolite shell: not built yet");
    std::process::exit(1);
}

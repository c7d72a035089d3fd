//! Ctrl-C while a statement runs interrupts it (`sqlite3_interrupt`), as in `sqlite3`'s
//! interactive mode. The SIGINT handler only sets a flag; a watcher thread turns the flag into
//! `Connection::interrupt()` on the connection registered here.

use ferrolite::Connection;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

static PENDING: AtomicBool = AtomicBool::new(false);
static TARGET: Mutex<Option<Connection>> = Mutex::new(None);

extern "C" fn on_sigint(_: libc::c_int) {
    PENDING.store(true, Ordering::SeqCst);
}

/// Makes `conn` the connection Ctrl-C interrupts.
pub fn register(conn: &Connection) {
    if let Ok(mut t) = TARGET.lock() {
        *t = Some(conn.clone());
    }
}

/// Installs the SIGINT handler and starts the watcher (interactive sessions only).
pub fn install() {
    let handler = on_sigint as extern "C" fn(libc::c_int);
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, handler as libc::sighandler_t);
    }
    std::thread::spawn(|| loop {
        std::thread::sleep(Duration::from_millis(50));
        if PENDING.swap(false, Ordering::SeqCst) {
            if let Ok(t) = TARGET.lock() {
                if let Some(c) = t.as_ref() {
                    c.interrupt();
                }
            }
        }
    });
}

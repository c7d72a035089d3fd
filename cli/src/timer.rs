//! `.timer on`: wall-clock and CPU time of each statement, printed as
//! `Run Time: real 0.001 user 0.000123 sys 0.000000`.

use std::time::Instant;

pub struct Times {
    real: Instant,
    user: f64,
    sys: f64,
}

fn cpu() -> (f64, f64) {
    // SAFETY: getrusage writes into the zeroed struct we own; RUSAGE_SELF is always valid.
    let ru = unsafe {
        let mut ru: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut ru);
        ru
    };
    let t = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 * 1e-6;
    (t(ru.ru_utime), t(ru.ru_stime))
}

impl Times {
    pub fn now() -> Times {
        let (user, sys) = cpu();
        Times {
            real: Instant::now(),
            user,
            sys,
        }
    }

    /// The line to print for the time since `self`.
    pub fn report(&self) -> String {
        let (user, sys) = cpu();
        format!(
            "Run Time: real {:.3} user {:.6} sys {:.6}\n",
            self.real.elapsed().as_secs_f64(),
            user - self.user,
            sys - self.sys
        )
    }
}

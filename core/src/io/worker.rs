//! The I/O worker: a small pool of threads of our own that runs blocking jobs (page reads,
//! and the instructions whose I/O is not resumable) for the async API, so the caller's
//! executor thread never blocks on disk or on a busy wait.
//!
//! Completion-based: [`submit`] puts a job on the request queue and returns a [`Completion`],
//! a `std::future::Future` that is ready when a worker thread has run the job. The worker
//! stores the result and wakes the last registered [`Waker`]; nothing here depends on a
//! particular async runtime.
//!
//! ```text
//!   caller (executor thread)           request queue            worker thread
//!   submit(job) ───────────────────────▶ [job, job, ...] ──────▶ run job
//!   poll Completion: Pending (waker kept)                         store result
//!   poll Completion: Ready(result) ◀──────────── waker.wake() ◀──┘
//! ```
//!
//! Threads: [`WORKERS`] threads named `ferrolite-io-N`, started on first use and kept for the
//! life of the process. A job that panics is caught; its completion reports `SQLITE_INTERNAL`.

use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll, Waker};

use parking_lot::Mutex;

use crate::error::{codes, Error, Result};

/// Number of worker threads.
pub const WORKERS: usize = 4;

type Job = Box<dyn FnOnce() + Send + 'static>;

struct Pool {
    queue: Mutex<Sender<Job>>,
}

fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| {
        let (tx, rx) = channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..WORKERS {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("ferrolite-io-{i}"))
                .spawn(move || worker_loop(&rx));
            // Without any thread, jobs would never run: the pool then runs them inline
            // (see `submit`), which is correct, only blocking.
            drop(spawned);
        }
        Pool {
            queue: Mutex::new(tx),
        }
    })
}

fn worker_loop(rx: &Mutex<Receiver<Job>>) {
    loop {
        let job = rx.lock().recv();
        match job {
            Ok(job) => job(),
            Err(_) => return,
        }
    }
}

/// The shared slot of one job: its result once done, and who to wake.
struct Slot<T> {
    result: Option<Result<T>>,
    waker: Option<Waker>,
    done: bool,
}

/// The future of a submitted job; ready with the job's result.
pub struct Completion<T> {
    slot: Arc<Mutex<Slot<T>>>,
}

impl<T> Completion<T> {
    /// Whether the job has finished (its result may already have been taken).
    pub fn is_done(&self) -> bool {
        self.slot.lock().done
    }
}

impl<T> Future for Completion<T> {
    type Output = Result<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<T>> {
        let mut s = self.slot.lock();
        if s.done {
            return Poll::Ready(s.result.take().unwrap_or_else(|| {
                Err(Error::new(codes::SQLITE_MISUSE, "job result already taken"))
            }));
        }
        match &s.waker {
            Some(w) if w.will_wake(cx.waker()) => {}
            _ => s.waker = Some(cx.waker().clone()),
        }
        Poll::Pending
    }
}

/// Queues `job` for a worker thread; the returned completion is ready with its result.
pub fn submit<T, F>(job: F) -> Completion<T>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T> + Send + 'static,
{
    let slot = Arc::new(Mutex::new(Slot {
        result: None,
        waker: None,
        done: false,
    }));
    let done_slot = slot.clone();
    let run: Job = Box::new(move || {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job))
            .unwrap_or_else(|_| Err(Error::new(codes::SQLITE_INTERNAL, "I/O job panicked")));
        let waker = {
            let mut s = done_slot.lock();
            s.result = Some(r);
            s.done = true;
            s.waker.take()
        };
        if let Some(w) = waker {
            w.wake();
        }
    });
    if let Err(failed) = pool().queue.lock().send(run) {
        (failed.0)(); // no worker thread could be started: run it here
    }
    Completion { slot }
}

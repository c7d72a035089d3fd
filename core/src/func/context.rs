//! What a function sees of the connection and the statement while it runs.
//!
//! [`FunctionEnv`] is implemented by the connection (or the VM on its behalf): counters,
//! settings, the statement's clock and randomness. [`Context`] wraps it together with
//! per-call state (the collating sequence for `min`/`max`, argument subtypes, aux data).
//! Every method of `FunctionEnv` has a default so tests can use [`NullEnv`].

use std::any::Any;
use std::cmp::Ordering;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// A collating sequence: compares two texts.
pub type CollationFn = dyn Fn(&str, &str) -> Ordering + Send + Sync;

/// The connection-level facts functions read.
pub trait FunctionEnv {
    /// `last_insert_rowid()`.
    fn last_insert_rowid(&self) -> i64 {
        0
    }
    /// `changes()`: rows changed by the most recent INSERT/UPDATE/DELETE.
    fn changes(&self) -> i64 {
        0
    }
    /// `total_changes()`.
    fn total_changes(&self) -> i64 {
        0
    }
    /// `PRAGMA case_sensitive_like`.
    fn case_sensitive_like(&self) -> bool {
        false
    }
    /// Fills `buf` with pseudo-random bytes (`random()`, `randomblob()`).
    fn random_bytes(&self, buf: &mut [u8]) {
        fill_random(buf)
    }
    /// The statement's current time in Unix milliseconds. SQLite's `'now'` is the same for
    /// every call within one `sqlite3_step()`: the VM should capture it once per statement.
    fn statement_time_ms(&self) -> i64 {
        system_time_ms()
    }
    /// `SQLITE_LIMIT_LENGTH`: larger strings/blobs fail with `string or blob too big`.
    fn max_length(&self) -> usize {
        1_000_000_000
    }
    /// Offset of local time from UTC, in seconds, at the Unix time `utc_secs`
    /// (for the `localtime`/`utc` date modifiers). `None` means UTC. The default reads the
    /// system time zone (`$TZ`, `/etc/localtime`) as the C library would.
    fn local_offset_seconds(&self, utc_secs: i64) -> Option<i64> {
        super::date::tz::local_offset_seconds(utc_secs)
    }
}

/// An environment with every default: no changes, case-insensitive LIKE, real clock.
pub struct NullEnv;
impl FunctionEnv for NullEnv {}

/// Per-call-site data a function may cache between calls (`sqlite3_set_auxdata`), keyed by
/// argument index. The VM keeps one per function-call instruction.
#[derive(Default)]
pub struct AuxData {
    slots: Vec<(usize, Box<dyn Any + Send>)>,
}

impl AuxData {
    pub fn get(&self, arg: usize) -> Option<&(dyn Any + Send)> {
        self.slots
            .iter()
            .find(|(i, _)| *i == arg)
            .map(|(_, b)| b.as_ref())
    }
    pub fn set(&mut self, arg: usize, data: Box<dyn Any + Send>) {
        self.slots.retain(|(i, _)| *i != arg);
        self.slots.push((arg, data));
    }
    pub fn clear(&mut self) {
        self.slots.clear();
    }
}

/// The context of one function call.
pub struct Context<'a> {
    pub env: &'a dyn FunctionEnv,
    /// Collating sequence of the arguments (for `min`/`max`, `instr`...); `None` = BINARY.
    pub collation: Option<&'a CollationFn>,
    /// Subtype of each argument (`sqlite3_value_subtype`); empty = all 0. JSON functions use
    /// subtype [`JSON_SUBTYPE`] to recognise JSON produced by other JSON functions.
    pub arg_subtypes: &'a [u8],
    /// Subtype of the result, set by the function (`sqlite3_result_subtype`); the VM keeps it
    /// with the result register.
    pub result_subtype: u8,
    /// Pointer carried by each argument (`sqlite3_value_pointer`); empty = none.
    pub arg_pointers: &'a [Option<Pointer>],
    /// Which arguments come straight from a bound parameter (`sqlite3_value_frombind`);
    /// empty = none.
    pub arg_from_bind: &'a [bool],
    /// Pointer the result carries (`sqlite3_result_pointer`); its value must be NULL.
    pub result_pointer: Option<Pointer>,
    /// Cached per-call-site data, if the VM provides a slot.
    pub aux: Option<&'a mut AuxData>,
    /// Set by `min()`/`max()` steps: `Some(true)` when this row did not become the extremum,
    /// so the query's bare columns keep the values of an earlier row (lang_select.html, "bare
    /// columns in an aggregate query").
    pub skip_bare_columns: Option<bool>,
    /// The aggregate runs as a window function: `inverse` may follow, so accumulators that
    /// need their inputs for it (min/max) keep them; a plain aggregate keeps O(1) state.
    pub windowed: bool,
    /// Which arguments are int-real (`vdbe::regmeta` rule 7); empty = none.
    pub arg_int_real: &'a [bool],
    /// Set by a function that returns an int-real argument as it is (min/max, nullif).
    pub result_int_real: bool,
}

/// A pointer value (c3ref/bind_blob.html, "pointer passing interfaces"): an address and a
/// type name, carried beside an SQL NULL. Clones share `owner`, whose `Drop` (if any) releases
/// the pointer when the last copy goes (the C ABI runs the application's destructor there).
#[derive(Clone)]
pub struct Pointer {
    addr: usize,
    type_name: Arc<str>,
    _owner: Option<Arc<dyn Any + Send + Sync>>,
}

impl Pointer {
    pub fn new(addr: usize, type_name: &str, owner: Option<Arc<dyn Any + Send + Sync>>) -> Pointer {
        Pointer {
            addr,
            type_name: type_name.into(),
            _owner: owner,
        }
    }

    /// The address when `type_name` is the pointer's type (`sqlite3_value_pointer`).
    pub fn get(&self, type_name: &str) -> Option<usize> {
        (*self.type_name == *type_name).then_some(self.addr)
    }
}

impl std::fmt::Debug for Pointer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pointer({:#x}, {:?})", self.addr, self.type_name)
    }
}

/// The subtype JSON functions give their results (`'J'`).
pub const JSON_SUBTYPE: u8 = b'J';

impl<'a> Context<'a> {
    pub fn new(env: &'a dyn FunctionEnv) -> Context<'a> {
        Context {
            env,
            collation: None,
            arg_subtypes: &[],
            result_subtype: 0,
            arg_pointers: &[],
            arg_from_bind: &[],
            result_pointer: None,
            aux: None,
            skip_bare_columns: None,
            windowed: false,
            arg_int_real: &[],
            result_int_real: false,
        }
    }

    pub fn with_collation(mut self, collation: Option<&'a CollationFn>) -> Context<'a> {
        self.collation = collation;
        self
    }

    pub fn with_arg_subtypes(mut self, subtypes: &'a [u8]) -> Context<'a> {
        self.arg_subtypes = subtypes;
        self
    }

    pub fn with_arg_int_real(mut self, int_real: &'a [bool]) -> Context<'a> {
        self.arg_int_real = int_real;
        self
    }

    /// Whether argument `i` is int-real (`vdbe::regmeta` rule 7).
    pub fn arg_int_real(&self, i: usize) -> bool {
        self.arg_int_real.get(i).copied().unwrap_or(false)
    }

    /// The subtype of argument `i` (0 when unknown).
    pub fn arg_subtype(&self, i: usize) -> u8 {
        self.arg_subtypes.get(i).copied().unwrap_or(0)
    }

    pub fn with_arg_pointers(mut self, pointers: &'a [Option<Pointer>]) -> Context<'a> {
        self.arg_pointers = pointers;
        self
    }

    pub fn with_arg_from_bind(mut self, from_bind: &'a [bool]) -> Context<'a> {
        self.arg_from_bind = from_bind;
        self
    }

    /// Whether argument `i` is a bound parameter's value.
    pub fn arg_from_bind(&self, i: usize) -> bool {
        self.arg_from_bind.get(i).copied().unwrap_or(false)
    }

    /// The pointer argument `i` carries, if any.
    pub fn arg_pointer(&self, i: usize) -> Option<&Pointer> {
        self.arg_pointers.get(i).and_then(Option::as_ref)
    }

    /// Compares two texts with the call's collating sequence.
    pub fn collate(&self, a: &str, b: &str) -> Ordering {
        match self.collation {
            Some(c) => c(a, b),
            None => a.as_bytes().cmp(b.as_bytes()),
        }
    }
}

/// Wall-clock time in Unix milliseconds.
pub fn system_time_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

static RNG_STATE: AtomicU64 = AtomicU64::new(0);

/// A process-wide xorshift-style generator seeded from the clock; not cryptographic
/// (SQLite's `random()` is not either).
pub fn fill_random(buf: &mut [u8]) {
    for chunk in buf.chunks_mut(8) {
        let bytes = next_random().to_le_bytes();
        chunk.copy_from_slice(&bytes[..chunk.len()]);
    }
}

fn next_random() -> u64 {
    let mut s = RNG_STATE.load(AtomicOrdering::Relaxed);
    loop {
        let cur = if s == 0 {
            (system_time_ms() as u64 ^ 0x9E37_79B9_7F4A_7C15) | 1
        } else {
            s
        };
        // splitmix64 step
        let next = cur.wrapping_add(0x9E37_79B9_7F4A_7C15);
        match RNG_STATE.compare_exchange_weak(
            s,
            next,
            AtomicOrdering::Relaxed,
            AtomicOrdering::Relaxed,
        ) {
            Ok(_) => {
                let mut z = next;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                return z ^ (z >> 31);
            }
            Err(actual) => s = actual,
        }
    }
}

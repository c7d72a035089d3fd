//! `sqlite3_malloc` and friends: blocks with a 16-byte size prefix so `sqlite3_msize` can
//! answer, 16-byte aligned like malloc's. Statistics for `sqlite3_memory_used`.

use crate::{sqlite3_int64, sqlite3_uint64};
use std::alloc::{alloc, dealloc, realloc, Layout};
use std::ffi::{c_int, c_void};
use std::sync::atomic::{AtomicI64, Ordering};

const HEADER: usize = 16;
const ALIGN: usize = 16;
/// SQLite refuses single allocations above this (SQLITE_MAX_ALLOCATION_SIZE).
const MAX_ALLOC: u64 = 0x7fff_fe00;

static USED: AtomicI64 = AtomicI64::new(0);
static HIGHWATER: AtomicI64 = AtomicI64::new(0);

fn layout(size: usize) -> Option<Layout> {
    Layout::from_size_align(size.checked_add(HEADER)?, ALIGN).ok()
}

fn account(delta: i64) {
    let now = USED.fetch_add(delta, Ordering::Relaxed) + delta;
    HIGHWATER.fetch_max(now, Ordering::Relaxed);
}

/// Allocates `n` bytes (NULL when n is 0 or too large).
pub fn malloc_bytes(n: u64) -> *mut c_void {
    if n == 0 || n > MAX_ALLOC {
        return std::ptr::null_mut();
    }
    let Some(l) = layout(n as usize) else {
        return std::ptr::null_mut();
    };
    // SAFETY: layout has non-zero size.
    let base = unsafe { alloc(l) };
    if base.is_null() {
        return std::ptr::null_mut();
    }
    // SAFETY: base is valid for HEADER + n bytes and 16-aligned, so a u64 fits at its start.
    unsafe { (base as *mut u64).write(n) };
    account(n as i64);
    // SAFETY: HEADER < allocation size.
    unsafe { base.add(HEADER) as *mut c_void }
}

/// The size recorded for a block from [`malloc_bytes`].
///
/// # Safety
/// `p` is NULL or a live block from this allocator.
unsafe fn block_size(p: *mut c_void) -> u64 {
    if p.is_null() {
        0
    } else {
        // SAFETY: blocks start HEADER bytes after their base, which holds the size.
        unsafe { ((p as *mut u8).sub(HEADER) as *const u64).read() }
    }
}

#[no_mangle]
pub extern "C" fn sqlite3_malloc(n: c_int) -> *mut c_void {
    if n <= 0 {
        return std::ptr::null_mut();
    }
    malloc_bytes(n as u64)
}

#[no_mangle]
pub extern "C" fn sqlite3_malloc64(n: sqlite3_uint64) -> *mut c_void {
    malloc_bytes(n)
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_free(p: *mut c_void) {
    if p.is_null() {
        return;
    }
    // SAFETY: the caller passes a block from this allocator (SQLite's contract).
    let n = unsafe { block_size(p) };
    let Some(l) = layout(n as usize) else { return };
    account(-(n as i64));
    // SAFETY: base and layout are those the block was allocated with.
    unsafe { dealloc((p as *mut u8).sub(HEADER), l) };
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_realloc64(p: *mut c_void, n: sqlite3_uint64) -> *mut c_void {
    if p.is_null() {
        return malloc_bytes(n);
    }
    if n == 0 {
        // SAFETY: p is a block from this allocator.
        unsafe { sqlite3_free(p) };
        return std::ptr::null_mut();
    }
    if n > MAX_ALLOC {
        return std::ptr::null_mut();
    }
    // SAFETY: p is a block from this allocator.
    let old = unsafe { block_size(p) };
    let (Some(old_l), Some(_)) = (layout(old as usize), layout(n as usize)) else {
        return std::ptr::null_mut();
    };
    // SAFETY: base/old_l describe the existing block; the new size is non-zero and valid.
    let base = unsafe { realloc((p as *mut u8).sub(HEADER), old_l, n as usize + HEADER) };
    if base.is_null() {
        return std::ptr::null_mut();
    }
    // SAFETY: the new block is valid for HEADER + n bytes.
    unsafe { (base as *mut u64).write(n) };
    account(n as i64 - old as i64);
    // SAFETY: HEADER < allocation size.
    unsafe { base.add(HEADER) as *mut c_void }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_realloc(p: *mut c_void, n: c_int) -> *mut c_void {
    if n <= 0 {
        // SAFETY: forwarded contract.
        unsafe { sqlite3_free(p) };
        return std::ptr::null_mut();
    }
    // SAFETY: forwarded contract.
    unsafe { sqlite3_realloc64(p, n as u64) }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_msize(p: *mut c_void) -> sqlite3_uint64 {
    // SAFETY: the caller passes NULL or a block from this allocator.
    unsafe { block_size(p) }
}

#[no_mangle]
pub extern "C" fn sqlite3_memory_used() -> sqlite3_int64 {
    USED.load(Ordering::Relaxed)
}

#[no_mangle]
pub extern "C" fn sqlite3_memory_highwater(reset: c_int) -> sqlite3_int64 {
    let hw = HIGHWATER.load(Ordering::Relaxed);
    if reset != 0 {
        HIGHWATER.store(USED.load(Ordering::Relaxed), Ordering::Relaxed);
    }
    hw
}

#[no_mangle]
pub extern "C" fn sqlite3_release_memory(_n: c_int) -> c_int {
    0
}

/// The heap limits of `sqlite3_soft_heap_limit64` / `sqlite3_hard_heap_limit64` (0: none).
/// They are recorded and reported as SQLite does; the allocator does not enforce them.
static HEAP_LIMITS: parking_lot::Mutex<(i64, i64)> = parking_lot::Mutex::new((0, 0));

/// Sets the soft limit (n >= 0) and returns the previous one. As SQLite, a hard limit caps it:
/// 0 or a value above the hard limit becomes the hard limit.
#[no_mangle]
pub extern "C" fn sqlite3_soft_heap_limit64(n: sqlite3_int64) -> sqlite3_int64 {
    let mut l = HEAP_LIMITS.lock();
    let prior = l.0;
    if n >= 0 {
        l.0 = if l.1 > 0 && (n == 0 || n > l.1) {
            l.1
        } else {
            n
        };
    }
    prior
}

/// Sets the hard limit (n >= 0) and returns the previous one; a lower hard limit (or an unset
/// soft limit) pulls the soft limit down to it, as in SQLite.
#[no_mangle]
pub extern "C" fn sqlite3_hard_heap_limit64(n: sqlite3_int64) -> sqlite3_int64 {
    let mut l = HEAP_LIMITS.lock();
    let prior = l.1;
    if n >= 0 {
        l.1 = n;
        if n < l.0 || l.0 == 0 {
            l.0 = n;
        }
    }
    prior
}

/// Copies `s` into a new `sqlite3_malloc` block, NUL-terminated (for strings the caller frees
/// with `sqlite3_free`).
pub fn malloc_cstr(s: &[u8]) -> *mut std::ffi::c_char {
    let p = malloc_bytes(s.len() as u64 + 1) as *mut u8;
    if !p.is_null() {
        // SAFETY: p is valid for len + 1 bytes; s is a distinct allocation.
        unsafe {
            std::ptr::copy_nonoverlapping(s.as_ptr(), p, s.len());
            p.add(s.len()).write(0);
        }
    }
    p as *mut std::ffi::c_char
}

//! Application-defined SQL functions and collations: `sqlite3_create_function*`,
//! `sqlite3_create_window_function`, `sqlite3_create_collation*`, and what a function sees
//! while it runs: `sqlite3_context` (`sqlite3_result_*`, `sqlite3_aggregate_context`,
//! `sqlite3_user_data`, `sqlite3_get_auxdata`/`set_auxdata`, `sqlite3_context_db_handle`).
//!
//! A C function becomes an engine function (`ferrolite::func`) whose closure builds a
//! `sqlite3_context` and an array of `sqlite3_value`s, calls the C callback, and turns what the
//! callback set with `sqlite3_result_*` into the call's result. The application's `pApp` and
//! its destructor live in one [`AppData`] shared by every closure of the function; the
//! destructor runs when the last of them is dropped (function replaced, or connection closed),
//! as SQLite calls xDestroy.

use std::cmp::Ordering;
use std::ffi::{c_char, c_int, c_uchar, c_uint, c_void};
use std::sync::Arc;

use ferrolite::func::{Accumulator, AggregateFunction, Context, ScalarFunction};
use ferrolite::{codes, Error, Result, Value};

use crate::bind::{run_destructor, sqlite3_destructor_type};
use crate::handle::{c_str, c_text, sqlite3};
use crate::open::conn_of;
use crate::value::{sqlite3_value, utf16_to_string};
use crate::{sqlite3_int64, sqlite3_uint64};

type XFunc = unsafe extern "C" fn(*mut sqlite3_context, c_int, *mut *mut sqlite3_value);
type XFinal = unsafe extern "C" fn(*mut sqlite3_context);
/// Nullable callback types as the C prototypes spell them.
pub type ferrolite_xfunc =
    Option<unsafe extern "C" fn(*mut sqlite3_context, c_int, *mut *mut sqlite3_value)>;
pub type ferrolite_xfinal = Option<unsafe extern "C" fn(*mut sqlite3_context)>;
pub type ferrolite_xdestroy = Option<unsafe extern "C" fn(*mut c_void)>;
pub type ferrolite_xcompare =
    Option<unsafe extern "C" fn(*mut c_void, c_int, *const c_void, c_int, *const c_void) -> c_int>;

/// The application's data pointer and its destructor (see the module comment).
struct AppData {
    p_app: *mut c_void,
    destroy: ferrolite_xdestroy,
}

// SAFETY: SQLite hands pApp to callbacks on whatever thread runs the statement; making that
// safe is the application's contract with SQLite, unchanged here.
unsafe impl Send for AppData {}
// SAFETY: as above; AppData itself is never mutated.
unsafe impl Sync for AppData {}

impl Drop for AppData {
    fn drop(&mut self) {
        if let Some(f) = self.destroy {
            // SAFETY: xDestroy is the application's destructor for pApp, called once.
            unsafe { f(self.p_app) };
        }
    }
}

/// The C callbacks of one function.
#[derive(Clone, Copy)]
struct Callbacks {
    func: ferrolite_xfunc,
    step: ferrolite_xfunc,
    finalize: ferrolite_xfinal,
    value: ferrolite_xfinal,
    inverse: ferrolite_xfunc,
}

/// What a C callback sees as `sqlite3_context*`.
pub struct sqlite3_context {
    db: *mut sqlite3,
    app: *mut c_void,
    result: Result<Value>,
    subtype: c_uint,
    /// The result's pointer (`sqlite3_result_pointer`).
    pointer: Option<ferrolite::func::Pointer>,
    /// The aggregate's `sqlite3_aggregate_context` buffer (aggregates only).
    agg: Option<*mut AggBuffer>,
    /// Auxiliary data slots of this call site: (argument, pointer, destructor).
    aux: *mut Vec<(c_int, *mut c_void, ferrolite_xdestroy)>,
}

/// `sqlite3_aggregate_context` memory: allocated zeroed on first request, freed with the
/// accumulator.
#[derive(Default)]
struct AggBuffer {
    bytes: Vec<u64>,
    allocated: bool,
}

/// Builds the `sqlite3_value` array for a call, with the subtypes and pointers the engine
/// passed along.
fn c_args(args: &[Value], ectx: &Context<'_>) -> Vec<sqlite3_value> {
    args.iter()
        .enumerate()
        .map(|(i, v)| {
            let mut c = sqlite3_value::new(v.clone());
            c.subtype = ectx.arg_subtype(i).into();
            c.pointer = ectx.arg_pointer(i).cloned();
            c.from_bind = ectx.arg_from_bind(i);
            c
        })
        .collect()
}

/// Hands what the callback set with `sqlite3_result_subtype`/`_pointer` to the engine.
fn take_meta(c: &mut sqlite3_context, ectx: &mut Context<'_>) {
    // As SQLite: only the low 8 bits of a subtype are kept.
    ectx.result_subtype = (c.subtype & 0xff) as u8;
    ectx.result_pointer = c.pointer.take();
}

/// Calls `f(ctx, argc, argv)` and returns what the callback set as the result.
fn invoke(
    db: *mut sqlite3,
    app: &AppData,
    agg: Option<*mut AggBuffer>,
    f: XFunc,
    args: &[Value],
    ectx: &mut Context<'_>,
) -> Result<Value> {
    let mut values = c_args(args, ectx);
    let mut argv: Vec<*mut sqlite3_value> = values.iter_mut().map(|v| v as *mut _).collect();
    let mut aux = Vec::new();
    let mut ctx = sqlite3_context {
        db,
        app: app.p_app,
        result: Ok(Value::Null),
        subtype: 0,
        pointer: None,
        agg,
        aux: &mut aux,
    };
    // SAFETY: ctx and argv outlive the call; the callback follows SQLite's contract.
    unsafe { f(&mut ctx, argv.len() as c_int, argv.as_mut_ptr()) };
    free_aux(&mut aux);
    take_meta(&mut ctx, ectx);
    ctx.result
}

fn invoke_final(
    db: *mut sqlite3,
    app: &AppData,
    agg: *mut AggBuffer,
    f: XFinal,
    ectx: &mut Context<'_>,
) -> Result<Value> {
    let mut aux = Vec::new();
    let mut ctx = sqlite3_context {
        db,
        app: app.p_app,
        result: Ok(Value::Null),
        subtype: 0,
        pointer: None,
        agg: Some(agg),
        aux: &mut aux,
    };
    // SAFETY: ctx outlives the call; the callback follows SQLite's contract.
    unsafe { f(&mut ctx) };
    free_aux(&mut aux);
    take_meta(&mut ctx, ectx);
    ctx.result
}

fn free_aux(aux: &mut Vec<(c_int, *mut c_void, ferrolite_xdestroy)>) {
    for (_, p, d) in aux.drain(..) {
        if let Some(d) = d {
            // SAFETY: the destructor the function passed to sqlite3_set_auxdata for p.
            unsafe { d(p) };
        }
    }
}

/// The running state of a C aggregate.
struct CAccumulator {
    db: *mut sqlite3,
    app: Arc<AppData>,
    cb: Callbacks,
    buffer: Box<AggBuffer>,
}

// SAFETY: see AppData; the db pointer refers to a Send + Sync connection object.
unsafe impl Send for CAccumulator {}

impl Accumulator for CAccumulator {
    fn step(&mut self, ctx: &mut Context<'_>, args: &[Value]) -> Result<()> {
        let Some(f) = self.cb.step else { return Ok(()) };
        invoke(self.db, &self.app, Some(&mut *self.buffer), f, args, ctx).map(|_| ())
    }

    fn inverse(&mut self, ctx: &mut Context<'_>, args: &[Value]) -> Result<()> {
        let Some(f) = self.cb.inverse else {
            return Err(Error::misuse());
        };
        invoke(self.db, &self.app, Some(&mut *self.buffer), f, args, ctx).map(|_| ())
    }

    fn value(&mut self, ctx: &mut Context<'_>) -> Result<Value> {
        match self.cb.value.or(self.cb.finalize) {
            Some(f) => invoke_final(self.db, &self.app, &mut *self.buffer, f, ctx),
            None => Ok(Value::Null),
        }
    }

    fn finalize(mut self: Box<Self>, ctx: &mut Context<'_>) -> Result<Value> {
        match self.cb.finalize {
            Some(f) => invoke_final(self.db, &self.app, &mut *self.buffer, f, ctx),
            None => Ok(Value::Null),
        }
    }
}

/// Shared body of the create_function family.
#[allow(clippy::too_many_arguments)]
unsafe fn create_function(
    db: *mut sqlite3,
    name: *const c_char,
    n_arg: c_int,
    text_rep: c_int,
    p_app: *mut c_void,
    cb: Callbacks,
    destroy: ferrolite_xdestroy,
) -> c_int {
    let Some((d, conn)) = conn_of(db) else {
        return codes::SQLITE_MISUSE;
    };
    // SAFETY: name is NULL or a C string (API contract).
    let name = unsafe { c_str(name) };
    let is_scalar = cb.func.is_some();
    let is_agg = cb.step.is_some() || cb.finalize.is_some();
    let deleting = !is_scalar && !is_agg;
    let valid = match &name {
        Some(n) => !n.is_empty() && n.len() <= 255,
        None => false,
    } && (-1..=127).contains(&n_arg)
        && !(is_scalar && is_agg)
        && !(is_agg && (cb.step.is_none() || cb.finalize.is_none()));
    if !valid {
        drop(AppData { p_app, destroy });
        // SQLite reports this misuse by the return code only, leaving the connection's error.
        return codes::SQLITE_MISUSE;
    }
    let name = name.unwrap_or_default().into_owned();
    let flags = (text_rep as u32) & !0x7;
    let app = Arc::new(AppData { p_app, destroy });
    if deleting {
        drop(app);
        return match conn.remove_function(&name, n_arg) {
            Ok(_) => codes::SQLITE_OK,
            Err(e) => d.set_error(&e),
        };
    }
    let db_addr = db as usize;
    if let Some(f) = cb.func {
        let app = app.clone();
        let func = ScalarFunction::new(&name, n_arg, flags, move |ctx, args| {
            invoke(db_addr as *mut sqlite3, &app, None, f, args, ctx)
        });
        if let Err(e) = conn.create_scalar_function(func) {
            return d.set_error(&e);
        }
    } else {
        let has_inverse = cb.inverse.is_some() && cb.value.is_some();
        let app = app.clone();
        let agg = AggregateFunction::new(&name, n_arg, flags, has_inverse, move || {
            Box::new(CAccumulator {
                db: db_addr as *mut sqlite3,
                app: app.clone(),
                cb,
                buffer: Box::default(),
            })
        });
        if let Err(e) = conn.create_aggregate_function(agg) {
            return d.set_error(&e);
        }
    }
    codes::SQLITE_OK
}

#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn sqlite3_create_function(
    db: *mut sqlite3,
    name: *const c_char,
    n_arg: c_int,
    text_rep: c_int,
    p_app: *mut c_void,
    x_func: ferrolite_xfunc,
    x_step: ferrolite_xfunc,
    x_final: ferrolite_xfinal,
) -> c_int {
    let cb = Callbacks {
        func: x_func,
        step: x_step,
        finalize: x_final,
        value: None,
        inverse: None,
    };
    // SAFETY: forwarded API contract.
    unsafe { create_function(db, name, n_arg, text_rep, p_app, cb, None) }
}

#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn sqlite3_create_function_v2(
    db: *mut sqlite3,
    name: *const c_char,
    n_arg: c_int,
    text_rep: c_int,
    p_app: *mut c_void,
    x_func: ferrolite_xfunc,
    x_step: ferrolite_xfunc,
    x_final: ferrolite_xfinal,
    x_destroy: ferrolite_xdestroy,
) -> c_int {
    let cb = Callbacks {
        func: x_func,
        step: x_step,
        finalize: x_final,
        value: None,
        inverse: None,
    };
    // SAFETY: forwarded API contract.
    unsafe { create_function(db, name, n_arg, text_rep, p_app, cb, x_destroy) }
}

#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn sqlite3_create_window_function(
    db: *mut sqlite3,
    name: *const c_char,
    n_arg: c_int,
    text_rep: c_int,
    p_app: *mut c_void,
    x_step: ferrolite_xfunc,
    x_final: ferrolite_xfinal,
    x_value: ferrolite_xfinal,
    x_inverse: ferrolite_xfunc,
    x_destroy: ferrolite_xdestroy,
) -> c_int {
    let cb = Callbacks {
        func: None,
        step: x_step,
        finalize: x_final,
        value: x_value,
        inverse: x_inverse,
    };
    // As SQLite: xStep and xFinal come together, and so do xValue and xInverse; with neither
    // of the latter the function is an ordinary aggregate.
    let half = |a: bool, b: bool| a != b;
    if half(x_step.is_some(), x_final.is_some())
        || half(x_value.is_some(), x_inverse.is_some())
        || (x_value.is_some() && x_step.is_none())
    {
        drop(AppData {
            p_app,
            destroy: x_destroy,
        });
        // By the return code only, as SQLite does.
        return codes::SQLITE_MISUSE;
    }
    // SAFETY: forwarded API contract.
    unsafe { create_function(db, name, n_arg, text_rep, p_app, cb, x_destroy) }
}

/// `sqlite3_overload_function`: makes sure a function of that name and arity exists; the
/// placeholder raises an error when called, as SQLite's.
#[no_mangle]
pub unsafe extern "C" fn sqlite3_overload_function(
    db: *mut sqlite3,
    name: *const c_char,
    n_arg: c_int,
) -> c_int {
    let Some((_, conn)) = conn_of(db) else {
        return codes::SQLITE_MISUSE;
    };
    // SAFETY: name is NULL or a C string (API contract).
    let Some(name) = (unsafe { c_str(name) }).map(|n| n.into_owned()) else {
        return codes::SQLITE_MISUSE;
    };
    if conn.has_function(&name, n_arg) {
        return codes::SQLITE_OK;
    }
    let msg = format!("unable to use function {name} in the requested context");
    let placeholder =
        ScalarFunction::new(&name, n_arg, 0, move |_, _| Err(Error::sql(msg.clone())));
    match conn.create_scalar_function(placeholder) {
        Ok(()) => codes::SQLITE_OK,
        Err(e) => e.code(),
    }
}

// ---- collations ------------------------------------------------------------------------

#[no_mangle]
pub unsafe extern "C" fn sqlite3_create_collation(
    db: *mut sqlite3,
    name: *const c_char,
    text_rep: c_int,
    arg: *mut c_void,
    compare: ferrolite_xcompare,
) -> c_int {
    // SAFETY: forwarded API contract.
    unsafe { sqlite3_create_collation_v2(db, name, text_rep, arg, compare, None) }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_create_collation_v2(
    db: *mut sqlite3,
    name: *const c_char,
    text_rep: c_int,
    arg: *mut c_void,
    compare: ferrolite_xcompare,
    destroy: ferrolite_xdestroy,
) -> c_int {
    let Some((d, conn)) = conn_of(db) else {
        return codes::SQLITE_MISUSE;
    };
    // SQLITE_UTF8, _UTF16LE, _UTF16BE, _UTF16 or _UTF16_ALIGNED; on failure SQLite neither
    // records an error nor calls xDestroy.
    if !matches!(text_rep, 1..=4 | 8) {
        return codes::SQLITE_MISUSE;
    }
    // SAFETY: name is NULL or a C string (API contract).
    let Some(name) = (unsafe { c_str(name) }).map(|n| n.into_owned()) else {
        drop(AppData {
            p_app: arg,
            destroy,
        });
        return d.set_code(codes::SQLITE_MISUSE);
    };
    let app = Arc::new(AppData {
        p_app: arg,
        destroy,
    });
    let Some(f) = compare else {
        drop(app);
        return match conn.remove_collation(&name) {
            Ok(()) => codes::SQLITE_OK,
            Err(e) => d.set_error(&e),
        };
    };
    let cmp = {
        let app = app.clone();
        move |a: &str, b: &str| -> Ordering {
            // SAFETY: the application's comparison function, called with two buffers and
            // their lengths as SQLite calls it.
            let r = unsafe {
                f(
                    app.p_app,
                    a.len() as c_int,
                    a.as_ptr() as *const c_void,
                    b.len() as c_int,
                    b.as_ptr() as *const c_void,
                )
            };
            r.cmp(&0)
        }
    };
    drop(app);
    match conn.create_collation(&name, cmp) {
        Ok(()) => {
            // A new collation clears the connection's error, as in SQLite.
            d.clear_error();
            codes::SQLITE_OK
        }
        Err(e) => d.set_error(&e),
    }
}

// ---- sqlite3_context ---------------------------------------------------------------------

/// # Safety
/// `ctx` is NULL or the context of a running callback.
unsafe fn ctx_mut<'a>(ctx: *mut sqlite3_context) -> Option<&'a mut sqlite3_context> {
    // SAFETY: per the caller's contract.
    unsafe { ctx.as_mut() }
}

fn set_result(ctx: *mut sqlite3_context, v: Result<Value>) {
    // SAFETY: callbacks pass the context they were given (API contract).
    if let Some(c) = unsafe { ctx_mut(ctx) } {
        // As SQLite: setting a result drops an earlier subtype and pointer.
        c.result = v;
        c.subtype = 0;
        c.pointer = None;
    }
}

#[no_mangle]
pub extern "C" fn sqlite3_user_data(ctx: *mut sqlite3_context) -> *mut c_void {
    // SAFETY: callbacks pass the context they were given (API contract).
    unsafe { ctx_mut(ctx) }.map_or(std::ptr::null_mut(), |c| c.app)
}

#[no_mangle]
pub extern "C" fn sqlite3_context_db_handle(ctx: *mut sqlite3_context) -> *mut sqlite3 {
    // SAFETY: callbacks pass the context they were given (API contract).
    unsafe { ctx_mut(ctx) }.map_or(std::ptr::null_mut(), |c| c.db)
}

/// The aggregate's memory: `n` zeroed bytes allocated on the first call with n > 0; the same
/// pointer afterwards; NULL when never allocated and n <= 0.
#[no_mangle]
pub extern "C" fn sqlite3_aggregate_context(ctx: *mut sqlite3_context, n: c_int) -> *mut c_void {
    // SAFETY: callbacks pass the context they were given (API contract).
    let Some(c) = (unsafe { ctx_mut(ctx) }) else {
        return std::ptr::null_mut();
    };
    let Some(buf) = c.agg else {
        return std::ptr::null_mut();
    };
    // SAFETY: the buffer belongs to the accumulator running this callback.
    let buf = unsafe { &mut *buf };
    if !buf.allocated {
        if n <= 0 {
            return std::ptr::null_mut();
        }
        buf.bytes = vec![0u64; (n as usize).div_ceil(8)];
        buf.allocated = true;
    }
    buf.bytes.as_mut_ptr() as *mut c_void
}

#[no_mangle]
pub extern "C" fn sqlite3_get_auxdata(ctx: *mut sqlite3_context, arg: c_int) -> *mut c_void {
    // SAFETY: callbacks pass the context they were given (API contract).
    let Some(c) = (unsafe { ctx_mut(ctx) }) else {
        return std::ptr::null_mut();
    };
    // SAFETY: aux points at the call's slot vector, alive during the callback.
    let aux = unsafe { &*c.aux };
    aux.iter()
        .find(|(i, _, _)| *i == arg)
        .map_or(std::ptr::null_mut(), |(_, p, _)| *p)
}

/// Aux data lives for the current call (a permitted choice: SQLite may discard it at any
/// time); its destructor runs when the call returns.
#[no_mangle]
pub extern "C" fn sqlite3_set_auxdata(
    ctx: *mut sqlite3_context,
    arg: c_int,
    p: *mut c_void,
    destroy: ferrolite_xdestroy,
) {
    // SAFETY: callbacks pass the context they were given (API contract).
    let Some(c) = (unsafe { ctx_mut(ctx) }) else {
        if let Some(d) = destroy {
            // SAFETY: the destructor for p.
            unsafe { d(p) };
        }
        return;
    };
    // SAFETY: aux points at the call's slot vector, alive during the callback.
    let aux = unsafe { &mut *c.aux };
    if let Some(pos) = aux.iter().position(|(i, _, _)| *i == arg) {
        let (_, old, d) = aux.remove(pos);
        if let Some(d) = d {
            // SAFETY: the destructor registered for the replaced pointer.
            unsafe { d(old) };
        }
    }
    aux.push((arg, p, destroy));
}

#[no_mangle]
pub extern "C" fn sqlite3_result_null(ctx: *mut sqlite3_context) {
    set_result(ctx, Ok(Value::Null));
}

#[no_mangle]
pub extern "C" fn sqlite3_result_int(ctx: *mut sqlite3_context, v: c_int) {
    set_result(ctx, Ok(Value::Integer(v.into())));
}

#[no_mangle]
pub extern "C" fn sqlite3_result_int64(ctx: *mut sqlite3_context, v: sqlite3_int64) {
    set_result(ctx, Ok(Value::Integer(v)));
}

#[no_mangle]
pub extern "C" fn sqlite3_result_double(ctx: *mut sqlite3_context, v: f64) {
    set_result(
        ctx,
        Ok(if v.is_nan() {
            Value::Null
        } else {
            Value::Real(v)
        }),
    );
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_result_text(
    ctx: *mut sqlite3_context,
    p: *const c_char,
    n: c_int,
    d: sqlite3_destructor_type,
) {
    // SAFETY: p is NULL or valid for n bytes / NUL-terminated (API contract).
    let v = unsafe { c_text(p, n.into()) }.map_or(Value::Null, Value::Text);
    // SAFETY: d releases p (API contract).
    unsafe { run_destructor(d, p as *const c_void) };
    set_result(ctx, Ok(v));
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_result_text64(
    ctx: *mut sqlite3_context,
    p: *const c_char,
    n: sqlite3_uint64,
    d: sqlite3_destructor_type,
    encoding: c_uchar,
) {
    let n = if n > i64::MAX as u64 { -1 } else { n as i64 };
    let v = match encoding {
        // SAFETY: p is NULL or valid UTF-16 for n bytes (API contract).
        2..=4 => unsafe { utf16_to_string(p as *const c_void, n) },
        // SAFETY: p is NULL or valid for n bytes (API contract).
        _ => unsafe { c_text(p, n) },
    };
    // SAFETY: d releases p (API contract).
    unsafe { run_destructor(d, p as *const c_void) };
    set_result(ctx, Ok(v.map_or(Value::Null, Value::Text)));
}

/// UTF-16 results in either byte order: converted to UTF-8 text.
unsafe fn result_utf16(ctx: *mut sqlite3_context, p: *const c_void, n: c_int, big_endian: bool) {
    if p.is_null() {
        set_result(ctx, Ok(Value::Null));
        return;
    }
    let bytes = if n < 0 {
        let mut len = 0usize;
        // SAFETY: NUL-terminated (two zero bytes) when n < 0 (API contract).
        while unsafe { *(p as *const u8).add(len) != 0 || *(p as *const u8).add(len + 1) != 0 } {
            len += 2;
        }
        len
    } else {
        n as usize & !1
    };
    // SAFETY: valid for `bytes` bytes (API contract).
    let raw = unsafe { std::slice::from_raw_parts(p as *const u8, bytes) };
    let units: Vec<u16> = raw
        .chunks_exact(2)
        .map(|c| {
            if big_endian {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        })
        .collect();
    set_result(ctx, Ok(Value::Text(String::from_utf16_lossy(&units))));
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_result_text16(
    ctx: *mut sqlite3_context,
    p: *const c_void,
    n: c_int,
    d: sqlite3_destructor_type,
) {
    // SAFETY: forwarded API contract.
    unsafe { result_utf16(ctx, p, n, cfg!(target_endian = "big")) };
    // SAFETY: d releases p (API contract).
    unsafe { run_destructor(d, p) };
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_result_text16le(
    ctx: *mut sqlite3_context,
    p: *const c_void,
    n: c_int,
    d: sqlite3_destructor_type,
) {
    // SAFETY: forwarded API contract.
    unsafe { result_utf16(ctx, p, n, false) };
    // SAFETY: d releases p (API contract).
    unsafe { run_destructor(d, p) };
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_result_text16be(
    ctx: *mut sqlite3_context,
    p: *const c_void,
    n: c_int,
    d: sqlite3_destructor_type,
) {
    // SAFETY: forwarded API contract.
    unsafe { result_utf16(ctx, p, n, true) };
    // SAFETY: d releases p (API contract).
    unsafe { run_destructor(d, p) };
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_result_blob(
    ctx: *mut sqlite3_context,
    p: *const c_void,
    n: c_int,
    d: sqlite3_destructor_type,
) {
    // SAFETY: forwarded API contract.
    unsafe { sqlite3_result_blob64(ctx, p, n.max(0) as sqlite3_uint64, d) }
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_result_blob64(
    ctx: *mut sqlite3_context,
    p: *const c_void,
    n: sqlite3_uint64,
    d: sqlite3_destructor_type,
) {
    let v = if n > 1_000_000_000 {
        Err(Error::from_code(codes::SQLITE_TOOBIG))
    } else if p.is_null() {
        Ok(Value::Null)
    } else {
        // SAFETY: p is valid for n bytes (API contract).
        Ok(Value::Blob(
            unsafe { std::slice::from_raw_parts(p as *const u8, n as usize) }.to_vec(),
        ))
    };
    // SAFETY: d releases p (API contract).
    unsafe { run_destructor(d, p) };
    set_result(ctx, v);
}

#[no_mangle]
pub extern "C" fn sqlite3_result_zeroblob(ctx: *mut sqlite3_context, n: c_int) {
    set_result(ctx, Ok(Value::Blob(vec![0; n.max(0) as usize])));
}

#[no_mangle]
pub extern "C" fn sqlite3_result_zeroblob64(ctx: *mut sqlite3_context, n: sqlite3_uint64) -> c_int {
    if n > 1_000_000_000 {
        set_result(ctx, Err(Error::from_code(codes::SQLITE_TOOBIG)));
        return codes::SQLITE_TOOBIG;
    }
    set_result(ctx, Ok(Value::Blob(vec![0; n as usize])));
    codes::SQLITE_OK
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_result_value(ctx: *mut sqlite3_context, v: *mut sqlite3_value) {
    // SAFETY: v is NULL or a live value (API contract).
    let value = unsafe { v.as_ref() }.map_or(Value::Null, |v| v.value.clone());
    set_result(ctx, Ok(value));
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_result_error(
    ctx: *mut sqlite3_context,
    msg: *const c_char,
    n: c_int,
) {
    // SAFETY: msg is NULL or valid for n bytes / NUL-terminated (API contract).
    let text = unsafe { c_text(msg, n.into()) }.unwrap_or_default();
    let code = current_error_code(ctx);
    set_result(ctx, Err(Error::new(code, text)));
}

#[no_mangle]
pub unsafe extern "C" fn sqlite3_result_error16(
    ctx: *mut sqlite3_context,
    msg: *const c_void,
    n: c_int,
) {
    // SAFETY: msg is NULL or valid UTF-16 (API contract).
    let text = unsafe { utf16_to_string(msg, n.into()) }.unwrap_or_default();
    let code = current_error_code(ctx);
    set_result(ctx, Err(Error::new(code, text)));
}

/// The code a `sqlite3_result_error` uses: SQLITE_ERROR unless `result_error_code` set one.
fn current_error_code(ctx: *mut sqlite3_context) -> c_int {
    // SAFETY: callbacks pass the context they were given (API contract).
    match unsafe { ctx_mut(ctx) }.map(|c| &c.result) {
        Some(Err(e)) => e.extended_code,
        _ => codes::SQLITE_ERROR,
    }
}

/// Sets the error code; the message becomes SQLite's text for it unless one was given.
#[no_mangle]
pub extern "C" fn sqlite3_result_error_code(ctx: *mut sqlite3_context, code: c_int) {
    // SAFETY: callbacks pass the context they were given (API contract).
    let Some(c) = (unsafe { ctx_mut(ctx) }) else {
        return;
    };
    let code = if code == codes::SQLITE_OK {
        codes::SQLITE_ERROR
    } else {
        code
    };
    c.result = match &c.result {
        Err(e) if e.message != ferrolite::error::errstr(e.extended_code) => {
            Err(Error::new(code, e.message.clone()))
        }
        _ => Err(Error::from_code(code)),
    };
}

#[no_mangle]
pub extern "C" fn sqlite3_result_error_toobig(ctx: *mut sqlite3_context) {
    set_result(ctx, Err(Error::from_code(codes::SQLITE_TOOBIG)));
}

#[no_mangle]
pub extern "C" fn sqlite3_result_error_nomem(ctx: *mut sqlite3_context) {
    set_result(ctx, Err(Error::from_code(codes::SQLITE_NOMEM)));
}

#[no_mangle]
pub extern "C" fn sqlite3_result_subtype(ctx: *mut sqlite3_context, subtype: c_uint) {
    // SAFETY: callbacks pass the context they were given (API contract).
    if let Some(c) = unsafe { ctx_mut(ctx) } {
        c.subtype = subtype;
    }
}

/// `sqlite3_result_pointer`: a pointer value (SQL NULL with subtype 'p' that functions read
/// back with `sqlite3_value_pointer`); `d` runs when the last copy of the value goes.
#[no_mangle]
pub unsafe extern "C" fn sqlite3_result_pointer(
    ctx: *mut sqlite3_context,
    p: *mut c_void,
    type_name: *const c_char,
    d: ferrolite_xdestroy,
) {
    // SAFETY: type_name is NULL or a C string and d releases p (API contract).
    let ptr = unsafe { crate::pointer::make_pointer(p, type_name, d) };
    set_result(ctx, Ok(Value::Null));
    // SAFETY: callbacks pass the context they were given (API contract).
    if let Some(c) = unsafe { ctx_mut(ctx) } {
        c.subtype = u32::from(b'p');
        c.pointer = Some(ptr);
    }
}

//! Pointer values (c3ref/bind_blob.html, "pointer passing interfaces"): an application
//! pointer and its type string, carried through the engine as a `ferrolite::func::Pointer`
//! beside an SQL NULL. The application's destructor runs once, when the last copy of the
//! value is dropped (binding replaced or cleared, statement finalized, register overwritten),
//! or at once when the pointer is NULL-typed garbage SQLite would also release.

use std::ffi::{c_char, c_void};
use std::sync::Arc;

use ferrolite::func::Pointer;

use crate::handle::c_str;

/// Runs the application's destructor on drop.
struct Owner {
    p: usize,
    destroy: unsafe extern "C" fn(*mut c_void),
}

// SAFETY: the engine never dereferences `p`; it only hands it back to the application, whose
// destructor SQLite also allows to run on whichever thread releases the value.
unsafe impl Send for Owner {}
// SAFETY: as above; `Owner` has no interior state.
unsafe impl Sync for Owner {}

impl Drop for Owner {
    fn drop(&mut self) {
        // SAFETY: the destructor the application passed to release this pointer.
        unsafe { (self.destroy)(self.p as *mut c_void) }
    }
}

/// A pointer value for `p` of type `type_name`, released by `destroy` (NULL: never; -1,
/// SQLITE_TRANSIENT, is not meaningful for pointers and is treated as NULL).
///
/// # Safety
/// `type_name` is NULL or a C string; `destroy` is NULL, -1 or a function accepting `p`.
pub(crate) unsafe fn make_pointer(
    p: *mut c_void,
    type_name: *const c_char,
    destroy: Option<unsafe extern "C" fn(*mut c_void)>,
) -> Pointer {
    let owner = destroy
        .filter(|d| *d as usize != usize::MAX && !p.is_null())
        .map(|destroy| {
            Arc::new(Owner {
                p: p as usize,
                destroy,
            }) as Arc<dyn std::any::Any + Send + Sync>
        });
    // SAFETY: per the caller's contract. A NUL byte never occurs in a C string, so a NULL
    // type becomes a name no `sqlite3_value_pointer` call can match.
    let name = unsafe { c_str(type_name) }.unwrap_or("\0".into());
    Pointer::new(p as usize, &name, owner)
}

//! Expressions stored in the schema must give the same value every time they run.
//!
//! sqlite3 enforces this in two steps:
//!
//! 1. At prepare time, a function that is never deterministic (`random()`, `changes()`,
//!    `CURRENT_TIME`...) is refused in generated columns, index expressions and
//!    partial-index WHERE clauses: "non-deterministic functions prohibited in index
//!    expressions" / "... in partial index WHERE clauses" (see `schema_expr.rs`). CHECK
//!    constraints may use them.
//! 2. At run time, the date and time functions are deterministic unless they read the clock
//!    (`'now'`, no time value) or the time zone (`localtime`, `utc`); doing so while computing
//!    a generated column, a CHECK constraint or an index key fails with "non-deterministic use
//!    of date() in a CHECK constraint": while such an expression is compiled,
//!    [`Compiler::pure_ctx`] names it and each date/time call is preceded by a `PureCheck`
//!    instruction that runs `func::date::reads_clock` on the call's arguments.

use super::Compiler;
use crate::vdbe::insn::{Insn, Reg};

/// Step 2's names for where an expression is computed ([`Compiler::pure_ctx`]).
pub(crate) const IN_CHECK: &str = "a CHECK constraint";
pub(crate) const IN_GENERATED: &str = "a generated column";
pub(crate) const IN_INDEX: &str = "an index";

const DATE_FUNCTIONS: &[&str] = &[
    "date",
    "time",
    "datetime",
    "julianday",
    "unixepoch",
    "strftime",
    "timediff",
];

impl Compiler<'_> {
    /// Enters a schema-expression context for step 2; returns the one to restore.
    pub(crate) fn enter_pure(&mut self, what: &'static str) -> Option<&'static str> {
        self.pure_ctx.replace(what)
    }

    /// Whether a CHECK constraint or an index's expression is being compiled.
    pub(crate) fn in_check_or_index(&self) -> bool {
        self.pure_ctx
            .is_some_and(|w| w == IN_CHECK || w == IN_INDEX)
    }

    /// Called just before a scalar call `name(r[args..args+n])` is emitted: inside a
    /// schema-expression context, a date/time call gets its `PureCheck`.
    pub(crate) fn emit_pure_check(&mut self, name: &str, args: Reg, n_args: usize) {
        let Some(what) = self.pure_ctx else { return };
        let lower = name.to_ascii_lowercase();
        if DATE_FUNCTIONS.contains(&lower.as_str()) {
            self.b.emit(Insn::PureCheck {
                name: lower,
                args,
                n_args,
                what: what.to_owned(),
            });
        }
    }
}

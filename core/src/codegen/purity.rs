//! Expressions stored in the schema must give the same value every time they run.
//!
//! sqlite3 enforces this in two steps:
//!
//! 1. At prepare time, a function that is never deterministic (`random()`, `changes()`,
//!    `CURRENT_TIME`...) is refused in generated columns (see `generated.rs`), index
//!    expressions and partial-index WHERE clauses: "non-deterministic functions prohibited in
//!    index expressions" / "... in partial index WHERE clauses" ([`check_index`]). CHECK
//!    constraints may use them.
//! 2. At run time, the date and time functions are deterministic unless they read the clock
//!    (`'now'`, no time value) or the time zone (`localtime`, `utc`); doing so while computing
//!    a generated column, a CHECK constraint or an index key fails with "non-deterministic use
//!    of date() in a CHECK constraint": while such an expression is compiled,
//!    [`Compiler::pure_ctx`] names it and each date/time call is preceded by a `PureCheck`
//!    instruction that runs `func::date::reads_clock` on the call's arguments.

use super::Compiler;
use crate::error::{Error, Result};
use crate::parser::ast::{self, Expr, ExprKind, Literal};
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

/// Step 1 for `CREATE INDEX`: its key expressions, then its WHERE clause.
pub(crate) fn check_index(ci: &ast::CreateIndex) -> Result<()> {
    for c in &ci.columns {
        if has_non_deterministic(&c.expr) {
            return Err(Error::sql(
                "non-deterministic functions prohibited in index expressions",
            ));
        }
    }
    if ci.where_.as_ref().is_some_and(has_non_deterministic) {
        return Err(Error::sql(
            "non-deterministic functions prohibited in partial index WHERE clauses",
        ));
    }
    Ok(())
}

/// Whether `e` calls a never-deterministic built-in or reads `CURRENT_*`.
fn has_non_deterministic(e: &Expr) -> bool {
    let mut found = false;
    super::select::walk_pub(e, &mut |x| {
        found |= match &x.kind {
            ExprKind::Literal(
                Literal::CurrentTime | Literal::CurrentDate | Literal::CurrentTimestamp,
            ) => true,
            ExprKind::Function(fc) => super::generated::NON_DETERMINISTIC
                .contains(&fc.name.name.to_ascii_lowercase().as_str()),
            _ => false,
        };
        !found
    });
    found
}

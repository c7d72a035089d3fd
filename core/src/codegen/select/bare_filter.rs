//! Bare columns of an aggregate query with a FILTERed min()/max() (lang_select.html, "bare
//! columns in an aggregate query"). The bare columns come from the row whose min()/max()
//! step took a new extremum; a row loads them unless the last min()/max() step it ran kept
//! an earlier one. A FILTER can leave a row with no min()/max() step at all: such a row
//! loads nothing, except the first row of a group (so a group no row of which passes the
//! FILTER shows its first row). As sqlite3 3.40.1 does:
//!
//! ```text
//! (5,'y'), (9,'w'):  SELECT max(a) FILTER (WHERE a<6), b  →  5|y   (not w)
//! (1,'x'), ... all rejected:                               →   |x   (the first row)
//! SELECT max(a), max(a) FILTER (WHERE a<6), b over 1,5,3,9 →  9|5|w (max(a)'s step decides)
//! ```
//!
//! A DISTINCT duplicate is different: its step is skipped but the row still follows the
//! previous step's verdict (`max(DISTINCT a), b` over (5,y),(9,w),(9,z) is `9|z`, and
//! `min(DISTINCT a), b` over (5,y),(9,w),(9,z) is `5|y`); the verdict register each step's
//! `AggSkipped` writes keeps it, so only FILTER needs the "did a step run" register.

use crate::codegen::builder::{Builder, Label};
use crate::vdbe::insn::{Insn, Reg};

/// At the start of a row's steps: no min()/max() step has run yet.
pub(super) fn reset(b: &mut Builder, ran: Option<Reg>) {
    if let Some(ran) = ran {
        b.emit(Insn::Integer {
            value: 0,
            dest: ran,
        });
    }
}

/// After a call's FILTER accepted the row: a min()/max() step runs.
pub(super) fn mark(b: &mut Builder, minmax: bool, ran: Option<Reg>) {
    if let (true, Some(ran)) = (minmax, ran) {
        b.emit(Insn::Integer {
            value: 1,
            dest: ran,
        });
    }
}

/// Jumps to `keep` (past the bare-column loads) unless this is the group's first row
/// (`first_row` = 1, cleared here) or a min()/max() step ran and took a new extremum
/// (`verdict` = 0: see `AggSkipped`).
pub(super) fn guard(b: &mut Builder, first_row: Reg, ran: Reg, verdict: Reg, keep: Label) {
    let load = b.label();
    let not_first = b.label();
    b.emit(Insn::IfNot {
        reg: first_row,
        target: not_first,
        jump_if_null: true,
    });
    b.emit(Insn::Integer {
        value: 0,
        dest: first_row,
    });
    b.emit(Insn::Goto { target: load });
    b.bind(not_first);
    b.emit(Insn::IfNot {
        reg: ran,
        target: keep,
        jump_if_null: true,
    });
    b.emit(Insn::If {
        reg: verdict,
        target: keep,
        jump_if_null: false,
    });
    b.bind(load);
}

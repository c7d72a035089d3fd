//! The affinity of an `x IN (SELECT ...)` set's values (lang_expr.html "The IN and NOT IN
//! operators", datatype3.html "Type Conversions Prior To Comparison"): the comparison
//! affinity of `x` and the subquery's column applies to both sides, so the right-hand values
//! are converted as they enter the set, not only the left-hand value at the probe.
//!
//! The set is filled by the subquery's own code (any shape: simple, compound, VALUES); its
//! records are the `MakeRecord` that feeds each `IdxInsert` into the set's cursor. Those are
//! given the affinity after the subquery is compiled, when its column affinity is known.

use crate::value::affinity::Affinity;
use crate::vdbe::insn::{CursorId, Insn};

/// Gives affinity `a` to every record `insns` builds for an `IdxInsert` into `set`.
pub(crate) fn set_record_affinity(insns: &mut [Insn], set: CursorId, a: Affinity) {
    let keys: Vec<_> = insns
        .iter()
        .filter_map(|i| match i {
            Insn::IdxInsert { cursor, key, .. } if *cursor == set => Some(*key),
            _ => None,
        })
        .collect();
    for i in insns.iter_mut() {
        if let Insn::MakeRecord {
            dest,
            count: 1,
            affinities: aff @ None,
            ..
        } = i
        {
            if keys.contains(dest) {
                *aff = Some(vec![a]);
            }
        }
    }
}

/// Gives each column of the `affs.len()`-column records `insns` builds for an `IdxInsert`
/// into `set` its affinity.
pub(crate) fn set_record_affinities(insns: &mut [Insn], set: CursorId, affs: &[Affinity]) {
    let keys: Vec<_> = insns
        .iter()
        .filter_map(|i| match i {
            Insn::IdxInsert { cursor, key, .. } if *cursor == set => Some(*key),
            _ => None,
        })
        .collect();
    for i in insns.iter_mut() {
        if let Insn::MakeRecord {
            dest,
            count,
            affinities: aff @ None,
            ..
        } = i
        {
            if *count == affs.len() && keys.contains(dest) {
                *aff = Some(affs.to_vec());
            }
        }
    }
}

//! The generator's modes: each makes one kind of case from a seed.
//!
//! `select` is the original query generator ([`Gen::case`]); `ddl` the generated-column /
//! STRICT / UPDATE ... FROM cases ([`Gen::ddl_case`]). Each further mode lives in its own
//! module and adds one row here. `all` (see [`case_for`]) rotates through every mode by
//! seed, which is what the 100,000-query run uses.

use crate::gen::{Case, Gen};

/// A mode: its name and how it makes a case of `queries` queries from a seed.
pub struct Mode {
    pub name: &'static str,
    pub make: fn(u64, usize) -> Case,
}

pub const MODES: &[Mode] = &[
    Mode {
        name: "select",
        make: |seed, q| Gen::new(seed).case(q),
    },
    Mode {
        name: "ddl",
        make: |seed, q| Gen::new(seed).ddl_case(q),
    },
    Mode {
        name: "joins",
        make: crate::gen_joins::case,
    },
    Mode {
        name: "funcs",
        make: crate::gen_funcs::case,
    },
    Mode {
        name: "writes",
        make: crate::gen_writes::writes_case,
    },
];

/// The mode called `name`, or `all` (None) for the rotation; an error for an unknown name.
pub fn find(name: &str) -> Result<Option<&'static Mode>, String> {
    if name == "all" {
        return Ok(None);
    }
    MODES
        .iter()
        .find(|m| m.name == name)
        .map(Some)
        .ok_or_else(|| {
            let names: Vec<&str> = MODES.iter().map(|m| m.name).collect();
            format!("unknown mode {name}: all, {}", names.join(", "))
        })
}

/// The case of `seed` in `mode`, or in the rotation (mode `seed % MODES.len()`) for None.
pub fn case_for(mode: Option<&Mode>, seed: u64, queries: usize) -> Case {
    let mode = mode.unwrap_or(&MODES[(seed % MODES.len() as u64) as usize]);
    (mode.make)(seed, queries)
}

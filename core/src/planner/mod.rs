//! Planner: name resolution ([`resolve`]) and loop planning ([`plan`]: join order, index
//! selection, EXPLAIN QUERY PLAN wording). Pure decisions; codegen emits the instructions.

pub(crate) mod plan;
pub(crate) mod resolve;

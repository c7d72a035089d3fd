//! Planner: name resolution ([`resolve`]) and loop planning ([`plan`]: join order, index
//! selection, EXPLAIN QUERY PLAN wording) and [`order`] (ORDER BY / GROUP BY through an index).
//! Pure decisions; codegen emits the instructions.

pub(crate) mod index_choice;
pub(crate) mod multi_or;
pub(crate) mod order;
mod order_inner;
#[cfg(test)]
mod order_tests;
pub(crate) mod pk;
pub(crate) mod plan;
pub(crate) mod range;
pub(crate) mod resolve;
pub(crate) mod stat;
pub(crate) mod tvf;
pub(crate) mod width;

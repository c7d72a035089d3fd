//! SQL text → AST: the lexer ([`lexer`]), keyword table ([`keywords`]), the recursive-descent
//! parser ([`parser`]) and the tree it builds ([`ast`]).
//!
//! Owns nothing but syntax: names are not resolved here and no schema is consulted.

pub mod ast;

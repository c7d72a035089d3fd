//! Tokens produced by the lexer.

use super::ast::Span;
use super::keywords::Kw;

/// What kind of token; the token's text is its span in the SQL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tk {
    /// A keyword (which may still serve as a name; see [`Kw::is_fallback_id`]).
    Kw(Kw),
    /// A bare identifier.
    Id,
    /// `"x"`, `[x]` or `` `x` ``.
    QuotedId,
    /// `'...'`
    String,
    /// `x'...'`
    Blob,
    /// Decimal integer digits.
    Integer,
    /// `0x...`
    HexInteger,
    /// A number with a decimal point or exponent.
    Float,
    /// `?`, `?NNN`, `:name`, `@name`, `$name`.
    Variable,
    LParen,
    RParen,
    Comma,
    Semi,
    Dot,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    /// `=` or `==`
    Eq,
    /// `!=` or `<>`
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    ShiftLeft,
    ShiftRight,
    Ampersand,
    Pipe,
    /// `||`
    Concat,
    Tilde,
    /// `->`
    Arrow,
    /// `->>`
    Arrow2,
    /// `#NNN`: never valid in SQL text (`near "#1": syntax error`).
    Register,
    /// Text the lexer cannot make sense of: `unrecognized token: "..."`.
    Illegal,
    /// The end of the input.
    Eof,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: Tk,
    pub span: Span,
}

impl Token {
    pub fn is_kw(&self, kw: Kw) -> bool {
        self.kind == Tk::Kw(kw)
    }
}

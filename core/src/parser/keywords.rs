//! SQLite's 147 keywords (lang_keywords.html) and which of them may stand for a name.
//!
//! A keyword is recognised case-insensitively. Many keywords "fall back" to an identifier where
//! the grammar cannot use them as keywords (a column named `key`, `replace` or `date`); the
//! fallback set below was established by asking the reference `sqlite3` which keywords it
//! accepts as a column name (`CREATE TABLE t(<kw>)`). The join keywords (`LEFT`, `CROSS`...) are
//! not in that set: SQLite accepts them as names in some places only, which the parser handles.
//! `INDEXED` is not in the set either, but is accepted wherever a name or an expression's
//! identifier is (not as an alias without AS nor in a type name).
//! Nor are `WINDOW`, `OVER` and `FILTER`: the lexer decides from their neighbours whether they
//! are keywords at all (see `Parser::contextual`), and where they are, they never fall back.

/// A keyword.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Kw {
    Abort,
    Action,
    Add,
    After,
    All,
    Alter,
    Always,
    Analyze,
    And,
    As,
    Asc,
    Attach,
    Autoincrement,
    Before,
    Begin,
    Between,
    By,
    Cascade,
    Case,
    Cast,
    Check,
    Collate,
    Column,
    Commit,
    Conflict,
    Constraint,
    Create,
    Cross,
    Current,
    CurrentDate,
    CurrentTime,
    CurrentTimestamp,
    Database,
    Default,
    Deferrable,
    Deferred,
    Delete,
    Desc,
    Detach,
    Distinct,
    Do,
    Drop,
    Each,
    Else,
    End,
    Escape,
    Except,
    Exclude,
    Exclusive,
    Exists,
    Explain,
    Fail,
    Filter,
    First,
    Following,
    For,
    Foreign,
    From,
    Full,
    Generated,
    Glob,
    Group,
    Groups,
    Having,
    If,
    Ignore,
    Immediate,
    In,
    Index,
    Indexed,
    Initially,
    Inner,
    Insert,
    Instead,
    Intersect,
    Into,
    Is,
    Isnull,
    Join,
    Key,
    Last,
    Left,
    Like,
    Limit,
    Match,
    Materialized,
    Natural,
    No,
    Not,
    Nothing,
    Notnull,
    Null,
    Nulls,
    Of,
    Offset,
    On,
    Or,
    Order,
    Others,
    Outer,
    Over,
    Partition,
    Plan,
    Pragma,
    Preceding,
    Primary,
    Query,
    Raise,
    Range,
    Recursive,
    References,
    Regexp,
    Reindex,
    Release,
    Rename,
    Replace,
    Restrict,
    Returning,
    Right,
    Rollback,
    Row,
    Rows,
    Savepoint,
    Select,
    Set,
    Table,
    Temp,
    Temporary,
    Then,
    Ties,
    To,
    Transaction,
    Trigger,
    Unbounded,
    Union,
    Unique,
    Update,
    Using,
    Vacuum,
    Values,
    View,
    Virtual,
    When,
    Where,
    Window,
    With,
    Without,
}

/// Every keyword with its spelling, in alphabetical order (binary-searchable).
const KEYWORDS: [(&str, Kw); 147] = [
    ("ABORT", Kw::Abort),
    ("ACTION", Kw::Action),
    ("ADD", Kw::Add),
    ("AFTER", Kw::After),
    ("ALL", Kw::All),
    ("ALTER", Kw::Alter),
    ("ALWAYS", Kw::Always),
    ("ANALYZE", Kw::Analyze),
    ("AND", Kw::And),
    ("AS", Kw::As),
    ("ASC", Kw::Asc),
    ("ATTACH", Kw::Attach),
    ("AUTOINCREMENT", Kw::Autoincrement),
    ("BEFORE", Kw::Before),
    ("BEGIN", Kw::Begin),
    ("BETWEEN", Kw::Between),
    ("BY", Kw::By),
    ("CASCADE", Kw::Cascade),
    ("CASE", Kw::Case),
    ("CAST", Kw::Cast),
    ("CHECK", Kw::Check),
    ("COLLATE", Kw::Collate),
    ("COLUMN", Kw::Column),
    ("COMMIT", Kw::Commit),
    ("CONFLICT", Kw::Conflict),
    ("CONSTRAINT", Kw::Constraint),
    ("CREATE", Kw::Create),
    ("CROSS", Kw::Cross),
    ("CURRENT", Kw::Current),
    ("CURRENT_DATE", Kw::CurrentDate),
    ("CURRENT_TIME", Kw::CurrentTime),
    ("CURRENT_TIMESTAMP", Kw::CurrentTimestamp),
    ("DATABASE", Kw::Database),
    ("DEFAULT", Kw::Default),
    ("DEFERRABLE", Kw::Deferrable),
    ("DEFERRED", Kw::Deferred),
    ("DELETE", Kw::Delete),
    ("DESC", Kw::Desc),
    ("DETACH", Kw::Detach),
    ("DISTINCT", Kw::Distinct),
    ("DO", Kw::Do),
    ("DROP", Kw::Drop),
    ("EACH", Kw::Each),
    ("ELSE", Kw::Else),
    ("END", Kw::End),
    ("ESCAPE", Kw::Escape),
    ("EXCEPT", Kw::Except),
    ("EXCLUDE", Kw::Exclude),
    ("EXCLUSIVE", Kw::Exclusive),
    ("EXISTS", Kw::Exists),
    ("EXPLAIN", Kw::Explain),
    ("FAIL", Kw::Fail),
    ("FILTER", Kw::Filter),
    ("FIRST", Kw::First),
    ("FOLLOWING", Kw::Following),
    ("FOR", Kw::For),
    ("FOREIGN", Kw::Foreign),
    ("FROM", Kw::From),
    ("FULL", Kw::Full),
    ("GENERATED", Kw::Generated),
    ("GLOB", Kw::Glob),
    ("GROUP", Kw::Group),
    ("GROUPS", Kw::Groups),
    ("HAVING", Kw::Having),
    ("IF", Kw::If),
    ("IGNORE", Kw::Ignore),
    ("IMMEDIATE", Kw::Immediate),
    ("IN", Kw::In),
    ("INDEX", Kw::Index),
    ("INDEXED", Kw::Indexed),
    ("INITIALLY", Kw::Initially),
    ("INNER", Kw::Inner),
    ("INSERT", Kw::Insert),
    ("INSTEAD", Kw::Instead),
    ("INTERSECT", Kw::Intersect),
    ("INTO", Kw::Into),
    ("IS", Kw::Is),
    ("ISNULL", Kw::Isnull),
    ("JOIN", Kw::Join),
    ("KEY", Kw::Key),
    ("LAST", Kw::Last),
    ("LEFT", Kw::Left),
    ("LIKE", Kw::Like),
    ("LIMIT", Kw::Limit),
    ("MATCH", Kw::Match),
    ("MATERIALIZED", Kw::Materialized),
    ("NATURAL", Kw::Natural),
    ("NO", Kw::No),
    ("NOT", Kw::Not),
    ("NOTHING", Kw::Nothing),
    ("NOTNULL", Kw::Notnull),
    ("NULL", Kw::Null),
    ("NULLS", Kw::Nulls),
    ("OF", Kw::Of),
    ("OFFSET", Kw::Offset),
    ("ON", Kw::On),
    ("OR", Kw::Or),
    ("ORDER", Kw::Order),
    ("OTHERS", Kw::Others),
    ("OUTER", Kw::Outer),
    ("OVER", Kw::Over),
    ("PARTITION", Kw::Partition),
    ("PLAN", Kw::Plan),
    ("PRAGMA", Kw::Pragma),
    ("PRECEDING", Kw::Preceding),
    ("PRIMARY", Kw::Primary),
    ("QUERY", Kw::Query),
    ("RAISE", Kw::Raise),
    ("RANGE", Kw::Range),
    ("RECURSIVE", Kw::Recursive),
    ("REFERENCES", Kw::References),
    ("REGEXP", Kw::Regexp),
    ("REINDEX", Kw::Reindex),
    ("RELEASE", Kw::Release),
    ("RENAME", Kw::Rename),
    ("REPLACE", Kw::Replace),
    ("RESTRICT", Kw::Restrict),
    ("RETURNING", Kw::Returning),
    ("RIGHT", Kw::Right),
    ("ROLLBACK", Kw::Rollback),
    ("ROW", Kw::Row),
    ("ROWS", Kw::Rows),
    ("SAVEPOINT", Kw::Savepoint),
    ("SELECT", Kw::Select),
    ("SET", Kw::Set),
    ("TABLE", Kw::Table),
    ("TEMP", Kw::Temp),
    ("TEMPORARY", Kw::Temporary),
    ("THEN", Kw::Then),
    ("TIES", Kw::Ties),
    ("TO", Kw::To),
    ("TRANSACTION", Kw::Transaction),
    ("TRIGGER", Kw::Trigger),
    ("UNBOUNDED", Kw::Unbounded),
    ("UNION", Kw::Union),
    ("UNIQUE", Kw::Unique),
    ("UPDATE", Kw::Update),
    ("USING", Kw::Using),
    ("VACUUM", Kw::Vacuum),
    ("VALUES", Kw::Values),
    ("VIEW", Kw::View),
    ("VIRTUAL", Kw::Virtual),
    ("WHEN", Kw::When),
    ("WHERE", Kw::Where),
    ("WINDOW", Kw::Window),
    ("WITH", Kw::With),
    ("WITHOUT", Kw::Without),
];

/// The keyword spelled `word` (any case), if it is one.
pub(crate) fn lookup(word: &str) -> Option<Kw> {
    if word.len() < 2 || word.len() > 17 || !word.is_ascii() {
        return None;
    }
    let mut buf = [0u8; 17];
    let upper = &mut buf[..word.len()];
    upper.copy_from_slice(word.as_bytes());
    upper.make_ascii_uppercase();
    let upper = std::str::from_utf8(upper).ok()?;
    KEYWORDS
        .binary_search_by(|(k, _)| (*k).cmp(upper))
        .ok()
        .map(|i| KEYWORDS[i].1)
}

/// True when `word` is an SQL keyword (`sqlite3_keyword_check`).
pub fn is_keyword(word: &str) -> bool {
    lookup(word).is_some()
}

/// The number of keywords (`sqlite3_keyword_count`).
pub fn keyword_count() -> usize {
    KEYWORDS.len()
}

/// The `i`th keyword's spelling (`sqlite3_keyword_name`), in alphabetical order.
pub fn keyword_name(i: usize) -> Option<&'static str> {
    KEYWORDS.get(i).map(|(k, _)| *k)
}

impl Kw {
    /// True when this keyword may be used as an identifier wherever the grammar cannot take
    /// it as a keyword.
    pub(crate) fn is_fallback_id(self) -> bool {
        matches!(
            self,
            Kw::Abort
                | Kw::Action
                | Kw::After
                | Kw::Always
                | Kw::Analyze
                | Kw::Asc
                | Kw::Attach
                | Kw::Before
                | Kw::Begin
                | Kw::By
                | Kw::Cascade
                | Kw::Cast
                | Kw::Column
                | Kw::Conflict
                | Kw::Current
                | Kw::CurrentDate
                | Kw::CurrentTime
                | Kw::CurrentTimestamp
                | Kw::Database
                | Kw::Deferred
                | Kw::Desc
                | Kw::Detach
                | Kw::Do
                | Kw::Each
                | Kw::End
                | Kw::Exclude
                | Kw::Exclusive
                | Kw::Explain
                | Kw::Fail
                | Kw::First
                | Kw::Following
                | Kw::For
                | Kw::Generated
                | Kw::Glob
                | Kw::Groups
                | Kw::If
                | Kw::Ignore
                | Kw::Immediate
                | Kw::Initially
                | Kw::Instead
                | Kw::Key
                | Kw::Last
                | Kw::Like
                | Kw::Match
                | Kw::Materialized
                | Kw::No
                | Kw::Nulls
                | Kw::Of
                | Kw::Offset
                | Kw::Others
                | Kw::Partition
                | Kw::Plan
                | Kw::Pragma
                | Kw::Preceding
                | Kw::Query
                | Kw::Raise
                | Kw::Range
                | Kw::Recursive
                | Kw::Regexp
                | Kw::Reindex
                | Kw::Release
                | Kw::Rename
                | Kw::Replace
                | Kw::Restrict
                | Kw::Rollback
                | Kw::Row
                | Kw::Rows
                | Kw::Savepoint
                | Kw::Temp
                | Kw::Temporary
                | Kw::Ties
                | Kw::Trigger
                | Kw::Unbounded
                | Kw::Vacuum
                | Kw::View
                | Kw::Virtual
                | Kw::With
                | Kw::Without
        )
    }

    /// `LEFT`, `RIGHT`, `FULL`, `INNER`, `CROSS`, `NATURAL`, `OUTER`.
    pub(crate) fn is_join_kw(self) -> bool {
        matches!(
            self,
            Kw::Left | Kw::Right | Kw::Full | Kw::Inner | Kw::Cross | Kw::Natural | Kw::Outer
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_table_is_sorted_and_complete() {
        assert!(KEYWORDS.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(keyword_count(), 147);
    }

    #[test]
    fn lookup_is_case_insensitive() {
        assert_eq!(lookup("select"), Some(Kw::Select));
        assert_eq!(lookup("CuRrEnT_TiMeStAmP"), Some(Kw::CurrentTimestamp));
        assert_eq!(lookup("selec"), None);
        assert_eq!(lookup("true"), None);
        assert!(Kw::Key.is_fallback_id());
        assert!(!Kw::Select.is_fallback_id());
    }
}

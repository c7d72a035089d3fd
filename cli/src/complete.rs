//! Statement completeness, as `sqlite3_complete()` decides it: the text ends with a `;` that is
//! outside quotes, brackets and comments and is not inside a `CREATE TRIGGER … END` body.
//!
//! A small token state machine: `Start` (between statements), `Normal` (inside a statement),
//! and the trigger states that wait for `END` followed by `;`.

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// After a `;` (or at the start): the text so far is complete.
    Start,
    /// Inside an ordinary statement.
    Normal,
    /// Seen `CREATE` (and maybe TEMP/TEMPORARY): TRIGGER would start a trigger.
    Create,
    /// Inside a trigger body: a `;` does not end the statement.
    Trigger,
    /// Inside a trigger body after `;`: `END` may follow.
    TriggerSemi,
    /// Seen `; END` in a trigger: the next `;` ends the statement.
    TriggerEnd,
}

/// True when `sql` holds one or more complete statements and nothing after the last `;` but
/// whitespace and comments.
pub fn is_complete(sql: &str) -> bool {
    let b = sql.as_bytes();
    let mut st = State::Start;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b';' => {
                st = match st {
                    State::Trigger | State::TriggerSemi => State::TriggerSemi,
                    State::TriggerEnd => State::Start,
                    _ => State::Start,
                };
                i += 1;
            }
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => i += 1,
            b'-' if b.get(i + 1) == Some(&b'-') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => match sql[i + 2..].find("*/") {
                Some(end) => i += end + 4,
                None => return false,
            },
            b'\'' | b'"' | b'`' | b'[' => {
                let close = if c == b'[' { b']' } else { c };
                i += 1;
                loop {
                    match b[i..].iter().position(|&x| x == close) {
                        None => return false,
                        Some(p) => {
                            i += p + 1;
                            // A doubled quote continues the string (not for brackets).
                            if close != b']' && b.get(i) == Some(&close) {
                                i += 1;
                                continue;
                            }
                            break;
                        }
                    }
                }
                st = advance(st, None);
            }
            c if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 || c == b'$' => {
                let start = i;
                while i < b.len()
                    && (b[i].is_ascii_alphanumeric()
                        || b[i] == b'_'
                        || b[i] >= 0x80
                        || b[i] == b'$')
                {
                    i += 1;
                }
                st = advance(st, Some(&sql[start..i]));
            }
            _ => {
                st = advance(st, None);
                i += 1;
            }
        }
    }
    st == State::Start
}

/// The state after a token other than `;` (`word` for identifiers/keywords).
fn advance(st: State, word: Option<&str>) -> State {
    let is = |k: &str| word.is_some_and(|w| w.eq_ignore_ascii_case(k));
    match st {
        State::Start => {
            if is("create") {
                State::Create
            } else {
                State::Normal
            }
        }
        State::Create => {
            if is("trigger") {
                State::Trigger
            } else if is("temp") || is("temporary") {
                State::Create
            } else {
                State::Normal
            }
        }
        State::Normal => State::Normal,
        State::Trigger => State::Trigger,
        State::TriggerSemi => {
            if is("end") {
                State::TriggerEnd
            } else {
                State::Trigger
            }
        }
        State::TriggerEnd => State::Trigger,
    }
}

/// True when `sql` is only whitespace and comments (nothing to run).
pub fn is_blank(sql: &str) -> bool {
    blank(sql, true)
}

/// Whether `sql` is only whitespace and *closed* comments: the shell drops such a buffer, so a
/// dot-command may follow a comment line (an open `/*` keeps collecting, as in sqlite3).
pub fn only_closed_comments(sql: &str) -> bool {
    blank(sql, false)
}

fn blank(sql: &str, open_comment_is_blank: bool) -> bool {
    let b = sql.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => i += 1,
            b'-' if b.get(i + 1) == Some(&b'-') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => match sql[i + 2..].find("*/") {
                Some(end) => i += end + 4,
                None => return open_comment_is_blank,
            },
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolons_outside_quotes_and_comments() {
        assert!(is_complete("select 1;"));
        assert!(is_complete("select 1; -- c\n"));
        assert!(!is_complete("select 1"));
        assert!(!is_complete("select ';"));
        assert!(is_complete("select 'a'';';"));
        assert!(!is_complete("select 1 /* ; */"));
        assert!(is_complete("select \"a;\", [b;], `c;`;"));
        assert!(!is_complete("select 1; select 2"));
        assert!(!is_complete("select 1; /* open"));
    }

    #[test]
    fn triggers_need_end() {
        let t = "create trigger r after insert on t begin select 1;";
        assert!(!is_complete(t));
        assert!(!is_complete(&format!("{t} end")));
        assert!(is_complete(&format!("{t} end;")));
        assert!(is_complete(
            "CREATE TEMP TRIGGER r AFTER INSERT ON t BEGIN DELETE FROM t; END;"
        ));
        assert!(is_complete("create table trigger(a);"));
    }

    #[test]
    fn blank() {
        assert!(is_blank("  -- x\n /* y */ "));
        assert!(is_blank("/* open"));
        assert!(!is_blank(" ;"));
    }
}

//! LIKE and GLOB pattern matching (lang_expr.html#like).
//!
//! LIKE: `%` matches any sequence, `_` one character; case-insensitive for ASCII letters only
//! (unless `PRAGMA case_sensitive_like`); an optional ESCAPE character makes the next pattern
//! character literal. GLOB: `*`, `?`, `[...]` classes with ranges and `^` negation; always
//! case-sensitive. Both work on Unicode characters, not bytes.
//!
//! Matching is the classic wildcard algorithm with one backtrack point (the last `%`/`*`),
//! which is linear-times-pattern rather than exponential.

#[derive(Debug)]
enum Token {
    /// `%` or `*`.
    Any,
    /// `_` or `?`.
    One,
    Lit(char),
    /// `[...]`: ranges (lo, hi) inclusive, negated with `^`.
    Class {
        negate: bool,
        ranges: Vec<(char, char)>,
    },
    /// An unterminated `[`: matches nothing.
    Never,
}

fn like_tokens(pattern: &str, escape: Option<char>) -> Vec<Token> {
    let mut out = Vec::new();
    let mut it = pattern.chars();
    while let Some(c) = it.next() {
        if Some(c) == escape {
            match it.next() {
                Some(n) => out.push(Token::Lit(n)),
                // A trailing escape character matches nothing.
                None => out.push(Token::Never),
            }
        } else if c == '%' {
            out.push(Token::Any);
        } else if c == '_' {
            out.push(Token::One);
        } else {
            out.push(Token::Lit(c));
        }
    }
    out
}

fn glob_tokens(pattern: &str) -> Vec<Token> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '*' => out.push(Token::Any),
            '?' => out.push(Token::One),
            '[' => {
                let (tok, next) = glob_class(&chars, i + 1);
                out.push(tok);
                i = next;
                continue;
            }
            c => out.push(Token::Lit(c)),
        }
        i += 1;
    }
    out
}

/// Parses a class starting after `[`; returns the token and the index after `]`.
fn glob_class(chars: &[char], mut i: usize) -> (Token, usize) {
    let mut negate = false;
    if chars.get(i) == Some(&'^') {
        negate = true;
        i += 1;
    }
    let mut ranges = Vec::new();
    if chars.get(i) == Some(&']') {
        ranges.push((']', ']'));
        i += 1;
    }
    while i < chars.len() && chars[i] != ']' {
        let lo = chars[i];
        if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|&c| c != ']') {
            ranges.push((lo, chars[i + 2]));
            i += 3;
        } else {
            ranges.push((lo, lo));
            i += 1;
        }
    }
    if i >= chars.len() {
        return (Token::Never, chars.len());
    }
    (Token::Class { negate, ranges }, i + 1)
}

fn fold(c: char, case_sensitive: bool) -> char {
    if case_sensitive {
        c
    } else {
        c.to_ascii_lowercase()
    }
}

fn matches_one(tok: &Token, c: char, case_sensitive: bool) -> bool {
    match tok {
        Token::One => true,
        Token::Lit(l) => fold(*l, case_sensitive) == fold(c, case_sensitive),
        Token::Class { negate, ranges } => {
            let hit = ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi);
            hit != *negate
        }
        Token::Any | Token::Never => false,
    }
}

fn run(tokens: &[Token], text: &str, case_sensitive: bool) -> bool {
    if tokens.iter().any(|t| matches!(t, Token::Never)) {
        // An unterminated class or dangling escape can still be preceded by a failing
        // prefix; either way the pattern matches nothing.
        return false;
    }
    let s: Vec<char> = text.chars().collect();
    let (mut p, mut t) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < s.len() {
        if p < tokens.len() {
            if let Token::Any = tokens[p] {
                star = Some((p, t));
                p += 1;
                continue;
            }
            if matches_one(&tokens[p], s[t], case_sensitive) {
                p += 1;
                t += 1;
                continue;
            }
        }
        match star {
            Some((sp, st)) => {
                p = sp + 1;
                t = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    tokens[p..].iter().all(|t| matches!(t, Token::Any))
}

/// `s LIKE pattern [ESCAPE escape]`.
pub fn like(pattern: &str, s: &str, escape: Option<char>, case_sensitive: bool) -> bool {
    run(&like_tokens(pattern, escape), s, case_sensitive)
}

/// `s GLOB pattern`.
pub fn glob(pattern: &str, s: &str) -> bool {
    run(&glob_tokens(pattern), s, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_basics() {
        assert!(like("a%", "ABC", None, false));
        assert!(!like("a%", "ABC", None, true));
        assert!(like("_b_", "abc", None, false));
        assert!(like("%", "", None, false));
        assert!(!like("_", "", None, false));
        assert!(like("a\\%", "a%", Some('\\'), false));
        assert!(!like("a\\%", "ab", Some('\\'), false));
        assert!(like("%é%", "café", None, false));
        assert!(!like("É", "é", None, false));
        assert!(like("%a%b%c%", "xxaxxbxxcxx", None, false));
    }

    #[test]
    fn glob_basics() {
        assert!(glob("a*", "abc"));
        assert!(!glob("a*", "Abc"));
        assert!(glob("[a-c]?", "bz"));
        assert!(glob("[^a-c]", "d"));
        assert!(!glob("[^a-c]", "a"));
        assert!(glob("[]]", "]"));
        assert!(glob("[a-]", "-"));
        assert!(!glob("[abc", "a"));
    }
}

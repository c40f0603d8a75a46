//! The values in a STIX 2.1 pattern, such as `[ipv4-addr:value = '198.51.100.1'] OR
//! [file:hashes.'SHA-256' = '…']`.
//!
//! The whole pattern is checked against the pattern grammar (observation expressions joined by
//! `AND`, `OR` or `FOLLOWEDBY`, with parentheses and qualifiers; comparisons with every operator),
//! so that a malformed pattern is refused rather than half read. Only the comparisons that state an
//! indicator are returned: `=` or `IN` with string values, not negated.

use std::iter::Peekable;
use std::str::CharIndices;

/// `object_type:path = 'value'`, with the path's quotes removed (`hashes.SHA-256`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub object_type: String,
    pub path: String,
    pub value: String,
}

/// The equality comparisons of `pattern`, in order, or why it is not a STIX pattern.
pub fn pattern_comparisons(pattern: &str) -> Result<Vec<Comparison>, String> {
    let tokens = tokenize(pattern)?;
    if tokens.is_empty() {
        return Err("the pattern is empty".to_owned());
    }
    let mut parser = Parser {
        tokens,
        position: 0,
        found: Vec::new(),
    };
    parser.observation_expression()?;
    if let Some(token) = parser.peek() {
        return Err(format!(
            "unexpected {} at character {}",
            token.kind.describe(),
            token.at
        ));
    }
    Ok(parser.found)
}

#[derive(Debug, Clone, PartialEq)]
enum TokenKind {
    Open(char),
    Close(char),
    Comma,
    /// `type:property.path`
    Path(String, String),
    Operator(String),
    /// Keywords (`AND`, `IN`, `WITHIN`…), numbers and booleans.
    Word(String),
    Str(String),
    /// `t'…'`, `b'…'`, `h'…'`
    Typed(char),
}

impl TokenKind {
    fn describe(&self) -> String {
        match self {
            TokenKind::Open(c) | TokenKind::Close(c) => format!("`{c}`"),
            TokenKind::Comma => "`,`".to_owned(),
            TokenKind::Path(t, p) => format!("`{t}:{p}`"),
            TokenKind::Operator(o) | TokenKind::Word(o) => format!("`{o}`"),
            TokenKind::Str(s) => format!("'{s}'"),
            TokenKind::Typed(c) => format!("a {c}'…' literal"),
        }
    }
}

#[derive(Debug, Clone)]
struct Token {
    kind: TokenKind,
    /// 1-based character position in the pattern.
    at: usize,
}

fn tokenize(pattern: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = pattern.char_indices().peekable();
    let position = |byte: usize| pattern[..byte].chars().count() + 1;
    while let Some(&(start, c)) = chars.peek() {
        let at = position(start);
        let kind = match c {
            c if c.is_whitespace() => {
                chars.next();
                continue;
            }
            '[' | '(' => {
                chars.next();
                TokenKind::Open(c)
            }
            ']' | ')' => {
                chars.next();
                TokenKind::Close(c)
            }
            ',' => {
                chars.next();
                TokenKind::Comma
            }
            '\'' => {
                chars.next();
                TokenKind::Str(string(&mut chars, at)?)
            }
            '=' | '!' | '<' | '>' => {
                chars.next();
                let mut op = c.to_string();
                if chars.peek().is_some_and(|&(_, n)| n == '=') {
                    chars.next();
                    op.push('=');
                } else if c == '!' {
                    return Err(format!("`!` without `=` at character {at}"));
                }
                TokenKind::Operator(op)
            }
            c if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' => {
                word(pattern, &mut chars, start, at)?
            }
            other => return Err(format!("unexpected `{other}` at character {at}")),
        };
        tokens.push(Token { kind, at });
    }
    Ok(tokens)
}

/// A quoted string after its opening quote, with `\'` and `\\` escapes.
fn string(chars: &mut Peekable<CharIndices<'_>>, at: usize) -> Result<String, String> {
    let mut value = String::new();
    loop {
        match chars.next() {
            Some((_, '\'')) => return Ok(value),
            Some((_, '\\')) => match chars.next() {
                Some((_, c @ ('\'' | '\\'))) => value.push(c),
                _ => return Err(format!("bad escape in the string at character {at}")),
            },
            Some((_, c)) => value.push(c),
            None => return Err(format!("unterminated string starting at character {at}")),
        }
    }
}

/// A keyword, number, typed literal or object path (which may hold `'quoted'` steps and `[n]`).
fn word(
    pattern: &str,
    chars: &mut Peekable<CharIndices<'_>>,
    start: usize,
    at: usize,
) -> Result<TokenKind, String> {
    let mut end = start;
    while let Some(&(i, c)) = chars.peek() {
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':') {
            chars.next();
            end = i + c.len_utf8();
        } else {
            break;
        }
    }
    let head = &pattern[start..end];
    if let ("t" | "b" | "h", Some(&(_, '\''))) = (head, chars.peek()) {
        chars.next();
        string(chars, at)?;
        return Ok(TokenKind::Typed(head.chars().next().unwrap_or('t')));
    }
    let Some((object_type, first)) = head.split_once(':') else {
        return Ok(TokenKind::Word(head.to_owned()));
    };
    let mut path = first.to_owned();
    // Quoted steps (`hashes.'SHA-256'`) and list indices (`[0]`, `[*]`) continue the path.
    loop {
        match chars.peek() {
            Some(&(_, '\'')) if path.ends_with('.') => {
                chars.next();
                path.push_str(&string(chars, at)?);
            }
            Some(&(i, '[')) => {
                let rest = &pattern[i..];
                let Some(close) = rest.find(']') else { break };
                let index = &rest[1..close];
                if index != "*" && (index.is_empty() || !index.bytes().all(|b| b.is_ascii_digit()))
                {
                    break;
                }
                for _ in 0..=close {
                    chars.next();
                }
                path.push_str(&rest[..=close]);
            }
            Some(&(_, c)) if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') => {
                chars.next();
                path.push(c);
            }
            _ => break,
        }
    }
    let valid_type = !object_type.is_empty()
        && object_type
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid_type || path.is_empty() || path.contains(':') {
        return Err(format!("`{head}` at character {at} is not an object path"));
    }
    Ok(TokenKind::Path(object_type.to_owned(), path))
}

struct Parser {
    tokens: Vec<Token>,
    position: usize,
    found: Vec<Comparison>,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.position).cloned();
        self.position += 1;
        token
    }

    fn peek_word(&self, words: &[&str]) -> bool {
        matches!(self.peek(), Some(Token { kind: TokenKind::Word(w), .. }) if words.contains(&w.as_str()))
    }

    fn expect(&mut self, wanted: &TokenKind, what: &str) -> Result<(), String> {
        match self.next() {
            Some(token) if token.kind == *wanted => Ok(()),
            Some(token) => Err(format!(
                "expected {what} at character {}, found {}",
                token.at,
                token.kind.describe()
            )),
            None => Err(format!("expected {what}, found the end of the pattern")),
        }
    }

    /// obs_term ((AND | OR | FOLLOWEDBY) obs_term)*
    fn observation_expression(&mut self) -> Result<(), String> {
        self.observation_term()?;
        while self.peek_word(&["AND", "OR", "FOLLOWEDBY"]) {
            self.next();
            self.observation_term()?;
        }
        Ok(())
    }

    /// ('[' comparisons ']' | '(' observation_expression ')') qualifier*
    fn observation_term(&mut self) -> Result<(), String> {
        match self.next() {
            Some(Token {
                kind: TokenKind::Open('['),
                ..
            }) => {
                self.comparison_expression()?;
                self.expect(&TokenKind::Close(']'), "`]`")?;
            }
            Some(Token {
                kind: TokenKind::Open('('),
                ..
            }) => {
                self.observation_expression()?;
                self.expect(&TokenKind::Close(')'), "`)`")?;
            }
            Some(token) => {
                return Err(format!(
                    "expected `[` at character {}, found {}",
                    token.at,
                    token.kind.describe()
                ));
            }
            None => return Err("expected `[`, found the end of the pattern".to_owned()),
        }
        self.qualifiers()
    }

    fn qualifiers(&mut self) -> Result<(), String> {
        loop {
            if self.peek_word(&["WITHIN"]) {
                self.next();
                self.number()?;
                self.keyword("SECONDS")?;
            } else if self.peek_word(&["REPEATS"]) {
                self.next();
                self.number()?;
                self.keyword("TIMES")?;
            } else if self.peek_word(&["START"]) {
                self.next();
                self.expect(&TokenKind::Typed('t'), "a t'…' timestamp")?;
                self.keyword("STOP")?;
                self.expect(&TokenKind::Typed('t'), "a t'…' timestamp")?;
            } else {
                return Ok(());
            }
        }
    }

    fn keyword(&mut self, keyword: &str) -> Result<(), String> {
        self.expect(
            &TokenKind::Word(keyword.to_owned()),
            &format!("`{keyword}`"),
        )
    }

    fn number(&mut self) -> Result<(), String> {
        match self.next() {
            Some(Token {
                kind: TokenKind::Word(w),
                ..
            }) if w.parse::<f64>().is_ok() => Ok(()),
            Some(token) => Err(format!(
                "expected a number at character {}, found {}",
                token.at,
                token.kind.describe()
            )),
            None => Err("expected a number, found the end of the pattern".to_owned()),
        }
    }

    /// term ((AND | OR) term)*
    fn comparison_expression(&mut self) -> Result<(), String> {
        self.comparison_term()?;
        while self.peek_word(&["AND", "OR"]) {
            self.next();
            self.comparison_term()?;
        }
        Ok(())
    }

    /// '(' comparison_expression ')' | EXISTS path | path NOT? operator literal
    fn comparison_term(&mut self) -> Result<(), String> {
        let token = self
            .next()
            .ok_or("expected a comparison, found the end of the pattern")?;
        let (object_type, path) = match token.kind {
            TokenKind::Open('(') => {
                self.comparison_expression()?;
                return self.expect(&TokenKind::Close(')'), "`)`");
            }
            TokenKind::Word(w) if w == "EXISTS" => {
                return match self.next() {
                    Some(Token {
                        kind: TokenKind::Path(..),
                        ..
                    }) => Ok(()),
                    _ => Err(format!(
                        "expected an object path after EXISTS at character {}",
                        token.at
                    )),
                };
            }
            TokenKind::Path(object_type, path) => (object_type, path),
            other => {
                return Err(format!(
                    "expected a comparison at character {}, found {}",
                    token.at,
                    other.describe()
                ));
            }
        };
        let negated = self.peek_word(&["NOT"]);
        if negated {
            self.next();
        }
        let operator = self
            .next()
            .ok_or("expected an operator, found the end of the pattern")?;
        let values = match &operator.kind {
            TokenKind::Operator(_) => vec![self.literal()?],
            TokenKind::Word(w)
                if ["LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET"].contains(&w.as_str()) =>
            {
                self.literal()?;
                Vec::new()
            }
            TokenKind::Word(w) if w == "IN" => self.set()?,
            other => {
                return Err(format!(
                    "expected an operator at character {}, found {}",
                    operator.at,
                    other.describe()
                ));
            }
        };
        let equality = matches!(&operator.kind, TokenKind::Operator(o) if o == "=")
            || matches!(&operator.kind, TokenKind::Word(w) if w == "IN");
        if equality && !negated {
            for value in values.into_iter().flatten() {
                self.found.push(Comparison {
                    object_type: object_type.clone(),
                    path: path.clone(),
                    value,
                });
            }
        }
        Ok(())
    }

    /// A literal; `Some` with its text for a string.
    fn literal(&mut self) -> Result<Option<String>, String> {
        match self.next() {
            Some(Token {
                kind: TokenKind::Str(s),
                ..
            }) => Ok(Some(s)),
            Some(Token {
                kind: TokenKind::Typed(_),
                ..
            }) => Ok(None),
            Some(Token {
                kind: TokenKind::Word(w),
                ..
            }) if w == "true" || w == "false" || w.parse::<f64>().is_ok() => Ok(None),
            Some(token) => Err(format!(
                "expected a value at character {}, found {}",
                token.at,
                token.kind.describe()
            )),
            None => Err("expected a value, found the end of the pattern".to_owned()),
        }
    }

    /// '(' literal (',' literal)* ')'
    fn set(&mut self) -> Result<Vec<Option<String>>, String> {
        self.expect(&TokenKind::Open('('), "`(`")?;
        let mut values = vec![self.literal()?];
        while matches!(
            self.peek(),
            Some(Token {
                kind: TokenKind::Comma,
                ..
            })
        ) {
            self.next();
            values.push(self.literal()?);
        }
        self.expect(&TokenKind::Close(')'), "`)`")?;
        Ok(values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pattern: &str) -> Vec<(String, String, String)> {
        pattern_comparisons(pattern)
            .unwrap_or_else(|e| panic!("{pattern}: {e}"))
            .into_iter()
            .map(|c| (c.object_type, c.path, c.value))
            .collect()
    }

    fn one(object_type: &str, path: &str, value: &str) -> (String, String, String) {
        (object_type.into(), path.into(), value.into())
    }

    #[test]
    fn simple_comparisons() {
        assert_eq!(
            values("[ipv4-addr:value = '198.51.100.1']"),
            [one("ipv4-addr", "value", "198.51.100.1")]
        );
        assert_eq!(
            values("[file:hashes.'SHA-256' = 'ABCD']"),
            [one("file", "hashes.SHA-256", "ABCD")]
        );
        assert_eq!(
            values("[file:hashes.MD5='x']"),
            [one("file", "hashes.MD5", "x")]
        );
        assert_eq!(
            values(r"[url:value = 'http://a.example/it\'s']"),
            [one("url", "value", "http://a.example/it's")]
        );
    }

    #[test]
    fn combined_with_and_or_and_qualifiers() {
        let pattern = "([domain-name:value = 'a.example' OR domain-name:value = 'b.example'] AND \
                       [network-traffic:dst_port = 443 AND network-traffic:dst_ref.value = '203.0.113.9']) \
                       WITHIN 300 SECONDS OR [email-addr:value IN ('x@a.example', 'y@a.example')] REPEATS 2 TIMES";
        assert_eq!(
            values(pattern),
            [
                one("domain-name", "value", "a.example"),
                one("domain-name", "value", "b.example"),
                one("network-traffic", "dst_ref.value", "203.0.113.9"),
                one("email-addr", "value", "x@a.example"),
                one("email-addr", "value", "y@a.example"),
            ]
        );
        let timed =
            "[file:name = 'x.exe'] START t'2026-01-01T00:00:00Z' STOP t'2026-02-01T00:00:00Z'";
        // Every positive string equality; the reader keeps those that state an indicator.
        assert_eq!(values(timed), [one("file", "name", "x.exe")]);
    }

    #[test]
    fn only_positive_equalities_state_indicators() {
        let pattern = "[domain-name:value != 'a.example' AND domain-name:value NOT = 'b.example' \
                       AND domain-name:value LIKE '%.example' AND url:value MATCHES '^http' \
                       AND ipv4-addr:value ISSUBSET '10.0.0.0/8' AND ipv4-addr:value NOT IN ('1.1.1.1') \
                       AND EXISTS windows-registry-key:key AND file:size > 10 \
                       AND process:extensions.'windows-process-ext'.aslr_enabled = true \
                       AND file:parent_directory_ref.path[0] = 'C:'] ";
        assert_eq!(
            values(pattern),
            [one("file", "parent_directory_ref.path[0]", "C:")]
        );
    }

    #[test]
    fn malformed_patterns_are_refused_with_a_position() {
        let error = |p: &str| pattern_comparisons(p).unwrap_err();
        assert_eq!(
            error("[ipv4-addr:value = '1.2.3.4'"),
            "expected `]`, found the end of the pattern"
        );
        assert_eq!(
            error("[ipv4-addr:value = '1.2.3.4]"),
            "unterminated string starting at character 20"
        );
        assert_eq!(
            error("ipv4-addr:value = '1.2.3.4'"),
            "expected `[` at character 1, found `ipv4-addr:value`"
        );
        assert_eq!(
            error("[ipv4-addr:value '1.2.3.4']"),
            "expected an operator at character 18, found '1.2.3.4'"
        );
        assert_eq!(
            error("[a:b = 'x'] [c:d = 'y']"),
            "unexpected `[` at character 13"
        );
        assert_eq!(
            error("[a:b = 'x'] AND"),
            "expected `[`, found the end of the pattern"
        );
        assert_eq!(error("   "), "the pattern is empty");
        assert_eq!(
            error("[Bad:x = 'y']"),
            "`Bad:x` at character 2 is not an object path"
        );
        assert_eq!(
            error("[a:b = 'x'] WITHIN x SECONDS"),
            "expected a number at character 20, found `x`"
        );
        assert_eq!(error("[a:b ! 'x']"), "`!` without `=` at character 6");
        assert_eq!(error("[a:b = 'x' } ]"), "unexpected `}` at character 12");
    }
}

//! Lists of one indicator per line.

use super::{IndicatorList, ListError, decode_utf8, quote};

/// Reads one indicator per line, normalised and de-duplicated; see [`read_lines`].
pub fn parse_lines(bytes: &[u8]) -> Result<IndicatorList, ListError> {
    let mut list = IndicatorList::new();
    read_lines(bytes, &mut |value| {
        list.push(value);
    })?;
    Ok(list)
}

/// Calls `each` with every value, as written. Blank lines and lines starting with `#` are skipped,
/// as is a comment after the value (` # …`, after a space or tab, so that a URL's `#fragment`
/// stays). A line with two values, or with a control character, is refused.
pub fn read_lines(bytes: &[u8], each: &mut dyn FnMut(&str)) -> Result<(), ListError> {
    let text = decode_utf8(bytes)?;
    for (index, line) in text.lines().enumerate() {
        let error = |message: String| ListError::Line {
            line: index + 1,
            message,
        };
        let mut value = line.trim();
        if value.is_empty() || value.starts_with('#') {
            continue;
        }
        // Most lines are printable ASCII without spaces: nothing more to check.
        if value.bytes().all(|b| b.is_ascii_graphic()) {
            each(value);
            continue;
        }
        if let Some(comment) = value.find([' ', '\t']).and_then(|space| {
            let after = value[space..].trim_start();
            after.starts_with('#').then_some(space)
        }) {
            value = value[..comment].trim_end();
        }
        if let Some(c) = value.chars().find(|c| c.is_control()) {
            return Err(error(format!(
                "control character U+{:04X}: is this a text file of indicators?",
                u32::from(c)
            )));
        }
        if value.contains(char::is_whitespace) {
            return Err(error(format!(
                "expected one indicator per line, found {}",
                quote(value)
            )));
        }
        each(value);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_skip_blanks_and_comments() {
        let text = b"# feed export\n\nEvil[.]com\r\n  1.2.3.4  # seen twice\n1.2.3.4\nhxxp://a.example/x#frag\n";
        let list = parse_lines(text).unwrap();
        assert_eq!(
            list.values().collect::<Vec<_>>(),
            ["evil.com", "1.2.3.4", "http://a.example/x#frag"]
        );
        assert_eq!(list.duplicates(), 1);
    }

    #[test]
    fn a_line_with_two_values_is_refused_by_number() {
        let error = parse_lines(b"a.com\n\nb.com c.com\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 3: expected one indicator per line, found `b.com c.com`"
        );
        let error = parse_lines(b"a.com\nb\0.com\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 2: control character U+0000: is this a text file of indicators?"
        );
    }

    #[test]
    fn non_utf8_is_refused() {
        let error = parse_lines(b"a.com\n\xC3\x28.com\n").unwrap_err();
        assert!(matches!(
            error,
            ListError::Encoding {
                line: 2,
                column: 1,
                byte: 0xC3
            }
        ));
    }
}

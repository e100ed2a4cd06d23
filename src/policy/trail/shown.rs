//! How text taken from a log is shown on a terminal: control characters (escape sequences,
//! carriage returns, bidirectional overrides) are written as escapes, so a caller ARN or event
//! name in a log cannot move the cursor or recolour the screen. The one place to change.

use std::fmt::Write as _;

/// `text` with every control character written as `\u{…}` (tab and line breaks too: a log
/// value is one line).
pub fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if c.is_control() || bidi {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(
            shown("arn:aws:iam::1:role/x\u{1b}[2J\r\u{202e}"),
            "arn:aws:iam::1:role/x\\u{1b}[2J\\u{d}\\u{202e}"
        );
        assert_eq!(shown("team/api é"), "team/api é");
    }
}

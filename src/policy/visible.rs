//! The one output sanitiser: text from input files and flags, made safe and visible before it
//! is written as text to a terminal or a log. Control characters (C0, DEL, C1), bidi overrides
//! and isolates, zero-width and other invisible or format code points become escapes such as
//! `\u001b`, so a file cannot move the cursor, clear the screen, set the clipboard (OSC 52),
//! forge a line with `\r` or reorder what is shown. Machine formats keep their own exact
//! escaping; [`report_json`] writes JSON whose strings parse back exactly yet hold none raw.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use serde::Serialize;
use unicode_general_category::{GeneralCategory, get_general_category};

/// Code points that draw nothing (Unicode's `Default_Ignorable_Code_Point`) but are not in one
/// of the hidden categories: the combining grapheme joiner, the Hangul and Khmer fillers, the
/// Mongolian and other variation selectors.
const INVISIBLE_MARKS: [(char, char); 8] = [
    ('\u{34f}', '\u{34f}'),
    ('\u{115f}', '\u{1160}'),
    ('\u{17b4}', '\u{17b5}'),
    ('\u{180b}', '\u{180f}'),
    ('\u{3164}', '\u{3164}'),
    ('\u{fe00}', '\u{fe0f}'),
    ('\u{ffa0}', '\u{ffa0}'),
    ('\u{e0100}', '\u{e01ef}'),
];

/// Whether `c` is shown as an escape: controls (Cc: C0, DEL, C1), format characters (Cf: bidi
/// embeddings, overrides and isolates, zero-width spaces and joiners, the byte-order mark, tag
/// characters), line and paragraph separators, every space but U+0020, private-use and
/// unassigned code points (a terminal may draw them as anything), and the invisible marks.
pub fn is_hidden(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    match get_general_category(c) {
        GeneralCategory::Control
        | GeneralCategory::Format
        | GeneralCategory::LineSeparator
        | GeneralCategory::ParagraphSeparator
        | GeneralCategory::SpaceSeparator
        | GeneralCategory::PrivateUse
        | GeneralCategory::Surrogate
        | GeneralCategory::Unassigned => true,
        _ => INVISIBLE_MARKS
            .iter()
            .any(|(first, last)| (*first..=*last).contains(&c)),
    }
}

/// Appends the escape of one hidden character: `\n`, `\r`, `\t`, else `\u001b` (four hex
/// digits, as JSON writes them) or `\u{e0041}` beyond the Basic Multilingual Plane.
fn push_escape(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if u32::from(c) <= 0xffff => {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}

/// `text` with every hidden character (line breaks too) as a visible escape: for one value,
/// or one line built from values. Borrowed when there is nothing to escape.
pub fn visible(text: &str) -> Cow<'_, str> {
    escape_where(text, is_hidden)
}

/// `text` with every hidden character but the line break as a visible escape: for a whole
/// message or report whose lines are its own, as the last guard before a terminal or log.
pub fn visible_lines(text: &str) -> Cow<'_, str> {
    escape_where(text, |c| c != '\n' && is_hidden(c))
}

/// `"text"` with hidden characters escaped, and `"` and `\` as `\"` and `\\`, so where the
/// value starts and ends is never in doubt.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if is_hidden(c) => push_escape(&mut out, c),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn escape_where(text: &str, hidden: impl Fn(char) -> bool) -> Cow<'_, str> {
    // Printable ASCII is the usual case: nothing to scan character by character.
    let keep_breaks = !hidden('\n');
    if text
        .bytes()
        .all(|b| (b' '..=b'~').contains(&b) || (keep_breaks && b == b'\n'))
    {
        return Cow::Borrowed(text);
    }
    let Some(first) = text
        .char_indices()
        .find(|(_, c)| hidden(*c))
        .map(|(i, _)| i)
    else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        if hidden(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A value shown with [`visible`] wherever it is formatted: `format!("{}", Visible(name))`.
#[derive(Debug, Clone, Copy)]
pub struct Visible<'a>(pub &'a str);

impl fmt::Display for Visible<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&visible(self.0))
    }
}

/// A `serde_json` formatter that writes every hidden character of a string as a `\uXXXX`
/// escape (a surrogate pair beyond the BMP): JSON readers get the exact value back, and the
/// text printed to a terminal holds none raw. `serde_json` itself escapes only C0, `"`, `\`.
struct VisibleFormatter<'a>(serde_json::ser::PrettyFormatter<'a>);

impl serde_json::ser::Formatter for VisibleFormatter<'_> {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some((i, c)) = rest.char_indices().find(|(_, c)| is_hidden(*c)) {
            writer.write_all(&rest.as_bytes()[..i])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            rest = &rest[i + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// A report as pretty JSON (two-space indent, as `serde_json::to_string_pretty`) ending in a
/// newline, with hidden characters escaped as `\uXXXX`: the values stay exact.
pub fn report_json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::with_capacity(1024);
    let mut ser = serde_json::Serializer::with_formatter(
        &mut out,
        VisibleFormatter(serde_json::ser::PrettyFormatter::new()),
    );
    if value.serialize(&mut ser).is_err() {
        return String::new();
    }
    let mut text = String::from_utf8(out).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of each class the issue names, with its escape.
    const CLASSES: [(&str, char, &str); 16] = [
        ("NUL", '\u{0}', "\\u0000"),
        ("ESC", '\u{1b}', "\\u001b"),
        ("BEL", '\u{7}', "\\u0007"),
        ("CR", '\r', "\\r"),
        ("LF", '\n', "\\n"),
        ("DEL", '\u{7f}', "\\u007f"),
        ("C1 CSI", '\u{9b}', "\\u009b"),
        ("RLO", '\u{202e}', "\\u202e"),
        ("LRE", '\u{202a}', "\\u202a"),
        ("RLI", '\u{2067}', "\\u2067"),
        ("PDI", '\u{2069}', "\\u2069"),
        ("ZWSP", '\u{200b}', "\\u200b"),
        ("BOM", '\u{feff}', "\\ufeff"),
        ("LINE SEPARATOR", '\u{2028}', "\\u2028"),
        ("NBSP", '\u{a0}', "\\u00a0"),
        ("TAG A", '\u{e0041}', "\\u{e0041}"),
    ];

    #[test]
    fn every_class_becomes_a_visible_escape() {
        for (name, c, escape) in CLASSES {
            assert!(is_hidden(c), "{name}");
            let text = format!("a{c}b");
            let shown = visible(&text);
            assert_eq!(shown, format!("a{escape}b"), "{name}");
            assert!(!shown.chars().any(is_hidden), "{name}");
        }
    }

    #[test]
    fn plain_text_of_any_script_is_left_alone() {
        for text in [
            "ecr:BatchGetImage",
            "café, Ωμέγα, 東京, עברית, emoji 😀, e\u{301}",
            "",
        ] {
            assert!(matches!(visible(text), Cow::Borrowed(_)), "{text}");
        }
    }

    #[test]
    fn line_breaks_stay_only_where_the_text_is_ours() {
        assert_eq!(visible("a\nb"), "a\\nb");
        assert_eq!(visible_lines("a\nb\u{1b}[2J\r"), "a\nb\\u001b[2J\\r");
        assert_eq!(quoted("say \"hi\"\\\u{7}"), r#""say \"hi\"\\\u0007""#);
        assert_eq!(Visible("x\u{9b}y").to_string(), "x\\u009by");
    }

    #[test]
    fn report_json_parses_back_exactly_and_holds_nothing_hidden() {
        let value = serde_json::json!({
            "k\u{202e}": CLASSES.iter().map(|(_, c, _)| format!("<{c}>")).collect::<Vec<_>>(),
            "plain": ["é", 1, null, true],
        });
        let text = report_json(&value);
        assert!(!text.chars().any(|c| c != '\n' && is_hidden(c)), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
        let plain = serde_json::json!({"a": [1, "b"]});
        assert_eq!(
            report_json(&plain),
            serde_json::to_string_pretty(&plain).unwrap() + "\n"
        );
    }
}

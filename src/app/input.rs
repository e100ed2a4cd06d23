//! A single-line text field: `tui-input` does the grapheme-correct editing (cursor, width,
//! deletion); on top of it sit our shell-style Ctrl-W and Ctrl-U and paste without line breaks.

use tui_input::{Input, InputRequest};

/// Text plus a cursor; the cursor counts code points and moves one grapheme at a time.
#[derive(Debug, Clone, Default)]
pub struct TextInput {
    inner: Input,
}

impl PartialEq for TextInput {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text() && self.cursor() == other.cursor()
    }
}

impl Eq for TextInput {}

impl TextInput {
    /// A field holding `text`, cursor at the end.
    pub fn new(text: &str) -> TextInput {
        TextInput {
            inner: Input::new(text.to_string()),
        }
    }

    pub fn text(&self) -> &str {
        self.inner.value()
    }

    /// Cursor position in code points (characters).
    pub fn cursor(&self) -> usize {
        self.inner.cursor()
    }

    /// Cursor position in display columns.
    pub fn visual_cursor(&self) -> usize {
        self.inner.visual_cursor()
    }

    /// How many display columns to scroll so the cursor fits in `width` columns.
    pub fn visual_scroll(&self, width: usize) -> usize {
        self.inner.visual_scroll(width)
    }

    pub fn is_empty(&self) -> bool {
        self.text().is_empty()
    }

    /// Replaces the whole text.
    pub fn set(&mut self, text: &str) {
        *self = TextInput::new(text);
    }

    fn req(&mut self, r: InputRequest) {
        let _ = self.inner.handle(r);
    }

    /// Inserts one character at the cursor (control characters are ignored).
    pub fn insert(&mut self, c: char) {
        if !c.is_control() {
            self.req(InputRequest::InsertChar(c));
        }
    }

    /// Inserts pasted text; line breaks and other control characters are dropped.
    pub fn insert_str(&mut self, s: &str) {
        for c in s.chars() {
            self.insert(c);
        }
    }

    /// Deletes the grapheme before the cursor.
    pub fn backspace(&mut self) {
        self.req(InputRequest::DeletePrevChar);
    }

    /// Deletes the grapheme under the cursor.
    pub fn delete(&mut self) {
        self.req(InputRequest::DeleteNextChar);
    }

    pub fn left(&mut self) {
        self.req(InputRequest::GoToPrevChar);
    }

    pub fn right(&mut self) {
        self.req(InputRequest::GoToNextChar);
    }

    pub fn home(&mut self) {
        self.req(InputRequest::GoToStart);
    }

    pub fn end(&mut self) {
        self.req(InputRequest::GoToEnd);
    }

    /// Ctrl-U: deletes everything before the cursor.
    pub fn kill_to_start(&mut self) {
        self.req(InputRequest::DeleteFromStart);
    }

    /// Ctrl-K: deletes everything after the cursor.
    pub fn kill_to_end(&mut self) {
        self.req(InputRequest::DeleteTillEnd);
    }

    /// Ctrl-W: deletes the word before the cursor (and the spaces after it). Unlike a prose
    /// editor, `/ - _ .` end a word too, so `team/my-app` loses `app` first.
    pub fn kill_word(&mut self) {
        let chars: Vec<char> = self.text().chars().collect();
        let cursor = self.cursor().min(chars.len());
        let mut start = cursor;
        while start > 0 && chars[start - 1].is_whitespace() {
            start -= 1;
        }
        while start > 0 && !chars[start - 1].is_whitespace() && !"/-_.".contains(chars[start - 1]) {
            start -= 1;
        }
        if start == cursor && start > 0 {
            start -= 1;
        }
        let text: String = chars[..start].iter().chain(&chars[cursor..]).collect();
        self.inner = Input::new(text).with_cursor(start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_by_character_with_unicode() {
        let mut t = TextInput::new("café");
        t.left();
        t.insert('x');
        assert_eq!(t.text(), "cafxé");
        t.end();
        t.backspace();
        assert_eq!(t.text(), "cafx");
        t.home();
        t.delete();
        assert_eq!(t.text(), "afx");
        assert_eq!(t.cursor(), 0);
    }

    #[test]
    fn paste_drops_line_breaks() {
        let mut t = TextInput::default();
        t.insert_str("my-\napp\r\n");
        assert_eq!(t.text(), "my-app");
        assert_eq!(t.cursor(), 6);
    }

    #[test]
    fn kill_keys_work_like_a_shell() {
        let mut t = TextInput::new("~/policies/ecr.json");
        t.kill_to_start();
        assert_eq!(t.text(), "");
        let mut t = TextInput::new("team/my-app");
        t.kill_word();
        assert_eq!(t.text(), "team/my-");
        t.home();
        t.right();
        t.kill_to_end();
        assert_eq!(t.text(), "t");
    }

    #[test]
    fn graphemes_move_and_delete_as_one() {
        // "e" + combining acute, a family emoji (one grapheme of several code points), CJK.
        let mut t = TextInput::new("e\u{301}👨‍👩‍👧東");
        t.backspace();
        assert_eq!(t.text(), "e\u{301}👨‍👩‍👧");
        assert_eq!(t.visual_cursor(), 3);
        t.left();
        assert_eq!(t.cursor(), 2, "one step over the whole family emoji");
        t.backspace();
        assert_eq!(t.text(), "👨‍👩‍👧", "the accent goes with its letter");
        t.end();
        t.insert_str("東京");
        assert_eq!(t.visual_cursor(), 6);
        assert_eq!(t.visual_scroll(4), 2);
    }
}

//! A single-line text field: editing by characters (never by byte index), shell-style kill keys.

/// Text plus a cursor counted in characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    cursor: usize,
}

impl TextInput {
    /// A field holding `text`, cursor at the end.
    pub fn new(text: &str) -> TextInput {
        TextInput {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Cursor position in characters.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn byte_at(&self, char_idx: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_idx)
            .map_or(self.text.len(), |(b, _)| b)
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    /// Replaces the whole text.
    pub fn set(&mut self, text: &str) {
        *self = TextInput::new(text);
    }

    /// Inserts one character at the cursor (control characters are ignored).
    pub fn insert(&mut self, c: char) {
        if c.is_control() {
            return;
        }
        let at = self.byte_at(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    /// Inserts pasted text; line breaks and other control characters are dropped.
    pub fn insert_str(&mut self, s: &str) {
        let clean: String = s.chars().filter(|c| !c.is_control()).collect();
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &clean);
        self.cursor += clean.chars().count();
    }

    pub fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn delete(&mut self) {
        if self.cursor < self.len() {
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.len());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.len();
    }

    /// Ctrl-U: deletes everything before the cursor.
    pub fn kill_to_start(&mut self) {
        let at = self.byte_at(self.cursor);
        self.text.replace_range(..at, "");
        self.cursor = 0;
    }

    /// Ctrl-K: deletes everything after the cursor.
    pub fn kill_to_end(&mut self) {
        let at = self.byte_at(self.cursor);
        self.text.truncate(at);
    }

    /// Ctrl-W: deletes the word before the cursor (and the spaces after it).
    pub fn kill_word(&mut self) {
        let chars: Vec<char> = self.text.chars().collect();
        let mut start = self.cursor;
        while start > 0 && chars[start - 1].is_whitespace() {
            start -= 1;
        }
        while start > 0 && !chars[start - 1].is_whitespace() && !"/-_.".contains(chars[start - 1]) {
            start -= 1;
        }
        if start == self.cursor && start > 0 {
            start -= 1;
        }
        let (a, b) = (self.byte_at(start), self.byte_at(self.cursor));
        self.text.replace_range(a..b, "");
        self.cursor = start;
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
}

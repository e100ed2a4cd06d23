//! The repositories step: the name field, the list of added names, which of the two has focus,
//! and the entry being edited (kept in the list until the edit is confirmed).

use crate::policy::spec::model::FieldError;

use super::super::input::TextInput;
use super::clamp_move;

/// The repositories step's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReposStep {
    pub input: TextInput,
    /// The names added so far, in the order they were added.
    pub list: Vec<String>,
    /// `Some(i)` while the list (not the field) has focus.
    pub focus: Option<usize>,
    pub error: Option<FieldError>,
    /// The index of the entry whose text is in the field for editing (`e`). The entry stays in
    /// the list until Enter confirms the edit.
    pub editing: Option<usize>,
}

impl ReposStep {
    /// Up and Down: from the field into the list (bottom first), through it, and back out.
    pub fn move_focus(&mut self, delta: isize) {
        let len = self.list.len();
        self.focus = match self.focus {
            Some(i) if delta > 0 && i + 1 >= len => None,
            Some(i) => Some(clamp_move(i, delta, len)),
            None if delta < 0 && len > 0 => Some(len - 1),
            None => None,
        };
    }

    /// The entry under the list cursor.
    pub fn focused(&self) -> Option<usize> {
        self.focus.filter(|i| *i < self.list.len())
    }
}

//! The account step: one text field, and whether Enter was tried on it (errors shown as errors).

use crate::policy::spec::model::FieldError;
use crate::policy::spec::validate::parse_account;

use super::super::input::TextInput;

/// The account step's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountStep {
    pub input: TextInput,
    /// Set after Enter on an invalid account, so the error is shown as an error.
    pub tried: bool,
}

impl AccountStep {
    /// The account, when the field holds a valid one.
    pub fn valid(&self) -> Option<String> {
        parse_account(self.input.text()).ok()
    }

    /// The field's error, if it has text and the text is invalid.
    pub fn error(&self) -> Option<FieldError> {
        if self.input.is_empty() {
            return None;
        }
        parse_account(self.input.text()).err()
    }
}

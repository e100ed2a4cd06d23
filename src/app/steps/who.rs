//! The first step, "Who will use this policy?": "start from the actions" (the wizard as it was
//! without recipes), then the recipes; choosing a recipe opens a form with only its questions,
//! each checked by its owner's rule as it is left.

use crate::policy::recipes::{Answers, Question, RECIPES, Recipe};
use crate::policy::spec::model::FieldError;

use super::super::input::TextInput;
use super::clamp_move;

/// One row of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhoRow {
    /// No recipe: choose the actions in the steps, as without recipes.
    FromActions,
    Recipe(&'static Recipe),
}

/// The recipe's questions being answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhoForm {
    pub recipe: &'static Recipe,
    /// One field per question, in the recipe's order; a default is filled in.
    pub fields: Vec<(Question, TextInput)>,
    /// The field with focus.
    pub focus: usize,
    /// The focused field's problem, once Enter was tried on it.
    pub error: Option<FieldError>,
}

impl WhoForm {
    /// A form for `recipe`, its fields holding `previous` answers (or the defaults).
    pub fn new(recipe: &'static Recipe, previous: &[(Question, String)]) -> WhoForm {
        let fields = recipe
            .questions
            .iter()
            .map(|q| {
                let text = previous
                    .iter()
                    .find(|(p, _)| p == q)
                    .map(|(_, t)| t.as_str())
                    .or_else(|| q.default())
                    .unwrap_or_default();
                (*q, TextInput::new(text))
            })
            .collect();
        WhoForm {
            recipe,
            fields,
            focus: 0,
            error: None,
        }
    }

    /// The focused field.
    pub fn field_mut(&mut self) -> Option<&mut TextInput> {
        self.fields.get_mut(self.focus).map(|(_, t)| t)
    }

    /// Moves the focus by `delta` fields.
    pub fn move_focus(&mut self, delta: isize) {
        self.focus = clamp_move(self.focus, delta, self.fields.len());
        self.error = None;
    }
}

/// The step's state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WhoStep {
    /// The highlighted row.
    pub cursor: usize,
    /// Whether the choice was made (a recipe with its answers, or the actions).
    pub chosen: bool,
    /// The recipe chosen, with its checked answers.
    pub recipe: Option<(&'static Recipe, Answers)>,
    /// The answers as typed, kept to fill the form again.
    pub typed: Vec<(Question, String)>,
    /// Open while the recipe's questions are answered.
    pub form: Option<WhoForm>,
}

impl WhoStep {
    /// The rows in display order: the actions (Enter keeps the wizard as it was), then every
    /// recipe.
    pub fn rows() -> Vec<WhoRow> {
        std::iter::once(WhoRow::FromActions)
            .chain(RECIPES.iter().map(WhoRow::Recipe))
            .collect()
    }

    /// The highlighted row.
    pub fn highlighted(&self) -> WhoRow {
        Self::rows()
            .get(self.cursor)
            .copied()
            .unwrap_or(WhoRow::FromActions)
    }

    /// Moves the highlight by `delta` rows.
    pub fn move_cursor(&mut self, delta: isize) {
        self.cursor = clamp_move(self.cursor, delta, Self::rows().len());
    }

    /// The recipe chosen, if any.
    pub fn recipe(&self) -> Option<&'static Recipe> {
        self.recipe.as_ref().map(|(r, _)| *r)
    }

    /// The row of the recipe chosen (or of the actions), for the highlight.
    pub fn point_at_choice(&mut self) {
        let rows = Self::rows();
        let at = match self.recipe() {
            Some(r) => rows
                .iter()
                .position(|w| matches!(w, WhoRow::Recipe(x) if x.id == r.id)),
            None if self.chosen => rows.iter().position(|w| *w == WhoRow::FromActions),
            None => None,
        };
        if let Some(i) = at {
            self.cursor = i;
        }
    }
}

//! The actions step: the action set, the tag conditions, the row cursor and the expanded list.

use crate::policy::spec::catalog::{AccessLevel, ActionId, ActionSet};
use crate::policy::spec::tags::TagCondition;
use crate::policy::spec::tasks::{DEFAULT_PRESET, PRESETS, TASKS, find_preset, preset_matching};

use super::super::input::TextInput;
use super::super::state::ActionRow;
use super::clamp_move;

/// The actions step's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionsStep {
    pub set: ActionSet,
    /// Tag conditions on the repository statements, sorted by key.
    pub tags: Vec<TagCondition>,
    /// Index into [`ActionsStep::rows`].
    pub cursor: usize,
    /// Whether every single action is listed.
    pub expanded: bool,
    /// The tag prompt's text when it was closed without adding it.
    pub tag_draft: Option<TextInput>,
    /// The cache prefix prompt's text when it was closed without an answer.
    pub cache_draft: Option<TextInput>,
    /// Whether Enter asks for the cache prefix first (the pull-through-cache preset was
    /// chosen and the prefix not asked yet).
    pub cache_pending: bool,
}

impl Default for ActionsStep {
    fn default() -> Self {
        ActionsStep {
            set: find_preset(DEFAULT_PRESET)
                .map(crate::policy::spec::tasks::Preset::set)
                .unwrap_or_default(),
            tags: Vec::new(),
            cursor: 0,
            expanded: false,
            tag_draft: None,
            cache_draft: None,
            cache_pending: false,
        }
    }
}

impl ActionsStep {
    /// The rows of the step, in display order.
    pub fn rows(&self) -> Vec<ActionRow> {
        let mut rows = vec![ActionRow::Preset];
        rows.extend((0..TASKS.len()).map(ActionRow::Task));
        rows.push(ActionRow::AllActionsHeader);
        if self.expanded {
            for &level in AccessLevel::ALL {
                rows.push(ActionRow::Level(level));
                rows.extend(
                    ActionId::all()
                        .filter(|a| a.info().access == level)
                        .map(ActionRow::Action),
                );
            }
        }
        rows
    }

    /// Moves the row cursor.
    pub fn move_cursor(&mut self, delta: isize) {
        self.cursor = clamp_move(self.cursor, delta, self.rows().len());
    }

    /// Space on the highlighted row; returns a status message for a preset change.
    pub fn toggle_row(&mut self) -> Option<String> {
        match self.rows().get(self.cursor) {
            Some(ActionRow::Preset) => return Some(self.cycle_preset(1)),
            Some(ActionRow::Task(i)) => self.toggle_all(TASKS[*i].set()),
            Some(ActionRow::AllActionsHeader) => self.expanded = !self.expanded,
            Some(ActionRow::Level(level)) => {
                let level = *level;
                self.toggle_all(
                    ActionId::all()
                        .filter(|a| a.info().access == level)
                        .collect(),
                );
            }
            Some(ActionRow::Action(a)) => self.set.toggle(*a),
            None => {}
        }
        None
    }

    /// Turns a group off when all of it is on, otherwise on.
    fn toggle_all(&mut self, group: ActionSet) {
        self.set = if self.set.is_superset(group) {
            self.set.difference(group)
        } else {
            self.set.union(group)
        };
    }

    /// Moves to the next (or previous) preset; returns the status message describing it.
    pub fn cycle_preset(&mut self, delta: isize) -> String {
        let n = PRESETS.len();
        let next = match preset_matching(self.set).and_then(|p| PRESETS.iter().position(|q| q == p))
        {
            Some(i) => i.checked_add_signed(delta).map_or(n - 1, |j| j % n),
            None if delta > 0 => 0,
            None => n - 1,
        };
        self.set = PRESETS[next].set();
        format!("Preset {}: {}.", PRESETS[next].id, PRESETS[next].summary)
    }
}

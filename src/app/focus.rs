//! What has focus: the text field keys type into, the key context, and the rows on screen.

use crate::policy::spec::catalog::{AccessLevel, ActionId};
use crate::policy::spec::tasks::TASKS;

use super::input::TextInput;
use super::keymap::{Context, Scope};
use super::regions::RegionEntry;
use super::state::{ActionRow, App, Popup, Step};

impl App {
    /// True while a text field has focus (printable keys type into it).
    pub fn text_focus(&self) -> bool {
        match &self.popup {
            Some(Popup::Save { .. } | Popup::Tags { .. }) => true,
            Some(_) => false,
            None => match self.step {
                Step::Region | Step::Account => true,
                Step::Repositories => self.repo_focus.is_none(),
                Step::Actions | Step::Review => false,
            },
        }
    }

    /// The focused text field, if any.
    pub fn focused_input(&mut self) -> Option<&mut TextInput> {
        if let Some(popup) = &mut self.popup {
            return popup.prompt_mut().map(|(input, _)| input);
        }
        match self.step {
            Step::Region => Some(&mut self.region_query),
            Step::Account => Some(&mut self.account),
            Step::Repositories if self.repo_focus.is_none() => Some(&mut self.repo_input),
            _ => None,
        }
    }

    /// The key context: which scopes apply, by priority.
    pub fn context(&self) -> Context {
        let text_focus = self.text_focus();
        let scopes = match &self.popup {
            Some(Popup::Help) => vec![Scope::Help],
            Some(Popup::Save { .. }) => vec![Scope::SavePrompt, Scope::Text],
            Some(Popup::ConfirmOverwrite { .. } | Popup::ConfirmQuit) => vec![Scope::Confirm],
            Some(Popup::Tags { .. }) => vec![Scope::TagPrompt, Scope::Text],
            Some(Popup::Details) => vec![Scope::Details],
            None => {
                let step = match self.step {
                    Step::Region => vec![Scope::Region],
                    Step::Account => vec![Scope::Account],
                    Step::Repositories if self.repo_focus.is_some() => {
                        vec![Scope::RepositoryList]
                    }
                    Step::Repositories => vec![Scope::Repositories],
                    Step::Actions => vec![Scope::Actions],
                    Step::Review if self.output_piped => vec![Scope::PipedReview, Scope::Review],
                    Step::Review => vec![Scope::Review],
                };
                let mut s = Vec::new();
                if text_focus {
                    s.push(Scope::Text);
                }
                s.extend(step);
                s.push(Scope::Global);
                s
            }
        };
        Context { scopes, text_focus }
    }

    /// The rows of the actions step, in display order.
    pub fn action_rows(&self) -> Vec<ActionRow> {
        let mut rows = vec![ActionRow::Preset];
        rows.extend((0..TASKS.len()).map(ActionRow::Task));
        rows.push(ActionRow::AllActionsHeader);
        if self.actions_expanded {
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

    /// The region entry under the cursor.
    pub fn highlighted_region(&self) -> Option<&RegionEntry> {
        self.region_matches
            .get(self.region_cursor)
            .and_then(|m| self.entries.get(m.index))
    }
}

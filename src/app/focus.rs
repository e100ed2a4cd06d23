//! What has focus: the text field keys type into, the key context, and the rows on screen.

use super::keymap::{Context, Scope};
use super::regions::RegionEntry;
use super::state::{ActionRow, App, Popup, Step};

impl App {
    /// True while a text field has focus (printable keys type into it).
    pub fn text_focus(&self) -> bool {
        match &self.popup {
            Some(
                Popup::Save { .. }
                | Popup::Tags { .. }
                | Popup::Name { .. }
                | Popup::Principal { .. }
                | Popup::CachePrefix { .. },
            ) => true,
            Some(
                Popup::Help { .. }
                | Popup::ConfirmOverwrite { .. }
                | Popup::ConfirmQuit
                | Popup::Details,
            ) => false,
            None if self.preview.focused => false,
            None => match self.step {
                Step::Who => self.who.form.is_some(),
                Step::Region | Step::Account => true,
                Step::Repositories => self.repos.focus.is_none(),
                Step::Actions | Step::Review => false,
            },
        }
    }

    /// The key context: which scopes apply, by priority.
    pub fn context(&self) -> Context {
        let text_focus = self.text_focus();
        let scopes = match &self.popup {
            Some(Popup::Help { .. }) => vec![Scope::Help],
            Some(Popup::Save { .. }) => vec![Scope::SavePrompt, Scope::Text],
            Some(Popup::ConfirmOverwrite { .. }) => vec![Scope::Confirm],
            Some(Popup::ConfirmQuit) => vec![Scope::QuitQuestion],
            Some(Popup::Tags { .. }) => vec![Scope::TagPrompt, Scope::Text],
            Some(Popup::Details) => vec![Scope::Details],
            Some(Popup::Name { .. }) => vec![Scope::NamePrompt, Scope::Text],
            None if self.step == Step::Review && self.grants.asking.is_some() => {
                vec![Scope::Confirm]
            }
            Some(Popup::Principal { .. }) => vec![Scope::PrincipalPrompt, Scope::Text],
            Some(Popup::CachePrefix { .. }) => vec![Scope::CachePrompt, Scope::Text],
            None if self.preview.focused => vec![Scope::Preview, Scope::Global],
            None => {
                let step = match self.step {
                    Step::Who if self.who.form.is_some() => Scope::WhoForm,
                    Step::Who => Scope::Who,
                    Step::Region => Scope::Region,
                    Step::Account => Scope::Account,
                    Step::Repositories if self.repos.focus.is_some() => Scope::RepositoryList,
                    Step::Repositories => Scope::Repositories,
                    Step::Actions => Scope::Actions,
                    Step::Review => Scope::Review,
                };
                let mut s = Vec::new();
                if text_focus {
                    s.push(Scope::Text);
                }
                if self.output_piped && self.step == Step::Review {
                    s.push(Scope::PipedReview);
                }
                if self.step == Step::Review {
                    s.extend(super::steps::review_grants::scopes(self));
                }
                s.push(step);
                s.push(Scope::Global);
                s
            }
        };
        Context { scopes, text_focus }
    }

    /// The rows of the actions step, in display order.
    pub fn action_rows(&self) -> Vec<ActionRow> {
        self.actions.rows()
    }

    /// The region entry under the cursor.
    pub fn highlighted_region(&self) -> Option<&RegionEntry> {
        self.region.highlighted()
    }
}

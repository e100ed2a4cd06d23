//! The wizard as a state machine: state, actions, keymap and `update`. No terminal needed.

pub mod access;
pub mod action;
mod bindings;
mod bindings_popups;
pub mod cache;
mod deliver;
pub mod documents;
pub mod focus;
pub mod input;
pub mod keymap;
mod mouse;
mod popups;
pub mod prefill;
pub mod public;
pub mod recipe;
pub mod regions;
mod repos;
pub mod state;
pub mod steps;
pub mod update;
pub mod wrap_cache;

pub use action::{Action, CopyMethod, Delivery, Effect, SaveFailure, SavedFile};
pub use state::{App, Popup, Step};
pub use update::update;

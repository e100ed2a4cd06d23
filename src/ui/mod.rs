//! Views: draw `&App` into a frame. They never change state and never do I/O.

pub mod access;
pub mod details;
pub mod fields;
pub mod footer;
pub mod help;
pub mod layout;
pub mod mouse;
pub mod pick;
pub mod preview;
pub mod recipe;
pub mod review;
pub mod review_grants;
pub mod rows;
pub mod theme;
pub mod toggles;
pub mod who;
pub mod widgets;
pub mod wrap;

pub use layout::render;
pub use theme::Theme;

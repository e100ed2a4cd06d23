//! One sub-state per wizard step, each with the focus and scroll state of its own pane.

pub mod account;
pub mod actions;
pub mod region;
pub mod repos;
pub mod review;
pub mod review_grants;
pub mod who;

pub use account::AccountStep;
pub use actions::ActionsStep;
pub use region::RegionStep;
pub use repos::ReposStep;
pub use review::{PreviewPane, ReviewStep};
pub use review_grants::GrantList;

/// Moves a list cursor by `delta`, clamped to `len` rows.
pub(crate) fn clamp_move(cur: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        0
    } else {
        cur.saturating_add_signed(delta).min(len - 1)
    }
}

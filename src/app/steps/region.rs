//! The region step: the search field, the filtered list with its cursor, and the chosen region.

use crate::policy::spec::region::RegionChoice;

use super::super::input::TextInput;
use super::super::regions::{
    RegionEntry, RegionMatch, filter_regions, region_entries, search_regions,
};
use super::clamp_move;

/// The region step's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionStep {
    /// Every row the list can show.
    pub entries: Vec<RegionEntry>,
    pub query: TextInput,
    /// The rows matching the query, best first.
    pub matches: Vec<RegionMatch>,
    /// Index into `matches`.
    pub cursor: usize,
    pub choice: Option<RegionChoice>,
}

impl Default for RegionStep {
    fn default() -> Self {
        let entries = region_entries();
        let matches = filter_regions(&entries, "");
        RegionStep {
            entries,
            query: TextInput::default(),
            matches,
            cursor: 0,
            choice: None,
        }
    }
}

impl RegionStep {
    /// Filters again after the query changed; the cursor goes to the top (or the choice).
    pub fn refilter(&mut self) {
        self.matches = search_regions(&mut self.entries, self.query.text());
        self.cursor = 0;
        self.point_at_choice();
    }

    /// With an empty search, the list cursor rests on the chosen region, so Enter keeps it.
    pub fn point_at_choice(&mut self) {
        let Some(chosen) = &self.choice else { return };
        if !self.query.is_empty() {
            return;
        }
        let found = self.matches.iter().position(|m| {
            self.entries
                .get(m.index)
                .is_some_and(|e| e.code() == chosen.code && e.partition.arn == chosen.partition.arn)
        });
        if let Some(i) = found {
            self.cursor = i;
        }
    }

    /// The region entry under the cursor.
    pub fn highlighted(&self) -> Option<&RegionEntry> {
        self.matches
            .get(self.cursor)
            .and_then(|m| self.entries.get(m.index))
    }

    /// Moves the list cursor.
    pub fn move_cursor(&mut self, delta: isize) {
        self.cursor = clamp_move(self.cursor, delta, self.matches.len());
    }
}

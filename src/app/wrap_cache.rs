//! Where a view keeps how it last wrapped a text, so an unchanged text at an unchanged width is
//! not wrapped again on the next frame (the state holds it, the view fills it, as `max_scroll`).

use std::cell::RefCell;
use std::rc::Rc;

/// How one source line breaks into rows: the byte offsets where the rows after the first start,
/// and the indent (in columns) those continuation rows get.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineBreaks {
    /// Byte offsets into the line where continuation rows start.
    pub cuts: Vec<usize>,
    /// Columns of indent on continuation rows.
    pub indent: usize,
}

impl LineBreaks {
    /// The rows this line takes.
    pub fn rows(&self) -> usize {
        self.cuts.len() + 1
    }
}

#[derive(Debug)]
struct Entry {
    source: String,
    width: u16,
    lines: Rc<[LineBreaks]>,
}

/// A view's memo of the breaks of a text at a width. It is not part of the state's identity:
/// a clone starts empty and any two compare equal, so state comparisons ignore it.
#[derive(Debug, Default)]
pub struct WrapCache(RefCell<Option<Entry>>);

impl WrapCache {
    /// The breaks of `source` at `width`, from `wrap` only when either changed since the last
    /// call (`source` is the whole plain text the breaks are computed from).
    pub fn breaks(
        &self,
        source: &str,
        width: u16,
        wrap: impl FnOnce() -> Vec<LineBreaks>,
    ) -> Rc<[LineBreaks]> {
        if let Ok(slot) = self.0.try_borrow()
            && let Some(e) = slot.as_ref()
            && e.width == width
            && e.source == source
        {
            return Rc::clone(&e.lines);
        }
        let lines: Rc<[LineBreaks]> = wrap().into();
        if let Ok(mut slot) = self.0.try_borrow_mut() {
            *slot = Some(Entry {
                source: source.to_owned(),
                width,
                lines: Rc::clone(&lines),
            });
        }
        lines
    }
}

impl Clone for WrapCache {
    fn clone(&self) -> Self {
        WrapCache::default()
    }
}

impl PartialEq for WrapCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for WrapCache {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn one(n: usize) -> Vec<LineBreaks> {
        vec![LineBreaks {
            cuts: vec![n],
            indent: 0,
        }]
    }

    #[test]
    fn wraps_again_only_when_the_text_or_width_changes() {
        let cache = WrapCache::default();
        let calls = Cell::new(0);
        let wrap = |n| {
            calls.set(calls.get() + 1);
            one(n)
        };
        assert_eq!(cache.breaks("abc", 10, || wrap(1))[0].cuts, [1]);
        assert_eq!(cache.breaks("abc", 10, || wrap(2))[0].cuts, [1]);
        assert_eq!(calls.get(), 1);
        assert_eq!(cache.breaks("abc", 11, || wrap(3))[0].cuts, [3]);
        assert_eq!(cache.breaks("abd", 11, || wrap(4))[0].cuts, [4]);
        assert_eq!(calls.get(), 3);
    }

    #[test]
    fn a_clone_starts_empty_and_caches_compare_equal() {
        let cache = WrapCache::default();
        cache.breaks("abc", 10, || one(1));
        let copy = cache.clone();
        assert_eq!(copy.breaks("abc", 10, || one(9))[0].cuts, [9]);
        assert_eq!(cache, copy);
    }
}

//! Key hints in the views come from the keymap.

/// Phrases of key hints that were once typed by hand in a view; each now comes from the keymap.
const HAND_TYPED: [&str; 9] = [
    "←/→ o",
    "Space toggles",
    "a expands",
    "Enter to go on",
    "press Enter",
    "Enter on an empty field",
    "↑ edits the list",
    "Space on an action",
    "↑/↓ previous",
];

#[test]
fn views_type_no_key_hints_by_hand() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/ui");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        for phrase in HAND_TYPED {
            assert!(
                !source.contains(phrase),
                "{} types the key hint {phrase:?} by hand",
                path.display()
            );
        }
    }
}

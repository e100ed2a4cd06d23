//! Key hints in the views come from the keymap.

/// Phrases of key hints that were once typed by hand in a view; each now comes from the keymap.
const HAND_TYPED: [&str; 11] = [
    "←/→ o",
    "Space toggles",
    "a expands",
    "Enter to go on",
    "press Enter",
    "Enter on an empty field",
    "↑ edits the list",
    "Space on an action",
    "↑/↓ previous",
    "Ctrl-",
    "Esc back to it",
];

/// Views and the state machine's status messages (`src/ui`, `src/app`), comments aside.
#[test]
fn views_type_no_key_hints_by_hand() {
    let dirs = [
        concat!(env!("CARGO_MANIFEST_DIR"), "/src/ui"),
        concat!(env!("CARGO_MANIFEST_DIR"), "/src/app"),
        concat!(env!("CARGO_MANIFEST_DIR"), "/src/app/steps"),
    ];
    let files = dirs.iter().flat_map(|d| std::fs::read_dir(d).unwrap());
    for entry in files {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source: String = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for phrase in HAND_TYPED {
            assert!(
                !source.contains(phrase),
                "{} types the key hint {phrase:?} by hand",
                path.display()
            );
        }
    }
}

//! The real binary at 80×24, the size most terminals open at: the Review summary of what the
//! policy allows is on screen and the rest scrolls into view; Ctrl-C prints the unsaved policy.

use crate::support::e2e::TIMEOUT;
use crate::support::e2e::pty::Pty;

const ARGS: [&str; 6] = [
    "--region",
    "ap-northeast-1",
    "--account",
    "123456789012",
    "--repo",
    "web",
];

#[test]
fn review_summary_and_its_end_are_reachable_at_80x24() {
    let mut pty = Pty::spawn_sized(&ARGS, &[], 24, 80);
    pty.wait_for("6 Review", TIMEOUT);
    pty.wait_for("Anyone with this policy", TIMEOUT);
    pty.wait_for("↓ more", TIMEOUT);
    pty.send(&"j".repeat(30));
    pty.wait_for("Tag condition", TIMEOUT);
    pty.wait_gone("↓ more", TIMEOUT);
    // The policy tab.
    pty.send("\x0f");
    pty.wait_for("\"Version\": \"2012-10-17\"", TIMEOUT);

    // Nothing was saved or copied: Ctrl-C quits at once, interrupted (130), and prints the
    // policy afterwards.
    pty.send("\x03");
    let status = pty.wait_exit(TIMEOUT);
    assert_eq!(status.exit_code(), 130, "{status:?}");
    // Printed after the terminal was restored: main screen, cursor shown, then the policy.
    let raw = String::from_utf8_lossy(&pty.raw()).into_owned();
    let leave = raw.rfind("\x1b[?1049l").expect("left the alternate screen");
    let after = &raw[leave..];
    let shown = after.find("\x1b[?25h").expect("cursor shown again");
    let printed = after.find("not saved or copied").unwrap_or(0);
    assert!(shown < printed, "{after}");
    assert!(
        !after.contains("\x1b[?1049h"),
        "no way back into the alternate screen"
    );
    assert!(after.contains("not saved or copied"), "{after}");
    assert!(
        after.contains("arn:aws:ecr:ap-northeast-1:123456789012:repository/web"),
        "{after}"
    );
}

//! Copying: the system clipboard through arboard (served by a small detached helper process on
//! Linux/BSD so the text outlives the wizard), else an OSC 52 escape written to the terminal.

use std::io::{self, Write};

use base64::Engine as _;

use crate::app::CopyMethod;

/// The hidden subcommand that serves the clipboard after the wizard exits.
pub const SERVE_ARG: &str = "__serve-clipboard";

/// The OSC 52 sequence that asks the terminal to put `text` on the clipboard.
/// Plain (no tmux passthrough): tmux with `set-clipboard on` forwards it itself.
pub fn osc52_sequence(text: &str) -> String {
    format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(text)
    )
}

/// Writes the OSC 52 sequence to the terminal.
pub fn copy_osc52(text: &str, out: &mut impl Write) -> io::Result<()> {
    out.write_all(osc52_sequence(text).as_bytes())?;
    out.flush()
}

fn env_set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty())
}

/// Whether a system clipboard is worth trying: not over SSH, and on X11/Wayland systems
/// only with a display.
pub fn system_clipboard_likely() -> bool {
    if env_set("SSH_TTY") || env_set("SSH_CONNECTION") {
        return false;
    }
    if cfg!(any(target_os = "macos", target_os = "windows")) {
        return true;
    }
    env_set("DISPLAY") || env_set("WAYLAND_DISPLAY")
}

/// Copies `text`: system clipboard first where it makes sense, then OSC 52 to `term`.
pub fn copy(text: &str, term: &mut impl Write) -> Result<CopyMethod, String> {
    let mut why = String::new();
    if system_clipboard_likely() {
        match copy_system(text) {
            Ok(()) => return Ok(CopyMethod::System),
            Err(e) => why = format!("system clipboard: {e}; "),
        }
    }
    copy_osc52(text, term)
        .map(|()| CopyMethod::Osc52)
        .map_err(|e| format!("{why}terminal: {e}"))
}

#[cfg(any(target_os = "macos", target_os = "windows"))]
fn copy_system(text: &str) -> Result<(), String> {
    arboard::Clipboard::new()
        .and_then(|mut c| c.set_text(text.to_string()))
        .map_err(|e| e.to_string())
}

/// On X11/Wayland the owner must stay alive to serve pastes, so a detached copy of this
/// binary takes the text and serves it until another program takes the clipboard over.
#[cfg(not(any(target_os = "macos", target_os = "windows")))]
fn copy_system(text: &str) -> Result<(), String> {
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};
    use std::sync::mpsc;
    use std::time::Duration;

    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut child = Command::new(exe)
        .arg(SERVE_ARG)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("could not start the clipboard helper: {e}"))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or("no pipe to the clipboard helper")?;
    stdin
        .write_all(text.as_bytes())
        .map_err(|e| e.to_string())?;
    drop(stdin);
    let stdout = child
        .stdout
        .take()
        .ok_or("no pipe from the clipboard helper")?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    match rx.recv_timeout(Duration::from_secs(3)) {
        Ok(line) if line.trim() == "ok" => {
            // The helper serves until another program takes the clipboard, often after the
            // wizard ends; while the wizard runs, reap it when it ends, so no zombie waits.
            std::thread::spawn(move || {
                let _ = child.wait();
            });
            Ok(())
        }
        Ok(line) => {
            let _ = child.wait();
            let msg = line.trim().trim_start_matches("err:").trim();
            Err(if msg.is_empty() {
                "the clipboard helper stopped".into()
            } else {
                msg.to_string()
            })
        }
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            Err("the clipboard helper did not answer".into())
        }
    }
}

/// The helper process: reads the text from stdin, takes the clipboard, says "ok", then serves
/// the text until another program owns the clipboard or the display goes away.
pub fn serve(out: &mut impl Write) -> i32 {
    let mut text = String::new();
    if let Err(e) = io::Read::read_to_string(&mut io::stdin(), &mut text) {
        let _ = writeln!(out, "err: {e}");
        return 1;
    }
    // A closed terminal must not take the clipboard with it.
    let _ = signal_hook::flag::register(signal_hook::consts::SIGHUP, std::sync::Arc::default());
    // Watching starts before "ok", so a display that goes away right after is noticed.
    let (done, ended) = std::sync::mpsc::channel();
    watch_display(done.clone());
    let mut clipboard = match arboard::Clipboard::new() {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(out, "err: {e}");
            return 1;
        }
    };
    if let Err(e) = clipboard.set_text(text.clone()) {
        let _ = writeln!(out, "err: {e}");
        return 1;
    }
    let _ = writeln!(out, "ok");
    let _ = out.flush();
    serve_until_taken(clipboard, text, done);
    let _ = ended.recv();
    0
}

/// Sends on `gone` when the X server goes away, seen through a connection of our own:
/// arboard's wait for a new clipboard owner never returns then.
#[cfg(all(
    unix,
    not(any(target_os = "macos", target_os = "android", target_os = "emscripten"))
))]
fn watch_display(gone: std::sync::mpsc::Sender<()>) {
    if let Ok((conn, _)) = x11rb::connect(None) {
        std::thread::spawn(move || {
            use x11rb::connection::Connection as _;
            while conn.wait_for_event().is_ok() {}
            let _ = gone.send(());
        });
    }
}

/// Serves the text in the background; sends on `taken` when another program owns the clipboard.
#[cfg(all(
    unix,
    not(any(target_os = "macos", target_os = "android", target_os = "emscripten"))
))]
fn serve_until_taken(
    mut clipboard: arboard::Clipboard,
    text: String,
    taken: std::sync::mpsc::Sender<()>,
) {
    use arboard::SetExtLinux;
    std::thread::spawn(move || {
        let _ = clipboard.set().wait().text(text);
        let _ = taken.send(());
    });
}

#[cfg(not(all(
    unix,
    not(any(target_os = "macos", target_os = "android", target_os = "emscripten"))
)))]
fn watch_display(_gone: std::sync::mpsc::Sender<()>) {}

/// Elsewhere the system keeps the copied text: nothing to serve.
#[cfg(not(all(
    unix,
    not(any(target_os = "macos", target_os = "android", target_os = "emscripten"))
)))]
fn serve_until_taken(
    _clipboard: arboard::Clipboard,
    _text: String,
    done: std::sync::mpsc::Sender<()>,
) {
    let _ = done.send(());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_bytes_are_exact() {
        let mut out = Vec::new();
        copy_osc52("{\"a\":1}", &mut out).unwrap();
        assert_eq!(out, b"\x1b]52;c;eyJhIjoxfQ==\x07");
    }

    #[test]
    fn osc52_encodes_unicode_and_newlines() {
        let seq = osc52_sequence("é\n");
        assert_eq!(seq, "\x1b]52;c;w6kK\x07");
    }
}

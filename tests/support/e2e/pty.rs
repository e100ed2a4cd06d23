//! A pseudo-terminal test harness: runs the binary at 120x40 with a minimal environment, feeds
//! its output to a vt100 parser, answers cursor queries, and checks the terminal is restored.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use tempfile::TempDir;

use super::BIN;

pub const ROWS: u16 = 40;
pub const COLS: u16 = 120;

/// Device status report: "where is the cursor?" (crossterm asks it, vt100 does not answer).
const CURSOR_QUERY: &str = "\x1b[6n";

/// Everything the binary wrote, raw and as parsed by a terminal emulator.
pub struct Output {
    raw: Vec<u8>,
    parser: vt100::Parser,
    /// The reader saw end of file: every process holding the terminal is gone.
    closed: bool,
}

impl Output {
    fn feed(&mut self, bytes: &[u8]) {
        self.raw.extend_from_slice(bytes);
        self.parser.process(bytes);
    }
}

/// The binary running in a pseudo-terminal, with its own temporary HOME and working folder.
/// Dropping it kills the process if it is still running.
pub struct Pty {
    master: Box<dyn MasterPty + Send>,
    /// Shared with the reader thread, which answers the terminal queries.
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    output: Arc<Mutex<Output>>,
    root: TempDir,
}

impl Pty {
    /// Starts the wizard with `args`; `env` adds variables (e.g. `DISPLAY`) to a minimal
    /// environment of `PATH`, `HOME` and `TERM`, so no `DISPLAY`, `WAYLAND_DISPLAY`, `SSH_TTY`
    /// or `NO_COLOR` leaks in from the machine running the tests.
    pub fn spawn(args: &[&str], env: &[(&str, &str)]) -> Pty {
        Pty::spawn_sized(args, env, ROWS, COLS)
    }

    /// [`Pty::spawn`] in a terminal of `rows`×`cols` (the status-line helper assumes the
    /// default size).
    pub fn spawn_sized(args: &[&str], env: &[(&str, &str)], rows: u16, cols: u16) -> Pty {
        let root = tempfile::tempdir().expect("temporary folder");
        let home = root.path().join("home");
        let work = root.path().join("work");
        std::fs::create_dir(&home).unwrap();
        std::fs::create_dir(&work).unwrap();

        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(args);
        cmd.env_clear();
        cmd.env("PATH", std::env::var_os("PATH").unwrap_or_default());
        cmd.env("HOME", &home);
        cmd.env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.cwd(&work);
        let child = pair.slave.spawn_command(cmd).expect("start ecr-policy");
        // Only the child may hold the terminal's other end, so that reading ends when it exits.
        drop(pair.slave);

        let output = Arc::new(Mutex::new(Output {
            raw: Vec::new(),
            parser: vt100::Parser::new(rows, cols, 0),
            closed: false,
        }));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = Arc::new(Mutex::new(pair.master.take_writer().unwrap()));
        let sink = Arc::clone(&output);
        let answer = Arc::clone(&writer);
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            // Bytes not yet parsed: they may end with the start of a cursor-position query.
            let mut carry = Vec::new();
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        carry.extend_from_slice(&buf[..n]);
                        let mut out = sink.lock().unwrap();
                        while let Some(i) = find_from(&carry, 0, CURSOR_QUERY) {
                            let query_end = i + CURSOR_QUERY.len();
                            out.feed(&carry[..query_end]);
                            carry.drain(..query_end);
                            // Answer like a real terminal: ratatui asks where the cursor is.
                            let (row, col) = out.parser.screen().cursor_position();
                            let reply = format!("\x1b[{};{}R", row + 1, col + 1);
                            let mut w = answer.lock().unwrap();
                            let _ = w.write_all(reply.as_bytes()).and_then(|()| w.flush());
                        }
                        let keep = (1..CURSOR_QUERY.len())
                            .rev()
                            .find(|k| carry.ends_with(&CURSOR_QUERY.as_bytes()[..*k]))
                            .unwrap_or(0);
                        let ready = carry.len() - keep;
                        out.feed(&carry[..ready]);
                        carry.drain(..ready);
                    }
                }
            }
            let mut out = sink.lock().unwrap();
            out.feed(&carry);
            out.closed = true;
        });
        Pty {
            master: pair.master,
            writer,
            child,
            output,
            root,
        }
    }

    /// The temporary folder holding HOME and the working folder; free for other files.
    pub fn dir(&self) -> &Path {
        self.root.path()
    }

    /// Types raw bytes: "\r" is Enter, "\x1b" Esc, "\x03" Ctrl-C and so on.
    pub fn send(&mut self, keys: &str) {
        let mut w = self.writer.lock().unwrap();
        w.write_all(keys.as_bytes()).expect("write to the terminal");
        w.flush().unwrap();
    }

    /// The screen as text, one line per row.
    pub fn screen(&self) -> String {
        self.output.lock().unwrap().parser.screen().contents()
    }

    /// The status line (the row above the footer).
    pub fn status_line(&self) -> String {
        let out = self.output.lock().unwrap();
        out.parser
            .screen()
            .rows(0, COLS)
            .nth(usize::from(ROWS - 2))
            .unwrap_or_default()
    }

    pub fn raw(&self) -> Vec<u8> {
        self.output.lock().unwrap().raw.clone()
    }

    /// The screen and the end of the raw output, for failure messages.
    pub fn dump(&self) -> String {
        let out = self.output.lock().unwrap();
        let tail = &out.raw[out.raw.len().saturating_sub(400)..];
        format!(
            "---- screen ----\n{}\n---- last {} of {} raw bytes{} ----\n{:?}\n----",
            out.parser.screen().contents(),
            tail.len(),
            out.raw.len(),
            if out.closed { ", output closed" } else { "" },
            String::from_utf8_lossy(tail),
        )
    }

    /// Polls until `done` holds; on timeout panics naming `what`, with the screen and raw tail.
    pub fn wait_until(&self, what: &str, timeout: Duration, done: impl Fn(&Pty) -> bool) {
        let start = Instant::now();
        while !done(self) {
            assert!(
                start.elapsed() < timeout,
                "timed out after {timeout:?} waiting for {what}\n{}",
                self.dump()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the screen shows `text`.
    pub fn wait_for(&self, text: &str, timeout: Duration) {
        self.wait_until(&format!("{text:?} on the screen"), timeout, |p| {
            p.screen().contains(text)
        });
    }

    /// Waits until the screen no longer shows `text`.
    pub fn wait_gone(&self, text: &str, timeout: Duration) {
        self.wait_until(&format!("{text:?} to disappear"), timeout, |p| {
            !p.screen().contains(text)
        });
    }

    /// Waits until the status line shows every one of `texts`.
    pub fn wait_for_status(&self, texts: &[&str], timeout: Duration) {
        self.wait_until(&format!("{texts:?} on the status line"), timeout, |p| {
            let line = p.status_line();
            texts.iter().all(|t| line.contains(t))
        });
    }

    /// The wizard's process id.
    pub fn process_id(&self) -> u32 {
        self.child.process_id().expect("child pid")
    }

    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().expect("query the child").is_none()
    }

    /// Waits for the process to exit and for its last output to be read.
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("query the child") {
                break status;
            }
            assert!(
                start.elapsed() < timeout,
                "ecr-policy did not exit within {timeout:?}\n{}",
                self.dump()
            );
            thread::sleep(Duration::from_millis(20));
        };
        self.wait_until("the end of the output", timeout, |p| {
            p.output.lock().unwrap().closed
        });
        status
    }

    /// The local-mode flags of the terminal (e.g. `ICANON`, `ECHO`). portable-pty returns a
    /// `nix` termios that this crate cannot name, so the flags are read from its `Debug` text.
    pub fn local_flags(&self) -> Vec<String> {
        let termios = self
            .master
            .get_termios()
            .expect("portable-pty reads termios on Unix");
        let text = format!("{termios:?}");
        let start = text
            .find("local_flags: LocalFlags(")
            .unwrap_or_else(|| panic!("unexpected termios Debug format: {text}"))
            + "local_flags: LocalFlags(".len();
        let end = start + text[start..].find(')').expect("closing parenthesis");
        text[start..end]
            .split('|')
            .map(|f| f.trim().to_string())
            .filter(|f| !f.is_empty())
            .collect()
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

pub fn cooked(flags: &[String]) -> bool {
    ["ICANON", "ECHO", "ISIG"]
        .iter()
        .all(|f| flags.iter().any(|g| g == f))
}

pub fn find_last(haystack: &[u8], needle: &str) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w == needle.as_bytes())
}

pub fn find_from(haystack: &[u8], from: usize, needle: &str) -> Option<usize> {
    haystack[from..]
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
        .map(|i| i + from)
}

pub fn contains(haystack: &[u8], needle: &str) -> bool {
    find_last(haystack, needle).is_some()
}

/// After exit: main screen back, cursor shown, mouse and bracketed paste off, cooked mode.
pub fn assert_terminal_restored(pty: &Pty) {
    let raw = pty.raw();
    // At most the last 600 bytes from `from`: enough to see what the wizard wrote last.
    let tail_of = |from: usize| {
        String::from_utf8_lossy(&raw[from.max(raw.len().saturating_sub(600))..]).into_owned()
    };
    let enter = find_last(&raw, "\x1b[?1049h").expect("the wizard entered the alternate screen");
    let leave = find_from(&raw, enter, "\x1b[?1049l").unwrap_or_else(|| {
        panic!(
            "no leave-alternate-screen after the last enter; end of the output:\n{:?}",
            tail_of(enter)
        )
    });
    for (seq, what) in [
        ("\x1b[?2004l", "bracketed paste off"),
        ("\x1b[?1000l", "mouse button reports off"),
        ("\x1b[?1002l", "mouse drag reports off"),
        ("\x1b[?1003l", "mouse motion reports off"),
        ("\x1b[?1006l", "SGR mouse encoding off"),
    ] {
        assert!(
            find_from(&raw, enter, seq).is_some(),
            "{what} ({seq:?}) missing after the last enter; end of the output:\n{:?}",
            tail_of(enter)
        );
    }
    let show = find_last(&raw, "\x1b[?25h").expect("the cursor is shown again");
    assert!(
        show > leave,
        "the cursor must be shown after leaving the alternate screen; output from leaving:\n{:?}",
        tail_of(leave)
    );
    assert!(
        find_last(&raw, "\x1b[?25l").is_none_or(|hide| hide < show),
        "the cursor is hidden again after being shown"
    );
    assert!(
        raw.len() - show < 512,
        "show-cursor is not near the end; output after it:\n{:?}",
        tail_of(show)
    );

    let out = pty.output.lock().unwrap();
    let screen = out.parser.screen();
    assert!(!screen.alternate_screen(), "still on the alternate screen");
    assert!(!screen.hide_cursor(), "cursor still hidden");
    assert!(!screen.bracketed_paste(), "bracketed paste still on");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse reporting still on"
    );
    drop(out);

    let flags = pty.local_flags();
    assert!(
        cooked(&flags),
        "terminal not back in cooked mode: {flags:?}"
    );
}

/// Starts the wizard, sends it `signal` (`INT`, `QUIT`, `TERM`, `HUP`) with `kill`, and checks
/// that it exits with `code` (128 + the signal, as shells report it) with the terminal restored.
pub fn assert_signal_ends_wizard_cleanly(signal: &str, first_screen: &str, code: u32) {
    let mut pty = Pty::spawn(&[], &[]);
    pty.wait_for(first_screen, super::TIMEOUT);
    let pid = pty.process_id();
    let sent = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(sent.success(), "kill -{signal} {pid} failed");
    let status = pty.wait_exit(super::TIMEOUT);
    assert_eq!(
        status.exit_code(),
        code,
        "kill -{signal}: exit status {status:?}"
    );
    assert_terminal_restored(&pty);
}

//! A throwaway X server (Xvfb) and `xclip`, to check what reaches the system clipboard.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::{BIN, TIMEOUT};

/// A virtual X server on a free display; dropping it stops any clipboard helper the wizard
/// left serving that display, then the server.
pub struct Xvfb {
    child: std::process::Child,
    number: u64,
    pub display: String,
}

impl Xvfb {
    pub fn start() -> Xvfb {
        let seed = RandomState::new().build_hasher().finish();
        for attempt in 0..20 {
            let n = 90 + (seed.wrapping_add(attempt) % 400);
            let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
            if socket.exists() || Path::new(&format!("/tmp/.X{n}-lock")).exists() {
                continue;
            }
            let child = Command::new("Xvfb")
                .args([format!(":{n}").as_str(), "-nolisten", "tcp"])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start Xvfb");
            let mut server = Xvfb {
                child,
                number: n,
                display: format!(":{n}"),
            };
            let start = Instant::now();
            loop {
                // Ready once the socket is there and the lock names our server, not a rival's.
                if server.owns_lock() && socket.exists() {
                    return server;
                }
                if server.child.try_wait().unwrap().is_some() {
                    break; // taken meanwhile; try another number
                }
                assert!(
                    start.elapsed() < TIMEOUT,
                    "Xvfb :{n} did not start within {TIMEOUT:?}"
                );
                thread::sleep(Duration::from_millis(20));
            }
        }
        panic!("no free X display found for Xvfb");
    }

    fn lock_file(&self) -> PathBuf {
        PathBuf::from(format!("/tmp/.X{}-lock", self.number))
    }

    fn socket_file(&self) -> PathBuf {
        PathBuf::from(format!("/tmp/.X11-unix/X{}", self.number))
    }

    /// Whether the display's lock file names our server (Xvfb writes its pid there).
    fn owns_lock(&self) -> bool {
        std::fs::read_to_string(self.lock_file())
            .is_ok_and(|l| l.trim() == self.child.id().to_string())
    }

    /// Clipboard helpers (`ecr-policy __serve-clipboard`) serving this display.
    pub fn helpers(&self) -> Vec<u32> {
        let exe = std::fs::canonicalize(BIN).unwrap_or_else(|_| PathBuf::from(BIN));
        let wanted_env = format!("DISPLAY={}", self.display);
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        entries
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
            .filter(|pid| {
                let proc_dir = PathBuf::from(format!("/proc/{pid}"));
                let is_ours = std::fs::read_link(proc_dir.join("exe")).is_ok_and(|p| p == exe);
                let serving = std::fs::read(proc_dir.join("cmdline"))
                    .is_ok_and(|c| c.split(|b| *b == 0).any(|a| a == b"__serve-clipboard"));
                let on_display = std::fs::read(proc_dir.join("environ"))
                    .is_ok_and(|e| e.split(|b| *b == 0).any(|v| v == wanted_env.as_bytes()));
                is_ours && serving && on_display
            })
            .collect()
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        for pid in self.helpers() {
            let _ = Command::new("kill")
                .arg(pid.to_string())
                .stderr(Stdio::null())
                .status();
        }
        // SIGTERM lets Xvfb remove its socket and lock file; SIGKILL would leave them behind.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .stderr(Stdio::null())
            .status();
        let start = Instant::now();
        while matches!(self.child.try_wait(), Ok(None)) && start.elapsed() < Duration::from_secs(3)
        {
            thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        if self.owns_lock() {
            let _ = std::fs::remove_file(self.socket_file());
            let _ = std::fs::remove_file(self.lock_file());
        }
    }
}

pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// Runs `xclip -o -selection clipboard` on `display`, killing it if it hangs.
pub fn xclip_read(display: &str) -> Option<String> {
    let mut child = Command::new("xclip")
        .args(["-o", "-selection", "clipboard"])
        .env("DISPLAY", display)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start xclip");
    let mut stdout = child.stdout.take().unwrap();
    let reader = thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stdout.read_to_end(&mut text);
        text
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(3) {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        thread::sleep(Duration::from_millis(20));
    };
    let text = reader.join().unwrap();
    status
        .success()
        .then(|| String::from_utf8_lossy(&text).into_owned())
}

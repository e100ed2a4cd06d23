//! A pseudo-terminal whose far end the test can close: any program (e.g. `sh -c` to redirect
//! the wizard's standard output) at 80x24, its output parsed by vt100. Unlike the shared
//! harness, the reader thread can be stopped, so that dropping the master really closes the
//! terminal under the running process.

use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

use crate::support::e2e::TIMEOUT;

pub const ROWS: u16 = 24;
pub const COLS: u16 = 80;

pub struct BarePty {
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    pub child: Box<dyn Child + Send + Sync>,
    screen: Arc<Mutex<vt100::Parser>>,
    stop: Arc<AtomicBool>,
    reader_done: mpsc::Receiver<()>,
    /// HOME and the working folder.
    pub home: tempfile::TempDir,
}

impl BarePty {
    /// Starts `program args` on a new terminal that becomes its controlling terminal, in a
    /// minimal environment (PATH, HOME, TERM). `keys`: whether the test will type (taking
    /// the writer; portable-pty sends a newline and EOF to the terminal when it is dropped).
    pub fn spawn(program: &str, args: &[&str], keys: bool) -> BarePty {
        BarePty::spawn_with_env(program, args, keys, &[])
    }

    /// [`BarePty::spawn`] with `env` added to the minimal environment.
    pub fn spawn_with_env(
        program: &str,
        args: &[&str],
        keys: bool,
        env: &[(&str, &str)],
    ) -> BarePty {
        let home = tempfile::tempdir().unwrap();
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env_clear();
        cmd.env("PATH", std::env::var_os("PATH").unwrap_or_default());
        cmd.env("HOME", home.path());
        cmd.env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.cwd(home.path());
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = keys.then(|| pair.master.take_writer().unwrap());
        let screen = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let stop = Arc::new(AtomicBool::new(false));
        let (done, reader_done) = mpsc::channel();
        let (sink, stopped) = (Arc::clone(&screen), Arc::clone(&stop));
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
            drop(reader);
            let _ = done.send(());
        });
        BarePty {
            master: Some(pair.master),
            writer,
            child,
            screen,
            stop,
            reader_done,
            home,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().unwrap()
    }

    pub fn screen(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    pub fn send(&mut self, keys: &str) {
        let w = self.writer.as_mut().expect("spawned with keys");
        w.write_all(keys.as_bytes()).unwrap();
        w.flush().unwrap();
    }

    pub fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while !self.screen().contains(text) {
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {text:?}\n{}",
                self.screen()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Closes the terminal's far end, like a closed window or a dropped SSH connection. The
    /// reader thread holds a copy of the master, so it is stopped first: `wake` makes the
    /// program write something (the thread only notices the stop after a read returns).
    pub fn hang_up(&mut self, wake: impl Fn()) {
        self.stop.store(true, Ordering::SeqCst);
        let start = Instant::now();
        while self
            .reader_done
            .recv_timeout(Duration::from_millis(500))
            .is_err()
        {
            assert!(start.elapsed() < TIMEOUT, "the reader thread did not stop");
            wake();
        }
        self.writer = None;
        self.master = None;
    }

    /// Waits for the process to end; returns its exit code and how long that took.
    pub fn wait_exit(&mut self, timeout: Duration) -> (u32, Duration) {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (status.exit_code(), start.elapsed());
            }
            assert!(
                start.elapsed() < timeout,
                "still running after {timeout:?}\n{}",
                self.screen()
            );
            thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for BarePty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Whether a process has ended (gone, or a zombie nobody reaped yet).
pub fn ended(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).map_or(true, |s| {
        s.rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_none_or(|state| state == "Z" || state == "X")
    })
}

/// Sends a signal with `kill`.
pub fn kill(signal: &str, pid: u32) {
    let status = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill -{signal} {pid}");
}

/// Waits until process `pid` (not necessarily our child) has ended.
pub fn wait_until_ended(pid: u32) {
    let start = Instant::now();
    while !ended(pid) {
        assert!(
            start.elapsed() < TIMEOUT,
            "process {pid} still runs {TIMEOUT:?} after its terminal closed"
        );
        thread::sleep(Duration::from_millis(10));
    }
}

#!/usr/bin/env python3
"""Start-up to first frame: spawns the release binary in a 200x60 pseudo-terminal and times
fork -> the first full frame written (the footer row, then the cursor shown or hidden at the
end of the draw). Prints the median over N runs. With --rss, runs the wizard under /usr/bin/time -v,
quits it with Ctrl-C after the first frame, and prints its peak memory (max RSS) instead.

Usage:
  cargo build --release
  python3 benches/first_frame.py [--runs 50] [--bin target/release/ecr-policy] [--rss]
                                 [-- wizard args, e.g. --region us-east-1 --account 123456789012 --repo app]

Measurement only (not run by CI or cargo test). Standard library only; Linux/macOS.
"""

import argparse
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time

ROWS, COLS = 60, 200
# The footer is the last row; the frame ends with the cursor shown (a text field has focus)
# or hidden (none has) after it.
FOOTER = f"\x1b[{ROWS};".encode()
CURSOR_SHOWN_OR_HIDDEN = (b"\x1b[?25h", b"\x1b[?25l")
TIMEOUT_S = 10.0


def spawn(argv):
    """Fork with a pseudo-terminal of ROWS x COLS; returns (pid, master fd)."""
    pid, fd = pty.fork()
    if pid == 0:
        # The child's stdin is the terminal: size it before exec so the first frame is 200x60.
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        env = {"TERM": "xterm-256color", "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
               "HOME": tempfile.gettempdir()}
        os.execve(argv[0], argv, env)
    return pid, fd


def wait_first_frame(fd):
    """Reads until the first full frame is out; returns the bytes read, or None on timeout."""
    buf = b""
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return None
        if not chunk:
            return None
        buf += chunk
        at = buf.find(FOOTER)
        if at >= 0 and any(buf.find(c, at) >= 0 for c in CURSOR_SHOWN_OR_HIDDEN):
            return buf
    return None


def drain_and_reap(pid, fd):
    """Ends the wizard (if still running), reads what is left, and reaps it."""
    try:
        while select.select([fd], [], [], 0.2)[0]:
            if not os.read(fd, 65536):
                break
    except OSError:
        pass
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return status


def one_run(binary, args):
    start = time.perf_counter_ns()
    pid, fd = spawn([binary, *args])
    frame = wait_first_frame(fd)
    elapsed = time.perf_counter_ns() - start
    os.kill(pid, signal.SIGTERM)
    drain_and_reap(pid, fd)
    if frame is None:
        sys.exit(f"no full first frame within {TIMEOUT_S}s")
    return elapsed / 1e6


def rss_run(binary, args):
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        pid, fd = spawn(["/usr/bin/time", "-v", "-o", out.name, binary, *args])
        if wait_first_frame(fd) is None:
            sys.exit(f"no full first frame within {TIMEOUT_S}s")
        os.write(fd, b"\x03")  # Ctrl-C quits at once
        drain_and_reap(pid, fd)
        text = out.read()
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if not m:
        sys.exit(f"no max RSS in /usr/bin/time output:\n{text}")
    return int(m.group(1))


def main():
    argv = sys.argv[1:]
    wizard_args = []
    if "--" in argv:
        i = argv.index("--")
        argv, wizard_args = argv[:i], argv[i + 1:]
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=50)
    p.add_argument("--bin", default="target/release/ecr-policy")
    p.add_argument("--rss", action="store_true", help="peak memory instead of time")
    a = p.parse_args(argv)
    if a.rss:
        kb = [rss_run(a.bin, wizard_args) for _ in range(max(1, min(a.runs, 10)))]
        print(f"wizard start+quit in a {COLS}x{ROWS} PTY: max RSS median "
              f"{statistics.median(kb) / 1024:.1f} MiB (min {min(kb) / 1024:.1f}, "
              f"max {max(kb) / 1024:.1f}, {len(kb)} runs)")
        return
    one_run(a.bin, wizard_args)  # warm the page cache
    ms = sorted(one_run(a.bin, wizard_args) for _ in range(a.runs))
    p90 = ms[min(len(ms) - 1, int(len(ms) * 0.9))]
    print(f"first frame at {COLS}x{ROWS}: median {statistics.median(ms):.2f} ms "
          f"(min {ms[0]:.2f}, p90 {p90:.2f}, max {ms[-1]:.2f}, {len(ms)} runs)")


if __name__ == "__main__":
    main()

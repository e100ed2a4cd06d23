//! Reads `CloudTrail` logs for `--from-cloudtrail` and `check --usage`: files and directories
//! (recursively), standard input, gzip (by its magic bytes), delivered files, `lookup-events`
//! output and the Athena query's CSV. Files are streamed in chunks and read in parallel, so
//! memory stays flat whatever the input size; a progress bar on stderr shows long reads.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use flate2::read::MultiGzDecoder;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::policy::trail::athena::{Header, read_row};
use crate::policy::trail::record::{read_lookup_event, read_record};
use crate::policy::trail::scan::{Item, Splitter};
use crate::policy::trail::{Usage, Window};

/// How much of the input may be held at once. Log files have no size limit: they are
/// streamed; what is limited is one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// A record (or CSV row) larger than this is skipped and counted.
    pub max_record_bytes: usize,
    /// Bytes read from a file at a time.
    pub chunk_bytes: usize,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            // CloudTrail truncates large request parameters; 8 MiB leaves room for any record.
            max_record_bytes: 8 * 1024 * 1024,
            chunk_bytes: 256 * 1024,
        }
    }
}

/// Directories nested deeper than this are not entered.
const MAX_DEPTH: usize = 64;

/// One input to read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Input {
    /// As given or found; `<stdin>` for `-`.
    name: String,
    /// `None` for standard input.
    path: Option<PathBuf>,
    /// Size on disk (compressed for `.gz`), for the progress bar.
    size: u64,
}

/// What reading the logs gave.
#[derive(Debug, Default)]
pub struct ReadReport {
    pub usage: Usage,
    /// Files read (in full or in part).
    pub files: usize,
    /// Bytes of JSON or CSV read, after decompression.
    pub bytes: u64,
    /// Files (or directories) that could not be read, with why.
    pub unreadable: Vec<(String, String)>,
    /// Files that held no `CloudTrail` record.
    pub empty: Vec<String>,
}

impl ReadReport {
    fn merge(mut self, o: ReadReport) -> ReadReport {
        self.usage = self.usage.merge(o.usage);
        self.files += o.files;
        self.bytes += o.bytes;
        self.unreadable.extend(o.unreadable);
        self.empty.extend(o.empty);
        self
    }
}

/// Reads every path (`-` is standard input) into one report; calls outside `window` are
/// counted, not kept. `progress` draws a bar on stderr when it is a terminal.
pub fn read_logs(
    paths: &[String],
    window: &Window,
    limits: ReadLimits,
    stdin: &mut (dyn Read + Send),
    progress: bool,
) -> ReadReport {
    let mut report = ReadReport::default();
    let mut inputs = Vec::new();
    let mut visited = HashSet::new();
    let mut use_stdin = false;
    for p in paths {
        if p == "-" {
            use_stdin = true;
            continue;
        }
        let path = PathBuf::from(p);
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => walk(&path, p, &mut visited, 0, &mut inputs, &mut report),
            Ok(m) if m.is_file() => inputs.push(Input {
                name: p.clone(),
                path: Some(path),
                size: m.len(),
            }),
            Ok(_) => report
                .unreadable
                .push((p.clone(), "is not a regular file or directory".to_string())),
            Err(e) => report
                .unreadable
                .push((p.clone(), format!("could not be read: {e}"))),
        }
    }
    let total: u64 = inputs.iter().map(|i| i.size).sum();
    let bar = progress_bar(progress, total, inputs.len());
    let done = AtomicU64::new(0);
    let events = AtomicU64::new(0);
    if use_stdin {
        let mut one = ReadReport::default();
        read_stream("<stdin>", stdin, window, limits, &mut one);
        report = report.merge(one);
    }
    let files = inputs.len();
    // Each file is read into its own small report and merged into one shared report at once:
    // one map of calls is held, not one per parallel task.
    let shared = Mutex::new(report);
    inputs.par_iter().for_each(|input| {
        let mut one = ReadReport::default();
        read_file(input, window, limits, &bar, &mut one);
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        let e = events.fetch_add(one.usage.ecr_events, Ordering::Relaxed) + one.usage.ecr_events;
        bar.set_message(format!("{n}/{files} files, {e} ECR events"));
        if let Ok(mut all) = shared.lock() {
            let taken = std::mem::take(&mut *all);
            *all = taken.merge(one);
        }
    });
    bar.finish_and_clear();
    shared
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn progress_bar(wanted: bool, total: u64, files: usize) -> ProgressBar {
    if !wanted || !crate::adapters::stdio::stderr_is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} reading CloudTrail logs {bar:30} {bytes}/{total_bytes} ({bytes_per_sec}) {msg}",
    ) {
        bar.set_style(style);
    }
    bar.set_message(format!("0/{files} files"));
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn walk(
    dir: &Path,
    shown: &str,
    visited: &mut HashSet<PathBuf>,
    depth: usize,
    out: &mut Vec<Input>,
    report: &mut ReadReport,
) {
    // A directory seen before (a symlink loop, or given twice) is not read again.
    let Ok(canonical) = std::fs::canonicalize(dir) else {
        return;
    };
    if !visited.insert(canonical) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            report.unreadable.push((
                shown.to_string(),
                format!("could not read the directory: {e}"),
            ));
            return;
        }
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            continue;
        };
        let child = format!("{}/{name}", shown.trim_end_matches('/'));
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            // Digest files prove integrity; they hold no events.
            if name.starts_with('.') || name == "CloudTrail-Digest" {
                continue;
            }
            if depth >= MAX_DEPTH {
                report.unreadable.push((
                    child,
                    format!("nests deeper than {MAX_DEPTH} directories; not entered"),
                ));
                continue;
            }
            walk(&path, &child, visited, depth + 1, out, report);
        } else if meta.is_file() && is_log_name(&name) {
            out.push(Input {
                name: child,
                path: Some(path),
                size: meta.len(),
            });
        }
    }
}

/// The files read in a directory: `.json`, `.json.gz`, `.jsonl`, `.gz` and `.csv`.
fn is_log_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    !lower.starts_with('.')
        && [
            ".json",
            ".json.gz",
            ".jsonl",
            ".jsonl.gz",
            ".gz",
            ".csv",
            ".csv.gz",
        ]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// Counts the bytes read from the file for the progress bar.
struct Counting<'a, R> {
    inner: R,
    bar: &'a ProgressBar,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        Ok(n)
    }
}

fn read_file(
    input: &Input,
    window: &Window,
    limits: ReadLimits,
    bar: &ProgressBar,
    report: &mut ReadReport,
) {
    let Some(path) = &input.path else { return };
    match File::open(path) {
        Ok(f) => {
            let mut counted = Counting { inner: f, bar };
            read_stream(&input.name, &mut counted, window, limits, report);
        }
        Err(e) => report
            .unreadable
            .push((input.name.clone(), format!("could not be read: {e}"))),
    }
}

/// Reads one stream: gzip or not, JSON or CSV.
fn read_stream(
    name: &str,
    raw: &mut dyn Read,
    window: &Window,
    limits: ReadLimits,
    report: &mut ReadReport,
) {
    let mut buffered = BufReader::with_capacity(64 * 1024, raw);
    let gz = match buffered.fill_buf() {
        Ok(head) => head.starts_with(&[0x1f, 0x8b]),
        Err(e) => {
            report
                .unreadable
                .push((name.to_string(), format!("could not be read: {e}")));
            return;
        }
    };
    let mut reader: Box<dyn BufRead + '_> = if gz {
        Box::new(BufReader::with_capacity(
            64 * 1024,
            MultiGzDecoder::new(buffered),
        ))
    } else {
        Box::new(buffered)
    };
    let first = match reader.fill_buf() {
        Ok(head) => head.iter().copied().find(|b| !b.is_ascii_whitespace()),
        Err(e) => {
            report
                .unreadable
                .push((name.to_string(), format!("could not be decompressed: {e}")));
            return;
        }
    };
    report.files += 1;
    let records_before = report.usage.records;
    let result = match first {
        None => Ok(()),
        Some(b'{' | b'[') => read_json(&mut reader, window, limits, report),
        Some(_) => read_csv(&mut reader, window, limits, report),
    };
    if let Err(e) = result {
        report.unreadable.push((name.to_string(), e));
    } else if report.usage.records == records_before {
        report.empty.push(name.to_string());
    }
}

fn read_json(
    reader: &mut dyn BufRead,
    window: &Window,
    limits: ReadLimits,
    report: &mut ReadReport,
) -> Result<(), String> {
    let mut splitter = Splitter::new(limits.max_record_bytes);
    let mut chunk = vec![0; limits.chunk_bytes];
    let usage = &mut report.usage;
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("could not be read to the end: {e}")),
        };
        report.bytes += n as u64;
        splitter.feed(&chunk[..n], &mut |item| match item {
            Item::Record(r) => read_record(r, window, usage),
            Item::LookupEvent(r) => read_lookup_event(r, window, usage),
            Item::Oversized => {
                usage.records += 1;
                usage.skipped.oversized += 1;
            }
        });
    }
    splitter.finish()
}

fn read_csv(
    reader: &mut dyn BufRead,
    window: &Window,
    limits: ReadLimits,
    report: &mut ReadReport,
) -> Result<(), String> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(reader);
    let header = csv
        .headers()
        .map_err(|e| format!("is not CloudTrail JSON or a CSV: {e}"))?;
    let header = Header::parse(header.iter())?;
    let mut row = csv::StringRecord::new();
    let mut first_error: Option<String> = None;
    loop {
        match csv.read_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(format!("is not a readable CSV: {e}")),
        }
        let line = row.position().map_or(0, csv::Position::line);
        report.bytes += row.as_slice().len() as u64;
        if row.as_slice().len() > limits.max_record_bytes {
            report.usage.records += 1;
            report.usage.skipped.oversized += 1;
            continue;
        }
        let fields: Vec<&str> = row.iter().collect();
        if let Err(e) = read_row(&header, &fields, window, &mut report.usage) {
            report.usage.records += 1;
            report.usage.skipped.malformed += 1;
            first_error.get_or_insert(format!("line {line}: {e}"));
        }
    }
    match first_error {
        // The rows that could be read count; the first bad one is named.
        Some(e) => Err(format!("has rows that could not be read (first: {e})")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_names() {
        for ok in [
            "a.json",
            "x_CloudTrail_us-east-1_1.json.gz",
            "r.CSV",
            "e.jsonl",
        ] {
            assert!(is_log_name(ok), "{ok}");
        }
        for no in ["a.tf", ".hidden.json", "notes.txt", "digest.sig"] {
            assert!(!is_log_name(no), "{no}");
        }
    }
}

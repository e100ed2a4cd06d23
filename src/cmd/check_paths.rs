//! `check`'s inputs: files, directories (recursively; readers chosen by extension and content;
//! `--exclude`), standard input. Reads them, checks every policy found, and builds the report.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::args::{CheckArgs, MinSeverity, ReportFormat};
use super::check::{EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNREADABLE, read_input, report};
use super::check_report::{json_report, text_report, unreadable_lines};
use crate::policy::audit::lint::Severity;
use crate::policy::audit::located::{Audit, AuditOptions, Located, Unreadable, audit_source_with};
use crate::policy::audit::sarif::sarif_report;
use crate::policy::import::sources::{FoundPolicy, SourceKind, detect, read_source};
use crate::policy::visible::Visible;

/// Files larger than this are not read (an account dump of 5,000 policies is about 10 MB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Directories nested deeper than this are not entered.
const MAX_DEPTH: usize = 64;
/// The extensions read when walking a directory.
const EXTENSIONS: [&str; 5] = ["tf", "json", "yaml", "yml", "template"];
/// Directories never entered (besides hidden ones).
const SKIP_DIRS: [&str; 1] = ["node_modules"];

/// One file to read.
struct Input {
    /// As given or found (relative paths stay relative); `<stdin>` for `-`.
    name: String,
    path: Option<PathBuf>,
    text: Result<String, String>,
    /// Named on the command line (read even when its kind is not recognised).
    explicit: bool,
}

/// What to print on stdout and stderr, and the exit code.
pub fn run(args: &CheckArgs, stdin: &mut impl Read) -> (String, String, u8) {
    let exclude = match globs(&args.exclude) {
        Ok(g) => g,
        Err(e) => {
            return (
                String::new(),
                format!("error: --exclude: {}\n", Visible(&e.to_string())),
                EXIT_UNREADABLE,
            );
        }
    };
    let format = args.report_format();
    let inputs = collect(&args.paths, &exclude, stdin);
    if let [one] = inputs.as_slice() {
        // One plain policy that cannot be read: the same report as always.
        let plain = one.text.as_ref().map_or(true, |t| {
            detect(&one.name, t, true) == Some(SourceKind::PolicyJson)
                && crate::policy::parse_document(t).is_err()
        });
        if plain && format != ReportFormat::Sarif {
            let arg = if one.path.is_none() { "-" } else { &one.name };
            return report(arg, one.text.as_deref(), format == ReportFormat::Json);
        }
    }
    let mut audit = Audit::default();
    for input in &inputs {
        audit.extend(audit_input(input, args.audit_options()));
    }
    // A JSON file that a Terraform `file("…")` reads is reported under the resource's address;
    // found again on its own in a directory, the same findings without an address are dropped.
    let via_terraform: HashSet<String> = audit
        .findings
        .iter()
        .filter(|f| f.policy.is_some() && f.file.to_ascii_lowercase().ends_with(".json"))
        .map(|f| f.file.clone())
        .collect();
    audit
        .findings
        .retain(|f| f.policy.is_some() || !via_terraform.contains(&f.file));
    let min = match args.min_severity {
        MinSeverity::Note => 2,
        MinSeverity::Warning => 1,
        MinSeverity::Error => 0,
    };
    let shown: Vec<&Located> = audit
        .findings
        .iter()
        .filter(|f| rank(f.severity) <= min)
        .collect();
    let code = if audit.files_read == 0 && !audit.unreadable.is_empty() {
        EXIT_UNREADABLE
    } else if !audit.unreadable.is_empty() || shown.iter().any(|f| f.severity != Severity::Info) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    };
    let single = match args.paths.as_slice() {
        [one] if one == "-" => Some("<stdin>"),
        [one] => Some(one.as_str()),
        _ => None,
    };
    let (out, err) = match format {
        ReportFormat::Text => {
            let out = if audit.policies == 0 && audit.unreadable.is_empty() {
                format!(
                    "No policies found in {}.\n",
                    Visible(&args.paths.join(", "))
                )
            } else if audit.policies == 0 {
                String::new()
            } else {
                text_report(&audit, &shown)
            };
            (out, unreadable_lines(&audit))
        }
        ReportFormat::Json => (json_report(single, &audit, &shown), String::new()),
        ReportFormat::Sarif => (
            sarif_report(&shown, &relative_uri),
            unreadable_lines(&audit),
        ),
    };
    (out, err, code)
}

fn rank(s: Severity) -> u8 {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

fn globs(patterns: &[String]) -> Result<GlobSet, globset::Error> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(Glob::new(p)?);
        // `dir/**` also skips `dir` itself, so the walk does not enter it.
        if let Some(dir) = p.strip_suffix("/**") {
            b.add(Glob::new(dir)?);
        }
    }
    b.build()
}

/// Reads and checks one input.
fn audit_input(input: &Input, options: AuditOptions) -> Audit {
    let text = match &input.text {
        Ok(t) => t,
        Err(msg) => {
            return Audit {
                unreadable: vec![Unreadable {
                    file: input.name.clone(),
                    line: None,
                    column: None,
                    policy: None,
                    message: msg.clone(),
                }],
                ..Audit::default()
            };
        }
    };
    let Some(kind) = detect(&input.name, text, input.explicit) else {
        return Audit::default();
    };
    audit_source_with(
        &input.name,
        &read_source(kind, text, &module_reader(input)),
        options,
    )
}

/// Reads the files a Terraform `file("…")` names, relative to the input's directory: only files
/// inside the module (no absolute paths, no `..`).
fn module_reader(input: &Input) -> impl Fn(&str) -> Option<(String, String)> {
    let dir = input
        .path
        .as_ref()
        .and_then(|p| p.parent())
        .map(Path::to_path_buf);
    let shown_dir = Path::new(&input.name).parent().map(Path::to_path_buf);
    move |rel: &str| {
        let rel_path = Path::new(rel);
        if rel_path.is_absolute()
            || rel_path
                .components()
                .any(|c| matches!(c, Component::ParentDir))
        {
            return None;
        }
        let text = read_file(&dir.as_ref()?.join(rel_path)).ok()?;
        let shown = shown_dir
            .as_ref()
            .map_or_else(|| rel_path.to_path_buf(), |d| d.join(rel_path));
        Some((shown.to_string_lossy().into_owned(), text))
    }
}

/// The policies in one file (or `-`), read as `check` reads it; for `diff`.
pub fn policies_in(name: &str, stdin: &mut impl Read) -> Result<Vec<FoundPolicy>, String> {
    let input = if name == "-" {
        Input {
            name: "<stdin>".to_string(),
            path: None,
            text: read_input("-", stdin),
            explicit: true,
        }
    } else {
        let path = PathBuf::from(name);
        Input {
            name: name.to_string(),
            text: read_file(&path),
            path: Some(path),
            explicit: true,
        }
    };
    let text = input.text.as_ref().map_err(Clone::clone)?;
    let kind = detect(&input.name, text, true).unwrap_or(SourceKind::PolicyJson);
    let src = read_source(kind, text, &module_reader(&input));
    if let Some(d) = src.duplicate_keys.first() {
        return Err(format!("line {}: {}", d.line, d.message()));
    }
    if src.policies.is_empty() {
        return Err(src
            .errors
            .first()
            .map_or_else(|| "holds no policy".to_string(), |e| e.error.to_string()));
    }
    Ok(src.policies)
}

/// Every input file: the paths given, and the files under the directories given.
fn collect(paths: &[String], exclude: &GlobSet, stdin: &mut impl Read) -> Vec<Input> {
    let mut out = Vec::new();
    let mut visited = HashSet::new();
    for p in paths {
        if p == "-" {
            out.push(Input {
                name: "<stdin>".to_string(),
                path: None,
                text: read_input("-", stdin),
                explicit: true,
            });
            continue;
        }
        let path = PathBuf::from(p);
        if path.is_dir() {
            walk(&path, p, exclude, &mut visited, 0, &mut out);
        } else {
            out.push(Input {
                name: p.clone(),
                text: read_file(&path),
                path: Some(path),
                explicit: true,
            });
        }
    }
    out
}

fn walk(
    dir: &Path,
    shown: &str,
    exclude: &GlobSet,
    visited: &mut HashSet<PathBuf>,
    depth: usize,
    out: &mut Vec<Input>,
) {
    // A directory seen before (a symlink loop, or given twice) is not read again.
    let Ok(canonical) = std::fs::canonicalize(dir) else {
        return;
    };
    if !visited.insert(canonical) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        out.push(Input {
            name: shown.to_string(),
            path: Some(dir.to_path_buf()),
            text: Err("could not read the directory".to_string()),
            explicit: true,
        });
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            continue;
        };
        let child = if shown == "." {
            name.clone()
        } else {
            format!("{}/{name}", shown.trim_end_matches('/'))
        };
        if exclude.is_match(&child) || exclude.is_match(&name) {
            continue;
        }
        // Follows symlinks; a dangling one is skipped.
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if name.starts_with('.') || SKIP_DIRS.contains(&name.as_str()) {
                continue;
            }
            if depth >= MAX_DEPTH {
                out.push(Input {
                    name: child,
                    path: Some(path),
                    text: Err(format!(
                        "nests deeper than {MAX_DEPTH} directories; not entered"
                    )),
                    explicit: true,
                });
                continue;
            }
            walk(&path, &child, exclude, visited, depth + 1, out);
        } else if meta.is_file() {
            let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
            if ext.is_some_and(|e| EXTENSIONS.contains(&e.as_str())) {
                out.push(Input {
                    name: child,
                    text: read_file(&path),
                    path: Some(path),
                    explicit: false,
                });
            }
        }
    }
}

/// A file's text, refusing files too large to be policies.
fn read_file(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("could not read the file: {e}"))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "is {} MiB, larger than the {} MiB read at most; not read",
            meta.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    read_input(&path.to_string_lossy(), &mut std::io::empty())
}

/// A file name as a URI relative to the working directory, for SARIF.
pub fn relative_uri(file: &str) -> String {
    if file == "<stdin>" {
        return "stdin".to_string();
    }
    let path = Path::new(file);
    let rel = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    let text = rel.to_string_lossy().replace('\\', "/");
    let text = text.strip_prefix("./").unwrap_or(&text);
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

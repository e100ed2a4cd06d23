//! Checks the policies found in files and places every finding at a file, a line and a policy
//! (Terraform address, `CloudFormation` logical ID, ARN in a dump). Values that could not be
//! resolved offline raise no alarm; a note lists them instead.

use rayon::prelude::*;
use serde::Serialize;

use super::check::{CheckContext, check_document_with};
use super::registry::RegistryScope;
use super::unknown::{SEGMENT_AWARE_CODES, display, is_unknown};
use crate::policy::audit::lint::Severity;
use crate::policy::import::document::{DocKind, parse_document};
use crate::policy::import::sources::{FoundPolicy, SourceFile, UNRESOLVED};

/// One finding, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The file, as given or found (relative paths stay relative).
    pub file: String,
    /// 1-based line of the statement, or of the policy for whole-policy findings.
    pub line: usize,
    /// The policy's address in the file; `None` for a plain policy JSON file.
    pub policy: Option<String>,
    pub code: &'static str,
    pub severity: Severity,
    /// 0-based statement index, `None` for the whole policy.
    pub statement: Option<usize>,
    pub sid: Option<String>,
    pub value: Option<String>,
    pub message: String,
    pub fix: String,
}

/// A file, or a policy in it, that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unreadable {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub policy: Option<String>,
    pub message: String,
}

/// What checking some files gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Audit {
    pub findings: Vec<Located>,
    pub unreadable: Vec<Unreadable>,
    /// How many policies were checked.
    pub policies: usize,
    /// How many files were read (fully or in part).
    pub files_read: usize,
}

impl Audit {
    /// Adds another file's results.
    pub fn extend(&mut self, other: Audit) {
        self.findings.extend(other.findings);
        self.unreadable.extend(other.unreadable);
        self.policies += other.policies;
        self.files_read += other.files_read;
    }
}

/// Findings about the action list that an unknown action could change.
const ACTION_SET_CODES: [&str; 3] = ["push-incomplete", "pull-incomplete", "no-login"];

/// How `check` reads the policies besides what their sources say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AuditOptions {
    /// `--kind`: what every policy whose source does not say is (a plain JSON file).
    pub kind: Option<DocKind>,
    /// `--registry-scope`: the scope registry policies are judged by.
    pub scope: RegistryScope,
}

/// Checks every policy of one file.
pub fn audit_source(file: &str, src: &SourceFile) -> Audit {
    audit_source_with(file, src, AuditOptions::default())
}

/// Checks every policy of one file with the options given.
pub fn audit_source_with(file: &str, src: &SourceFile, options: AuditOptions) -> Audit {
    let mut audit = Audit {
        files_read: 1,
        ..Audit::default()
    };
    for e in &src.errors {
        audit.unreadable.push(Unreadable {
            file: e.file.clone().unwrap_or_else(|| file.to_string()),
            line: e.error.line,
            column: e.error.column,
            policy: e.policy.clone(),
            message: e.error.message.clone(),
        });
    }
    for d in &src.duplicate_keys {
        // Named with the policy it is in (the last one starting above it, else the first),
        // as the file's other findings are.
        let policy = src
            .policies
            .iter()
            .filter(|p| p.line <= d.line)
            .max_by_key(|p| p.line)
            .or_else(|| src.policies.first())
            .and_then(|p| p.policy.clone());
        audit.findings.push(Located {
            file: file.to_string(),
            line: d.line,
            policy,
            code: "json-duplicate-key",
            severity: Severity::Error,
            statement: None,
            sid: None,
            value: Some(d.key.clone()),
            message: d.message(),
            fix: "Write each key once per object: keep the one you mean and delete the other."
                .to_string(),
        });
    }
    // Policies are checked in parallel (an account dump holds thousands); results keep their order.
    let results: Vec<Result<Vec<Located>, Unreadable>> = src
        .policies
        .par_iter()
        .map(|p| check_found_with(file, p, options))
        .collect();
    for r in results {
        match r {
            Ok(found) => {
                audit.policies += 1;
                audit.findings.extend(found);
            }
            Err(e) => audit.unreadable.push(e),
        }
    }
    if src.policies.is_empty() && !src.errors.is_empty() {
        audit.files_read = 0;
    }
    audit
}

/// Checks one policy; its findings located, or why it could not be read.
pub fn check_found(file: &str, p: &FoundPolicy) -> Result<Vec<Located>, Unreadable> {
    check_found_with(file, p, AuditOptions::default())
}

/// Checks one policy as its source (or else the options) say it is.
pub fn check_found_with(
    file: &str,
    p: &FoundPolicy,
    options: AuditOptions,
) -> Result<Vec<Located>, Unreadable> {
    let file = p.file.clone().unwrap_or_else(|| file.to_string());
    let mut doc = parse_document(&p.text).map_err(|e| Unreadable {
        file: file.clone(),
        // A line inside the text is a line of the file only when the text is the file's own.
        line: match (e.line, p.text_line) {
            (Some(l), Some(base)) => Some(base + l - 1),
            _ => Some(p.line),
        },
        column: e.column.filter(|_| p.text_line.is_some()),
        policy: p.policy.clone(),
        message: e.message.clone(),
    })?;
    // A repeated key is named at the lines of the file when the text is the file's own.
    if let Some(base) = p.text_line {
        for d in &mut doc.duplicate_keys {
            if d.within.is_none() {
                *d = d.shifted(base - 1);
            }
        }
    }
    let unresolved_resource = |i: Option<usize>| {
        i.and_then(|i| doc.statements.get(i))
            .and_then(|s| s.resource.as_ref())
            .is_some_and(|r| r.iter().any(|x| x == UNRESOLVED))
    };
    let unresolved_action = doc.statements.iter().any(|s| {
        s.action
            .iter()
            .chain(s.not_action.iter())
            .flatten()
            .any(|a| a.contains(UNRESOLVED))
    });
    let ctx = CheckContext {
        kind: p.kind.or(options.kind),
        scope: options.scope,
        repository: p.repository.clone(),
    };
    let mut out: Vec<Located> = check_document_with(&doc, &ctx)
        .into_iter()
        .filter(|f| {
            // The ARN checks reason per segment themselves; other findings about a value with
            // an unknown part are left out.
            let segment_aware = SEGMENT_AWARE_CODES.contains(&f.code);
            let about_unknown = (!segment_aware
                && (f.value.as_deref().is_some_and(is_unknown) || is_unknown(&f.message)))
                || (f.code == "star-only-on-arn" && unresolved_resource(f.statement))
                || (unresolved_action
                    && f.statement.is_none()
                    && ACTION_SET_CODES.contains(&f.code));
            !about_unknown
        })
        .map(|f| Located {
            file: file.clone(),
            line: p.line_of(f.statement),
            policy: p.policy.clone(),
            code: f.code,
            severity: f.severity,
            statement: f.statement,
            sid: f.sid,
            value: f.value.map(|v| display(&v, &p.unresolved)),
            message: display(&f.message, &p.unresolved),
            fix: display(&f.fix, &p.unresolved),
        })
        .collect();
    if !p.unresolved.is_empty() {
        let mut seen: Vec<&str> = Vec::new();
        for u in &p.unresolved {
            if !seen.contains(&u.as_str()) {
                seen.push(u);
            }
        }
        out.push(Located {
            file,
            line: p.line,
            policy: p.policy.clone(),
            code: "unresolved-value",
            severity: Severity::Info,
            statement: None,
            sid: None,
            value: Some(seen.join(", ")),
            message: format!(
                "Not checked: {} {} only known when deployed, so what depends on {} \
                 (partition, region, account, repository names) was not checked.",
                seen.join(", "),
                if seen.len() == 1 { "is" } else { "are" },
                if seen.len() == 1 { "it" } else { "them" },
            ),
            fix: "Check the deployed policy too, e.g. the output of `aws iam \
                  get-account-authorization-details` with ecr-policy check."
                .to_string(),
        });
    }
    Ok(out)
}

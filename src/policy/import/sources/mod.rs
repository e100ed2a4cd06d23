//! Where policies live: reads policy JSON, Terraform, CloudFormation/SAM templates and account
//! dumps (`aws iam get-account-authorization-details`) into located policy documents. Pure: the
//! caller reads the files.

pub mod account_dump;
pub mod account_principals;
pub mod cfn_lines;
pub mod cloudformation;
pub mod outline;
pub mod terraform;

use crate::policy::import::document::{DocError, DocKind};
use crate::policy::import::json_keys::{DuplicateKey, duplicate_keys};

/// What a value that cannot be known offline (`${var.region}`, `!Ref`, ...) becomes in the
/// document handed to the checks; findings about it are dropped and a note lists it instead.
pub const UNRESOLVED: &str = "UNRESOLVED-VALUE";

/// A policy document found in a file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FoundPolicy {
    /// Terraform address, `CloudFormation` logical ID (`Role/POLICY` inline), managed policy ARN
    /// or `role/NAME/POLICY` in a dump; `None` for a plain JSON file.
    pub policy: Option<String>,
    /// The file the document text is in, when not the file read (Terraform `file("x.json")`).
    pub file: Option<String>,
    /// 1-based line where the policy starts.
    pub line: usize,
    /// 1-based line of each statement, by index (shorter when unknown).
    pub statement_lines: Vec<usize>,
    /// The document as JSON text, unresolved values replaced by [`UNRESOLVED`].
    pub text: String,
    /// The file line of the text's first line, when the text is copied from the file as written
    /// (so a JSON syntax error in it can be placed); `None` when the text was built.
    pub text_line: Option<usize>,
    /// The expressions that could not be resolved, as written.
    pub unresolved: Vec<String>,
    /// What the document is, when where it lives says so (`aws_ecr_registry_policy`,
    /// `AWS::ECR::RegistryPolicy`, `aws_ecr_repository_policy`, …); `None` when only its text
    /// can tell.
    pub kind: Option<DocKind>,
    /// For a repository policy: the repository it is set on, when the source names it.
    pub repository: Option<String>,
}

impl FoundPolicy {
    /// The line of statement `index`, or of the policy when that is not known.
    pub fn line_of(&self, index: Option<usize>) -> usize {
        index
            .and_then(|i| self.statement_lines.get(i).copied())
            .unwrap_or(self.line)
    }
}

/// A problem reading part of a file; the rest of the file is still read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    /// The file, when not the file read.
    pub file: Option<String>,
    /// The policy it concerns, when known.
    pub policy: Option<String>,
    pub error: DocError,
}

/// Everything read from one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceFile {
    pub policies: Vec<FoundPolicy>,
    pub errors: Vec<SourceError>,
    /// Keys written twice in one object of a file read whole as JSON (an account dump, a
    /// `CloudFormation` JSON template), at file lines: the parsed file kept only the last.
    pub duplicate_keys: Vec<DuplicateKey>,
}

impl SourceFile {
    fn failed(error: DocError) -> SourceFile {
        SourceFile {
            policies: Vec::new(),
            errors: vec![SourceError {
                file: None,
                policy: None,
                error,
            }],
            duplicate_keys: Vec::new(),
        }
    }
}

/// The kinds of file `check` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    PolicyJson,
    Terraform,
    CloudFormation,
    AccountDump,
}

/// Which reader fits a file, by its name and content. `explicit` files (named on the command
/// line) fall back to policy JSON; files found in a directory are skipped (`None`) when they are
/// not recognisably one of the kinds.
pub fn detect(name: &str, text: &str, explicit: bool) -> Option<SourceKind> {
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    let head = text.get(..text.len().min(64 * 1024)).unwrap_or(text);
    let cfn = head.contains("AWSTemplateFormatVersion")
        || head.contains("AWS::IAM::")
        || head.contains("AWS::Serverless")
        || head.contains("AWS::ECR::");
    let dump = ["UserDetailList", "RoleDetailList", "GroupDetailList"]
        .iter()
        .any(|k| head.contains(&format!("\"{k}\"")));
    match ext {
        "tf" if !lower.ends_with(".tf.json") => Some(SourceKind::Terraform),
        "yaml" | "yml" | "template" if cfn => Some(SourceKind::CloudFormation),
        "yaml" | "yml" | "template" if explicit => Some(SourceKind::CloudFormation),
        "yaml" | "yml" | "template" => None,
        _ if dump => Some(SourceKind::AccountDump),
        _ if cfn && head.trim_start().starts_with('{') && head.contains("\"Resources\"") => {
            Some(SourceKind::CloudFormation)
        }
        // Without a telling name (stdin, `policy.txt`): Terraform and CloudFormation YAML by
        // their content.
        _ if explicit && looks_like_terraform(head) => Some(SourceKind::Terraform),
        _ if explicit && cfn && !head.trim_start().starts_with('{') => {
            Some(SourceKind::CloudFormation)
        }
        _ if explicit => Some(SourceKind::PolicyJson),
        "json"
            if ["\"Statement\"", "\"PolicyDocument\"", "\"PolicyVersion\""]
                .iter()
                .any(|k| head.contains(k)) =>
        {
            Some(SourceKind::PolicyJson)
        }
        _ => None,
    }
}

/// Whether a text has a top-level Terraform block (`resource "…"`, `data "…"`, …) at the start
/// of a line: JSON and YAML never do (their keys are quoted or end in `:`).
fn looks_like_terraform(text: &str) -> bool {
    const STARTS: [&str; 8] = [
        "resource \"",
        "data \"",
        "module \"",
        "variable \"",
        "output \"",
        "provider \"",
        "locals {",
        "terraform {",
    ];
    text.lines()
        .any(|l| STARTS.iter().any(|s| l.trim_start().starts_with(s)))
}

/// Reads one file's policies with the reader for its kind. `read_module_file` gives the text of
/// a file a Terraform `file("…")` names (relative to the Terraform file), with its display path.
pub fn read_source(
    kind: SourceKind,
    text: &str,
    read_module_file: &dyn Fn(&str) -> Option<(String, String)>,
) -> SourceFile {
    // Every parser below recurses or keeps a stack per level: refuse absurd nesting first.
    if terraform::nesting(text) > terraform::MAX_NESTING {
        return SourceFile::failed(DocError {
            line: None,
            column: None,
            message: format!(
                "nests brackets more than {} deep; not read",
                terraform::MAX_NESTING
            ),
        });
    }
    let mut file = match kind {
        SourceKind::PolicyJson => read_policy_json(text),
        SourceKind::Terraform => terraform::read(text, read_module_file),
        SourceKind::CloudFormation => cloudformation::read(text),
        SourceKind::AccountDump => account_dump::read(text),
    };
    // Those readers parse the whole file as JSON and hand on documents rebuilt from it, in
    // which a repeated key is already gone: look for them in the file itself. (A plain policy
    // is parsed from its own text, which `parse_document` scans; YAML and HCL refuse them.)
    let whole_json = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{');
    if whole_json && matches!(kind, SourceKind::AccountDump | SourceKind::CloudFormation) {
        file.duplicate_keys = duplicate_keys(text.trim_start_matches('\u{feff}'));
    }
    file
}

/// A plain policy JSON file (or one of the AWS CLI's wrapped forms): the whole text is the
/// document, checked as it is.
fn read_policy_json(text: &str) -> SourceFile {
    let start = text
        .char_indices()
        .find(|(_, c)| !c.is_whitespace() && *c != '\u{feff}')
        .map_or(0, |(i, _)| i);
    SourceFile {
        policies: vec![FoundPolicy {
            policy: None,
            file: None,
            line: line_at(text, start),
            statement_lines: outline::statement_lines(text),
            text: text.to_string(),
            text_line: Some(1),
            unresolved: Vec::new(),
            ..FoundPolicy::default()
        }],
        errors: Vec::new(),
        duplicate_keys: Vec::new(),
    }
}

/// 1-based line of a byte offset.
pub fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.get(..end).map_or(0, |t| t.matches('\n').count()) + 1
}

/// True when a JSON value has the shape of a policy document (`Statement`).
pub fn is_policy_shaped(v: &serde_json::Value) -> bool {
    v.get("Statement").is_some()
}

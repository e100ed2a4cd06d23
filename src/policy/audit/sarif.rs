//! SARIF 2.1.0 output for code scanning (GitHub and other CI systems): one rule per finding code,
//! one result per finding with its file and line.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::lint::Severity;
use super::located::Located;

/// The rules `check` reports: code, short description, full description.
pub const RULES: &[(&str, &str, &str)] = &[
    (
        "account-invalid",
        "Account is not 12 digits",
        "The account ID in a repository ARN is not exactly 12 digits, so the ARN matches nothing.",
    ),
    (
        "action-missing",
        "Statement without Action",
        "The statement has neither Action nor NotAction; IAM rejects it.",
    ),
    (
        "action-no-service",
        "Action without service prefix",
        "An action is written without its service prefix (ecr:); IAM rejects the policy.",
    ),
    (
        "action-other-service",
        "Actions of other services",
        "Actions of services other than ECR are not checked.",
    ),
    (
        "action-unknown",
        "Unknown ECR action",
        "The action is not an ECR action, so it grants nothing.",
    ),
    (
        "action-wildcard",
        "Wildcard action",
        "A wildcard action matches several ECR actions, including any AWS adds later.",
    ),
    (
        "action-wildcard-all",
        "Every action granted",
        "\"*\" or ecr:* grants every ECR action, including deleting repositories and changing their policies.",
    ),
    (
        "action-wildcard-none",
        "Wildcard matches no action",
        "The wildcard pattern matches no ECR action, so it grants nothing.",
    ),
    (
        "arn-invalid",
        "Malformed ARN",
        "The resource is not a complete ARN (or mis-cased), so it matches nothing.",
    ),
    (
        "character-invalid",
        "Character IAM refuses",
        "IAM accepts only tab, line breaks and U+0020 to U+00FF in a policy.",
    ),
    (
        "effect-invalid",
        "Effect is not Allow or Deny",
        "Effect is missing or not exactly Allow or Deny (case-sensitive).",
    ),
    (
        "element-type",
        "Element of the wrong type",
        "An element has the wrong type, e.g. a number where a string or a list of strings belongs.",
    ),
    (
        "image-uri-as-resource",
        "Image URI as resource",
        "An image URI stands where a repository ARN belongs: it never matches.",
    ),
    (
        "image-uri-in-arn",
        "Image URI inside an ARN",
        "The ARN holds an image URI where the repository name belongs: it never matches.",
    ),
    (
        "json-duplicate-key",
        "Key written twice",
        "A JSON object has the same key twice; readers keep one of them silently, so what the policy means depends on the reader.",
    ),
    (
        "no-login",
        "No registry login",
        "docker login needs ecr:GetAuthorizationToken on \"*\", which this policy does not grant.",
    ),
    (
        "not-action-allow",
        "Allow with NotAction",
        "Allow with NotAction grants every action of every AWS service except those listed.",
    ),
    (
        "not-resource",
        "NotResource",
        "NotResource matches every resource except those listed, in every account and region.",
    ),
    (
        "partition-mismatch",
        "Partition does not fit the region",
        "The ARN's partition is not the partition of its region (e.g. aws for a GovCloud region): it never matches.",
    ),
    (
        "partition-unknown",
        "Unknown partition",
        "The ARN's partition is not an AWS partition, so it matches nothing.",
    ),
    (
        "principal-in-identity-policy",
        "Principal in an identity policy",
        "An identity-based policy cannot name a Principal; IAM rejects it.",
    ),
    (
        "pull-incomplete",
        "docker pull will fail",
        "The policy grants part of what docker pull needs, but not all of it.",
    ),
    (
        "push-incomplete",
        "docker push will fail",
        "The policy grants part of what docker push needs, but not all of it.",
    ),
    (
        "region-invalid",
        "Not a region code",
        "The ARN's region is not a region code, so it matches nothing.",
    ),
    (
        "region-no-ecr",
        "Region without ECR",
        "ECR is not listed for this region in AWS's endpoint data.",
    ),
    (
        "region-unknown",
        "Unknown region",
        "The region is not in this tool's region list; it may be newer or mistyped.",
    ),
    (
        "registry-action-v1",
        "Registry policy action without effect under V1",
        "Under the registry policy scope V1, ECR enforces only ecr:ReplicateImage, ecr:BatchImportUpstreamImage and ecr:CreateRepository in a registry policy; other actions have no effect.",
    ),
    (
        "registry-non-ecr-action",
        "Registry policy action of another service",
        "A registry policy only governs ECR; actions of other services have no place in it.",
    ),
    (
        "registry-policy-size",
        "Registry policy too large",
        "PutRegistryPolicy takes a policy text of at most 10,240 characters.",
    ),
    (
        "registry-principal-missing",
        "Registry policy statement without Principal",
        "Every statement of a registry policy names who it allows in Principal.",
    ),
    (
        "registry-resource-elsewhere",
        "Registry policy ARN of another registry",
        "A registry policy governs its own registry (account and region); an ARN of another one never applies.",
    ),
    (
        "registry-resource-invalid",
        "Registry policy Resource is not a repository ARN",
        "A registry policy's Resource is a repository ARN of this registry (or \"*\"); anything else never matches.",
    ),
    (
        "registry-resource-missing",
        "Registry policy statement without Resource",
        "A registry policy statement needs Resource: unlike a repository policy, nothing is implied.",
    ),
    (
        "registry-scope-v2",
        "Registry policy enforced on every request",
        "Under the registry policy scope V2 (the default), every ECR action in a registry policy applies to every request to the repositories its Resource matches.",
    ),
    (
        "registry-star-only-action",
        "*-only action on repository ARNs in a registry policy",
        "Actions without a resource type (such as ecr:GetAuthorizationToken) never apply on repository ARNs.",
    ),
    (
        "repo-resource-other-repository",
        "Repository policy statement for another repository",
        "A repository policy governs the repository it is set on; a statement whose Resource names only other repositories never applies.",
    ),
    (
        "repository-action-on-star",
        "Repository actions on every repository",
        "Repository actions on \"*\" apply to every repository in every region and account the principal can reach.",
    ),
    (
        "repository-name-invalid",
        "Invalid repository name",
        "The repository name in the ARN is not a valid ECR repository name.",
    ),
    (
        "repository-prefix-missing",
        "ARN without repository/",
        "ECR ARNs name the resource as repository/NAME; without the prefix nothing matches.",
    ),
    (
        "resource-invalid",
        "Resource is not an ARN",
        "A resource is an ARN or \"*\"; this matches nothing.",
    ),
    (
        "resource-missing",
        "Statement without Resource",
        "The statement has neither Resource nor NotResource; IAM rejects it.",
    ),
    (
        "resource-other-service",
        "ARN of another service",
        "ECR actions never apply to resources of another service.",
    ),
    (
        "sid-duplicate",
        "Duplicate Sid",
        "Sids must be unique within a policy.",
    ),
    (
        "sid-invalid",
        "Invalid Sid",
        "A Sid may only use A-Z, a-z and 0-9.",
    ),
    (
        "size-over-all-quotas",
        "Policy too large for IAM",
        "The policy is larger than every IAM size quota (whitespace not counted): IAM refuses it.",
    ),
    (
        "size-over-quota",
        "Policy too large",
        "The policy is larger than an IAM size quota (whitespace not counted).",
    ),
    (
        "star-only-on-arn",
        "*-only action on an ARN",
        "Actions without a resource type (such as ecr:GetAuthorizationToken) never apply on repository ARNs; they need \"Resource\": \"*\".",
    ),
    (
        "statement-missing",
        "No statements",
        "The policy has no Statement, or an empty one.",
    ),
    (
        "statement-not-object",
        "Statement is not an object",
        "Each statement must be a JSON object.",
    ),
    (
        "trust-oidc-aud-missing",
        "Web-identity trust without aud",
        "A role trusts an OIDC provider without checking the token's audience (aud), so a token issued for another of the provider's audiences is taken too.",
    ),
    (
        "trust-oidc-sub-broad",
        "Web-identity trust for a whole owner",
        "The sub condition of a role's OIDC trust matches every repository, project or service account of one owner (or every branch).",
    ),
    (
        "trust-oidc-sub-missing",
        "Web-identity trust without sub",
        "A role trusts GitHub Actions, GitLab, an EKS cluster or another shared OIDC provider without a StringEquals or StringLike condition on the token's sub: any repository, project or service account of the provider can assume it.",
    ),
    (
        "trust-oidc-sub-wildcard",
        "Web-identity trust open by a wildcard",
        "The sub condition of a role's OIDC trust is only wildcards or leaves the owner open (repo:*, project_path:*, system:serviceaccount:*): anyone's tokens match it.",
    ),
    (
        "trust-principal-everyone",
        "Role anyone can assume",
        "A role's trust policy allows the principal \"*\" without a condition: any AWS account can assume the role.",
    ),
    (
        "unknown-element",
        "Unknown element",
        "An element that is not part of the policy grammar; IAM rejects the policy.",
    ),
    (
        "unresolved-value",
        "Value known only when deployed",
        "Values such as ${var.region} or !Ref cannot be resolved offline; what depends on them was not checked.",
    ),
    (
        "unused-access",
        "Granted, not used",
        "The policy grants an action no successful call of its principal needed in the CloudTrail logs compared (check --usage).",
    ),
    (
        "used-but-not-granted",
        "Call refused",
        "A call of the policy's principal was refused (AccessDenied) in the CloudTrail logs compared (check --usage).",
    ),
    (
        "value-padded",
        "Action or resource not as it looks",
        "An action or resource has white space at an end, or white space or an invisible character inside: IAM reads it as written (and refuses leading spaces), so it names nothing.",
    ),
    (
        "version-invalid",
        "Invalid Version",
        "IAM knows only the versions 2012-10-17 and 2008-10-17 and rejects this policy.",
    ),
    (
        "version-legacy",
        "Legacy Version",
        "Version 2008-10-17 has no policy variables.",
    ),
    (
        "version-missing",
        "No Version",
        "Without Version, IAM uses 2008-10-17, which has no policy variables.",
    ),
];

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The SARIF log for these findings; `uri` turns a file name into a relative URI.
pub fn sarif_report(findings: &[&Located], uri: &dyn Fn(&str) -> String) -> String {
    let mut rules: Vec<Value> = RULES
        .iter()
        .map(|(id, short, full)| rule(id, short, full, None))
        .collect();
    let mut ids: Vec<&str> = RULES.iter().map(|(id, _, _)| *id).collect();
    // Codes not in the table still get a rule, described by their first finding.
    for f in findings {
        if !ids.contains(&f.code) {
            ids.push(f.code);
            rules.push(rule(f.code, f.code, &f.message, Some(f.severity)));
        }
    }
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let index = ids.iter().position(|id| *id == f.code).unwrap_or(0);
            let mut text = String::new();
            if let Some(p) = &f.policy {
                text.push_str(p);
                text.push_str(": ");
            }
            if let Some(i) = f.statement {
                let _ = write!(text, "statement {}", i + 1);
                if let Some(sid) = &f.sid {
                    let _ = write!(text, " (Sid {sid})");
                }
                text.push_str(": ");
            }
            text.push_str(&f.message);
            text.push_str(" Fix: ");
            text.push_str(&f.fix);
            json!({
                "ruleId": f.code,
                "ruleIndex": index,
                "level": level(f.severity),
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&f.file)},
                        "region": {"startLine": f.line.max(1)}
                    }
                }]
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "ecr-policy",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules
            }},
            "results": results
        }]
    });
    crate::policy::visible::report_json(&log)
}

fn rule(id: &str, short: &str, full: &str, severity: Option<Severity>) -> Value {
    let severity = severity.unwrap_or(match id {
        "action-other-service"
        | "action-wildcard"
        | "version-legacy"
        | "unresolved-value"
        | "registry-scope-v2"
        | "repo-resource-other-repository"
        | "unused-access" => Severity::Info,
        "action-wildcard-all"
        | "no-login"
        | "not-action-allow"
        | "not-resource"
        | "region-no-ecr"
        | "region-unknown"
        | "registry-action-v1"
        | "registry-non-ecr-action"
        | "registry-resource-elsewhere"
        | "registry-star-only-action"
        | "repository-action-on-star"
        | "resource-other-service"
        | "used-but-not-granted"
        | "version-missing" => Severity::Warning,
        _ => Severity::Error,
    });
    json!({
        "id": id,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": format!(
            "{full} Each result says how to fix it; run `ecr-policy check` locally for the same \
             report in plain text."
        )},
        "defaultConfiguration": {"level": level(severity)}
    })
}

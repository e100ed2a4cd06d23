//! `ecr-policy regions` and `ecr-policy actions`: the tables (or JSON) they print.

use std::fmt::Write as _;

use serde::Serialize;

use crate::policy::ACTIONS;
use crate::policy::spec::region::{all_regions, partition_label};
use crate::policy::spec::tasks::TASKS;

#[derive(Serialize)]
struct RegionRow {
    code: &'static str,
    name: &'static str,
    partition: &'static str,
    partition_name: &'static str,
    ecr: bool,
}

/// `ecr-policy regions`: a table, or JSON.
pub fn regions_text(json: bool) -> String {
    let rows: Vec<RegionRow> = all_regions()
        .map(|(p, r)| RegionRow {
            code: r.code,
            name: r.name,
            partition: p.arn,
            partition_name: p.name,
            ecr: r.ecr,
        })
        .collect();
    if json {
        return serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n";
    }
    let mut out = format!(
        "{:<16} {:<28} {:<27} {}\n",
        "CODE", "NAME", "PARTITION", "ECR"
    );
    for (p, r) in all_regions() {
        let _ = writeln!(
            out,
            "{:<16} {:<28} {:<12} {:<14} {}",
            r.code,
            r.name,
            p.arn,
            partition_label(p),
            if r.ecr { "yes" } else { "not listed" }
        );
    }
    out
}

#[derive(Serialize)]
struct ActionRow {
    name: &'static str,
    access_level: &'static str,
    resource: &'static str,
    tasks: Vec<&'static str>,
    note: &'static str,
}

/// `ecr-policy actions`: a table, or JSON.
pub fn actions_text(json: bool) -> String {
    let rows: Vec<ActionRow> = ACTIONS
        .iter()
        .map(|a| ActionRow {
            name: a.name,
            access_level: a.access.label(),
            resource: if a.star_only { "*" } else { "repository" },
            tasks: TASKS
                .iter()
                .filter(|t| t.actions.contains(&a.name))
                .map(|t| t.id)
                .collect(),
            note: a.note,
        })
        .collect();
    if json {
        return serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n";
    }
    // Each column as wide as its longest entry, so a long action name never shifts a row.
    let names: Vec<String> = rows.iter().map(|r| format!("ecr:{}", r.name)).collect();
    let name_w = names
        .iter()
        .map(String::len)
        .chain(["ACTION".len()])
        .max()
        .unwrap_or(0);
    let access_w = rows
        .iter()
        .map(|r| r.access_level.len())
        .chain(["ACCESS".len()])
        .max()
        .unwrap_or(0);
    let resource_w = "repository".len();
    let mut out = format!(
        "{:<name_w$}  {:<access_w$}  {:<resource_w$}  {}\n",
        "ACTION", "ACCESS", "RESOURCE", "NOTE"
    );
    for (r, name) in rows.iter().zip(&names) {
        let _ = writeln!(
            out,
            "{name:<name_w$}  {:<access_w$}  {:<resource_w$}  {}",
            r.access_level, r.resource, r.note
        );
    }
    out
}

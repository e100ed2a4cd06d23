//! Turns the JSON data in `assets/` into Rust statics at build time, so the binary
//! embeds the catalog and regions and never parses data (or fails to) at run time.

// Cargo reads its instructions from standard output: `println!` is how a build script speaks.
#![allow(clippy::disallowed_macros)]

use std::{env, error::Error, fmt::Write as _, fs, path::Path};

use serde_json::Value;

fn main() -> Result<(), Box<dyn Error>> {
    for f in [
        "assets/ecr-actions.json",
        "assets/action-notes.json",
        "assets/regions.json",
        "assets/ecr-public-actions.json",
        "assets/cloudtrail-events.json",
    ] {
        println!("cargo:rerun-if-changed={f}");
    }
    let actions: Value = serde_json::from_str(&fs::read_to_string("assets/ecr-actions.json")?)?;
    let notes: Value = serde_json::from_str(&fs::read_to_string("assets/action-notes.json")?)?;
    let regions: Value = serde_json::from_str(&fs::read_to_string("assets/regions.json")?)?;

    let mut out = String::new();
    write_actions(&mut out, &actions, &notes)?;
    write_partitions(&mut out, &regions)?;
    let dest = Path::new(&env::var("OUT_DIR")?).join("catalog_data.rs");
    fs::write(dest, out)?;
    let public: Value =
        serde_json::from_str(&fs::read_to_string("assets/ecr-public-actions.json")?)?;
    let mut out = String::new();
    write_public_actions(&mut out, &public)?;
    fs::write(
        Path::new(&env::var("OUT_DIR")?).join("public_catalog.rs"),
        out,
    )?;
    let events: Value =
        serde_json::from_str(&fs::read_to_string("assets/cloudtrail-events.json")?)?;
    let mut out = String::new();
    write_trail_events(&mut out, &events, &actions, &public)?;
    fs::write(
        Path::new(&env::var("OUT_DIR")?).join("trail_events.rs"),
        out,
    )?;
    Ok(())
}

/// The `CloudTrail` event name → IAM action table; every action must be in its catalog.
fn write_trail_events(
    out: &mut String,
    events: &Value,
    actions: &Value,
    public: &Value,
) -> Result<(), Box<dyn Error>> {
    let names = |catalog: &Value| -> Result<Vec<String>, Box<dyn Error>> {
        arr(catalog, "actions")?
            .iter()
            .map(|a| text(a, "name").map(String::from))
            .collect()
    };
    let (private_names, public_names) = (names(actions)?, names(public)?);
    writeln!(
        out,
        "/// Every ECR and ECR Public event name with the IAM actions it needs."
    )?;
    writeln!(out, "pub static TRAIL_EVENTS: &[TrailEventInfo] = &[")?;
    for src in arr(events, "event_sources")? {
        let (service, known) = match text(src, "event_source")? {
            "ecr.amazonaws.com" => ("Private", &private_names),
            "ecr-public.amazonaws.com" => ("Public", &public_names),
            other => return Err(format!("unknown event source {other}").into()),
        };
        for e in arr(src, "events")? {
            let event = text(e, "event")?;
            for a in arr(e, "actions")? {
                let a = a.as_str().ok_or("non-string action")?;
                if !known.iter().any(|k| k == a) {
                    return Err(format!("{event} maps to {a}, which is not in the catalog").into());
                }
            }
            let all = match e.get("unnamed").and_then(Value::as_str) {
                None => false,
                Some("all-repositories") => true,
                Some(other) => return Err(format!("unknown `unnamed` {other}").into()),
            };
            writeln!(
                out,
                "    TrailEventInfo {{ service: TrailService::{service}, event: {event:?}, \
                 actions: {}, all_when_unnamed: {all} }},",
                str_list(e, "actions")?
            )?;
        }
    }
    writeln!(out, "];")?;
    writeln!(out, "/// Error codes that mean IAM refused the call.")?;
    writeln!(
        out,
        "pub static REFUSED_ERROR_CODES: &[&str] = {};",
        str_list(events, "refused_error_codes")?
    )?;
    writeln!(
        out,
        "/// Events ECR logs for its own work (no caller to grant)."
    )?;
    writeln!(
        out,
        "pub static SERVICE_EVENTS: &[&str] = {};",
        str_list(events, "service_events")?
    )?;
    Ok(())
}

fn arr<'a>(v: &'a Value, key: &str) -> Result<&'a Vec<Value>, Box<dyn Error>> {
    v.get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| format!("missing array `{key}`").into())
}

fn text<'a>(v: &'a Value, key: &str) -> Result<&'a str, Box<dyn Error>> {
    v.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("missing string `{key}`").into())
}

fn flag(v: &Value, key: &str) -> Result<bool, Box<dyn Error>> {
    v.get(key)
        .and_then(Value::as_bool)
        .ok_or_else(|| format!("missing bool `{key}`").into())
}

fn str_list(v: &Value, key: &str) -> Result<String, Box<dyn Error>> {
    let items: Result<Vec<String>, Box<dyn Error>> = arr(v, key)?
        .iter()
        .map(|s| {
            s.as_str()
                .map(|s| format!("{s:?}"))
                .ok_or_else(|| format!("non-string in `{key}`").into())
        })
        .collect();
    Ok(format!("&[{}]", items?.join(", ")))
}

fn write_actions(out: &mut String, actions: &Value, notes: &Value) -> Result<(), Box<dyn Error>> {
    let list = arr(actions, "actions")?;
    if list.len() > 128 {
        return Err("ActionSet holds at most 128 actions; widen it".into());
    }
    let notes = notes
        .get("notes")
        .and_then(Value::as_object)
        .ok_or("action-notes.json has no `notes` object")?;
    writeln!(out, "/// Every ECR action, sorted by name.")?;
    writeln!(out, "pub static ACTIONS: &[ActionInfo] = &[")?;
    for a in list {
        let name = text(a, "name")?;
        let access = match text(a, "access_level")? {
            "List" => "List",
            "Read" => "Read",
            "Write" => "Write",
            "Tagging" => "Tagging",
            "Permissions management" => "PermissionsManagement",
            other => return Err(format!("unknown access level {other}").into()),
        };
        let star_only = arr(a, "resource_types")?.is_empty();
        let note = notes
            .get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("no note for action {name} in action-notes.json"))?;
        writeln!(
            out,
            "    ActionInfo {{ name: {name:?}, access: AccessLevel::{access}, star_only: {star_only}, \
             condition_keys: {}, dependent_actions: {}, note: {note:?} }},",
            str_list(a, "condition_keys")?,
            str_list(a, "dependent_actions")?,
        )?;
    }
    writeln!(out, "];")?;
    if notes.len() != list.len() {
        return Err("action-notes.json names an action that is not in the catalog".into());
    }
    Ok(())
}

fn write_partitions(out: &mut String, regions: &Value) -> Result<(), Box<dyn Error>> {
    writeln!(
        out,
        "/// Every partition with its regions, in botocore's order."
    )?;
    writeln!(out, "pub static PARTITIONS: &[PartitionInfo] = &[")?;
    for p in arr(regions, "partitions")? {
        let mut regs = String::new();
        for r in arr(p, "regions")? {
            write!(
                regs,
                "RegionInfo {{ code: {:?}, name: {:?}, ecr: {}, ecr_public: {} }}, ",
                text(r, "code")?,
                text(r, "name")?,
                flag(r, "ecr")?,
                flag(r, "ecr_public")?
            )?;
        }
        writeln!(
            out,
            "    PartitionInfo {{ id: {:?}, arn: {:?}, name: {:?}, dns_suffix: {:?}, region_regex: {:?}, regions: &[{regs}] }},",
            text(p, "id")?,
            text(p, "arn_partition")?,
            text(p, "name")?,
            text(p, "dns_suffix")?,
            text(p, "region_regex")?,
        )?;
    }
    writeln!(out, "];")?;
    Ok(())
}

/// The ECR Public catalog: name, access level and the resource type it needs (none: `"*"`).
fn write_public_actions(out: &mut String, public: &Value) -> Result<(), Box<dyn Error>> {
    writeln!(out, "/// Every ECR Public action, sorted by name.")?;
    writeln!(out, "pub static PUBLIC_ACTIONS: &[PublicActionInfo] = &[")?;
    for a in arr(public, "actions")? {
        let name = text(a, "name")?;
        let access = match text(a, "access_level")? {
            "List" => "List",
            "Read" => "Read",
            "Write" => "Write",
            "Tagging" => "Tagging",
            "Permissions management" => "PermissionsManagement",
            other => return Err(format!("unknown access level {other}").into()),
        };
        let resource = match arr(a, "resource_types")?.first() {
            None => "Star",
            Some(r) => match text(r, "name")? {
                "repository" => "Repository",
                "registry" => "Registry",
                other => return Err(format!("unknown ECR Public resource type {other}").into()),
            },
        };
        writeln!(
            out,
            "    PublicActionInfo {{ name: {name:?}, access: AccessLevel::{access}, resource: PublicResource::{resource} }},"
        )?;
    }
    writeln!(out, "];")?;
    Ok(())
}

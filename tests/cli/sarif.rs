//! `check --format sarif`: valid SARIF 2.1.0 (checked against the official schema, which
//! `.ci/run` installs from a package registry), with rules, levels and relative locations.

use std::path::PathBuf;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

fn sarif(path: &str) -> Value {
    let out = cargo_bin_cmd!("ecr-policy")
        .args(["check", "--format", "sarif", path])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sources")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

const INPUTS: [&str; 4] = [
    "terraform/main.tf",
    "cloudformation/template.yaml",
    "account.json",
    "terraform/pull.json",
];

#[test]
fn results_name_rule_level_relative_file_and_line() {
    let log = sarif(&fixture("terraform/main.tf"));
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    for r in rules {
        for key in ["shortDescription", "fullDescription", "help"] {
            assert!(
                !r[key]["text"].as_str().unwrap().is_empty(),
                "{key} of {}",
                r["id"]
            );
        }
    }
    let results = run["results"].as_array().unwrap();
    let hit = results
        .iter()
        .find(|r| r["ruleId"] == "star-only-on-arn")
        .unwrap();
    assert_eq!(hit["level"], "error");
    assert_eq!(
        ids[usize::try_from(hit["ruleIndex"].as_u64().unwrap()).unwrap()],
        "star-only-on-arn"
    );
    let loc = &hit["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "tests/fixtures/sources/terraform/main.tf"
    );
    assert_eq!(loc["region"]["startLine"], 9);
    assert!(
        hit["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("aws_iam_policy.ci: statement 1 (Sid Login): ")
    );
    let note = results
        .iter()
        .find(|r| r["ruleId"] == "unresolved-value")
        .unwrap();
    assert_eq!(note["level"], "note");
}

#[test]
fn output_is_valid_against_the_sarif_2_1_0_schema() {
    let path = std::env::var("SARIF_SCHEMA").map_or_else(
        |_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/sarif/sarif-schema-2.1.0.json"),
        PathBuf::from,
    );
    let Ok(text) = std::fs::read_to_string(&path) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "the SARIF schema is missing at {}: .ci/run installs it",
            path.display()
        );
        eprintln!(
            "skipped: no SARIF schema at {} (run .ci/run once to install it)",
            path.display()
        );
        return;
    };
    let mut schema: Value = serde_json::from_str(&text).unwrap();
    // The schema's pattern for `language` ("…[a-zA-Z]{2}]?$", in `run` and `toolComponent`) is
    // refused by the validator's regex engine while it checks the schema itself; our logs have no
    // `language`, so that pattern is dropped and everything else is validated as published.
    let mut dropped = 0;
    for def in ["run", "toolComponent"] {
        let language = &mut schema["definitions"][def]["properties"]["language"];
        if let Some(o) = language.as_object_mut() {
            dropped += usize::from(o.remove("pattern").is_some());
        }
    }
    assert_eq!(dropped, 2, "the schema changed");
    let validator = jsonschema::validator_for(&schema).unwrap();
    for input in INPUTS {
        let log = sarif(&fixture(input));
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{input}: {errors:#?}");
        assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());
    }
    // The schema catches a broken log, so the check above can fail.
    let mut broken = sarif(&fixture(INPUTS[0]));
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(validator.iter_errors(&broken).next().is_some());
}

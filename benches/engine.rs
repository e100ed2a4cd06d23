//! Engine benchmarks: rendering, validation from raw input, and the checks.

// A benchmark is a test harness: a broken fixture should stop it loudly.
#![allow(clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ecr_policy::policy::spec::tasks::{DEFAULT_PRESET, find_preset};
use ecr_policy::policy::{ActionSet, JsonStyle, Spec, SpecInput, lint, render, validate};

fn default_actions() -> ActionSet {
    find_preset(DEFAULT_PRESET)
        .expect("the default preset exists")
        .set()
}

fn input(repos: Vec<String>) -> SpecInput {
    SpecInput {
        region: Some("us-east-1".into()),
        partition: None,
        account: Some("123456789012".into()),
        repositories: repos,
        actions: default_actions(),
        tags: Vec::new(),
    }
}

fn spec(repos: usize) -> Spec {
    let names = (0..repos).map(|i| format!("team/service-{i:02}")).collect();
    validate(&input(names)).expect("a valid fixture")
}

fn engine(c: &mut Criterion) {
    let one = spec(1);
    let twenty = spec(20);
    c.bench_function("render_pretty/default_1_repo", |b| {
        b.iter(|| render(black_box(&one), JsonStyle::Pretty));
    });
    c.bench_function("render_pretty/default_20_repos", |b| {
        b.iter(|| render(black_box(&twenty), JsonStyle::Pretty));
    });

    // What a person pastes: a name, an image URI with a tag, a repository ARN, a pattern.
    let raw = input(vec![
        "my-app".into(),
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/web:1.4.2".into(),
        "arn:aws:ecr:us-east-1:123456789012:repository/team/worker".into(),
        "team/*".into(),
    ]);
    c.bench_function("validate_render/raw_input_4_repos", |b| {
        b.iter(|| {
            let spec = validate(black_box(&raw)).expect("valid");
            render(&spec, JsonStyle::Pretty)
        });
    });

    c.bench_function("lint/default_1_repo", |b| {
        b.iter(|| lint(black_box(&one)));
    });
    c.bench_function("lint/default_20_repos", |b| {
        b.iter(|| lint(black_box(&twenty)));
    });
}

criterion_group!(benches, engine);
criterion_main!(benches);

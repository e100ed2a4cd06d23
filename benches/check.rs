//! `check` on a policy of about 6 KB (the managed-policy quota): parse, every check, findings.

// A benchmark is a test harness: a broken fixture should stop it loudly.
#![allow(clippy::expect_used)]
// A benchmark reports its figures on the terminal that runs it.
#![allow(clippy::print_stdout, clippy::print_stderr, clippy::disallowed_macros)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ecr_policy::policy::spec::tasks::find_preset;
use ecr_policy::policy::{JsonStyle, SpecInput, check_text, policy_size, render, validate};

/// The engine's own output for enough repositories to reach about 6,000 characters.
fn six_kb_policy() -> String {
    let preset = find_preset("power-user")
        .map(ecr_policy::policy::spec::tasks::Preset::set)
        .unwrap_or_default();
    let mut n = 1;
    loop {
        let spec = validate(&SpecInput {
            region: Some("us-east-1".into()),
            account: Some("123456789012".into()),
            repositories: (0..n).map(|i| format!("team/service-{i:03}")).collect(),
            actions: preset,
            ..SpecInput::default()
        })
        .expect("a valid fixture");
        let text = render(&spec, JsonStyle::Pretty);
        if policy_size(&text) >= 5_900 || n > 500 {
            return text;
        }
        n += 1;
    }
}

fn check(c: &mut Criterion) {
    let text = six_kb_policy();
    eprintln!(
        "check bench: {} characters ({} without whitespace)",
        text.chars().count(),
        policy_size(&text)
    );
    c.bench_function("check/6kb_policy", |b| {
        b.iter(|| check_text(black_box(&text)).expect("readable"));
    });
}

criterion_group!(benches, check);
criterion_main!(benches);

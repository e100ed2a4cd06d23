//! The wizard: prefill from flags (and `--from`), then run it in the terminal.

use std::process::ExitCode;

use super::args::SpecArgs;
use super::{EXIT_IO, load_import};
use crate::adapters::terminal;
use crate::app::App;
use crate::app::prefill::Prefill;
use crate::ui::Theme;

/// Runs the wizard; `mouse` false starts without mouse capture.
pub fn run(args: &SpecArgs, mouse: bool) -> ExitCode {
    let imported = match load_import(args) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let given = Prefill {
        region: args.region.clone(),
        partition: args.partition.clone(),
        account: args.account.clone(),
        repos: args.repos.clone(),
        preset: args.preset.clone(),
        tags: args.require_tags.clone(),
        ..Prefill::default()
    };
    let prefill = match &imported {
        Some((im, name)) => Prefill::from_import(im, name, given),
        None => given,
    };
    let mut app = App::prefilled(&prefill);
    app.mouse = mouse;
    let theme = Theme::from_no_color(std::env::var("NO_COLOR").ok().as_deref());
    match terminal::run(app, theme) {
        Ok(farewell) => {
            for line in farewell {
                eprintln!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("ecr-policy: terminal error: {e}");
            ExitCode::from(EXIT_IO)
        }
    }
}

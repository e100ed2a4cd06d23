//! The wizard's region step suggests the code meant, as the command line does.

use ecr_policy::app::App;
use ecr_policy::app::prefill::Prefill;
use ecr_policy::app::state::{StatusKind, Step};

use crate::support::app::{keys, status};

#[test]
fn a_prefilled_region_typo_shows_the_suggestion() {
    let app = App::prefilled(&Prefill {
        region: Some("eu-wset-1".into()),
        ..Prefill::default()
    });
    assert_eq!(app.region.choice, None);
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Error);
    assert!(text.contains("did you mean eu-west-1?"), "{text}");
}

#[test]
fn a_typed_region_typo_that_matches_nothing_shows_the_suggestion() {
    let mut app = App::new();
    keys(&mut app, "eu-wset-1<enter>");
    assert_eq!(app.step, Step::Region);
    assert_eq!(app.region.choice, None);
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Error);
    assert!(text.contains("Did you mean eu-west-1?"), "{text}");
}

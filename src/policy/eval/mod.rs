//! IAM's evaluation logic for the documents on ECR's access path, promoted from the tests'
//! independent evaluator: policies are read once ([`Policy`]) and judged per request
//! ([`evaluate`]) in three values, with the statements that allowed or denied, what is missing
//! for an implicit deny, and why a request is undecided. `check`, `diff`, import's invariant and
//! `explain` all ask it; the matching primitives (wildcards, ARNs, exact pattern containment with
//! a witness) and the literals a document uses are public for them.
//!
//! Files, bottom up: `tri` (three-valued logic), `glob` (wildcards), `contain` (containment),
//! `arn`, `context` (context keys), `template` (policy variables), `operator` and `scalar`
//! (condition operators and their typed values), `condition`, `principal`, `request`, `policy`
//! (documents and statements), `literals`, `documents` (the document set), `decision`,
//! `evaluate` (the combination).

pub mod arn;
pub mod condition;
pub mod contain;
pub mod context;
pub mod decision;
pub mod documents;
pub mod evaluate;
pub mod glob;
pub mod literals;
pub mod operator;
pub mod policy;
pub mod principal;
pub mod request;
pub mod scalar;
pub mod template;
pub mod tri;

pub use arn::{ArnParts, arn_like, split_arn};
pub use contain::{Containment, containment, containment_ignore_case};
pub use context::{Context, ContextValue, Lookup};
pub use decision::{Decision, DocKind, Gap, StatementRef, Unsure, Verdict};
pub use documents::{Doc, DocumentSet, Level, REGISTRY_V1_ACTIONS, RegistryScope};
pub use evaluate::evaluate;
pub use glob::{Glob, glob, glob_ignore_case};
pub use literals::Literals;
pub use policy::{Applied, Effect, Place, Policy, PolicyError, Statement, Version};
pub use principal::{BadPrincipal, MatchKind, Principal};
pub use request::{Request, RequestError};
pub use tri::Tri;

//! `explain`'s engine: given the documents on ECR's access path and a request (a principal, an
//! action or everyday task, a repository, context keys), whether it is allowed and why — the
//! statements that allow, the one that denies, the document that is missing — all from the
//! evaluator (`policy::eval`), which this only asks and puts into words.
//!
//! Files: `query` (what is asked, read and checked), `answer` (each action judged, the verdict
//! over them), `words` (the answer in plain sentences), `json` (for tools), `who_can` (every
//! principal of an account dump), `advice` (what an access-denied message says and what to
//! change).

pub mod advice;
pub mod answer;
pub mod json;
pub mod query;
pub mod who_can;
pub mod words;

pub use answer::{ActionAnswer, Ask, Explanation, Outcome, Overall, explain};
pub use query::{Asked, ContextGiven, InputError, Repository, parse_principal};

//! Recipes: start from who uses the policy (a GitHub Actions workflow, an ECS task, a Lambda
//! function…) and write every document that case needs: the identity policy, the repository
//! policy when the registry is in another account (or a service pulls), and the role's trust
//! policy, with the next step and the AWS managed policy that would also do. Pure: the table,
//! the answers' rules, the trust policy writer and the plan.

pub mod answers;
pub mod plan;
pub mod table;
pub mod trust;

pub use plan::{
    Answers, RawAnswers, RecipeDocument, RecipePlan, check_answer, check_answers,
    check_with_registry, default_role_name, documents_of_workload, plan,
};
pub use table::{Question, RECIPES, Recipe, Workload, find_recipe};
pub use trust::TrustPolicy;

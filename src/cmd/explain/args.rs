//! `ecr-policy explain`'s flags: the documents on the access path, the request (principal,
//! action or task, repository, context), and the three ways to ask (one request, `--who-can`
//! over an account dump, `--from-error` with a pasted message).

use clap::{Args, ValueEnum};

use crate::policy::eval::RegistryScope;

/// `ecr-policy explain`: is a request allowed, and why.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// An identity-based policy of the principal: any input `check` reads (policy JSON, AWS CLI
    /// output, Terraform, CloudFormation/SAM, an account dump), or - for standard input.
    /// Repeat for several.
    #[arg(long, value_name = "FILE", help_heading = "Documents")]
    pub identity: Vec<String>,
    /// The principal's permissions boundary.
    #[arg(long, value_name = "FILE", help_heading = "Documents")]
    pub boundary: Option<String>,
    /// The service control policies of one level of the principal's organisation, root first,
    /// the account last: repeat once per level; several policies at one level are joined with
    /// commas. `FullAWSAccess` stands for the AWS managed policy of that name (Allow * on *).
    #[arg(long, value_name = "FILE[,FILE...]", help_heading = "Documents")]
    pub scp: Vec<String>,
    /// The resource control policies of one level of the repository's organisation (only their
    /// Deny statements matter: `RCPFullAWSAccess` is always attached). Repeat once per level.
    #[arg(long, value_name = "FILE[,FILE...]", help_heading = "Documents")]
    pub rcp: Vec<String>,
    /// The session policy passed when the role was assumed (or the federated session created).
    #[arg(long, value_name = "FILE", help_heading = "Documents")]
    pub session: Option<String>,
    /// The repository policy.
    #[arg(long, value_name = "FILE", help_heading = "Documents")]
    pub repository: Option<String>,
    /// The registry policy (set on the registry of the repository's account and region).
    #[arg(long, value_name = "FILE", help_heading = "Documents")]
    pub registry: Option<String>,
    /// Which requests the registry policy applies to: v2 (the default: every ECR request) or
    /// v1 (only replication and the pull-through cache's actions).
    #[arg(
        long,
        value_enum,
        value_name = "SCOPE",
        default_value = "v2",
        help_heading = "Documents"
    )]
    pub registry_scope: ScopeArg,
    /// The policy of the VPC endpoint the request goes through.
    #[arg(long, value_name = "FILE", help_heading = "Documents")]
    pub endpoint: Option<String>,
    /// An account dump (aws iam get-account-authorization-details): the principal's policies
    /// (inline, managed, its groups', its permissions boundary) are taken from it; with
    /// --who-can, every user and role in it is judged.
    #[arg(long, value_name = "FILE", help_heading = "Documents")]
    pub dump: Option<String>,
    /// Which policy to use from a file that holds several: its Terraform address,
    /// CloudFormation/SAM logical ID, or ARN / role/NAME/POLICY in an account dump. Repeat for
    /// several files.
    #[arg(long = "policy", value_name = "ADDRESS", help_heading = "Documents")]
    pub policies: Vec<String>,

    /// Who makes the request: a role or user ARN, an assumed-role session ARN, an account ID
    /// (its root user) or a service principal (lambda.amazonaws.com).
    #[arg(long, value_name = "ARN", help_heading = "Request")]
    pub principal: Option<String>,
    /// The action: `ecr:PutImage` (or `PutImage`, any case). Repeat for several.
    #[arg(long = "action", value_name = "ACTION", help_heading = "Request")]
    pub actions: Vec<String>,
    /// An everyday task: every action of it is judged, and the task is allowed only when all
    /// are (login, pull, push, browse, delete-images, ...). Repeat for several.
    #[arg(long = "task", value_name = "TASK", help_heading = "Request")]
    pub tasks: Vec<String>,
    /// The repository: its ARN, an image URI, or its name with --region and --account.
    #[arg(
        long = "repo",
        id = "repos",
        value_name = "NAME|ARN",
        allow_hyphen_values = true,
        help_heading = "Request"
    )]
    pub repo: Option<String>,
    /// The repository's region, when --repo is a name.
    #[arg(long, id = "region", value_name = "REGION", help_heading = "Request")]
    pub region: Option<String>,
    /// The repository's account (the registry), when --repo is a name.
    #[arg(long, id = "account", value_name = "ACCOUNT", help_heading = "Request")]
    pub account: Option<String>,
    /// A condition key the request carries, as KEY=VALUE (aws:SourceVpce=vpce-1a2b3c4d); a key
    /// given twice is multivalued. Keys not given are unknown: a condition on one leaves the
    /// answer undecided.
    #[arg(long = "context", value_name = "KEY=VALUE", help_heading = "Request")]
    pub context: Vec<String>,
    /// A condition key the request does not carry (aws:SourceVpce when not through an
    /// endpoint). Repeat for several.
    #[arg(long = "absent", value_name = "KEY", help_heading = "Request")]
    pub absent: Vec<String>,
    /// The principal's organisation ID (aws:PrincipalOrgID), o- and 10 to 32 letters or digits.
    #[arg(long, value_name = "ORG_ID", help_heading = "Request")]
    pub org_id: Option<String>,

    /// Who in the --dump can do TASK (a task or an action) on REPO (its ARN, or a name with
    /// --region and --account), and through which statements.
    #[arg(
        long,
        num_args = 2,
        value_names = ["TASK", "REPO"],
        requires = "dump",
        conflicts_with_all = ["principal", "actions", "tasks", "repos", "from_error", "identity", "boundary", "session"],
        help_heading = "Ways to ask"
    )]
    pub who_can: Option<Vec<String>>,
    /// Read the request from an access-denied message (the text, a file holding it, or - for
    /// standard input) and say which statement or document to change. --principal, --action,
    /// --task and --repo fill in what the message leaves out.
    #[arg(long, value_name = "TEXT|FILE|-", help_heading = "Ways to ask")]
    pub from_error: Option<String>,
    /// Output format: text or json.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "text")]
    pub format: ExplainFormat,
}

/// `explain --registry-scope`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScopeArg {
    V1,
    V2,
}

impl ScopeArg {
    /// The evaluator's scope.
    pub fn scope(self) -> RegistryScope {
        match self {
            ScopeArg::V1 => RegistryScope::V1,
            ScopeArg::V2 => RegistryScope::V2,
        }
    }
}

/// How `explain` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    Text,
    Json,
}

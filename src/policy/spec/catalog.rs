//! The embedded ECR action catalog: lookup by name, access levels and the `ActionSet` bitset.

/// How AWS classifies an action in the Service Authorization Reference.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    strum::VariantArray,
    strum::IntoStaticStr,
    strum::Display,
)]
pub enum AccessLevel {
    List,
    Read,
    Write,
    #[strum(serialize = "Permissions management")]
    PermissionsManagement,
    Tagging,
}

impl AccessLevel {
    /// Every level, in the order the wizard groups actions.
    pub const ALL: &'static [AccessLevel] = <AccessLevel as strum::VariantArray>::VARIANTS;

    /// The name AWS uses for the level.
    pub fn label(self) -> &'static str {
        self.into()
    }

    /// Whether granting the level lets someone change something.
    pub fn is_write(self) -> bool {
        matches!(
            self,
            AccessLevel::Write | AccessLevel::PermissionsManagement | AccessLevel::Tagging
        )
    }
}

/// One ECR IAM action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionInfo {
    /// The name without the `ecr:` prefix, e.g. `BatchGetImage`.
    pub name: &'static str,
    pub access: AccessLevel,
    /// True when the action supports no resource type and must be granted on `"*"`.
    pub star_only: bool,
    pub condition_keys: &'static [&'static str],
    pub dependent_actions: &'static [&'static str],
    /// Our plain-language note: what it allows and which everyday step needs it.
    pub note: &'static str,
}

/// One region of a partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionInfo {
    pub code: &'static str,
    pub name: &'static str,
    /// Whether the ECR API endpoint is listed for the region.
    pub ecr: bool,
    pub ecr_public: bool,
}

/// One AWS partition (commercial, China, `GovCloud`, ISO, sovereign).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartitionInfo {
    pub id: &'static str,
    /// The partition string used in ARNs.
    pub arn: &'static str,
    pub name: &'static str,
    pub dns_suffix: &'static str,
    pub region_regex: &'static str,
    pub regions: &'static [RegionInfo],
}

include!(concat!(env!("OUT_DIR"), "/catalog_data.rs"));

/// Index of an action in [`ACTIONS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActionId(u8);

impl ActionId {
    /// The catalog entry.
    pub fn info(self) -> &'static ActionInfo {
        &ACTIONS[usize::from(self.0)]
    }

    /// `ecr:Name`, as written in a policy.
    pub fn qualified(self) -> String {
        format!("ecr:{}", self.info().name)
    }

    /// Every action in catalog order.
    pub fn all() -> impl Iterator<Item = ActionId> {
        (0..ACTIONS.len()).filter_map(|i| u8::try_from(i).ok().map(ActionId))
    }

    /// The position in [`ACTIONS`].
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// The action at a catalog position, if there is one.
    pub fn from_index(i: usize) -> Option<ActionId> {
        (i < ACTIONS.len())
            .then(|| u8::try_from(i).ok().map(ActionId))
            .flatten()
    }
}

/// Finds an action by exact name, with or without `ecr:`, ignoring case.
pub fn find_action(name: &str) -> Option<ActionId> {
    let trimmed = name.trim();
    let bare = match trimmed.split_once(':') {
        Some((prefix, rest)) if prefix.eq_ignore_ascii_case("ecr") => rest,
        Some(_) => return None,
        None => trimmed,
    };
    BY_NAME.get(bare.to_ascii_lowercase().as_str()).copied()
}

/// Lower-case name to action, built once: task and preset tables are resolved on every keystroke.
static BY_NAME: std::sync::LazyLock<std::collections::HashMap<String, ActionId>> =
    std::sync::LazyLock::new(|| {
        ActionId::all()
            .map(|a| (a.info().name.to_ascii_lowercase(), a))
            .collect()
    });

/// The closest action names to a misspelt one, best first (at most three).
pub fn suggest_actions(name: &str) -> Vec<&'static str> {
    let wanted = name
        .trim()
        .rsplit(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let mut scored: Vec<(usize, &'static str)> = ACTIONS
        .iter()
        .map(|a| {
            let lower = a.name.to_ascii_lowercase();
            let mut d = strsim::levenshtein(&wanted, &lower);
            if !wanted.is_empty() && lower.contains(&wanted) {
                d = d.min(lower.len() - wanted.len()).min(3);
            }
            (d, a.name)
        })
        .collect();
    scored.sort_unstable();
    let limit = (wanted.len() / 2).max(3);
    scored
        .into_iter()
        .filter(|(d, _)| *d <= limit)
        .take(3)
        .map(|(_, n)| n)
        .collect()
}

/// A set of actions, one bit each (the build fails if the catalog outgrows it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ActionSet(u128);

impl ActionSet {
    /// The empty set.
    pub const EMPTY: ActionSet = ActionSet(0);

    /// A set of the named actions; names not in the catalog are skipped
    /// (the task tables are checked against the catalog by tests).
    pub fn of(names: &[&str]) -> ActionSet {
        names.iter().filter_map(|n| find_action(n)).collect()
    }

    pub fn insert(&mut self, a: ActionId) {
        self.0 |= 1 << a.0;
    }

    pub fn remove(&mut self, a: ActionId) {
        self.0 &= !(1 << a.0);
    }

    pub fn toggle(&mut self, a: ActionId) {
        self.0 ^= 1 << a.0;
    }

    pub fn contains(self, a: ActionId) -> bool {
        self.0 & (1 << a.0) != 0
    }

    pub fn union(self, other: ActionSet) -> ActionSet {
        ActionSet(self.0 | other.0)
    }

    pub fn difference(self, other: ActionSet) -> ActionSet {
        ActionSet(self.0 & !other.0)
    }

    pub fn intersection(self, other: ActionSet) -> ActionSet {
        ActionSet(self.0 & other.0)
    }

    pub fn contains_any(self, other: ActionSet) -> bool {
        self.0 & other.0 != 0
    }

    pub fn is_superset(self, other: ActionSet) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The actions in catalog (alphabetical) order.
    pub fn iter(self) -> impl Iterator<Item = ActionId> {
        ActionId::all().filter(move |a| self.contains(*a))
    }

    /// Only the actions that must be granted on `"*"`.
    pub fn star_only(self) -> ActionSet {
        self.iter().filter(|a| a.info().star_only).collect()
    }

    /// Only the actions that take a repository ARN.
    pub fn repository_level(self) -> ActionSet {
        self.difference(self.star_only())
    }

    /// Whether any action lets someone change something.
    pub fn has_write(self) -> bool {
        self.iter().any(|a| a.info().access.is_write())
    }
}

impl FromIterator<ActionId> for ActionSet {
    fn from_iter<I: IntoIterator<Item = ActionId>>(iter: I) -> Self {
        let mut s = ActionSet::EMPTY;
        for a in iter {
            s.insert(a);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_has_sixty_sorted_actions_with_notes() {
        assert_eq!(ACTIONS.len(), 60);
        assert!(ACTIONS.windows(2).all(|w| w[0].name < w[1].name));
        assert!(ACTIONS.iter().all(|a| !a.note.trim().is_empty()));
    }

    #[test]
    fn star_only_actions_match_the_fact_sheet() {
        let star: Vec<&str> = ACTIONS
            .iter()
            .filter(|a| a.star_only)
            .map(|a| a.name)
            .collect();
        for name in [
            "GetAuthorizationToken",
            "DescribeRegistry",
            "PutRegistryPolicy",
            "CreatePullThroughCacheRule",
            "GetAccountSetting",
        ] {
            assert!(star.contains(&name), "{name} should be *-only");
        }
        for name in ["CreateRepository", "DescribeRepositories", "ReplicateImage"] {
            assert!(!star.contains(&name), "{name} takes a repository ARN");
        }
    }

    #[test]
    fn find_action_accepts_prefix_and_any_case() {
        let id = find_action("ListImages").unwrap();
        assert_eq!(find_action("ecr:listimages"), Some(id));
        assert_eq!(find_action(" ECR:LISTIMAGES "), Some(id));
        assert_eq!(find_action("s3:ListImages"), None);
        assert_eq!(find_action("ListImage"), None);
    }

    #[test]
    fn suggestions_find_near_misses() {
        assert_eq!(suggest_actions("ListImage")[0], "ListImages");
        assert_eq!(suggest_actions("ecr:PutImages")[0], "PutImage");
        assert!(suggest_actions("zzzzzzzzzzzzzzzzzzzzzzzz").is_empty());
    }

    #[test]
    fn action_set_operations() {
        let a = find_action("PutImage").unwrap();
        let b = find_action("GetAuthorizationToken").unwrap();
        let mut s = ActionSet::EMPTY;
        s.insert(a);
        s.insert(b);
        assert_eq!(s.len(), 2);
        assert_eq!(s.star_only().iter().collect::<Vec<_>>(), vec![b]);
        assert_eq!(s.repository_level().iter().collect::<Vec<_>>(), vec![a]);
        assert!(s.has_write());
        s.toggle(a);
        assert!(!s.contains(a));
        assert!(!s.has_write());
    }
}

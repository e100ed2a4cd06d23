//! Keybindings as data: dispatch, the footer and the help overlay all read this one table.

use std::fmt::Write as _;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, TextEdit};
use super::bindings::STEP_BINDINGS;
use super::bindings_popups::POPUP_BINDINGS;

/// Every binding of the wizard: the popups' first, then the steps'.
pub fn bindings() -> impl Iterator<Item = &'static Binding> {
    POPUP_BINDINGS.iter().chain(STEP_BINDINGS)
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Global,
    /// A text field has focus.
    Text,
    /// The first step's list: who will use the policy.
    Who,
    /// A recipe's questions.
    WhoForm,
    Region,
    Account,
    Repositories,
    RepositoryList,
    Actions,
    Review,
    /// The Review step while standard output is piped (checked before `Review`).
    PipedReview,
    /// The Review step listing several grants or kept statements (checked before `Review`).
    ReviewGrants,
    /// The Review step while an import offers fixes.
    ReviewFixes,
    Preview,
    Help,
    SavePrompt,
    Confirm,
    QuitQuestion,
    TagPrompt,
    NamePrompt,
    /// Who will use the policy.
    PrincipalPrompt,
    /// The pull-through cache rule's prefix.
    CachePrompt,
    Details,
}

impl Scope {
    /// Every scope, in the order the help overlay lists them.
    pub const ALL: [Scope; 23] = [
        Scope::Global,
        Scope::Text,
        Scope::Who,
        Scope::WhoForm,
        Scope::Region,
        Scope::Account,
        Scope::Repositories,
        Scope::RepositoryList,
        Scope::Actions,
        Scope::Review,
        Scope::PipedReview,
        Scope::ReviewGrants,
        Scope::ReviewFixes,
        Scope::Preview,
        Scope::SavePrompt,
        Scope::TagPrompt,
        Scope::NamePrompt,
        Scope::PrincipalPrompt,
        Scope::CachePrompt,
        Scope::Confirm,
        Scope::QuitQuestion,
        Scope::Details,
        Scope::Help,
    ];

    /// Heading in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "Anywhere",
            Scope::Text => "In a text field",
            Scope::Who => "Who step (recipes)",
            Scope::WhoForm => "Who step, a recipe's questions",
            Scope::Region => "Region step",
            Scope::Account => "Account step",
            Scope::Repositories => "Repositories step",
            Scope::RepositoryList => "Repository list",
            Scope::Actions => "Actions step",
            Scope::Review => "Review step",
            Scope::PipedReview => "Review step, output piped (`ecr-policy > file`)",
            Scope::ReviewGrants => "Review step, several grants or kept statements",
            Scope::ReviewFixes => "Review step, an import offers fixes",
            Scope::Preview => "Policy preview (focused)",
            Scope::Help => "Help",
            Scope::SavePrompt => "Save prompt",
            Scope::Confirm => "Question",
            Scope::QuitQuestion => "Quit question",
            Scope::TagPrompt => "Tag condition prompt",
            Scope::NamePrompt => "Policy name prompt",
            Scope::PrincipalPrompt => "Who will use the policy",
            Scope::CachePrompt => "Pull-through cache prefix prompt",
            Scope::Details => "Action details",
        }
    }
}

/// A key with modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

pub(super) const fn k(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

pub(super) const fn c(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        mods: KeyModifiers::NONE,
    }
}

pub(super) const fn ctrl(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        mods: KeyModifiers::CONTROL,
    }
}

impl Key {
    /// True for keys that type a character: in a text field they go to the field.
    pub fn is_printable(self) -> bool {
        matches!(self.code, KeyCode::Char(_))
            && !self
                .mods
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }

    fn matches(self, ev: &KeyEvent) -> bool {
        let mods = ev.modifiers - KeyModifiers::SHIFT;
        match (self.code, ev.code) {
            // Shift is part of the character itself ('?' or 'G').
            (KeyCode::Char(a), KeyCode::Char(b)) => {
                a == b && mods == self.mods - KeyModifiers::SHIFT
                    || a.eq_ignore_ascii_case(&b)
                        && self.mods.contains(KeyModifiers::CONTROL)
                        && mods == self.mods
            }
            (KeyCode::BackTab, KeyCode::BackTab) => true,
            (a, b) => a == b && ev.modifiers == self.mods,
        }
    }

    /// How the key is written in the footer and help.
    pub fn label(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(ch) => ch.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Backspace => "Bksp".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("C-{}", base.to_ascii_lowercase())
        } else {
            base
        }
    }
}

/// One binding: keys, what they do, where, and whether the footer shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    pub action: Action,
    /// Short footer label.
    pub label: &'static str,
    pub footer: bool,
}

pub(super) const fn b(
    scope: Scope,
    keys: &'static [Key],
    action: Action,
    label: &'static str,
    footer: bool,
) -> Binding {
    Binding {
        scope,
        keys,
        action,
        label,
        footer,
    }
}

/// The context a key is read in: scopes by priority, and whether a text field has focus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    pub scopes: Vec<Scope>,
    pub text_focus: bool,
}

/// The bindings that apply in a context, in priority order, skipping printable keys
/// while a text field has focus.
pub fn active(ctx: &Context) -> impl Iterator<Item = (&'static Binding, Vec<Key>)> + '_ {
    ctx.scopes.iter().enumerate().flat_map(move |(i, scope)| {
        // A key an earlier scope binds never reaches this one: leave it out, so the footer
        // does not offer it twice (pipe mode's Enter over Review's Enter).
        let shadowed = move |key: &Key| {
            ctx.scopes[..i]
                .iter()
                .any(|s| bindings().any(|b| b.scope == *s && b.keys.contains(key)))
        };
        bindings()
            .filter(move |b| b.scope == *scope)
            .filter_map(move |b| {
                let keys: Vec<Key> = b
                    .keys
                    .iter()
                    .copied()
                    .filter(|key| !(shadowed(key) || ctx.text_focus && key.is_printable()))
                    .collect();
                (!keys.is_empty()).then_some((b, keys))
            })
    })
}

/// Maps a key press to an action in a context; unbound printable keys type into a focused field.
pub fn dispatch(ctx: &Context, ev: &KeyEvent) -> Option<Action> {
    if let Some((b, _)) = active(ctx).find(|(_, keys)| keys.iter().any(|k| k.matches(ev))) {
        return Some(b.action.clone());
    }
    match ev.code {
        KeyCode::Char(ch)
            if ctx.text_focus
                && !ev
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(Action::Text(TextEdit::Char(ch)))
        }
        _ => None,
    }
}

/// Footer hints for a context: `(keys, label, action)`, one per action, in priority order.
pub fn footer_hints(ctx: &Context) -> Vec<(String, &'static str, &'static Action)> {
    let mut seen: Vec<&Action> = Vec::new();
    let mut out = Vec::new();
    for (b, keys) in active(ctx) {
        if !b.footer || seen.contains(&&b.action) {
            continue;
        }
        seen.push(&b.action);
        out.push((
            keys.iter().map(|k| k.label()).collect::<Vec<_>>().join("/"),
            b.label,
            &b.action,
        ));
    }
    out
}

/// The keys of the first binding of `action`, as the footer writes them (`C-o/F6`).
pub fn keys_for(action: &Action) -> String {
    bindings()
        .find(|b| b.action == *action)
        .map(|b| {
            b.keys
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_default()
}

/// The keys of `action` in one scope (`Enter`), as the footer writes them.
pub fn keys_in(scope: Scope, action: &Action) -> String {
    bindings()
        .find(|b| b.scope == scope && b.action == *action)
        .map(|b| {
            b.keys
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_default()
}

/// The first key of `action` in one scope (`←` of `←/h`), for hints written as a sentence.
pub fn first_key_in(scope: Scope, action: &Action) -> String {
    bindings()
        .find(|b| b.scope == scope && b.action == *action)
        .and_then(|b| b.keys.first())
        .map(|k| k.label())
        .unwrap_or_default()
}

/// The hints of one popup scope as one line: `s save · c copy · Esc stay`.
pub fn scope_hints(scope: Scope) -> String {
    let ctx = Context {
        scopes: vec![scope],
        text_focus: false,
    };
    footer_hints(&ctx)
        .into_iter()
        .map(|(keys, label, _)| format!("{keys} {label}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The key table in Markdown, as README.md shows it (a test keeps the two identical).
pub fn markdown_table() -> String {
    let mut out = String::from("| Where | Keys | Footer | What it does |\n|---|---|---|---|\n");
    for b in bindings() {
        let keys: Vec<String> = b.keys.iter().map(|k| format!("`{}`", k.label())).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            b.scope.title(),
            keys.join(" "),
            b.label,
            b.action.description()
        );
    }
    out
}

#[cfg(test)]
#[path = "keymap_tests.rs"]
mod tests;

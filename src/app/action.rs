//! Everything that can happen to the wizard (actions) and everything it asks the outside
//! world to do (effects). Each bindable action carries its own description for the help.

use std::path::PathBuf;

use super::state::Step;

/// An input to [`crate::app::update::update`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    ForceQuit,
    Help,
    Back,
    NextStep,
    PrevStep,
    /// Jump to a step (a click on the step bar).
    GoTo(Step),
    Copy,
    Save,
    TogglePreview,
    /// Move focus between the step pane and the policy preview.
    SwitchPane,
    PreviewUp,
    PreviewDown,
    WheelUp,
    WheelDown,
    /// The mouse wheel over a pane (rows; negative is up).
    Scroll(Pane, i16),
    /// A left click on something the view found under the pointer.
    Click(Target),
    /// Turn mouse capture off (so the terminal selects text) or back on.
    ToggleMouse,
    Suspend,
    EditTags,
    /// Open the policy name prompt (Review).
    EditName,
    /// Review: add a grant in the same registry.
    AddGrant,
    /// Review: edit the selected grant in the steps.
    EditGrant,
    /// Review: remove the selected grant or kept statement (after a question).
    RemoveGrant,
    /// Review: apply the import's offered fixes.
    ApplyFixes,
    /// Open the "who will use the policy" prompt (Review).
    EditPrincipal,
    /// Show the other document of an access path: identity or repository policy (Review).
    SwitchDocument,
    /// Switch between Amazon ECR (private) and Amazon ECR Public (Review).
    SwitchRegistry,
    /// Open the pull-through cache prefix prompt (Actions).
    EditCachePrefix,
    /// A key whose meaning depends on the step or popup that has focus.
    Local(Local),
    /// An answer to the quit question.
    Leave(Leave),
    /// Editing the focused text field.
    Text(TextEdit),
    Paste(String),
    // Results of effects, fed back in by the runtime.
    Copied(Result<CopyMethod, String>),
    Saved(Result<SavedFile, SaveFailure>),
}

/// The two panes of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Step,
    Preview,
}

/// What a click landed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A step in the step bar.
    Step(Step),
    /// A tab of the narrow layout.
    Tab(Pane),
    /// A row of the step's list (region, repository or action row), by index.
    Row(usize),
    /// The checkbox of an actions row.
    Checkbox(usize),
    /// The step's text field.
    Field,
}

/// Keys handled by the step or popup with focus; each of them matches all of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Local {
    Up,
    Down,
    Confirm,
    Toggle,
    Remove,
    Edit,
    NextPreset,
    PrevPreset,
    ExpandActions,
    RemoveTag,
    Details,
    NextFormat,
    /// Enter on Review when the output is piped: print the policy to standard output and end.
    Finish,
    Yes,
    No,
}

/// The answers to "Quit?" (never `y`, which copies elsewhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leave {
    /// Open the save prompt; quit once the file is written.
    Save,
    /// Copy; quit once a clipboard confirms the copy.
    Copy,
    /// Quit, then print the policy to the terminal after leaving the alternate screen.
    Print,
    /// Quit and drop the work.
    Discard,
}

/// Editing keys of a text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEdit {
    Char(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    KillToStart,
    KillToEnd,
    KillWord,
}

impl Action {
    /// What the action does, for the help overlay.
    pub fn description(&self) -> &'static str {
        match self {
            Action::Quit => "Quit (asks first when work would be lost)",
            Action::ForceQuit => "Quit at once (prints unsaved work)",
            Action::Help => "Show or hide this help",
            Action::Back => "Close a popup, or go back one step",
            Action::NextStep => "Next step",
            Action::PrevStep => "Previous step",
            Action::GoTo(_) => "Go to a step",
            Action::Copy => "Copy the policy to the clipboard",
            Action::Save => "Save the policy to a file",
            Action::TogglePreview => "Show or hide the preview",
            Action::SwitchPane => "Focus the step or the policy preview (tabs below 100 columns)",
            Action::PreviewUp => "Scroll the focused pane up a page",
            Action::PreviewDown => "Scroll the focused pane down a page",
            Action::WheelUp | Action::WheelDown | Action::Scroll(..) => {
                "Scroll the pane under the pointer"
            }
            Action::Click(_) => "Click a step, a row or a checkbox",
            Action::ToggleMouse => "Mouse off (select text in the terminal) or back on",
            Action::Suspend => "Suspend to the shell (fg to resume)",
            Action::EditTags => "Limit repository actions to tagged repositories (tag condition)",
            Action::EditName => "Name the policy (Terraform, CloudFormation, AWS CLI formats)",
            Action::AddGrant => "Add a grant in the same registry (starts at Repositories)",
            Action::EditGrant => "Edit the selected grant in the steps",
            Action::RemoveGrant => "Remove the selected grant or kept statement (asks first)",
            Action::ApplyFixes => {
                "Apply the import's listed fixes (they grant more than the original)"
            }
            Action::EditPrincipal => {
                "Who will use it: this account, another account's role or account, an \
                 organisation (o-…) or a service"
            }
            Action::SwitchDocument => {
                "Step through the identity, repository and registry policies (when another \
                 account or a service uses them)"
            }
            Action::SwitchRegistry => "Registry: Amazon ECR (private) or Amazon ECR Public",
            Action::EditCachePrefix => {
                "Pull-through cache: the cache rule's prefix (adds PREFIX/* to the repositories)"
            }
            Action::Local(l) => l.description(),
            Action::Leave(Leave::Save) => "Save to a file, then quit",
            Action::Leave(Leave::Copy) => "Copy, then quit once the clipboard confirms it",
            Action::Leave(Leave::Print) => "Quit and print the policy to the terminal",
            Action::Leave(Leave::Discard) => "Quit and discard what was entered",
            Action::Text(e) => e.description(),
            Action::Paste(_) => "Type text",
            Action::Copied(_) | Action::Saved(_) => "",
        }
    }
}

impl Local {
    /// What the key does, for the help overlay.
    pub fn description(self) -> &'static str {
        match self {
            Local::Up => "Move up",
            Local::Down => "Move down",
            Local::Confirm => "Choose / go on",
            Local::Toggle => "Turn on or off",
            Local::Remove => "Remove the selected repository",
            Local::Edit => "Edit the selected repository",
            Local::NextPreset => "Next preset",
            Local::PrevPreset => "Previous preset",
            Local::ExpandActions => "Show or hide every single action",
            Local::RemoveTag => "Remove the last tag condition",
            Local::Details => "Explain the highlighted action, task or preset",
            Local::NextFormat => {
                "Next output format: JSON, Terraform, CloudFormation, AWS CLI command"
            }
            Local::Finish => {
                "Done: print the policy to standard output and quit (when the output is piped)"
            }
            Local::Yes => "Yes",
            Local::No => "No",
        }
    }
}

impl TextEdit {
    /// What the key does, for the help overlay.
    pub fn description(self) -> &'static str {
        match self {
            TextEdit::KillToStart => "Clear the text before the cursor",
            TextEdit::KillToEnd => "Clear the text after the cursor",
            TextEdit::KillWord => "Delete the word before the cursor",
            TextEdit::Backspace => "Delete the character before the cursor",
            TextEdit::Delete => "Delete the character under the cursor",
            TextEdit::Left | TextEdit::Right => "Move the cursor",
            TextEdit::Home => "Cursor to the start",
            TextEdit::End => "Cursor to the end",
            TextEdit::Char(_) => "Type text",
        }
    }
}

/// How a copy left the wizard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyMethod {
    /// The system clipboard (X11/Wayland, macOS, Windows) took the text.
    System,
    /// An OSC 52 escape sequence was written to the terminal.
    Osc52,
}

/// Whether anything confirmed that a copy arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// The clipboard took the text: the policy counts as delivered.
    Confirmed,
    /// Sent, but nothing can confirm it arrived (a terminal ignores OSC 52 silently): the
    /// policy does not count as delivered, so quitting still asks.
    Unconfirmed,
}

impl CopyMethod {
    /// Whether a copy this way is known to have arrived.
    pub fn delivery(self) -> Delivery {
        match self {
            CopyMethod::System => Delivery::Confirmed,
            CopyMethod::Osc52 => Delivery::Unconfirmed,
        }
    }
}

/// Where a policy was saved: the path as typed (absolute) and, when that path is a symbolic
/// link, the file written through it (the link itself is never replaced).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedFile {
    pub path: PathBuf,
    pub link_target: Option<PathBuf>,
}

impl From<PathBuf> for SavedFile {
    /// A save to a plain path, not through a link.
    fn from(path: PathBuf) -> Self {
        SavedFile {
            path,
            link_target: None,
        }
    }
}

impl std::fmt::Display for SavedFile {
    /// The path, and through a link which file changed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(t) = &self.link_target {
            write!(f, " (a symbolic link: wrote its target {})", t.display())?;
        }
        Ok(())
    }
}

/// Why a save failed, as data the wizard can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveFailure {
    /// The file exists: ask before replacing it.
    Exists(PathBuf),
    /// Anything else, already in plain words.
    Other(String),
}

/// Something only the runtime can do; the state machine returns these and never does I/O.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    CopyToClipboard(String),
    SaveFile {
        path: PathBuf,
        contents: String,
        replace: bool,
    },
    Suspend,
    /// Pipe mode is done: this document goes to standard output after the terminal is restored.
    Finish(String),
    /// Turn mouse capture on or off.
    SetMouseCapture(bool),
    Quit,
    /// Quit, and print this text once the terminal is restored.
    QuitAndPrint(String),
}

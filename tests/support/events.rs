//! Random terminal events for the robustness tests: keys (printable, control, function,
//! unicode), pastes (text, image URIs and ARNs, 10,000 characters), mouse, resize and focus.

use proptest::prelude::*;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::app::ACCT;

/// One step of a sequence: a raw event, or text typed key by key (to reach deeper states).
#[derive(Debug, Clone)]
pub enum Input {
    Event(Event),
    Type(&'static str),
}

/// How a copy or save requested by the state machine turns out.
#[derive(Debug, Clone, Copy)]
pub enum Outcome {
    Works,
    Exists,
    Fails,
}

const REGIONS: [&str; 8] = [
    "us-east-1",
    "eu-west-1",
    "us-gov-west-1",
    "cn-north-1",
    "us-iso-east-1",
    "eusc-de-east-1",
    "xx-nowhere-9",
    "*",
];

pub fn odd_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::sample::select(vec![
            'é', 'ß', 'İ', 'ﬀ', '漢', '字', 'ｱ', '🙂', '👍', '🦀', '\u{301}', '\u{200d}',
            '\u{fe0f}', '\u{0}', '\u{7f}', '\u{1b}', '\u{2028}', '\t', '\n', '\r',
        ]),
        1 => any::<char>(),
    ]
}

pub fn key_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        6 => (0x20u8..0x7f).prop_map(|b| KeyCode::Char(char::from(b))),
        2 => odd_char().prop_map(KeyCode::Char),
        4 => prop::sample::select(vec![
            KeyCode::Enter, KeyCode::Esc, KeyCode::Tab, KeyCode::BackTab, KeyCode::Backspace,
            KeyCode::Delete, KeyCode::Home, KeyCode::End, KeyCode::PageUp, KeyCode::PageDown,
            KeyCode::Up, KeyCode::Down, KeyCode::Left, KeyCode::Right, KeyCode::Insert,
            KeyCode::Null, KeyCode::CapsLock, KeyCode::Menu,
        ]),
        1 => (0u8..=24).prop_map(KeyCode::F),
    ]
}

pub fn key() -> impl Strategy<Value = Event> {
    let mods = prop_oneof![
        8 => Just(KeyModifiers::NONE),
        1 => Just(KeyModifiers::SHIFT),
        2 => Just(KeyModifiers::CONTROL),
        1 => Just(KeyModifiers::ALT),
        1 => Just(KeyModifiers::CONTROL | KeyModifiers::SHIFT),
        1 => Just(KeyModifiers::CONTROL | KeyModifiers::ALT),
        1 => Just(KeyModifiers::SUPER),
    ];
    let kind = prop_oneof![
        8 => Just(KeyEventKind::Press),
        1 => Just(KeyEventKind::Repeat),
        1 => Just(KeyEventKind::Release),
    ];
    (key_code(), mods, kind).prop_map(|(c, m, k)| Event::Key(KeyEvent::new_with_kind(c, m, k)))
}

/// Image URIs and ARNs from valid and broken fragments.
pub fn reference() -> impl Strategy<Value = String> {
    let account = prop_oneof![
        Just(ACCT.to_string()),
        Just("999999999999".to_string()),
        "[0-9]{0,14}",
    ];
    let region = prop::sample::select(REGIONS.to_vec());
    let partition = prop::sample::select(vec![
        "aws",
        "aws-cn",
        "aws-us-gov",
        "aws-iso",
        "aws-eusc",
        "aws-x",
        "",
    ]);
    let suffix = prop::sample::select(vec![
        "amazonaws.com",
        "amazonaws.com.cn",
        "c2s.ic.gov",
        "example.org",
    ]);
    let name = prop_oneof![
        prop::sample::select(vec![
            "my-app", "team/web", "team/*", "*", "UP", "a", "", "a//b"
        ])
        .prop_map(str::to_string),
        "[a-z0-9._/*-]{0,20}",
    ];
    let tag = prop::sample::select(vec!["", ":latest", "@sha256:abc", ":", "/"]);
    (account, region, partition, suffix, name, tag, any::<bool>()).prop_map(
        |(a, r, p, s, n, t, arn)| {
            if arn {
                format!("arn:{p}:ecr:{r}:{a}:repository/{n}")
            } else {
                format!("{a}.dkr.ecr.{r}.{s}/{n}{t}")
            }
        },
    )
}

pub fn paste() -> impl Strategy<Value = Event> {
    prop_oneof![
        3 => reference(),
        1 => reference().prop_map(|r| format!("  {r}\n")),
        2 => ".{0,40}",
        1 => prop::collection::vec(odd_char(), 0..20).prop_map(|v| v.into_iter().collect()),
        1 => (odd_char(), "[ -~]{1,8}").prop_map(|(c, s)| format!("{c}{s}").repeat(10_000)
            .chars().take(10_000).collect()),
    ]
    .prop_map(Event::Paste)
}

pub fn mouse() -> impl Strategy<Value = Event> {
    let kind = prop::sample::select(vec![
        MouseEventKind::ScrollUp,
        MouseEventKind::ScrollDown,
        MouseEventKind::ScrollLeft,
        MouseEventKind::Down(MouseButton::Left),
        MouseEventKind::Up(MouseButton::Left),
        MouseEventKind::Drag(MouseButton::Right),
        MouseEventKind::Moved,
    ]);
    (kind, 0u16..400, 0u16..200).prop_map(|(kind, column, row)| {
        Event::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    })
}

pub fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        10 => key().prop_map(Input::Event),
        3 => prop::sample::select(vec![
            "tokyo\r", "gov\r", "frank", "123456789012\r", "1234-5678-9012", "my-app\r",
            "team/*\r", "\r", "\r\r", "\t", "q", "y", "n", "s", "policy.json\r",
        ])
        .prop_map(Input::Type),
        2 => paste().prop_map(Input::Event),
        1 => mouse().prop_map(Input::Event),
        1 => (1u16..=300, 1u16..=100).prop_map(|(w, h)| Input::Event(Event::Resize(w, h))),
        1 => prop::sample::select(vec![Event::FocusGained, Event::FocusLost]).prop_map(Input::Event),
    ]
}

pub fn outcome() -> impl Strategy<Value = Outcome> {
    prop_oneof![
        3 => Just(Outcome::Works),
        1 => Just(Outcome::Exists),
        1 => Just(Outcome::Fails),
    ]
}

pub fn events(input: &Input) -> Vec<Event> {
    match input {
        Input::Event(e) => vec![e.clone()],
        Input::Type(text) => text
            .chars()
            .map(|c| {
                let code = match c {
                    '\r' => KeyCode::Enter,
                    '\t' => KeyCode::Tab,
                    c => KeyCode::Char(c),
                };
                Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
            })
            .collect(),
    }
}

//! The keys of `cargo xtask watch`, read one at a time without Enter on a thread of their own.

use console::{Key, Term};

/// What a key asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// `h`: the next hint level of the current exercise.
    Hint,
    /// `n`: the next exercise not solved yet.
    Next,
    /// `l`: the list of lessons and the exercises solved in each; `l` again goes back.
    List,
    /// `Esc`: back to the exercise from the list.
    Back,
    /// `r`: check the current lesson again without saving.
    Recheck,
    /// `q`, or Ctrl-C: stop watching.
    Quit,
}

/// The keys line of the screen.
pub const KEYS_LINE: &str = "h hint · n next exercise · l list · r check again · q quit";

/// What `key` asks for, if anything; letters in either case.
pub fn action(key: &Key) -> Option<Action> {
    match key {
        Key::Char(c) => match c.to_ascii_lowercase() {
            'h' => Some(Action::Hint),
            'n' => Some(Action::Next),
            'l' => Some(Action::List),
            'r' => Some(Action::Recheck),
            'q' => Some(Action::Quit),
            _ => None,
        },
        Key::Escape => Some(Action::Back),
        Key::CtrlC => Some(Action::Quit),
        _ => None,
    }
}

/// Reads keys from the terminal on a thread of its own and hands each action to `on_action`,
/// until [`Action::Quit`] or until the terminal cannot be read. Each key is read in raw mode
/// (no Enter, no echo, Ctrl-C as a key), which is switched off again before the action is
/// handed on, so that after `q` the terminal is left as it was found.
pub fn spawn(mut on_action: impl FnMut(Action) + Send + 'static) {
    std::thread::spawn(move || {
        let term = Term::stdout();
        while let Ok(key) = term.read_key_raw() {
            if let Some(action) = action(&key) {
                on_action(action);
                if action == Action::Quit {
                    break;
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_in_either_case_escape_and_ctrl_c_are_actions() {
        for (key, expected) in [
            (Key::Char('h'), Some(Action::Hint)),
            (Key::Char('H'), Some(Action::Hint)),
            (Key::Char('n'), Some(Action::Next)),
            (Key::Char('l'), Some(Action::List)),
            (Key::Char('r'), Some(Action::Recheck)),
            (Key::Char('q'), Some(Action::Quit)),
            (Key::Char('Q'), Some(Action::Quit)),
            (Key::CtrlC, Some(Action::Quit)),
            (Key::Escape, Some(Action::Back)),
            (Key::Char('x'), None),
            (Key::Enter, None),
            (Key::ArrowUp, None),
        ] {
            assert_eq!(action(&key), expected, "{key:?}");
        }
    }

    #[test]
    fn the_keys_line_names_every_letter() {
        for letter in ["h ", "n ", "l ", "r ", "q "] {
            assert!(KEYS_LINE.contains(letter), "{letter}");
        }
    }
}

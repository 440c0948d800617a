//! `cargo xtask watch [LESSON]`: the learner's loop on one screen. It starts at the first
//! exercise not solved (of the lesson, or of the course in book order), checks it, and checks a
//! lesson again each time its `src/exercises.rs` is saved; once the exercise is solved it moves
//! on to the next. Keys: `h` hint, `n` next exercise, `l` list, `r` check again, `q` quit.
//!
//! Three kinds of work run at once and meet in one channel of [`Event`]s, which the loop in
//! [`watch`] waits on: a thread reads keys ([`keys`]), the file watcher reports saves
//! ([`files`]), and each check runs in a child process whose results a thread reads as they come
//! ([`check`]), so that the screen answers keys while Cargo builds. What the loop knows is a
//! [`Watch`]; [`screen`] draws it. When standard input or output is not a terminal there are no
//! keys and no screen: each check's report is printed after the last ([`Mode`]).

mod check;
mod files;
mod keys;
mod screen;

pub use check::{report as check_for_watch, COMMAND as CHECK_COMMAND};

use crate::curriculum::{Curriculum, Exercise, Lesson};
use crate::exercises::{self, Outcome};
use crate::hints::{self, Ask};
use crate::progress::{ExerciseKey, Progress};
use anyhow::{bail, Result};
use check::{Check, Ended, Message};
use console::style;
use keys::Action;
use screen::Screen;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::mpsc;

/// How `watch` talks to the learner, from whether its standard input and output are terminals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Both are: one screen, redrawn on each change, and keys.
    Screen,
    /// One is not (`not_a_terminal` names it): no keys; each check's report is printed after
    /// the last.
    Plain { not_a_terminal: &'static str },
}

impl Mode {
    /// The mode for a standard input and output that are, or are not, terminals.
    pub fn choose(stdin_is_terminal: bool, stdout_is_terminal: bool) -> Self {
        match (stdin_is_terminal, stdout_is_terminal) {
            (true, true) => Mode::Screen,
            (false, _) => Mode::Plain {
                not_a_terminal: "standard input",
            },
            (true, false) => Mode::Plain {
                not_a_terminal: "standard output",
            },
        }
    }

    /// What the plain mode says once, at the start.
    pub fn note(self) -> Option<String> {
        match self {
            Mode::Screen => None,
            Mode::Plain { not_a_terminal } => Some(format!(
                "{not_a_terminal} is not a terminal, so there are no keys: each time a lesson's \
                 src/exercises.rs is saved, it is checked again and the result printed below. \
                 Stop with Ctrl-C."
            )),
        }
    }
}

/// Something that happened, for the loop to handle.
enum Event {
    /// A key was pressed.
    Key(Action),
    /// A lesson's `src/exercises.rs` was saved: its id.
    Saved(String),
    /// The running check reported something.
    Check(Message),
    /// The running check's process ended.
    CheckEnded(Ended),
    /// Watching the files failed.
    Trouble(String),
}

/// The check running now.
struct Running {
    /// The lessons it checks, by id.
    lessons: Vec<String>,
    /// Whether the build is over and the tests are running.
    built: bool,
    /// Whether it is the first check, of the whole course.
    startup: bool,
    /// The exercises whose result it changed, in the order reported: the ones the learner
    /// worked on.
    changed: Vec<ExerciseKey>,
}

/// What the loop knows: the course's progress, the latest result of each exercise, the
/// exercise on screen, and what is running.
pub struct Watch<'c> {
    curriculum: &'c Curriculum,
    /// How the learner asks for a hint: `h` on the screen, the command in the plain mode.
    ask: Ask,
    /// The lesson asked for on the command line: where to start.
    scope: Option<String>,
    progress: Progress,
    /// The latest outcome of each exercise, from the last check in which its lesson compiled.
    outcomes: BTreeMap<ExerciseKey, Outcome>,
    /// The compiler's errors, for each lesson whose exercises did not compile.
    errors: BTreeMap<String, Vec<String>>,
    /// The exercise on screen; `None` before the start is known, or once all are solved.
    current: Option<ExerciseKey>,
    /// Whether the first exercise to show has been settled.
    settled: bool,
    /// The exercise just solved, shown above the current one until something else happens.
    solved: Option<ExerciseKey>,
    /// The hints shown for the current exercise.
    hint: Option<String>,
    /// A line about the last key or trouble.
    note: Option<String>,
    /// Whether the list of lessons is on screen.
    listing: bool,
    running: Option<Running>,
    /// Lessons saved while a check ran, to check when it ends.
    queued: Vec<String>,
    /// Why the last check failed to run, if it did.
    failure: Option<String>,
}

impl<'c> Watch<'c> {
    /// Nothing checked yet; `scope` is the lesson to start in (an id), if any.
    fn new(curriculum: &'c Curriculum, scope: Option<String>, ask: Ask) -> Self {
        Watch {
            curriculum,
            ask,
            scope,
            progress: Progress::new(curriculum),
            outcomes: BTreeMap::new(),
            errors: BTreeMap::new(),
            current: None,
            settled: false,
            solved: None,
            hint: None,
            note: None,
            listing: false,
            running: None,
            queued: Vec::new(),
            failure: None,
        }
    }

    /// The lessons of the first check: the one asked for first (its result comes first), then
    /// every other lesson with exercises, in book order, for the course's progress.
    fn startup_lessons(&self) -> Vec<String> {
        let mut lessons: Vec<String> = self.scope.iter().cloned().collect();
        for (lesson, c) in self.curriculum.written() {
            if !c.exercises.is_empty() && !lessons.contains(&lesson.id) {
                lessons.push(lesson.id.clone());
            }
        }
        lessons
    }

    /// The lesson and exercise of `key`.
    fn find(&self, key: &ExerciseKey) -> Option<(&'c Lesson, &'c Exercise)> {
        let lesson = self
            .curriculum
            .lessons
            .iter()
            .find(|l| l.id == key.lesson)?;
        let exercise = lesson
            .written
            .as_ref()?
            .exercises
            .iter()
            .find(|e| e.name == key.exercise)?;
        Some((lesson, exercise))
    }

    /// A check of `lessons` has started.
    fn started(&mut self, lessons: Vec<String>) {
        let startup = !self.settled;
        self.running = Some(Running {
            lessons,
            built: false,
            startup,
            changed: Vec::new(),
        });
    }

    /// A save of a lesson's exercises: the lessons to check now, or `None` if a check is
    /// running (the lesson is checked when it ends).
    fn on_saved(&mut self, lesson: String) -> Option<Vec<String>> {
        self.note = None;
        if self.running.is_some() {
            if !self.queued.contains(&lesson) {
                self.queued.push(lesson);
            }
            return None;
        }
        Some(vec![lesson])
    }

    /// A key: what it changes, and the lessons to check now, if any.
    fn on_action(&mut self, action: Action) -> Option<Vec<String>> {
        self.note = None;
        match action {
            Action::Hint => {
                self.listing = false;
                match self.current.as_ref().and_then(|key| self.find(key)) {
                    Some((lesson, exercise)) => {
                        self.hint = Some(hints::reveal_next(
                            &self.curriculum.root,
                            lesson,
                            exercise,
                            self.ask,
                        ));
                    }
                    None => self.note = Some("There is no exercise to give a hint for.".into()),
                }
            }
            Action::Next => {
                self.listing = false;
                let next = self
                    .current
                    .as_ref()
                    .and_then(|key| self.progress.next_after(key))
                    .cloned();
                match next {
                    Some(next) => self.go_to(Some(next)),
                    None => self.note = Some("No other exercise is left to solve.".into()),
                }
            }
            Action::List => self.listing = !self.listing,
            Action::Back => self.listing = false,
            Action::Recheck => {
                let lesson = self
                    .current
                    .as_ref()
                    .map(|key| key.lesson.clone())
                    .or_else(|| self.scope.clone());
                return match lesson {
                    Some(lesson) => self.on_saved(lesson),
                    None if self.running.is_some() => None,
                    None => Some(self.startup_lessons()),
                };
            }
            Action::Quit => {}
        }
        None
    }

    /// Shows `key` (or that everything is solved), without hints or the last success.
    fn go_to(&mut self, key: Option<ExerciseKey>) {
        self.current = key;
        self.hint = None;
        self.solved = None;
    }

    /// A message of the running check.
    fn on_message(&mut self, message: Message) {
        match message {
            Message::Built => {
                if let Some(running) = &mut self.running {
                    running.built = true;
                }
            }
            Message::DoesNotCompile { lesson, errors } => {
                // The outcomes before the error stay, to tell what the fix changes.
                self.progress.record_lesson_unsolved(&lesson);
                let keys: Vec<ExerciseKey> = self.progress.of_lesson(&lesson).cloned().collect();
                if self.errors.insert(lesson, errors.clone()) != Some(errors) {
                    self.changed(keys);
                }
            }
            Message::Checked {
                lesson,
                exercise,
                outcome,
            } => {
                self.errors.remove(&lesson);
                let key = ExerciseKey::new(&lesson, &exercise);
                let passed = outcome.passed();
                self.progress.record(&key, passed);
                let before = self.outcomes.insert(key.clone(), outcome);
                let changed = before.as_ref() != self.outcomes.get(&key);
                if changed {
                    self.changed(vec![key.clone()]);
                }
                if passed && self.current.as_ref() == Some(&key) {
                    let next = self.progress.next_after(&key).cloned();
                    self.go_to(next);
                    self.solved = Some(key);
                } else if passed && changed && self.running.as_ref().is_some_and(|r| !r.startup) {
                    // Solved while another exercise was on screen: worth a line all the same.
                    self.solved = Some(key);
                }
            }
        }
        self.settle(false);
    }

    /// Notes that a check (other than the first) changed these exercises' results.
    fn changed(&mut self, keys: Vec<ExerciseKey>) {
        if let Some(running) = self.running.as_mut().filter(|r| !r.startup) {
            running.changed.extend(keys);
        }
    }

    /// Picks the first exercise to show once it is known: the start ([`Progress::start`]) as
    /// soon as it has been checked (an exercise not checked yet may still turn out solved), or
    /// whatever is known when the first check is over.
    fn settle(&mut self, check_over: bool) {
        if self.settled {
            return;
        }
        let start = self.progress.start(self.scope.as_deref()).cloned();
        if check_over
            || start
                .as_ref()
                .is_some_and(|key| self.progress.is_checked(key))
        {
            self.current = start;
            self.settled = true;
        }
    }

    /// The running check ended: the lessons to check now (those saved meanwhile), if any. If
    /// the check left the exercise on screen as it was but changed another one not solved, the
    /// learner is working on that one: it comes on screen.
    fn on_ended(&mut self, ended: Ended) -> Option<Vec<String>> {
        let changed = self.running.take().map(|r| r.changed).unwrap_or_default();
        if let Some(current) = &self.current {
            if !changed.contains(current) {
                if let Some(edited) = changed.iter().find(|key| !self.progress.is_solved(key)) {
                    self.current = Some(edited.clone());
                    self.hint = None;
                }
            }
        }
        self.failure = (!ended.success).then(|| {
            let reason = ended.stderr.lines().last().unwrap_or_default().trim();
            let reason = reason.strip_prefix("error: ").unwrap_or(reason);
            if reason.is_empty() {
                "the check stopped without saying why".to_string()
            } else {
                reason.to_string()
            }
        });
        self.settle(true);
        if self.queued.is_empty() {
            None
        } else {
            Some(std::mem::take(&mut self.queued))
        }
    }

    /// The current exercise as `verify` would show it, with `h` for hints.
    fn current_text(&self) -> Option<String> {
        let key = self.current.as_ref()?;
        let (lesson, exercise) = self.find(key)?;
        if let Some(errors) = self.errors.get(&key.lesson) {
            let mut lines = vec![
                exercises::result_line(lesson, exercise, false),
                format!(
                    "    the exercises of {} do not compile; the compiler says:",
                    lesson.id
                ),
            ];
            lines.extend(errors.iter().map(|e| e.trim_end().to_string()));
            return Some(lines.join("\n"));
        }
        let Some(outcome) = self.outcomes.get(key) else {
            return Some(format!(
                "{} {} {}: {}",
                style("…").dim(),
                lesson.id,
                exercise.name,
                exercise.summary
            ));
        };
        let seen = hints::HintsSeen::load(&self.curriculum.root).seen(&key.lesson, &key.exercise);
        Some(exercises::result_text(
            lesson, exercise, outcome, seen, self.ask,
        ))
    }
}

/// `cargo xtask watch [LESSON]`.
pub fn watch(curriculum: &Curriculum, lesson: Option<&str>) -> Result<ExitCode> {
    let scope = match lesson {
        Some(query) => {
            let (lesson, lesson_crate) = curriculum.find_written(query)?;
            if lesson_crate.exercises.is_empty() {
                bail!(
                    "lesson {} has no exercises; `cargo xtask watch` alone starts at the first \
                     exercise you have not solved",
                    lesson.id
                );
            }
            Some(lesson.id.clone())
        }
        None => None,
    };
    if Progress::new(curriculum).course().total == 0 {
        println!("No lesson has exercises yet.");
        return Ok(ExitCode::SUCCESS);
    }
    let mode = Mode::choose(
        std::io::stdin().is_terminal(),
        std::io::stdout().is_terminal(),
    );
    let (sender, events) = mpsc::channel();
    let saves = sender.clone();
    let troubles = sender.clone();
    let _watching = files::watch(
        curriculum,
        move |lesson| {
            let _ = saves.send(Event::Saved(lesson));
        },
        move |trouble| {
            let _ = troubles.send(Event::Trouble(trouble));
        },
    )?;
    if mode == Mode::Screen {
        let keys = sender.clone();
        keys::spawn(move |action| {
            let _ = keys.send(Event::Key(action));
        });
    }

    let ask = match mode {
        Mode::Screen => Ask::WatchKey,
        Mode::Plain { .. } => Ask::Command,
    };
    let mut watch = Watch::new(curriculum, scope, ask);
    let mut screen = Screen::new(mode);
    let own_group = mode == Mode::Screen;
    let colours = console::colors_enabled();
    let mut check: Option<Check> = None;
    let mut to_check = Some(watch.startup_lessons());
    loop {
        if let Some(lessons) = to_check.take() {
            let (messages, ended) = (sender.clone(), sender.clone());
            match Check::start(
                &curriculum.root,
                &lessons,
                own_group,
                colours,
                move |message| {
                    let _ = messages.send(Event::Check(message));
                },
                move |end| {
                    let _ = ended.send(Event::CheckEnded(end));
                },
            ) {
                Ok(started) => {
                    check = Some(started);
                    watch.started(lessons);
                    screen.check_started(&watch);
                }
                Err(err) => watch.failure = Some(format!("{err:#}")),
            }
        }
        screen.draw(&watch);
        // The senders kept here hold the channel open: `recv` waits for the next event.
        let Ok(event) = events.recv() else { break };
        match event {
            Event::Key(Action::Quit) => break,
            Event::Key(action) => to_check = watch.on_action(action),
            Event::Saved(lesson) => to_check = watch.on_saved(lesson),
            Event::Check(message) => watch.on_message(message),
            Event::CheckEnded(ended) => {
                check = None;
                to_check = watch.on_ended(ended);
                screen.check_ended(&watch);
            }
            Event::Trouble(trouble) => {
                screen.trouble(&trouble);
                watch.note = Some(trouble);
            }
        }
    }
    if let Some(check) = &check {
        check.kill();
    }
    screen.finish();
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curriculum::fixtures::demo_lesson;
    use crate::curriculum::Lesson;

    #[test]
    fn without_a_terminal_on_either_side_there_are_no_keys_and_it_says_so() {
        assert_eq!(Mode::choose(true, true), Mode::Screen);
        assert_eq!(Mode::Screen.note(), None);
        for (stdin, stdout, named) in [
            (false, true, "standard input"),
            (false, false, "standard input"),
            (true, false, "standard output"),
        ] {
            let mode = Mode::choose(stdin, stdout);
            assert_eq!(
                mode,
                Mode::Plain {
                    not_a_terminal: named
                }
            );
            let note = mode.note().expect("the plain mode says so");
            assert!(
                note.starts_with(&format!("{named} is not a terminal, so there are no keys"))
                    && note.contains("saved, it is checked again"),
                "{note}"
            );
        }
    }

    /// Lessons p09 (add, scale) and p08 (mean), in that order, written.
    fn curriculum() -> Curriculum {
        let hints: &[&str] = &["A nudge.", "The calls."];
        let lesson = |id: &str, exercises: &[(&str, &[&str])]| {
            let (lesson, lesson_crate) = demo_lesson(exercises);
            Lesson {
                id: id.into(),
                written: Some(lesson_crate),
                ..lesson
            }
        };
        Curriculum {
            root: std::env::temp_dir(),
            lessons: vec![
                lesson("p09", &[("add", hints), ("scale", hints)]),
                lesson("p08", &[("mean", hints)]),
            ],
        }
    }

    fn checked(lesson: &str, exercise: &str, passed: bool) -> Message {
        Message::Checked {
            lesson: lesson.into(),
            exercise: exercise.into(),
            outcome: if passed {
                Outcome::Passed {
                    printed: String::new(),
                }
            } else {
                Outcome::Failed {
                    report: "wrong".into(),
                }
            },
        }
    }

    fn ended() -> Ended {
        Ended {
            success: true,
            stderr: String::new(),
        }
    }

    fn key(lesson: &str, exercise: &str) -> Option<ExerciseKey> {
        Some(ExerciseKey::new(lesson, exercise))
    }

    #[test]
    fn the_start_waits_for_its_result_then_solving_moves_on() {
        let curriculum = curriculum();
        let mut watch = Watch::new(&curriculum, Some("p08".into()), Ask::WatchKey);
        assert_eq!(watch.startup_lessons(), ["p08", "p09"]);
        watch.started(watch.startup_lessons());
        watch.on_message(Message::Built);
        watch.on_message(checked("p08", "mean", true));
        assert_eq!(watch.solved, None, "solved before: nothing to celebrate");
        // p08 is solved: the start is the next exercise not solved, p09's first, not checked yet.
        assert_eq!(watch.current, None);
        watch.on_message(checked("p09", "add", false));
        assert_eq!(watch.current, key("p09", "add"));
        watch.on_message(checked("p09", "scale", false));
        assert_eq!(watch.on_ended(ended()), None);

        watch.started(vec!["p09".into()]);
        watch.on_message(checked("p09", "add", true));
        assert_eq!(watch.current, key("p09", "scale"));
        assert_eq!(watch.solved, key("p09", "add"));
        watch.on_message(checked("p09", "scale", true));
        assert_eq!(watch.current, None, "all solved");
        assert_eq!(watch.progress.course().solved, 3);
    }

    #[test]
    fn saves_during_a_check_are_checked_when_it_ends() {
        let curriculum = curriculum();
        let mut watch = Watch::new(&curriculum, None, Ask::WatchKey);
        watch.started(watch.startup_lessons());
        assert_eq!(watch.on_saved("p08".into()), None);
        assert_eq!(watch.on_saved("p09".into()), None);
        assert_eq!(watch.on_saved("p08".into()), None);
        watch.on_message(Message::DoesNotCompile {
            lesson: "p09".into(),
            errors: vec!["error: expected `;`".into()],
        });
        watch.on_message(checked("p08", "mean", false));
        assert_eq!(
            watch.on_ended(ended()),
            Some(vec!["p08".to_string(), "p09".to_string()])
        );
        // p09 does not compile: its first exercise is where to start.
        assert_eq!(watch.current, key("p09", "add"));
        assert!(watch
            .current_text()
            .expect("shown")
            .contains("do not compile"));
        // Without a check running, a save is checked at once.
        assert_eq!(watch.on_saved("p09".into()), Some(vec!["p09".to_string()]));
    }

    #[test]
    fn next_skips_to_the_next_exercise_not_solved_and_says_when_there_is_none() {
        let curriculum = curriculum();
        let mut watch = Watch::new(&curriculum, None, Ask::WatchKey);
        watch.started(watch.startup_lessons());
        for (lesson, exercise, passed) in [
            ("p09", "add", false),
            ("p09", "scale", true),
            ("p08", "mean", false),
        ] {
            watch.on_message(checked(lesson, exercise, passed));
        }
        watch.on_ended(ended());
        assert_eq!(watch.current, key("p09", "add"));
        assert_eq!(watch.on_action(Action::Next), None);
        assert_eq!(watch.current, key("p08", "mean"));
        watch.on_action(Action::Next);
        assert_eq!(watch.current, key("p09", "add"), "round to the start");
        watch.on_message(checked("p08", "mean", true));
        watch.on_action(Action::Next);
        assert_eq!(watch.current, key("p09", "add"));
        assert_eq!(
            watch.note.as_deref(),
            Some("No other exercise is left to solve.")
        );
        assert_eq!(watch.on_action(Action::Recheck), Some(vec!["p09".into()]));
    }

    #[test]
    fn the_exercise_the_learner_works_on_comes_on_screen() {
        let curriculum = curriculum();
        let mut watch = Watch::new(&curriculum, None, Ask::WatchKey);
        watch.started(watch.startup_lessons());
        for (lesson, exercise) in [("p09", "add"), ("p09", "scale"), ("p08", "mean")] {
            watch.on_message(checked(lesson, exercise, false));
        }
        watch.on_ended(ended());
        assert_eq!(watch.current, key("p09", "add"));

        // A save of p08 that changes nothing keeps the screen where it is.
        watch.started(vec!["p08".into()]);
        watch.on_message(checked("p08", "mean", false));
        watch.on_ended(ended());
        assert_eq!(watch.current, key("p09", "add"));

        // A save of p09 that breaks its build shows the build's errors, on `add`.
        watch.started(vec!["p09".into()]);
        watch.on_message(Message::DoesNotCompile {
            lesson: "p09".into(),
            errors: vec!["error: expected `;`".into()],
        });
        watch.on_ended(ended());
        assert_eq!(watch.current, key("p09", "add"));

        // Fixed, with `scale` answered wrongly: `add` is as before, `scale` comes on screen.
        watch.started(vec!["p09".into()]);
        watch.on_message(checked("p09", "add", false));
        watch.on_message(Message::Checked {
            lesson: "p09".into(),
            exercise: "scale".into(),
            outcome: Outcome::Failed {
                report: "expected 2, got 3".into(),
            },
        });
        watch.on_ended(ended());
        assert_eq!(watch.current, key("p09", "scale"));

        // `mean` solved from another window: a line says so, the screen stays on `scale`.
        watch.started(vec!["p08".into()]);
        watch.on_message(checked("p08", "mean", true));
        watch.on_ended(ended());
        assert_eq!(watch.current, key("p09", "scale"));
        assert_eq!(watch.solved, key("p08", "mean"));
    }

    #[test]
    fn a_check_that_fails_to_run_says_why_in_one_line() {
        let curriculum = curriculum();
        let mut watch = Watch::new(&curriculum, None, Ask::WatchKey);
        watch.started(watch.startup_lessons());
        watch.on_ended(Ended {
            success: false,
            stderr: "error: lesson p09 declares exercises but has no tests/exercises.rs".into(),
        });
        assert_eq!(
            watch.failure.as_deref(),
            Some("lesson p09 declares exercises but has no tests/exercises.rs")
        );
        assert!(watch.settled);
    }
}

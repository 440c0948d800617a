//! Graded hints: each exercise has several, from a nudge to the exact calls. `cargo xtask hint`
//! shows one level more each time it is asked about an exercise, and remembers the levels seen
//! in a small git-ignored file at the workspace root, [`SEEN_FILE`].

use crate::curriculum::{Exercise, Lesson, LessonCrate};
use anyhow::{bail, Context, Result};
use console::style;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// Where the hint levels already seen are kept, relative to the workspace root.
pub const SEEN_FILE: &str = ".learner/hints-seen.toml";

/// How many hint levels the learner has seen, by lesson id and exercise name.
#[derive(Default, Debug, PartialEq)]
pub struct HintsSeen {
    levels: BTreeMap<String, BTreeMap<String, usize>>,
}

impl HintsSeen {
    /// Reads [`SEEN_FILE`] under `root`. A missing, unreadable or malformed file means that
    /// nothing has been seen: hints are help, not a record worth failing over.
    pub fn load(root: &Path) -> Self {
        fs::read_to_string(root.join(SEEN_FILE))
            .map(|text| Self::parse(&text))
            .unwrap_or_default()
    }

    /// Reads the file's text; entries that are not a count of levels are ignored.
    fn parse(text: &str) -> Self {
        let Ok(table) = text.parse::<toml::Table>() else {
            return Self::default();
        };
        let mut levels = BTreeMap::new();
        for (lesson, exercises) in table {
            let Some(exercises) = exercises.as_table() else {
                continue;
            };
            let seen: BTreeMap<String, usize> = exercises
                .iter()
                .filter_map(|(name, level)| {
                    let level = usize::try_from(level.as_integer()?).ok()?;
                    Some((name.clone(), level))
                })
                .collect();
            levels.insert(lesson, seen);
        }
        HintsSeen { levels }
    }

    /// How many levels of `exercise`'s hints in lesson `lesson_id` have been shown.
    pub fn seen(&self, lesson_id: &str, exercise: &str) -> usize {
        self.levels
            .get(lesson_id)
            .and_then(|exercises| exercises.get(exercise))
            .copied()
            .unwrap_or(0)
    }

    /// Records that the hints of `exercise` have been shown up to `level`.
    pub fn record(&mut self, lesson_id: &str, exercise: &str, level: usize) {
        let seen = self
            .levels
            .entry(lesson_id.to_string())
            .or_default()
            .entry(exercise.to_string())
            .or_default();
        *seen = (*seen).max(level);
    }

    /// The file's text: a comment, then a table per lesson of the levels seen per exercise.
    fn to_toml(&self) -> Result<String> {
        let tables = toml::to_string(&self.levels).context("cannot write the hint levels")?;
        Ok(format!(
            "# The hint levels `cargo xtask hint` has shown you, per lesson and exercise.\n\
             # Delete this file to start again from the first hint.\n\n{tables}"
        ))
    }

    /// Writes [`SEEN_FILE`] under `root`, through a temporary file so that it is never left
    /// half-written.
    pub fn save(&self, root: &Path) -> Result<()> {
        let path = root.join(SEEN_FILE);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let temporary = path.with_extension("toml.tmp");
        fs::write(&temporary, self.to_toml()?)
            .with_context(|| format!("cannot write {}", temporary.display()))?;
        fs::rename(&temporary, &path)
            .with_context(|| format!("cannot replace {}", path.display()))?;
        Ok(())
    }
}

/// The exercise of a lesson named `name` (`mean_and_std`; `Mean-And-Std` works too), or one line
/// that lists the lesson's exercises.
pub fn find_exercise<'a>(
    lesson: &Lesson,
    lesson_crate: &'a LessonCrate,
    name: &str,
) -> Result<&'a Exercise> {
    let wanted = name.trim().to_lowercase().replace('-', "_");
    if let Some(exercise) = lesson_crate.exercises.iter().find(|e| e.name == wanted) {
        return Ok(exercise);
    }
    bail!(
        "lesson {} has no exercise `{name}`; its exercises are {}",
        lesson.id,
        exercise_names(lesson_crate)
    )
}

/// `` `a`, `b` and `c` ``: the names of a lesson's exercises, for a sentence.
pub fn exercise_names(lesson_crate: &LessonCrate) -> String {
    let names: Vec<String> = lesson_crate
        .exercises
        .iter()
        .map(|e| format!("`{}`", e.name))
        .collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// The command that shows the next hint of `exercise`.
pub fn hint_command(lesson: &Lesson, exercise: &Exercise) -> String {
    format!("cargo xtask hint {} {}", lesson.id, exercise.name)
}

/// How the learner asks for the next hint: with `cargo xtask hint`, or with the `h` key of
/// `cargo xtask watch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// `cargo xtask hint LESSON EXERCISE`.
    Command,
    /// The `h` key of `cargo xtask watch`.
    WatchKey,
}

impl Ask {
    /// What to run or press, quoted for a sentence: `` `cargo xtask hint p01 mean_and_std` ``.
    fn what(self, lesson: &Lesson, exercise: &Exercise) -> String {
        match self {
            Ask::Command => format!("`{}`", hint_command(lesson, exercise)),
            Ask::WatchKey => "`h`".to_string(),
        }
    }
}

/// Shows one hint level more of `exercise` than last time, remembers that in [`SEEN_FILE`]
/// under `root`, and returns the text to show ([`hints_text`]). A failure to remember adds a
/// note to the text: the hint itself is still worth showing.
pub fn reveal_next(root: &Path, lesson: &Lesson, exercise: &Exercise, ask: Ask) -> String {
    let mut seen = HintsSeen::load(root);
    let level = (seen.seen(&lesson.id, &exercise.name) + 1).min(exercise.hints.len());
    let mut text = hints_text(lesson, exercise, level, ask);
    seen.record(&lesson.id, &exercise.name, level);
    if let Err(err) = seen.save(root) {
        let _ = writeln!(
            text,
            "{} {err:#}: the next hint shows this level again",
            style("note:").yellow().bold()
        );
    }
    text
}

/// What `cargo xtask hint` prints when showing `exercise`'s hints up to `level` (1-based, at
/// most the number of hints): the exercise, each level under its `Hint k of N` heading, then
/// how to get the next one (`ask`), or, after the last, where the reference solution is. In
/// `watch` (`Ask::WatchKey`) the screen already names the exercise, and the text starts with
/// the first heading.
pub fn hints_text(lesson: &Lesson, exercise: &Exercise, level: usize, ask: Ask) -> String {
    let total = exercise.hints.len();
    let level = level.clamp(1, total.max(1));
    let mut out = String::new();
    if ask == Ask::Command {
        let _ = writeln!(
            out,
            "{} {}: {}\n",
            lesson.id,
            style(format!("`{}`", exercise.name)).bold(),
            exercise.summary
        );
    }
    for (number, hint) in exercise.hints.iter().enumerate().take(level) {
        let heading = format!("Hint {} of {total}", number + 1);
        let _ = write!(
            out,
            "{}\n{}\n\n",
            style(heading).cyan().bold(),
            crate::lessons::indent(hint, "    ")
        );
    }
    if level < total {
        let next = level + 1;
        let _ = match ask {
            Ask::Command => writeln!(
                out,
                "Run {} again for hint {next} of {total}.\nCheck your work with `cargo xtask \
                 verify {}`.",
                ask.what(lesson, exercise),
                lesson.id
            ),
            Ask::WatchKey => writeln!(
                out,
                "Press {} again for hint {next} of {total}.",
                ask.what(lesson, exercise)
            ),
        };
    } else {
        let _ = writeln!(
            out,
            "That was the last hint. The reference solution is in {}.",
            lesson.answer_file()
        );
    }
    out
}

/// The line under a failed exercise in `cargo xtask verify LESSON` (and `watch`): what to run
/// or press for help (`ask`), and what it will show given the `seen` levels.
pub fn stuck_line(lesson: &Lesson, exercise: &Exercise, seen: usize, ask: Ask) -> String {
    let total = exercise.hints.len();
    let how = ask.what(lesson, exercise);
    if seen == 0 {
        format!("stuck? {how} shows a first hint")
    } else if seen < total {
        format!("stuck? {how} shows hint {} of {total}", seen + 1)
    } else {
        format!(
            "stuck? {how} shows the {total} hints again; the reference solution is in {}",
            lesson.answer_file()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson() -> (Lesson, LessonCrate) {
        const HINTS: &[&str] = &["A nudge.", "More:\nthe exact calls.", "`a + b`"];
        crate::curriculum::fixtures::demo_lesson(&[("add", HINTS), ("mean_and_std", HINTS)])
    }

    #[test]
    fn each_call_shows_one_level_more_until_the_last() {
        console::set_colors_enabled(false);
        let (lesson, lesson_crate) = lesson();
        let exercise = &lesson_crate.exercises[0];
        assert_eq!(
            hints_text(&lesson, exercise, 1, Ask::Command),
            "p09 `add`: Write `add`.\n\nHint 1 of 3\n    A nudge.\n\n\
             Run `cargo xtask hint p09 add` again for hint 2 of 3.\n\
             Check your work with `cargo xtask verify p09`.\n"
        );
        assert_eq!(
            hints_text(&lesson, exercise, 3, Ask::Command),
            "p09 `add`: Write `add`.\n\nHint 1 of 3\n    A nudge.\n\n\
             Hint 2 of 3\n    More:\n    the exact calls.\n\nHint 3 of 3\n    `a + b`\n\n\
             That was the last hint. The reference solution is in answers/p09-demo.rs.\n"
        );
        // A record of more levels than there are (hints were removed) shows them all.
        assert_eq!(
            hints_text(&lesson, exercise, 7, Ask::Command),
            hints_text(&lesson, exercise, 3, Ask::Command)
        );
    }

    #[test]
    fn the_levels_seen_survive_a_round_trip_and_never_go_back() {
        let mut seen = HintsSeen::default();
        seen.record("p09", "add", 2);
        seen.record("p09", "add", 1);
        seen.record("p01", "mean_and_std", 1);
        let text = seen.to_toml().expect("levels are TOML");
        assert!(text.contains("[p09]\nadd = 2\n"), "{text}");
        let read = HintsSeen::parse(&text);
        assert_eq!(read, seen);
        assert_eq!(read.seen("p09", "add"), 2);
        assert_eq!(read.seen("p09", "mean_and_std"), 0);
        assert_eq!(read.seen("p02", "add"), 0);
    }

    #[test]
    fn a_damaged_file_means_nothing_seen() {
        assert_eq!(HintsSeen::parse("[p09\nadd = "), HintsSeen::default());
        let partly = HintsSeen::parse("[p09]\nadd = -1\nsub = \"x\"\nmean = 2\n");
        assert_eq!(partly.seen("p09", "add"), 0);
        assert_eq!(partly.seen("p09", "mean"), 2);
    }

    #[test]
    fn the_file_is_written_whole_and_read_back() {
        let root = std::env::temp_dir().join(format!("xtask-hints-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        assert_eq!(HintsSeen::load(&root), HintsSeen::default());
        let mut seen = HintsSeen::default();
        seen.record("p09", "add", 1);
        seen.save(&root).expect("the state file is written");
        assert_eq!(HintsSeen::load(&root), seen);
        assert!(!root.join(".learner/hints-seen.toml.tmp").exists());
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn an_unknown_exercise_lists_the_lessons_exercises() {
        let (lesson, lesson_crate) = lesson();
        let found = find_exercise(&lesson, &lesson_crate, " Mean-And-Std ").expect("found");
        assert_eq!(found.name, "mean_and_std");
        let message = find_exercise(&lesson, &lesson_crate, "mean")
            .err()
            .expect("no such exercise")
            .to_string();
        assert_eq!(
            message,
            "lesson p09 has no exercise `mean`; its exercises are `add` and `mean_and_std`"
        );
    }

    #[test]
    fn the_stuck_line_names_the_next_level() {
        let (lesson, lesson_crate) = lesson();
        let exercise = &lesson_crate.exercises[0];
        assert_eq!(
            stuck_line(&lesson, exercise, 0, Ask::Command),
            "stuck? `cargo xtask hint p09 add` shows a first hint"
        );
        assert_eq!(
            stuck_line(&lesson, exercise, 2, Ask::Command),
            "stuck? `cargo xtask hint p09 add` shows hint 3 of 3"
        );
        assert!(
            stuck_line(&lesson, exercise, 3, Ask::Command).ends_with("is in answers/p09-demo.rs")
        );
        assert_eq!(
            stuck_line(&lesson, exercise, 1, Ask::WatchKey),
            "stuck? `h` shows hint 2 of 3"
        );
    }

    #[test]
    fn in_watch_the_next_level_is_a_key_away() {
        console::set_colors_enabled(false);
        let (lesson, lesson_crate) = lesson();
        let exercise = &lesson_crate.exercises[0];
        assert_eq!(
            hints_text(&lesson, exercise, 1, Ask::WatchKey),
            "Hint 1 of 3\n    A nudge.\n\nPress `h` again for hint 2 of 3.\n"
        );
        // The last level ends alike, without the exercise's line: the screen shows it.
        assert_eq!(
            format!(
                "p09 `add`: Write `add`.\n\n{}",
                hints_text(&lesson, exercise, 3, Ask::WatchKey)
            ),
            hints_text(&lesson, exercise, 3, Ask::Command)
        );
    }

    #[test]
    fn revealing_shows_one_level_more_each_time_and_remembers_it() {
        console::set_colors_enabled(false);
        let (lesson, lesson_crate) = lesson();
        let exercise = &lesson_crate.exercises[1];
        let root = tempfile::tempdir().expect("a temporary folder");
        let first = reveal_next(root.path(), &lesson, exercise, Ask::WatchKey);
        assert!(
            first.contains("Hint 1 of 3") && !first.contains("Hint 2"),
            "{first}"
        );
        let second = reveal_next(root.path(), &lesson, exercise, Ask::WatchKey);
        assert!(
            second.contains("Hint 2 of 3") && !second.contains("Hint 3"),
            "{second}"
        );
        assert_eq!(HintsSeen::load(root.path()).seen("p09", "mean_and_std"), 2);
    }
}

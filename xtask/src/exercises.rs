//! Checking the learner's exercises: each exercise is one test, named after it, in the lesson's
//! `tests/exercises.rs`, compiled without the `answers` feature so that it runs the learner's
//! `src/exercises.rs`. (`cargo xtask test` runs the same tests with `answers` on.)
//!
//! All lessons' tests are compiled by one cargo command that goes on past a lesson that does not
//! compile (see [`cargo::build_test_executables`]), so that one broken lesson hides nothing about
//! the others. What a test prints is retold in the learner's terms: [`failure_report`] for a
//! failed test, [`printed_output`] for a passed one.

use crate::cargo::{self, CompilerOutput};
use crate::curriculum::{Curriculum, Exercise, Lesson, LessonCrate};
use crate::hints::{self, Ask};
use crate::lessons::indent;
use crate::progress::ExerciseKey;
use anyhow::{bail, Context, Result};
use console::style;
use indicatif::{ProgressBar, ProgressStyle};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The test file (`tests/exercises.rs`) that holds one test per exercise.
pub const TEST_TARGET: &str = "exercises";

/// How one exercise's test went.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Outcome {
    /// The test passed. `printed` is what it printed, trimmed: the learner's answers, one line
    /// per input (`kit::check::Case::show`), or nothing.
    Passed { printed: String },
    /// The test failed. `report` says why, in the learner's terms (see [`failure_report`]).
    Failed { report: String },
}

/// The result of one exercise's test.
pub struct Checked<'a> {
    pub lesson: &'a Lesson,
    pub exercise: &'a Exercise,
    pub outcome: Outcome,
}

impl Checked<'_> {
    /// Whether the exercise is solved: its test passed.
    pub fn passed(&self) -> bool {
        self.outcome.passed()
    }

    /// The exercise's lesson id and name.
    pub fn key(&self) -> ExerciseKey {
        ExerciseKey::new(&self.lesson.id, &self.exercise.name)
    }
}

impl Outcome {
    /// Whether the test passed.
    pub fn passed(&self) -> bool {
        matches!(self, Outcome::Passed { .. })
    }
}

/// An exercise's line in `cargo xtask verify`: ✓ or ✗, the lesson, the exercise and its summary.
pub fn result_line(lesson: &Lesson, exercise: &Exercise, passed: bool) -> String {
    let mark = if passed {
        style("✓").green().bold()
    } else {
        style("✗").red().bold()
    };
    format!(
        "{mark} {} {}: {}",
        lesson.id, exercise.name, exercise.summary
    )
}

/// One exercise as `cargo xtask verify LESSON` (and `watch`) shows it: its [`result_line`], then
/// what the learner's code returned (if the test showed it) or why it failed, and how to ask for
/// the next of its hints, `seen` levels having been shown.
pub fn result_text(
    lesson: &Lesson,
    exercise: &Exercise,
    outcome: &Outcome,
    seen: usize,
    ask: Ask,
) -> String {
    let mut lines = vec![result_line(lesson, exercise, outcome.passed())];
    match outcome {
        Outcome::Passed { printed } => {
            if !printed.is_empty() {
                lines.push(style(indent(printed, "    ")).dim().to_string());
            }
        }
        Outcome::Failed { report } => {
            if !report.is_empty() {
                lines.push(indent(report, "    "));
            }
            let stuck = hints::stuck_line(lesson, exercise, seen, ask);
            lines.push(format!("    {}", style(stuck).cyan()));
        }
    }
    lines.join("\n")
}

/// One lesson's exercise tests, compiled or not.
pub struct LessonTests<'a> {
    pub lesson: &'a Lesson,
    pub lesson_crate: &'a LessonCrate,
    /// The compiled test executable; `None` when the exercises do not compile.
    executable: Option<PathBuf>,
    /// The compiler's errors about the lesson, rendered (warnings left out).
    errors: Vec<String>,
}

impl<'a> LessonTests<'a> {
    /// The lesson's exercise tests as `build` left them, checked against the exercises its
    /// `Cargo.toml` declares.
    fn new(
        lesson: &'a Lesson,
        lesson_crate: &'a LessonCrate,
        build: &cargo::TestBuild,
    ) -> Result<Self> {
        let test_file = lesson_crate.dir.join(format!("tests/{TEST_TARGET}.rs"));
        if !test_file.is_file() {
            bail!(
                "lesson {} declares exercises but has no lessons/{}/tests/{TEST_TARGET}.rs",
                lesson.id,
                lesson.folder()
            );
        }
        let errors = build
            .messages
            .get(&lesson_crate.package)
            .into_iter()
            .flatten()
            .filter(|message| is_error(message))
            .cloned()
            .collect();
        let tests = LessonTests {
            lesson,
            lesson_crate,
            executable: build.executables.get(&lesson_crate.package).cloned(),
            errors,
        };
        tests.check_tests_match_metadata()?;
        Ok(tests)
    }

    /// Whether the lesson's exercises (the learner's `src/exercises.rs`) compile.
    pub fn compiles(&self) -> bool {
        self.executable.is_some()
    }

    /// The compiler's errors about the lesson, as cargo renders them, without its warnings and
    /// without the closing "aborting due to" line.
    pub fn errors(&self) -> &[String] {
        &self.errors
    }

    /// Runs the test of `exercise` alone. `Err` if the lesson does not compile (ask
    /// [`LessonTests::compiles`] first) or its test executable cannot run.
    pub fn check(&self, exercise: &'a Exercise) -> Result<Checked<'a>> {
        let executable = self.executable.as_deref().with_context(|| {
            format!(
                "the exercises of {} do not compile: `cargo xtask verify {}` shows why",
                self.lesson.id, self.lesson.id
            )
        })?;
        let outcome = run_one_test(
            executable,
            &self.lesson_crate.dir,
            &exercise.name,
            &self.lesson.folder(),
        )?;
        Ok(Checked {
            lesson: self.lesson,
            exercise,
            outcome,
        })
    }

    /// Every declared exercise must have its test and every test its declaration: a missing test
    /// would otherwise "pass" by running nothing.
    fn check_tests_match_metadata(&self) -> Result<()> {
        let Some(executable) = &self.executable else {
            return Ok(());
        };
        let (lesson, lesson_crate) = (self.lesson, self.lesson_crate);
        let output = Command::new(executable)
            .args(["--list", "--format=terse"])
            .current_dir(&lesson_crate.dir)
            .output()
            .with_context(|| format!("cannot run {}", executable.display()))?;
        let listed = String::from_utf8_lossy(&output.stdout);
        let tests: Vec<&str> = listed
            .lines()
            .filter_map(|line| line.strip_suffix(": test"))
            .collect();
        for exercise in &lesson_crate.exercises {
            if !tests.contains(&exercise.name.as_str()) {
                bail!(
                    "lesson {} declares exercise `{}` but lessons/{}/tests/{TEST_TARGET}.rs has \
                     no test of that name",
                    lesson.id,
                    exercise.name,
                    lesson.folder()
                );
            }
        }
        for test in tests {
            if !lesson_crate.exercises.iter().any(|e| e.name == test) {
                bail!(
                    "lessons/{}/tests/{TEST_TARGET}.rs has a test `{test}` that is not an \
                     exercise in its Cargo.toml's [package.metadata.lesson]",
                    lesson.folder()
                );
            }
        }
        Ok(())
    }
}

/// The exercise tests of some lessons.
pub struct ExerciseTests<'a> {
    lessons: Vec<LessonTests<'a>>,
}

impl<'a> ExerciseTests<'a> {
    /// Compiles the exercise tests of the workspace, one lesson's failure hiding nothing about
    /// the others, and keeps those of the given lessons that have exercises. A lesson that does
    /// not compile is recorded as such ([`LessonTests::compiles`]); with [`CompilerOutput::Show`]
    /// the compiler's warnings and errors about the given lessons are printed. `Err` is a broken
    /// setup: no test file, cargo not starting, tests that do not match the exercises declared
    /// in a lesson's `Cargo.toml`. While cargo works, a spinner on a terminal says so.
    pub fn build(
        curriculum: &'a Curriculum,
        lessons: Vec<(&'a Lesson, &'a LessonCrate)>,
        output: CompilerOutput,
    ) -> Result<Self> {
        let lessons: Vec<_> = lessons
            .into_iter()
            .filter(|(_, c)| !c.exercises.is_empty())
            .collect();
        if lessons.is_empty() {
            return Ok(ExerciseTests {
                lessons: Vec::new(),
            });
        }
        let spinner = ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} building the exercises{msg}")
                .context("bad spinner template")?,
        );
        if let [(lesson, _)] = lessons.as_slice() {
            spinner.set_message(format!(" of {}", lesson.id));
        }
        spinner.enable_steady_tick(Duration::from_millis(120));
        let build = cargo::build_test_executables(&curriculum.root, TEST_TARGET);
        spinner.finish_and_clear();
        let build = build?;
        if output == CompilerOutput::Show {
            for (_, lesson_crate) in &lessons {
                for message in build
                    .messages
                    .get(&lesson_crate.package)
                    .into_iter()
                    .flatten()
                {
                    eprint!("{message}");
                }
            }
        }
        let lessons = lessons
            .into_iter()
            .map(|(lesson, lesson_crate)| LessonTests::new(lesson, lesson_crate, &build))
            .collect::<Result<Vec<_>>>()?;
        Ok(ExerciseTests { lessons })
    }

    /// The lessons with exercises, in the order given to [`ExerciseTests::build`].
    pub fn lessons(&self) -> &[LessonTests<'a>] {
        &self.lessons
    }

    /// How many exercises can run: those of the lessons that compile.
    pub fn runnable_count(&self) -> usize {
        self.lessons
            .iter()
            .filter(|tests| tests.compiles())
            .map(|tests| tests.lesson_crate.exercises.len())
            .sum()
    }

    /// Runs every exercise of every lesson that compiles, calling `on_each` after each one.
    pub fn run_all(&self, mut on_each: impl FnMut(&Checked)) -> Result<Vec<Checked<'a>>> {
        let mut results = Vec::with_capacity(self.runnable_count());
        for tests in self.lessons.iter().filter(|tests| tests.compiles()) {
            for exercise in &tests.lesson_crate.exercises {
                let checked = tests.check(exercise)?;
                on_each(&checked);
                results.push(checked);
            }
        }
        Ok(results)
    }
}

/// Whether a rendered compiler message is an error worth reading: not a warning, and not the
/// closing `error: aborting due to 2 previous errors`.
fn is_error(rendered: &str) -> bool {
    let plain = console::strip_ansi_codes(rendered);
    plain.starts_with("error") && !plain.starts_with("error: aborting due to")
}

/// Runs the test `name` alone, from the lesson's folder `dir`; `lesson_folder` tells the
/// learner's own files from the rest in a failure's report.
fn run_one_test(executable: &Path, dir: &Path, name: &str, lesson_folder: &str) -> Result<Outcome> {
    let output = Command::new(executable)
        // `--show-output`: a passed test's output too, for the learner to see their answers.
        .args(["--exact", name, "--test-threads=1", "--show-output"])
        .current_dir(dir)
        // A learner's failing run must not leave `.snap.new` files behind, nor pass by force.
        .env("INSTA_UPDATE", "no")
        .env_remove("INSTA_FORCE_PASS")
        .env("RUST_BACKTRACE", "0")
        .output()
        .with_context(|| format!("cannot run {}", executable.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if output.status.success() {
        return Ok(Outcome::Passed {
            printed: printed_output(&stdout, name),
        });
    }
    let mut report = failure_report(&stdout, name, lesson_folder);
    if report.is_empty() {
        // No report from libtest: the process itself died, as on a stack overflow, and only
        // its last words on stderr say why.
        let stderr = String::from_utf8_lossy(&output.stderr);
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        let last_words = lines[lines.len().saturating_sub(3)..].join("\n");
        report = format!("the test crashed ({}):\n{last_words}", output.status)
            .trim_end()
            .to_string();
    }
    Ok(Outcome::Failed { report })
}

/// The block of libtest's output that belongs to the test `name`: what follows its
/// `---- name stdout ----` line, up to the next `failures:` or `successes:` section. Empty if the
/// test printed nothing.
fn test_block<'t>(stdout: &'t str, name: &str) -> &'t str {
    let start_marker = format!("---- {name} stdout ----\n");
    let Some(start) = stdout.find(&start_marker) else {
        return "";
    };
    let rest = &stdout[start + start_marker.len()..];
    let end = ["\nfailures:\n", "\nsuccesses:\n"]
        .iter()
        .filter_map(|marker| rest.find(marker))
        .min()
        .unwrap_or(rest.len());
    rest[..end].trim_matches('\n')
}

/// What the passed test `name` printed (run with `--show-output`), trimmed; empty if nothing.
pub fn printed_output(stdout: &str, name: &str) -> String {
    test_block(stdout, name).trim_end().to_string()
}

/// Where a panic happened, as far as the learner is concerned.
#[derive(Debug, PartialEq)]
enum Place {
    /// In the lesson's own `src/`, the learner's code: `lessons/<folder>/src/exercises.rs:17:5`.
    Learner(String),
    /// Inside a crate from the registry, such as dfdx: its name.
    Dependency(String),
    /// Anywhere else: the lesson's tests, kit's checks, the standard library, or insta (whose
    /// panic is the test's own assertion).
    Elsewhere,
}

/// Classifies the `location` of a libtest panic line (`path:line:column`).
fn place(location: &str, lesson_folder: &str) -> Place {
    let location = location.replace('\\', "/");
    let learner_files = format!("lessons/{lesson_folder}/src/");
    if let Some(start) = location.find(&learner_files) {
        return Place::Learner(location[start..].to_string());
    }
    // `~/.cargo/registry/src/<index>/<crate>-<version>/src/...`
    if let Some(start) = location.find("/registry/src/") {
        let mut components = location[start + "/registry/src/".len()..].split('/');
        let crate_dir = components.nth(1).unwrap_or_default();
        let name = crate_name(crate_dir);
        if !name.is_empty() && name != "insta" {
            return Place::Dependency(name.to_string());
        }
    }
    Place::Elsewhere
}

/// The crate name in a registry folder name: `dfdx` in `dfdx-0.13.0`, `md-5` in `md-5-0.11.0`.
fn crate_name(folder: &str) -> &str {
    let is_version = |rest: &str| {
        let core = rest.split(['-', '+']).next().unwrap_or_default();
        let parts: Vec<&str> = core.split('.').collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    };
    folder
        .match_indices('-')
        .map(|(i, _)| i)
        .find(|&i| is_version(&folder[i + 1..]))
        .map_or(folder, |i| &folder[..i])
}

/// One part of a failed test's output.
#[derive(Debug)]
enum Piece<'t> {
    /// A line the test or the learner's code printed.
    Line(&'t str),
    /// A panic: where it happened (`path:line:column`) and the lines of its message.
    Panic {
        location: &'t str,
        message: Vec<&'t str>,
    },
}

/// The location in libtest's panic line `thread 'name' (1234) panicked at path:17:5:`.
fn panic_location(line: &str) -> Option<&str> {
    if !line.starts_with("thread '") {
        return None;
    }
    let (_, location) = line.split_once(" panicked at ")?;
    location.strip_suffix(':')
}

/// A line of advice or decoration that says nothing about the learner's code: libtest's
/// backtrace note, and, in a block with an insta snapshot summary, insta's frames and metadata
/// around its diff.
fn is_noise(line: &str, insta_summary: bool) -> bool {
    const INSTA_LABELS: [&str; 5] = [
        "Snapshot file: ",
        "Snapshot: ",
        "Source: ",
        "Expression: ",
        "Stopped on the first failure.",
    ];
    let is_frame = !line.trim().is_empty()
        && line
            .replace("Snapshot Summary", "")
            .chars()
            .all(|c| c == ' ' || ('\u{2500}'..='\u{257f}').contains(&c));
    line.starts_with("note: run with `RUST_BACKTRACE=1`")
        || (insta_summary
            && (line.contains("cargo insta ")
                || INSTA_LABELS.iter().any(|label| line.starts_with(label))
                || is_frame))
}

/// Splits a test's block of output into printed lines and panics, dropping the noise.
fn pieces(block: &str) -> Vec<Piece<'_>> {
    let insta_summary = block.contains("Snapshot Summary");
    let mut pieces: Vec<Piece> = Vec::new();
    for line in block.lines() {
        if let Some(location) = panic_location(line) {
            // The panic hook starts each report with an empty line: not the test's.
            while matches!(pieces.last(), Some(Piece::Line(l)) if l.trim().is_empty()) {
                pieces.pop();
            }
            if let Some(Piece::Panic { message, .. }) = pieces.last_mut() {
                while message.last().is_some_and(|l| l.trim().is_empty()) {
                    message.pop();
                }
            }
            pieces.push(Piece::Panic {
                location,
                message: Vec::new(),
            });
        } else if is_noise(line, insta_summary) {
            // The note ends a panic's message: what follows is printed output again.
            if line.starts_with("note: ") {
                pieces.push(Piece::Line(""));
            }
        } else {
            match pieces.last_mut() {
                Some(Piece::Panic { message, .. }) => message.push(line),
                _ => pieces.push(Piece::Line(line)),
            }
        }
    }
    pieces
}

/// The block of the failed test `name` in libtest's output, told in the learner's terms:
///
/// - an untouched exercise (a `todo!` in the lesson's `src/`) is one line naming where it is;
/// - a panic in the learner's code says `your code panicked at <file:line:col>: <message>`,
///   followed by whatever the test said after it (which input it was given);
/// - a panic anywhere else keeps only its message (`inside dfdx: ...` for a registry crate);
/// - libtest's backtrace note, insta's decoration and lines that repeat the previous one go.
///
/// `lesson_folder` (`p01-install-and-verify`) tells the learner's files from the others.
pub fn failure_report(stdout: &str, name: &str, lesson_folder: &str) -> String {
    let pieces = pieces(test_block(stdout, name));

    let untouched = pieces.iter().find_map(|piece| match piece {
        Piece::Panic { location, message }
            if message
                .first()
                .is_some_and(|m| m.starts_with("not yet implemented")) =>
        {
            match place(location, lesson_folder) {
                Place::Learner(file) => Some(file),
                _ => None,
            }
        }
        _ => None,
    });
    if let Some(file) = untouched {
        return format!(
            "not solved yet: replace the `todo!` call at {}",
            without_column(&file)
        );
    }

    let mut lines: Vec<String> = Vec::new();
    for piece in &pieces {
        match piece {
            Piece::Line(line) => lines.push(line.to_string()),
            Piece::Panic { location, message } => {
                let first = message.first().copied().unwrap_or_default();
                let opening = match place(location, lesson_folder) {
                    Place::Learner(file) => Some(format!("your code panicked at {file}")),
                    Place::Dependency(name) => Some(format!("inside {name}")),
                    Place::Elsewhere => None,
                };
                lines.push(match (opening, first.is_empty()) {
                    (Some(opening), true) => opening,
                    (Some(opening), false) => format!("{opening}: {first}"),
                    (None, _) => first.to_string(),
                });
                lines.extend(message.iter().skip(1).map(|line| line.to_string()));
            }
        }
    }
    lines.dedup_by(|line, previous| !line.trim().is_empty() && line.trim() == previous.trim());
    // Blank lines: at most one in a row, none at either end.
    lines.dedup_by(|line, previous| line.trim().is_empty() && previous.trim().is_empty());
    lines.join("\n").trim_matches('\n').trim_end().to_string()
}

/// `file.rs:17` from `file.rs:17:5`: the column says little to a learner looking for a line.
fn without_column(location: &str) -> &str {
    match location.rsplit_once(':') {
        Some((rest, column))
            if rest.contains(':') && column.chars().all(|c| c.is_ascii_digit()) =>
        {
            rest
        }
        _ => location,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOLDER: &str = "p01-install-and-verify";

    /// libtest's output (Rust 1.95, `--exact NAME --show-output`) for a failed test whose block
    /// is `block`.
    fn failed(name: &str, block: &str) -> String {
        format!(
            "\nrunning 1 test\ntest {name} ... FAILED\n\nsuccesses:\n\nsuccesses:\n\nfailures:\n\n\
             ---- {name} stdout ----\n{block}\n\nfailures:\n    {name}\n\n\
             test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 1 filtered out; \
             finished in 0.00s\n\n"
        )
    }

    #[test]
    fn an_untouched_exercise_is_one_line_naming_the_todo() {
        let stdout = failed(
            "mean_and_std",
            "\nthread 'mean_and_std' (11114) panicked at \
             lessons/p01-install-and-verify/src/exercises.rs:17:5:\n\
             not yet implemented: return (mean, std) of x\n\
             note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n",
        );
        assert_eq!(
            failure_report(&stdout, "mean_and_std", FOLDER),
            "not solved yet: replace the `todo!` call at \
             lessons/p01-install-and-verify/src/exercises.rs:17"
        );
    }

    #[test]
    fn an_untouched_exercise_behind_a_helper_that_panics_again_is_still_one_line() {
        let stdout = failed(
            "mean_and_std",
            "\nthread 'mean_and_std' (11118) panicked at \
             lessons/p01-install-and-verify/src/exercises.rs:17:5:\n\
             not yet implemented\n\
             note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\
             thread 'mean_and_std' (11118) panicked at \
             lessons/p01-install-and-verify/tests/exercises.rs:11:15:\n\
             `mean_and_std` panicked when given the lesson's N(0, 1) samples (seed 0)\n",
        );
        assert_eq!(
            failure_report(&stdout, "mean_and_std", FOLDER),
            "not solved yet: replace the `todo!` call at \
             lessons/p01-install-and-verify/src/exercises.rs:17"
        );
    }

    #[test]
    fn a_panic_in_the_learners_code_names_their_line_then_the_input() {
        let stdout = failed(
            "mean_and_std",
            "\nthread 'mean_and_std' (11126) panicked at \
             lessons/p01-install-and-verify/src/exercises.rs:10:5:\n\
             index out of bounds: the len is 5 but the index is 10\n\
             note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\
             thread 'mean_and_std' (11126) panicked at \
             lessons/p01-install-and-verify/tests/exercises.rs:21:15:\n\
             `mean_and_std` panicked when given a tensor of 7.5 everywhere\n",
        );
        assert_eq!(
            failure_report(&stdout, "mean_and_std", FOLDER),
            "your code panicked at lessons/p01-install-and-verify/src/exercises.rs:10:5: \
             index out of bounds: the len is 5 but the index is 10\n\
             `mean_and_std` panicked when given a tensor of 7.5 everywhere"
        );
    }

    #[test]
    fn a_wrong_answer_keeps_the_checks_message_without_its_location() {
        let stdout = failed(
            "mean_and_std",
            "\nthread 'mean_and_std' (11130) panicked at \
             lessons/p01-install-and-verify/tests/exercises.rs:27:5:\n\
             `mean_and_std` is wrong for N(0, 1) samples with seed 1, times 2 plus 3:\n  \
             expected the mean = 3 ± 0.001, got 0.001\n\
             note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n",
        );
        assert_eq!(
            failure_report(&stdout, "mean_and_std", FOLDER),
            "`mean_and_std` is wrong for N(0, 1) samples with seed 1, times 2 plus 3:\n  \
             expected the mean = 3 ± 0.001, got 0.001"
        );
    }

    #[test]
    fn a_panic_inside_a_registry_crate_names_the_crate() {
        let stdout = failed(
            "add_all",
            "\nthread 'add_all' (11134) panicked at /root/.cargo/registry/src/\
             index.crates.io-1949cf8c6b5b557f/dfdx-0.13.0/src/tensor/cpu/device.rs:374:28:\n\
             range end out of bounds: 5 <= 3\n\
             note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\
             thread 'add_all' (11134) panicked at \
             lessons/p02-add-function/tests/exercises.rs:31:15:\n\
             `add_all` panicked when given three tensors\n",
        );
        assert_eq!(
            failure_report(&stdout, "add_all", "p02-add-function"),
            "inside dfdx: range end out of bounds: 5 <= 3\n\
             `add_all` panicked when given three tensors"
        );
    }

    #[test]
    fn what_the_learner_printed_stays_and_repeated_lines_go() {
        let stdout = failed(
            "add_all",
            "debug: total = 3\n\
             \nthread 'add_all' (7) panicked at kit/src/check.rs:90:9:\n\
             expected the sum = 6, got 3\n\
             expected the sum = 6, got 3\n\
             note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n",
        );
        assert_eq!(
            failure_report(&stdout, "add_all", "p02-add-function"),
            "debug: total = 3\nexpected the sum = 6, got 3"
        );
    }

    #[test]
    fn an_insta_mismatch_keeps_the_diff_and_drops_the_frames() {
        let frame = "─".repeat(30);
        let block = format!(
            "{frame} Snapshot Summary {frame}\n\
             Snapshot file: lessons/p09-demo/tests/snapshots/exercises__differs.snap\n\
             Snapshot: differs\n\
             Source: lessons/p09-demo/tests/exercises.rs:52\n{frame}\n\
             Expression: format!(\"mean = {{got:.3}}\")\n{frame}\n\
             -old snapshot\n+new results\n{frame}┬{frame}\n    \
             1       │-mean = 3.000\n          1 │+mean = 1.000\n{frame}┴{frame}\n\
             Stopped on the first failure. Run `cargo insta test` to run all snapshots.\n\n\
             thread 'differs' (15303) panicked at /root/.cargo/registry/src/\
             index.crates.io-1949cf8c6b5b557f/insta-1.49.0/src/runtime.rs:734:13:\n\
             snapshot assertion for 'differs' failed in line 52\n\
             note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n"
        );
        assert_eq!(
            failure_report(&failed("differs", &block), "differs", "p09-demo"),
            "-old snapshot\n+new results\n    1       │-mean = 3.000\n          1 │+mean = 1.000\n\
             snapshot assertion for 'differs' failed in line 52"
        );
    }

    #[test]
    fn only_the_named_tests_block_is_reported() {
        assert_eq!(failure_report(&failed("a", "boom"), "b", FOLDER), "");
    }

    #[test]
    fn a_passed_test_shows_what_it_printed() {
        let stdout = "\nrunning 1 test\ntest mean_and_std ... ok\n\nsuccesses:\n\n\
                      ---- mean_and_std stdout ----\n\
                      the lesson's N(0, 1) samples (seed 0): mean = 0.0003, std = 0.9996\n\
                      a tensor of 7.5 everywhere: mean = 7.5000, std = 0.0000\n\n\n\
                      successes:\n    mean_and_std\n\n\
                      test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 1 filtered out\n";
        assert_eq!(
            printed_output(stdout, "mean_and_std"),
            "the lesson's N(0, 1) samples (seed 0): mean = 0.0003, std = 0.9996\n\
             a tensor of 7.5 everywhere: mean = 7.5000, std = 0.0000"
        );
        let silent = "\nrunning 1 test\ntest add_all ... ok\n\nsuccesses:\n\nsuccesses:\n    \
                      add_all\n\ntest result: ok. 1 passed; 0 failed\n";
        assert_eq!(printed_output(silent, "add_all"), "");
    }

    #[test]
    fn crate_names_are_read_from_registry_folders() {
        assert_eq!(crate_name("dfdx-0.13.0"), "dfdx");
        assert_eq!(crate_name("md-5-0.11.0"), "md-5");
        assert_eq!(crate_name("toml-1.2.2+spec-1.1.0"), "toml");
        assert_eq!(crate_name("foo-bar-1.0.0-alpha.1"), "foo-bar");
    }
}

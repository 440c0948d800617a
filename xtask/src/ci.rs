//! `cargo xtask test`: everything CI checks, in one command that a contributor runs too.

use crate::book;
use crate::cargo::{self, announce, CompilerOutput};
use crate::curriculum::Curriculum;
use crate::exercises::ExerciseTests;
use crate::snapshot;
use anyhow::Result;
use console::style;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// One check: its name and whether it passed.
struct Outcome {
    name: String,
    passed: bool,
}

/// Runs every check, even after one fails, and reports them all at the end.
pub fn test(curriculum: &Curriculum) -> Result<ExitCode> {
    let root = &curriculum.root;
    let packages: Vec<&str> = curriculum
        .written()
        .map(|(_, c)| c.package.as_str())
        .collect();
    let answers = cargo::answers_features(packages.iter().copied());
    let mut outcomes = Vec::new();

    let mut step = |name: &str, command: &mut Command| -> Result<()> {
        announce(&format!("{name}: {}", cargo::describe(command)));
        let passed = cargo::succeeds(command)?;
        outcomes.push(Outcome {
            name: name.to_string(),
            passed,
        });
        Ok(())
    };

    // The course's workspace, then the runner's own (xtask/ is a workspace of its own).
    let xtask = root.join("xtask/Cargo.toml").to_string_lossy().into_owned();
    // `--locked`: CI builds exactly what Cargo.lock records, and fails if it is out of date.
    let clippy = ["clippy", "--locked", "--all-targets"];
    let deny_warnings = ["--", "-D", "warnings"];

    step(
        "formatting",
        cargo::cargo(root).args(["fmt", "--all", "--check"]),
    )?;
    step(
        "formatting, xtask",
        cargo::cargo(root).args(["fmt", "--check", "--manifest-path", &xtask]),
    )?;
    step(
        "lints, learner's exercises",
        cargo::cargo(root)
            .args(clippy)
            .arg("--workspace")
            .args(deny_warnings),
    )?;
    step(
        "lints, with answers",
        cargo::cargo(root)
            .args(clippy)
            .args(["--workspace", "--features", &answers])
            .args(deny_warnings),
    )?;
    step(
        "lints, xtask",
        cargo::cargo(root)
            .args(clippy)
            .args(["--manifest-path", &xtask])
            .args(deny_warnings),
    )?;
    // Snapshots must match exactly: nothing is recorded or forced to pass here.
    let test_with_answers = ["test", "--locked", "--workspace", "--features", &answers];
    step(
        "tests with answers",
        strict_snapshots(cargo::cargo(root).args(test_with_answers)),
    )?;
    // The same lesson output on one thread as on all of them.
    step(
        "lesson output on one thread",
        strict_snapshots(
            cargo::cargo(root)
                .args(test_with_answers)
                .args(["--test", "walkthrough"])
                .env("RAYON_NUM_THREADS", "1"),
        ),
    )?;
    step(
        "tests, xtask",
        cargo::cargo(root).args(["test", "--locked", "--manifest-path", &xtask]),
    )?;

    announce("every unsolved exercise fails");
    outcomes.push(Outcome {
        name: "unsolved exercises fail".into(),
        passed: unsolved_exercises_fail(curriculum)?,
    });

    announce("every exercise has wrong answers that its check rejects");
    outcomes.push(Outcome {
        name: "wrong answers for every exercise".into(),
        passed: every_exercise_has_wrong_answers(curriculum),
    });

    announce("each lesson's output opens with its title from curriculum.toml");
    outcomes.push(Outcome {
        name: "lesson titles".into(),
        passed: outputs_open_with_their_titles(curriculum)?,
    });

    announce("the book builds");
    let built = book::build(curriculum, false);
    if let Err(err) = &built {
        eprintln!("{} {err:#}", style("✗").red().bold());
    }
    outcomes.push(Outcome {
        name: "book".into(),
        passed: built.is_ok(),
    });

    announce("no snapshot is left pending");
    let pending = pending_snapshots(&root.join("lessons"));
    for file in &pending {
        eprintln!(
            "{} pending snapshot {}: review it, then delete it or record it with `cargo xtask bless`",
            style("✗").red().bold(),
            file.strip_prefix(root).unwrap_or(file).display()
        );
    }
    outcomes.push(Outcome {
        name: "no pending snapshots".into(),
        passed: pending.is_empty(),
    });

    eprintln!();
    for outcome in &outcomes {
        let mark = if outcome.passed {
            style("✓").green().bold()
        } else {
            style("✗").red().bold()
        };
        eprintln!("{mark} {}", outcome.name);
    }
    let failed = outcomes.iter().filter(|o| !o.passed).count();
    println!(
        "checks: {} passed, {failed} failed",
        outcomes.len() - failed
    );
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Makes a mismatched or missing snapshot fail, whatever the caller's environment says.
fn strict_snapshots(command: &mut Command) -> &mut Command {
    command
        .env("INSTA_UPDATE", "no")
        .env_remove("INSTA_FORCE_PASS")
}

/// Like rustlings' `--require-solutions` check in reverse: an exercise whose test passes
/// before anyone solved it tests nothing. Every lesson's exercises must also compile as the
/// learner gets them, with `todo!` bodies.
fn unsolved_exercises_fail(curriculum: &Curriculum) -> Result<bool> {
    let tests = ExerciseTests::build(
        curriculum,
        curriculum.written().collect(),
        CompilerOutput::Show,
    )?;
    let mut all_fail = true;
    for lesson_tests in tests.lessons().iter().filter(|t| !t.compiles()) {
        all_fail = false;
        eprintln!(
            "{} {}: the unsolved exercises do not compile: see cargo's errors above",
            style("✗").red().bold(),
            lesson_tests.lesson.id
        );
    }
    let results = tests.run_all(|_| {})?;
    for checked in &results {
        if checked.passed() {
            all_fail = false;
            eprintln!(
                "{} {} `{}` passes without a solution: its test cannot fail",
                style("✗").red().bold(),
                checked.lesson.id,
                checked.exercise.name
            );
        }
    }
    if all_fail {
        eprintln!(
            "{} all {} unsolved exercises compile and fail",
            style("✓").green().bold(),
            results.len()
        );
    }
    Ok(all_fail)
}

/// The file of a lesson's tests that feed its checks answers they must reject.
const WRONG_ANSWERS: &str = "tests/wrong_answers.rs";

/// The exercise standard (README, "For authors"): each exercise has at least one test named
/// `<exercise>_rejects_…` in the lesson's `tests/wrong_answers.rs`. Whether each of those tests
/// passes, that is whether the check really rejects the answer, is up to "tests with answers".
fn every_exercise_has_wrong_answers(curriculum: &Curriculum) -> bool {
    let mut all_have = true;
    for (lesson, lesson_crate) in curriculum.written() {
        if lesson_crate.exercises.is_empty() {
            continue;
        }
        let source =
            std::fs::read_to_string(lesson_crate.dir.join(WRONG_ANSWERS)).unwrap_or_default();
        for exercise in &lesson_crate.exercises {
            let test_name = format!("fn {}_rejects_", exercise.name);
            if !source.contains(&test_name) {
                all_have = false;
                eprintln!(
                    "{} {} `{}` has no wrong answer: add a test `{}_rejects_…` with \
                     `#[should_panic(expected = …)]` to lessons/{}/{WRONG_ANSWERS}",
                    style("✗").red().bold(),
                    lesson.id,
                    exercise.name,
                    exercise.name,
                    lesson.folder()
                );
            }
        }
    }
    all_have
}

/// A lesson prints its own heading; it must not drift from the title the book and `list` use.
fn outputs_open_with_their_titles(curriculum: &Curriculum) -> Result<bool> {
    let mut all_match = true;
    for (lesson, lesson_crate) in curriculum.written() {
        let path = snapshot::path(&lesson_crate.dir, "walkthrough", "output");
        let output = snapshot::read(&path)?.unwrap_or_default();
        let first_line = output.lines().next().unwrap_or_default();
        if first_line != lesson.heading() {
            all_match = false;
            eprintln!(
                "{} lesson {} prints `{first_line}` first, but curriculum.toml says `{}`",
                style("✗").red().bold(),
                lesson.id,
                lesson.heading()
            );
        }
    }
    Ok(all_match)
}

/// `.snap.new` and `.pending-snap` files: insta's records of a run that did not match.
fn pending_snapshots(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            found.extend(pending_snapshots(&path));
        } else if path
            .file_name()
            .map(|n| n.to_string_lossy())
            .is_some_and(|n| n.ends_with(".snap.new") || n.ends_with(".pending-snap"))
        {
            found.push(path);
        }
    }
    found
}

//! The learner's commands: `list`, `run`, `verify`, `hint`, and the author's `bless`.

use crate::cargo::{self, announce};
use crate::curriculum::{Curriculum, Lesson, LessonCrate};
use crate::exercises::{Checked, ExerciseTests};
use crate::snapshot;
use anyhow::{bail, Context, Result};
use console::style;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{BufRead, BufReader, Write};
use std::process::{ExitCode, Stdio};

/// `cargo xtask list`: every lesson of the curriculum and where the learner stands with it.
pub fn list(curriculum: &Curriculum) -> Result<ExitCode> {
    // Solving state comes from really running the exercises, so it is never stale.
    let written: Vec<_> = curriculum.written().collect();
    let results = ExerciseTests::build(curriculum, written).and_then(|tests| tests.run_all(|_| {}));
    let results = match results {
        Ok(results) => Some(results),
        Err(err) => {
            eprintln!("{} {err:#}", style("note:").yellow().bold());
            None
        }
    };
    let width = curriculum
        .lessons
        .iter()
        .map(|l| l.title.chars().count())
        .max()
        .unwrap_or(0);
    for lesson in &curriculum.lessons {
        let state = match (&lesson.written, &results) {
            (None, _) => style("not written yet".to_string()).dim(),
            (Some(c), _) if c.exercises.is_empty() => style("no exercises".to_string()),
            (Some(_), None) => style("exercises do not compile".to_string()).red(),
            (Some(_), Some(results)) => {
                let mine: Vec<&Checked> = results
                    .iter()
                    .filter(|r| r.lesson.id == lesson.id)
                    .collect();
                let solved = mine.iter().filter(|r| r.passed).count();
                let text = format!("exercises {solved}/{} solved", mine.len());
                if solved == mine.len() {
                    style(text).green()
                } else {
                    style(text).yellow()
                }
            }
        };
        println!("{}  {:width$}  {state}", lesson.id, lesson.title);
    }
    Ok(ExitCode::SUCCESS)
}

/// `cargo xtask run LESSON [-- ARGS]`: runs the lesson, streaming its output, then compares that
/// output with the snapshot the book shows.
pub fn run(curriculum: &Curriculum, query: &str, args: &[String]) -> Result<ExitCode> {
    let (lesson, lesson_crate) = curriculum.find_written(query)?;
    let mut command = cargo::cargo(&curriculum.root);
    command
        .args([
            "run",
            "--package",
            &lesson_crate.package,
            "--bin",
            &lesson_crate.package,
            "--",
        ])
        .args(args)
        .stdout(Stdio::piped());
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot start {}", cargo::describe(&command)))?;

    // Show each line as it comes and keep a copy to compare.
    let mut printed = Vec::new();
    let mut reader = BufReader::new(child.stdout.take().context("stdout was not captured")?);
    let mut stdout = std::io::stdout().lock();
    let mut line = Vec::new();
    while reader
        .read_until(b'\n', &mut line)
        .context("cannot read the lesson's output")?
        > 0
    {
        stdout.write_all(&line).context("cannot write to stdout")?;
        stdout.flush().context("cannot write to stdout")?;
        printed.extend_from_slice(&line);
        line.clear();
    }
    drop(stdout);
    let status = child.wait().context("the lesson did not finish")?;
    if status.code() == Some(2) {
        // Exit code 2 is a lesson's refusal of bad input (an unknown option, unreadable data):
        // it has already said why, and how to fix it, in one line.
        return Ok(ExitCode::from(2));
    }
    if !status.success() {
        eprintln!(
            "{} lesson {} did not build or run to the end ({status}): see the messages above",
            style("✗").red().bold(),
            lesson.id
        );
        return Ok(ExitCode::FAILURE);
    }
    if !args.is_empty() {
        eprintln!(
            "{} ran with extra arguments, so the output was not compared with the snapshot",
            style("note:").yellow().bold()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if std::env::var_os("MNIST_DIR").is_some_and(|dir| !dir.is_empty()) {
        // The snapshot shows the embedded MNIST sample; a lesson that read other data prints
        // other numbers. (Lessons without MNIST ignore the variable, and are compared.)
        if String::from_utf8_lossy(&printed).contains("MNIST_DIR=") {
            eprintln!(
                "{} trained on the data in MNIST_DIR, so the output was not compared with the \
                 snapshot (unset MNIST_DIR to check it)",
                style("note:").yellow().bold()
            );
            return Ok(ExitCode::SUCCESS);
        }
    }

    let path = snapshot::path(&lesson_crate.dir, "walkthrough", "output");
    let shown = path
        .strip_prefix(&curriculum.root)
        .unwrap_or(&path)
        .display()
        .to_string();
    let Some(expected) = snapshot::read(&path)? else {
        bail!(
            "lesson {} has no snapshot at {shown}: record one with `cargo xtask bless {}`",
            lesson.id,
            lesson.id
        );
    };
    let actual = snapshot::normalize(&String::from_utf8_lossy(&printed));
    eprintln!();
    if actual == expected {
        eprintln!(
            "{} the output matches the snapshot the book shows ({shown})",
            style("✓").green().bold()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "{} the output differs from the snapshot the book shows ({shown}):\n",
            style("✗").red().bold()
        );
        eprint!("{}", snapshot::diff(&expected, &actual));
        eprintln!(
            "\n  - lines are the snapshot, + lines this run. If the change is intended, record it \
             with `cargo xtask bless {}` and review `git diff`.",
            lesson.id
        );
        Ok(ExitCode::FAILURE)
    }
}

/// `cargo xtask verify [LESSON]`: checks the learner's solutions.
pub fn verify(curriculum: &Curriculum, query: Option<&str>) -> Result<ExitCode> {
    let selected: Vec<(&Lesson, &LessonCrate)> = match query {
        Some(query) => vec![curriculum.find_written(query)?],
        None => curriculum.written().collect(),
    };
    let tests = ExerciseTests::build(curriculum, selected)?;
    if tests.count() == 0 {
        println!("No exercises to check.");
        return Ok(ExitCode::SUCCESS);
    }

    let results = if query.is_some() {
        tests.run_all(print_result)?
    } else {
        let bar = ProgressBar::new(tests.count() as u64).with_style(
            ProgressStyle::with_template("{bar:40.green/dim} {pos}/{len} exercises {msg}")
                .context("bad progress bar template")?
                .progress_chars("##-"),
        );
        let results = tests.run_all(|checked| {
            bar.set_message(format!("{} {}", checked.lesson.id, checked.exercise.name));
            bar.inc(1);
        })?;
        bar.finish_and_clear();
        for checked in &results {
            print_result_line(checked);
        }
        results
    };

    let solved = results.iter().filter(|r| r.passed).count();
    println!();
    println!("{solved} of {} exercises solved.", results.len());
    match results.iter().find(|r| !r.passed) {
        None => Ok(ExitCode::SUCCESS),
        Some(next) => {
            if query.is_none() {
                println!(
                    "Next: {} `{}`. Details with `cargo xtask verify {}`.",
                    next.lesson.id, next.exercise.name, next.lesson.id
                );
            }
            Ok(ExitCode::FAILURE)
        }
    }
}

fn print_result_line(checked: &Checked) {
    let mark = if checked.passed {
        style("✓").green().bold()
    } else {
        style("✗").red().bold()
    };
    println!(
        "{mark} {} {}: {}",
        checked.lesson.id, checked.exercise.name, checked.exercise.summary
    );
}

fn print_result(checked: &Checked) {
    print_result_line(checked);
    if checked.passed {
        return;
    }
    let report = if checked.report.contains("not yet implemented") {
        format!(
            "not solved yet: replace the `todo!` call in lessons/{}/src/exercises.rs\n{}",
            checked.lesson.folder(),
            checked.report
        )
    } else {
        checked.report.clone()
    };
    println!("{}", indent(&report, "    "));
    println!("    {}", style("hint:").cyan().bold());
    println!("{}", indent(&checked.exercise.hint, "    "));
}

/// `cargo xtask hint LESSON`: the hints of every exercise of a lesson.
pub fn hint(curriculum: &Curriculum, query: &str) -> Result<ExitCode> {
    let (lesson, lesson_crate) = curriculum.find_written(query)?;
    if lesson_crate.exercises.is_empty() {
        println!("Lesson {} has no exercises.", lesson.id);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "Exercises of {} (lessons/{}/src/exercises.rs):",
        lesson.heading(),
        lesson.folder()
    );
    for (number, exercise) in lesson_crate.exercises.iter().enumerate() {
        println!();
        println!(
            "{}. {}: {}",
            number + 1,
            style(&exercise.name).bold(),
            exercise.summary
        );
        println!("{}", indent(&exercise.hint, "   "));
    }
    println!();
    println!(
        "Check with `cargo xtask verify {}`; the reference solutions are in {}.",
        lesson.id,
        lesson.answer_file()
    );
    Ok(ExitCode::SUCCESS)
}

/// `cargo xtask bless LESSON`: runs the lesson's tests with its answers and records every
/// snapshot they assert, for an author who changed the lesson on purpose.
pub fn bless(curriculum: &Curriculum, query: &str) -> Result<ExitCode> {
    let (lesson, lesson_crate) = curriculum.find_written(query)?;
    announce(&format!("recording the snapshots of {}", lesson.id));
    let mut command = cargo::cargo(&curriculum.root);
    command
        .args(["test", "--package", &lesson_crate.package, "--features"])
        .arg(cargo::answers_features([lesson_crate.package.as_str()]))
        .env("INSTA_UPDATE", "always")
        .env_remove("INSTA_FORCE_PASS");
    if !cargo::succeeds(&mut command)? {
        eprintln!(
            "{} some tests failed for reasons other than snapshots: see above",
            style("✗").red().bold()
        );
        return Ok(ExitCode::FAILURE);
    }
    eprintln!(
        "{} snapshots recorded in lessons/{}/tests/snapshots: review them with `git diff` before committing",
        style("✓").green().bold(),
        lesson.folder()
    );
    Ok(ExitCode::SUCCESS)
}

/// Every line of `text`, trimmed as a block, behind `prefix`.
pub fn indent(text: &str, prefix: &str) -> String {
    text.trim()
        .lines()
        .map(|line| format!("{prefix}{line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

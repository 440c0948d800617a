//! The learner's commands: `list`, `run`, `verify`, `hint`, and the author's `bless`.

use crate::cargo::{self, announce, CompilerOutput};
use crate::curriculum::{Curriculum, Exercise, Lesson, LessonCrate};
use crate::exercises::{self, Checked, ExerciseTests, LessonTests};
use crate::figures;
use crate::hints::{self, Ask, HintsSeen};
use crate::progress::{self, ExerciseKey, Progress, Standing};
use crate::snapshot;
use anyhow::{bail, Context, Result};
use console::style;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{BufRead, BufReader, Write};
use std::process::{ExitCode, Stdio};

/// `cargo xtask list`: every lesson of the curriculum and where the learner stands with it, then
/// the progress over the whole course.
pub fn list(curriculum: &Curriculum) -> Result<ExitCode> {
    // Solving state comes from really running the exercises, so it is never stale. The compiler's
    // messages are not shown: a lesson that does not compile is marked, and `verify` shows why.
    let written: Vec<_> = curriculum.written().collect();
    let checked = ExerciseTests::build(curriculum, written, CompilerOutput::Hide)
        .and_then(|tests| tests.run_all(|_| {}).map(|results| (tests, results)));
    let mut progress = Progress::new(curriculum);
    let tests = match checked {
        Ok((tests, results)) => {
            for checked in &results {
                progress.record(&checked.key(), checked.passed());
            }
            Some(tests)
        }
        Err(err) => {
            eprintln!("{} {err:#}", style("note:").yellow().bold());
            None
        }
    };
    let compiles = |lesson: &Lesson| {
        tests.as_ref().map(|tests| {
            tests
                .lessons()
                .iter()
                .any(|t| t.lesson.id == lesson.id && t.compiles())
        })
    };
    for line in progress::list_lines(curriculum, &progress, |lesson| {
        Standing::of(lesson, compiles(lesson), &progress)
    }) {
        println!("{line}");
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
        .env(
            figures::OUTPUT_VARIABLE,
            figures::output_dir(&curriculum.root, &lesson_crate.package),
        )
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
    let text_matches = actual == expected;
    if text_matches {
        eprintln!(
            "{} the output matches the snapshot the book shows ({shown})",
            style("✓").green().bold()
        );
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
    }
    let figures_match = compare_figures(curriculum, lesson, lesson_crate);
    Ok(if text_matches && figures_match {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Compares the figures the lesson just drew with the committed ones the book shows, and says
/// how they compare; `true` if they are the same (or the lesson draws none).
fn compare_figures(curriculum: &Curriculum, lesson: &Lesson, lesson_crate: &LessonCrate) -> bool {
    let drawn = figures::output_dir(&curriculum.root, &lesson_crate.package);
    let committed = lesson_crate.dir.join(figures::COMMITTED_DIR);
    let shown = format!("lessons/{}/{}", lesson.folder(), figures::COMMITTED_DIR);
    let count = figures::figure_names(&drawn).len();
    let problems = figures::differences(&drawn, &committed);
    if problems.is_empty() {
        if count > 0 {
            let noun = if count == 1 {
                "figure matches"
            } else {
                "figures match"
            };
            eprintln!(
                "{} the {count} {noun} the book's ({shown})",
                style("✓").green().bold()
            );
        }
        return true;
    }
    eprintln!(
        "{} the figures differ from those the book shows ({shown}):",
        style("✗").red().bold()
    );
    for problem in problems {
        eprintln!("  {problem}");
    }
    eprintln!(
        "  The new ones are in {}. If the change is intended, record them with `cargo xtask \
         bless {}` and look at them before committing.",
        drawn
            .strip_prefix(&curriculum.root)
            .unwrap_or(&drawn)
            .display(),
        lesson.id
    );
    false
}

/// `cargo xtask verify [LESSON]`: checks the learner's solutions.
///
/// For one lesson, cargo's messages are shown as it compiles, and each exercise gets its full
/// report. For the whole course, each lesson is compiled quietly; a lesson that does not compile
/// gets one line, and the others are checked as usual.
pub fn verify(curriculum: &Curriculum, query: Option<&str>) -> Result<ExitCode> {
    let selected: Vec<(&Lesson, &LessonCrate)> = match query {
        Some(query) => vec![curriculum.find_written(query)?],
        None => curriculum.written().collect(),
    };
    let output = match query {
        Some(_) => CompilerOutput::Show,
        None => CompilerOutput::Hide,
    };
    let tests = ExerciseTests::build(curriculum, selected, output)?;
    if tests.lessons().is_empty() {
        println!("No exercises to check.");
        return Ok(ExitCode::SUCCESS);
    }

    let results = if query.is_some() {
        let seen = HintsSeen::load(&curriculum.root);
        let results = tests.run_all(|checked| {
            let levels = seen.seen(&checked.lesson.id, &checked.exercise.name);
            let text = exercises::result_text(
                checked.lesson,
                checked.exercise,
                &checked.outcome,
                levels,
                Ask::Command,
            );
            println!("{text}");
        })?;
        for lesson_tests in tests.lessons().iter().filter(|t| !t.compiles()) {
            println!(
                "{} {}: the exercises do not compile: fix the first error cargo printed above",
                style("✗").red().bold(),
                lesson_tests.lesson.id
            );
        }
        results
    } else {
        let bar = ProgressBar::new(tests.runnable_count() as u64).with_style(
            ProgressStyle::with_template("{bar:40.green/dim} {pos}/{len} exercises {msg}")
                .context("bad progress bar template")?
                .progress_chars("##-"),
        );
        let results = tests.run_all(|checked| {
            bar.set_message(format!("{} {}", checked.lesson.id, checked.exercise.name));
            bar.inc(1);
        })?;
        bar.finish_and_clear();
        for lesson_tests in tests.lessons() {
            if !lesson_tests.compiles() {
                print_does_not_compile(lesson_tests.lesson);
            }
            for checked in results
                .iter()
                .filter(|r| r.lesson.id == lesson_tests.lesson.id)
            {
                println!(
                    "{}",
                    exercises::result_line(checked.lesson, checked.exercise, checked.passed())
                );
            }
        }
        results
    };

    let solved = results.iter().filter(|r| r.passed()).count();
    let total: usize = tests
        .lessons()
        .iter()
        .map(|t| t.lesson_crate.exercises.len())
        .sum();
    println!();
    println!("{solved} of {total} exercises solved.");
    let Some(next) = next_step(tests.lessons(), &results) else {
        return Ok(ExitCode::SUCCESS);
    };
    if query.is_none() {
        match next {
            NextStep::Compile(lesson) => println!(
                "Next: make the exercises of {} compile; `cargo xtask verify {}` shows the \
                 compiler's errors.",
                lesson.id, lesson.id
            ),
            NextStep::Solve(checked) => println!(
                "Next: {} `{}`. Details with `cargo xtask verify {}`.",
                checked.lesson.id, checked.exercise.name, checked.lesson.id
            ),
        }
    }
    Ok(ExitCode::FAILURE)
}

/// What the learner should do next, in book order.
enum NextStep<'r, 'a> {
    /// Make this lesson's exercises compile.
    Compile(&'a Lesson),
    /// Solve this exercise.
    Solve(&'r Checked<'a>),
}

/// The first exercise, in the given lessons' order, that is not solved: in a lesson that does
/// not compile, that lesson.
fn next_step<'r, 'a>(
    lessons: &[LessonTests<'a>],
    results: &'r [Checked<'a>],
) -> Option<NextStep<'r, 'a>> {
    let mut progress = Progress::from_order(
        lessons
            .iter()
            .flat_map(|t| {
                t.lesson_crate
                    .exercises
                    .iter()
                    .map(|e| ExerciseKey::new(&t.lesson.id, &e.name))
            })
            .collect(),
    );
    for checked in results {
        progress.record(&checked.key(), checked.passed());
    }
    let next = progress.start(None)?;
    match results.iter().find(|r| r.key() == *next) {
        Some(checked) => Some(NextStep::Solve(checked)),
        None => lessons
            .iter()
            .find(|t| t.lesson.id == next.lesson)
            .map(|t| NextStep::Compile(t.lesson)),
    }
}

/// The line of `cargo xtask verify` for a lesson whose exercises do not compile.
fn print_does_not_compile(lesson: &Lesson) {
    println!(
        "{} {}: the exercises do not compile — run `cargo xtask verify {}` to see the compiler's \
         errors",
        style("✗").red().bold(),
        lesson.id,
        lesson.id
    );
}

/// `cargo xtask hint LESSON [EXERCISE]`: the next hint of an exercise. Each call shows one level
/// more than the last (all levels so far, each under its heading), until the last, which says
/// where the reference solution is. Without an exercise: the lesson's only one, or the first
/// one whose test fails.
pub fn hint(curriculum: &Curriculum, query: &str, exercise: Option<&str>) -> Result<ExitCode> {
    let (lesson, lesson_crate) = curriculum.find_written(query)?;
    let Some(first) = lesson_crate.exercises.first() else {
        println!("Lesson {} has no exercises.", lesson.id);
        return Ok(ExitCode::SUCCESS);
    };
    let exercise = match exercise {
        Some(name) => hints::find_exercise(lesson, lesson_crate, name)?,
        None if lesson_crate.exercises.len() == 1 => first,
        None => match first_unsolved(curriculum, lesson, lesson_crate, first)? {
            Some(exercise) => {
                println!(
                    "The first exercise of {} that you have not solved is `{}`.\n",
                    lesson.id, exercise.name
                );
                exercise
            }
            None => {
                println!(
                    "You have solved every exercise of {}. To see the hints of one anyway, name \
                     it: `{}`.",
                    lesson.id,
                    hints::hint_command(lesson, first)
                );
                return Ok(ExitCode::SUCCESS);
            }
        },
    };

    print!(
        "{}",
        hints::reveal_next(&curriculum.root, lesson, exercise, Ask::Command)
    );
    Ok(ExitCode::SUCCESS)
}

/// The first exercise of the lesson whose test fails, found by building and running them;
/// `None` if all pass. `Err` (one line) if they do not compile: then the learner names one, for
/// example `first`.
fn first_unsolved<'a>(
    curriculum: &'a Curriculum,
    lesson: &'a Lesson,
    lesson_crate: &'a LessonCrate,
    first: &Exercise,
) -> Result<Option<&'a Exercise>> {
    let example = hints::hint_command(lesson, first);
    eprintln!(
        "Checking which exercise of {} you are on (name one to skip this: `{example}`)…",
        lesson.id
    );
    let tests = ExerciseTests::build(
        curriculum,
        vec![(lesson, lesson_crate)],
        CompilerOutput::Hide,
    )?;
    let Some(lesson_tests) = tests.lessons().first().filter(|t| t.compiles()) else {
        bail!(
            "the exercises of {} do not compile, so which one you are on is unknown: name one of \
             {}, as in `{example}`",
            lesson.id,
            hints::exercise_names(lesson_crate)
        );
    };
    for exercise in &lesson_crate.exercises {
        if !lesson_tests.check(exercise)?.passed() {
            return Ok(Some(exercise));
        }
    }
    Ok(None)
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
        .env(figures::BLESS_VARIABLE, "1")
        .env_remove("INSTA_FORCE_PASS");
    if !cargo::succeeds(&mut command)? {
        eprintln!(
            "{} some tests failed for reasons other than snapshots: see above",
            style("✗").red().bold()
        );
        return Ok(ExitCode::FAILURE);
    }
    eprintln!(
        "{} snapshots recorded in lessons/{folder}/tests/snapshots, and figures (if the lesson \
         draws) in lessons/{folder}/{figures}: review them with `git diff` and look at the \
         figures before committing",
        style("✓").green().bold(),
        folder = lesson.folder(),
        figures = figures::COMMITTED_DIR,
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

//! Checking the learner's exercises: each exercise is one test, named after it, in the lesson's
//! `tests/exercises.rs`, compiled without the `answers` feature so that it runs the learner's
//! `src/exercises.rs`. (`cargo xtask test` runs the same tests with `answers` on.)

use crate::cargo;
use crate::curriculum::{Curriculum, Exercise, Lesson, LessonCrate};
use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The test file (`tests/exercises.rs`) that holds one test per exercise.
pub const TEST_TARGET: &str = "exercises";

/// The result of one exercise's test.
pub struct Checked<'a> {
    pub lesson: &'a Lesson,
    pub exercise: &'a Exercise,
    pub passed: bool,
    /// What the test printed when it failed: the panic message or insta's snapshot diff.
    pub report: String,
}

/// The compiled exercise tests of some lessons, ready to run one exercise at a time.
pub struct ExerciseTests<'a> {
    lessons: Vec<(&'a Lesson, &'a LessonCrate)>,
    executables: BTreeMap<String, PathBuf>,
}

impl<'a> ExerciseTests<'a> {
    /// Compiles the exercise tests of every given lesson that has exercises.
    pub fn build(
        curriculum: &'a Curriculum,
        lessons: Vec<(&'a Lesson, &'a LessonCrate)>,
    ) -> Result<Self> {
        let lessons: Vec<_> = lessons
            .into_iter()
            .filter(|(_, c)| !c.exercises.is_empty())
            .collect();
        if lessons.is_empty() {
            return Ok(ExerciseTests {
                lessons,
                executables: BTreeMap::new(),
            });
        }
        let packages: Vec<&str> = lessons.iter().map(|(_, c)| c.package.as_str()).collect();
        let executables = cargo::build_test_executables(&curriculum.root, &packages, TEST_TARGET)?;
        let tests = ExerciseTests {
            lessons,
            executables,
        };
        tests.check_tests_match_metadata()?;
        Ok(tests)
    }

    /// How many exercises there are to run.
    pub fn count(&self) -> usize {
        self.lessons.iter().map(|(_, c)| c.exercises.len()).sum()
    }

    /// Runs every exercise, calling `on_each` after each one.
    pub fn run_all(&self, mut on_each: impl FnMut(&Checked)) -> Result<Vec<Checked<'a>>> {
        let mut results = Vec::with_capacity(self.count());
        for &(lesson, lesson_crate) in &self.lessons {
            let executable = self.executable(lesson_crate)?;
            for exercise in &lesson_crate.exercises {
                let (passed, report) = run_one_test(executable, &lesson_crate.dir, &exercise.name)?;
                let checked = Checked {
                    lesson,
                    exercise,
                    passed,
                    report,
                };
                on_each(&checked);
                results.push(checked);
            }
        }
        Ok(results)
    }

    fn executable(&self, lesson_crate: &LessonCrate) -> Result<&Path> {
        self.executables
            .get(&lesson_crate.package)
            .map(PathBuf::as_path)
            .with_context(|| {
                format!(
                    "{} has exercises but no tests/{TEST_TARGET}.rs",
                    lesson_crate.package
                )
            })
    }

    /// Every declared exercise must have its test and every test its declaration: a missing test
    /// would otherwise "pass" by running nothing.
    fn check_tests_match_metadata(&self) -> Result<()> {
        for &(lesson, lesson_crate) in &self.lessons {
            let executable = self.executable(lesson_crate)?;
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
                        "lesson {} declares exercise `{}` but lessons/{}/tests/{TEST_TARGET}.rs \
                         has no test of that name",
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
        }
        Ok(())
    }
}

/// Runs the test `name` alone; returns whether it passed and, if not, what it printed.
fn run_one_test(executable: &Path, dir: &Path, name: &str) -> Result<(bool, String)> {
    let output = Command::new(executable)
        .args(["--exact", name, "--test-threads=1"])
        .current_dir(dir)
        // A learner's failing run must not leave `.snap.new` files behind, nor pass by force.
        .env("INSTA_UPDATE", "no")
        .env_remove("INSTA_FORCE_PASS")
        .env("RUST_BACKTRACE", "0")
        .output()
        .with_context(|| format!("cannot run {}", executable.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    Ok((output.status.success(), failure_report(&stdout, name)))
}

/// The part of libtest's output that belongs to the failed test `name`, without the noise.
fn failure_report(stdout: &str, name: &str) -> String {
    let start_marker = format!("---- {name} stdout ----\n");
    let Some(start) = stdout.find(&start_marker) else {
        return String::new();
    };
    let rest = &stdout[start + start_marker.len()..];
    let end = rest.find("\nfailures:\n").unwrap_or(rest.len());
    rest[..end]
        .lines()
        // Advice that does not apply here: backtraces are off, and `cargo insta` is not needed.
        .filter(|line| !line.starts_with("note: run with `RUST_BACKTRACE=1`"))
        .filter(|line| !line.contains("Run `cargo insta test`"))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::failure_report;

    #[test]
    fn failure_report_keeps_only_the_failed_tests_message() {
        let stdout = "\nrunning 1 test\ntest add_all ... FAILED\n\nfailures:\n\n\
                      ---- add_all stdout ----\n\nthread 'add_all' panicked at src/exercises.rs:9:5:\n\
                      not yet implemented\nnote: run with `RUST_BACKTRACE=1` environment variable\n\n\n\
                      failures:\n    add_all\n\ntest result: FAILED. 0 passed; 1 failed\n";
        assert_eq!(
            failure_report(stdout, "add_all"),
            "thread 'add_all' panicked at src/exercises.rs:9:5:\nnot yet implemented"
        );
    }
}

//! `cargo xtask reset LESSON [EXERCISE]`: puts a lesson's `src/exercises.rs`, or one exercise in
//! it, back as it is in the last commit (`git show HEAD:<path>`), with its starting `todo!()`.
//!
//! One exercise is the part of the file that its doc comment `/// Exercise `name`` opens: from
//! that line to the next exercise's, or to the end of the file. Those lines are the lessons'
//! convention (the exercise standard), so the part is found by them and not by parsing: a file
//! that does not compile, half-way through an edit, can still be reset one exercise at a time.
//! What the learner wrote above the first exercise (their own `use` lines) stays.

use crate::curriculum::{Curriculum, Lesson, LessonCrate};
use crate::hints;
use crate::snapshot;
use anyhow::{bail, Context, Result};
use console::style;
use std::io::{BufRead, IsTerminal, Write};
use std::ops::Range;
use std::path::Path;
use std::process::{Command, ExitCode};

/// The line that opens an exercise: `/// Exercise `name``.
const MARKER: &str = "/// Exercise `";

/// Whether the learner agreed to lose their code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Consent {
    /// `--yes`: no question.
    Given,
    /// Ask on the terminal, showing what will be lost.
    Ask,
    /// No `--yes`, and no terminal to ask on: refuse.
    Refused,
}

impl Consent {
    /// What `--yes` and the kind of standard input allow.
    pub fn from(yes: bool, stdin_is_terminal: bool) -> Self {
        match (yes, stdin_is_terminal) {
            (true, _) => Consent::Given,
            (false, true) => Consent::Ask,
            (false, false) => Consent::Refused,
        }
    }
}

/// What a reset would do to the file.
#[derive(Debug, PartialEq)]
pub enum Plan {
    /// The file (or the exercise's part of it) is already as committed.
    NothingToReset,
    /// Replace the file with `new_text`; `lost` and `restored` are the part that changes, for
    /// showing to the learner.
    Replace {
        new_text: String,
        lost: String,
        restored: String,
    },
}

/// How a reset ended.
#[derive(Debug, PartialEq)]
pub enum Done {
    /// Nothing was different from the commit.
    NothingToReset,
    /// The file was written.
    Reset,
    /// The learner answered no.
    Declined,
}

/// `cargo xtask reset LESSON [EXERCISE] [--yes]`.
pub fn reset(
    curriculum: &Curriculum,
    query: &str,
    exercise: Option<&str>,
    yes: bool,
) -> Result<ExitCode> {
    let (lesson, lesson_crate) = curriculum.find_written(query)?;
    if lesson_crate.exercises.is_empty() {
        println!("Lesson {} has no exercises: nothing to reset.", lesson.id);
        return Ok(ExitCode::SUCCESS);
    }
    let exercise = exercise
        .map(|name| hints::find_exercise(lesson, lesson_crate, name))
        .transpose()?
        .map(|e| e.name.as_str());
    let consent = Consent::from(yes, std::io::stdin().is_terminal());
    let done = reset_file(
        &curriculum.root,
        lesson,
        lesson_crate,
        exercise,
        consent,
        &mut ask_on_terminal,
    )?;
    let file = exercises_file(lesson);
    let what = match exercise {
        Some(name) => format!("`{name}` in {file}"),
        None => file.clone(),
    };
    Ok(match done {
        Done::NothingToReset => {
            println!("Nothing to reset: {what} is as committed.");
            ExitCode::SUCCESS
        }
        Done::Reset => {
            println!(
                "{} {what} is back to its starting `todo!()`.",
                style("✓").green().bold()
            );
            ExitCode::SUCCESS
        }
        Done::Declined => {
            println!("Nothing was changed.");
            ExitCode::FAILURE
        }
    })
}

/// `lessons/<folder>/src/exercises.rs`, relative to the workspace root.
fn exercises_file(lesson: &Lesson) -> String {
    format!("lessons/{}/src/exercises.rs", lesson.folder())
}

/// Resets the lesson's `src/exercises.rs` under `root`, or one exercise in it, from the commit,
/// once `consent` allows it; `ask` puts the question when it is to be asked, and says whether
/// the answer was yes. `Err`, one line, outside a git checkout, for a file that is not
/// committed, or when no consent can be had.
pub fn reset_file(
    root: &Path,
    lesson: &Lesson,
    lesson_crate: &LessonCrate,
    exercise: Option<&str>,
    consent: Consent,
    ask: &mut dyn FnMut(&str) -> Result<bool>,
) -> Result<Done> {
    let file = exercises_file(lesson);
    let path = root.join(&file);
    let current = std::fs::read_to_string(&path).with_context(|| format!("cannot read {file}"))?;
    let committed = committed(root, &file)?;
    let names: Vec<&str> = lesson_crate
        .exercises
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    let plan = plan(&current, &committed, &names, exercise)
        .map_err(|problem| anyhow::anyhow!("{file}: {problem}"))?;
    let Plan::Replace {
        new_text,
        lost,
        restored,
    } = plan
    else {
        return Ok(Done::NothingToReset);
    };
    let what = match exercise {
        Some(name) => format!("`{name}` in {file}"),
        None => format!("all of {file}"),
    };
    match consent {
        Consent::Given => {}
        Consent::Refused => bail!(
            "not resetting {what} without a yes: standard input is not a terminal to ask on; \
             add `--yes` to reset it all the same"
        ),
        Consent::Ask => {
            let question = format!(
                "{}\n(- lines are yours, and would be lost; + lines are the starting code.)\n\
                 Reset {what}? [y/N] ",
                snapshot::diff(&lost, &restored).trim_end()
            );
            if !ask(&question)? {
                return Ok(Done::Declined);
            }
        }
    }
    std::fs::write(&path, new_text).with_context(|| format!("cannot write {file}"))?;
    Ok(Done::Reset)
}

/// Asks `question` on the terminal and reads a line: `y` or `yes` is yes, anything else no.
fn ask_on_terminal(question: &str) -> Result<bool> {
    print!("{question}");
    std::io::stdout()
        .flush()
        .context("cannot write to stdout")?;
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .context("cannot read the answer")?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}

/// The text of `file` (relative to `root`) in the last commit, with `git show HEAD:./<file>`.
fn committed(root: &Path, file: &str) -> Result<String> {
    let output = Command::new("git")
        .args(["show", &format!("HEAD:./{file}")])
        .current_dir(root)
        .output();
    let output = match output {
        Ok(output) => output,
        Err(_) => bail!(
            "reset takes the starting code from git, which did not start: install git, or copy \
             {file} from a fresh copy of the course"
        ),
    };
    if output.status.success() {
        return String::from_utf8(output.stdout)
            .with_context(|| format!("the committed {file} is not UTF-8"));
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("not a git repository") {
        bail!(
            "{} is not a git checkout, so there is no committed version to go back to: copy \
             {file} from a fresh copy of the course",
            root.display()
        );
    }
    if stderr.contains("does not exist in")
        || stderr.contains("exists on disk, but not in")
        || stderr.contains("invalid object name")
    {
        bail!("{file} is not committed, so there is no starting version to go back to");
    }
    bail!(
        "`git show HEAD:./{file}` failed: {}",
        stderr.lines().next().unwrap_or("no message").trim()
    )
}

/// What resetting `current` to `committed` does: the whole text, or only `exercise`'s part
/// (see the module's documentation) if one is named. `names` are the lesson's exercises. `Err`
/// says, for a sentence after the file's name, why the exercise's part cannot be found.
pub fn plan(
    current: &str,
    committed: &str,
    names: &[&str],
    exercise: Option<&str>,
) -> std::result::Result<Plan, String> {
    // Keep the file's own line ends: git gives `\n`, a checkout on Windows may have `\r\n`.
    let committed = if current.contains("\r\n") && !committed.contains("\r\n") {
        committed.replace('\n', "\r\n")
    } else {
        committed.to_string()
    };
    let Some(exercise) = exercise else {
        if current == committed {
            return Ok(Plan::NothingToReset);
        }
        return Ok(Plan::Replace {
            new_text: committed.clone(),
            lost: current.to_string(),
            restored: committed,
        });
    };
    let starting =
        regions(&committed, names).map_err(|problem| format!("the committed version {problem}"))?;
    let mine = regions(current, names)?;
    let order = |regions: &[(String, Range<usize>)]| -> Vec<String> {
        regions.iter().map(|(name, _)| name.clone()).collect()
    };
    if order(&starting) != order(&mine) {
        return Err(format!(
            "its `/// Exercise `name`` comments are not in the committed order ({}), so where \
             `{exercise}` starts and ends is unclear: put them back, or reset the whole file",
            order(&starting).join(", ")
        ));
    }
    let find = |regions: &[(String, Range<usize>)]| {
        regions
            .iter()
            .find(|(name, _)| name == exercise)
            .map(|(_, range)| range.clone())
    };
    let (Some(from), Some(to)) = (find(&starting), find(&mine)) else {
        return Err(format!(
            "the committed version has no `/// Exercise `{exercise}`` comment, so it cannot be \
             reset alone: reset the whole file"
        ));
    };
    let restored = &committed[from];
    let lost = &current[to.clone()];
    if restored == lost {
        return Ok(Plan::NothingToReset);
    }
    Ok(Plan::Replace {
        new_text: format!("{}{restored}{}", &current[..to.start], &current[to.end..]),
        lost: lost.to_string(),
        restored: restored.to_string(),
    })
}

/// Each exercise's part of `text`, in the order of the file: from its `/// Exercise `name``
/// line to the next exercise's, or to the end. Lines naming something that is not one of `names`
/// are ordinary text. `Err` if an exercise's line is there twice.
fn regions(text: &str, names: &[&str]) -> std::result::Result<Vec<(String, Range<usize>)>, String> {
    let mut starts: Vec<(String, usize)> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let name = line
            .strip_prefix(MARKER)
            .and_then(|rest| rest.split_once('`'))
            .map(|(name, _)| name)
            .filter(|name| names.contains(name));
        if let Some(name) = name {
            if starts.iter().any(|(seen, _)| seen == name) {
                return Err(format!(
                    "has two `/// Exercise `{name}`` comments: remove one, or reset the whole file"
                ));
            }
            starts.push((name.to_string(), offset));
        }
        offset += line.len();
    }
    let ends = starts
        .iter()
        .skip(1)
        .map(|(_, start)| *start)
        .chain([text.len()]);
    Ok(starts
        .iter()
        .zip(ends)
        .map(|((name, start), end)| (name.clone(), *start..end))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curriculum::fixtures::demo_lesson;
    use std::fs;

    const STARTING: &str = "//! Exercises.\n\nuse dfdx::prelude::*;\n\n\
        /// Exercise `add`: `a + b`.\npub fn add(a: f32, b: f32) -> f32 {\n    // TODO: add them.\n    \
        todo!(\"a + b\")\n}\n\n\
        /// Exercise `scale`: a model that scales.\n///\n/// Two items.\npub struct Scale(f32);\n\n\
        impl Scale {\n    /// Scales `x`.\n    pub fn apply(&self, x: f32) -> f32 {\n        \
        todo!(\"{}\", x)\n    }\n}\n";

    const NAMES: &[&str] = &["add", "scale"];

    /// The starting code with `add` solved, a helper of the learner's own above it, and `scale`
    /// half-written with a brace missing: a file that does not compile.
    fn edited() -> String {
        STARTING
            .replace("use dfdx", "use std::f32::consts::PI;\nuse dfdx")
            .replace("    // TODO: add them.\n    todo!(\"a + b\")", "    a + b")
            .replace(
                "        todo!(\"{}\", x)\n    }",
                "        if x > 0.0 {\n    }",
            )
    }

    #[test]
    fn one_exercise_is_reset_and_the_rest_stays() {
        let edited = edited();
        let Ok(Plan::Replace { new_text, lost, .. }) =
            plan(&edited, STARTING, NAMES, Some("scale"))
        else {
            panic!("scale differs from the commit");
        };
        assert!(lost.starts_with("/// Exercise `scale`") && lost.contains("if x > 0.0"));
        assert_eq!(
            new_text,
            STARTING
                .replace("use dfdx", "use std::f32::consts::PI;\nuse dfdx")
                .replace("    // TODO: add them.\n    todo!(\"a + b\")", "    a + b")
        );
        let Ok(Plan::Replace { new_text, .. }) = plan(&new_text, STARTING, NAMES, Some("add"))
        else {
            panic!("add differs from the commit");
        };
        // The learner's `use` line above the first exercise is theirs to keep.
        assert_eq!(
            new_text,
            STARTING.replace("use dfdx", "use std::f32::consts::PI;\nuse dfdx")
        );
    }

    #[test]
    fn an_exercise_or_a_file_as_committed_has_nothing_to_reset() {
        let edited = edited();
        let solved_add_only =
            STARTING.replace("    // TODO: add them.\n    todo!(\"a + b\")", "    a + b");
        assert_eq!(
            plan(&solved_add_only, STARTING, NAMES, Some("scale")),
            Ok(Plan::NothingToReset)
        );
        assert_eq!(
            plan(STARTING, STARTING, NAMES, None),
            Ok(Plan::NothingToReset)
        );
        let Ok(Plan::Replace { new_text, .. }) = plan(&edited, STARTING, NAMES, None) else {
            panic!("the file differs from the commit");
        };
        assert_eq!(new_text, STARTING);
    }

    #[test]
    fn a_file_with_crlf_line_ends_keeps_them() {
        let crlf = edited().replace('\n', "\r\n");
        let Ok(Plan::Replace { new_text, .. }) = plan(&crlf, STARTING, NAMES, None) else {
            panic!("the file differs from the commit");
        };
        assert_eq!(new_text, STARTING.replace('\n', "\r\n"));
        assert_eq!(
            plan(&STARTING.replace('\n', "\r\n"), STARTING, NAMES, None),
            Ok(Plan::NothingToReset)
        );
    }

    #[test]
    fn moved_or_doubled_exercise_comments_are_refused_with_the_way_out() {
        let without = STARTING.replace("/// Exercise `scale`: a model that scales.\n", "");
        let problem = plan(&without, STARTING, NAMES, Some("add")).expect_err("unclear end");
        assert!(
            problem.contains("not in the committed order (add, scale)")
                && problem.ends_with("reset the whole file"),
            "{problem}"
        );
        let doubled = format!("{STARTING}/// Exercise `add`: again.\n");
        let problem = plan(&doubled, STARTING, NAMES, Some("scale")).expect_err("two of add");
        assert!(
            problem.contains("two `/// Exercise `add`` comments"),
            "{problem}"
        );
        // A whole-file reset needs no markers.
        assert!(matches!(
            plan(&without, STARTING, NAMES, None),
            Ok(Plan::Replace { .. })
        ));
    }

    #[test]
    fn consent_comes_from_yes_or_from_a_terminal() {
        assert_eq!(Consent::from(true, false), Consent::Given);
        assert_eq!(Consent::from(true, true), Consent::Given);
        assert_eq!(Consent::from(false, true), Consent::Ask);
        assert_eq!(Consent::from(false, false), Consent::Refused);
    }

    fn git(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
            .args(args)
            .current_dir(dir)
            .output()
            .expect("git runs");
        assert!(status.status.success(), "git {args:?}: {status:?}");
    }

    /// A git checkout with lessons/p09-demo/src/exercises.rs committed as [`STARTING`], then
    /// edited to [`edited`].
    fn checkout() -> tempfile::TempDir {
        let root = tempfile::tempdir().expect("a temporary folder");
        let src = root.path().join("lessons/p09-demo/src");
        fs::create_dir_all(&src).expect("folders");
        fs::write(src.join("exercises.rs"), STARTING).expect("written");
        git(root.path(), &["init", "--quiet"]);
        git(root.path(), &["add", "."]);
        git(root.path(), &["commit", "--quiet", "-m", "start"]);
        fs::write(src.join("exercises.rs"), edited()).expect("edited");
        root
    }

    fn read(root: &Path) -> String {
        fs::read_to_string(root.join("lessons/p09-demo/src/exercises.rs")).expect("readable")
    }

    #[test]
    fn a_reset_in_a_checkout_asks_and_writes_the_committed_code() {
        let root = checkout();
        let (lesson, lesson_crate) = demo_lesson(&[("add", &[]), ("scale", &[])]);
        console::set_colors_enabled(false);
        let mut asked = String::new();
        let done = reset_file(
            root.path(),
            &lesson,
            &lesson_crate,
            Some("add"),
            Consent::Ask,
            &mut |question: &str| {
                asked = question.to_string();
                Ok(false)
            },
        );
        assert_eq!(done.expect("asked"), Done::Declined);
        assert_eq!(read(root.path()), edited(), "no is no");
        // The question shows what would be lost, and what comes back.
        assert!(
            asked.contains("-      a + b\n")
                && asked.contains("+      todo!(\"a + b\")\n")
                && asked.ends_with("[y/N] "),
            "{asked}"
        );

        let done = reset_file(
            root.path(),
            &lesson,
            &lesson_crate,
            Some("add"),
            Consent::Ask,
            &mut |_: &str| Ok(true),
        );
        assert_eq!(done.expect("asked"), Done::Reset);
        assert!(read(root.path()).contains("todo!(\"a + b\")"));
        assert!(
            read(root.path()).contains("if x > 0.0"),
            "scale is left alone"
        );

        let done = reset_file(
            root.path(),
            &lesson,
            &lesson_crate,
            None,
            Consent::Given,
            &mut |_: &str| panic!("--yes asks nothing"),
        );
        assert_eq!(done.expect("reset"), Done::Reset);
        assert_eq!(read(root.path()), STARTING);

        let done = reset_file(
            root.path(),
            &lesson,
            &lesson_crate,
            Some("scale"),
            Consent::Given,
            &mut |_: &str| panic!("nothing to ask"),
        );
        assert_eq!(done.expect("as committed"), Done::NothingToReset);
    }

    #[test]
    fn without_a_terminal_or_a_yes_nothing_is_reset() {
        let root = checkout();
        let (lesson, lesson_crate) = demo_lesson(&[("add", &[]), ("scale", &[])]);
        let message = reset_file(
            root.path(),
            &lesson,
            &lesson_crate,
            None,
            Consent::Refused,
            &mut |_: &str| panic!("no terminal to ask on"),
        )
        .expect_err("refused")
        .to_string();
        assert!(message.contains("add `--yes`"), "{message}");
        assert_eq!(message.lines().count(), 1, "{message}");
        assert_eq!(read(root.path()), edited());
    }

    #[test]
    fn outside_a_checkout_or_for_an_uncommitted_file_the_error_is_one_line() {
        let (lesson, lesson_crate) = demo_lesson(&[("add", &[]), ("scale", &[])]);
        let plain = tempfile::tempdir().expect("a temporary folder");
        let src = plain.path().join("lessons/p09-demo/src");
        fs::create_dir_all(&src).expect("folders");
        fs::write(src.join("exercises.rs"), edited()).expect("written");
        // A folder inside no repository: GIT_CEILING_DIRECTORIES keeps git from looking above it
        // (the system's temporary folder could itself sit in a checkout).
        let message = Command::new("git")
            .args(["rev-parse", "--git-dir"])
            .current_dir(plain.path())
            .env(
                "GIT_CEILING_DIRECTORIES",
                plain.path().parent().expect("a parent"),
            )
            .output()
            .expect("git runs");
        if !message.status.success() {
            let message = reset_file(
                plain.path(),
                &lesson,
                &lesson_crate,
                None,
                Consent::Given,
                &mut |_: &str| Ok(true),
            )
            .expect_err("no git checkout")
            .to_string();
            assert!(message.contains("is not a git checkout"), "{message}");
            assert_eq!(message.lines().count(), 1, "{message}");
        }

        let root = checkout();
        let (other, other_crate) = demo_lesson(&[("add", &[])]);
        let other = Lesson {
            slug: "uncommitted".into(),
            ..other
        };
        let src = root.path().join("lessons/p09-uncommitted/src");
        fs::create_dir_all(&src).expect("folders");
        fs::write(src.join("exercises.rs"), STARTING).expect("written");
        let message = reset_file(
            root.path(),
            &other,
            &other_crate,
            None,
            Consent::Given,
            &mut |_: &str| Ok(true),
        )
        .expect_err("not committed")
        .to_string();
        assert_eq!(
            message,
            "lessons/p09-uncommitted/src/exercises.rs is not committed, so there is no starting \
             version to go back to"
        );
    }

    #[test]
    fn every_lessons_exercises_can_be_found_one_by_one() {
        let curriculum = Curriculum::load(&crate::workspace_root()).expect("the curriculum loads");
        for (lesson, lesson_crate) in curriculum.written() {
            let names: Vec<&str> = lesson_crate
                .exercises
                .iter()
                .map(|e| e.name.as_str())
                .collect();
            let Ok(text) = fs::read_to_string(lesson_crate.dir.join("src/exercises.rs")) else {
                continue;
            };
            let found = regions(&text, &names).expect("no doubled exercise comment");
            let mut found: Vec<String> = found.into_iter().map(|(name, _)| name).collect();
            found.sort();
            let mut declared: Vec<String> = names.iter().map(|n| n.to_string()).collect();
            declared.sort();
            assert_eq!(
                found,
                declared,
                "lessons/{}/src/exercises.rs: each exercise opens with `/// Exercise `name``",
                lesson.folder()
            );
        }
    }
}

//! Checking exercises in a child process, so that the screen of `cargo xtask watch` stays
//! responsive while Cargo builds, and `q` can stop a build at any moment.
//!
//! The child is the runner itself, `xtask watch-check LESSON...` (a hidden command): it builds
//! and runs the lessons' exercise tests with the same code as `cargo xtask verify`, and writes
//! one JSON [`Message`] a line on its standard output as each result comes. The parent reads
//! them on a thread of its own.

use crate::cargo::CompilerOutput;
use crate::curriculum::Curriculum;
use crate::exercises::{ExerciseTests, Outcome};
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::{Arc, Mutex};

/// The hidden command that runs the check in the child.
pub const COMMAND: &str = "watch-check";

/// What the child reports, one JSON object a line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum Message {
    /// The build is over; the tests run next.
    Built,
    /// A lesson's exercises do not compile: the compiler's errors, rendered.
    DoesNotCompile { lesson: String, errors: Vec<String> },
    /// One exercise's test ran.
    Checked {
        lesson: String,
        exercise: String,
        outcome: Outcome,
    },
}

/// `xtask watch-check LESSON...`, in the child: checks the exercises of the given lessons in
/// that order, reporting each result as it comes.
pub fn report(curriculum: &Curriculum, lessons: &[String]) -> Result<ExitCode> {
    let selected = lessons
        .iter()
        .map(|query| curriculum.find_written(query))
        .collect::<Result<Vec<_>>>()?;
    let tests = ExerciseTests::build(curriculum, selected, CompilerOutput::Hide)?;
    emit(&Message::Built)?;
    for lesson_tests in tests.lessons() {
        let lesson = &lesson_tests.lesson.id;
        if !lesson_tests.compiles() {
            emit(&Message::DoesNotCompile {
                lesson: lesson.clone(),
                errors: lesson_tests.errors().to_vec(),
            })?;
            continue;
        }
        for exercise in &lesson_tests.lesson_crate.exercises {
            let checked = lesson_tests.check(exercise)?;
            emit(&Message::Checked {
                lesson: lesson.clone(),
                exercise: exercise.name.clone(),
                outcome: checked.outcome,
            })?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes one message as a line of JSON, at once.
fn emit(message: &Message) -> Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, message).context("cannot write a result")?;
    writeln!(out).context("cannot write a result")?;
    out.flush().context("cannot write a result")
}

/// How a check's child process ended.
#[derive(Debug)]
pub struct Ended {
    /// Whether it exited 0.
    pub success: bool,
    /// What it wrote on its standard error: on a failure, why (one line).
    pub stderr: String,
}

/// A check running in a child process.
pub struct Check {
    child: Arc<Mutex<Child>>,
    /// The child's process id, which leads its process group with `own_group`.
    id: u32,
    /// Whether the child leads a process group of its own, to be ended whole by [`Check::kill`].
    own_group: bool,
}

impl Check {
    /// Starts checking `lessons` (ids) in a child process from `root`: `on_message` gets each
    /// message as it comes, then `on_end` how the child ended, both on a thread of their own.
    ///
    /// With `own_group` (on Unix), the child and everything it starts (cargo, rustc, the tests)
    /// form a process group of their own, so that [`Check::kill`] ends all of them: that is for
    /// when the terminal is in raw mode and Ctrl-C reaches the runner as a key. Without it they
    /// share the runner's group, and a Ctrl-C on the terminal ends them with it. `colours` asks
    /// for the compiler's errors in colour.
    pub fn start(
        root: &Path,
        lessons: &[String],
        own_group: bool,
        colours: bool,
        mut on_message: impl FnMut(Message) + Send + 'static,
        on_end: impl FnOnce(Ended) + Send + 'static,
    ) -> Result<Check> {
        let program = std::env::current_exe().context("cannot find the runner's own program")?;
        let mut command = Command::new(program);
        command
            .arg(COMMAND)
            .args(lessons)
            .current_dir(root)
            // The keys are the parent's: nothing below may read the terminal.
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if colours {
            command.env("CLICOLOR_FORCE", "1");
        }
        #[cfg(unix)]
        if own_group {
            use std::os::unix::process::CommandExt;
            command.process_group(0);
        }
        let mut child = command
            .spawn()
            .context("cannot start the runner to check the exercises")?;
        let stdout = child.stdout.take().context("stdout was not captured")?;
        let mut stderr = child.stderr.take().context("stderr was not captured")?;
        let id = child.id();
        let child = Arc::new(Mutex::new(child));
        let waiter = Arc::clone(&child);
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Ok(message) = serde_json::from_str(&line) {
                    on_message(message);
                }
            }
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            // Both pipes are closed: the child is exiting, so waiting is short.
            let success = waiter
                .lock()
                .ok()
                .and_then(|mut child| child.wait().ok())
                .is_some_and(|status| status.success());
            on_end(Ended {
                success,
                stderr: text.trim().to_string(),
            });
        });
        Ok(Check {
            child,
            id,
            own_group,
        })
    }

    /// Ends the check now: the child, and with its process group everything it started.
    pub fn kill(&self) {
        #[cfg(unix)]
        if self.own_group {
            use rustix::process::{kill_process_group, Pid, Signal};
            if let Some(pid) = i32::try_from(self.id).ok().and_then(Pid::from_raw) {
                let _ = kill_process_group(pid, Signal::KILL);
            }
        }
        if let Ok(mut child) = self.child.try_lock() {
            let _ = child.kill();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_line_of_json_each_and_read_back() {
        let messages = [
            Message::Built,
            Message::DoesNotCompile {
                lesson: "p01".into(),
                errors: vec![
                    "error[E0425]: cannot find value `x`\n --> src/exercises.rs:3:5".into(),
                ],
            },
            Message::Checked {
                lesson: "p01".into(),
                exercise: "mean_and_std".into(),
                outcome: Outcome::Failed {
                    report: "not solved yet".into(),
                },
            },
        ];
        for message in messages {
            let line = serde_json::to_string(&message).expect("JSON");
            assert!(!line.contains('\n'), "{line}");
            let read: Message = serde_json::from_str(&line).expect("read back");
            assert_eq!(read, message);
        }
    }
}

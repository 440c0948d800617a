//! The project's runner, `cargo xtask <command>`: runs lessons against the snapshots the book
//! shows, checks the learner's exercises, builds the book, and runs everything CI checks.

mod book;
mod cargo;
mod ci;
mod curriculum;
mod exercises;
mod fetch;
mod figures;
mod hints;
mod lessons;
mod progress;
mod reset;
mod snapshot;
mod watch;

use anyhow::Result;
use clap::{Parser, Subcommand};
use curriculum::Curriculum;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "Run the lessons, check your exercises, build the book",
    after_help = "A LESSON is an id (p01), a folder name (p01-install-and-verify) or a crate name.\n\
                  Start with `cargo xtask run p01`, then `cargo xtask watch p01` to do its exercises;\n\
                  `cargo xtask test` runs everything CI runs."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Work on the exercises: check each one as you save it, with hints a key away
    #[command(
        after_help = "Starts at the first exercise you have not solved (of LESSON, or of the \
                      course in book order) and checks a lesson again each time its \
                      src/exercises.rs is saved; a solved exercise moves you on to the next.\n\
                      Keys: h next hint level, n next exercise, l list of lessons, r check \
                      again, q quit.\nWithout a terminal (stdin or stdout redirected) there \
                      are no keys: each check's report is printed after the last."
    )]
    Watch {
        /// The lesson to start in; the course's first unsolved exercise if left out
        lesson: Option<String>,
    },
    /// List all 30 lessons with their state (not written yet, or how many exercises you
    /// solved), then your progress over the whole course
    List,
    /// Run a lesson, then check that its output matches the snapshot the book shows
    Run {
        /// The lesson to run
        lesson: String,
        /// Arguments for the lesson itself, after `--` (the output is then not compared)
        #[arg(last = true)]
        args: Vec<String>,
    },
    /// Check your solutions to the exercises of one lesson, or of all lessons
    Verify {
        /// The lesson whose exercises to check; all lessons if left out
        lesson: Option<String>,
    },
    /// Show the next hint for an exercise: one level more each time you ask, then where the
    /// reference solution is
    #[command(
        after_help = "Each exercise has several hints, from a nudge to the exact calls. The levels \
                      you have seen are kept in .learner/hints-seen.toml (delete it to start \
                      again).\nExample: `cargo xtask hint p01 mean_and_std`"
    )]
    Hint {
        /// The lesson
        lesson: String,
        /// The exercise (as `cargo xtask verify LESSON` names it); if left out, the lesson's
        /// first exercise that you have not solved, found by building and running its tests
        exercise: Option<String>,
    },
    /// Put an exercise, or all of a lesson's src/exercises.rs, back to its starting `todo!()`
    /// as committed; asks first
    #[command(
        after_help = "Shows the lines you would lose and asks y/N, unless --yes. Without an \
                      EXERCISE the whole file goes back as committed; with one, only the part \
                      that its `/// Exercise` comment opens.\n\
                      Example: `cargo xtask reset p01 mean_and_std`"
    )]
    Reset {
        /// The lesson
        lesson: String,
        /// The exercise (as `cargo xtask verify LESSON` names it); the whole file if left out
        exercise: Option<String>,
        /// Reset without asking
        #[arg(long, short)]
        yes: bool,
    },
    /// Build the book into book/build, regenerating book/src/SUMMARY.md from curriculum.toml
    Book {
        /// Open the built book in a browser
        #[arg(long)]
        open: bool,
    },
    /// Record a lesson's snapshots from its current output (for authors, after a change)
    Bless {
        /// The lesson
        lesson: String,
    },
    /// Run everything CI checks: format, lints, tests, exercises, snapshots, the book
    Test,
    /// Download full MNIST (60,000 training images) into datasets/mnist/, for a lesson's --full
    FetchData {
        /// Download into this folder instead (then point MNIST_DIR at it)
        #[arg(long, value_name = "FOLDER")]
        dir: Option<PathBuf>,
    },
    /// What `watch` runs in a child process: checks the lessons' exercises and reports each
    /// result as a line of JSON
    #[command(name = watch::CHECK_COMMAND, hide = true)]
    WatchCheck {
        /// The lessons to check, in order
        lessons: Vec<String>,
    },
}

/// The workspace root: xtask's own crate sits one folder below it.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("{} {err:#}", console::style("error:").red().bold());
            ExitCode::from(2)
        }
    }
}

/// Runs one command. `Err` is bad input or a broken setup (exit 2, one line that says what to
/// do); `Ok(FAILURE)` is a check that ran and failed (exit 1).
fn run(command: Command) -> Result<ExitCode> {
    let root = workspace_root();
    // Loaded by each command that needs it: fetch-data must work while a lesson is half-written.
    let curriculum = || Curriculum::load(&root);
    match command {
        Command::Watch { lesson } => watch::watch(&curriculum()?, lesson.as_deref()),
        Command::List => lessons::list(&curriculum()?),
        Command::Reset {
            lesson,
            exercise,
            yes,
        } => reset::reset(&curriculum()?, &lesson, exercise.as_deref(), yes),
        Command::Run { lesson, args } => lessons::run(&curriculum()?, &lesson, &args),
        Command::Verify { lesson } => lessons::verify(&curriculum()?, lesson.as_deref()),
        Command::Hint { lesson, exercise } => {
            lessons::hint(&curriculum()?, &lesson, exercise.as_deref())
        }
        Command::Bless { lesson } => lessons::bless(&curriculum()?, &lesson),
        Command::Book { open } => {
            let index = book::build(&curriculum()?, true)?;
            println!("The book is at {}", index.display());
            if open {
                open_in_browser(&index);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Test => ci::test(&curriculum()?),
        Command::FetchData { dir } => fetch::fetch_data(&root, dir.as_deref()),
        Command::WatchCheck { lessons } => watch::check_for_watch(&curriculum()?, &lessons),
    }
}

fn open_in_browser(index: &Path) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let opened = std::process::Command::new(opener)
        .arg(index)
        .status()
        .map(|status| status.success())
        .unwrap_or(false);
    if !opened {
        eprintln!("Could not start `{opener}`: open the path above in your browser.");
    }
}

//! The figures a lesson draws, checked like its printed output. Introduced in p04.
//!
//! A lesson that draws takes a [`Figures`] beside its text writer and adds each figure to it
//! under a file name (`loss.svg`, `weights.png`). The same drawing code then serves three uses:
//!
//! - `cargo xtask run <lesson>` (through [`crate::run_lesson_with_figures`]) writes the figures to
//!   a git-ignored folder, [`output_dir`], and prints their paths, so a learner who changes the
//!   code sees the new picture;
//! - the lesson's snapshot test calls [`assert_committed`], which fails when a figure differs, by
//!   one byte, from the copy committed in the lesson's `figures/` folder (the copy the book shows);
//! - `cargo xtask bless <lesson>` sets [`BLESS_VARIABLE`], and the same test records the figures.
//!
//! Figures must be deterministic, as printed text is: the same bytes on every run and for any
//! number of threads. `kit::plot` draws that way.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// One drawn figure: a file name with its extension, and the file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// The file name, such as `loss.svg`: lower-case letters, digits and `-`, then `.svg` or
    /// `.png`.
    pub name: String,
    /// The file's contents.
    pub bytes: Vec<u8>,
}

/// The figures a walkthrough draws, in the order it draws them.
#[derive(Debug, Default)]
pub struct Figures {
    drawn: Vec<Figure>,
}

impl Figures {
    /// No figures yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a figure.
    ///
    /// # Errors
    ///
    /// [`io::ErrorKind::InvalidInput`] for a name that is not `[a-z0-9-]+.svg` or `.png`, or that
    /// was used already: two figures must never overwrite each other's file.
    pub fn add(&mut self, name: &str, bytes: impl Into<Vec<u8>>) -> io::Result<()> {
        let invalid = |why: String| io::Error::new(io::ErrorKind::InvalidInput, why);
        let stem = name
            .strip_suffix(".svg")
            .or_else(|| name.strip_suffix(".png"))
            .ok_or_else(|| invalid(format!("figure `{name}` must end in .svg or .png")))?;
        let plain = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        if stem.is_empty() || !stem.chars().all(plain) {
            return Err(invalid(format!(
                "figure `{name}`: use lower-case letters, digits and `-` before the extension"
            )));
        }
        if self.drawn.iter().any(|figure| figure.name == name) {
            return Err(invalid(format!("figure `{name}` is drawn twice")));
        }
        self.drawn.push(Figure {
            name: name.to_string(),
            bytes: bytes.into(),
        });
        Ok(())
    }

    /// The figures, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = &Figure> {
        self.drawn.iter()
    }

    /// How many figures were drawn.
    pub fn len(&self) -> usize {
        self.drawn.len()
    }

    /// Whether no figure was drawn.
    pub fn is_empty(&self) -> bool {
        self.drawn.is_empty()
    }
}

/// The environment variable that names the folder a lesson's binary writes its figures to;
/// `cargo xtask run` sets it. Without it, [`output_dir`] picks a folder under `target/`.
pub const OUTPUT_VARIABLE: &str = "LESSON_FIGURES_DIR";

/// The environment variable that makes [`assert_committed`] record the figures instead of
/// comparing them; `cargo xtask bless` sets it to `1`.
pub const BLESS_VARIABLE: &str = "LESSON_BLESS_FIGURES";

/// The git-ignored folder where the binary of `package` writes its figures: [`OUTPUT_VARIABLE`]
/// if set, otherwise `target/figures/<package>` in the workspace.
pub fn output_dir(package: &str) -> PathBuf {
    match std::env::var_os(OUTPUT_VARIABLE) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        // kit sits one folder below the workspace root.
        _ => Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .unwrap_or(Path::new("."))
            .join("target/figures")
            .join(package),
    }
}

/// Writes every figure into `dir` (created if needed), each through a temporary file and a
/// rename, after removing the figures a previous run left there; returns the paths written.
///
/// # Errors
///
/// What the file system says.
pub fn write_all(figures: &Figures, dir: &Path) -> io::Result<Vec<PathBuf>> {
    fs::create_dir_all(dir)?;
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if is_figure_file(&path) {
            fs::remove_file(&path)?;
        }
    }
    figures
        .iter()
        .map(|figure| {
            let path = dir.join(&figure.name);
            crate::save::write_atomically(&path, |temporary| fs::write(temporary, &figure.bytes))?;
            Ok(path)
        })
        .collect()
}

/// Whether `path` names a figure file (`.svg` or `.png`).
fn is_figure_file(path: &Path) -> bool {
    path.is_file()
        && path
            .extension()
            .is_some_and(|extension| extension == "svg" || extension == "png")
}

/// Checks that `figures` are, byte for byte, the figures committed in `<crate_dir>/figures/`,
/// neither more nor fewer; with [`BLESS_VARIABLE`] set to `1`, records them there instead. Call
/// it from a lesson's snapshot test with `env!("CARGO_MANIFEST_DIR")`.
///
/// # Panics
///
/// On any difference, naming each figure and saying how to re-record the figures; or if the
/// figures cannot be read or recorded.
pub fn assert_committed(crate_dir: &str, figures: &Figures) {
    let dir = Path::new(crate_dir).join("figures");
    let lesson = Path::new(crate_dir)
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    if std::env::var_os(BLESS_VARIABLE).is_some_and(|value| value == "1") {
        write_all(figures, &dir)
            .unwrap_or_else(|err| panic!("cannot record the figures in {}: {err}", dir.display()));
        return;
    }
    let problems = differences(figures, &dir);
    if !problems.is_empty() {
        let id = lesson.split('-').next().unwrap_or(&lesson);
        panic!(
            "the figures differ from those committed in lessons/{lesson}/figures (the ones the \
             book shows):\n  {}\nIf the change is intended, record them with `cargo xtask bless \
             {id}` and look at them before committing.",
            problems.join("\n  ")
        );
    }
}

/// What differs between `figures` and the figure files in `dir`, one line each.
pub fn differences(figures: &Figures, dir: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for figure in figures.iter() {
        match fs::read(dir.join(&figure.name)) {
            Ok(committed) if committed == figure.bytes => {}
            Ok(committed) => problems.push(format!(
                "{} differs from the committed file ({} bytes drawn, {} committed)",
                figure.name,
                figure.bytes.len(),
                committed.len()
            )),
            Err(_) => problems.push(format!("{} is drawn but not committed", figure.name)),
        }
    }
    let mut committed: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| is_figure_file(path))
                .filter_map(|path| path.file_name().map(|n| n.to_string_lossy().into_owned()))
                .collect()
        })
        .unwrap_or_default();
    committed.sort();
    for name in committed {
        if !figures.iter().any(|figure| figure.name == name) {
            problems.push(format!("{name} is committed but no longer drawn"));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temporary_dir(test: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("kit-figures-{}-{test}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn names_are_checked() {
        let mut figures = Figures::new();
        figures.add("loss.svg", "<svg/>").unwrap();
        figures.add("weights-8x8.png", vec![1, 2]).unwrap();
        for bad in [
            "loss.svg",
            "Loss.svg",
            "loss",
            "../loss.svg",
            ".svg",
            "a b.png",
        ] {
            let err = figures.add(bad, "x").unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{bad}");
        }
        assert_eq!(figures.len(), 2);
    }

    #[test]
    fn a_changed_missing_or_stale_figure_is_a_difference() {
        let dir = temporary_dir("differences");
        let mut figures = Figures::new();
        figures.add("a.svg", "<svg>a</svg>").unwrap();
        figures.add("b.svg", "<svg>b</svg>").unwrap();
        write_all(&figures, &dir).unwrap();
        assert!(differences(&figures, &dir).is_empty());

        fs::write(dir.join("a.svg"), "<svg>A</svg>").unwrap(); // edited by hand
        fs::remove_file(dir.join("b.svg")).unwrap(); // never recorded
        fs::write(dir.join("old.png"), [0u8]).unwrap(); // no longer drawn
        assert_eq!(
            differences(&figures, &dir),
            [
                "a.svg differs from the committed file (12 bytes drawn, 12 committed)",
                "b.svg is drawn but not committed",
                "old.png is committed but no longer drawn",
            ]
        );
        // Writing again replaces the stale files and leaves no temporary one behind.
        write_all(&figures, &dir).unwrap();
        assert!(differences(&figures, &dir).is_empty());
        let mut names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        assert_eq!(names, ["a.svg", "b.svg"]);
        fs::remove_dir_all(&dir).unwrap();
    }
}

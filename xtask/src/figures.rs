//! A lesson's figures, checked like its printed output: the committed copies in
//! `lessons/<lesson>/figures/` are what the book shows, and `cargo xtask run` compares the
//! figures the lesson just drew with them, byte for byte. (The lesson's snapshot test makes the
//! same comparison through `kit::figures::assert_committed`; `cargo xtask bless` records both.)

use std::fs;
use std::path::{Path, PathBuf};

/// The folder, inside a lesson's crate, of its committed figures.
pub const COMMITTED_DIR: &str = "figures";

/// The variable that tells a lesson's binary where to write its figures (`kit::figures`).
pub const OUTPUT_VARIABLE: &str = "LESSON_FIGURES_DIR";

/// The variable that makes a lesson's snapshot test record its figures (`kit::figures`).
pub const BLESS_VARIABLE: &str = "LESSON_BLESS_FIGURES";

/// The git-ignored folder where `cargo xtask run` has `package` write its figures.
pub fn output_dir(root: &Path, package: &str) -> PathBuf {
    root.join("target/figures").join(package)
}

/// The figure files (`.svg`, `.png`) in `dir`, by name, sorted; none if `dir` does not exist.
pub fn figure_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.is_file())
                .filter(|path| {
                    path.extension()
                        .is_some_and(|extension| extension == "svg" || extension == "png")
                })
                .filter_map(|path| path.file_name().map(|n| n.to_string_lossy().into_owned()))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// What differs between the figures drawn into `drawn` and those committed in `committed`, one
/// line per figure; empty when they are the same files with the same bytes.
pub fn differences(drawn: &Path, committed: &Path) -> Vec<String> {
    let drawn_names = figure_names(drawn);
    let committed_names = figure_names(committed);
    let mut problems = Vec::new();
    for name in &drawn_names {
        if !committed_names.contains(name) {
            problems.push(format!("{name} is drawn but not committed"));
            continue;
        }
        let new = fs::read(drawn.join(name)).unwrap_or_default();
        let old = fs::read(committed.join(name)).unwrap_or_default();
        if new != old {
            problems.push(format!(
                "{name} differs from the committed file ({} bytes drawn, {} committed)",
                new.len(),
                old.len()
            ));
        }
    }
    for name in committed_names {
        if !drawn_names.contains(&name) {
            problems.push(format!("{name} is committed but no longer drawn"));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_byte_a_new_figure_and_a_stale_one_are_each_named() {
        let root = std::env::temp_dir().join(format!("xtask-figures-{}", std::process::id()));
        let (drawn, committed) = (root.join("drawn"), root.join("committed"));
        for dir in [&drawn, &committed] {
            fs::create_dir_all(dir).unwrap();
        }
        fs::write(drawn.join("loss.svg"), "<svg>1</svg>").unwrap();
        fs::write(committed.join("loss.svg"), "<svg>1</svg>").unwrap();
        assert!(differences(&drawn, &committed).is_empty());

        fs::write(committed.join("loss.svg"), "<svg>2</svg>").unwrap();
        fs::write(drawn.join("new.png"), [1u8]).unwrap();
        fs::write(committed.join("old.svg"), "<svg/>").unwrap();
        fs::write(committed.join("notes.txt"), "not a figure").unwrap();
        assert_eq!(
            differences(&drawn, &committed),
            [
                "loss.svg differs from the committed file (12 bytes drawn, 12 committed)",
                "new.png is drawn but not committed",
                "old.svg is committed but no longer drawn",
            ]
        );
        fs::remove_dir_all(&root).unwrap();
    }
}

//! Reading insta snapshot files and showing how a run differs from one.

use anyhow::{Context, Result};
use console::style;
use similar::{ChangeTag, TextDiff};
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// Where insta keeps the snapshot `name` asserted in `tests/<test_file>.rs` of a lesson crate.
pub fn path(lesson_dir: &Path, test_file: &str, name: &str) -> PathBuf {
    lesson_dir
        .join("tests/snapshots")
        .join(format!("{test_file}__{name}.snap"))
}

/// The recorded text of a snapshot file, without insta's header; `None` if there is no file.
pub fn read(path: &Path) -> Result<Option<String>> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(Some(body(&text))),
        Err(err) if err.kind() == ErrorKind::NotFound => Ok(None),
        Err(err) => Err(err).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// The part of a snapshot file after its `---`-fenced header, normalised as insta compares it.
pub fn body(file: &str) -> String {
    let mut rest = file;
    if let Some(after_open) = rest.strip_prefix("---\n") {
        if let Some(end) = after_open.find("\n---\n") {
            rest = &after_open[end + "\n---\n".len()..];
        }
    }
    normalize(rest)
}

/// What insta ignores when it compares: trailing white space at the end, and `\r\n` line ends.
pub fn normalize(text: &str) -> String {
    text.trim_end().replace("\r\n", "\n")
}

/// A line-by-line diff: `-` lines are the snapshot, `+` lines this run, with 2 lines of context.
pub fn diff(expected: &str, actual: &str) -> String {
    let diff = TextDiff::from_lines(expected, actual);
    let mut out = String::new();
    for (index, group) in diff.grouped_ops(2).iter().enumerate() {
        if index > 0 {
            out.push_str(&format!("{}\n", style("   ...").dim()));
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let line = change.to_string_lossy();
                let line = line.trim_end_matches('\n');
                let shown = match change.tag() {
                    ChangeTag::Delete => style(format!("-  {line}")).red().to_string(),
                    ChangeTag::Insert => style(format!("+  {line}")).green().to_string(),
                    ChangeTag::Equal => style(format!("   {line}")).dim().to_string(),
                };
                out.push_str(&shown);
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_drops_the_header_and_trailing_newlines() {
        let file = "---\nsource: tests/walkthrough.rs\nexpression: out\n---\nline 1\n\nline 3\n\n";
        assert_eq!(body(file), "line 1\n\nline 3");
    }

    #[test]
    fn body_keeps_a_file_without_header() {
        assert_eq!(body("just text\r\nmore\n"), "just text\nmore");
    }

    #[test]
    fn diff_marks_removed_and_added_lines() {
        console::set_colors_enabled(false);
        let shown = diff("a\nb\nc\n", "a\nB\nc\n");
        assert_eq!(shown, "   a\n-  b\n+  B\n   c\n");
    }
}

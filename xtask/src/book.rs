//! `cargo xtask book`: the mdBook, built in-process with `mdbook-driver`.
//!
//! Three things make it more than a plain `mdbook build`:
//! - `SUMMARY.md` is generated from `curriculum.toml`: written lessons are linked chapters, the
//!   others mdBook draft chapters, so the table of contents cannot drift from the course.
//! - Every `{{#include file:anchor}}` is checked before the build: mdBook itself only logs a
//!   missing file and silently includes nothing for a missing anchor.
//! - The `lessons` preprocessor expands `{{#lesson-question ID}}` (the question, from
//!   `curriculum.toml`), `{{#lesson-output ID}}` (the snapshot the lesson's test checks, without
//!   insta's header), `{{#lesson-run ID}}` (the command that runs it),
//!   `{{#lesson-figure ID FILE CAPTION}}` (a committed figure of the lesson, with its caption; the
//!   figures are copied into the built book) and `{{#lesson-exercises ID}}` (the exercises with
//!   their graded hints, each level folded on its own, from the lesson's Cargo.toml).

use crate::curriculum::{Curriculum, Lesson};
use crate::figures;
use crate::snapshot;
use anyhow::{bail, Context, Result};
use mdbook_driver::book::{Book, BookItem};
use mdbook_driver::MDBook;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// The book's folder, relative to the workspace root.
pub const BOOK_DIR: &str = "book";

/// Where the HTML goes (git-ignored); set by `build-dir` in `book/book.toml`.
pub fn output_dir(root: &Path) -> PathBuf {
    root.join(BOOK_DIR).join("build")
}

/// The chapter file of a lesson, relative to `book/src`.
pub fn chapter_file(lesson: &Lesson) -> String {
    format!("{}.md", lesson.folder())
}

/// `SUMMARY.md` as the curriculum dictates it.
pub fn summary(curriculum: &Curriculum) -> String {
    let mut out = String::from(
        "# Summary\n\n\
         <!-- Generated from curriculum.toml by `cargo xtask book`: edit that file, not this one. -->\n\n\
         [Introduction](introduction.md)\n\
         [From PyTorch to dfdx: a primer](primer.md)\n",
    );
    for (part, prefix) in [("Theoretical questions", 't'), ("Practical questions", 'p')] {
        let _ = write!(out, "\n# {part}\n\n");
        for lesson in curriculum
            .lessons
            .iter()
            .filter(|l| l.id.starts_with(prefix))
        {
            let target = match lesson.written {
                Some(_) => chapter_file(lesson),
                None => String::new(), // a draft chapter: listed, not yet written
            };
            let _ = writeln!(out, "- [{}]({target})", lesson.heading());
        }
    }
    out
}

/// Writes `SUMMARY.md` if it is out of date (through a temporary file, so never half-written).
pub fn write_summary(curriculum: &Curriculum) -> Result<()> {
    let path = curriculum.root.join(BOOK_DIR).join("src/SUMMARY.md");
    let wanted = summary(curriculum);
    if fs::read_to_string(&path).ok().as_deref() != Some(wanted.as_str()) {
        let temporary = path.with_extension("md.tmp");
        fs::write(&temporary, &wanted)
            .with_context(|| format!("cannot write {}", temporary.display()))?;
        fs::rename(&temporary, &path)
            .with_context(|| format!("cannot replace {}", path.display()))?;
    }
    Ok(())
}

/// Fails if `SUMMARY.md` is not what `curriculum.toml` dictates.
pub fn check_summary(curriculum: &Curriculum) -> Result<()> {
    let path = curriculum.root.join(BOOK_DIR).join("src/SUMMARY.md");
    let found = fs::read_to_string(&path).unwrap_or_default();
    if found != summary(curriculum) {
        bail!("book/src/SUMMARY.md is out of date with curriculum.toml: run `cargo xtask book`");
    }
    Ok(())
}

/// Builds the book into `book/build`. With `write`, regenerates `SUMMARY.md` first; without,
/// requires it to be up to date (what `cargo xtask test` does, which changes no file).
pub fn build(curriculum: &Curriculum, write: bool) -> Result<PathBuf> {
    if write {
        write_summary(curriculum)?;
    } else {
        check_summary(curriculum)?;
    }
    for (lesson, _) in curriculum.written() {
        let chapter = curriculum
            .root
            .join(BOOK_DIR)
            .join("src")
            .join(chapter_file(lesson));
        if !chapter.is_file() {
            bail!(
                "lesson {} has no chapter: write book/src/{}",
                lesson.id,
                chapter_file(lesson)
            );
        }
    }

    let book_root = curriculum.root.join(BOOK_DIR);
    let mut book = MDBook::load(&book_root)
        .map_err(|err| anyhow::anyhow!("{err:#}"))
        .context("cannot load the book")?;
    check_includes(&book.book, &book_root.join("src"))?;
    check_chapter_links(&book.book, &book_root.join("src"))?;
    book.with_preprocessor(LessonPreprocessor {
        curriculum_root: curriculum.root.clone(),
    });
    book.build()
        .map_err(|err| anyhow::anyhow!("{err:#}"))
        .context("the book did not build")?;
    copy_figures(curriculum)?;
    Ok(output_dir(&curriculum.root).join("index.html"))
}

/// Every `{{#include}}` / `{{#rustdoc_include}}` must name a file that exists and, when it names
/// an anchor, an anchor that the file opens and closes.
fn check_includes(book: &Book, src_dir: &Path) -> Result<()> {
    let mut problems = Vec::new();
    for item in book.iter() {
        let BookItem::Chapter(chapter) = item else {
            continue;
        };
        let Some(source) = &chapter.source_path else {
            continue;
        };
        let chapter_dir = src_dir.join(source).parent().map(Path::to_path_buf);
        let chapter_dir = chapter_dir.unwrap_or_else(|| src_dir.to_path_buf());
        for directive in directives(&chapter.content, &["include", "rustdoc_include"]) {
            let argument = directive.split_whitespace().nth(1).unwrap_or_default();
            let (file, anchor) = match argument.split_once(':') {
                Some((file, rest)) => (file, Some(rest)),
                None => (argument, None),
            };
            let path = chapter_dir.join(file);
            let Ok(text) = fs::read_to_string(&path) else {
                problems.push(format!(
                    "{}: `{{{{#{directive}}}}}` names a file that does not exist",
                    source.display()
                ));
                continue;
            };
            // `file:anchor` names an anchor; `file:3` or `file:3:9` are line numbers.
            let Some(anchor) = anchor.filter(|a| !a.starts_with(|c: char| c.is_ascii_digit()))
            else {
                continue;
            };
            let opens = text.contains(&format!("ANCHOR: {anchor}\n"));
            let closes = text.contains(&format!("ANCHOR_END: {anchor}\n"));
            if !opens || !closes {
                problems.push(format!(
                    "{}: `{{{{#{directive}}}}}` names anchor `{anchor}`, which {} does not \
                     open and close with `ANCHOR: {anchor}` / `ANCHOR_END: {anchor}`",
                    source.display(),
                    file
                ));
            }
        }
    }
    if !problems.is_empty() {
        bail!("broken includes in the book:\n  {}", problems.join("\n  "));
    }
    Ok(())
}

/// Every link from one chapter to another (`[t05](t05-create-a-network.md)`) must name a chapter
/// that exists: mdBook renders a link to a lesson not written yet as a page that is not there.
fn check_chapter_links(book: &Book, src_dir: &Path) -> Result<()> {
    let mut problems = Vec::new();
    for item in book.iter() {
        let BookItem::Chapter(chapter) = item else {
            continue;
        };
        let Some(source) = &chapter.source_path else {
            continue;
        };
        for target in chapter_link_targets(&chapter.content) {
            if !src_dir.join(target).is_file() {
                problems.push(format!(
                    "{}: links to `{target}`, a chapter that does not exist yet: name the lesson \
                     without a link until it is written",
                    source.display()
                ));
            }
        }
    }
    if !problems.is_empty() {
        bail!("broken links in the book:\n  {}", problems.join("\n  "));
    }
    Ok(())
}

/// The `.md` files that the Markdown links in `text` point to, without their `#fragment`:
/// relative links only (`](t05-create-a-network.md#fit)` gives `t05-create-a-network.md`).
fn chapter_link_targets(text: &str) -> Vec<&str> {
    text.match_indices("](")
        .filter_map(|(start, _)| {
            let rest = &text[start + 2..];
            let target = &rest[..rest.find(')')?];
            let file = target.split('#').next().unwrap_or(target);
            (file.ends_with(".md") && !file.contains("://") && !file.contains(' ')).then_some(file)
        })
        .collect()
}

/// The inside of each `{{#name ...}}` in `text` whose name is one of `names`.
fn directives<'t>(text: &'t str, names: &[&str]) -> Vec<&'t str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{#") {
        let after = &rest[start + 3..];
        let Some(end) = after.find("}}") else { break };
        let inside = after[..end].trim();
        let name = inside.split_whitespace().next().unwrap_or_default();
        if names.contains(&name) {
            found.push(inside);
        }
        rest = &after[end + 2..];
    }
    found
}

/// The preprocessor that puts each lesson's output, run command and exercises into its chapter.
struct LessonPreprocessor {
    curriculum_root: PathBuf,
}

impl Preprocessor for LessonPreprocessor {
    fn name(&self) -> &str {
        "lessons"
    }

    fn run(
        &self,
        _ctx: &PreprocessorContext,
        mut book: Book,
    ) -> mdbook_preprocessor::errors::Result<Book> {
        let curriculum = Curriculum::load(&self.curriculum_root)?;
        let mut failure = None;
        book.for_each_chapter_mut(|chapter| {
            if failure.is_some() {
                return;
            }
            match expand_lesson_directives(&curriculum, &chapter.content) {
                Ok(content) => chapter.content = content,
                Err(err) => failure = Some(err.context(format!("in chapter `{}`", chapter.name))),
            }
        });
        match failure {
            Some(err) => Err(err),
            None => Ok(book),
        }
    }
}

/// Replaces every `{{#lesson-question ID}}`, `{{#lesson-output ID}}`, `{{#lesson-run ID}}`,
/// `{{#lesson-figure ID FILE CAPTION}}` and `{{#lesson-exercises ID}}`.
fn expand_lesson_directives(curriculum: &Curriculum, content: &str) -> Result<String> {
    let mut out = String::with_capacity(content.len());
    let mut rest = content;
    while let Some(start) = rest.find("{{#lesson-") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 3..];
        let end = after
            .find("}}")
            .context("a `{{#lesson-` directive is not closed with `}}`")?;
        let directive = &after[..end];
        let mut words = directive.split_whitespace();
        let (Some(kind), Some(id)) = (words.next(), words.next()) else {
            bail!("`{{{{#{directive}}}}}` should be `{{{{#lesson-KIND ID}}}}`");
        };
        let arguments: Vec<&str> = words.collect();
        if kind != "lesson-figure" && !arguments.is_empty() {
            bail!("`{{{{#{directive}}}}}` should be `{{{{#lesson-KIND ID}}}}`");
        }
        let (lesson, lesson_crate) = curriculum.find_written(id)?;
        match kind {
            "lesson-figure" => {
                let Some((name, caption)) = arguments.split_first().filter(|(_, c)| !c.is_empty())
                else {
                    bail!(
                        "`{{{{#{directive}}}}}` should be `{{{{#lesson-figure ID FILE CAPTION}}}}`"
                    );
                };
                let file = lesson_crate.dir.join(figures::COMMITTED_DIR).join(name);
                if !file.is_file() {
                    bail!(
                        "lesson {} has no committed figure {name} (lessons/{}/{}/{name}): draw it \
                         and record it with `cargo xtask bless {}`",
                        lesson.id,
                        lesson.folder(),
                        figures::COMMITTED_DIR,
                        lesson.id
                    );
                }
                out.push_str(&figure_html(&lesson.id, name, &caption.join(" ")));
            }
            "lesson-output" => {
                let path = snapshot::path(&lesson_crate.dir, "walkthrough", "output");
                let body = snapshot::read(&path)?.with_context(|| {
                    format!(
                        "lesson {} has no recorded output: run `cargo xtask bless {}`",
                        lesson.id, lesson.id
                    )
                })?;
                let _ = write!(out, "```text\n{body}\n```");
            }
            "lesson-question" => {
                let _ = write!(out, "> **Question.** {}", lesson.question);
            }
            "lesson-run" => {
                let _ = write!(out, "```console\n$ cargo xtask run {}\n```", lesson.id);
            }
            "lesson-exercises" => out.push_str(&exercises_section(lesson, lesson_crate)),
            other => bail!(
                "unknown directive `{{{{#{other}}}}}`: use lesson-question, lesson-output, \
                 lesson-run, lesson-figure or lesson-exercises"
            ),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A committed figure of lesson `id` with its caption, as the chapter shows it; the file itself
/// is copied next to the chapters by [`copy_figures`].
fn figure_html(id: &str, name: &str, caption: &str) -> String {
    let caption = caption
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    format!(
        "<figure class=\"lesson-figure\">\n<img src=\"{FIGURES_DIR}/{id}/{name}\" alt=\"{caption}\">\n\
         <figcaption>{caption}</figcaption>\n</figure>"
    )
}

/// Where, in the built book, each lesson's figures are copied: `figures/<id>/<file>`.
const FIGURES_DIR: &str = "figures";

/// Copies every written lesson's committed figures into the built book, beside the chapters
/// that show them.
fn copy_figures(curriculum: &Curriculum) -> Result<()> {
    for (lesson, lesson_crate) in curriculum.written() {
        let from = lesson_crate.dir.join(figures::COMMITTED_DIR);
        let names = figures::figure_names(&from);
        if names.is_empty() {
            continue;
        }
        let to = output_dir(&curriculum.root)
            .join(FIGURES_DIR)
            .join(&lesson.id);
        fs::create_dir_all(&to).with_context(|| format!("cannot create {}", to.display()))?;
        for name in names {
            fs::copy(from.join(&name), to.join(&name))
                .with_context(|| format!("cannot copy {name} into {}", to.display()))?;
        }
    }
    Ok(())
}

/// The exercises of a lesson, for its chapter: each with its summary, then its hints, each level
/// folded in a `<details>` of its own, so that a reader opens one at a time.
fn exercises_section(lesson: &Lesson, lesson_crate: &crate::curriculum::LessonCrate) -> String {
    let mut out = format!(
        "Open `lessons/{folder}/src/exercises.rs`, replace each `todo!` call, and check your work \
         with `cargo xtask verify {id}`: each check also runs your code on inputs this chapter \
         never shows. Stuck? Open the hints below one at a time, or run \
         `cargo xtask hint {id} <exercise>`, which shows one more each time. The reference \
         solutions are in `{answers}`.\n\n",
        folder = lesson.folder(),
        id = lesson.id,
        answers = lesson.answer_file()
    );
    for (number, exercise) in lesson_crate.exercises.iter().enumerate() {
        let _ = write!(
            out,
            "{}. **`{}`**: {}\n\n",
            number + 1,
            exercise.name,
            exercise.summary
        );
        let total = exercise.hints.len();
        for (level, hint) in exercise.hints.iter().enumerate() {
            let _ = write!(
                out,
                "   <details><summary>Hint {} of {total}</summary>\n\n{}\n\n   </details>\n\n",
                level + 1,
                crate::lessons::indent(hint, "   ")
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapter_links_are_relative_md_files_without_fragments() {
        let text = "See [t05](t05-create-a-network.md#fit), [the primer](primer.md), \
                    [dfdx](https://docs.rs/dfdx/0.13.0/dfdx/index.md) and [a figure](x.svg).";
        assert_eq!(
            chapter_link_targets(text),
            ["t05-create-a-network.md", "primer.md"]
        );
    }

    #[test]
    fn summary_links_written_lessons_and_drafts_the_rest() {
        let curriculum = Curriculum::load(&crate::workspace_root()).expect("curriculum loads");
        let summary = summary(&curriculum);
        let entries: Vec<&str> = summary.lines().filter(|l| l.starts_with("- [")).collect();
        assert_eq!(entries.len(), 30);
        for lesson in &curriculum.lessons {
            let line = entries
                .iter()
                .find(|l| l.starts_with(&format!("- [{} ", lesson.id)))
                .expect("every lesson has an entry");
            assert_eq!(line.ends_with("]()"), lesson.written.is_none(), "{line}");
        }
    }

    #[test]
    fn the_primer_follows_the_introduction() {
        let curriculum = Curriculum::load(&crate::workspace_root()).expect("curriculum loads");
        let summary = summary(&curriculum);
        assert!(
            summary.contains(
                "[Introduction](introduction.md)\n[From PyTorch to dfdx: a primer](primer.md)\n"
            ),
            "{summary}"
        );
    }

    #[test]
    fn each_hint_level_is_folded_on_its_own() {
        let (lesson, lesson_crate) = crate::curriculum::fixtures::demo_lesson(&[(
            "add",
            &["A nudge.", "`a + b`,\nexactly."],
        )]);
        let section = exercises_section(&lesson, &lesson_crate);
        let (_, exercises) = section.split_once("\n\n").expect("an opening paragraph");
        assert_eq!(
            exercises,
            "1. **`add`**: Write `add`.\n\n\
             \x20  <details><summary>Hint 1 of 2</summary>\n\n   A nudge.\n\n   </details>\n\n\
             \x20  <details><summary>Hint 2 of 2</summary>\n\n   `a + b`,\n   exactly.\n\n\
             \x20  </details>\n\n"
        );
    }

    #[test]
    fn a_figure_directive_becomes_a_captioned_image_and_a_missing_figure_is_refused() {
        let curriculum = Curriculum::load(&crate::workspace_root()).expect("curriculum loads");
        let html = expand_lesson_directives(
            &curriculum,
            "{{#lesson-figure p04 history.svg Loss <and> accuracy}}",
        )
        .expect("p04 commits history.svg");
        assert_eq!(
            html,
            "<figure class=\"lesson-figure\">\n\
             <img src=\"figures/p04/history.svg\" alt=\"Loss &lt;and&gt; accuracy\">\n\
             <figcaption>Loss &lt;and&gt; accuracy</figcaption>\n</figure>"
        );
        let missing = expand_lesson_directives(&curriculum, "{{#lesson-figure p04 nope.svg A}}")
            .expect_err("no such figure")
            .to_string();
        assert!(missing.contains("cargo xtask bless p04"), "{missing}");
        let no_caption =
            expand_lesson_directives(&curriculum, "{{#lesson-figure p04 history.svg}}")
                .expect_err("a figure needs a caption")
                .to_string();
        assert!(no_caption.contains("CAPTION"), "{no_caption}");
    }

    #[test]
    fn directives_finds_includes_and_skips_other_kinds() {
        let text = "a {{#include ../x.rs:anchor}} b {{#lesson-run p01}} {{#rustdoc_include y.rs}}";
        assert_eq!(
            directives(text, &["include", "rustdoc_include"]),
            ["include ../x.rs:anchor", "rustdoc_include y.rs"]
        );
    }
}

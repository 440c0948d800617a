//! The course's lessons: the question list in `curriculum.toml`, joined with the lesson crates
//! found under `lessons/` and the exercise metadata in each crate's `Cargo.toml`.

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::fs;
use std::path::{Path, PathBuf};

/// Every question of the course, in book order, whether or not its lesson is written yet.
pub struct Curriculum {
    pub root: PathBuf,
    pub lessons: Vec<Lesson>,
}

/// One question of `curriculum.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub question: String,
    #[serde(skip)]
    pub written: Option<LessonCrate>,
}

/// A written lesson: its crate under `lessons/`.
pub struct LessonCrate {
    /// The crate's folder, e.g. `<root>/lessons/p01-install-and-verify`.
    pub dir: PathBuf,
    /// The Cargo package name (equal to the folder name).
    pub package: String,
    pub exercises: Vec<Exercise>,
}

/// One exercise, as declared in `[package.metadata.lesson]` of the lesson's `Cargo.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// The function in `src/exercises.rs` and the test in `tests/exercises.rs`.
    pub name: String,
    /// One sentence: what the exercise asks for.
    pub summary: String,
    /// Graded hints, shown one level at a time by `cargo xtask hint`: a nudge first, the exact
    /// calls last. At least two, none empty (checked by [`Curriculum::load`]).
    #[serde(default)]
    pub hints: Vec<String>,
}

impl Lesson {
    /// `<id>-<slug>`: the name of the lesson's crate, folder, answer file and chapter.
    pub fn folder(&self) -> String {
        format!("{}-{}", self.id, self.slug)
    }

    /// The `answers/` file with the reference solutions of this lesson's exercises.
    pub fn answer_file(&self) -> String {
        format!("answers/{}.rs", self.folder())
    }

    /// `p01 · Install dfdx and verify it`
    pub fn heading(&self) -> String {
        format!("{} · {}", self.id, self.title)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CurriculumFile {
    lesson: Vec<Lesson>,
}

#[derive(Deserialize)]
struct Manifest {
    package: ManifestPackage,
}

#[derive(Deserialize)]
struct ManifestPackage {
    name: String,
    #[serde(default)]
    metadata: ManifestMetadata,
}

#[derive(Deserialize, Default)]
struct ManifestMetadata {
    lesson: Option<LessonMetadata>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LessonMetadata {
    #[serde(default)]
    exercises: Vec<Exercise>,
}

impl Curriculum {
    /// Reads `curriculum.toml` and every lesson crate, checking that the two agree.
    pub fn load(root: &Path) -> Result<Self> {
        let path = root.join("curriculum.toml");
        let text =
            fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let file: CurriculumFile =
            toml::from_str(&text).with_context(|| format!("{} is malformed", path.display()))?;
        let mut lessons = file.lesson;

        for lesson in &mut lessons {
            let dir = root.join("lessons").join(lesson.folder());
            if dir.join("Cargo.toml").is_file() {
                lesson.written = Some(read_lesson_crate(root, lesson, dir)?);
            }
        }

        // A folder under lessons/ that the curriculum does not name is a typo waiting to confuse.
        let known: Vec<String> = lessons.iter().map(Lesson::folder).collect();
        let mut strays = Vec::new();
        for entry in fs::read_dir(root.join("lessons")).context("cannot read lessons/")? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() && !known.contains(&name) {
                strays.push(name);
            }
        }
        strays.sort();
        if let Some(stray) = strays.first() {
            bail!(
                "lessons/{stray} is not in curriculum.toml: rename the folder to `<id>-<slug>` \
                 of a lesson listed there"
            );
        }
        Ok(Curriculum {
            root: root.to_path_buf(),
            lessons,
        })
    }

    /// The lessons that have a crate, in book order.
    pub fn written(&self) -> impl Iterator<Item = (&Lesson, &LessonCrate)> {
        self.lessons
            .iter()
            .filter_map(|lesson| lesson.written.as_ref().map(|c| (lesson, c)))
    }

    /// Finds a lesson by id (`p01`), folder (`p01-install-and-verify`) or crate name
    /// (`p01_install_and_verify`).
    pub fn find(&self, query: &str) -> Result<&Lesson> {
        let wanted = query.trim().to_lowercase().replace('_', "-");
        if let Some(lesson) = self
            .lessons
            .iter()
            .find(|l| l.id == wanted || l.folder() == wanted)
        {
            return Ok(lesson);
        }
        bail!(
            "no lesson `{query}`; the closest are {}; `cargo xtask list` shows all 30",
            self.closest(&wanted, 3).join(", ")
        )
    }

    /// The ids of the `count` lessons that `query` most likely meant: first the lessons whose
    /// number is the number in the query (`3` → p03, t03; with the query's letter first, then
    /// written lessons before unwritten ones), then the rest by similarity of id or folder name.
    fn closest(&self, query: &str, count: usize) -> Vec<&str> {
        /// How well a lesson matches the query; the fields compare in order, `true` first.
        struct Rank<'l> {
            same_number: bool,
            same_letter: bool,
            written: bool,
            similarity: f64,
            lesson: &'l Lesson,
        }
        let number = number_in(query);
        let letter = query.chars().next().filter(|c| matches!(c, 't' | 'p'));
        let mut ranked: Vec<Rank> = self
            .lessons
            .iter()
            .map(|lesson| {
                let same_number = number.is_some() && number == lesson_number(&lesson.id);
                Rank {
                    same_number,
                    same_letter: same_number && letter.is_some_and(|c| lesson.id.starts_with(c)),
                    // Being written ranks only the lessons with the query's number: among the
                    // others, `p99` means p09 more than a written p01.
                    written: same_number && lesson.written.is_some(),
                    similarity: strsim::jaro_winkler(query, &lesson.id)
                        .max(strsim::jaro_winkler(query, &lesson.folder())),
                    lesson,
                }
            })
            .collect();
        ranked.sort_by(|a, b| {
            (b.same_number, b.same_letter, b.written)
                .cmp(&(a.same_number, a.same_letter, a.written))
                .then(b.similarity.total_cmp(&a.similarity))
        });
        ranked
            .iter()
            .take(count)
            .map(|rank| rank.lesson.id.as_str())
            .collect()
    }

    /// Like [`Curriculum::find`], but the lesson must be written.
    pub fn find_written(&self, query: &str) -> Result<(&Lesson, &LessonCrate)> {
        let lesson = self.find(query)?;
        match &lesson.written {
            Some(lesson_crate) => Ok((lesson, lesson_crate)),
            None => {
                let written: Vec<&str> = self.written().map(|(l, _)| l.id.as_str()).collect();
                bail!(
                    "lesson {} ({}) is not written yet; written lessons: {}",
                    lesson.id,
                    lesson.title,
                    written.join(", ")
                )
            }
        }
    }
}

/// The number of a lesson id: 3 for `p03`.
fn lesson_number(id: &str) -> Option<u32> {
    id.get(1..)?.parse().ok()
}

/// The first run of digits in `text`, as a number: 3 for `3`, `p3` or `p03-one`.
fn number_in(text: &str) -> Option<u32> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let digits: String = text[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn read_lesson_crate(root: &Path, lesson: &Lesson, dir: PathBuf) -> Result<LessonCrate> {
    let manifest_path = dir.join("Cargo.toml");
    let text = fs::read_to_string(&manifest_path)
        .with_context(|| format!("cannot read {}", manifest_path.display()))?;
    let folder = lesson.folder();
    let manifest = parse_manifest(&text, &format!("lessons/{folder}/Cargo.toml"))?;
    if manifest.package.name != folder {
        bail!(
            "lessons/{folder}/Cargo.toml names its package `{}`: name it `{folder}`, like its folder",
            manifest.package.name
        );
    }
    let exercises = manifest
        .package
        .metadata
        .lesson
        .map(|m| m.exercises)
        .unwrap_or_default();
    if !exercises.is_empty() {
        for file in [
            dir.join("src/exercises.rs"),
            root.join(lesson.answer_file()),
        ] {
            if !file.is_file() {
                bail!(
                    "lesson {} declares exercises but {} is missing",
                    lesson.id,
                    file.strip_prefix(root).unwrap_or(&file).display()
                );
            }
        }
    }
    Ok(LessonCrate {
        dir,
        package: folder,
        exercises,
    })
}

/// Parses a lesson's `Cargo.toml` (`shown` is its path for messages) and checks its exercises'
/// hints. The hints' former shape, a single `hint = """..."""`, gets a message of its own.
fn parse_manifest(text: &str, shown: &str) -> Result<Manifest> {
    let manifest: Manifest = match toml::from_str(text) {
        Ok(manifest) => manifest,
        Err(err) if err.message().starts_with("unknown field `hint`") => {
            let line = err
                .span()
                .and_then(|span| text.get(..span.start))
                .map(|before| before.lines().count() + 1)
                .unwrap_or(0);
            bail!(
                "{shown}:{line}: an exercise has a single `hint`: write `hints = [\"\"\"a nudge\"\"\", \
                 \"\"\"the exact calls\"\"\"]`, at least two levels"
            );
        }
        Err(err) => return Err(err).with_context(|| format!("{shown} is malformed")),
    };
    let exercises = manifest
        .package
        .metadata
        .lesson
        .as_ref()
        .map(|m| m.exercises.as_slice())
        .unwrap_or_default();
    for exercise in exercises {
        if exercise.hints.len() < 2 {
            let count = match exercise.hints.len() {
                0 => "no hints".to_string(),
                n => format!("only {n} hint"),
            };
            bail!(
                "{shown}: exercise `{}` has {count}: give `hints` at least two levels, a nudge \
                 first and the exact calls last",
                exercise.name
            );
        }
        if let Some(empty) = exercise.hints.iter().position(|h| h.trim().is_empty()) {
            bail!(
                "{shown}: hint {} of exercise `{}` is empty: write it or remove it",
                empty + 1,
                exercise.name
            );
        }
    }
    Ok(manifest)
}

/// Made-up lessons for the runner's unit tests.
#[cfg(test)]
pub mod fixtures {
    use super::{Exercise, Lesson, LessonCrate};
    use std::path::PathBuf;

    /// Lesson p09 "Demo", not in the curriculum, whose exercises have the given names and
    /// hints; each exercise's summary is "Write `name`.".
    pub fn demo_lesson(exercises: &[(&str, &[&str])]) -> (Lesson, LessonCrate) {
        let lesson = Lesson {
            id: "p09".into(),
            slug: "demo".into(),
            title: "Demo".into(),
            question: "Why?".into(),
            written: None,
        };
        let exercises = exercises
            .iter()
            .map(|(name, hints)| Exercise {
                name: name.to_string(),
                summary: format!("Write `{name}`."),
                hints: hints.iter().map(|hint| hint.to_string()).collect(),
            })
            .collect();
        let lesson_crate = LessonCrate {
            dir: PathBuf::from("lessons/p09-demo"),
            package: "p09-demo".into(),
            exercises,
        };
        (lesson, lesson_crate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn curriculum() -> Curriculum {
        Curriculum::load(&crate::workspace_root()).expect("the workspace's curriculum loads")
    }

    #[test]
    fn lists_the_21_theoretical_and_9_practical_questions_in_order() {
        let ids: Vec<String> = curriculum().lessons.iter().map(|l| l.id.clone()).collect();
        let expected: Vec<String> = (1..=21)
            .map(|n| format!("t{n:02}"))
            .chain((1..=9).map(|n| format!("p{n:02}")))
            .collect();
        assert_eq!(ids, expected);
    }

    #[test]
    fn finds_a_lesson_by_id_folder_or_crate_name() {
        let curriculum = curriculum();
        for query in [
            "p01",
            "p01-install-and-verify",
            "p01_install_and_verify",
            " P01 ",
        ] {
            assert_eq!(curriculum.find(query).expect(query).id, "p01");
        }
    }

    /// The course's 30 ids with made-up slugs, p01 to p03 written: the ranking of suggestions
    /// must not change as lessons get written.
    fn thirty_lessons_three_written() -> Curriculum {
        let ids = (1..=21)
            .map(|n| format!("t{n:02}"))
            .chain((1..=9).map(|n| format!("p{n:02}")));
        let lessons = ids
            .map(|id| {
                let written = ["p01", "p02", "p03"].contains(&id.as_str());
                Lesson {
                    slug: format!("lesson-{id}"),
                    title: format!("Lesson {id}"),
                    question: String::new(),
                    written: written.then(|| LessonCrate {
                        dir: PathBuf::from(format!("lessons/{id}")),
                        package: format!("{id}-lesson-{id}"),
                        exercises: Vec::new(),
                    }),
                    id,
                }
            })
            .collect();
        Curriculum {
            root: PathBuf::from("."),
            lessons,
        }
    }

    #[test]
    fn a_bare_number_suggests_the_lessons_with_that_number_written_first() {
        let curriculum = thirty_lessons_three_written();
        assert_eq!(curriculum.closest("3", 3)[..2], ["p03", "t03"]);
        assert_eq!(curriculum.closest("1", 3)[..2], ["p01", "t01"]);
        assert_eq!(curriculum.closest("t3", 3)[..2], ["t03", "p03"]);
        let message = curriculum.find("3").err().expect("3 is no id").to_string();
        assert!(message.contains("the closest are p03, t03, "), "{message}");
    }

    #[test]
    fn an_unknown_id_suggests_the_closest() {
        let curriculum = thirty_lessons_three_written();
        let message = curriculum
            .find("p99")
            .err()
            .expect("p99 is no lesson")
            .to_string();
        assert!(message.contains("p09"), "{message}");
    }

    const MANIFEST: &str = "[package]\nname = \"p09-demo\"\n\n[package.metadata.lesson]\n\
                            [[package.metadata.lesson.exercises]]\nname = \"add\"\n\
                            summary = \"Add.\"\n";

    #[test]
    fn exercises_have_at_least_two_hints() {
        let two = format!("{MANIFEST}hints = [\"\"\"A nudge.\"\"\", \"\"\"`a + b`\"\"\"]\n");
        let manifest = parse_manifest(&two, "lessons/p09-demo/Cargo.toml").expect("two hints");
        let lesson = manifest.package.metadata.lesson.expect("lesson metadata");
        assert_eq!(lesson.exercises[0].hints, ["A nudge.", "`a + b`"]);

        for (hints, problem) in [
            ("hints = [\"A nudge.\"]", "exercise `add` has only 1 hint"),
            ("", "exercise `add` has no hints"),
            (
                "hints = [\"A nudge.\", \" \"]",
                "hint 2 of exercise `add` is empty",
            ),
        ] {
            let message = parse_manifest(&format!("{MANIFEST}{hints}\n"), "lessons/p09/Cargo.toml")
                .err()
                .expect(problem)
                .to_string();
            assert!(
                message.starts_with("lessons/p09/Cargo.toml: ") && message.contains(problem),
                "{message}"
            );
            assert_eq!(message.lines().count(), 1, "{message}");
        }
    }

    #[test]
    fn a_single_hint_in_the_former_shape_is_named_with_its_line() {
        let old = format!("{MANIFEST}hint = \"A nudge.\"\n");
        let message = parse_manifest(&old, "lessons/p09/Cargo.toml")
            .err()
            .expect("`hint` is no longer a field")
            .to_string();
        assert!(
            message.starts_with("lessons/p09/Cargo.toml:8: an exercise has a single `hint`"),
            "{message}"
        );
    }

    #[test]
    fn an_unwritten_lesson_is_found_but_not_runnable() {
        // Made-up lessons: once the course is complete, none of the real ones is unwritten.
        let curriculum = thirty_lessons_three_written();
        assert!(curriculum.find("t05").is_ok());
        let message = curriculum
            .find_written("t05")
            .err()
            .expect("an unwritten lesson cannot run")
            .to_string();
        assert!(
            message.contains("not written yet; written lessons: p01, p02, p03"),
            "{message}"
        );
    }
}

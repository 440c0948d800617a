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
    pub summary: String,
    pub hint: String,
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
        let mut ranked: Vec<(f64, &Lesson)> = self
            .lessons
            .iter()
            .map(|l| {
                let score = strsim::jaro_winkler(&wanted, &l.id)
                    .max(strsim::jaro_winkler(&wanted, &l.folder()));
                (score, l)
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        let closest: Vec<&str> = ranked.iter().take(3).map(|(_, l)| l.id.as_str()).collect();
        bail!(
            "no lesson `{query}`; the closest are {}; `cargo xtask list` shows all 30",
            closest.join(", ")
        )
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

fn read_lesson_crate(root: &Path, lesson: &Lesson, dir: PathBuf) -> Result<LessonCrate> {
    let manifest_path = dir.join("Cargo.toml");
    let text = fs::read_to_string(&manifest_path)
        .with_context(|| format!("cannot read {}", manifest_path.display()))?;
    let manifest: Manifest = toml::from_str(&text)
        .with_context(|| format!("{} is malformed", manifest_path.display()))?;
    let folder = lesson.folder();
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

    #[test]
    fn an_unknown_id_suggests_the_closest() {
        let message = curriculum()
            .find("p99")
            .err()
            .expect("p99 is no lesson")
            .to_string();
        assert!(message.contains("p09"), "{message}");
    }

    #[test]
    fn an_unwritten_lesson_is_found_but_not_runnable() {
        let curriculum = curriculum();
        let unwritten = curriculum
            .lessons
            .iter()
            .find(|l| l.written.is_none())
            .expect("some lesson is still unwritten");
        let message = curriculum
            .find_written(&unwritten.id)
            .err()
            .expect("an unwritten lesson cannot run")
            .to_string();
        assert!(message.contains("not written yet"), "{message}");
    }
}

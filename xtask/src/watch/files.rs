//! Noticing saves: each written lesson's `src/` folder is watched (with `notify`, through its
//! debouncer, which turns an editor's burst of events into one), and a save of its
//! `exercises.rs` is reported by lesson id. Only writes count: the compiler opening and reading
//! the file while a check builds it must not start another check.

use crate::curriculum::Curriculum;
use anyhow::{Context, Result};
use notify_debouncer_full::notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The file of a lesson that `watch` checks when it is saved.
const EXERCISES_FILE: &str = "exercises.rs";

/// How long the events of one save are gathered before it is reported.
const QUIET: Duration = Duration::from_millis(200);

/// Watches every written lesson's `src/exercises.rs` until the returned value is dropped: calls
/// `on_save` with the lesson's id after each save, and `on_error` with a message if watching
/// fails. (A folder is watched rather than the file, because editors often save by writing a
/// new file and renaming it over the old one.)
pub fn watch(
    curriculum: &Curriculum,
    on_save: impl Fn(String) + Send + 'static,
    on_error: impl Fn(String) + Send + 'static,
) -> Result<Debouncer<RecommendedWatcher, RecommendedCache>> {
    let folders: Vec<(PathBuf, String)> = curriculum
        .written()
        .filter(|(_, c)| !c.exercises.is_empty())
        .map(|(lesson, c)| {
            // The watcher may report the path it resolved (macOS's /private/var for /var).
            let src = c.dir.join("src");
            (src.canonicalize().unwrap_or(src), lesson.id.clone())
        })
        .collect();
    let table = folders.clone();
    let mut debouncer = new_debouncer(
        QUIET,
        None,
        move |result: DebounceEventResult| match result {
            Ok(events) => {
                let mut saved: Vec<String> = Vec::new();
                for event in events.iter().filter(|event| is_write(&event.kind)) {
                    for lesson in event.paths.iter().filter_map(|p| lesson_of(p, &table)) {
                        if !saved.contains(&lesson) {
                            saved.push(lesson);
                        }
                    }
                }
                for lesson in saved {
                    on_save(lesson);
                }
            }
            Err(errors) => {
                if let Some(err) = errors.first() {
                    on_error(format!("watching the lessons' files failed: {err}"));
                }
            }
        },
    )
    .context("cannot start watching files")?;
    for (folder, _) in &folders {
        debouncer
            .watch(folder, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch {}", folder.display()))?;
    }
    Ok(debouncer)
}

/// Whether an event changes a file's content or puts a new file in place: not an open, a read,
/// or a change of metadata alone.
fn is_write(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        _ => false,
    }
}

/// The id of the lesson whose `exercises.rs` is at `path`, given each lesson's `src/` folder.
fn lesson_of(path: &Path, folders: &[(PathBuf, String)]) -> Option<String> {
    if path.file_name()? != EXERCISES_FILE {
        return None;
    }
    let folder = path.parent()?;
    folders
        .iter()
        .find(|(src, _)| src == folder)
        .map(|(_, id)| id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_lessons_exercises_file_counts_as_a_save() {
        let folders = vec![
            (PathBuf::from("/c/lessons/p01-a/src"), "p01".to_string()),
            (PathBuf::from("/c/lessons/p02-b/src"), "p02".to_string()),
        ];
        let lesson = |path: &str| lesson_of(Path::new(path), &folders);
        assert_eq!(
            lesson("/c/lessons/p02-b/src/exercises.rs"),
            Some("p02".into())
        );
        assert_eq!(lesson("/c/lessons/p01-a/src/lib.rs"), None);
        assert_eq!(lesson("/c/lessons/p01-a/src/.exercises.rs.swp"), None);
        assert_eq!(lesson("/c/lessons/p01-a/src/4913"), None);
        assert_eq!(lesson("/c/lessons/p03-c/src/exercises.rs"), None);
    }

    #[test]
    fn reading_the_file_is_no_save() {
        use notify_debouncer_full::notify::event::{
            CreateKind, DataChange, MetadataKind, RenameMode,
        };
        for (kind, write) in [
            (EventKind::Create(CreateKind::File), true),
            (EventKind::Modify(ModifyKind::Data(DataChange::Any)), true),
            (EventKind::Modify(ModifyKind::Name(RenameMode::To)), true),
            (
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                true,
            ),
            (EventKind::Access(AccessKind::Open(AccessMode::Any)), false),
            (
                EventKind::Access(AccessKind::Close(AccessMode::Read)),
                false,
            ),
            (EventKind::Access(AccessKind::Read), false),
            (
                EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any)),
                false,
            ),
        ] {
            assert_eq!(is_write(&kind), write, "{kind:?}");
        }
    }

    #[test]
    fn a_save_is_reported_by_lesson_and_a_read_is_not() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let src = root.path().join("lessons/p09-demo/src");
        std::fs::create_dir_all(&src).expect("folders");
        std::fs::write(src.join("exercises.rs"), "// start\n").expect("written");
        let (lesson, mut lesson_crate) =
            crate::curriculum::fixtures::demo_lesson(&[("add", &["a", "b"])]);
        lesson_crate.dir = root.path().join("lessons/p09-demo");
        let curriculum = Curriculum {
            root: root.path().to_path_buf(),
            lessons: vec![crate::curriculum::Lesson {
                written: Some(lesson_crate),
                ..lesson
            }],
        };
        let (sender, receiver) = std::sync::mpsc::channel();
        let _watching = watch(
            &curriculum,
            move |lesson| sender.send(lesson).expect("the test listens"),
            |err| panic!("{err}"),
        )
        .expect("watching starts");
        std::fs::write(src.join("notes.txt"), "not an exercise\n").expect("written");
        std::fs::read_to_string(src.join("exercises.rs")).expect("read, as the compiler does");
        std::thread::sleep(QUIET * 3);
        assert!(
            receiver.try_recv().is_err(),
            "neither is a save of exercises.rs"
        );
        std::fs::write(src.join("exercises.rs"), "// saved\n").expect("written");
        let saved = receiver
            .recv_timeout(Duration::from_secs(10))
            .expect("the save is noticed");
        assert_eq!(saved, "p09");
    }
}

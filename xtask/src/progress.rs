//! Progress through the course: which exercises are solved, how many per lesson and in all, and
//! which exercise comes next in book order. `cargo xtask list` and `cargo xtask watch` show it,
//! and `cargo xtask verify` names the next exercise with it.
//!
//! What is solved is never stored: it comes from running the exercises' tests, so it cannot go
//! stale. A [`Progress`] only holds what the latest checks found.

use crate::curriculum::{Curriculum, Lesson};
use console::{style, StyledObject};
use std::collections::BTreeMap;

/// One exercise: its lesson's id and its own name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ExerciseKey {
    /// The lesson's id, `p01`.
    pub lesson: String,
    /// The exercise's name, `mean_and_std`.
    pub exercise: String,
}

impl ExerciseKey {
    /// The key of `exercise` in lesson `lesson`.
    pub fn new(lesson: &str, exercise: &str) -> Self {
        ExerciseKey {
            lesson: lesson.to_string(),
            exercise: exercise.to_string(),
        }
    }
}

/// How many exercises are solved, and checked at all, out of how many.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Count {
    /// Exercises whose test passed.
    pub solved: usize,
    /// Exercises whose test has run, passed or not (a lesson that does not compile counts as
    /// checked: none of its exercises is solved).
    pub checked: usize,
    /// All exercises.
    pub total: usize,
}

/// The course's exercises in book order, and what the latest check found for each.
#[derive(Clone, Debug, Default)]
pub struct Progress {
    order: Vec<ExerciseKey>,
    solved: BTreeMap<ExerciseKey, bool>,
}

impl Progress {
    /// Every exercise of the written lessons, in book order, none checked yet.
    pub fn new(curriculum: &Curriculum) -> Self {
        Self::from_order(
            curriculum
                .written()
                .flat_map(|(lesson, c)| {
                    c.exercises
                        .iter()
                        .map(|e| ExerciseKey::new(&lesson.id, &e.name))
                })
                .collect(),
        )
    }

    /// The given exercises, in this order, none checked yet.
    pub fn from_order(order: Vec<ExerciseKey>) -> Self {
        Progress {
            order,
            solved: BTreeMap::new(),
        }
    }

    /// Records what a check found: the exercise is solved or not. An exercise outside the
    /// course's order is ignored.
    pub fn record(&mut self, key: &ExerciseKey, solved: bool) {
        if self.order.contains(key) {
            self.solved.insert(key.clone(), solved);
        }
    }

    /// Records that none of `lesson`'s exercises is solved, as when they do not compile.
    pub fn record_lesson_unsolved(&mut self, lesson: &str) {
        let keys: Vec<ExerciseKey> = self.of_lesson(lesson).cloned().collect();
        for key in keys {
            self.solved.insert(key, false);
        }
    }

    /// Whether the latest check found `key` solved.
    pub fn is_solved(&self, key: &ExerciseKey) -> bool {
        self.solved.get(key).copied().unwrap_or(false)
    }

    /// Whether `key` has been checked at all.
    pub fn is_checked(&self, key: &ExerciseKey) -> bool {
        self.solved.contains_key(key)
    }

    /// The exercises of `lesson`, in order.
    pub fn of_lesson(&self, lesson: &str) -> impl Iterator<Item = &ExerciseKey> {
        let lesson = lesson.to_string();
        self.order.iter().filter(move |key| key.lesson == lesson)
    }

    /// `(k, n)`: `key` is exercise `k` of the `n` of its lesson (from 1); `(0, n)` if it is not
    /// one of them.
    pub fn place_in_lesson(&self, key: &ExerciseKey) -> (usize, usize) {
        let keys: Vec<&ExerciseKey> = self.of_lesson(&key.lesson).collect();
        let place = keys.iter().position(|k| *k == key).map_or(0, |i| i + 1);
        (place, keys.len())
    }

    /// The count over one lesson's exercises.
    pub fn lesson(&self, lesson: &str) -> Count {
        self.count(self.of_lesson(lesson))
    }

    /// The count over the whole course.
    pub fn course(&self) -> Count {
        self.count(self.order.iter())
    }

    fn count<'k>(&self, keys: impl Iterator<Item = &'k ExerciseKey>) -> Count {
        keys.fold(Count::default(), |count, key| Count {
            solved: count.solved + usize::from(self.is_solved(key)),
            checked: count.checked + usize::from(self.is_checked(key)),
            total: count.total + 1,
        })
    }

    /// Where to start: the first exercise not solved (an unchecked one counts as not solved) of
    /// `lesson`, or of the course if `None`. If every exercise of `lesson` is solved, the next
    /// one not solved after it in book order. `None` if there is none.
    pub fn start(&self, lesson: Option<&str>) -> Option<&ExerciseKey> {
        let Some(lesson) = lesson else {
            return self.order.iter().find(|key| !self.is_solved(key));
        };
        if let Some(key) = self.of_lesson(lesson).find(|key| !self.is_solved(key)) {
            return Some(key);
        }
        let last = self.of_lesson(lesson).last()?;
        self.next_after(last)
    }

    /// The next exercise not solved after `current` in book order, going round to the start of
    /// the course; never `current` itself. `None` if every other exercise is solved.
    pub fn next_after(&self, current: &ExerciseKey) -> Option<&ExerciseKey> {
        let start = self
            .order
            .iter()
            .position(|key| key == current)
            .map_or(0, |i| i + 1);
        let (before, after) = self.order.split_at(start.min(self.order.len()));
        after
            .iter()
            .chain(before)
            .find(|key| *key != current && !self.is_solved(key))
    }
}

/// The line that sums up the course: a bar, then `12 of 58 exercises solved (21%)`, and how many
/// are still being checked, if any.
pub fn course_line(count: Count) -> String {
    const WIDTH: usize = 30;
    let filled = (count.solved * WIDTH)
        .checked_div(count.total)
        .unwrap_or(0)
        .min(WIDTH);
    let percent = (count.solved * 100).checked_div(count.total).unwrap_or(0);
    let mut line = format!(
        "{}{} {} of {} exercises solved ({percent}%)",
        style("#".repeat(filled)).green(),
        style("-".repeat(WIDTH - filled)).dim(),
        count.solved,
        count.total
    );
    if count.checked < count.total {
        line.push_str(&format!(
            ", {} not checked yet",
            count.total - count.checked
        ));
    }
    line
}

/// Where the learner stands with one lesson, as `cargo xtask list` shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// The lesson has no crate yet.
    NotWritten,
    /// The lesson has no exercises.
    NoExercises,
    /// Its exercises could not be checked (the reason is told elsewhere), or not yet.
    NotChecked,
    /// Its exercises do not compile.
    DoesNotCompile,
    /// Its exercises ran: this many are solved.
    Checked(Count),
}

impl Standing {
    /// How a lesson stands, given whether its exercises compiled (`None`: not known) and the
    /// progress.
    pub fn of(lesson: &Lesson, compiles: Option<bool>, progress: &Progress) -> Self {
        match &lesson.written {
            None => Standing::NotWritten,
            Some(c) if c.exercises.is_empty() => Standing::NoExercises,
            Some(_) => match compiles {
                None => Standing::NotChecked,
                Some(false) => Standing::DoesNotCompile,
                Some(true) => Standing::Checked(progress.lesson(&lesson.id)),
            },
        }
    }

    /// The words, styled: `exercises 1/2 solved` in yellow, all solved in green.
    fn text(self) -> StyledObject<String> {
        match self {
            Standing::NotWritten => style("not written yet".to_string()).dim(),
            Standing::NoExercises => style("no exercises".to_string()),
            Standing::NotChecked => style("exercises not checked".to_string()).yellow(),
            Standing::DoesNotCompile => style("exercises do not compile".to_string()).red(),
            Standing::Checked(count) if count.checked < count.total => style(format!(
                "exercises {}/{} solved, checking the rest",
                count.solved, count.total
            ))
            .yellow(),
            Standing::Checked(count) => {
                let text = format!("exercises {}/{} solved", count.solved, count.total);
                if count.solved == count.total {
                    style(text).green()
                } else {
                    style(text).yellow()
                }
            }
        }
    }
}

/// The lines of `cargo xtask list`: each lesson with its id, title and [`Standing`], in book
/// order, then the [`course_line`].
pub fn list_lines(
    curriculum: &Curriculum,
    progress: &Progress,
    standing: impl Fn(&Lesson) -> Standing,
) -> Vec<String> {
    let width = curriculum
        .lessons
        .iter()
        .map(|l| l.title.chars().count())
        .max()
        .unwrap_or(0);
    let mut lines: Vec<String> = curriculum
        .lessons
        .iter()
        .map(|lesson| {
            format!(
                "{}  {:width$}  {}",
                lesson.id,
                lesson.title,
                standing(lesson).text()
            )
        })
        .collect();
    lines.push(String::new());
    lines.push(course_line(progress.course()));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(lesson: &str, exercise: &str) -> ExerciseKey {
        ExerciseKey::new(lesson, exercise)
    }

    /// t01 (a, b), p01 (c, d, e), p02 (f): six exercises in book order.
    fn course() -> Progress {
        Progress::from_order(vec![
            key("t01", "a"),
            key("t01", "b"),
            key("p01", "c"),
            key("p01", "d"),
            key("p01", "e"),
            key("p02", "f"),
        ])
    }

    fn solve(progress: &mut Progress, solved: &[(&str, &str)]) {
        for (lesson, exercise) in solved {
            progress.record(&key(lesson, exercise), true);
        }
    }

    #[test]
    fn the_start_is_the_first_exercise_not_solved_of_the_course_or_of_the_lesson() {
        let mut progress = course();
        assert_eq!(progress.start(None), Some(&key("t01", "a")));
        assert_eq!(progress.start(Some("p01")), Some(&key("p01", "c")));
        solve(&mut progress, &[("t01", "a"), ("p01", "c")]);
        progress.record(&key("t01", "b"), false);
        assert_eq!(progress.start(None), Some(&key("t01", "b")));
        assert_eq!(progress.start(Some("p01")), Some(&key("p01", "d")));
    }

    #[test]
    fn a_solved_lesson_starts_at_the_next_exercise_not_solved_after_it() {
        let mut progress = course();
        solve(&mut progress, &[("p01", "c"), ("p01", "d"), ("p01", "e")]);
        assert_eq!(progress.start(Some("p01")), Some(&key("p02", "f")));
        solve(&mut progress, &[("p02", "f")]);
        // Round to the start of the course.
        assert_eq!(progress.start(Some("p01")), Some(&key("t01", "a")));
        solve(&mut progress, &[("t01", "a"), ("t01", "b")]);
        assert_eq!(progress.start(Some("p01")), None);
        assert_eq!(progress.start(None), None);
        assert_eq!(
            progress.start(Some("p09")),
            None,
            "a lesson without exercises"
        );
    }

    #[test]
    fn the_next_exercise_skips_the_solved_ones_and_goes_round() {
        let mut progress = course();
        assert_eq!(
            progress.next_after(&key("t01", "a")),
            Some(&key("t01", "b"))
        );
        solve(&mut progress, &[("t01", "b"), ("p01", "c")]);
        assert_eq!(
            progress.next_after(&key("t01", "a")),
            Some(&key("p01", "d"))
        );
        assert_eq!(
            progress.next_after(&key("p02", "f")),
            Some(&key("t01", "a"))
        );
        solve(&mut progress, &[("t01", "a"), ("p01", "d"), ("p01", "e")]);
        // Only the current one is left: there is no next.
        assert_eq!(progress.next_after(&key("p02", "f")), None);
        // An exercise that is not in the course: the first one not solved.
        assert_eq!(progress.next_after(&key("x", "y")), Some(&key("p02", "f")));
    }

    #[test]
    fn counts_per_lesson_and_over_the_course() {
        let mut progress = course();
        assert_eq!(
            progress.course(),
            Count {
                solved: 0,
                checked: 0,
                total: 6
            }
        );
        solve(&mut progress, &[("p01", "c"), ("p01", "e")]);
        progress.record(&key("p01", "d"), false);
        progress.record(&key("p07", "z"), true); // not in the course: ignored
        assert_eq!(
            progress.lesson("p01"),
            Count {
                solved: 2,
                checked: 3,
                total: 3
            }
        );
        assert_eq!(
            progress.course(),
            Count {
                solved: 2,
                checked: 3,
                total: 6
            }
        );
        assert_eq!(progress.lesson("p09"), Count::default());
        assert_eq!(progress.place_in_lesson(&key("p01", "d")), (2, 3));
        // Exercises of a lesson that stops compiling are no longer solved.
        progress.record_lesson_unsolved("p01");
        assert_eq!(progress.lesson("p01").solved, 0);
        assert_eq!(progress.lesson("p01").checked, 3);
    }

    #[test]
    fn the_course_line_shows_a_bar_and_what_is_left_to_check() {
        console::set_colors_enabled(false);
        let line = course_line(Count {
            solved: 3,
            checked: 6,
            total: 6,
        });
        assert_eq!(
            line,
            format!(
                "{}{} 3 of 6 exercises solved (50%)",
                "#".repeat(15),
                "-".repeat(15)
            )
        );
        let partly = course_line(Count {
            solved: 0,
            checked: 2,
            total: 6,
        });
        assert!(
            partly.ends_with("0 of 6 exercises solved (0%), 4 not checked yet"),
            "{partly}"
        );
        assert!(course_line(Count::default()).contains("0 of 0 exercises solved (0%)"));
    }

    #[test]
    fn the_course_in_book_order_has_every_exercise_of_the_written_lessons() {
        let curriculum = Curriculum::load(&crate::workspace_root()).expect("the curriculum loads");
        let progress = Progress::new(&curriculum);
        let expected: usize = curriculum.written().map(|(_, c)| c.exercises.len()).sum();
        assert_eq!(progress.course().total, expected);
        let first = curriculum
            .written()
            .find_map(|(l, c)| c.exercises.first().map(|e| key(&l.id, &e.name)));
        assert_eq!(progress.start(None), first.as_ref());
    }
}

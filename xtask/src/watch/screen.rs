//! What `cargo xtask watch` shows: on a terminal, one screen redrawn whole on each change (the
//! exercise and its result above, the course's progress, the keys and what is running pinned
//! below); otherwise, each check's report printed after the last.

use super::keys::KEYS_LINE;
use super::{Mode, Watch};
use crate::progress::{self, Standing};
use console::{measure_text_width, style, Term};

/// The learner's terminal, or plain standard output.
pub struct Screen {
    mode: Mode,
    term: Term,
}

impl Screen {
    /// Takes over the terminal in [`Mode::Screen`] (hiding the cursor); in the plain mode,
    /// prints the mode's note.
    pub fn new(mode: Mode) -> Self {
        let term = Term::stdout();
        match mode.note() {
            Some(note) => println!("{}", style(note).yellow()),
            None => {
                let _ = term.hide_cursor();
            }
        }
        Screen { mode, term }
    }

    /// Redraws the screen (only in [`Mode::Screen`]; the plain mode prints at milestones).
    pub fn draw(&mut self, watch: &Watch) {
        if self.mode != Mode::Screen {
            return;
        }
        let (rows, columns) = self.term.size();
        let (rows, columns) = (usize::from(rows), usize::from(columns).max(20));
        let footer = footer(watch);
        let footer_rows: usize = footer.iter().map(|line| height(line, columns)).sum();
        // The body, a blank row, then the footer on the last rows.
        let room = rows.saturating_sub(footer_rows + 1);
        let (mut lines, used) = fit(&body(watch), room, columns);
        lines.extend(std::iter::repeat_n(
            String::new(),
            room.saturating_sub(used) + 1,
        ));
        lines.extend(footer);
        // Home, clear, then every line: one write, so the screen does not flicker.
        let _ = self
            .term
            .write_str(&format!("\x1b[H\x1b[2J{}", lines.join("\r\n")));
        let _ = self.term.flush();
    }

    /// A check started: in the plain mode, a line that says what it checks.
    pub fn check_started(&mut self, watch: &Watch) {
        if self.mode != Mode::Screen {
            println!("\n{}", style(format!("==> {}", status(watch))).cyan());
        }
    }

    /// A check ended: in the plain mode, the report.
    pub fn check_ended(&mut self, watch: &Watch) {
        if self.mode != Mode::Screen {
            for line in body(watch) {
                println!("{line}");
            }
            println!("\n{}", progress::course_line(watch.progress.course()));
        }
    }

    /// Trouble watching the files: in the plain mode, printed at once.
    pub fn trouble(&mut self, trouble: &str) {
        if self.mode != Mode::Screen {
            println!("{} {trouble}", style("note:").yellow().bold());
        }
    }

    /// Gives the terminal back, below what it shows.
    pub fn finish(&mut self) {
        if self.mode == Mode::Screen {
            let _ = self.term.write_str("\r\nStopped watching.\r\n");
            let _ = self.term.show_cursor();
        }
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        if self.mode == Mode::Screen {
            let _ = self.term.show_cursor();
        }
    }
}

/// What is running, in a few words.
fn status(watch: &Watch) -> String {
    let Some(running) = &watch.running else {
        return "watching: each save of a lesson's src/exercises.rs is checked".to_string();
    };
    let what = if running.startup {
        "the course".to_string()
    } else {
        running.lessons.join(", ")
    };
    let mut status = if running.built {
        format!("checking {what}…")
    } else if running.startup {
        "building the course's exercises (the first time takes minutes)…".to_string()
    } else {
        format!("building {what}…")
    };
    if !watch.queued.is_empty() {
        status.push_str(&format!(" then {}", watch.queued.join(", ")));
    }
    status
}

/// The lines above the footer: the list of lessons, or the exercise.
fn body(watch: &Watch) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(failure) = &watch.failure {
        lines.push(format!(
            "{} {failure}",
            style("The check could not run:").red().bold()
        ));
        lines.push(String::new());
    }
    if watch.listing {
        lines.extend(list(watch));
        return lines;
    }
    if let Some((lesson, exercise)) = watch.solved.as_ref().and_then(|key| watch.find(key)) {
        lines.push(
            style(format!(
                "Solved: {} `{}`. Well done!",
                lesson.id, exercise.name
            ))
            .green()
            .bold()
            .to_string(),
        );
        if let Some(printed) = watch
            .solved
            .as_ref()
            .and_then(|key| watch.outcomes.get(key))
            .and_then(|outcome| match outcome {
                crate::exercises::Outcome::Passed { printed } => Some(printed),
                crate::exercises::Outcome::Failed { .. } => None,
            })
            .filter(|printed| !printed.is_empty())
        {
            lines.push(
                style(crate::lessons::indent(printed, "    "))
                    .dim()
                    .to_string(),
            );
        }
        lines.push(String::new());
    }
    let Some((lesson, _)) = watch.current.as_ref().and_then(|key| watch.find(key)) else {
        lines.push(if watch.settled {
            style("Every exercise of the course is solved.")
                .green()
                .bold()
                .to_string()
        } else {
            "Checking your exercises…".to_string()
        });
        return lines;
    };
    let key = watch.current.as_ref().expect("found above");
    let (place, count) = watch.progress.place_in_lesson(key);
    lines.push(
        style(format!(
            "{} · exercise {place} of {count}",
            lesson.heading()
        ))
        .bold()
        .to_string(),
    );
    lines.push(
        style(format!(
            "Your file: lessons/{}/src/exercises.rs, checked each time you save it.",
            lesson.folder()
        ))
        .dim()
        .to_string(),
    );
    lines.push(String::new());
    lines.extend(watch.current_text());
    if let Some(hint) = &watch.hint {
        lines.push(String::new());
        lines.push(hint.trim_end().to_string());
    }
    lines
}

/// The list of lessons, as `cargo xtask list` shows it, the current lesson marked.
fn list(watch: &Watch) -> Vec<String> {
    let curriculum = watch.curriculum;
    let standing = |lesson: &crate::curriculum::Lesson| {
        let compiles = if watch.errors.contains_key(&lesson.id) {
            Some(false)
        } else if watch.progress.lesson(&lesson.id).checked > 0 {
            Some(true)
        } else {
            None
        };
        Standing::of(lesson, compiles, &watch.progress)
    };
    let mut lines = progress::list_lines(curriculum, &watch.progress, standing);
    let current = watch.current.as_ref().map(|key| key.lesson.as_str());
    if let Some(index) = curriculum
        .lessons
        .iter()
        .position(|l| Some(l.id.as_str()) == current)
    {
        lines[index].push_str(&style("  ◀ you are here").cyan().to_string());
    }
    lines
}

/// The lines pinned at the bottom: the course's progress (unless the list, which ends with it,
/// is shown), what is running, a note, then the keys.
fn footer(watch: &Watch) -> Vec<String> {
    let mut lines = Vec::new();
    if !watch.listing {
        lines.push(progress::course_line(watch.progress.course()));
    }
    lines.push(style(status(watch)).cyan().to_string());
    if let Some(note) = &watch.note {
        lines.push(style(note).yellow().to_string());
    }
    let keys = if watch.listing {
        "l or Esc back to the exercise · q quit"
    } else {
        KEYS_LINE
    };
    lines.push(style(keys).dim().to_string());
    lines
}

/// How many rows `line` takes on a terminal `columns` wide.
fn height(line: &str, columns: usize) -> usize {
    measure_text_width(line).div_ceil(columns.max(1)).max(1)
}

/// The lines of `lines` (each may hold several) that fit in `rows` rows of `columns` columns,
/// long lines wrapping; if some do not fit, the last row says how many were left out. Returns
/// them with the number of rows they take.
fn fit(lines: &[String], rows: usize, columns: usize) -> (Vec<String>, usize) {
    let physical: Vec<&str> = lines.iter().flat_map(|line| line.split('\n')).collect();
    let total: usize = physical.iter().map(|line| height(line, columns)).sum();
    if total <= rows {
        return (physical.iter().map(|l| l.to_string()).collect(), total);
    }
    let more = |left: usize| {
        style(format!(
            "… {left} more lines: make the window taller, or run `cargo xtask verify`"
        ))
        .dim()
        .to_string()
    };
    let reserved = height(&more(physical.len()), columns);
    let mut kept = Vec::new();
    let mut used = 0;
    for line in &physical {
        if used + height(line, columns) + reserved > rows {
            break;
        }
        used += height(line, columns);
        kept.push(line.to_string());
    }
    let note = more(physical.len() - kept.len());
    used += height(&note, columns);
    kept.push(note);
    (kept, used)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_does_not_fit_is_counted_on_the_last_row() {
        console::set_colors_enabled(false);
        let lines = vec!["a\nb".to_string(), "c".repeat(100), "d".to_string()];
        // Everything fits: the 100 c's wrap to two rows of 80.
        let (all, rows) = fit(&lines, 5, 80);
        assert_eq!((all.len(), rows), (4, 5));
        let (some, rows) = fit(&lines, 4, 80);
        assert_eq!(rows, 3);
        assert_eq!(
            some,
            [
                "a",
                "b",
                "… 2 more lines: make the window taller, or run `cargo xtask verify`"
            ]
        );
    }
}

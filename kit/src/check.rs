//! Checking a learner's exercise: call their function on one input, then compare what it returned
//! with what it should have, and say so in the learner's terms. Introduced in p01; every lesson's
//! `tests/exercises.rs` is written with it.
//!
//! ```
//! use kit::check::Case;
//!
//! fn mean(xs: &[f32]) -> f32 {
//!     xs.iter().sum::<f32>() / xs.len() as f32
//! }
//!
//! let case = Case::new("mean", "[1, 2, 6]");
//! let got = case.run(|| mean(&[1.0, 2.0, 6.0]));
//! case.expect_close("the mean", got, 3.0, 1e-6);
//! case.show(format!("mean = {got}"));
//! ```
//!
//! A failed expectation panics with a message such as
//!
//! ```text
//! `mean` is wrong for [1, 2, 6]:
//!   expected the mean = 3 ± 0.000001, got 2.5
//! ```
//!
//! and a panic inside the learner's function is followed by a line naming the input it was given,
//! so `cargo xtask verify` can show the learner's own file and line, the message, and the input.

use std::fmt::{Debug, Display};
use std::panic::{self, AssertUnwindSafe};

/// One exercise called on one input. The input is described in words (`"N(0, 1) samples, seed 1,
/// times 2 plus 3"`), so that every message about this case can say which input failed.
#[derive(Debug, Clone, Copy)]
pub struct Case<'a> {
    exercise: &'a str,
    input: &'a str,
}

impl<'a> Case<'a> {
    /// The case of `exercise` (the function's name) called on the input that `input` describes.
    pub const fn new(exercise: &'a str, input: &'a str) -> Self {
        Case { exercise, input }
    }

    /// Runs the learner's code for this case and returns its answer.
    ///
    /// # Panics
    ///
    /// If the learner's code panics. A `todo!` panic passes through unchanged (the exercise is
    /// simply not solved yet); any other panic is followed by one naming the input.
    #[track_caller]
    pub fn run<T>(&self, learner_code: impl FnOnce() -> T) -> T {
        match panic::catch_unwind(AssertUnwindSafe(learner_code)) {
            Ok(answer) => answer,
            Err(payload) if is_todo(payload.as_ref()) => panic::resume_unwind(payload),
            Err(_) => panic!("`{}` panicked when given {}", self.exercise, self.input),
        }
    }

    /// Expects `got` within `tolerance` of `expected`; `what` names the quantity (`"the mean"`).
    /// A NaN is never close to anything.
    ///
    /// # Panics
    ///
    /// If it is not, with the expected and the actual value.
    #[track_caller]
    pub fn expect_close(&self, what: &str, got: f32, expected: f32, tolerance: f32) {
        if !is_close(got, expected, tolerance) {
            self.fail(&format!(
                "expected {what} = {expected} ± {tolerance}, got {got}"
            ));
        }
    }

    /// Expects every element of `got` within `tolerance` of the same element of `expected`.
    ///
    /// # Panics
    ///
    /// On a different length, or at the first element that is off, naming its index.
    #[track_caller]
    pub fn expect_all_close(&self, what: &str, got: &[f32], expected: &[f32], tolerance: f32) {
        if got.len() != expected.len() {
            self.fail(&format!(
                "expected {} values of {what}, got {}",
                expected.len(),
                got.len()
            ));
        }
        let off = got
            .iter()
            .zip(expected)
            .position(|(&g, &e)| !is_close(g, e, tolerance));
        if let Some(i) = off {
            self.fail(&format!(
                "expected {what}[{i}] = {} ± {tolerance}, got {}",
                expected[i], got[i]
            ));
        }
    }

    /// Expects `got` to equal `expected`.
    ///
    /// # Panics
    ///
    /// If it does not, with both values.
    #[track_caller]
    pub fn expect_eq<T: PartialEq + Debug>(&self, what: &str, got: T, expected: T) {
        if got != expected {
            self.fail(&format!("expected {what} = {expected:?}, got {got:?}"));
        }
    }

    /// Expects `condition` to hold; `claim` says what it means (`"the weights changed"`).
    ///
    /// # Panics
    ///
    /// If it does not, with the claim.
    #[track_caller]
    pub fn expect(&self, condition: bool, claim: &str) {
        if !condition {
            self.fail(&format!("expected {claim}"));
        }
    }

    /// Prints what the learner's code returned for this case, on one line. The test harness
    /// keeps it unless asked; `cargo xtask verify <lesson>` shows it under a solved exercise.
    pub fn show(&self, answer: impl Display) {
        println!("{}: {answer}", self.input);
    }

    #[track_caller]
    fn fail(&self, what_went_wrong: &str) -> ! {
        panic!(
            "`{}` is wrong for {}:\n  {what_went_wrong}",
            self.exercise, self.input
        )
    }
}

/// Whether `got` lies within `tolerance` of `expected`; never for a NaN.
fn is_close(got: f32, expected: f32, tolerance: f32) -> bool {
    (got - expected).abs() <= tolerance
}

/// Whether a panic came from a `todo!` call: its message starts with "not yet implemented".
fn is_todo(payload: &(dyn std::any::Any + Send)) -> bool {
    let message = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied());
    message.is_some_and(|m| m.starts_with("not yet implemented"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panic_message(f: impl FnOnce()) -> String {
        let payload = panic::catch_unwind(AssertUnwindSafe(f)).expect_err("it panics");
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    }

    const CASE: Case = Case::new("mean", "[1, 2, 6]");

    #[test]
    fn a_close_value_passes_and_a_far_or_nan_one_fails() {
        CASE.expect_close("the mean", 3.0000005, 3.0, 1e-6);
        let message = panic_message(|| CASE.expect_close("the mean", 2.5, 3.0, 0.01));
        assert_eq!(
            message,
            "`mean` is wrong for [1, 2, 6]:\n  expected the mean = 3 ± 0.01, got 2.5"
        );
        let message = panic_message(|| CASE.expect_close("the mean", f32::NAN, 3.0, 0.01));
        assert!(message.ends_with("got NaN"), "{message}");
    }

    #[test]
    fn all_close_names_the_first_element_that_is_off() {
        CASE.expect_all_close("w", &[1.0, 2.0], &[1.0, 2.0], 0.0);
        let message = panic_message(|| CASE.expect_all_close("w", &[1.0, 2.5], &[1.0, 2.0], 0.1));
        assert!(
            message.ends_with("expected w[1] = 2 ± 0.1, got 2.5"),
            "{message}"
        );
        let message = panic_message(|| CASE.expect_all_close("w", &[1.0], &[1.0, 2.0], 0.1));
        assert!(
            message.ends_with("expected 2 values of w, got 1"),
            "{message}"
        );
    }

    #[test]
    fn a_todo_passes_through_and_another_panic_names_the_input() {
        // The message a `todo!` call with the text "write the mean" panics with, raised here
        // without leaving such a call in the kit's source.
        let message = panic_message(|| CASE.run(|| panic!("not yet implemented: write the mean")));
        assert_eq!(message, "not yet implemented: write the mean");
        let message = panic_message(|| {
            CASE.run(|| {
                let empty: Vec<f32> = Vec::new();
                empty[0]
            });
        });
        assert_eq!(message, "`mean` panicked when given [1, 2, 6]");
    }
}

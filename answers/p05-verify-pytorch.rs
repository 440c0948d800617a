//! Reference solutions for p05's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use crate::Check;
use std::any::Any;
use std::panic::{self, AssertUnwindSafe};

/// Exercise `check_exact`: turns any computation whose exact answer is known into a [`Check`].
pub fn check_exact(
    name: &'static str,
    expected: &[f32],
    computation: impl FnOnce() -> Vec<f32>,
) -> Check {
    // A panic inside the computation becomes an `Err` here instead of ending the program. The
    // closure only produces values, so asserting that it is unwind-safe is sound.
    let (observed, passed) = match panic::catch_unwind(AssertUnwindSafe(computation)) {
        Ok(values) => {
            // Lengths first: `zip` alone would stop at the shorter side and miss a missing value.
            let exact = values.len() == expected.len()
                && values
                    .iter()
                    .zip(expected)
                    .all(|(value, want)| value == want);
            (format!("{values:?}"), exact)
        }
        Err(payload) => (
            format!("panicked: {}", panic_message(payload.as_ref())),
            false,
        ),
    };
    Check {
        name,
        expected: format!("{expected:?}"),
        observed,
        passed,
    }
}

/// The message a panic carried: `panic!("literal")` carries a `&str`, a formatted message a
/// `String`.
fn panic_message(payload: &(dyn Any + Send)) -> &str {
    if let Some(message) = payload.downcast_ref::<&str>() {
        message
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message
    } else {
        "(no message)"
    }
}

//! Answers that look right on the lesson's own sum but are wrong, and a literal copied from the
//! lesson's output: the check must reject every one, each for the reason named. (Spoilers: these
//! are near-solutions.)

mod checks;

use p05_verify_pytorch::Check;
use std::panic::{self, AssertUnwindSafe};

/// A `Check` for `values`, its strings built as the exercise asks, with the verdict `passed`.
fn report(name: &'static str, expected: &[f32], values: &[f32], passed: bool) -> Check {
    Check {
        name,
        expected: format!("{expected:?}"),
        observed: format!("{values:?}"),
        passed,
    }
}

#[test]
#[should_panic(expected = "`check_exact` is wrong for the matrix product")]
fn check_exact_rejects_the_lessons_passing_sum() {
    checks::check_exact(|name, expected, _computation| report(name, expected, &[6.0], true));
}

/// Compares within a tolerance, as one would for a result that is not exact: ten times 0.1,
/// 1.0000001 in f32, passes as 1.
fn within_a_tolerance(
    name: &'static str,
    expected: &[f32],
    computation: impl FnOnce() -> Vec<f32>,
) -> Check {
    match panic::catch_unwind(AssertUnwindSafe(computation)) {
        Ok(values) => {
            let close = values.len() == expected.len()
                && values
                    .iter()
                    .zip(expected)
                    .all(|(v, e)| (v - e).abs() <= 1e-6);
            report(name, expected, &values, close)
        }
        Err(_) => Check {
            name,
            expected: format!("{expected:?}"),
            observed: "panicked: ".to_string(),
            passed: false,
        },
    }
}

#[test]
#[should_panic(expected = "is wrong for ten times 0.1 summed, expecting [1]")]
fn check_exact_rejects_a_tolerance() {
    checks::check_exact(within_a_tolerance);
}

/// Decides that a value differs when the difference is above zero. For a NaN the difference is
/// NaN, and `NaN > 0.0` is false, so a NaN passes as equal.
fn nan_passes(
    name: &'static str,
    expected: &[f32],
    computation: impl FnOnce() -> Vec<f32>,
) -> Check {
    let values = computation();
    let differs = values.len() != expected.len()
        || values
            .iter()
            .zip(expected)
            .any(|(v, e)| (v - e).abs() > 0.0);
    report(name, expected, &values, !differs)
}

#[test]
#[should_panic(expected = "is wrong for 0 / 0 computed in a tensor, expecting [0]")]
fn check_exact_rejects_a_difference_test_that_lets_nan_through() {
    checks::check_exact(nan_passes);
}

/// Compares value by value with `zip`, which stops at the shorter side: a missing or extra value
/// goes unseen.
fn zip_only(name: &'static str, expected: &[f32], computation: impl FnOnce() -> Vec<f32>) -> Check {
    match panic::catch_unwind(AssertUnwindSafe(computation)) {
        Ok(values) => {
            let same = values.iter().zip(expected).all(|(v, e)| v == e);
            report(name, expected, &values, same)
        }
        Err(_) => Check {
            name,
            expected: format!("{expected:?}"),
            observed: "panicked: ".to_string(),
            passed: false,
        },
    }
}

#[test]
#[should_panic(expected = "is wrong for [1, 2, 3, 4] doubled, expecting only the three values")]
fn check_exact_rejects_a_comparison_that_ignores_the_length() {
    checks::check_exact(zip_only);
}

/// Compares exactly, but lets a panic in the computation escape.
fn lets_panics_escape(
    name: &'static str,
    expected: &[f32],
    computation: impl FnOnce() -> Vec<f32>,
) -> Check {
    let values = computation();
    let same = values.len() == expected.len() && values.iter().zip(expected).all(|(v, e)| v == e);
    report(name, expected, &values, same)
}

#[test]
#[should_panic(expected = "`check_exact` panicked when given adding run-time vectors")]
fn check_exact_rejects_a_check_that_lets_a_panic_escape() {
    checks::check_exact(lets_panics_escape);
}

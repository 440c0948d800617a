//! Exercises for p05. Check them with `cargo xtask verify p05`; stuck, ask for a hint with
//! `cargo xtask hint p05`. Reference solutions: `answers/p05-verify-pytorch.rs`.
//!
//! The parameters are marked `#[allow(unused_variables)]` only because the starting `todo!` does
//! not use them yet; the compiler still warns about anything else you compute and never use.

use crate::Check;

/// Exercise `check_exact`: turns any computation whose exact answer is known into a [`Check`].
///
/// Run `computation` (for example a dfdx sum or matrix product, read back with `as_vec`) and
/// compare the values it returns with `expected`, exactly: the check passes only if there are as
/// many values as expected and each one `==` its counterpart. Whatever the computation does,
/// return a `Check`, never panic: a computation that panics is a failed check.
///
/// The `Check` you return holds
/// - `name`: the `name` you were given;
/// - `expected`: `format!("{expected:?}")`, such as `[6.0]`;
/// - `observed`: `format!("{values:?}")` of the values the computation returned, such as
///   `[3.0]`, or `panicked: ` followed by the panic's message if it panicked;
/// - `passed`: whether the values are exactly the expected ones.
pub fn check_exact(
    #[allow(unused_variables)] name: &'static str,
    #[allow(unused_variables)] expected: &[f32],
    #[allow(unused_variables)] computation: impl FnOnce() -> Vec<f32>,
) -> Check {
    // TODO: run `computation` so that a panic inside it comes back to you as a value, compare
    // what it returned with `expected` exactly, and describe both in the `Check`.
    todo!("run the computation and compare its values with `expected`, exactly")
}

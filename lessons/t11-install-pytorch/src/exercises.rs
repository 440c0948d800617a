//! Exercises for t11. Check them with `cargo xtask verify t11`; stuck, ask for a hint with
//! `cargo xtask hint t11`. Reference solutions: `answers/t11-install-pytorch.rs`.
//!
//! Both are written once, for `AutoDevice`, and must give the same answers in the CPU build and
//! in the CUDA build. The parameters, and the prelude's import, are marked `#[allow(...)]` only
//! because the starting `todo!` does not use them yet; the compiler still warns about anything
//! else you compute and never use.

#[allow(unused_imports)] // the tensor methods your solutions will call; unused until then
use dfdx::prelude::*;

/// Exercise `sum_on_device`: the sum of `values`, computed on `dev`.
///
/// The lesson's check, `[1, 2, 3].sum()`, for any slice: the tests pass slices of other lengths
/// and values too.
pub fn sum_on_device(
    #[allow(unused_variables)] dev: &AutoDevice,
    #[allow(unused_variables)] values: &[f32],
) -> f32 {
    // TODO: copy `values` into a tensor on `dev` (its length is known only at run time), sum it
    // there, and read the sum back as an `f32`.
    todo!("return the sum of values, computed on dev")
}

/// Exercise `matmul_on_device`: the matrix product `a · b`, computed on `dev`.
///
/// `a` holds an `n × k` matrix and `b` a `k × m` matrix, each row after row; return the `n × m`
/// product in the same order. In the CUDA build this is the work dfdx hands to cuBLAS, in the
/// CPU build to the `gemm` crate.
pub fn matmul_on_device(
    #[allow(unused_variables)] dev: &AutoDevice,
    #[allow(unused_variables)] a: &[f32],
    #[allow(unused_variables)] b: &[f32],
    #[allow(unused_variables)] n: usize,
    #[allow(unused_variables)] k: usize,
    #[allow(unused_variables)] m: usize,
) -> Vec<f32> {
    // TODO: make both matrices on `dev` with shapes known at run time, multiply them there, and
    // copy the product back into a `Vec`.
    todo!("return a · b, computed on dev, row after row")
}

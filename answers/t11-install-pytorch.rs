//! Reference solutions for t11's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use dfdx::prelude::*;

/// Exercise `sum_on_device`: the sum of `values`, computed on `dev`.
pub fn sum_on_device(dev: &AutoDevice, values: &[f32]) -> f32 {
    // The length is a run-time `usize`, so the shape is `(usize,)`, not `Rank1<3>`.
    let x = dev.tensor_from_vec(values.to_vec(), (values.len(),));
    // The sum runs on the device; `array` copies the one resulting number back to the host.
    x.sum::<Rank0, _>().array()
}

/// Exercise `matmul_on_device`: the matrix product `a · b`, computed on `dev`.
pub fn matmul_on_device(
    dev: &AutoDevice,
    a: &[f32],
    b: &[f32],
    n: usize,
    k: usize,
    m: usize,
) -> Vec<f32> {
    let a = dev.tensor_from_vec(a.to_vec(), (n, k));
    let b = dev.tensor_from_vec(b.to_vec(), (k, m));
    // `matmul` is torch's `@`; `*` would multiply element by element.
    a.matmul(b).as_vec()
}

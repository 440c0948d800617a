//! Answers that look right on the lesson's own data but are wrong, and literals: the checks must
//! reject every one, each for the reason named. (Spoilers: these are near-solutions.)

mod checks;

use dfdx::prelude::*;

#[test]
#[should_panic(expected = "`sum_on_device` is wrong for a single value, [-2.5]")]
fn sum_on_device_rejects_the_lessons_six() {
    checks::sum_on_device(|_, _| 6.0);
}

/// The lesson's code with the slice's first three values put in: the compile-time shape
/// `Rank1<3>` fits `[1, 2, 3]` and no slice of another length.
#[test]
#[should_panic(expected = "`sum_on_device` panicked when given a single value, [-2.5]")]
fn sum_on_device_rejects_the_lessons_fixed_shape() {
    checks::sum_on_device(|dev, values| {
        let x: Tensor<Rank1<3>, f32, AutoDevice> = dev.tensor([values[0], values[1], values[2]]);
        x.sum::<Rank0, _>().array()
    });
}

/// `a` returned unchanged: right for a matrix times the identity, and for nothing else.
#[test]
#[should_panic(
    expected = "`matmul_on_device` is wrong for [[1, 2], [3, 4]] times [[0, 1], [1, 0]]"
)]
fn matmul_on_device_rejects_returning_a() {
    checks::matmul_on_device(|_, a, _, _, _, _| a.to_vec());
}

/// `*` for `@`: the element-wise product, which dfdx (like PyTorch) computes for two tensors of
/// the same shape.
#[test]
#[should_panic(
    expected = "`matmul_on_device` is wrong for [[1, 2, 3], [4, 5, 6], [7, 8, 9]] times the 3 × 3 identity"
)]
fn matmul_on_device_rejects_the_element_wise_product() {
    checks::matmul_on_device(|dev, a, b, n, k, _| {
        let a = dev.tensor_from_vec(a.to_vec(), (n, k));
        let b = dev.tensor_from_vec(b.to_vec(), (n, k));
        (a * b).as_vec()
    });
}

/// The factors in the wrong order, `b · a`: the same as `a · b` for the identity, wrong as soon
/// as the matrices do not commute.
#[test]
#[should_panic(
    expected = "`matmul_on_device` is wrong for [[1, 2], [3, 4]] times [[0, 1], [1, 0]]"
)]
fn matmul_on_device_rejects_the_factors_swapped() {
    checks::matmul_on_device(|dev, a, b, n, k, m| {
        let a = dev.tensor_from_vec(a.to_vec(), (n, k));
        let b = dev.tensor_from_vec(b.to_vec(), (k, m));
        b.matmul(a).as_vec()
    });
}

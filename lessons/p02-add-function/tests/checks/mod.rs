//! What p02's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! Each exercise is called on several inputs, including ones the lesson never prints: values
//! drawn from a seeded generator, sums beyond 2^24, and sums that overflow an `i32`. A generic
//! exercise is passed once per type it is checked with.

use dfdx::prelude::*;
use kit::check::Case;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// A tensor of three `f32`s on the default device.
type Vector3 = Tensor<Rank1<3>, f32, AutoDevice>;

/// Checks a solution of `add_all`, once for each element type the exercise must handle.
pub fn add_all(
    on_i32: impl Fn(i32, &[i32]) -> i32,
    on_u8: impl Fn(u8, &[u8]) -> u8,
    on_i64: impl Fn(i64, &[i64]) -> i64,
    on_f32: impl Fn(f32, &[f32]) -> f32,
    on_tensors: impl Fn(Vector3, &[Vector3]) -> Vector3,
) {
    let case = Case::new("add_all", "1 and [2, 3, 4] (i32)");
    let total = case.run(|| on_i32(1, &[2, 3, 4]));
    case.expect_eq("the total", total, 10);
    case.show(total);

    let case = Case::new("add_all", "-5 and [12, -30, 8] (i32)");
    let total = case.run(|| on_i32(-5, &[12, -30, 8]));
    case.expect_eq("the total", total, -15);
    case.show(total);

    let case = Case::new("add_all", "7 and an empty slice (u8)");
    let total = case.run(|| on_u8(7, &[]));
    case.expect_eq("the total", total, 7);
    case.show(total);

    let mut rng = StdRng::seed_from_u64(7);
    let values: Vec<i64> = (0..100)
        .map(|_| rng.gen_range(-1_000_000..1_000_000))
        .collect();
    let case = Case::new("add_all", "100 integers drawn with seed 7 (i64)");
    let total = case.run(|| on_i64(values[0], &values[1..]));
    case.expect_eq("the total", total, values.iter().sum());
    case.show(total);

    let case = Case::new("add_all", "0.5 and [0.25, 0.125] (f32)");
    let total = case.run(|| on_f32(0.5, &[0.25, 0.125]));
    case.expect_eq("the total", total, 0.875);
    case.show(total);

    let dev = AutoDevice::default();
    let case = Case::new(
        "add_all",
        "tensor [1, 2, 3] and tensors [10, 20, 30], [100, 200, 300]",
    );
    let total = case.run(|| {
        on_tensors(
            dev.tensor([1.0, 2.0, 3.0]),
            &[
                dev.tensor([10.0, 20.0, 30.0]),
                dev.tensor([100.0, 200.0, 300.0]),
            ],
        )
    });
    case.expect_eq("the total", total.array(), [111.0, 222.0, 333.0]);
    case.show(format!("{:?}", total.array()));
}

/// An `i32` tensor of length `N` on the default device.
type IntVector<const N: usize> = Tensor<Rank1<N>, i32, AutoDevice>;

/// Checks a solution of `checked_add_integer_tensors` on `a` and `b` against
/// `i32::checked_add`, element by element.
fn checked_add_case<const N: usize>(
    solution: impl Fn(IntVector<N>, IntVector<N>) -> Option<IntVector<N>>,
    input: &str,
    a: [i32; N],
    b: [i32; N],
) {
    let dev = AutoDevice::default();
    let expected: Option<Vec<i32>> = a.iter().zip(&b).map(|(x, y)| x.checked_add(*y)).collect();
    let case = Case::new("checked_add_integer_tensors", input);
    let sum = case.run(|| solution(dev.tensor(a), dev.tensor(b)));
    let sum = sum.map(|tensor| tensor.as_vec());
    case.expect_eq("the sum", sum.clone(), expected);
    case.show(format!("{sum:?}"));
}

/// Checks a solution of `checked_add_integer_tensors`, on tensors of 2, 3 and 6 elements.
pub fn checked_add_integer_tensors(
    on_2: impl Fn(IntVector<2>, IntVector<2>) -> Option<IntVector<2>>,
    on_3: impl Fn(IntVector<3>, IntVector<3>) -> Option<IntVector<3>>,
    on_6: impl Fn(IntVector<6>, IntVector<6>) -> Option<IntVector<6>>,
) {
    checked_add_case(&on_3, "[3, 1, -5] and [4, 1, 5]", [3, 1, -5], [4, 1, 5]);
    checked_add_case(
        &on_3,
        "sums beyond 2^24: [16777217, 1000000001, -2000000000] and [1, 1, -147483648]",
        [16_777_217, 1_000_000_001, -2_000_000_000],
        [1, 1, -147_483_648],
    );
    let mut rng = StdRng::seed_from_u64(11);
    let mut draw = || -> [i32; 6] { std::array::from_fn(|_| rng.gen_range(-(1 << 30)..1 << 30)) };
    let (a, b) = (draw(), draw());
    checked_add_case(
        &on_6,
        "six pairs below 2^30 in size, drawn with seed 11",
        a,
        b,
    );
    checked_add_case(
        &on_2,
        "[2147483647, 0] and [1, 0], whose sum overflows",
        [i32::MAX, 0],
        [1, 0],
    );
    checked_add_case(
        &on_2,
        "[5, -2147483648] and [5, -1], whose sum overflows downwards",
        [5, i32::MIN],
        [5, -1],
    );
}

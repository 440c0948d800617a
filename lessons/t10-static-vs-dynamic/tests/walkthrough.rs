//! The lesson's output is the snapshot the book shows: any change to it fails this test. The
//! other tests prove what the lesson and its chapter say about dfdx but cannot print: what dfdx
//! does with mismatched run-time shapes.

use dfdx::prelude::*;
use t10_static_vs_dynamic::{to_static, ShapeError};

#[test]
fn output() {
    insta::assert_snapshot!("output", kit::capture(t10_static_vs_dynamic::walkthrough));
}

/// A 3×4 matrix of run-time shape, as the lesson's `a`.
fn three_by_four() -> Tensor<(usize, usize), f32, AutoDevice> {
    AutoDevice::default().tensor_from_vec((0..12).map(|i| i as f32).collect(), (3, 4))
}

/// The chapter quotes this message: dfdx's `matmul` checks run-time inner sizes with
/// `assert_eq!` (src/tensor_ops/matmul/mod.rs), which panics.
#[test]
#[should_panic(expected = "assertion `left == right` failed\n  left: 4\n right: 3")]
fn dfdx_matmul_panics_on_mismatched_run_time_shapes() {
    let a = three_by_four();
    let _ = a.clone().matmul(a);
}

/// `try_matmul` is no way out: its `Err` is for device errors, and the same assert panics first.
#[test]
#[should_panic(expected = "assertion `left == right` failed\n  left: 4\n right: 3")]
fn dfdx_try_matmul_panics_too() {
    let a = three_by_four();
    let _ = a.clone().try_matmul(a);
}

/// Element-wise operations check run-time shapes the same way: `+` of 3×4 and 4×3 panics.
#[test]
#[should_panic(expected = "assertion `left == right` failed\n  left: (3, 4)\n right: (4, 3)")]
fn dfdx_add_panics_on_different_run_time_shapes() {
    let dev = AutoDevice::default();
    let b: Tensor<(usize, usize), f32, _> = dev.zeros_like(&(4, 3));
    let _ = three_by_four() + b;
}

/// `realize` is `try_realize(..).unwrap()`: the wrong shape is a panic.
#[test]
#[should_panic(expected = "called `Result::unwrap()` on an `Err` value")]
fn realize_panics_where_try_realize_returns_err() {
    let _: Tensor<Rank2<4, 3>, f32, _> = three_by_four().realize();
}

/// Creation is the one place where dfdx 0.13 reports a wrong count as an `Err`.
#[test]
fn creating_from_the_wrong_number_of_values_is_an_err() {
    let dev = AutoDevice::default();
    assert!(dev.try_tensor_from_vec(vec![0.0f32; 11], (3, 4)).is_err());
    assert!(dev.try_tensor_from_vec(vec![0.0f32; 12], (3, 4)).is_ok());
}

/// `try_realize` on success changes the type only: same values, same shape.
#[test]
fn to_static_keeps_the_values_and_names_both_shapes_on_error() {
    let a = three_by_four();
    let fixed = to_static::<3, 4>(a.clone()).expect("3×4 is 3×4");
    assert_eq!(fixed.as_vec(), a.as_vec());
    assert_eq!(
        to_static::<4, 2>(a).map(|t| t.array()),
        Err(ShapeError::Matrix {
            expected: [4, 2],
            got: [3, 4]
        })
    );
}

/// The printed product, recomputed by hand: row i of x is 4i, 4i+1, 4i+2, 4i+3, and w adds
/// columns 0 and 2 into the first output, 1 and 3 into the second.
#[test]
fn the_printed_product_is_right() {
    let printed = kit::capture(t10_static_vs_dynamic::walkthrough);
    let rows: Vec<String> = (0..3)
        .map(|i| {
            let base = 4 * i;
            format!("[{}, {}]", 2 * base + 2, 2 * base + 4)
        })
        .collect();
    let expected = format!("x · w = [{}]", rows.join(", "));
    assert!(printed.contains(&expected), "{expected} not in:\n{printed}");
    assert!(printed.contains(&expected.replace("x · w", "a · b")));
}

/// Every message of `ShapeError` names the shapes involved.
#[test]
fn shape_errors_read_well() {
    let messages = [
        ShapeError::Matrix {
            expected: [4, 2],
            got: [3, 4],
        }
        .to_string(),
        ShapeError::Row {
            index: 2,
            expected: 4,
            got: 3,
        }
        .to_string(),
        ShapeError::MatMul {
            left: [3, 4],
            right: [3, 4],
        }
        .to_string(),
        ShapeError::MatMul {
            left: [5, 1],
            right: [2, 5],
        }
        .to_string(),
    ];
    assert_eq!(
        messages,
        [
            "expected a 4×2 matrix, got a 3×4 one",
            "row 2 holds 3 values, expected 4",
            "cannot multiply a 3×4 matrix by a 3×4 one: 4 columns against 3 rows",
            "cannot multiply a 5×1 matrix by a 2×5 one: 1 column against 2 rows",
        ]
    );
}

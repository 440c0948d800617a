//! # t10 · Compile-time and run-time shapes
//!
//! **Question.** How do TensorFlow and PyTorch differ?
//!
//! **Answer.** Less than the answers written before 2020 say. Both now run operations eagerly by
//! default and capture a graph only when asked: TensorFlow 2 with `tf.function`, PyTorch 2 with
//! `torch.compile` and `torch.export`. They differ in API style (Keras' `compile`/`fit` against a
//! loop you write), in how a model leaves Python (SavedModel, TF Serving and LiteRT against
//! `torch.export`, ExecuTorch and ONNX; TorchScript is deprecated) and in who uses them; the
//! chapter has a table. The old axis, static against dynamic graphs, survives as a question
//! about shapes: when is a tensor's shape known, and when is a wrong one caught? dfdx answers it
//! per dimension, in the type. In `Rank2<3, 4>` both sizes are compile-time constants, in
//! `(usize, usize)` both are run-time values, and `(usize, Const<784>)` mixes them: any number of
//! rows of exactly 784 values. `realize` and `try_realize` convert between them. Multiplying a
//! `Rank2<3, 4>` by a `Rank2<3, 4>` does not compile; the same product with run-time shapes
//! compiles, and dfdx panics when it runs, so a program checks run-time shapes where its data
//! comes in (`try_realize`) and reports an error rather than crashing.
//!
//! Run it with `cargo xtask run t10`.

use dfdx::prelude::*;
use std::fmt;
use std::io::{self, Write};

#[cfg_attr(
    feature = "answers",
    path = "../../../answers/t10-static-vs-dynamic.rs"
)]
pub mod exercises;

// ANCHOR: shape_error
/// A shape that is wrong at run time, reported as a value instead of a panic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShapeError {
    /// A matrix does not have the shape the code was compiled for (`[rows, columns]`).
    Matrix {
        /// The shape the code expects.
        expected: [usize; 2],
        /// The shape that arrived.
        got: [usize; 2],
    },
    /// Row `index` of a batch holds `got` values instead of `expected`.
    Row {
        /// Which row, counting from 0.
        index: usize,
        /// How many values each row must hold.
        expected: usize,
        /// How many it holds.
        got: usize,
    },
    /// Two matrices cannot be multiplied: `left` has a number of columns other than `right`'s
    /// number of rows.
    MatMul {
        /// The left matrix's shape.
        left: [usize; 2],
        /// The right matrix's shape.
        right: [usize; 2],
    },
}
// ANCHOR_END: shape_error

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ShapeError::Matrix { expected, got } => write!(
                f,
                "expected a {} matrix, got a {} one",
                dims(expected),
                dims(got)
            ),
            ShapeError::Row {
                index,
                expected,
                got,
            } => write!(f, "row {index} holds {got} values, expected {expected}"),
            ShapeError::MatMul { left, right } => write!(
                f,
                "cannot multiply a {} matrix by a {} one: {} against {}",
                dims(left),
                dims(right),
                count(left[1], "column"),
                count(right[0], "row")
            ),
        }
    }
}

impl std::error::Error for ShapeError {}

/// A count and its noun: `count(1, "row")` is `"1 row"`, `count(3, "row")` is `"3 rows"`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A matrix shape as it is written in the lesson's output: `[3, 4]` gives `"3×4"`.
pub fn dims([rows, columns]: [usize; 2]) -> String {
    format!("{rows}×{columns}")
}

// ANCHOR: to_static
/// Checks a matrix whose shape is known only at run time against the shape `R`×`C` that the
/// code after it was compiled for: the matrix as a `Rank2<R, C>` tensor, or a `ShapeError`.
///
/// `try_realize` changes only the type: on success the data are not touched, and on failure it
/// hands the tensor back unchanged, so the error can say what arrived.
pub fn to_static<const R: usize, const C: usize>(
    matrix: Tensor<(usize, usize), f32, AutoDevice>,
) -> Result<Tensor<Rank2<R, C>, f32, AutoDevice>, ShapeError> {
    matrix
        .try_realize::<Rank2<R, C>>()
        .map_err(|unchanged| ShapeError::Matrix {
            expected: [R, C],
            got: unchanged.shape().concrete(),
        })
}
// ANCHOR_END: to_static

/// A matrix's values row by row, `[[2, 4], [10, 12]]`, whatever kind of shape it has.
fn matrix<S: Shape<Concrete = [usize; 2]>>(t: &Tensor<S, f32, AutoDevice>) -> String {
    let [_, columns] = t.shape().concrete();
    let values = t.as_vec();
    let rows: Vec<String> = values
        .chunks(columns.max(1))
        .map(|row| {
            let row: Vec<String> = row.iter().map(|v| v.to_string()).collect();
            format!("[{}]", row.join(", "))
        })
        .collect();
    format!("[{}]", rows.join(", "))
}

/// One line about a matrix: its name, its shape, its type.
fn describe<S: Shape<Concrete = [usize; 2]>>(
    out: &mut dyn Write,
    name: &str,
    t: &Tensor<S, f32, AutoDevice>,
) -> io::Result<()> {
    writeln!(
        out,
        "  {name:<12} {:<5}  {}",
        dims(t.shape().concrete()),
        kit::short_type_name_of_val(t)
    )
}

/// Prints the lesson: the same product with compile-time, run-time and mixed shapes, the
/// conversions between them, and one shape mistake caught by the compiler or at run time.
pub fn walkthrough(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "t10 · Compile-time and run-time shapes")?;
    writeln!(out)?;

    // ANCHOR: compile_time
    let dev = AutoDevice::default();
    let x: Tensor<Rank2<3, 4>, f32, _> = dev.tensor([
        [0.0, 1.0, 2.0, 3.0],
        [4.0, 5.0, 6.0, 7.0],
        [8.0, 9.0, 10.0, 11.0],
    ]);
    let w: Tensor<Rank2<4, 2>, f32, _> =
        dev.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]]);
    // The compiler checks that x's 4 columns meet w's 4 rows, and works out the result's type.
    let y: Tensor<Rank2<3, 2>, f32, _> = x.clone().matmul(w.clone());
    // ANCHOR_END: compile_time
    writeln!(
        out,
        "Compile-time shapes: the sizes are part of the type (name, shape, type)"
    )?;
    describe(out, "x", &x)?;
    describe(out, "w", &w)?;
    describe(out, "x · w", &y)?;
    writeln!(out, "  x · w = {}", matrix(&y))?;
    writeln!(out)?;

    // ANCHOR: run_time
    // The sizes are values, known only when the program runs (read from a file, say).
    let (rows, columns) = (3, 4);
    let a: Tensor<(usize, usize), f32, _> = dev.tensor_from_vec(x.as_vec(), (rows, columns));
    // `realize` to a shape of run-time sizes always succeeds: it forgets the 4 and the 2.
    let b: Tensor<(usize, usize), f32, _> = w.clone().realize();
    // Compiles whatever the sizes: dfdx compares a's columns with b's rows when it runs.
    let c: Tensor<(usize, usize), f32, _> = a.clone().matmul(b.clone());
    // ANCHOR_END: run_time
    writeln!(
        out,
        "Run-time shapes: the sizes are values; the same product, the same numbers"
    )?;
    describe(out, "a", &a)?;
    describe(out, "b", &b)?;
    describe(out, "a · b", &c)?;
    writeln!(out, "  a · b = {}", matrix(&c))?;
    writeln!(out)?;

    // ANCHOR: mixed
    // Any number of rows, each of exactly 4 values: what a layer with 4 inputs accepts.
    let n = 5; // the batch size, a run-time value
    let values: Vec<f32> = (0..n * 4).map(|i| i as f32).collect();
    let batch: Tensor<(usize, Const<4>), f32, _> = dev.tensor_from_vec(values, (n, Const));
    let out_batch: Tensor<(usize, Const<2>), f32, _> = batch.clone().matmul(w.clone());
    // ANCHOR_END: mixed
    writeln!(
        out,
        "Mixed shapes: a batch of run-time length whose rows have 4 values, known at compile time"
    )?;
    describe(out, "batch", &batch)?;
    describe(out, "batch · w", &out_batch)?;
    writeln!(out)?;

    // ANCHOR: realize
    // Ok: 3×4 is 3×4.
    let as_3x4 = a.clone().try_realize::<Rank2<3, 4>>();
    // Err: the sizes differ, and `a` is handed back unchanged inside the Err.
    let as_4x3 = a.clone().try_realize::<Rank2<4, 3>>();
    // Ok: only the 4 is checked; the number of rows stays a run-time value.
    let any_rows = a.clone().try_realize::<(usize, Const<4>)>();
    // `realize` is `try_realize` followed by `unwrap`: it panics if `batch` is not 5×4.
    let batch_of_5: Tensor<Rank2<5, 4>, f32, _> = batch.realize();
    // ANCHOR_END: realize
    writeln!(out, "Converting between them: realize and try_realize")?;
    match as_3x4 {
        Ok(t) => writeln!(
            out,
            "  a.try_realize::<Rank2<3, 4>>()        Ok: {}",
            kit::short_type_name_of_val(&t)
        )?,
        Err(t) => writeln!(
            out,
            "  a.try_realize::<Rank2<3, 4>>()        Err: {}",
            dims(t.shape().concrete())
        )?,
    }
    match as_4x3 {
        Ok(t) => writeln!(
            out,
            "  a.try_realize::<Rank2<4, 3>>()        Ok: {}",
            kit::short_type_name_of_val(&t)
        )?,
        Err(t) => writeln!(
            out,
            "  a.try_realize::<Rank2<4, 3>>()        Err: the {} tensor comes back as it was",
            dims(t.shape().concrete())
        )?,
    }
    match any_rows {
        Ok(t) => writeln!(
            out,
            "  a.try_realize::<(usize, Const<4>)>()  Ok: {}",
            kit::short_type_name_of_val(&t)
        )?,
        Err(t) => writeln!(
            out,
            "  a.try_realize::<(usize, Const<4>)>()  Err: {}",
            dims(t.shape().concrete())
        )?,
    }
    writeln!(
        out,
        "  batch.realize::<Rank2<5, 4>>()        {}",
        kit::short_type_name_of_val(&batch_of_5)
    )?;
    writeln!(out)?;

    // ANCHOR: mistake
    // x.clone().matmul(x.clone()) does not compile: see the doc test at the end of this file.
    // a.clone().matmul(a.clone()) compiles, and panics when it runs. So check where data come in:
    // Meant to be the 4×2 weights, but the wrong matrix was loaded:
    let loaded: Tensor<(usize, usize), f32, _> = a.clone();
    let refused = to_static::<4, 2>(loaded);
    let accepted = to_static::<4, 2>(b.clone());
    // dfdx itself returns an `Err` for a wrong count of values when a tensor is created:
    let eleven = dev.try_tensor_from_vec(vec![0.0f32; 11], (3, 4));
    // ANCHOR_END: mistake
    writeln!(
        out,
        "A shape mistake: a 3×4 matrix times a 3×4 one (4 columns against 3 rows)"
    )?;
    writeln!(
        out,
        "  x · x, compile-time shapes   does not compile (the doc test in src/lib.rs)"
    )?;
    writeln!(
        out,
        "  a · a, run-time shapes       compiles, and panics when it runs (dfdx's assert_eq!)"
    )?;
    for (name, checked) in [("a", refused), ("b", accepted)] {
        match checked {
            Ok(weights) => writeln!(
                out,
                "  to_static::<4, 2>({name})         Ok: x · {name} = {}",
                matrix(&x.clone().matmul(weights))
            )?,
            Err(err) => writeln!(out, "  to_static::<4, 2>({name})         Err: {err}")?,
        }
    }
    match eleven {
        Ok(t) => writeln!(
            out,
            "  11 values made 3×4           Ok: {}",
            kit::short_type_name_of_val(&t)
        )?,
        Err(err) => writeln!(out, "  11 values made 3×4           Err: {err}")?,
    }
    Ok(())
}

// ANCHOR: compile_fail
/// A shape mistake that does not compile: these doc tests keep the lesson's claim true for the
/// dfdx version in `Cargo.lock`.
///
/// The inner sizes of a product differ (4 columns against 3 rows):
///
/// ```compile_fail
/// use dfdx::prelude::*;
/// let dev = Cpu::default();
/// let x: Tensor<Rank2<3, 4>, f32, _> = dev.zeros();
/// let _ = x.clone().matmul(x);
/// ```
///
/// A compile-time size and a run-time size cannot meet either, even when they agree:
///
/// ```compile_fail
/// use dfdx::prelude::*;
/// let dev = Cpu::default();
/// let x: Tensor<Rank2<3, 4>, f32, _> = dev.zeros();
/// let w: Tensor<(usize, usize), f32, _> = dev.zeros_like(&(4, 2));
/// let _ = x.matmul(w);
/// ```
///
/// The compiling twin of both: sizes that agree, and the run-time matrix realized first.
///
/// ```
/// use dfdx::prelude::*;
/// let dev = Cpu::default();
/// let x: Tensor<Rank2<3, 4>, f32, _> = dev.zeros();
/// let v: Tensor<Rank2<4, 2>, f32, _> = dev.zeros();
/// let w: Tensor<(usize, usize), f32, _> = dev.zeros_like(&(4, 2));
/// let y: Tensor<Rank2<3, 2>, f32, _> = x.clone().matmul(v);
/// let z: Tensor<Rank2<3, 2>, f32, _> = x.matmul(w.realize::<Rank2<4, 2>>());
/// assert_eq!(y.array(), z.array());
/// ```
pub const SHAPES_ARE_CHECKED_BY_THE_COMPILER: () = ();
// ANCHOR_END: compile_fail

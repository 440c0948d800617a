//! # p02 · A simple addition function
//!
//! **Question.** Write a function that adds two numbers, in TensorFlow 2 style: run it eagerly,
//! then as a compiled `tf.function`.
//!
//! **Answer.** dfdx runs every operation eagerly: `a + b` on two tensors computes the result at
//! once, as TF2's eager mode and PyTorch do, and eager is all it has. `tf.function` traces Python
//! into a graph (once per input signature), optimises the graph (constant folding, fused kernels
//! through Grappler, or XLA with `jit_compile=True`) and can export it; dfdx has no graph mode, no
//! fusion and nothing to export. The lesson's generic `fn add<T: Add>` is no counterpart of it:
//! the compiler writes one copy of it per type it is called with (monomorphisation), calling that
//! type's `+` directly (static dispatch). That makes `+` on integers, floats and tensors one
//! function, but each tensor `+` is still its own eager kernel call.
//! dfdx has no integer `+` either: adding `i32` tensors through `f32` is exact only up to 2^24.
//!
//! Run it with `cargo xtask run p02`.

use dfdx::prelude::*;
use std::io::{self, Write};
use std::ops::Add;

#[cfg_attr(feature = "answers", path = "../../../answers/p02-add-function.rs")]
pub mod exercises;

// ANCHOR: add
/// Adds two values of any type that has `+`: integers, floats, and dfdx tensors alike.
///
/// The compiler writes one copy of this function for every `T` it is used with
/// (monomorphisation), in which `+` is a direct call to `T`'s `Add` (static dispatch): `add(3, 4)`
/// is as fast as `3 + 4` written by hand. For a tensor that call runs one eager dfdx kernel. This
/// is not `tf.function`: nothing is traced into a graph, and no operations are fused.
pub fn add<T: Add<Output = T>>(a: T, b: T) -> T {
    a + b
}
// ANCHOR_END: add

/// Prints the lesson: eager tensor addition, then the generic function on several types.
pub fn walkthrough(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "p02 · A simple addition function")?;
    writeln!(out)?;

    // ANCHOR: eager
    let dev = AutoDevice::default();
    let a = dev.tensor(1.0f32);
    let b = dev.tensor(2.0f32);
    let c = a + b; // computed right here: there is no graph and no session
    let xs = dev.tensor([1.0f32, 2.0, 3.0]);
    let ys = dev.tensor([10.0f32, 20.0, 30.0]);
    let zs = xs.clone() + ys.clone();
    // ANCHOR_END: eager
    writeln!(
        out,
        "Eager, on f32 tensors (the default in TF2 and in PyTorch):"
    )?;
    writeln!(out, "  tensor(1.0) + tensor(2.0) = {:.1}", c.array())?;
    writeln!(
        out,
        "  {:?} + {:?} = {:?}",
        xs.array(),
        ys.array(),
        zs.array()
    )?;
    writeln!(out)?;

    // ANCHOR: generic
    let seven = add(3, 4);
    let three = add(1.0f64, 2.0);
    let tensors = add(xs, ys);
    // ANCHOR_END: generic
    writeln!(
        out,
        "One generic function, compiled once per type it is called with:"
    )?;
    writeln!(
        out,
        "  add::<{}>(3, 4) = {seven}",
        kit::short_type_name::<i32>()
    )?;
    writeln!(
        out,
        "  add::<{}>(1.0, 2.0) = {three:.1}",
        kit::short_type_name::<f64>()
    )?;
    writeln!(
        out,
        "  add::<{}>(..) = {:?}",
        kit::short_type_name::<Tensor<Rank1<3>, f32, AutoDevice>>(),
        tensors.array()
    )?;
    writeln!(out)?;

    // ANCHOR: integers
    // Integer tensors can be created, and reductions such as `sum` work on them ...
    let ints = dev.tensor([3i32, 4]);
    let total: i32 = ints.clone().sum::<Rank0, _>().array();
    // ... but `ints.clone() + ints` does not compile: dfdx's arithmetic kernels are float-only.
    // ANCHOR_END: integers
    writeln!(out, "Integer tensors store and reduce, but have no `+`:")?;
    writeln!(out, "  tensor([3, 4]).sum() = {total}")?;
    writeln!(out, "  tensor([3, 4]) + tensor([3, 4])   does not compile")?;
    writeln!(out)?;

    // ANCHOR: through_f32
    // The obvious workaround converts to f32, adds, and converts back. An f32 has a 24-bit
    // significand, so above 2^24 = 16,777,216 it cannot hold every integer: 16,777,217 is stored
    // as 16,777,216, and the sum comes back wrong without any error.
    let big = dev.tensor([16_777_217i32]);
    let one = dev.tensor([1i32]);
    let via_f32 = (big.to_dtype::<f32>() + one.to_dtype::<f32>()).to_dtype::<i32>();
    // ANCHOR_END: through_f32
    writeln!(
        out,
        "Adding integer tensors through f32 is exact only up to 2^24 = 16,777,216:"
    )?;
    writeln!(
        out,
        "  16777217 + 1 through f32 = {}   (the true sum is 16777218; see exercise 2)",
        via_f32.array()[0]
    )?;
    Ok(())
}

// ANCHOR: no_integer_add
/// dfdx has no integer addition: this doc test proves that the line below is rejected by the
/// compiler, so the claim in the lesson stays true for the dfdx version in `Cargo.lock`.
///
/// ```compile_fail
/// use dfdx::prelude::*;
/// let dev = Cpu::default();
/// let ints = dev.tensor([3i32, 4]);
/// let _ = ints.clone() + ints;
/// ```
///
/// The same line with `f32` elements compiles:
///
/// ```
/// use dfdx::prelude::*;
/// let dev = Cpu::default();
/// let floats = dev.tensor([3.0f32, 4.0]);
/// assert_eq!((floats.clone() + floats).array(), [6.0, 8.0]);
/// ```
pub const INTEGER_TENSORS_HAVE_NO_ADD: () = ();
// ANCHOR_END: no_integer_add

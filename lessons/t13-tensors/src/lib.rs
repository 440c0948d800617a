//! # t13 · Tensors
//!
//! **Question.** Why do tensors matter in PyTorch?
//!
//! **Answer.** A tensor is an n-dimensional array of numbers of one element type, and it is the
//! one data structure of a deep-learning framework: inputs, weights, activations, losses and
//! gradients are all tensors, every operation takes tensors and returns one, and a tensor can
//! record the operations it goes through, so that gradients come out automatically. dfdx's
//! `Tensor<S, E, D>` holds the same idea with the shape `S`, the element type `E` and the device
//! `D` as type parameters, so that the compiler knows what PyTorch learns only at run time. This
//! lesson puts each dfdx operation beside the PyTorch line that does the same: creation, dtype
//! and shape, broadcasting (explicit in dfdx), reshape and permute, indexing and selecting,
//! reductions, conversion back to Rust arrays and `Vec`s, and autograd. It also shows where dfdx
//! 0.13 differs or fails: integer tensors have no `+` (p02), `max` gives every tied element the
//! whole gradient, and `slice`'s backward pass overwrites the gradient of its input instead of
//! adding to it, which `gather` with index tensors avoids.
//!
//! Run it with `cargo xtask run t13`.

use dfdx::prelude::*;
use std::io::{self, Write};

#[cfg_attr(feature = "answers", path = "../../../answers/t13-tensors.rs")]
pub mod exercises;

/// The seed of the lesson's random tensors.
pub const SEED: u64 = 0;

/// A tensor on the CPU that records its operations on a tape, the tensors that autograd sees:
/// `Traced<Rank1<6>>` is PyTorch's 6-element tensor with `requires_grad=True`.
pub type Traced<S> = Tensor<S, f32, Cpu, OwnedTape<f32, Cpu>>;

/// The lesson's running example, `[[1, 2, 3], [4, 5, 6]]`: 2 rows and 3 columns of `f32`.
pub type Matrix = Tensor<Rank2<2, 3>, f32, Cpu>;

/// A 2 × 2 tensor of `f32`, what the lesson's selections return.
pub type Matrix2x2 = Tensor<Rank2<2, 2>, f32, Cpu>;

/// Where the result column starts: after two spaces and a PyTorch expression of up to 30
/// characters. A longer expression gets a line of its own, its result the line below.
const LEFT: usize = 34;

/// Prints a section's title, after a blank line.
fn heading(out: &mut dyn Write, title: &str) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "{title}")
}

/// Prints one row: a PyTorch expression, and what the dfdx line commented with it computed.
fn row(out: &mut dyn Write, torch: &str, result: &str) -> io::Result<()> {
    let torch = format!("  {torch}");
    if torch.chars().count() + 2 > LEFT {
        writeln!(out, "{torch}")?;
        writeln!(out, "{:LEFT$}{result}", "")
    } else {
        writeln!(out, "{torch:<LEFT$}{result}")
    }
}

/// One number with `decimals` decimals, without the sign of a negative zero.
fn number(value: f32, decimals: usize) -> String {
    let shown = format!("{value:.decimals$}");
    if shown
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        shown.trim_start_matches('-').to_string()
    } else {
        shown
    }
}

/// Row-major `values` of a tensor whose sizes are `dims`, written as nested brackets with
/// `decimals` decimals: `[[1, 2, 3], [4, 5, 6]]`.
pub fn nested(values: &[f32], dims: &[usize], decimals: usize) -> String {
    match dims.split_first() {
        None => number(values[0], decimals),
        Some((&n, inner)) => {
            let size: usize = inner.iter().product();
            let parts: Vec<String> = (0..n)
                .map(|i| nested(&values[i * size..(i + 1) * size], inner, decimals))
                .collect();
            format!("[{}]", parts.join(", "))
        }
    }
}

/// A tensor of any shape, traced or not, as nested brackets (see [`nested`]).
pub fn show<S: Shape, T>(tensor: &Tensor<S, f32, Cpu, T>, decimals: usize) -> String {
    nested(
        &tensor.as_vec(),
        tensor.shape().concrete().as_ref(),
        decimals,
    )
}

/// The lesson's running example.
pub fn example(dev: &Cpu) -> Matrix {
    dev.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
}

// ANCHOR: slice_trap
/// `Σ (x[i+1] - x[i])²`, the roughness of a sequence, built from two slices of `x`, as PyTorch
/// would write it: `((x[1:] - x[:-1]) ** 2).sum()`. Its value is right and its gradient is not.
pub fn roughness_by_slicing<const N: usize>(x: Traced<Rank1<N>>) -> Traced<Rank0> {
    let later = x.with_empty_tape().slice((1..,)); // x[1:]
    let earlier = x.slice((..N - 1,)); // x[:-1]
    (later - earlier).square().sum()
}

/// The same sum, with the two shifted copies of `x` gathered by index: `x[[1, 2, …, N-1]]` and
/// `x[[0, 1, …, N-2]]`. `gather`'s backward pass adds, so the gradient is right.
pub fn roughness_by_gathering<const N: usize>(x: Traced<Rank1<N>>) -> Traced<Rank0> {
    let dev = x.device().clone();
    let later_indices = dev.tensor(((1..N).collect::<Vec<usize>>(), (N - 1,)));
    let earlier_indices = dev.tensor(((0..N - 1).collect::<Vec<usize>>(), (N - 1,)));
    let later = x.with_empty_tape().gather(later_indices);
    let earlier = x.gather(earlier_indices);
    (later - earlier).square().sum()
}
// ANCHOR_END: slice_trap

/// The gradient of `Σ (x[i+1] - x[i])²` worked out by hand, in `f64`: element j gets
/// `2 (x[j] - x[j-1])` from the difference that ends at j and `-2 (x[j+1] - x[j])` from the one
/// that starts there.
pub fn roughness_gradient(x: &[f32]) -> Vec<f64> {
    let x: Vec<f64> = x.iter().map(|&v| f64::from(v)).collect();
    let n = x.len();
    (0..n)
        .map(|j| {
            let from_left = if j > 0 { 2.0 * (x[j] - x[j - 1]) } else { 0.0 };
            let from_right = if j + 1 < n {
                -2.0 * (x[j + 1] - x[j])
            } else {
                0.0
            };
            from_left + from_right
        })
        .collect()
}

// ANCHOR: gradient
/// The value of `loss(x)` and its gradient with respect to `x`, by autograd.
pub fn gradient<const N: usize>(
    x: &Tensor<Rank1<N>, f32, Cpu>,
    loss: impl FnOnce(Traced<Rank1<N>>) -> Traced<Rank0>,
) -> (f32, Vec<f32>) {
    let value = loss(x.leaky_trace());
    let at = value.array();
    let grads = value.backward();
    (at, grads.get(x).as_vec())
}
// ANCHOR_END: gradient

/// Prints the lesson: each group of tensor operations, every result beside the PyTorch
/// expression that gives it.
pub fn walkthrough(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "t13 · Tensors")?;
    writeln!(out)?;
    writeln!(
        out,
        "Left, a PyTorch expression; right, what dfdx computed on the line of src/lib.rs"
    )?;
    writeln!(
        out,
        "commented with it. x is the 2 × 3 tensor [[1, 2, 3], [4, 5, 6]] of f32 throughout."
    )?;

    // ANCHOR: creation
    let dev = Cpu::seed_from_u64(SEED); // torch.manual_seed(0)
    let zeros: Tensor<Rank2<2, 3>, f32, Cpu> = dev.zeros(); // torch.zeros(2, 3)
    let ones: Tensor<Rank1<3>, f32, Cpu> = dev.ones(); // torch.ones(3)

    // torch.tensor([[1., 2., 3.], [4., 5., 6.]])
    let x: Matrix = dev.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
    let counted: Vec<f32> = (0..6).map(|i| i as f32).collect();
    let from_vec: Matrix = dev.tensor(counted); // torch.arange(6.).reshape(2, 3)
    let n = 4; // a length known only at run time: the shape is `(usize,)`
    let halves = dev.tensor((vec![0.5f32; n], (n,))); // torch.full((n,), 0.5)
    let normal: Tensor<Rank1<4>, f32, Cpu> = dev.sample_normal(); // torch.randn(4)
    let uniform: Tensor<Rank1<4>, f32, Cpu> = dev.sample_uniform(); // u = torch.rand(4)

    // ANCHOR_END: creation
    heading(out, "Creation")?;
    row(out, "torch.zeros(2, 3)", &show(&zeros, 0))?;
    row(out, "torch.ones(3)", &show(&ones, 0))?;
    row(
        out,
        "torch.tensor([[1., 2., 3.], [4., 5., 6.]])",
        &show(&x, 0),
    )?;
    row(out, "torch.arange(6.).reshape(2, 3)", &show(&from_vec, 0))?;
    row(out, "torch.full((n,), 0.5), n = 4", &show(&halves, 1))?;
    row(out, "torch.randn(4)", &show(&normal, 2))?;
    row(out, "u = torch.rand(4)", &show(&uniform, 2))?;
    writeln!(
        out,
        "  (seed {SEED}: the same distributions as torch's, another generator, other numbers)"
    )?;

    // ANCHOR: dtype
    let shape = x.shape().concrete(); // x.shape
    let count = x.shape().num_elements(); // x.numel()
    let doubles = x.clone().to_dtype::<f64>(); // x.to(torch.float64)
    let unannotated = dev.tensor([1.5, 2.5]); // torch.tensor([1.5, 2.5])
    let integers = dev.tensor([1, 2, 3]); // i = torch.tensor([1, 2, 3])
    let integer_sum: i32 = integers.clone().sum::<Rank0, _>().array(); // i.sum()

    // `integers.clone() + integers` does not compile in dfdx 0.13: see p02.
    let above_half = uniform.clone().gt(0.5); // u > 0.5

    // ANCHOR_END: dtype
    heading(out, "Type, dtype and shape")?;
    row(out, "type(x)", &kit::short_type_name_of_val(&x))?;
    row(out, "x.shape", &format!("{shape:?}"))?;
    row(out, "x.numel()", &count.to_string())?;
    row(out, "x.to(torch.float64).dtype", &element_type(&doubles))?;
    row(
        out,
        "torch.tensor([1.5, 2.5]).dtype",
        &format!("{} (torch: float32)", element_type(&unannotated)),
    )?;
    row(
        out,
        "i = torch.tensor([1, 2, 3])",
        &format!("dtype {} (torch: int64)", element_type(&integers)),
    )?;
    row(out, "i.sum()", &integer_sum.to_string())?;
    row(out, "i + i", "does not compile in dfdx 0.13 (p02)")?;
    row(
        out,
        "u > 0.5",
        &format!("{:?}, {}", above_half.array(), element_type(&above_half)),
    )?;

    // ANCHOR: broadcast
    let b: Tensor<Rank1<3>, f32, Cpu> = dev.tensor([10.0, 20.0, 30.0]);
    let c: Tensor<Rank1<2>, f32, Cpu> = dev.tensor([100.0, 200.0]);
    let plus_b = x.clone() + b.broadcast(); // x + b
    let plus_c = x.clone() + c.broadcast(); // x + c[:, None]
    let doubled = x.clone() * 2.0; // x * 2
    let column_means = x.clone().mean::<Rank1<3>, _>(); // x.mean(dim=0)
    let centred = x.clone() - column_means.broadcast(); // x - x.mean(dim=0)

    // ANCHOR_END: broadcast
    heading(
        out,
        "Broadcasting, with b = [10, 20, 30] and c = [100, 200]",
    )?;
    row(out, "x + b", &show(&plus_b, 0))?;
    row(out, "x + c[:, None]", &show(&plus_c, 0))?;
    row(out, "x * 2", &show(&doubled, 0))?;
    row(out, "x - x.mean(dim=0)", &show(&centred, 1))?;

    // ANCHOR: reshape
    let reshaped = x.clone().reshape::<Rank2<3, 2>>(); // x.reshape(3, 2)
    let flat = x.clone().reshape::<Rank1<6>>(); // x.reshape(6)
    let transposed = x.clone().permute::<Rank2<3, 2>, _>(); // x.T, or x.permute(1, 0)
    let viewed = std::ptr::eq(&x[[0, 1]], &transposed[[1, 0]]); // x.T.data_ptr() == x.data_ptr()
    let copied = transposed.clone().reshape::<Rank1<6>>(); // x.T.reshape(6)
    let copied_is_view = std::ptr::eq(&x[[0, 0]], &copied[[0]]);
    let cube: Tensor<Rank3<2, 3, 4>, f32, Cpu> = dev.zeros(); // t = torch.zeros(2, 3, 4)
    let turned = cube.permute::<Rank3<4, 2, 3>, _>(); // t.permute(2, 0, 1)

    // ANCHOR_END: reshape
    heading(out, "Reshape and permute")?;
    row(out, "x.reshape(3, 2)", &show(&reshaped, 0))?;
    row(out, "x.reshape(6)", &show(&flat, 0))?;
    row(out, "x.T, or x.permute(1, 0)", &show(&transposed, 0))?;
    let view_or_copy = |shares: bool| if shares { "a view" } else { "a copy" };
    row(
        out,
        "x.T.data_ptr() == x.data_ptr()",
        &format!("{viewed}: x.T is {} of x", view_or_copy(viewed)),
    )?;
    row(
        out,
        "x.T.reshape(6)",
        &format!("{}, {}", show(&copied, 0), view_or_copy(copied_is_view)),
    )?;
    row(
        out,
        "t.permute(2, 0, 1).shape",
        &format!("{:?}, from [2, 3, 4]", turned.shape().concrete()),
    )?;

    // ANCHOR: indexing
    let element: f32 = x[[1, 2]]; // x[1, 2] (CPU tensors only)
    let second_row = x.clone().select(dev.tensor(1)); // x[1]
    let one_per_row = x.clone().select(dev.tensor([2, 0])); // x[[0, 1], [2, 0]]
    let rows = x.clone().gather(dev.tensor([1, 1, 0])); // x[[1, 1, 0]]

    // x.gather(1, torch.tensor([[2, 0], [1, 1]]))
    let per_row: Matrix2x2 = x.clone().gather(dev.tensor([[2, 0], [1, 1]]));
    let window = x.clone().slice((.., 1..3)); // x[:, 1:3]
    let window: Matrix2x2 = window.realize(); // its shape was (Const<2>, usize)

    // ANCHOR_END: indexing
    heading(out, "Indexing and selecting")?;
    row(out, "x[1, 2]", &number(element, 0))?;
    row(out, "x[1]", &show(&second_row, 0))?;
    row(out, "x[[0, 1], [2, 0]]", &show(&one_per_row, 0))?;
    row(out, "x[[1, 1, 0]]", &show(&rows, 0))?;
    row(
        out,
        "x.gather(1, torch.tensor([[2, 0], [1, 1]]))",
        &show(&per_row, 0),
    )?;
    row(out, "x[:, 1:3]", &show(&window, 0))?;

    // ANCHOR: reductions
    let column_sums = x.clone().sum::<Rank1<3>, _>(); // x.sum(dim=0)
    let row_means = x.clone().mean::<Rank1<2>, _>(); // x.mean(dim=1)
    let row_maxima = x.clone().max::<Rank1<2>, _>(); // x.amax(dim=1)
    let column_stds = x.clone().stddev::<Rank1<3>, _>(0.0); // x.std(dim=0, correction=0)
    let total = x.clone().sum::<Rank0, _>(); // x.sum()
    let mean = x.clone().mean::<Rank0, _>(); // x.mean()

    // ANCHOR_END: reductions
    heading(out, "Reductions")?;
    row(out, "x.sum(dim=0)", &show(&column_sums, 0))?;
    row(out, "x.mean(dim=1)", &show(&row_means, 0))?;
    row(out, "x.amax(dim=1)", &show(&row_maxima, 0))?;
    row(out, "x.std(dim=0, correction=0)", &show(&column_stds, 1))?;
    row(out, "x.sum()", &show(&total, 0))?;
    row(out, "x.mean()", &show(&mean, 1))?;

    // ANCHOR: convert
    let nested_array: [[f32; 3]; 2] = x.array(); // x.tolist()
    let row_major: Vec<f32> = x.as_vec(); // x.flatten().tolist()
    let transposed_vec: Vec<f32> = transposed.as_vec(); // x.T.flatten().tolist()
    let scalar: f32 = total.array(); // x.sum().item()

    // ANCHOR_END: convert
    heading(out, "Back to Rust values")?;
    row(
        out,
        "x.tolist()",
        &format!(
            "{nested_array:?}: {}",
            kit::short_type_name_of_val(&nested_array)
        ),
    )?;
    row(
        out,
        "x.flatten().tolist()",
        &format!("{row_major:?}: {}", kit::short_type_name_of_val(&row_major)),
    )?;
    row(
        out,
        "x.T.flatten().tolist()",
        &format!("{transposed_vec:?}"),
    )?;
    row(
        out,
        "x.sum().item()",
        &format!("{scalar:?}: {}", kit::short_type_name_of_val(&scalar)),
    )?;

    // ANCHOR: autograd
    let w: Tensor<Rank1<3>, f32, Cpu> = dev.tensor([1.0, 2.0, 3.0]);
    let traced = w.leaky_trace(); // w.requires_grad_()
    let y = (traced.with_empty_tape().square() + traced * 3.0).sum(); // y = (w**2 + 3*w).sum()
    let y_value: f32 = y.array(); // y.item()
    let grads = y.backward(); // y.backward()
    let dy_dw = grads.get(&w); // w.grad

    // ANCHOR_END: autograd
    heading(out, "Autograd, with w = [1, 2, 3]")?;
    row(
        out,
        "w.requires_grad_()",
        &format!(
            "the tape {} becomes {}",
            tape_type(&w),
            tape_type::<_, _, OwnedTape<f32, Cpu>>(&w.leaky_trace())
        ),
    )?;
    row(out, "y = (w**2 + 3*w).sum()", &number(y_value, 0))?;
    row(
        out,
        "y.backward(); w.grad",
        &format!("{}, which is 2w + 3", show(&dy_dw, 0)),
    )?;

    // ANCHOR: max_tie
    let v: Tensor<Rank1<3>, f32, Cpu> = dev.tensor([1.0, 3.0, 3.0]);
    let (_, through_max) = gradient(&v, |v| v.max::<Rank0, _>()); // v.amax().backward(); v.grad

    // ANCHOR_END: max_tie
    row(
        out,
        "v.amax().backward(); v.grad",
        &format!(
            "{} at v = [1, 3, 3] (torch: [0, 0.5, 0.5])",
            nested(&through_max, &[3], 0)
        ),
    )?;

    // ANCHOR: slice_run
    let x: Tensor<Rank1<6>, f32, Cpu> = dev.tensor([0.0, 1.0, 4.0, 9.0, 16.0, 25.0]);
    let (sliced_value, by_slicing) = gradient(&x, roughness_by_slicing);
    let (gathered_value, by_gathering) = gradient(&x, roughness_by_gathering);
    let by_hand: Vec<f32> = roughness_gradient(&x.as_vec())
        .iter()
        .map(|&g| g as f32)
        .collect();
    // ANCHOR_END: slice_run
    heading(out, "The slice trap, with x = [0, 1, 4, 9, 16, 25]")?;
    row(
        out,
        "((x[1:] - x[:-1])**2).sum()",
        &format!(
            "{} by slicing, {} by gathering",
            number(sliced_value, 0),
            number(gathered_value, 0)
        ),
    )?;
    row(
        out,
        "x.grad, in torch and by hand",
        &nested(&by_hand, &[6], 0),
    )?;
    let verdict = |grad: &[f32]| {
        let verdict = if grad == by_hand.as_slice() {
            "right"
        } else {
            "WRONG"
        };
        format!("{:<26}{verdict}", nested(grad, &[6], 0))
    };
    row(out, "  dfdx's, by slicing", &verdict(&by_slicing))?;
    row(out, "  dfdx's, by gathering", &verdict(&by_gathering))?;
    Ok(())
}

/// The name of a tensor's element type: `f32`, `i32`, `bool`.
fn element_type<S: Shape, E: Unit, T>(_: &Tensor<S, E, Cpu, T>) -> String {
    kit::short_type_name::<E>()
}

/// The name of a tensor's tape type: `NoneTape` or `OwnedTape<f32, Cpu>`.
fn tape_type<S: Shape, E: Unit, T>(_: &Tensor<S, E, Cpu, T>) -> String {
    kit::short_type_name::<T>()
}

#[cfg(test)]
mod tests {
    use super::{nested, number};

    #[test]
    fn nested_writes_row_major_values_as_brackets() {
        let values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        assert_eq!(nested(&values, &[2, 3], 0), "[[1, 2, 3], [4, 5, 6]]");
        assert_eq!(
            nested(&values, &[3, 2], 1),
            "[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]"
        );
        assert_eq!(nested(&values, &[6], 0), "[1, 2, 3, 4, 5, 6]");
        assert_eq!(nested(&[2.5], &[], 1), "2.5");
    }

    #[test]
    fn a_negative_zero_prints_without_its_sign() {
        assert_eq!(number(-0.0, 1), "0.0");
        assert_eq!(number(-0.0004, 2), "0.00");
        assert_eq!(number(-0.5, 0), "0");
        assert_eq!(number(-1.5, 1), "-1.5");
    }
}

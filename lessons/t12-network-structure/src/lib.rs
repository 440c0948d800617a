//! # t12 · The structure of a network
//!
//! **Question.** What is the basic structure of a PyTorch neural network?
//!
//! **Answer.** A PyTorch network is a class derived from `nn.Module` with two methods:
//! `__init__` creates the layers and assigns them to attributes (`self.fc1 = nn.Linear(784,
//! 64)`), which also registers their weights under those names, and `forward` says how an input
//! flows through them (`fc2(relu(fc1(x)))`). In dfdx the network is a struct, [`Net`], whose
//! fields are the layers, and two trait impls play the two methods. `TensorCollection` names each
//! field: it is the registration that PyTorch's attribute assignment does behind your back, and
//! from it dfdx builds the weights (`Net::build(&dev)`), counts them, zeroes their gradients,
//! updates and saves them. `Module` is `forward`, with the shapes in its signature: a batch of
//! `(B, 784)` in, `(B, 10)` logits out. [`kit::inspect::named_parameters`] lists what the
//! registration found, as `model.named_parameters()` does: `fc1.weight` 64×784, `fc1.bias` 64,
//! `fc2.weight` 10×64, `fc2.bias` 10, 50,890 numbers in all.
//!
//! Run it with `cargo xtask run t12`.

use dfdx::nn::modules;
use dfdx::prelude::*;
use kit::inspect::{named_parameters, NamedParameter};
use kit::thousands;
use std::io::{self, Write};

#[cfg_attr(
    feature = "answers",
    path = "../../../answers/t12-network-structure.rs"
)]
pub mod exercises;

// ANCHOR: net
/// PyTorch's `class Net(nn.Module)`. The fields are what `__init__` assigns to `self`: two
/// fully connected layers, each holding a weight matrix and a bias vector. `E` is the type of
/// the numbers (`f32` here) and `D` the device that holds them.
#[derive(Debug, Clone)]
pub struct Net<E: Dtype, D: Device<E>> {
    /// `self.fc1 = nn.Linear(784, 64)`: 784 pixels in, 64 hidden units out.
    pub fc1: modules::Linear<784, 64, E, D>,
    /// `self.fc2 = nn.Linear(64, 10)`: 64 hidden units in, one logit per digit out.
    pub fc2: modules::Linear<64, 10, E, D>,
}
// ANCHOR_END: net

// ANCHOR: register
/// The registration half of `__init__`: each field under its name. dfdx walks this list to
/// build, count, update, zero and save the weights, and `Net::build(&dev)` comes with it.
impl<D: Device<f32>> TensorCollection<f32, D> for Net<f32, D> {
    /// The same network with other numbers or on another device (`to_dtype`, `to_device`).
    type To<E2: Dtype, D2: Device<E2>> = Net<E2, D2>;

    fn iter_tensors<V: ModuleVisitor<Self, f32, D>>(
        visitor: &mut V,
    ) -> Result<Option<Self::To<V::E2, V::D2>>, V::Err> {
        visitor.visit_fields(
            (
                // The name, then how to reach the field by `&` and by `&mut`.
                Self::module("fc1", |net| &net.fc1, |net| &mut net.fc1),
                Self::module("fc2", |net| &net.fc2, |net| &mut net.fc2),
            ),
            // How to put a network together from its visited fields: building uses it.
            |(fc1, fc2)| Net { fc1, fc2 },
        )
    }
}
// ANCHOR_END: register

// ANCHOR: forward
/// `forward(self, x)`: `fc2(relu(fc1(x)))` on a batch of `B` rows of 784 pixels, `B` fixed at
/// compile time (`Const<32>`) or at run time (`usize`). `T` is the tape: the same code runs
/// with one (training) and without (evaluation).
impl<B: Dim, D: Device<f32>, T: Tape<f32, D>> Module<Tensor<(B, Const<784>), f32, D, T>>
    for Net<f32, D>
{
    type Output = Tensor<(B, Const<10>), f32, D, T>;
    type Error = D::Err;

    fn try_forward(&self, x: Tensor<(B, Const<784>), f32, D, T>) -> Result<Self::Output, D::Err> {
        let hidden = self.fc1.try_forward(x)?.try_relu()?;
        self.fc2.try_forward(hidden)
    }
}

/// `forward` changes nothing inside the network, so training's `forward_mut` may be the same:
/// this marker gives `Net` a `ModuleMut` that calls `forward`.
impl<E: Dtype, D: Device<E>> NonMutableModule for Net<E, D> {}
// ANCHOR_END: forward

/// The same layers as a tuple, for comparison: what `nn.Sequential(nn.Linear(784, 64),
/// nn.ReLU(), nn.Linear(64, 10))` is in PyTorch.
pub type SequentialNet = ((Linear<784, 64>, ReLU), Linear<64, 10>);

/// Seeds the initial weights, so that every run lists the same numbers.
pub const SEED: u64 = 0;

/// Rows of the batch that the walkthrough runs forward.
const ROWS: usize = 3;

// ANCHOR: by_hand
/// `forward` recomputed on the host in `f64`, from the tensors [`named_parameters`] lists:
/// `W₂·relu(W₁·x + b₁) + b₂` for each row of `inputs` (784 values per row). Each weight matrix
/// is stored `[outputs, inputs]`, row after row, as in PyTorch.
pub fn forward_on_host(parameters: &[NamedParameter<f32>], inputs: &[f32]) -> Vec<f64> {
    let find = |name: &str| {
        let found = parameters.iter().find(|p| p.name == name);
        found.unwrap_or_else(|| panic!("the network has no parameter `{name}`"))
    };
    let (w1, b1, w2, b2) = (
        find("fc1.weight"),
        find("fc1.bias"),
        find("fc2.weight"),
        find("fc2.bias"),
    );
    inputs
        .chunks_exact(784)
        .flat_map(|x| {
            let hidden = affine(&w1.values, &b1.values, x.iter().map(|&v| f64::from(v)));
            let hidden: Vec<f64> = hidden.into_iter().map(|h| h.max(0.0)).collect();
            affine(&w2.values, &b2.values, hidden.into_iter())
        })
        .collect()
}

/// `W·x + b` for one input vector, with `W` stored as `b.len()` rows of `x`'s length.
fn affine(w: &[f32], b: &[f32], x: impl Iterator<Item = f64> + Clone) -> Vec<f64> {
    let inputs = w.len() / b.len();
    (0..b.len())
        .map(|o| {
            let row = &w[o * inputs..(o + 1) * inputs];
            let dot: f64 = row
                .iter()
                .zip(x.clone())
                .map(|(&w, x)| f64::from(w) * x)
                .sum();
            dot + f64::from(b[o])
        })
        .collect()
}
// ANCHOR_END: by_hand

/// Prints the lesson: the network's parameters by name, the tuple's names beside them, and a
/// forward pass checked by hand.
pub fn walkthrough(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "t12 · The structure of a network")?;
    writeln!(out)?;

    // ANCHOR: build
    let dev = AutoDevice::seed_from_u64(SEED);
    let model = Net::<f32, AutoDevice>::build(&dev); // net = Net()
    let parameters = named_parameters(&model); // net.named_parameters()
                                               // ANCHOR_END: build
    writeln!(
        out,
        "Net::build(&dev), then its parameters as kit::inspect::named_parameters lists them:"
    )?;
    writeln!(
        out,
        "  {:<11} {:<10} {:>7}   initial values, from least to greatest",
        "name", "shape", "count"
    )?;
    for parameter in &parameters {
        let (low, high) = range(&parameter.values);
        writeln!(
            out,
            "  {:<11} {:<10} {:>7}   {low:+.4} … {high:+.4}",
            parameter.name,
            format!("{:?}", parameter.shape),
            thousands(parameter.count()),
        )?;
    }
    let total: usize = parameters.iter().map(NamedParameter::count).sum();
    writeln!(
        out,
        "  {:<23}{:>7}   (num_trainable_params() says {})",
        "total",
        thousands(total),
        thousands(model.num_trainable_params())
    )?;
    writeln!(
        out,
        "  1/√784 = {:.4} and 1/√64 = {:.4}: each layer draws from ±1/√(its inputs)",
        1.0 / 784f64.sqrt(),
        1.0 / 64f64.sqrt()
    )?;
    writeln!(out)?;

    let tuple = dev.build_module::<SequentialNet, f32>();
    let names: Vec<String> = named_parameters(&tuple)
        .into_iter()
        .map(|p| format!("{} {:?}", p.name, p.shape))
        .collect();
    writeln!(
        out,
        "The same layers as a tuple, ((Linear<784, 64>, ReLU), Linear<64, 10>), named by position:"
    )?;
    writeln!(out, "  {}", names.join(", "))?;
    writeln!(out)?;

    // ANCHOR: run
    let x: Tensor<Rank2<ROWS, 784>, f32, _> = dev.sample_uniform();
    let logits = model.forward(x.clone()); // net(x)
                                           // ANCHOR_END: run
    let by_hand = forward_on_host(&parameters, &x.as_vec());
    let largest_gap = logits
        .as_vec()
        .iter()
        .zip(&by_hand)
        .map(|(&got, &want)| (f64::from(got) - want).abs())
        .fold(0.0, f64::max);
    writeln!(
        out,
        "forward on {ROWS} inputs of uniform noise: x {:?} → logits {:?}",
        x.shape().concrete(),
        logits.shape().concrete()
    )?;
    for row in logits.as_vec().chunks_exact(10) {
        let shown: Vec<String> = row.iter().map(|v| format!("{v:+.3}")).collect();
        writeln!(out, "  {}", shown.join(" "))?;
    }
    let verdict = if largest_gap < 1e-5 {
        "agree to within 1e-5"
    } else {
        "DISAGREE"
    };
    writeln!(
        out,
        "  W₂·relu(W₁·x + b₁) + b₂ in f64, from the listed weights: {verdict}"
    )?;
    Ok(())
}

/// The least and the greatest of `values`.
fn range(values: &[f32]) -> (f32, f32) {
    values
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(low, high), &v| {
            (low.min(v), high.max(v))
        })
}

// ANCHOR: registration_is_checked
/// dfdx cannot forget a layer the way PyTorch can (a layer kept in a plain Python list is not
/// registered, and its weights are neither listed nor trained): the function that rebuilds the
/// struct from the visited fields has to produce every field. This doc test proves that leaving
/// `fc2` out of `iter_tensors` is rejected by the compiler:
///
/// ```compile_fail,E0063
/// use dfdx::nn::modules;
/// use dfdx::prelude::*;
///
/// struct Net<E: Dtype, D: Device<E>> {
///     fc1: modules::Linear<784, 64, E, D>,
///     fc2: modules::Linear<64, 10, E, D>,
/// }
///
/// impl<D: Device<f32>> TensorCollection<f32, D> for Net<f32, D> {
///     type To<E2: Dtype, D2: Device<E2>> = Net<E2, D2>;
///
///     fn iter_tensors<V: ModuleVisitor<Self, f32, D>>(
///         visitor: &mut V,
///     ) -> Result<Option<Self::To<V::E2, V::D2>>, V::Err> {
///         visitor.visit_fields(
///             (Self::module("fc1", |net| &net.fc1, |net| &mut net.fc1),),
///             |(fc1,)| Net { fc1 }, // error[E0063]: missing field `fc2`
///         )
///     }
/// }
/// ```
///
/// With `fc2` listed, the same code compiles, and the network builds with both layers:
///
/// ```
/// use dfdx::nn::modules;
/// use dfdx::prelude::*;
///
/// struct Net<E: Dtype, D: Device<E>> {
///     fc1: modules::Linear<784, 64, E, D>,
///     fc2: modules::Linear<64, 10, E, D>,
/// }
///
/// impl<D: Device<f32>> TensorCollection<f32, D> for Net<f32, D> {
///     type To<E2: Dtype, D2: Device<E2>> = Net<E2, D2>;
///
///     fn iter_tensors<V: ModuleVisitor<Self, f32, D>>(
///         visitor: &mut V,
///     ) -> Result<Option<Self::To<V::E2, V::D2>>, V::Err> {
///         visitor.visit_fields(
///             (
///                 Self::module("fc1", |net| &net.fc1, |net| &mut net.fc1),
///                 Self::module("fc2", |net| &net.fc2, |net| &mut net.fc2),
///             ),
///             |(fc1, fc2)| Net { fc1, fc2 },
///         )
///     }
/// }
///
/// let model = Net::<f32, Cpu>::build(&Cpu::default());
/// assert_eq!(model.num_trainable_params(), 50_890);
/// ```
pub const EVERY_LAYER_IS_REGISTERED: () = ();
// ANCHOR_END: registration_is_checked

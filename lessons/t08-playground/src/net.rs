//! A network whose shape is chosen at run time: dense layers with `usize` widths, an activation
//! picked from a list, and plain SGD with L2 regularisation written out for it.
//!
//! dfdx's `Linear<I, O>` fixes its widths at compile time, so a width read from the command line
//! cannot be one. A tensor of shape `(usize, usize)` can hold any width; what dfdx 0.13 cannot do
//! is count it among a module's weights: its `TensorCollection` visitor (behind `build_module`,
//! `alloc_grads`, `zero_grads`, every optimizer and every save format) takes each weight with a
//! `TensorOptions`, a struct marked `#[non_exhaustive]` whose only constructors require a
//! compile-time shape (`ConstShape`). So this network lists its weights itself, and the optimizer
//! step, which dfdx would take for a `TensorCollection`, is written out below.

use dfdx::optim::{Optimizer, OptimizerUpdateError};
use dfdx::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::fmt;

/// The activation between layers: Playground's four.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    /// max(0, x).
    Relu,
    /// tanh x, Playground's default.
    Tanh,
    /// 1 / (1 + e⁻ˣ).
    Sigmoid,
    /// x: no activation, so that the whole network is one linear map.
    Linear,
}

impl Activation {
    /// The four, in Playground's order.
    pub const ALL: [Activation; 4] = [
        Activation::Relu,
        Activation::Tanh,
        Activation::Sigmoid,
        Activation::Linear,
    ];

    /// Its name on the command line: `relu`, `tanh`, `sigmoid` or `linear`.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::Tanh => "tanh",
            Activation::Sigmoid => "sigmoid",
            Activation::Linear => "linear",
        }
    }

    /// The activation with this name, if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    // ANCHOR: activation
    /// Applies the activation to every element; the tape, if any, comes along.
    pub fn apply<S: Shape, D: Device<f32>, T: Tape<f32, D>>(
        self,
        x: Tensor<S, f32, D, T>,
    ) -> Tensor<S, f32, D, T> {
        match self {
            Activation::Relu => x.relu(),
            Activation::Tanh => x.tanh(),
            Activation::Sigmoid => x.sigmoid(),
            Activation::Linear => x,
        }
    }
    // ANCHOR_END: activation
}

impl fmt::Display for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

// ANCHOR: dense
/// A fully connected layer whose widths are values: `weight` is `outputs × inputs` (as in dfdx's
/// `Linear` and PyTorch's `nn.Linear`), `bias` has `outputs` entries.
#[derive(Debug, Clone)]
pub struct DenseLayer<D: Device<f32>> {
    /// One row of input weights per output.
    pub weight: Tensor<(usize, usize), f32, D>,
    /// One bias per output.
    pub bias: Tensor<(usize,), f32, D>,
}

impl<D: Device<f32>> DenseLayer<D> {
    /// `x · weightᵀ + bias` for a batch of rows: `(B, inputs)` in, `(B, outputs)` out. A row of
    /// the wrong width is caught here, at run time, by `matmul`'s shape check.
    pub fn forward<B: Dim, T: Tape<f32, D>>(
        &self,
        x: Tensor<(B, usize), f32, D, T>,
    ) -> Tensor<(B, usize), f32, D, T> {
        let rows = x.shape().0;
        let weight = self.weight.retaped::<T>().permute::<_, Axes2<1, 0>>();
        let bias = self.bias.retaped::<T>();
        x.matmul(weight) + bias.broadcast_like::<_, Axis<0>>(&(rows, self.outputs()))
    }
}
// ANCHOR_END: dense

impl<D: Device<f32>> DenseLayer<D> {
    /// The number of inputs.
    pub fn inputs(&self) -> usize {
        self.weight.shape().1
    }

    /// The number of outputs.
    pub fn outputs(&self) -> usize {
        self.weight.shape().0
    }
}

// ANCHOR: mlp
/// A multilayer perceptron from `IN` features to `OUT` logits through hidden layers whose number
/// and widths are chosen at run time, with one activation after each hidden layer.
#[derive(Debug, Clone)]
pub struct Mlp<const IN: usize, const OUT: usize, D: Device<f32>> {
    /// The layers, first to last; the last gives the logits.
    pub layers: Vec<DenseLayer<D>>,
    /// The activation after every layer but the last.
    pub activation: Activation,
}

impl<const IN: usize, const OUT: usize, D: Device<f32>> Mlp<IN, OUT, D> {
    /// A network with hidden layers of the given widths (none: logistic regression), every
    /// weight drawn uniformly from ±0.5 and every bias 0.1, as Playground starts, from a
    /// generator seeded with `seed`.
    ///
    /// # Panics
    ///
    /// If a width is 0.
    pub fn new(hidden: &[usize], activation: Activation, seed: u64, dev: &D) -> Self {
        assert!(
            hidden.iter().all(|&w| w > 0),
            "a layer has at least one unit"
        );
        let mut rng = StdRng::seed_from_u64(seed);
        let widths: Vec<usize> = [IN].into_iter().chain(hidden.iter().copied()).collect();
        let outputs = hidden.iter().copied().chain([OUT]);
        let layers = widths
            .into_iter()
            .zip(outputs)
            .map(|(inputs, outputs)| {
                let weights = (0..inputs * outputs)
                    .map(|_| rng.gen_range(-0.5..0.5))
                    .collect();
                DenseLayer {
                    weight: dev.tensor_from_vec(weights, (outputs, inputs)),
                    bias: dev.tensor_from_vec(vec![0.1; outputs], (outputs,)),
                }
            })
            .collect();
        Self { layers, activation }
    }
}
// ANCHOR_END: mlp

impl<const IN: usize, const OUT: usize, D: Device<f32>> Mlp<IN, OUT, D> {
    /// The widths of the hidden layers.
    pub fn hidden(&self) -> Vec<usize> {
        self.layers[..self.layers.len() - 1]
            .iter()
            .map(DenseLayer::outputs)
            .collect()
    }

    /// The number of weights and biases.
    pub fn parameters(&self) -> usize {
        self.layers
            .iter()
            .map(|layer| (layer.inputs() + 1) * layer.outputs())
            .sum()
    }
}

// ANCHOR: forward
impl<B: Dim, const IN: usize, const OUT: usize, D: Device<f32>, T: Tape<f32, D>>
    Module<Tensor<(B, Const<IN>), f32, D, T>> for Mlp<IN, OUT, D>
{
    type Output = Tensor<(B, Const<OUT>), f32, D, T>;
    type Error = D::Err;

    fn try_forward(&self, x: Tensor<(B, Const<IN>), f32, D, T>) -> Result<Self::Output, D::Err> {
        // From the compile-time width to a run-time one, and back at the end: `realize` only
        // relabels the shape (and checks it), the data and the tape stay.
        let mut x = x
            .try_realize::<(B, usize)>()
            .unwrap_or_else(|_| unreachable!("a compile-time width is a run-time width"));
        let (last, hidden) = self.layers.split_last().expect("a network has a layer");
        for layer in hidden {
            x = self.activation.apply(layer.forward(x));
        }
        let logits = last.forward(x);
        Ok(logits
            .try_realize::<(B, Const<OUT>)>()
            .unwrap_or_else(|_| panic!("the last layer has {OUT} outputs")))
    }
}

/// Training and evaluation take the same path: this network has no dropout or batch statistics.
impl<const IN: usize, const OUT: usize, D: Device<f32>> NonMutableModule for Mlp<IN, OUT, D> {}
// ANCHOR_END: forward

// ANCHOR: gradients
/// Gradients for `kit::train`'s loop. dfdx's `alloc_grads` pre-allocates one buffer per weight
/// and marks everything else temporary; that needs the weights' ids, which dfdx keeps to itself.
/// Here each step starts from an empty set of gradients instead: `backward` allocates what it
/// needs, and the whole set, temporaries included, is dropped after the step. (For the CPU only:
/// an implementation for every device `D` would collide with kit's own for dfdx's modules.)
impl<const IN: usize, const OUT: usize> kit::train::WeightGradients<Cpu> for Mlp<IN, OUT, Cpu> {
    fn alloc_grads(&self) -> Gradients<f32, Cpu> {
        Gradients::leaky()
    }

    fn zero_grads(&self, gradients: &mut Gradients<f32, Cpu>) {
        *gradients = Gradients::leaky();
    }
}
// ANCHOR_END: gradients

// ANCHOR: sgd
/// Stochastic gradient descent with L2 regularisation, Playground's optimizer: after each batch,
/// every weight `w` moves to `w - lr · (g + l2 · w)`, where `g` is its gradient; every bias to
/// `b - lr · g`. That is dfdx's `Sgd` with `weight_decay: Some(WeightDecay::L2(l2))`, except that
/// dfdx decays the biases too, and Playground (like this one) does not.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sgd {
    /// The learning rate.
    pub lr: f32,
    /// The L2 regularisation rate: the loss gains `l2 / 2 · Σ w²` over all weights.
    pub l2: f32,
}

impl<const IN: usize, const OUT: usize, D: Device<f32>> Optimizer<Mlp<IN, OUT, D>, D, f32> for Sgd {
    fn update(
        &mut self,
        mlp: &mut Mlp<IN, OUT, D>,
        gradients: &Gradients<f32, D>,
    ) -> Result<(), OptimizerUpdateError<D::Err>> {
        for layer in &mut mlp.layers {
            let g = gradients.get(&layer.weight);
            let w = layer.weight.clone();
            layer.weight = w.clone() - (g + w * self.l2) * self.lr;
            let g = gradients.get(&layer.bias);
            layer.bias = layer.bias.clone() - g * self.lr;
        }
        Ok(())
    }
}
// ANCHOR_END: sgd

#[cfg(test)]
mod tests {
    use super::*;
    use dfdx::optim::Sgd as DfdxSgd;

    type Twin = (Linear<2, 3>, Tanh, Linear<3, 2>);

    /// A run-time network holding the weights of a dfdx one.
    fn copy_of(built: &<Twin as BuildOnDevice<Cpu, f32>>::Built, dev: &Cpu) -> Mlp<2, 2, Cpu> {
        let layer = |weight: Vec<f32>, bias: Vec<f32>, shape: (usize, usize)| DenseLayer {
            weight: dev.tensor_from_vec(weight, shape),
            bias: dev.tensor_from_vec(bias, (shape.0,)),
        };
        Mlp {
            layers: vec![
                layer(built.0.weight.as_vec(), built.0.bias.as_vec(), (3, 2)),
                layer(built.2.weight.as_vec(), built.2.bias.as_vec(), (2, 3)),
            ],
            activation: Activation::Tanh,
        }
    }

    fn batch(dev: &Cpu) -> (Tensor<Rank2<4, 2>, f32, Cpu>, Tensor<Rank2<4, 2>, f32, Cpu>) {
        let x = dev.tensor([[0.5, -1.0], [2.0, 0.25], [-3.0, 1.5], [0.0, 4.0]]);
        let y = dev.tensor([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [1.0, 0.0]]);
        (x, y)
    }

    #[test]
    fn the_run_time_network_computes_what_dfdxs_const_network_computes() {
        let dev = Cpu::seed_from_u64(3);
        let twin = dev.build_module::<Twin, f32>();
        let mlp = copy_of(&twin, &dev);
        let (x, y) = batch(&dev);
        let expected = twin.forward(x.clone()).as_vec();
        let got = mlp.forward(x.clone()).as_vec();
        for (g, e) in got.iter().zip(&expected) {
            assert!((g - e).abs() < 1e-6, "{got:?} vs {expected:?}");
        }
        // And the same gradients.
        let loss = cross_entropy_with_logits_loss(twin.forward(x.clone().leaky_trace()), y.clone());
        let twin_grads = loss.backward();
        let loss = cross_entropy_with_logits_loss(mlp.forward(x.leaky_trace()), y);
        let mlp_grads = loss.backward();
        let pairs = [
            (
                twin_grads.get(&twin.0.weight).as_vec(),
                mlp_grads.get(&mlp.layers[0].weight).as_vec(),
            ),
            (
                twin_grads.get(&twin.2.bias).as_vec(),
                mlp_grads.get(&mlp.layers[1].bias).as_vec(),
            ),
        ];
        for (e, g) in pairs {
            for (g, e) in g.iter().zip(&e) {
                assert!((g - e).abs() < 1e-6, "{g} vs {e}");
            }
        }
    }

    #[test]
    fn sgd_with_l2_takes_dfdxs_step_on_weights_and_a_plain_step_on_biases() {
        let (lr, l2) = (0.1, 0.05);
        let dev = Cpu::seed_from_u64(4);
        let (x, y) = batch(&dev);
        let step_with_dfdx = |weight_decay| {
            // The same starting weights every time: a device seeded anew.
            let mut twin = Cpu::seed_from_u64(4).build_module::<Twin, f32>();
            let mut sgd = DfdxSgd::new(
                &twin,
                SgdConfig {
                    lr: f64::from(lr),
                    momentum: None,
                    weight_decay,
                },
            );
            let mut grads = twin.alloc_grads();
            let loss = cross_entropy_with_logits_loss(
                twin.forward_mut(x.clone().traced(grads)),
                y.clone(),
            );
            grads = loss.backward();
            sgd.update(&mut twin, &grads).unwrap();
            twin
        };
        let with_l2 = step_with_dfdx(Some(WeightDecay::L2(f64::from(l2))));
        let without = step_with_dfdx(None);

        let dev = Cpu::seed_from_u64(4);
        let mut mlp = copy_of(&dev.build_module::<Twin, f32>(), &dev);
        let mut grads = kit::train::WeightGradients::alloc_grads(&mlp);
        let loss = cross_entropy_with_logits_loss(mlp.forward_mut(x.traced(grads)), y);
        grads = loss.backward();
        Sgd { lr, l2 }.update(&mut mlp, &grads).unwrap();
        assert_eq!(mlp.layers[0].weight.as_vec(), with_l2.0.weight.as_vec());
        assert_eq!(mlp.layers[1].weight.as_vec(), with_l2.2.weight.as_vec());
        assert_eq!(mlp.layers[0].bias.as_vec(), without.0.bias.as_vec());
        assert_ne!(mlp.layers[0].bias.as_vec(), with_l2.0.bias.as_vec());
    }

    #[test]
    fn a_network_of_chosen_widths_has_playgrounds_start() {
        let dev = Cpu::default();
        let mlp = Mlp::<2, 2, Cpu>::new(&[4, 2], Activation::Relu, 7, &dev);
        assert_eq!(mlp.hidden(), [4, 2]);
        assert_eq!(mlp.parameters(), 3 * 4 + 5 * 2 + 3 * 2);
        let weights = mlp.layers[0].weight.as_vec();
        assert!(weights.iter().all(|w| (-0.5..0.5).contains(w)));
        assert!(mlp.layers[2].bias.as_vec().iter().all(|&b| b == 0.1));
        let logistic = Mlp::<2, 2, Cpu>::new(&[], Activation::Tanh, 7, &dev);
        assert_eq!((logistic.layers.len(), logistic.parameters()), (1, 6));
    }
}

//! Exercises for p07. Check them with `cargo xtask verify p07`; stuck, ask for a hint with
//! `cargo xtask hint p07`. Reference solutions: `answers/p07-loss-and-optimizer.rs`.
//!
//! Each parameter is marked `#[allow(unused_variables)]` only because the starting `todo!` does
//! not use it yet; the compiler still warns about anything else you compute and never use.

#[allow(unused_imports)] // for `adam_step`
use dfdx::optim::WeightDecay;
use dfdx::prelude::*;

/// Exercise `adam_step`: step `t` of Adam (1 for the first step), written by hand for one tensor.
/// It must change `param` exactly as dfdx's `Adam` with config `cfg` does, step after step, for
/// every field of the config: `lr`, both `betas`, `eps`, and each kind of `weight_decay`.
///
/// `moment1` and `moment2` are the state `Adam` keeps for the tensor, the running averages of the
/// gradient and of its square: zeros before the first step, and whatever your previous step left
/// in them after that. `grad` is the gradient of the loss at `param`'s current value.
pub fn adam_step<S: Shape>(
    #[allow(unused_variables)] param: &mut Tensor<S, f32, AutoDevice>,
    #[allow(unused_variables)] moment1: &mut Tensor<S, f32, AutoDevice>,
    #[allow(unused_variables)] moment2: &mut Tensor<S, f32, AutoDevice>,
    #[allow(unused_variables)] grad: Tensor<S, f32, AutoDevice>,
    #[allow(unused_variables)] t: i32,
    #[allow(unused_variables)] cfg: &AdamConfig,
) {
    // TODO: apply L2 weight decay to the gradient, update both moments, correct them for
    // starting at zero, move the parameter, and apply decoupled weight decay.
    todo!("one step of Adam: moments, bias correction, update, weight decay")
}

/// Exercise `smoothed_cross_entropy`: PyTorch's `nn.CrossEntropyLoss(label_smoothing=smoothing)`
/// applied to `logits` and class labels (one class per row), with dfdx's loss.
///
/// With smoothing ε, each row's target is no longer one-hot: every class gets ε/C, and the true
/// class gets 1 − ε on top of that, so that the row still sums to 1. The loss is the mean over
/// the rows of the cross-entropy between that target and the softmax of the row's logits. It must
/// keep the tape `T`, so that `backward()` works on it, and stay finite for large logits.
pub fn smoothed_cross_entropy<const B: usize, const C: usize, T: Tape<f32, AutoDevice>>(
    #[allow(unused_variables)] logits: Tensor<Rank2<B, C>, f32, AutoDevice, T>,
    #[allow(unused_variables)] labels: [usize; B],
    #[allow(unused_variables)] smoothing: f32,
) -> Tensor<Rank0, f32, AutoDevice, T> {
    // TODO: build the smoothed target rows on the host, make them a tensor on the logits'
    // device, and hand both to dfdx's cross-entropy.
    todo!("the cross-entropy of the logits against targets smoothed by `smoothing`")
}

//! Exercises for t12. Check them with `cargo xtask verify t12`; stuck, ask for a hint with
//! `cargo xtask hint t12`. Reference solutions: `answers/t12-network-structure.rs`.
//!
//! Both exercises complete [`DeeperNet`], the curriculum's 784→64→32→10 network: [`Net`] with a
//! third layer. Each parameter is marked `#[allow(unused_variables)]` only because the starting
//! `todo!` does not use it yet; the compiler still warns about anything else you compute and
//! never use.
//!
//! [`Net`]: crate::Net

use dfdx::nn::modules;
use dfdx::prelude::*;

/// PyTorch's
///
/// ```python
/// class DeeperNet(nn.Module):
///     def __init__(self):
///         super().__init__()
///         self.fc1 = nn.Linear(784, 64)
///         self.fc2 = nn.Linear(64, 32)
///         self.fc3 = nn.Linear(32, 10)
///
///     def forward(self, x):
///         return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))
/// ```
///
/// The fields are given; the two exercises write the two trait impls below.
#[derive(Debug, Clone)]
pub struct DeeperNet<E: Dtype, D: Device<E>> {
    /// 784 pixels in, 64 hidden units out.
    pub fc1: modules::Linear<784, 64, E, D>,
    /// 64 hidden units in, 32 out.
    pub fc2: modules::Linear<64, 32, E, D>,
    /// 32 hidden units in, one logit per digit out.
    pub fc3: modules::Linear<32, 10, E, D>,
}

/// Exercise `deeper_net_parameters`: register the three layers under their field names, so that
/// `DeeperNet::build(&dev)` creates their weights and `named_parameters` lists `fc1.weight`,
/// `fc1.bias`, `fc2.weight`, …, `fc3.bias`, 52,650 numbers in all.
impl<D: Device<f32>> TensorCollection<f32, D> for DeeperNet<f32, D> {
    type To<E2: Dtype, D2: Device<E2>> = DeeperNet<E2, D2>;

    fn iter_tensors<V: ModuleVisitor<Self, f32, D>>(
        #[allow(unused_variables)] visitor: &mut V,
    ) -> Result<Option<Self::To<V::E2, V::D2>>, V::Err> {
        // TODO: visit the three fields, each by its name, as `Net`'s impl in src/lib.rs visits
        // its two, and put a `DeeperNet` together from the visited fields.
        todo!("visit fc1, fc2 and fc3 by name and rebuild a DeeperNet from them")
    }
}

/// Exercise `deeper_net_forward`: `fc3(relu(fc2(relu(fc1(x)))))` on a batch of `B` rows of
/// 784 pixels, with or without a tape.
impl<B: Dim, D: Device<f32>, T: Tape<f32, D>> Module<Tensor<(B, Const<784>), f32, D, T>>
    for DeeperNet<f32, D>
{
    type Output = Tensor<(B, Const<10>), f32, D, T>;
    type Error = D::Err;

    fn try_forward(
        &self,
        #[allow(unused_variables)] x: Tensor<(B, Const<784>), f32, D, T>,
    ) -> Result<Self::Output, D::Err> {
        // TODO: run x through fc1, a ReLU, fc2, a ReLU and fc3, passing errors on with `?`.
        todo!("return fc3(relu(fc2(relu(fc1(x)))))")
    }
}

/// `forward` changes nothing inside the network: training's `forward_mut` is the same.
impl<E: Dtype, D: Device<E>> NonMutableModule for DeeperNet<E, D> {}

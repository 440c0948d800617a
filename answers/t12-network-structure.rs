//! Reference solutions for t12's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

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
        visitor: &mut V,
    ) -> Result<Option<Self::To<V::E2, V::D2>>, V::Err> {
        visitor.visit_fields(
            (
                // The name is the key: it must match the field, or the list and a saved file
                // would call one layer by another's name.
                Self::module("fc1", |net| &net.fc1, |net| &mut net.fc1),
                Self::module("fc2", |net| &net.fc2, |net| &mut net.fc2),
                Self::module("fc3", |net| &net.fc3, |net| &mut net.fc3),
            ),
            |(fc1, fc2, fc3)| DeeperNet { fc1, fc2, fc3 },
        )
    }
}

/// Exercise `deeper_net_forward`: `fc3(relu(fc2(relu(fc1(x)))))` on a batch of `B` rows of
/// 784 pixels, with or without a tape.
impl<B: Dim, D: Device<f32>, T: Tape<f32, D>> Module<Tensor<(B, Const<784>), f32, D, T>>
    for DeeperNet<f32, D>
{
    type Output = Tensor<(B, Const<10>), f32, D, T>;
    type Error = D::Err;

    fn try_forward(&self, x: Tensor<(B, Const<784>), f32, D, T>) -> Result<Self::Output, D::Err> {
        let hidden = self.fc1.try_forward(x)?.try_relu()?;
        // The second ReLU matters: without it fc2 and fc3 collapse into one linear map.
        let hidden = self.fc2.try_forward(hidden)?.try_relu()?;
        self.fc3.try_forward(hidden)
    }
}

/// `forward` changes nothing inside the network: training's `forward_mut` is the same.
impl<E: Dtype, D: Device<E>> NonMutableModule for DeeperNet<E, D> {}

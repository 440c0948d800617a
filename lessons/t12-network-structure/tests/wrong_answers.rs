//! Answers that look right on the lesson's own data but are wrong: the checks must reject every
//! one, each for the reason named. (Spoilers: these are near-solutions.)

mod checks;

use dfdx::nn::modules;
use dfdx::prelude::*;
use t12_network_structure::exercises::DeeperNet;
use t12_network_structure::Net;

#[test]
#[should_panic(
    expected = "`deeper_net_parameters` is wrong for DeeperNet built with seed 1:\n  \
                           expected the shape of `fc2.weight` = [32, 64], got [10, 64]"
)]
fn deeper_net_parameters_rejects_the_lessons_two_layer_net() {
    checks::deeper_net_parameters(Net::<f32, AutoDevice>::build);
}

/// The three layers, with the third registered by copy and paste under the second's name.
struct CopyPasted<E: Dtype, D: Device<E>> {
    fc1: modules::Linear<784, 64, E, D>,
    fc2: modules::Linear<64, 32, E, D>,
    fc3: modules::Linear<32, 10, E, D>,
}

impl<D: Device<f32>> TensorCollection<f32, D> for CopyPasted<f32, D> {
    type To<E2: Dtype, D2: Device<E2>> = CopyPasted<E2, D2>;

    fn iter_tensors<V: ModuleVisitor<Self, f32, D>>(
        visitor: &mut V,
    ) -> Result<Option<Self::To<V::E2, V::D2>>, V::Err> {
        visitor.visit_fields(
            (
                Self::module("fc1", |net| &net.fc1, |net| &mut net.fc1),
                Self::module("fc2", |net| &net.fc2, |net| &mut net.fc2),
                Self::module("fc2", |net| &net.fc3, |net| &mut net.fc3),
            ),
            |(fc1, fc2, fc3)| CopyPasted { fc1, fc2, fc3 },
        )
    }
}

#[test]
#[should_panic(
    expected = "expected a parameter named `fc3.weight`; the network has fc1.weight \
                           [64, 784], fc1.bias [64], fc2.weight [32, 64], fc2.bias [32], \
                           fc2.weight [10, 32], fc2.bias [10]"
)]
fn deeper_net_parameters_rejects_a_layer_registered_under_another_name() {
    checks::deeper_net_parameters(CopyPasted::<f32, AutoDevice>::build);
}

/// Logits of zero, whatever the input: what an untrained network's logits look like from afar.
fn zeros(
    _net: &DeeperNet<f32, AutoDevice>,
    x: Tensor<(usize, Const<784>), f32, AutoDevice>,
) -> Tensor<(usize, Const<10>), f32, AutoDevice> {
    x.device().zeros_like(&(x.shape().0, Const))
}

#[test]
#[should_panic(
    expected = "`deeper_net_forward` is wrong for 4 rows of uniform [0, 1) pixels, \
                           weights of seed 1:\n  expected the logits["
)]
fn deeper_net_forward_rejects_logits_of_zero() {
    checks::deeper_net_forward(zeros);
}

/// The ReLU after fc1 only: fc2 and fc3 then act as one linear layer.
fn one_relu(
    net: &DeeperNet<f32, AutoDevice>,
    x: Tensor<(usize, Const<784>), f32, AutoDevice>,
) -> Tensor<(usize, Const<10>), f32, AutoDevice> {
    net.fc3.forward(net.fc2.forward(net.fc1.forward(x).relu()))
}

#[test]
#[should_panic(
    expected = "`deeper_net_forward` is wrong for 4 rows of uniform [0, 1) pixels, \
                           weights of seed 1:\n  expected the logits["
)]
fn deeper_net_forward_rejects_a_missing_relu() {
    checks::deeper_net_forward(one_relu);
}

/// A ReLU after every layer, the last one included: negative logits become 0.
fn relu_on_the_logits(
    net: &DeeperNet<f32, AutoDevice>,
    x: Tensor<(usize, Const<784>), f32, AutoDevice>,
) -> Tensor<(usize, Const<10>), f32, AutoDevice> {
    let h = net.fc2.forward(net.fc1.forward(x).relu()).relu();
    net.fc3.forward(h).relu()
}

#[test]
#[should_panic(
    expected = "`deeper_net_forward` is wrong for 4 rows of uniform [0, 1) pixels, \
                           weights of seed 1:\n  expected the logits["
)]
fn deeper_net_forward_rejects_a_relu_on_the_logits() {
    checks::deeper_net_forward(relu_on_the_logits);
}

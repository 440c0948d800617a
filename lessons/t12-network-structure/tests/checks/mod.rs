//! What t12's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! The registration is checked by what it makes visible: the names, shapes and initial values
//! that `kit::inspect::named_parameters` finds in a network built with two seeds, and the count
//! that dfdx's optimizers would train. The forward pass is checked against the same computation
//! done by hand in `f64` on the host, from the weights of networks built with two seeds, on a
//! batch of pixels and on one row of large inputs.

use dfdx::prelude::*;
use kit::check::Case;
use kit::inspect::{named_parameters, NamedParameter};
use t12_network_structure::exercises::DeeperNet;

/// The layers of the 784→64→32→10 network: name, inputs, outputs.
const LAYERS: [(&str, usize, usize); 3] = [("fc1", 784, 64), ("fc2", 64, 32), ("fc3", 32, 10)];

/// Every parameter the network must have, as `(name, shape)`.
fn expected_parameters() -> Vec<(String, Vec<usize>)> {
    LAYERS
        .iter()
        .flat_map(|&(layer, inputs, outputs)| {
            [
                (format!("{layer}.weight"), vec![outputs, inputs]),
                (format!("{layer}.bias"), vec![outputs]),
            ]
        })
        .collect()
}

/// Checks a registration of `DeeperNet`'s layers through the network `build` makes.
pub fn deeper_net_parameters<M: TensorCollection<f32, AutoDevice>>(
    build: impl Fn(&AutoDevice) -> M,
) {
    for seed in [1, 2] {
        let input = format!("DeeperNet built with seed {seed}");
        let case = Case::new("deeper_net_parameters", &input);
        let dev = AutoDevice::seed_from_u64(seed);
        let model = case.run(|| build(&dev));
        let listed = named_parameters(&model);
        let listing: Vec<String> = listed
            .iter()
            .map(|p| format!("{} {:?}", p.name, p.shape))
            .collect();
        let listing = listing.join(", ");
        // The order of registration is free (a saved file is keyed by name): look up by name.
        for (name, shape) in expected_parameters() {
            match listed.iter().find(|p| p.name == name) {
                Some(parameter) => case.expect_eq(
                    &format!("the shape of `{name}`"),
                    parameter.shape.clone(),
                    shape,
                ),
                None => case.expect(
                    false,
                    &format!("a parameter named `{name}`; the network has {listing}"),
                ),
            }
        }
        case.expect(
            listed.len() == 6,
            &format!("6 tensors, a weight and a bias per layer; the network has {listing}"),
        );
        let total: usize = listed.iter().map(NamedParameter::count).sum();
        case.expect_eq("the number of parameters", total, 52_650);
        case.expect_eq(
            "the number of trainable parameters",
            model.num_trainable_params(),
            52_650,
        );
        // Built by each `Linear`'s own initialisation: uniform on ±1/√(the layer's inputs).
        for &(layer, inputs, _) in &LAYERS {
            let bound = 1.0 / (inputs as f32).sqrt();
            for parameter in listed.iter().filter(|p| p.name.starts_with(layer)) {
                let largest = parameter.values.iter().fold(0.0f32, |m, v| m.max(v.abs()));
                case.expect(
                    largest <= bound && largest > 0.0,
                    &format!(
                        "{} to start uniform on ±1/√{inputs} = ±{bound:.4}, as a Linear with \
                         {inputs} inputs does (its largest |value| is {largest})",
                        parameter.name
                    ),
                );
            }
        }
        case.show(format!("{listing}: {total} parameters"));
    }
}

/// A forward pass of `DeeperNet` on a batch whose size is known at run time.
pub trait Forward:
    Fn(
    &DeeperNet<f32, AutoDevice>,
    Tensor<(usize, Const<784>), f32, AutoDevice>,
) -> Tensor<(usize, Const<10>), f32, AutoDevice>
{
}

impl<F> Forward for F where
    F: Fn(
        &DeeperNet<f32, AutoDevice>,
        Tensor<(usize, Const<784>), f32, AutoDevice>,
    ) -> Tensor<(usize, Const<10>), f32, AutoDevice>
{
}

/// A `DeeperNet` with fresh random weights, built layer by layer (without the registration
/// of the other exercise).
fn deeper_net(seed: u64) -> DeeperNet<f32, AutoDevice> {
    let dev = AutoDevice::seed_from_u64(seed);
    DeeperNet {
        fc1: dev.build_module::<Linear<784, 64>, f32>(),
        fc2: dev.build_module::<Linear<64, 32>, f32>(),
        fc3: dev.build_module::<Linear<32, 10>, f32>(),
    }
}

/// `W·x + b` for each row of `x`, in `f64`; `W` is stored `[outputs, inputs]`.
fn affine(w: &[f32], b: &[f32], x: &[f64]) -> Vec<f64> {
    let (outputs, inputs) = (b.len(), w.len() / b.len());
    x.chunks_exact(inputs)
        .flat_map(|row| {
            (0..outputs).map(move |o| {
                let weights = &w[o * inputs..(o + 1) * inputs];
                let dot: f64 = weights
                    .iter()
                    .zip(row)
                    .map(|(&w, &x)| f64::from(w) * x)
                    .sum();
                dot + f64::from(b[o])
            })
        })
        .collect()
}

/// `fc3(relu(fc2(relu(fc1(x)))))`, computed on the host in `f64`.
fn forward_on_host(net: &DeeperNet<f32, AutoDevice>, x: &[f32]) -> Vec<f64> {
    let relu = |v: Vec<f64>| -> Vec<f64> { v.into_iter().map(|h| h.max(0.0)).collect() };
    let x: Vec<f64> = x.iter().map(|&v| f64::from(v)).collect();
    let h = relu(affine(&net.fc1.weight.as_vec(), &net.fc1.bias.as_vec(), &x));
    let h = relu(affine(&net.fc2.weight.as_vec(), &net.fc2.bias.as_vec(), &h));
    affine(&net.fc3.weight.as_vec(), &net.fc3.bias.as_vec(), &h)
}

/// Checks one forward pass against the computation on the host.
fn forward_case(
    solution: &impl Forward,
    input: &str,
    seed: u64,
    x: Tensor<(usize, Const<784>), f32, AutoDevice>,
) {
    let net = deeper_net(seed);
    let rows = x.shape().0;
    let expected: Vec<f32> = forward_on_host(&net, &x.as_vec())
        .into_iter()
        .map(|v| v as f32)
        .collect();
    let case = Case::new("deeper_net_forward", input);
    let logits = case.run(|| solution(&net, x));
    case.expect_eq("the logits' shape", logits.shape().concrete(), [rows, 10]);
    let scale = expected.iter().fold(1.0f32, |m, v| m.max(v.abs()));
    case.expect_all_close("the logits", &logits.as_vec(), &expected, 1e-4 * scale);
    let first: Vec<String> = logits.as_vec()[..10]
        .iter()
        .map(|v| format!("{v:+.3}"))
        .collect();
    case.show(format!("logits of row 0: {}", first.join(" ")));
}

/// Checks a solution of `deeper_net_forward` on a batch of 4 rows of pixels and on one row of
/// large inputs, each with weights of its own seed.
pub fn deeper_net_forward(solution: impl Forward) {
    let dev = AutoDevice::seed_from_u64(7);
    let pixels: Tensor<Rank2<4, 784>, f32, _> = dev.sample_uniform();
    forward_case(
        &solution,
        "4 rows of uniform [0, 1) pixels, weights of seed 1",
        1,
        pixels.realize(),
    );
    let large: Tensor<Rank2<1, 784>, f32, _> = dev.sample_normal::<Rank2<1, 784>>() * 10.0;
    forward_case(
        &solution,
        "1 row of N(0, 10²) inputs, weights of seed 2",
        2,
        large.realize(),
    );
}

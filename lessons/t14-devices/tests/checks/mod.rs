//! What t14's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! Both exercises are generic over the device; they are checked on `Cpu` values with different
//! seeds, which is how a program with no GPU tells one device from another: each device value
//! carries its own random number generator. The inputs are drawn here, with seeds and sizes the
//! lesson never prints, and the expected values are computed here: the noise from a `Cpu` seeded
//! like `x`'s device, the probabilities in `f64` on the host from the model's weights.

use dfdx::prelude::*;
use kit::check::Case;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use t14_devices::Classifier;

/// `N` numbers drawn uniformly from [-`scale`, `scale`] by a host generator seeded with `seed`
/// (not by a device, so that making the input draws nothing from any device).
fn host_values<const N: usize>(seed: u64, scale: f32) -> [f32; N] {
    let mut rng = StdRng::seed_from_u64(seed);
    std::array::from_fn(|_| rng.gen_range(-scale..=scale))
}

/// `x + sigma * noise`, computed in f64 and rounded to f32.
fn noisy(x: &[f32], sigma: f32, noise: &[f32]) -> Vec<f32> {
    x.iter()
        .zip(noise)
        .map(|(&v, &z)| (f64::from(v) + f64::from(sigma) * f64::from(z)) as f32)
        .collect()
}

/// Checks one call of `add_noise` on a fresh `Cpu` seeded with `seed`, or, with `calls = 2`,
/// two calls on the same device, the second of which must use the next numbers of its stream.
fn add_noise_case<const N: usize>(
    solution: impl Fn(Tensor<Rank1<N>, f32, Cpu>, f32) -> Tensor<Rank1<N>, f32, Cpu>,
    input: &str,
    seed: u64,
    x: [f32; N],
    sigma: f32,
    calls: usize,
) {
    let case = Case::new("add_noise", input);
    let dev = Cpu::seed_from_u64(seed);
    let reference = Cpu::seed_from_u64(seed);
    let seed_zero = Cpu::seed_from_u64(0);
    for call in 1..=calls {
        let got = case.run(|| solution(dev.tensor(x), sigma)).as_vec();
        let noise: Tensor<Rank1<N>, f32, Cpu> = reference.sample_normal();
        let expected = noisy(&x, sigma, &noise.as_vec());
        let noise_of_a_new_device: Tensor<Rank1<N>, f32, Cpu> = seed_zero.sample_normal();
        if seed != 0 && sigma != 0.0 {
            case.expect(
                got != noisy(&x, sigma, &noise_of_a_new_device.as_vec()),
                "the noise from x's own device, but it is what a new device with seed 0 draws \
                 (a fresh `D::default()` rather than `x.device()`)",
            );
        }
        let what = if calls == 1 {
            "the result".to_string()
        } else {
            format!("the result of call {call}")
        };
        case.expect_all_close(&what, &got, &expected, 1e-5 * (1.0 + 4.0 * sigma.abs()));
        case.show(format!(
            "{call}: first values {:?}",
            &got[..got.len().min(3)]
        ));
    }
}

/// Checks a solution of `add_noise`, on tensors of 5 and of 1,000 elements.
pub fn add_noise(
    on_5: impl Fn(Tensor<Rank1<5>, f32, Cpu>, f32) -> Tensor<Rank1<5>, f32, Cpu>,
    on_1000: impl Fn(Tensor<Rank1<1000>, f32, Cpu>, f32) -> Tensor<Rank1<1000>, f32, Cpu>,
) {
    add_noise_case(
        &on_5,
        "x = [1, 2, 3, 4, 5] on a Cpu seeded with 3, sigma = 0.5",
        3,
        [1.0, 2.0, 3.0, 4.0, 5.0],
        0.5,
        1,
    );
    add_noise_case(
        &on_1000,
        "1,000 values on a Cpu seeded with 11, sigma = 2",
        11,
        host_values(101, 10.0),
        2.0,
        1,
    );
    add_noise_case(
        &on_5,
        "two calls on one Cpu seeded with 29, sigma = 1 (the second must get new noise)",
        29,
        host_values(102, 1.0),
        1.0,
        2,
    );
    add_noise_case(
        &on_5,
        "x = [-1, 0, 1, 2, 3] on a Cpu seeded with 5, sigma = 0 (no noise)",
        5,
        [-1.0, 0.0, 1.0, 2.0, 3.0],
        0.0,
        1,
    );
}

/// Softmax of `model`'s output for each row of `x`, computed in f64 on the host.
fn host_probabilities<const B: usize>(model: &Classifier<Cpu>, x: &[[f32; 4]; B]) -> Vec<f32> {
    let weight = model.weight.array();
    let bias = model.bias.array();
    let mut probabilities = Vec::with_capacity(B * 3);
    for row in x {
        let logits: Vec<f64> = (0..3)
            .map(|class| {
                let dot: f64 = (0..4)
                    .map(|i| f64::from(weight[class][i]) * f64::from(row[i]))
                    .sum();
                dot + f64::from(bias[class])
            })
            .collect();
        let largest = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let exps: Vec<f64> = logits.iter().map(|l| (l - largest).exp()).collect();
        let total: f64 = exps.iter().sum();
        probabilities.extend(exps.iter().map(|e| (e / total) as f32));
    }
    probabilities
}

/// Checks one call of `predict_across_devices`: the model built on a `Cpu` seeded with
/// `model_seed`, the batch on another seeded with `x_seed` (or on the model's own device when
/// the seeds are equal).
fn predict_case<const B: usize>(
    solution: impl Fn(&Classifier<Cpu>, Tensor<Rank2<B, 4>, f32, Cpu>) -> Tensor<Rank2<B, 3>, f32, Cpu>,
    input: &str,
    model_seed: u64,
    x_seed: u64,
    x: [[f32; 4]; B],
) {
    let case = Case::new("predict_across_devices", input);
    let model_dev = Cpu::seed_from_u64(model_seed);
    let model: Classifier<Cpu> = model_dev.build_module::<Linear<4, 3>, f32>();
    let x_dev = if x_seed == model_seed {
        model_dev.clone()
    } else {
        Cpu::seed_from_u64(x_seed)
    };
    let got = case.run(|| solution(&model, x_dev.tensor(x)));
    let expected = host_probabilities(&model, &x);
    case.expect_all_close("the probabilities", &got.as_vec(), &expected, 1e-5);
    if x_seed != model_seed {
        // A device value shares its generator with every tensor on it: the result is on x's
        // device exactly when it draws what x's device would draw next.
        let reference = Cpu::seed_from_u64(x_seed);
        case.expect(
            got.device().random_u64() == reference.random_u64(),
            &format!(
                "the probabilities on x's own device (the Cpu seeded with {x_seed}), but they \
                 are on another device value of the same type, such as a fresh `DX::default()`"
            ),
        );
    }
    let rows = got.array();
    case.show(format!("first row {:?}", rows[0]));
}

/// Checks a solution of `predict_across_devices`, on batches of 2 and of 16 examples.
pub fn predict_across_devices(
    on_2: impl Fn(&Classifier<Cpu>, Tensor<Rank2<2, 4>, f32, Cpu>) -> Tensor<Rank2<2, 3>, f32, Cpu>,
    on_16: impl Fn(&Classifier<Cpu>, Tensor<Rank2<16, 4>, f32, Cpu>) -> Tensor<Rank2<16, 3>, f32, Cpu>,
) {
    predict_case(
        &on_2,
        "the lesson's model (seed 1) and batch, both on one Cpu",
        1,
        1,
        [[0.5, -1.0, 2.0, 0.0], [1.0, 1.0, -0.5, 3.0]],
    );
    let batch: [f32; 64] = host_values(201, 3.0);
    predict_case(
        &on_16,
        "a model on a Cpu seeded with 4 and 16 examples on a Cpu seeded with 9",
        4,
        9,
        std::array::from_fn(|row| std::array::from_fn(|col| batch[4 * row + col])),
    );
    predict_case(
        &on_2,
        "a model on a Cpu seeded with 7 and inputs of size 40 on a Cpu seeded with 13",
        7,
        13,
        [[40.0, -40.0, 25.0, 0.0], [-30.0, 10.0, 40.0, -20.0]],
    );
}

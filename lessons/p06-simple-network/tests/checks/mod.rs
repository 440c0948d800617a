//! What p06's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! `linear_by_hand` is compared with `x · Wᵀ + b` computed in `f64` on the host, for both layers
//! of the lesson's network (on images and on large made-up inputs) and for a small layer whose
//! weights are not square and whose biases are large. `one_image` is compared with the network's
//! own forward pass on a batch of the same images, for images the lesson never shows and for
//! networks built with two seeds.

use datasets::{Mnist, Split};
use dfdx::nn::modules;
use dfdx::prelude::*;
use kit::check::Case;
use p06_simple_network::Model;

/// A batch of rows of `N` numbers, as many rows as chosen at run time.
type Rows<const N: usize> = Tensor<(usize, Const<N>), f32, AutoDevice>;

/// `x · Wᵀ + b` for each row of `x`, in `f64`; `W` is stored `[outputs, inputs]`.
fn affine_on_host(w: &[f32], b: &[f32], x: &[f32]) -> Vec<f32> {
    let (outputs, inputs) = (b.len(), w.len() / b.len());
    x.chunks_exact(inputs)
        .flat_map(|row| {
            (0..outputs).map(move |o| {
                let weights = &w[o * inputs..(o + 1) * inputs];
                let dot: f64 = weights
                    .iter()
                    .zip(row)
                    .map(|(&w, &x)| f64::from(w) * f64::from(x))
                    .sum();
                (dot + f64::from(b[o])) as f32
            })
        })
        .collect()
}

/// Checks `linear_by_hand` for one layer and one batch.
fn linear_case<const I: usize, const O: usize>(
    solution: impl Fn(&modules::Linear<I, O, f32, AutoDevice>, Rows<I>) -> Rows<O>,
    input: &str,
    layer: &modules::Linear<I, O, f32, AutoDevice>,
    x: Rows<I>,
) {
    let rows = x.shape().0;
    let expected = affine_on_host(&layer.weight.as_vec(), &layer.bias.as_vec(), &x.as_vec());
    let case = Case::new("linear_by_hand", input);
    let got = case.run(|| solution(layer, x));
    case.expect_eq("the output's shape", got.shape().concrete(), [rows, O]);
    let scale = expected.iter().fold(1.0f32, |m, v| m.max(v.abs()));
    case.expect_all_close("the output", &got.as_vec(), &expected, 1e-5 * scale);
    let first: Vec<String> = got.as_vec()[..O.min(5)]
        .iter()
        .map(|v| format!("{v:+.3}"))
        .collect();
    case.show(format!("row 0 starts {} …", first.join(" ")));
}

/// Checks a solution of `linear_by_hand` on the network's two layers and on a small layer.
pub fn linear_by_hand(
    on_fc1: impl Fn(&modules::Linear<784, 64, f32, AutoDevice>, Rows<784>) -> Rows<64>,
    on_fc2: impl Fn(&modules::Linear<64, 10, f32, AutoDevice>, Rows<64>) -> Rows<10>,
    on_small: impl Fn(&modules::Linear<3, 5, f32, AutoDevice>, Rows<3>) -> Rows<5>,
) {
    let mnist = Mnist::embedded();
    let dev = AutoDevice::seed_from_u64(1);
    let net = Model::build(&dev);
    let indices: Vec<usize> = (100..108).collect();
    let images = mnist.test.batch::<usize, _>(&indices, &dev).images;
    linear_case(
        on_fc1,
        "fc1 of a Net built with seed 1, on the 8 test images #100 to #107",
        &net.fc1,
        images,
    );

    let dev = AutoDevice::seed_from_u64(2);
    let net = Model::build(&dev);
    let hidden: Tensor<Rank2<1, 64>, f32, _> = dev.sample_normal::<Rank2<1, 64>>() * 5.0;
    linear_case(
        on_fc2,
        "fc2 of a Net built with seed 2, on 1 row of N(0, 5²) values",
        &net.fc2,
        hidden.realize(),
    );

    // Not square, so a reshaped weight matrix is not its transpose; biases far from 0.
    let small = modules::Linear {
        weight: dev.tensor([
            [1.0, 2.0, 3.0],
            [4.0, 5.0, 6.0],
            [7.0, 8.0, 9.0],
            [10.0, 11.0, 12.0],
            [13.0, 14.0, 15.0],
        ]),
        bias: dev.tensor([10.0, -10.0, 20.0, -20.0, 30.0]),
    };
    let x = dev.tensor([[1.0f32, 0.0, -1.0], [0.5, 2.0, 3.0]]);
    linear_case(
        on_small,
        "a Linear<3, 5> with weights [[1, 2, 3], …, [13, 14, 15]] and biases \
         [10, -10, 20, -20, 30], on the rows [1, 0, -1] and [0.5, 2, 3]",
        &small,
        x.realize(),
    );
}

/// What `one_image` must return for image `i` of `split`: row `i` of the network's forward pass
/// on a batch of those images.
fn one_image_cases(
    solution: &impl Fn(
        &Model,
        Tensor<Rank3<1, 28, 28>, f32, AutoDevice>,
    ) -> Tensor<Rank1<10>, f32, AutoDevice>,
    seed: u64,
    split: &Split,
    name: &str,
    indices: &[usize],
) {
    let dev = AutoDevice::seed_from_u64(seed);
    let net = Model::build(&dev);
    let expected = net
        .forward(split.batch::<usize, _>(indices, &dev).images)
        .as_vec();
    for (row, &i) in indices.iter().enumerate() {
        let input = format!("{name} image #{i}, a Net built with seed {seed}");
        let case = Case::new("one_image", &input);
        let logits = case.run(|| solution(&net, split.image(i, &dev)));
        let want = &expected[row * 10..(row + 1) * 10];
        case.expect_all_close("the logits", &logits.as_vec(), want, 1e-5);
        let shown: Vec<String> = logits.as_vec().iter().map(|v| format!("{v:+.2}")).collect();
        case.show(format!("logits {}", shown.join(" ")));
    }
}

/// Checks a solution of `one_image` on test and training images, with two networks.
pub fn one_image(
    solution: impl Fn(
        &Model,
        Tensor<Rank3<1, 28, 28>, f32, AutoDevice>,
    ) -> Tensor<Rank1<10>, f32, AutoDevice>,
) {
    let mnist = Mnist::embedded();
    one_image_cases(&solution, 1, &mnist.test, "test", &[0, 345, 999]);
    one_image_cases(&solution, 2, &mnist.train, "training", &[17]);
}

//! What t20's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! The forward pass of `SamePaddingCnn` is compared with the same network written as a tuple of
//! kit::conv's layers and given the same weights: the logits on batches of test digits and on
//! images the lesson never shows (blank paper, all ink, a digit moved), and, with a tape, the
//! loss and the gradient of every weight. `predict_digit` is compared with the network's logits
//! for a batch, turned into probabilities by hand in `f64`, on test digits, on images the lesson
//! never shows, and on a network whose logits all tie.

use datasets::{Mnist, Split, CLASSES, PIXELS};
use dfdx::optim::Adam;
use dfdx::prelude::*;
use kit::check::Case;
use kit::conv::{Conv2D, Flatten2D, MaxPool2D, Unflatten2D};
use kit::train::{self, FitConfig};
use t20_mnist_cnn::{adam_config, Cnn, CnnNet, SamePaddingCnn};

/// The exercise's network, on the CPU.
type Net = SamePaddingCnn<f32, Cpu>;

/// The same network as a tuple of layers: the reference.
type SamePaddingTuple = (
    Unflatten2D<1, 28, 28>,
    (Conv2D<1, 8, 3, 28, 28, 1, 1>, ReLU, MaxPool2D<2, 14, 14>),
    (Conv2D<8, 16, 3, 14, 14, 1, 1>, ReLU, MaxPool2D<2, 7, 7>),
    Flatten2D<784>,
    Linear<784, CLASSES>,
);
type TupleNet = <SamePaddingTuple as BuildOnDevice<Cpu, f32>>::Built;

/// Rows of pixels whose batch size is known at run time.
pub type Rows = Tensor<(usize, Const<PIXELS>), f32, Cpu>;
/// Their logits.
pub type RowLogits = Tensor<(usize, Const<CLASSES>), f32, Cpu>;
/// Eight rows of pixels that record a tape.
pub type TracedRows = Tensor<Rank2<8, PIXELS>, f32, Cpu, OwnedTape<f32, Cpu>>;
/// Their logits, with the tape.
pub type TracedLogits = Tensor<Rank2<8, CLASSES>, f32, Cpu, OwnedTape<f32, Cpu>>;

/// The exercise's network built from `seed`, and the tuple holding the same weights.
fn networks(seed: u64) -> (Net, TupleNet) {
    let dev = Cpu::seed_from_u64(seed);
    let net = Net::build(&dev);
    let mut tuple = dev.build_module::<SamePaddingTuple, f32>();
    tuple.1 .0.weight = net.conv1.weight.clone();
    tuple.1 .0.bias = net.conv1.bias.clone();
    tuple.2 .0.weight = net.conv2.weight.clone();
    tuple.2 .0.bias = net.conv2.bias.clone();
    tuple.4.weight = net.dense.weight.clone();
    tuple.4.bias = net.dense.bias.clone();
    (net, tuple)
}

/// Rows of pixels in [0, 1] from any images of 784 values.
fn rows(images: &[Vec<f32>]) -> Rows {
    let values: Vec<f32> = images.iter().flatten().copied().collect();
    Cpu::default().tensor_from_vec(values, (images.len(), Const))
}

/// Test image `i` of `split` as 784 values in [0, 1].
fn image(split: &Split, i: usize) -> Vec<f32> {
    split
        .pixels(i)
        .iter()
        .map(|&p| f32::from(p) / 255.0)
        .collect()
}

/// Test image `i` moved `dx` pixels right and `dy` down; paper comes in at the edges.
fn moved(split: &Split, i: usize, dx: usize, dy: usize) -> Vec<f32> {
    let original = image(split, i);
    let mut out = vec![0.0; PIXELS];
    for y in dy..28 {
        for x in dx..28 {
            out[y * 28 + x] = original[(y - dy) * 28 + x - dx];
        }
    }
    out
}

/// Checks the solution's logits against the tuple's for one batch.
fn logits_case(
    forward: &impl Fn(&Net, Rows) -> RowLogits,
    input: &str,
    seed: u64,
    images: &[Vec<f32>],
) {
    let (net, tuple) = networks(seed);
    let expected = tuple.forward(rows(images)).as_vec();
    let case = Case::new("same_padding_forward", input);
    let got = case.run(|| forward(&net, rows(images)).as_vec());
    let scale = expected.iter().fold(1.0f32, |m, v| m.max(v.abs()));
    case.expect_all_close("the logits", &got, &expected, 1e-5 * scale);
    case.show(format!(
        "logits of the first image: {:.3?}",
        &got[..CLASSES.min(got.len())]
    ));
}

/// Checks a solution of `same_padding_forward`: `forward` without a tape, `traced` with one.
pub fn same_padding_forward(
    forward: impl Fn(&Net, Rows) -> RowLogits,
    traced: impl Fn(&Net, TracedRows) -> TracedLogits,
) {
    let mnist = Mnist::embedded();
    let test_digits: Vec<Vec<f32>> = (0..5).map(|i| image(&mnist.test, i)).collect();
    logits_case(
        &forward,
        "5 test digits, #0 to #4, network seed 1",
        1,
        &test_digits,
    );
    let unseen = [
        vec![0.0; PIXELS],
        vec![1.0; PIXELS],
        moved(&mnist.test, 300, 3, 2),
    ];
    logits_case(
        &forward,
        "blank paper, all ink, and test digit #300 moved 3 pixels right and 2 down, network seed 2",
        2,
        &unseen,
    );

    // With a tape: the loss, and the gradient of every weight, as the tuple computes them.
    let input = "a traced batch of 8 training digits, network seed 3";
    let case = Case::new("same_padding_forward", input);
    let (net, tuple) = networks(3);
    let dev = Cpu::default();
    let indices: Vec<usize> = (0..8).collect();
    let batch = mnist.train.batch::<Const<8>, _>(&indices, &dev);
    let expected_loss = cross_entropy_with_logits_loss(
        tuple.forward(batch.images.clone().traced(tuple.alloc_grads())),
        batch.one_hot.clone(),
    );
    let expected_value = expected_loss.array();
    let expected_grads = expected_loss.backward();
    let loss = case.run(|| {
        cross_entropy_with_logits_loss(
            traced(&net, batch.images.clone().traced(net.alloc_grads())),
            batch.one_hot.clone(),
        )
    });
    let value = loss.array();
    case.expect_close("the loss", value, expected_value, 1e-5);
    let grads = loss.backward();
    let pairs = [
        (
            "d loss / d conv1.weight",
            grads.get(&net.conv1.weight).as_vec(),
            expected_grads.get(&tuple.1 .0.weight).as_vec(),
        ),
        (
            "d loss / d conv1.bias",
            grads.get(&net.conv1.bias).as_vec(),
            expected_grads.get(&tuple.1 .0.bias).as_vec(),
        ),
        (
            "d loss / d conv2.weight",
            grads.get(&net.conv2.weight).as_vec(),
            expected_grads.get(&tuple.2 .0.weight).as_vec(),
        ),
        (
            "d loss / d conv2.bias",
            grads.get(&net.conv2.bias).as_vec(),
            expected_grads.get(&tuple.2 .0.bias).as_vec(),
        ),
        (
            "d loss / d dense.weight",
            grads.get(&net.dense.weight).as_vec(),
            expected_grads.get(&tuple.4.weight).as_vec(),
        ),
        (
            "d loss / d dense.bias",
            grads.get(&net.dense.bias).as_vec(),
            expected_grads.get(&tuple.4.bias).as_vec(),
        ),
    ];
    for (what, got, expected) in pairs {
        let scale = expected.iter().fold(1e-3f32, |m, v| m.max(v.abs()));
        case.expect_all_close(what, &got, &expected, 1e-4 * scale);
    }
    case.show(format!(
        "loss {value:.4}, gradients of all 6 weight tensors as expected"
    ));
}

/// The network `predict_digit` is checked with: the lesson's CNN from seed 3, trained as the
/// lesson trains it for one epoch on the first 1,600 training digits (50 steps), so that its
/// answers are neither random nor certain.
fn briefly_trained() -> CnnNet {
    let dev = Cpu::seed_from_u64(3);
    let mut model = dev.build_module::<Cnn, f32>();
    let mut adam = Adam::new(&model, adam_config());
    let config = FitConfig {
        epochs: 1,
        shuffle_seed: 3,
        validation: None,
    };
    let train = Mnist::embedded().train.head(1600);
    train::fit::<32, _, _, _>(&mut model, &mut adam, &train, config, &dev, |_| Ok(()))
        .expect("training on 640 digits runs");
    model
}

/// The answer for each image, computed from the network's logits for the whole batch: the
/// softmax in `f64`, and the first digit of largest probability.
fn expected_answers(model: &CnnNet, images: &[Vec<f32>]) -> Vec<(usize, f32)> {
    let logits = model.forward(rows(images)).as_vec();
    logits
        .chunks_exact(CLASSES)
        .map(|row| {
            let largest = row
                .iter()
                .fold(f64::NEG_INFINITY, |m, &v| m.max(f64::from(v)));
            let exps: Vec<f64> = row
                .iter()
                .map(|&v| (f64::from(v) - largest).exp())
                .collect();
            let sum: f64 = exps.iter().sum();
            let mut best = 0;
            for digit in 1..CLASSES {
                if row[digit] > row[best] {
                    best = digit;
                }
            }
            (best, (exps[best] / sum) as f32)
        })
        .collect()
}

/// Checks the solution on each image of `images`, one call per image.
fn predict_case(
    solution: &impl Fn(&CnnNet, Tensor<Rank3<1, 28, 28>, f32, Cpu>) -> (usize, f32),
    input: &str,
    model: &CnnNet,
    images: &[(String, Vec<f32>)],
) {
    let pixels: Vec<Vec<f32>> = images.iter().map(|(_, p)| p.clone()).collect();
    let expected = expected_answers(model, &pixels);
    let case = Case::new("predict_digit", input);
    let mut shown = Vec::new();
    for ((name, pixels), (digit, probability)) in images.iter().zip(expected) {
        let tensor = Cpu::default().tensor_from_vec(pixels.clone(), (Const, Const, Const));
        let (got_digit, got_probability) = case.run(|| solution(model, tensor));
        case.expect_eq(&format!("the digit for {name}"), got_digit, digit);
        case.expect_close(
            &format!("the probability of {digit} for {name}"),
            got_probability,
            probability,
            1e-5,
        );
        shown.push(format!("{name}: {got_digit} ({got_probability:.3})"));
    }
    case.show(shown.join(", "));
}

/// Checks a solution of `predict_digit`.
pub fn predict_digit(
    solution: impl Fn(&CnnNet, Tensor<Rank3<1, 28, 28>, f32, Cpu>) -> (usize, f32),
) {
    let mnist = Mnist::embedded();
    let model = briefly_trained();
    let test: Vec<(String, Vec<f32>)> = [0, 1, 2, 3, 517, 999]
        .iter()
        .map(|&i| (format!("#{i}"), image(&mnist.test, i)))
        .collect();
    predict_case(
        &solution,
        "test digits #0 to #3, #517 and #999, a CNN trained for 50 steps",
        &model,
        &test,
    );
    let inverted: Vec<f32> = image(&mnist.test, 7).iter().map(|p| 1.0 - p).collect();
    let unseen = vec![
        ("blank paper".to_string(), vec![0.0; PIXELS]),
        ("test digit #7 in white on black".to_string(), inverted),
        (
            "training digit #11 moved 4 pixels right".to_string(),
            moved(&mnist.train, 11, 4, 0),
        ),
    ];
    predict_case(
        &solution,
        "images the lesson never shows, the same CNN",
        &model,
        &unseen,
    );
    // Every logit 0: ten probabilities of 0.1, a tie that the smaller digit wins.
    let mut level = model.clone();
    level.4.weight = level.4.weight.device().zeros();
    level.4.bias = level.4.bias.device().zeros();
    predict_case(
        &solution,
        "a CNN whose last layer is all zeros, so that all ten logits tie",
        &level,
        &[("test digit #0".to_string(), image(&mnist.test, 0))],
    );
}

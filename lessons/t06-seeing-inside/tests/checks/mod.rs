//! What t06's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! Both exercises are called on four inputs: the lesson's trained network on the 1,000 test
//! digits (every one of the 32 units), on the test digits labelled 1 only (on which more units
//! stay at 0), and on the 4,000 training digits; and an untrained network whose units 3, 8 and 30
//! have a bias of -50, so that they are 0 on every image. The expected answers are computed in
//! f64 on the host from the network's weights and the images' pixels, without dfdx; a unit whose
//! largest value lies within the tolerance of 0 may be reported either way.

use datasets::{Mnist, Split, PIXELS};
use dfdx::prelude::*;
use kit::check::Case;
use t06_seeing_inside::{Network, SmallMlp, HIDDEN};

/// Images as the exercises take them: one row of 784 pixels per image, as many rows as needed.
pub type Images = Tensor<(usize, Const<PIXELS>), f32, AutoDevice>;

/// How far from 0 (or from the largest value) an f32 result may land and still count.
const TOLERANCE: f64 = 1e-4;

/// One network and one set of images, described in words for the messages.
struct Input {
    description: String,
    model: Network,
    images: Images,
    /// The hidden units' values before the ReLU, in f64: `pre[image][unit]`.
    pre: Vec<[f64; HIDDEN]>,
}

impl Input {
    fn new(description: &str, model: &Network, split: &Split, indices: Vec<usize>) -> Self {
        let dev = AutoDevice::default();
        let images = split.batch::<usize, _>(&indices, &dev).images;
        let pre = pre_activations(model, &images.as_vec());
        Input {
            description: description.to_string(),
            model: model.clone(),
            images,
            pre,
        }
    }

    /// The largest pre-activation of `unit` over the images, and the image where it is reached.
    fn largest(&self, unit: usize) -> (f64, usize) {
        (0..self.pre.len()).map(|i| (self.pre[i][unit], i)).fold(
            (f64::NEG_INFINITY, 0),
            |best, next| {
                if next.0 > best.0 {
                    next
                } else {
                    best
                }
            },
        )
    }
}

/// `w·x + b` of every hidden unit for every image (784 pixels each), in f64, from the hidden
/// layer's weights read out of the network.
fn pre_activations(model: &Network, pixels: &[f32]) -> Vec<[f64; HIDDEN]> {
    let weights = model.0 .0.weight.as_vec();
    let bias = model.0 .0.bias.as_vec();
    pixels
        .chunks_exact(PIXELS)
        .map(|image| {
            std::array::from_fn(|unit| {
                let row = &weights[unit * PIXELS..(unit + 1) * PIXELS];
                let dot: f64 = row
                    .iter()
                    .zip(image)
                    .map(|(&w, &x)| f64::from(w) * f64::from(x))
                    .sum();
                dot + f64::from(bias[unit])
            })
        })
        .collect()
}

/// The four inputs of both checks.
fn inputs() -> Vec<Input> {
    let mnist = Mnist::embedded();
    let trained = t06_seeing_inside::train(&mnist)
        .expect("the lesson trains on the embedded sample")
        .model;
    let dev = AutoDevice::seed_from_u64(5);
    let mut untrained = dev.build_module::<SmallMlp, f32>();
    let mut bias = untrained.0 .0.bias.as_vec();
    for unit in [3, 8, 30] {
        bias[unit] = -50.0;
    }
    untrained.0 .0.bias.copy_from(&bias);
    vec![
        Input::new(
            "the lesson's trained network on the 1,000 test digits",
            &trained,
            &mnist.test,
            (0..mnist.test.len()).collect(),
        ),
        Input::new(
            "the trained network on the test digits labelled 1",
            &trained,
            &mnist.test,
            (0..mnist.test.len())
                .filter(|&i| mnist.test.label(i) == 1)
                .collect(),
        ),
        Input::new(
            "the trained network on the 4,000 training digits",
            &trained,
            &mnist.train,
            (0..mnist.train.len()).collect(),
        ),
        Input::new(
            "an untrained network (seed 5) with units 3, 8 and 30 switched off by a bias of -50, \
             on test digits 100 to 299",
            &untrained,
            &mnist.test,
            (100..300).collect(),
        ),
    ]
}

/// Checks a solution of `most_exciting_digit`: every unit of every input.
pub fn most_exciting_digit(solution: impl Fn(&Network, Images, usize) -> Option<usize>) {
    for input in inputs() {
        let mut answers = Vec::new();
        for unit in 0..HIDDEN {
            let description = format!("{}, unit {unit}", input.description);
            let case = Case::new("most_exciting_digit", &description);
            let got = case.run(|| solution(&input.model, input.images.clone(), unit));
            let (largest, at) = input.largest(unit);
            match got {
                None => case.expect(
                    largest <= TOLERANCE,
                    &format!(
                        "row {at}, where the unit reaches {largest:.4}, not None (None is for a \
                         unit that is 0 on every image)"
                    ),
                ),
                Some(image) => {
                    case.expect(
                        image < input.pre.len(),
                        &format!(
                            "the index of one of the {} rows of `images`, got {image}",
                            input.pre.len()
                        ),
                    );
                    case.expect(
                        largest >= -TOLERANCE,
                        &format!(
                            "None: the unit is 0 on every image (its largest w·x + b is \
                             {largest:.4}), got Some({image})"
                        ),
                    );
                    let value = input.pre[image][unit].max(0.0);
                    case.expect(
                        value >= largest - TOLERANCE * (1.0 + largest),
                        &format!(
                            "row {at}, where the unit reaches {largest:.4}; on row {image} it is \
                             {value:.4}"
                        ),
                    );
                }
            }
            answers.push(got);
        }
        let shown: Vec<String> = answers
            .iter()
            .take(6)
            .enumerate()
            .map(|(unit, answer)| match answer {
                Some(row) => format!("unit {unit} → row {row}"),
                None => format!("unit {unit} → None"),
            })
            .collect();
        Case::new("most_exciting_digit", &input.description)
            .show(format!("{}, …", shown.join(", ")));
    }
}

/// Checks a solution of `dead_units` on every input.
pub fn dead_units(solution: impl Fn(&Network, Images) -> Vec<usize>) {
    for input in inputs() {
        let case = Case::new("dead_units", &input.description);
        let got = case.run(|| solution(&input.model, input.images.clone()));
        case.expect(
            got.windows(2).all(|pair| pair[0] < pair[1]) && got.iter().all(|&u| u < HIDDEN),
            &format!("hidden units (0 to 31) in increasing order, each once, got {got:?}"),
        );
        for unit in 0..HIDDEN {
            let (largest, at) = input.largest(unit);
            if largest < -TOLERANCE {
                case.expect(
                    got.contains(&unit),
                    &format!(
                        "unit {unit} among the dead units: it is 0 on every image (its largest \
                         w·x + b is {largest:.4}), got {got:?}"
                    ),
                );
            } else if largest > TOLERANCE {
                case.expect(
                    !got.contains(&unit),
                    &format!(
                        "unit {unit} not among the dead units: it reaches {largest:.4} on row \
                         {at} of `images`, got {got:?}"
                    ),
                );
            }
        }
        case.show(format!("dead units {got:?}"));
    }
}

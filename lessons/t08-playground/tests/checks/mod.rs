//! What t08's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! The feature columns are compared with the same features computed on the host in `f64`, on the
//! lesson's points and on points it never shows (a grid, points a hundred times farther out, a
//! point where the sines are ±1); then a network without a hidden layer trains on them. The
//! distance to the decision boundary is compared with a walk in steps of 0.0005, on the lesson's
//! trained network and on two hand-made ones whose boundary is known exactly: one whose origin
//! is class 0, and one whose boundary lies beyond the edge of the figures.

use datasets::toy::{Dataset, Points};
use dfdx::prelude::*;
use kit::check::Case;
use kit::train::{self, ExampleBatch, Examples, FitConfig};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use t08_playground::net::{Activation, DenseLayer, Mlp, Sgd};
use t08_playground::{capacity_config, Config, Net, BATCH, POINTS};

/// The signature of `feature_columns`.
pub type Features = Tensor<(usize, Const<7>), f32, Cpu>;

/// The features' names, in Playground's order.
const FEATURE_NAMES: [&str; 7] = ["x₁", "x₂", "x₁²", "x₂²", "x₁·x₂", "sin x₁", "sin x₂"];

/// Playground's seven features of one point, in `f64`.
fn expected_features([x1, x2]: [f32; 2]) -> [f32; 7] {
    let (a, b) = (f64::from(x1), f64::from(x2));
    [a, b, a * a, b * b, a * b, a.sin(), b.sin()].map(|v| v as f32)
}

/// Checks a solution of `feature_columns`.
pub fn feature_columns(solution: impl Fn(Tensor<(usize, Const<2>), f32, Cpu>) -> Features) {
    let dev = Cpu::default();
    let circle = Dataset::Circle.generate(POINTS, 0.0, 0);
    let (train_points, test_points) = circle.split(0.5);
    let grid: Vec<[f32; 2]> = (0..25)
        .map(|k| [-6.0 + 3.0 * (k % 5) as f32, 6.0 - 3.0 * (k / 5) as f32])
        .collect();
    let mut rng = StdRng::seed_from_u64(11);
    let far: Vec<[f32; 2]> = (0..200)
        .map(|_| [rng.gen_range(-100.0..100.0), rng.gen_range(-100.0..100.0)])
        .collect();
    let half_pi = std::f32::consts::FRAC_PI_2;
    let coordinates = |points: &Points| points.iter().map(|(xy, _)| xy).collect::<Vec<_>>();
    let cases: [(&str, Vec<[f32; 2]>, f32); 4] = [
        (
            "the lesson's 250 circle training points",
            coordinates(&train_points),
            1e-5,
        ),
        ("a 5 × 5 grid from −6 to 6", grid, 1e-5),
        (
            "200 points uniform in ±100 on each axis (seed 11)",
            far,
            5e-3,
        ),
        (
            "the single point (π/2, −π/2)",
            vec![[half_pi, -half_pi]],
            1e-5,
        ),
    ];
    for (input, points, tolerance) in cases {
        let case = Case::new("feature_columns", input);
        let xy: Vec<f32> = points.iter().flatten().copied().collect();
        let tensor = dev.tensor_from_vec(xy, (points.len(), Const::<2>));
        let got = case.run(|| solution(tensor));
        case.expect_eq("the number of rows", got.shape().0, points.len());
        let got = got.as_vec();
        for (row, &point) in points.iter().enumerate() {
            for (column, expected) in expected_features(point).into_iter().enumerate() {
                let what = format!("{} of row {row}", FEATURE_NAMES[column]);
                case.expect_close(&what, got[7 * row + column], expected, tolerance);
            }
        }
        let rows = match points.len() {
            1 => "1 row".to_string(),
            n => format!("{n} rows"),
        };
        case.show(format!("{rows} of 7 features"));
    }

    // With the right features, a network without a hidden layer separates the circle.
    let case = Case::new(
        "feature_columns",
        "the circle's points, for a network without a hidden layer",
    );
    let featured = |points: &Points| {
        let xy: Vec<f32> = coordinates(points).iter().flatten().copied().collect();
        let tensor = dev.tensor_from_vec(xy, (points.len(), Const::<2>));
        Featured {
            features: case.run(|| solution(tensor)).as_vec(),
            labels: points.iter().map(|(_, label)| label).collect(),
        }
    };
    let (train_set, test_set) = (featured(&train_points), featured(&test_points));
    let mut model = Mlp::<7, 2, Cpu>::new(&[], Activation::Linear, 1, &dev);
    let mut sgd = Sgd { lr: 0.01, l2: 0.0 };
    let config = FitConfig {
        epochs: 100,
        shuffle_seed: 2,
        validation: Some(&test_set),
    };
    let history = train::fit_examples::<BATCH, 7, 2, _, _, _, _>(
        &mut model,
        &mut sgd,
        &train_set,
        config,
        &dev,
        |_, _| Ok(()),
    )
    .expect("the training set holds whole batches");
    let accuracy = history.epochs[99].validation.expect("tested").accuracy;
    case.expect(
        accuracy >= 0.95,
        "a network without a hidden layer separates the circle on these features",
    );
    case.show(format!(
        "no hidden layer, 7 features: {:.1}% test accuracy on the circle after 100 epochs",
        100.0 * accuracy
    ));
}

/// Points turned into Playground's seven features, as examples to train on.
struct Featured {
    features: Vec<f32>,
    labels: Vec<usize>,
}

impl Examples<7, 2> for Featured {
    fn len(&self) -> usize {
        self.labels.len()
    }

    fn batch_of<B: Dim, D: Device<f32>>(
        &self,
        indices: &[usize],
        dev: &D,
    ) -> ExampleBatch<B, 7, 2, D> {
        let inputs = indices
            .iter()
            .flat_map(|&i| self.features[7 * i..7 * i + 7].to_vec())
            .collect();
        let labels: Vec<usize> = indices.iter().map(|&i| self.labels[i]).collect();
        ExampleBatch::new(inputs, labels, dev)
    }
}

/// A network without a hidden layer whose logits are 0 and `x₁ − threshold`: class 1 exactly
/// where x₁ > `threshold`.
fn threshold_network(threshold: f32) -> Net {
    let dev = Cpu::default();
    Mlp {
        layers: vec![DenseLayer {
            weight: dev.tensor_from_vec(vec![0.0, 0.0, 1.0, 0.0], (2, 2)),
            bias: dev.tensor_from_vec(vec![0.0, -threshold], (2,)),
        }],
        activation: Activation::Linear,
    }
}

/// The distance along `direction` at which `model`'s class first differs from its class at the
/// origin, found by a walk in steps of 0.0005 up to 6.
fn walked_distance(model: &Net, direction: [f32; 2]) -> Option<f32> {
    const STEP: f64 = 0.0005;
    let length = f64::from(direction[0]).hypot(f64::from(direction[1]));
    let steps = (6.0 / STEP).round() as usize;
    let points: Vec<[f32; 2]> = (0..=steps)
        .map(|k| {
            let t = k as f64 * STEP / length;
            [
                (t * f64::from(direction[0])) as f32,
                (t * f64::from(direction[1])) as f32,
            ]
        })
        .collect();
    let dev = Cpu::default();
    let xy: Vec<f32> = points.iter().flatten().copied().collect();
    let logits = model
        .forward(dev.tensor_from_vec(xy, (points.len(), Const::<2>)))
        .as_vec();
    let class = |k: usize| usize::from(logits[2 * k + 1] > logits[2 * k]);
    (1..=steps)
        .find(|&k| class(k) != class(0))
        .map(|k| (k as f64 * STEP) as f32)
}

/// Checks a solution of `boundary_distance`.
pub fn boundary_distance(solution: impl Fn(&Net, [f32; 2]) -> Option<f32>) {
    let circle = t08_playground::train(&Config::default(), &[])
        .expect("the default run trains")
        .model;
    let one_unit = t08_playground::train(&capacity_config(Dataset::Circle, 1), &[])
        .expect("the one-unit run trains")
        .model;
    let at_half = threshold_network(0.5);
    let at_seven = threshold_network(7.0);
    let cases: [(&str, &Net, [f32; 2], Option<f32>); 8] = [
        (
            "the lesson's trained circle network, direction (1, 0)",
            &circle,
            [1.0, 0.0],
            None,
        ),
        (
            "the trained circle network, direction (0, −2) (not of length 1)",
            &circle,
            [0.0, -2.0],
            None,
        ),
        (
            "the trained circle network, direction (−3, 4) (length 5)",
            &circle,
            [-3.0, 4.0],
            None,
        ),
        (
            "the circle network with 1 hidden unit, direction (1, 1)",
            &one_unit,
            [1.0, 1.0],
            None,
        ),
        (
            "a network that gives class 1 where x₁ > 0.5, direction (2, 0) (the origin is class 0)",
            &at_half,
            [2.0, 0.0],
            Some(0.5),
        ),
        (
            "a network that gives class 1 where x₁ > 0.5, direction (−1, 0)",
            &at_half,
            [-1.0, 0.0],
            None,
        ),
        (
            "a network that gives class 1 where x₁ > 7, direction (1, 0) (beyond the figures)",
            &at_seven,
            [1.0, 0.0],
            None,
        ),
        (
            "a network that gives class 1 where x₁ > 0.5, direction (0.3, 0.4)",
            &at_half,
            [0.3, 0.4],
            Some(0.5 / 0.6),
        ),
    ];
    for (input, model, direction, exact) in cases {
        let case = Case::new("boundary_distance", input);
        let expected = walked_distance(model, direction);
        if let Some(exact) = exact {
            // The hand-made networks' boundary is known: the walk must agree with it.
            let walked = expected.expect("the walk crosses the known boundary");
            assert!((walked - exact).abs() < 1e-3, "{input}: walked {walked}");
        }
        let got = case.run(|| solution(model, direction));
        match (got, expected) {
            (Some(g), Some(e)) => case.expect_close("the distance", g, e, 0.011),
            (g, e) => case.expect_eq("the distance", g, e),
        }
        case.show(got.map_or("no boundary within 6".to_string(), |d| format!("{d:.3}")));
    }
}

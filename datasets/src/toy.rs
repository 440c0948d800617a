//! TensorFlow Playground's four classification data sets: points in the plane, two classes.
//! Introduced in t08.
//!
//! Each generator follows Playground's own (`src/dataset.ts` in github.com/tensorflow/playground:
//! `classifyCircleData`, `classifyXORData`, `classifyTwoGaussData`, `classifySpiralData`), with
//! its constants, so that a picture here looks like the one in the browser:
//!
//! - [`Dataset::Circle`]: half the points uniform in radius 0–2.5 around the origin, half in the
//!   ring 3.5–5, at uniform angles; the class is "inside radius 2.5".
//! - [`Dataset::Xor`]: points uniform in ±5 on each axis, pushed 0.3 away from the axes; the class
//!   is "x₁ and x₂ have the same sign".
//! - [`Dataset::Gauss`]: two round Gaussian clusters, centred at (2, 2) and (−2, −2).
//! - [`Dataset::Spiral`]: two interleaved spirals, each 1.75 turns from the origin out to
//!   radius 5.
//!
//! `noise` runs from 0 to 0.5, as Playground's slider runs from 0 to 50%, and means what it means
//! there, which differs by data set. For the circle and XOR the points stay where they are, but
//! each point's class is decided at a position moved by up to ±5 × `noise` on each axis, so
//! points near the boundary take the other class. For the two Gaussians the variance grows from
//! 0.5 (noise 0) to 4 (noise 0.5). For the spirals each point moves by up to ±`noise` on each
//! axis, and keeps its class.
//!
//! Playground's class +1 (drawn blue) is label 1 here, its class −1 (orange) label 0. As in
//! Playground, the points are shuffled once after they are generated, and [`Points::split`] keeps
//! the first share for training and the rest for testing ("ratio of training to test data",
//! 50% by default). Everything is drawn from one `StdRng` seeded with the given seed: the same
//! seed gives the same points, bit for bit.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::f64::consts::PI;
use std::fmt;

/// The largest `noise` a generator takes: Playground's 50%.
pub const MAX_NOISE: f32 = 0.5;

/// Playground's plot shows x₁ and x₂ from −6 to 6: every point of every data set (at noise 0)
/// lies inside.
pub const EXTENT: f32 = 6.0;

/// One of Playground's four classification data sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dataset {
    /// An inner disc of one class inside a ring of the other.
    Circle,
    /// Four quadrants, the opposite ones of the same class.
    Xor,
    /// Two Gaussian clusters.
    Gauss,
    /// Two interleaved spirals.
    Spiral,
}

impl Dataset {
    /// The four, in Playground's order.
    pub const ALL: [Dataset; 4] = [
        Dataset::Circle,
        Dataset::Xor,
        Dataset::Gauss,
        Dataset::Spiral,
    ];

    /// Playground's name for it: `circle`, `xor`, `gauss` or `spiral`.
    pub fn name(self) -> &'static str {
        match self {
            Dataset::Circle => "circle",
            Dataset::Xor => "xor",
            Dataset::Gauss => "gauss",
            Dataset::Spiral => "spiral",
        }
    }

    /// The data set with this name (as [`Dataset::name`] gives it), if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|dataset| dataset.name() == name)
    }

    /// `n` points of this data set with the given `noise` (0 to [`MAX_NOISE`]), drawn from a
    /// generator seeded with `seed` and shuffled, as Playground does before it splits them.
    ///
    /// # Panics
    ///
    /// If `noise` is outside 0 to [`MAX_NOISE`].
    pub fn generate(self, n: usize, noise: f32, seed: u64) -> Points {
        assert!(
            (0.0..=MAX_NOISE).contains(&noise),
            "noise must be between 0 and {MAX_NOISE}, not {noise}"
        );
        let mut rng = StdRng::seed_from_u64(seed);
        let noise = f64::from(noise);
        let mut examples = match self {
            Dataset::Circle => circle(&mut rng, n, noise),
            Dataset::Xor => xor(&mut rng, n, noise),
            Dataset::Gauss => gauss(&mut rng, n, noise),
            Dataset::Spiral => spiral(&mut rng, n, noise),
        };
        examples.shuffle(&mut rng);
        Points {
            xy: examples.iter().map(|e| e.0).collect(),
            labels: examples.iter().map(|e| e.1).collect(),
        }
    }
}

impl fmt::Display for Dataset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// A labelled set of points in the plane: coordinates (x₁, x₂) and a class, 0 or 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Points {
    xy: Vec<[f32; 2]>,
    labels: Vec<u8>,
}

impl Points {
    /// Points from their coordinates and classes.
    ///
    /// # Panics
    ///
    /// If the two lists differ in length, or a label is neither 0 nor 1.
    pub fn new(xy: Vec<[f32; 2]>, labels: &[usize]) -> Self {
        assert_eq!(xy.len(), labels.len(), "one label per point");
        let labels = labels
            .iter()
            .map(|&label| {
                assert!(label < 2, "a label is 0 or 1, not {label}");
                label as u8
            })
            .collect();
        Self { xy, labels }
    }

    /// The number of points.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are no points.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Point `i`'s coordinates, `[x₁, x₂]`.
    pub fn point(&self, i: usize) -> [f32; 2] {
        self.xy[i]
    }

    /// Point `i`'s class: 0 or 1.
    pub fn label(&self, i: usize) -> usize {
        usize::from(self.labels[i])
    }

    /// Every point with its class, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = ([f32; 2], usize)> + '_ {
        self.xy
            .iter()
            .zip(&self.labels)
            .map(|(&xy, &label)| (xy, usize::from(label)))
    }

    /// How many points each class has: `[class 0, class 1]`.
    pub fn class_counts(&self) -> [usize; 2] {
        let ones = self.labels.iter().filter(|&&label| label == 1).count();
        [self.len() - ones, ones]
    }

    /// The first `training_share` of the points (rounded down) for training and the rest for
    /// testing: Playground's "ratio of training to test data", whose default is 0.5.
    ///
    /// # Panics
    ///
    /// If `training_share` is outside 0 to 1.
    pub fn split(&self, training_share: f32) -> (Points, Points) {
        assert!(
            (0.0..=1.0).contains(&training_share),
            "the training share is between 0 and 1, not {training_share}"
        );
        let n = (self.len() as f64 * f64::from(training_share)).floor() as usize;
        let part = |range: std::ops::Range<usize>| Points {
            xy: self.xy[range.clone()].to_vec(),
            labels: self.labels[range].to_vec(),
        };
        (part(0..n), part(n..self.len()))
    }
}

/// A generated example: its coordinates and its class.
type Example = ([f32; 2], u8);

fn example(x: f64, y: f64, positive: bool) -> Example {
    ([x as f32, y as f32], u8::from(positive))
}

/// Uniform in [a, b): Playground's `randUniform`.
fn uniform(rng: &mut StdRng, a: f64, b: f64) -> f64 {
    rng.gen::<f64>() * (b - a) + a
}

/// A normal sample by Marsaglia's polar method: Playground's `normalRandom`.
fn normal(rng: &mut StdRng, mean: f64, variance: f64) -> f64 {
    loop {
        let v1 = 2.0 * rng.gen::<f64>() - 1.0;
        let v2 = 2.0 * rng.gen::<f64>() - 1.0;
        let s = v1 * v1 + v2 * v2;
        // Playground rejects only s > 1; s = 0 would divide by zero.
        if s <= 1.0 && s > 0.0 {
            return mean + variance.sqrt() * (-2.0 * s.ln() / s).sqrt() * v1;
        }
    }
}

// ANCHOR: circle
/// `classifyCircleData`: class 1 inside radius 2.5, class 0 in the ring from 3.5 to 5; the class
/// is read at a position moved by noise.
fn circle(rng: &mut StdRng, n: usize, noise: f64) -> Vec<Example> {
    const RADIUS: f64 = 5.0;
    let mut examples = Vec::with_capacity(n);
    for (count, (r_min, r_max)) in [
        (n / 2, (0.0, RADIUS * 0.5)),
        (n - n / 2, (RADIUS * 0.7, RADIUS)),
    ] {
        for _ in 0..count {
            let r = uniform(rng, r_min, r_max);
            let angle = uniform(rng, 0.0, 2.0 * PI);
            let (x, y) = (r * angle.sin(), r * angle.cos());
            let noise_x = uniform(rng, -RADIUS, RADIUS) * noise;
            let noise_y = uniform(rng, -RADIUS, RADIUS) * noise;
            let inside = (x + noise_x).hypot(y + noise_y) < RADIUS * 0.5;
            examples.push(example(x, y, inside));
        }
    }
    examples
}
// ANCHOR_END: circle

/// `classifyXORData`: class 1 where x₁·x₂ ≥ 0, read at a position moved by noise.
fn xor(rng: &mut StdRng, n: usize, noise: f64) -> Vec<Example> {
    const PADDING: f64 = 0.3;
    let away_from_axis = |v: f64| if v > 0.0 { v + PADDING } else { v - PADDING };
    (0..n)
        .map(|_| {
            let x = away_from_axis(uniform(rng, -5.0, 5.0));
            let y = away_from_axis(uniform(rng, -5.0, 5.0));
            let noise_x = uniform(rng, -5.0, 5.0) * noise;
            let noise_y = uniform(rng, -5.0, 5.0) * noise;
            example(x, y, (x + noise_x) * (y + noise_y) >= 0.0)
        })
        .collect()
}

/// `classifyTwoGaussData`: class 1 around (2, 2), class 0 around (−2, −2), the variance growing
/// linearly from 0.5 at noise 0 to 4 at noise 0.5.
fn gauss(rng: &mut StdRng, n: usize, noise: f64) -> Vec<Example> {
    let variance = 0.5 + noise / 0.5 * (4.0 - 0.5);
    let mut examples = Vec::with_capacity(n);
    for (count, centre, positive) in [(n / 2, 2.0, true), (n - n / 2, -2.0, false)] {
        for _ in 0..count {
            let x = normal(rng, centre, variance);
            let y = normal(rng, centre, variance);
            examples.push(example(x, y, positive));
        }
    }
    examples
}

/// `classifySpiralData`: two spirals, the second turned by half a turn, each point moved by up to
/// ±noise on each axis.
fn spiral(rng: &mut StdRng, n: usize, noise: f64) -> Vec<Example> {
    let mut examples = Vec::with_capacity(n);
    for (count, delta, positive) in [(n / 2, 0.0, true), (n - n / 2, PI, false)] {
        for i in 0..count {
            let share = i as f64 / count as f64;
            let r = share * 5.0;
            let t = 1.75 * share * 2.0 * PI + delta;
            let x = r * t.sin() + uniform(rng, -1.0, 1.0) * noise;
            let y = r * t.cos() + uniform(rng, -1.0, 1.0) * noise;
            examples.push(example(x, y, positive));
        }
    }
    examples
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_points_and_another_seed_others() {
        for dataset in Dataset::ALL {
            let a = dataset.generate(100, 0.2, 7);
            assert_eq!(a, dataset.generate(100, 0.2, 7), "{dataset}");
            assert_ne!(a, dataset.generate(100, 0.2, 8), "{dataset}");
            assert_eq!(a.len(), 100);
        }
    }

    #[test]
    fn classes_are_balanced() {
        for dataset in [Dataset::Circle, Dataset::Gauss, Dataset::Spiral] {
            assert_eq!(dataset.generate(500, 0.0, 1).class_counts(), [250, 250]);
        }
        // XOR's classes come from the quadrants: about half each.
        let [zeros, ones] = Dataset::Xor.generate(500, 0.0, 1).class_counts();
        assert!(
            (200..=300).contains(&zeros) && zeros + ones == 500,
            "{zeros}"
        );
    }

    #[test]
    fn without_noise_the_circle_classes_are_separated_by_radius() {
        let points = Dataset::Circle.generate(500, 0.0, 3);
        for (xy, label) in points.iter() {
            let r = xy[0].hypot(xy[1]);
            match label {
                1 => assert!(r < 2.5, "class 1 at radius {r}"),
                _ => assert!((3.5..=5.0).contains(&r), "class 0 at radius {r}"),
            }
        }
    }

    #[test]
    fn noise_mislabels_circle_points_but_leaves_the_spirals_classes() {
        let mislabelled = |points: &Points| {
            points
                .iter()
                .filter(|(xy, label)| (xy[0].hypot(xy[1]) < 3.0) != (*label == 1))
                .count()
        };
        let noisy = Dataset::Circle.generate(500, 0.5, 3);
        assert!(mislabelled(&noisy) > 50, "{}", mislabelled(&noisy));
        assert_eq!(
            Dataset::Spiral.generate(500, 0.5, 3).class_counts(),
            [250, 250]
        );
    }

    #[test]
    fn xor_classes_follow_the_quadrants_and_keep_off_the_axes() {
        for (xy, label) in Dataset::Xor.generate(300, 0.0, 5).iter() {
            assert!(xy[0].abs() >= 0.3 && xy[1].abs() >= 0.3, "{xy:?}");
            assert_eq!(label == 1, xy[0] * xy[1] >= 0.0, "{xy:?}");
        }
    }

    #[test]
    fn points_lie_in_playgrounds_plot_at_noise_zero() {
        for dataset in [Dataset::Circle, Dataset::Xor, Dataset::Spiral] {
            let points = dataset.generate(500, 0.0, 2);
            assert!(points
                .iter()
                .all(|(xy, _)| xy[0].abs() < EXTENT && xy[1].abs() < EXTENT));
        }
    }

    #[test]
    fn split_keeps_the_first_share_for_training() {
        let points = Dataset::Gauss.generate(11, 0.0, 4);
        let (train, test) = points.split(0.5);
        assert_eq!((train.len(), test.len()), (5, 6));
        assert_eq!(train.point(0), points.point(0));
        assert_eq!(test.point(0), points.point(5));
        assert_eq!(Dataset::from_name("spiral"), Some(Dataset::Spiral));
        assert_eq!(Dataset::from_name("moons"), None);
    }
}

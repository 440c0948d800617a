//! Reference solutions for t08's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use crate::Net;
use dfdx::prelude::*;
use kit::train::most_likely_of;

/// Exercise `feature_columns`: Playground's seven input features of each point, in Playground's
/// order: x₁, x₂, x₁², x₂², x₁·x₂, sin x₁, sin x₂.
pub fn feature_columns(
    xy: Tensor<(usize, Const<2>), f32, Cpu>,
) -> Tensor<(usize, Const<7>), f32, Cpu> {
    // Each column on its own, as a `(rows, 1)` tensor (slicing gives run-time widths). The points
    // carry no tape: features are inputs. Were `xy` traced, slicing it twice would give it a wrong
    // gradient in dfdx 0.13, whose `slice` backward overwrites its input's gradient rather than
    // adding to it.
    let x1 = xy.clone().slice((.., 0..1));
    let x2 = xy.slice((.., 1..2));
    let columns = [
        x1.clone(),
        x2.clone(),
        x1.clone().square(),
        x2.clone().square(),
        x1.clone() * x2.clone(),
        x1.sin(),
        x2.sin(),
    ];
    let joined = columns
        .into_iter()
        .reduce(|left, right| (left, right).concat_along(Axis::<1>))
        .expect("seven columns");
    joined.realize::<(usize, Const<7>)>()
}

/// Exercise `boundary_distance`: walking from the origin along `direction`, the distance at
/// which `model`'s most likely class first differs from its class at the origin, to within 0.01,
/// looking no further than 6; `None` if it does not change by then.
pub fn boundary_distance(model: &Net, direction: [f32; 2]) -> Option<f32> {
    const STEP: f32 = 0.001;
    let length = direction[0].hypot(direction[1]);
    let unit = [direction[0] / length, direction[1] / length];
    let steps = (6.0 / STEP).round() as usize;
    let along: Vec<f32> = (0..=steps)
        .flat_map(|k| {
            let t = k as f32 * STEP;
            [t * unit[0], t * unit[1]]
        })
        .collect();
    let dev = Cpu::default();
    let points = dev.tensor_from_vec(along, (steps + 1, Const::<2>));
    // One forward pass for every point of the walk, without a tape.
    let classes = most_likely_of(&model.forward(points).as_vec(), 2);
    let first_other = classes.iter().position(|&class| class != classes[0])?;
    Some(first_other as f32 * STEP)
}

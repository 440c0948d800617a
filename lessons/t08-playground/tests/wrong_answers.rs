//! Answers that look right on the lesson's own data but are wrong: the checks must reject every
//! one, each for the reason named. (Spoilers: these are near-solutions.)

mod checks;

use dfdx::prelude::*;
use kit::train::most_likely_of;
use t08_playground::Net;

#[test]
#[should_panic(expected = "`feature_columns` is wrong for the lesson's 250 circle training points")]
fn feature_columns_rejects_a_literal() {
    checks::feature_columns(|xy| {
        let dev = Cpu::default();
        dev.zeros_like(&(xy.shape().0, Const::<7>))
    });
}

/// The right seven columns, with the product x₁·x₂ put before the two squares.
#[test]
#[should_panic(expected = "expected x₁² of row 0 =")]
fn feature_columns_rejects_the_product_before_the_squares() {
    checks::feature_columns(|xy| {
        let x1 = xy.clone().slice((.., 0..1));
        let x2 = xy.slice((.., 1..2));
        [
            x1.clone(),
            x2.clone(),
            x1.clone() * x2.clone(),
            x1.clone().square(),
            x2.clone().square(),
            x1.sin(),
            x2.sin(),
        ]
        .into_iter()
        .reduce(|a, b| (a, b).concat_along(Axis::<1>))
        .unwrap()
        .realize::<(usize, Const<7>)>()
    });
}

#[test]
#[should_panic(expected = "`boundary_distance` is wrong for the lesson's trained circle network")]
fn boundary_distance_rejects_a_literal() {
    checks::boundary_distance(|_, _| Some(3.0));
}

/// The reference walk, along the direction as given, without making it of length 1 first.
fn walk(
    model: &Net,
    direction: [f32; 2],
    step: f32,
    is_other: impl Fn(usize, usize) -> bool,
) -> Option<f32> {
    let steps = (6.0 / step).round() as usize;
    let along: Vec<f32> = (0..=steps)
        .flat_map(|k| {
            [
                k as f32 * step * direction[0],
                k as f32 * step * direction[1],
            ]
        })
        .collect();
    let dev = Cpu::default();
    let points = dev.tensor_from_vec(along, (steps + 1, Const::<2>));
    let classes = most_likely_of(&model.forward(points).as_vec(), 2);
    let first = classes.iter().position(|&c| is_other(c, classes[0]))?;
    Some(first as f32 * step)
}

fn unit(direction: [f32; 2]) -> [f32; 2] {
    let length = direction[0].hypot(direction[1]);
    [direction[0] / length, direction[1] / length]
}

#[test]
#[should_panic(expected = "direction (0, −2) (not of length 1)")]
fn boundary_distance_rejects_a_direction_not_made_of_length_1() {
    checks::boundary_distance(|model, direction| {
        walk(model, direction, 0.001, |c, first| c != first)
    });
}

/// Looks for the first point of class 0, as if the origin were always inside class 1.
#[test]
#[should_panic(expected = "(the origin is class 0)")]
fn boundary_distance_rejects_looking_for_class_0() {
    checks::boundary_distance(|model, direction| {
        walk(model, unit(direction), 0.001, |c, _| c == 0)
    });
}

/// Steps of 0.1: the boundary is found, but only to within 0.1.
#[test]
#[should_panic(expected = "`boundary_distance` is wrong for")]
fn boundary_distance_rejects_steps_of_a_tenth() {
    checks::boundary_distance(|model, direction| {
        walk(model, unit(direction), 0.1, |c, first| c != first)
    });
}

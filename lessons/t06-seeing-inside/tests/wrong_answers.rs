//! Answers that look right on the lesson's own data but are wrong: the checks must reject every
//! one, each for the reason named. (Spoilers: these are near-solutions.)

mod checks;

use checks::Images;
use dfdx::prelude::*;
use t06_seeing_inside::{Network, HIDDEN};

/// The first test image the lesson prints in `top-digits.png`, whatever the unit.
fn the_printed_image(_model: &Network, _images: Images, _unit: usize) -> Option<usize> {
    Some(489)
}

#[test]
#[should_panic(
    expected = "`most_exciting_digit` is wrong for the lesson's trained network on the 1,000 test \
                digits, unit 0"
)]
fn most_exciting_digit_rejects_a_literal() {
    checks::most_exciting_digit(the_printed_image);
}

/// The largest value of `w·x + b` before the ReLU: the same image for a living unit, but an
/// image even for a unit that every image leaves at 0.
fn before_the_relu(model: &Network, images: Images, unit: usize) -> Option<usize> {
    let values = model.0 .0.forward(images).as_vec();
    let column: Vec<f32> = values.iter().skip(unit).step_by(HIDDEN).copied().collect();
    (0..column.len()).reduce(|best, i| if column[i] > column[best] { i } else { best })
}

#[test]
#[should_panic(expected = "expected None: the unit is 0 on every image")]
fn most_exciting_digit_rejects_a_unit_read_before_its_relu() {
    checks::most_exciting_digit(before_the_relu);
}

/// Reads row `unit` (an image) instead of column `unit` (a hidden unit): the unit that image
/// excites most.
fn a_row_for_a_column(model: &Network, images: Images, unit: usize) -> Option<usize> {
    let values = model.0.forward(images).as_vec();
    let row = &values[unit * HIDDEN..(unit + 1) * HIDDEN];
    (0..HIDDEN)
        .filter(|&u| row[u] > 0.0)
        .reduce(|best, u| if row[u] > row[best] { u } else { best })
}

#[test]
#[should_panic(expected = "`most_exciting_digit` is wrong for the lesson's trained network")]
fn most_exciting_digit_rejects_a_row_read_for_a_column() {
    checks::most_exciting_digit(a_row_for_a_column);
}

/// The dead unit the lesson prints, whatever the network and the images.
fn the_printed_unit(_model: &Network, _images: Images) -> Vec<usize> {
    vec![15]
}

#[test]
#[should_panic(
    expected = "`dead_units` is wrong for the trained network on the test digits labelled 1"
)]
fn dead_units_rejects_a_literal() {
    checks::dead_units(the_printed_unit);
}

/// The units that are 0 on at least one image (the smallest value over the images is 0),
/// instead of on every image.
fn zero_on_some_image(model: &Network, images: Images) -> Vec<usize> {
    let smallest = model.0.forward(images).min::<Rank1<HIDDEN>, _>().array();
    (0..HIDDEN).filter(|&unit| smallest[unit] == 0.0).collect()
}

#[test]
#[should_panic(expected = "not among the dead units")]
fn dead_units_rejects_units_that_are_zero_on_some_image() {
    checks::dead_units(zero_on_some_image);
}

//! Answers that look right on the lesson's own data but are wrong, and literals copied from the
//! lesson's example: the checks must reject every one, each for the reason named. (Spoilers:
//! these are near-solutions.)

mod checks;

use dfdx::prelude::*;
use t13_tensors::Traced;

type Matrix<const R: usize, const C: usize> = Tensor<Rank2<R, C>, f32, Cpu>;

/// Rows of -1 and 1 alternating, whatever the input: the lesson's x standardised, as a literal.
fn the_lessons_answer<const R: usize, const C: usize>(x: Matrix<R, C>) -> Matrix<R, C> {
    let values = (0..R * C)
        .map(|i| if (i / C).is_multiple_of(2) { -1.0 } else { 1.0 })
        .collect();
    x.device().tensor_from_vec(values, (Const, Const))
}

#[test]
#[should_panic(expected = "`standardize_columns` is wrong for the square matrix")]
fn standardize_columns_rejects_the_lessons_answer_as_a_literal() {
    checks::standardize_columns(the_lessons_answer, the_lessons_answer, the_lessons_answer);
}

/// Centres the columns and forgets to scale them.
fn only_centred<const R: usize, const C: usize>(x: Matrix<R, C>) -> Matrix<R, C> {
    let mean = x.clone().mean::<_, Axis<0>>();
    x - mean.broadcast()
}

#[test]
#[should_panic(expected = "`standardize_columns` is wrong for the lesson's x")]
fn standardize_columns_rejects_centring_without_scaling() {
    checks::standardize_columns(only_centred, only_centred, only_centred);
}

/// PyTorch's default `x.std(dim=0)`: Bessel's correction, dividing by R - 1.
fn divided_by_r_minus_1<const R: usize, const C: usize>(x: Matrix<R, C>) -> Matrix<R, C> {
    let mean = x.clone().mean::<_, Axis<0>>();
    let centred = x - mean.broadcast();
    let sum_of_squares = centred.clone().square().sum::<_, Axis<0>>();
    let std = (sum_of_squares / (R - 1) as f32).sqrt();
    centred / std.broadcast()
}

#[test]
#[should_panic(expected = "`standardize_columns` is wrong for the lesson's x")]
fn standardize_columns_rejects_the_unbiased_standard_deviation() {
    checks::standardize_columns(
        divided_by_r_minus_1,
        divided_by_r_minus_1,
        divided_by_r_minus_1,
    );
}

/// The variance as mean(x²) - mean(x)², which is exact in algebra and hopeless in f32 for a
/// column far from 0: both terms are near 10⁶ and their difference near 1.
fn one_pass_variance<const R: usize, const C: usize>(x: Matrix<R, C>) -> Matrix<R, C> {
    let mean = x.clone().mean::<_, Axis<0>>();
    let mean_square = x.clone().square().mean::<_, Axis<0>>();
    let variance = mean_square - mean.clone().square();
    (x - mean.broadcast()) / variance.sqrt().broadcast()
}

#[test]
#[should_panic(expected = "`standardize_columns` is wrong for 200 × 4 samples")]
fn standardize_columns_rejects_the_one_pass_variance() {
    checks::standardize_columns(one_pass_variance, one_pass_variance, one_pass_variance);
}

/// Standardises the rows instead of the columns: on the lesson's x, every row is [-1.22, 0,
/// 1.22] then.
fn rows_instead<const R: usize, const C: usize>(x: Matrix<R, C>) -> Matrix<R, C> {
    let mean = x.clone().mean::<_, Axis<1>>();
    let centred = x - mean.broadcast();
    let std = centred.clone().square().mean::<_, Axis<1>>().sqrt();
    centred / std.broadcast()
}

#[test]
#[should_panic(expected = "`standardize_columns` is wrong for the lesson's x")]
fn standardize_columns_rejects_standardising_the_rows() {
    checks::standardize_columns(rows_instead, rows_instead, rows_instead);
}

/// The obvious translation of `x[:-2] - 2 * x[1:-1] + x[2:]`: three slices of x. The value is
/// right; each slice's backward pass overwrites x's gradient where the others wrote.
fn three_slices<const N: usize>(x: Traced<Rank1<N>>) -> Traced<Rank0> {
    let before = x.with_empty_tape().slice((..N - 2,));
    let at = x.with_empty_tape().slice((1..N - 1,));
    let after = x.slice((2..,));
    (before - at * 2.0 + after).square().sum()
}

#[test]
#[should_panic(expected = "expected the gradient with respect to x[1]")]
fn curvature_rejects_three_slices() {
    checks::curvature(three_slices, three_slices, three_slices);
}

/// Gathers the shifted copies, but takes two of them off the tape (`retaped::<NoneTape>`), so
/// no gradient flows back through them.
fn two_copies_untraced<const N: usize>(x: Traced<Rank1<N>>) -> Traced<Rank0> {
    let dev = x.device().clone();
    let shifted = |first: usize| dev.tensor(((first..first + N - 2).collect::<Vec<_>>(), (N - 2,)));
    let before = x.retaped::<NoneTape>().gather(shifted(0));
    let at = x.retaped::<NoneTape>().gather(shifted(1));
    let after = x.gather(shifted(2));
    (after - at * 2.0 + before).square().sum()
}

#[test]
#[should_panic(
    expected = "`curvature` is wrong for the lesson's x, [0, 1, 4, 9, 16, 25]:\n  expected the gradient"
)]
fn curvature_rejects_copies_taken_off_the_tape() {
    checks::curvature(
        two_copies_untraced,
        two_copies_untraced,
        two_copies_untraced,
    );
}

/// The curvature of the lesson's x, 16, as a literal that is still attached to x's tape.
fn sixteen<const N: usize>(x: Traced<Rank1<N>>) -> Traced<Rank0> {
    (x * 0.0).sum() + 16.0
}

#[test]
#[should_panic(
    expected = "`curvature` is wrong for the lesson's x, [0, 1, 4, 9, 16, 25]:\n  expected the gradient"
)]
fn curvature_rejects_the_value_for_the_lessons_x_as_a_literal() {
    checks::curvature(sixteen, sixteen, sixteen);
}

//! Answers that look right on the lesson's own data but are wrong: the checks must reject every
//! one, each for the reason named. (Spoilers: these are near-solutions.)

mod checks;

use dfdx::prelude::*;
use std::ops::Add;

/// Adds the first two values and forgets the rest.
fn first_two<T: Add<Output = T> + Clone>(first: T, rest: &[T]) -> T {
    match rest.first() {
        Some(second) => first + second.clone(),
        None => first,
    }
}

#[test]
#[should_panic(expected = "`add_all` is wrong for -5 and [12, -30, 8] (i32)")]
fn add_all_rejects_the_total_of_the_lessons_example() {
    checks::add_all(|_, _| 10, first_two, first_two, first_two, first_two);
}

#[test]
#[should_panic(expected = "`add_all` is wrong for 1 and [2, 3, 4] (i32)")]
fn add_all_rejects_stopping_after_two_values() {
    checks::add_all(first_two, first_two, first_two, first_two, first_two);
}

/// The round trip through f32: exact up to 2^24 only, and it cannot see an overflow.
fn through_f32<const N: usize>(
    a: Tensor<Rank1<N>, i32, AutoDevice>,
    b: Tensor<Rank1<N>, i32, AutoDevice>,
) -> Option<Tensor<Rank1<N>, i32, AutoDevice>> {
    Some((a.to_dtype::<f32>() + b.to_dtype::<f32>()).to_dtype::<i32>())
}

#[test]
#[should_panic(expected = "is wrong for sums beyond 2^24")]
fn checked_add_integer_tensors_rejects_the_round_trip_through_f32() {
    checks::checked_add_integer_tensors(through_f32, through_f32, through_f32);
}

/// Exact through f64, but converting an out-of-range sum back saturates instead of failing.
fn through_f64_unchecked<const N: usize>(
    a: Tensor<Rank1<N>, i32, AutoDevice>,
    b: Tensor<Rank1<N>, i32, AutoDevice>,
) -> Option<Tensor<Rank1<N>, i32, AutoDevice>> {
    Some((a.to_dtype::<f64>() + b.to_dtype::<f64>()).to_dtype::<i32>())
}

#[test]
#[should_panic(expected = "is wrong for [2147483647, 0] and [1, 0], whose sum overflows")]
fn checked_add_integer_tensors_rejects_a_sum_that_saturates_on_overflow() {
    checks::checked_add_integer_tensors(
        through_f64_unchecked,
        through_f64_unchecked,
        through_f64_unchecked,
    );
}

/// The sums of the lesson's example, whatever the input.
fn the_lessons_sums<const N: usize>(
    a: Tensor<Rank1<N>, i32, AutoDevice>,
    _b: Tensor<Rank1<N>, i32, AutoDevice>,
) -> Option<Tensor<Rank1<N>, i32, AutoDevice>> {
    let sums = [7, 2, 0].into_iter().cycle().take(N).collect();
    Some(a.device().tensor_from_vec(sums, (Const,)))
}

#[test]
#[should_panic(expected = "is wrong for sums beyond 2^24")]
fn checked_add_integer_tensors_rejects_the_sums_of_the_lessons_example() {
    checks::checked_add_integer_tensors(the_lessons_sums, the_lessons_sums, the_lessons_sums);
}

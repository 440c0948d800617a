//! What p05's exercise must get right, written once for `tests/exercises.rs` (your solution) and
//! `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! `check_exact` is handed dfdx computations the lesson never runs: some correct (a matrix
//! product, a sum of random integers), some broken on purpose (a sum that drops a value, an
//! answer off in the last bit, a NaN, too many or too few values, and a run-time shape mismatch
//! that makes dfdx panic). Whether each check must pass is fixed by how the case was built; the
//! values the check must report are computed here by running the computation a second time.

use dfdx::prelude::*;
use kit::check::Case;
use p05_verify_pytorch::Check;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

/// A computation to check: it makes its own device and data, so it can be run twice.
type Computation = fn() -> Vec<f32>;

/// How a case must come out.
enum Outcome {
    /// The values are exactly the expected ones.
    Passes,
    /// The computation returns values, but not exactly the expected ones.
    FailsWithValues,
    /// The computation panics.
    FailsWithPanic,
}

/// One input of the exercise: a computation, the values expected of it, and the verdict.
struct Input {
    /// The input in words, as failures name it.
    description: &'static str,
    /// The `name` handed to `check_exact`.
    name: &'static str,
    expected: Vec<f32>,
    computation: Computation,
    outcome: Outcome,
}

/// 1,000 integers in [-1000, 1000] drawn with seed 5: every partial sum stays below 2^24, so
/// their f32 sum is exact in any order.
fn seeded_integers() -> Vec<f32> {
    let mut rng = StdRng::seed_from_u64(5);
    (0..1000)
        .map(|_| rng.gen_range(-1000i32..=1000) as f32)
        .collect()
}

/// The inputs, correct computations first.
fn inputs() -> Vec<Input> {
    let exact_total = seeded_integers()
        .iter()
        .map(|&v| i64::from(v as i32))
        .sum::<i64>();
    vec![
        Input {
            description: "the lesson's [1, 2, 3].sum(), expecting [6]",
            name: "sum",
            expected: vec![6.0],
            computation: || {
                let dev = Cpu::default();
                dev.tensor([1.0f32, 2.0, 3.0]).sum::<Rank0, _>().as_vec()
            },
            outcome: Outcome::Passes,
        },
        Input {
            description: "the matrix product [[1, 2], [3, 4]] · [[5, 6], [7, 8]], expecting \
                          [19, 22, 43, 50]",
            name: "matmul",
            expected: vec![19.0, 22.0, 43.0, 50.0],
            computation: || {
                let dev = Cpu::default();
                let a = dev.tensor([[1.0f32, 2.0], [3.0, 4.0]]);
                let b = dev.tensor([[5.0f32, 6.0], [7.0, 8.0]]);
                a.matmul(b).as_vec()
            },
            outcome: Outcome::Passes,
        },
        Input {
            description: "the sum of 1,000 integers drawn with seed 5, expecting their exact sum",
            name: "sum of random integers",
            expected: vec![exact_total as f32],
            computation: || {
                let values = seeded_integers();
                let dev = Cpu::default();
                let n = values.len();
                dev.tensor_from_vec(values, (n,)).sum::<Rank0, _>().as_vec()
            },
            outcome: Outcome::Passes,
        },
        Input {
            description: "a broken sum that drops the last value of [1, 2, 3], expecting [6]",
            name: "sum",
            expected: vec![6.0],
            computation: || {
                let dev = Cpu::default();
                let x = dev.tensor([1.0f32, 2.0, 3.0]);
                x.slice((0..2,)).sum::<Rank0, _>().as_vec()
            },
            outcome: Outcome::FailsWithValues,
        },
        Input {
            description: "ten times 0.1 summed, expecting [1] (the f32 sum is 1.0000001)",
            name: "tenths",
            expected: vec![1.0],
            computation: || {
                let dev = Cpu::default();
                dev.tensor([0.1f32; 10]).sum::<Rank0, _>().as_vec()
            },
            outcome: Outcome::FailsWithValues,
        },
        Input {
            description: "0 / 0 computed in a tensor, expecting [0] (the answer is NaN)",
            name: "zero over zero",
            expected: vec![0.0],
            computation: || {
                let dev = Cpu::default();
                (dev.tensor([0.0f32]) / 0.0).as_vec()
            },
            outcome: Outcome::FailsWithValues,
        },
        Input {
            description: "[1, 2, 3, 4] doubled, expecting only the three values [2, 4, 6]",
            name: "double",
            expected: vec![2.0, 4.0, 6.0],
            computation: || {
                let dev = Cpu::default();
                (dev.tensor([1.0f32, 2.0, 3.0, 4.0]) * 2.0).as_vec()
            },
            outcome: Outcome::FailsWithValues,
        },
        Input {
            description: "a sum that is never read back, so no values come out, expecting [6]",
            name: "unread sum",
            expected: vec![6.0],
            computation: || {
                let dev = Cpu::default();
                let _sum = dev.tensor([1.0f32, 2.0, 3.0]).sum::<Rank0, _>();
                Vec::new()
            },
            outcome: Outcome::FailsWithValues,
        },
        Input {
            description: "adding run-time vectors of lengths 3 and 4, which makes dfdx panic, \
                          expecting [2, 4, 6]",
            name: "mismatched add",
            expected: vec![2.0, 4.0, 6.0],
            computation: || {
                let dev = Cpu::default();
                let a = dev.tensor_from_vec(vec![1.0f32, 2.0, 3.0], (3,));
                let b = dev.tensor_from_vec(vec![1.0f32, 2.0, 3.0, 4.0], (4,));
                silence_the_next_panic();
                (a + b).as_vec()
            },
            outcome: Outcome::FailsWithPanic,
        },
    ]
}

thread_local! {
    /// Whether the next panic on this thread is one of the computations' own, on purpose.
    static SILENCE_NEXT_PANIC: Cell<bool> = const { Cell::new(false) };
}

/// Keeps the panic hook from printing the next panic on this thread: a computation that panics
/// on purpose would otherwise put a panic message among a solved exercise's results. Every
/// other panic, the check's own included, is printed as usual.
fn silence_the_next_panic() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let print = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !SILENCE_NEXT_PANIC.with(|silence| silence.replace(false)) {
                print(info);
            }
        }));
    });
    SILENCE_NEXT_PANIC.with(|silence| silence.set(true));
}

/// The message of the panic that `computation` raises, caught here to know what to expect.
fn panic_message_of(computation: Computation) -> String {
    let payload =
        panic::catch_unwind(AssertUnwindSafe(computation)).expect_err("this computation panics");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|m| m.to_string()))
        .expect("dfdx's panics carry a message")
}

/// Checks a solution of `check_exact`.
pub fn check_exact(solution: impl Fn(&'static str, &[f32], Computation) -> Check) {
    for input in inputs() {
        let case = Case::new("check_exact", input.description);
        // Work out what the check must report before the learner's code runs the computation.
        let observed = match input.outcome {
            Outcome::Passes | Outcome::FailsWithValues => {
                Some(format!("{:?}", (input.computation)()))
            }
            Outcome::FailsWithPanic => None,
        };
        let message = match input.outcome {
            Outcome::FailsWithPanic => Some(panic_message_of(input.computation)),
            _ => None,
        };
        let check = case.run(|| solution(input.name, &input.expected, input.computation));
        SILENCE_NEXT_PANIC.with(|silence| silence.set(false));

        case.expect_eq("the name", check.name, input.name);
        case.expect_eq(
            "`expected`",
            check.expected.as_str(),
            &format!("{:?}", input.expected),
        );
        match (&observed, &message) {
            (Some(values), _) => case.expect_eq("`observed`", check.observed.as_str(), values),
            (None, Some(message)) => case.expect(
                check.observed.starts_with("panicked: ") && check.observed.contains(message),
                &format!(
                    "`observed` to start with \"panicked: \" and hold the panic's message \
                     {message:?}, not {:?}",
                    check.observed
                ),
            ),
            (None, None) => unreachable!("a case that panics has a message"),
        }
        case.expect_eq(
            "`passed`",
            check.passed,
            matches!(input.outcome, Outcome::Passes),
        );
        let verdict = if check.passed { "PASS" } else { "FAIL" };
        case.show(format!("{verdict}, observed {}", check.observed));
    }
}

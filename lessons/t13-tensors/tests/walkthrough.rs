//! The lesson's output is the snapshot the book shows: any change to it fails this test. The
//! other tests check, on inputs the lesson does not print, what the output and the chapter say.

use dfdx::prelude::*;
use t13_tensors::{
    gradient, roughness_by_gathering, roughness_by_slicing, roughness_gradient, Traced,
};

#[test]
fn output() {
    insta::assert_snapshot!("output", kit::capture(t13_tensors::walkthrough));
}

/// Seeded N(0, 1) samples of length `N`.
fn samples<const N: usize>(seed: u64) -> Tensor<Rank1<N>, f32, Cpu> {
    Cpu::seed_from_u64(seed).sample_normal()
}

/// The differences `x[i+1] - x[i]`, in `f64`.
fn differences(x: &[f32]) -> Vec<f64> {
    x.windows(2)
        .map(|w| f64::from(w[1]) - f64::from(w[0]))
        .collect()
}

fn assert_all_close(what: &str, got: &[f32], expected: &[f64]) {
    assert_eq!(got.len(), expected.len(), "{what}: lengths");
    for (i, (g, e)) in got.iter().zip(expected).enumerate() {
        assert!(
            (f64::from(*g) - e).abs() <= 1e-4 * e.abs().max(1.0),
            "{what}[{i}]: got {g}, expected {e}"
        );
    }
}

fn check_roughness<const N: usize>(seed: u64) {
    let x = samples::<N>(seed);
    let values = x.as_vec();
    let right = roughness_gradient(&values);
    let d = differences(&values);

    let (_, by_gathering) = gradient(&x, roughness_by_gathering);
    assert_all_close("gather's gradient", &by_gathering, &right);

    // Slicing: x[1:] is recorded first, so its backward pass runs last and overwrites elements
    // 1..N of the gradient; only element 0 keeps what x[:-1] sent it.
    let (_, by_slicing) = gradient(&x, roughness_by_slicing);
    let overwritten: Vec<f64> = (0..N)
        .map(|j| if j == 0 { -2.0 * d[0] } else { 2.0 * d[j - 1] })
        .collect();
    assert_all_close("slicing's gradient", &by_slicing, &overwritten);
    if N > 2 {
        assert_ne!(
            by_slicing, by_gathering,
            "the slices gave the right gradient"
        );
    }
}

#[test]
fn gathering_gives_the_right_gradient_and_slicing_overwrites_it() {
    for seed in 0..3 {
        check_roughness::<2>(seed);
        check_roughness::<7>(seed);
        check_roughness::<40>(seed);
    }
}

/// The same two slices recorded in the other order: now x[:-1]'s backward pass has the last
/// word, and only the last element keeps what x[1:] sent it.
#[test]
fn the_slice_recorded_first_has_the_last_word() {
    let x = samples::<9>(4);
    let d = differences(&x.as_vec());
    let (_, grad) = gradient(&x, |x: Traced<Rank1<9>>| {
        let earlier = x.with_empty_tape().slice((..8,));
        let later = x.slice((1..,));
        (later - earlier).square().sum()
    });
    let expected: Vec<f64> = (0..9)
        .map(|j| if j < 8 { -2.0 * d[j] } else { 2.0 * d[7] })
        .collect();
    assert_all_close("the gradient", &grad, &expected);
}

/// A single slice is wrong too when anything else also sends a gradient to its input, and
/// right when nothing does.
#[test]
fn one_slice_overwrites_what_else_flowed_into_its_input() {
    let x = samples::<5>(6);
    let v: Vec<f64> = x.as_vec().iter().map(|&v| f64::from(v)).collect();
    let (_, grad) = gradient(&x, |x: Traced<Rank1<5>>| {
        x.with_empty_tape().slice((1..,)).sum::<Rank0, _>() + x.square().sum()
    });
    let overwritten: Vec<f64> = (0..5)
        .map(|j| if j == 0 { 2.0 * v[0] } else { 1.0 })
        .collect();
    assert_all_close("slice, then square", &grad, &overwritten);

    let (_, alone) = gradient(&x, |x: Traced<Rank1<5>>| x.slice((1..,)).square().sum());
    let right: Vec<f64> = (0..5)
        .map(|j| if j == 0 { 0.0 } else { 2.0 * v[j] })
        .collect();
    assert_all_close("a slice alone", &alone, &right);
}

/// Gradients accumulated over two backward passes (as in dfdx's example 12, gradient
/// accumulation): a slice in the second pass overwrites what the first pass left.
#[test]
fn a_slice_overwrites_an_accumulated_gradient() {
    let x = samples::<4>(7);
    let v: Vec<f64> = x.as_vec().iter().map(|&v| f64::from(v)).collect();
    let grads = x.alloc_grads();
    let grads = x.trace(grads).square().sum::<Rank0, _>().backward(); // 2x
    let grads = x.trace(grads).slice((1..,)).sum::<Rank0, _>().backward(); // + 1 on 1..4
    let accumulated = grads.get(&x).as_vec();
    let overwritten: Vec<f64> = (0..4)
        .map(|j| if j == 0 { 2.0 * v[0] } else { 1.0 })
        .collect();
    assert_all_close("the accumulated gradient", &accumulated, &overwritten);

    // gather adds, as the accumulation expects.
    let grads = x.alloc_grads();
    let grads = x.trace(grads).square().sum::<Rank0, _>().backward();
    let indices = x.device().tensor([1, 2, 3]);
    let grads = x.trace(grads).gather(indices).sum::<Rank0, _>().backward();
    let right: Vec<f64> = (0..4)
        .map(|j| 2.0 * v[j] + if j == 0 { 0.0 } else { 1.0 })
        .collect();
    assert_all_close(
        "gather's accumulated gradient",
        &grads.get(&x).as_vec(),
        &right,
    );
}

/// dfdx's `max` sends the whole gradient to every element that ties for the maximum; PyTorch's
/// `amax` splits it evenly among them.
#[test]
fn max_sends_the_whole_gradient_to_every_tie() {
    let dev = Cpu::default();
    let x: Tensor<Rank2<2, 4>, f32, Cpu> = dev.tensor([[1.0, 5.0, 5.0, 5.0], [2.0, 7.0, 0.0, 7.0]]);
    let grads = x.leaky_trace().max::<Rank1<2>, _>().sum().backward();
    assert_eq!(
        grads.get(&x).array(),
        [[0.0, 1.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]]
    );
}

#[test]
fn autograd_gives_2w_plus_3() {
    let w = samples::<8>(8);
    let (_, grad) = gradient(&w, |w: Traced<Rank1<8>>| {
        (w.with_empty_tape().square() + w * 3.0).sum()
    });
    let expected: Vec<f64> = w
        .as_vec()
        .iter()
        .map(|&v| 2.0 * f64::from(v) + 3.0)
        .collect();
    assert_all_close("dy/dw", &grad, &expected);
}

/// `permute` changes only the strides: it shares the buffer. `reshape` shares it too when the
/// tensor is contiguous, and copies it when it is not, as PyTorch's `reshape` does.
#[test]
fn permute_is_a_view_and_reshape_copies_only_when_it_must() {
    let dev = Cpu::seed_from_u64(9);
    let x: Tensor<Rank2<3, 5>, f32, Cpu> = dev.sample_normal();
    let t = x.clone().permute::<Rank2<5, 3>, _>();
    assert!(std::ptr::eq(&x[[2, 4]], &t[[4, 2]]));
    let flat = x.clone().reshape::<Rank1<15>>();
    assert!(std::ptr::eq(&x[[0, 0]], &flat[[0]]));
    let copied = t.clone().reshape::<Rank1<15>>();
    assert!(!std::ptr::eq(&x[[0, 0]], &copied[[0]]));

    // as_vec and array read a permuted tensor in its logical order, not in memory order.
    let a = x.array();
    let expected: Vec<f32> = (0..5)
        .flat_map(|j| (0..3).map(move |i| (i, j)))
        .map(|(i, j)| a[i][j])
        .collect();
    assert_eq!(t.as_vec(), expected);
    assert_eq!(copied.as_vec(), expected);
}

/// `broadcast` finds the new axis from the shapes: a length-2 vector into 2 × 3 must become
/// columns, a length-3 one rows.
#[test]
fn broadcast_infers_the_axis_from_the_shapes() {
    let dev = Cpu::seed_from_u64(10);
    let x: Tensor<Rank2<2, 3>, f32, Cpu> = dev.sample_normal();
    let c: Tensor<Rank1<2>, f32, Cpu> = dev.sample_normal();
    let b: Tensor<Rank1<3>, f32, Cpu> = dev.sample_normal();
    let (xa, ca, ba) = (x.array(), c.array(), b.array());
    let with_c = (x.clone() + c.broadcast()).array();
    let with_b = (x + b.broadcast()).array();
    for i in 0..2 {
        for j in 0..3 {
            assert_eq!(with_c[i][j], xa[i][j] + ca[i]);
            assert_eq!(with_b[i][j], xa[i][j] + ba[j]);
        }
    }
}

/// `Axes3<2, 0, 1>` lists the old axes in their new order, as `t.permute(2, 0, 1)` does in
/// PyTorch: the chapter's way out when equal sizes make a permutation ambiguous.
#[test]
fn permute_axes_list_the_old_axes_in_their_new_order() {
    let dev = Cpu::seed_from_u64(11);
    let t: Tensor<Rank3<2, 3, 4>, f32, Cpu> = dev.sample_normal();
    let by_axes = t.clone().permute::<_, Axes3<2, 0, 1>>();
    let by_shape = t.clone().permute::<Rank3<4, 2, 3>, _>();
    assert_eq!(by_axes.shape().concrete(), [4, 2, 3]);
    assert_eq!(by_axes.array(), by_shape.array());
    assert_eq!(by_axes[[3, 1, 2]], t[[1, 2, 3]]);
}

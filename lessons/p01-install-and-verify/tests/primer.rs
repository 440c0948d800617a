//! The listings of the book's primer, "From PyTorch to dfdx": each test asserts what the primer
//! says about dfdx 0.13, so that the claims stay true for the version in `Cargo.lock`.
//!
//! The primer includes the code between `// ANCHOR: name` and `// ANCHOR_END: name`.

use dfdx::optim::Sgd;
use dfdx::prelude::*;

// ANCHOR: clone
#[test]
fn clone_shares_the_buffer_until_one_side_writes() {
    let dev = Cpu::default();
    let a: Tensor<Rank1<3>, f32, Cpu> = dev.tensor([1.0, 2.0, 3.0]);
    let mut b = a.clone(); // copies a pointer, not the three numbers

    // Both tensors read the same memory ...
    assert!(std::ptr::eq(&a[[0]], &b[[0]]));

    // ... until one of them is written to: the write copies the buffer first.
    b[[0]] = 10.0;
    assert!(!std::ptr::eq(&a[[0]], &b[[0]]));
    assert_eq!(a.array(), [1.0, 2.0, 3.0]);
    assert_eq!(b.array(), [10.0, 2.0, 3.0]);
}

#[test]
fn a_clone_keeps_the_tensors_identity() {
    let dev = Cpu::default();
    let w: Tensor<Rank1<3>, f32, Cpu> = dev.tensor([1.0, 2.0, 3.0]);
    let alias = w.clone();

    // Only `w` is traced, yet its gradient is found through the clone.
    let grads = w.leaky_trace().square().sum::<Rank0, _>().backward();
    assert_eq!(grads.get(&alias).array(), [2.0, 4.0, 6.0]); // d(Σw²)/dw = 2w
}
// ANCHOR_END: clone

// ANCHOR: clone_model
#[test]
fn a_cloned_model_is_a_cheap_snapshot() {
    let dev = Cpu::default();
    let mut model = dev.build_module::<Linear<3, 2>, f32>();
    let before = model.clone(); // shares every weight buffer with `model`
    assert!(std::ptr::eq(&before.weight[[0, 0]], &model.weight[[0, 0]]));

    let mut opt = Sgd::new(&model, Default::default());
    let x: Tensor<Rank1<3>, f32, Cpu> = dev.ones();
    let grads = model.forward(x.leaky_trace()).sum::<Rank0, _>().backward();
    opt.update(&mut model, &grads).unwrap();

    // The update wrote to `model`'s weights, which copied them: `before` kept the old values.
    assert!(!std::ptr::eq(&before.weight[[0, 0]], &model.weight[[0, 0]]));
    assert_ne!(before.weight.array(), model.weight.array());
}
// ANCHOR_END: clone_model

// ANCHOR: reductions
#[test]
fn a_reduction_names_the_shape_that_remains() {
    let dev = Cpu::default();
    let x: Tensor<Rank2<2, 3>, f32, Cpu> = dev.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);

    // Keep the 3 columns: sum over axis 0, torch's x.sum(dim=0).
    let columns = x.clone().sum::<Rank1<3>, _>();
    assert_eq!(columns.array(), [5.0, 7.0, 9.0]);

    // Keep the 2 rows: sum over axis 1, torch's x.sum(dim=1).
    let rows = x.clone().sum::<Rank1<2>, _>();
    assert_eq!(rows.array(), [6.0, 15.0]);

    // The same, naming the axis to remove instead of the shape to keep.
    let rows_by_axis = x.clone().sum::<_, Axis<1>>();
    assert_eq!(rows_by_axis.array(), [6.0, 15.0]);

    // Keep nothing: a scalar, torch's x.sum().
    let everything = x.sum::<Rank0, _>();
    assert_eq!(everything.array(), 21.0);
}
// ANCHOR_END: reductions

// ANCHOR: builder
/// A description of a network: these types hold no weights.
type Mlp = (Linear<4, 3>, ReLU, Linear<3, 2>);

#[test]
fn a_builder_type_holds_no_weights_the_built_module_does() {
    assert_eq!(std::mem::size_of::<Linear<784, 64>>(), 0);

    let dev = Cpu::default();
    // `build_module` returns `<Mlp as BuildOnDevice<Cpu, f32>>::Built`, which spelled out is:
    let model: (
        dfdx::nn::modules::Linear<4, 3, f32, Cpu>,
        ReLU,
        dfdx::nn::modules::Linear<3, 2, f32, Cpu>,
    ) = dev.build_module::<Mlp, f32>();

    // Each built `Linear` holds its parameters as tensors; the weight is out × in, as in torch.
    let weight: &Tensor<Rank2<3, 4>, f32, Cpu> = &model.0.weight;
    let bias: &Tensor<Rank1<3>, f32, Cpu> = &model.0.bias;
    assert_eq!(
        weight.shape().num_elements() + bias.shape().num_elements(),
        15
    );
    assert_eq!(model.num_trainable_params(), (4 * 3 + 3) + (3 * 2 + 2));
}
// ANCHOR_END: builder

// ANCHOR: forward_mut
#[test]
fn forward_evaluates_forward_mut_trains() {
    let dev = Cpu::seed_from_u64(0);
    let mut dropout = dev.build_module::<Dropout, f32>(); // p = 0.5
    let x: Tensor<Rank1<16>, f32, Cpu> = dev.ones();

    // `forward(&self)` on an untraced tensor: evaluation, Dropout passes its input through.
    let evaluated = dropout.forward(x.clone());
    assert_eq!(evaluated.array(), [1.0; 16]);

    // `forward_mut(&mut self)` on a traced tensor: training, Dropout zeroes about half of the
    // values and scales the others by 1 / (1 - p) = 2.
    let trained = dropout.forward_mut(x.leaky_trace()).array();
    assert!(trained.iter().all(|&v| v == 0.0 || v == 2.0));
    assert!(trained.contains(&0.0) && trained.contains(&2.0));
}
// ANCHOR_END: forward_mut

#[test]
fn batch_norm_updates_its_running_statistics_only_in_forward_mut() {
    let dev = Cpu::seed_from_u64(0);
    let mut norm = dev.build_module::<BatchNorm1D<3>, f32>();
    let x: Tensor<Rank2<8, 3>, f32, Cpu> = dev.sample_normal();

    let _ = norm.forward(x.clone());
    assert_eq!(norm.running_mean.array(), [0.0; 3]);

    let _ = norm.forward_mut(x.leaky_trace());
    assert_ne!(norm.running_mean.array(), [0.0; 3]);
}

// ANCHOR: gradients
#[test]
fn gradients_move_through_the_training_step() {
    let dev = Cpu::seed_from_u64(0);
    let mut model = dev.build_module::<Linear<3, 1>, f32>();
    let mut opt = Sgd::new(
        &model,
        SgdConfig {
            lr: 0.1,
            momentum: None,
            weight_decay: None,
        },
    );
    let x: Tensor<Rank2<4, 3>, f32, Cpu> = dev.sample_normal();
    let old_weight = model.weight.array();

    let mut grads = model.alloc_grads(); // zeroed, one gradient per parameter
    let y = model.forward_mut(x.traced(grads)); // `grads` moves into the tape ...
    let loss = y.square().mean::<Rank0, _>();
    grads = loss.backward(); // ... and comes back, filled in
    opt.update(&mut model, &grads).unwrap(); // w ← w - lr · ∂loss/∂w

    let g = grads.get(&model.weight).array();
    let new_weight = model.weight.array();
    for i in 0..3 {
        assert!((new_weight[0][i] - (old_weight[0][i] - 0.1 * g[0][i])).abs() < 1e-6);
    }

    model.zero_grads(&mut grads); // gradients add up until they are zeroed
    assert_eq!(grads.get(&model.weight).array(), [[0.0; 3]]);
}

#[test]
fn an_input_gradient_needs_leaky_trace() {
    let dev = Cpu::default();
    let x: Tensor<Rank1<3>, f32, Cpu> = dev.tensor([1.0, 2.0, 3.0]);
    // torch: x.requires_grad_(); (x ** 2).sum().backward(); x.grad
    let grads = x.leaky_trace().square().sum::<Rank0, _>().backward();
    assert_eq!(grads.get(&x).array(), [2.0, 4.0, 6.0]);
}
// ANCHOR_END: gradients

/// Gradients from `alloc_grads` keep only the model's own: `backward` frees the rest, the input's
/// included, so looking the input up panics.
#[test]
fn backward_drops_the_gradients_of_everything_but_the_model() {
    let dev = Cpu::default();
    let model = dev.build_module::<Linear<3, 1>, f32>();
    let x: Tensor<Rank1<3>, f32, Cpu> = dev.ones();
    let grads = model
        .forward(x.trace(model.alloc_grads()))
        .sum::<Rank0, _>()
        .backward();
    let _ = grads.get(&model.weight); // the model's gradient is there
    let input_lookup = std::panic::catch_unwind(|| grads.get(&x)); // the input's is not
    assert!(input_lookup.is_err());
}

//! What recording a tape costs, and what backward costs on top: the course's network,
//! 784 → 64 → 32 → 10 with ReLU, on the CPU, on batches of 32 and of 1,000 MNIST digits.
//! Run with `cargo bench -p t03-tf-function`.
//!
//! - `forward, no tape`: `model.forward(images)`, the instance for `NoneTape`, where recording
//!   is compiled out and each operation may write over its input.
//! - `forward, tape`: the same forward on `images.leaky_trace()`, the instance for `OwnedTape`,
//!   which boxes one backward closure per operation and keeps each operation's inputs alive.
//! - `forward + backward`: as a training step without the update: a forward pass on
//!   `images.traced(grads)`, the cross-entropy loss, and `backward`, with the gradients reused
//!   from step to step (zeroed each time) as `kit::train` does.

#![allow(
    missing_docs,
    reason = "criterion_group! defines `pub fn benches` without a doc comment"
)]

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use datasets::Mnist;
use dfdx::prelude::*;
use t03_tf_function::{Mlp, Network};

/// Times the three variants on a batch of `N` digits.
fn bench_batch<const N: usize>(c: &mut Criterion) {
    let dev = AutoDevice::seed_from_u64(0);
    let model: Network = dev.build_module::<Mlp, f32>();
    let indices: Vec<usize> = (0..N).collect();
    let batch = Mnist::embedded().train.batch::<Const<N>, _>(&indices, &dev);
    let images = batch.images;
    let one_hot = batch.one_hot;

    let mut group = c.benchmark_group("784-64-32-10");
    group.bench_function(BenchmarkId::new("forward, no tape", N), |b| {
        b.iter(|| black_box(model.forward(images.clone())))
    });
    group.bench_function(BenchmarkId::new("forward, tape", N), |b| {
        b.iter(|| black_box(model.forward(images.leaky_trace())))
    });
    // The gradients move into the traced input and come back from backward(): the Option
    // carries them from one iteration to the next.
    let mut grads = Some(model.alloc_grads());
    group.bench_function(BenchmarkId::new("forward + backward", N), |b| {
        b.iter(|| {
            let logits = model.forward(images.clone().traced(grads.take().unwrap()));
            let loss = cross_entropy_with_logits_loss(logits, one_hot.clone());
            let mut new_grads = loss.backward();
            model.zero_grads(&mut new_grads);
            grads = Some(new_grads);
        })
    });
    group.finish();
}

fn batch_of_32(c: &mut Criterion) {
    bench_batch::<32>(c);
}

fn batch_of_1000(c: &mut Criterion) {
    bench_batch::<1000>(c);
}

criterion_group!(benches, batch_of_32, batch_of_1000);
criterion_main!(benches);

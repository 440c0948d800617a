//! kit::conv checked two independent ways: against a naive reference written from the definition
//! (seven nested loops, no im2col, no matrix product), and against central finite differences,
//! over shapes, strides, paddings and batch sizes. In f64, so that a difference of 1e-9 means a
//! bug, not rounding.

use dfdx::optim::Adam;
use dfdx::prelude::*;
use kit::conv::{Conv2D, Flatten2D, MaxPool2D, Unflatten2D};

/// The sizes of one test case.
#[derive(Debug, Clone, Copy)]
struct Case {
    batch: usize,
    channels: usize,
    out_channels: usize,
    kernel: usize,
    height: usize,
    width: usize,
    stride: usize,
    padding: usize,
    out_height: usize,
    out_width: usize,
}

impl Case {
    fn input(&self, n: usize, c: usize, y: isize, x: isize, images: &[f64]) -> f64 {
        let (h, w) = (self.height as isize, self.width as isize);
        if y < 0 || x < 0 || y >= h || x >= w {
            return 0.0; // zero padding
        }
        images[((n * self.channels + c) * self.height + y as usize) * self.width + x as usize]
    }

    /// The input position an output position and kernel offset read (may lie in the padding).
    fn source(&self, out: usize, offset: usize) -> isize {
        (out * self.stride + offset) as isize - self.padding as isize
    }

    fn weight_index(&self, o: usize, c: usize, ky: usize, kx: usize) -> usize {
        ((o * self.channels + c) * self.kernel + ky) * self.kernel + kx
    }

    fn output_index(&self, n: usize, o: usize, oy: usize, ox: usize) -> usize {
        ((n * self.out_channels + o) * self.out_height + oy) * self.out_width + ox
    }

    /// y[n, o, oy, ox] = b[o] + Σ_c Σ_ky Σ_kx w[o, c, ky, kx] · x[n, c, oy·s + ky − p, ox·s + kx − p]
    fn reference_forward(&self, x: &[f64], w: &[f64], b: &[f64]) -> Vec<f64> {
        let mut y = vec![0.0; self.batch * self.out_channels * self.out_height * self.out_width];
        for n in 0..self.batch {
            for o in 0..self.out_channels {
                for oy in 0..self.out_height {
                    for ox in 0..self.out_width {
                        let mut sum = b[o];
                        for c in 0..self.channels {
                            for ky in 0..self.kernel {
                                for kx in 0..self.kernel {
                                    let (sy, sx) = (self.source(oy, ky), self.source(ox, kx));
                                    sum += w[self.weight_index(o, c, ky, kx)]
                                        * self.input(n, c, sy, sx, x);
                                }
                            }
                        }
                        y[self.output_index(n, o, oy, ox)] = sum;
                    }
                }
            }
        }
        y
    }

    /// The gradients of Σ dy ⊙ y, from the same definition: each product w · x sends dy · x to w
    /// and dy · w to x (unless x is padding); the bias collects dy.
    fn reference_backward(&self, x: &[f64], w: &[f64], dy: &[f64]) -> [Vec<f64>; 3] {
        let mut dx = vec![0.0; x.len()];
        let mut dw = vec![0.0; w.len()];
        let mut db = vec![0.0; self.out_channels];
        for n in 0..self.batch {
            for o in 0..self.out_channels {
                for oy in 0..self.out_height {
                    for ox in 0..self.out_width {
                        let g = dy[self.output_index(n, o, oy, ox)];
                        db[o] += g;
                        for c in 0..self.channels {
                            for ky in 0..self.kernel {
                                for kx in 0..self.kernel {
                                    let (sy, sx) = (self.source(oy, ky), self.source(ox, kx));
                                    let wi = self.weight_index(o, c, ky, kx);
                                    dw[wi] += g * self.input(n, c, sy, sx, x);
                                    if sy >= 0
                                        && sx >= 0
                                        && (sy as usize) < self.height
                                        && (sx as usize) < self.width
                                    {
                                        let xi = ((n * self.channels + c) * self.height
                                            + sy as usize)
                                            * self.width
                                            + sx as usize;
                                        dx[xi] += g * w[wi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        [dx, dw, db]
    }
}

fn assert_close(what: &str, got: &[f64], want: &[f64], tolerance: f64) {
    assert_eq!(got.len(), want.len(), "{what}: length");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= tolerance * (1.0 + w.abs()),
            "{what}[{i}]: got {g}, want {w}"
        );
    }
}

/// Central finite differences of `loss` at a few positions of `values`, compared with `analytic`.
fn check_finite_differences(
    what: &str,
    values: &[f64],
    analytic: &[f64],
    mut loss: impl FnMut(&[f64]) -> f64,
) {
    let step = 1e-5;
    let count = values.len();
    for i in [0, count / 3, count / 2, 2 * count / 3, count - 1] {
        let mut shifted = values.to_vec();
        shifted[i] = values[i] + step;
        let up = loss(&shifted);
        shifted[i] = values[i] - step;
        let down = loss(&shifted);
        let numeric = (up - down) / (2.0 * step);
        assert!(
            (numeric - analytic[i]).abs() <= 1e-6 * (1.0 + numeric.abs()),
            "{what}[{i}]: finite differences {numeric}, backward {}",
            analytic[i]
        );
    }
}

/// One convolution case: forward and all three gradients against the reference, then against
/// finite differences of the scalar Σ r ⊙ conv(x) for a random r.
macro_rules! conv_case {
    ($name:ident, batch $b:literal, $c:literal -> $o:literal, kernel $k:literal,
     input $h:literal x $w:literal, stride $s:literal, padding $p:literal, output $oh:literal x $ow:literal) => {
        #[test]
        fn $name() {
            let case = Case {
                batch: $b,
                channels: $c,
                out_channels: $o,
                kernel: $k,
                height: $h,
                width: $w,
                stride: $s,
                padding: $p,
                out_height: $oh,
                out_width: $ow,
            };
            let dev = Cpu::seed_from_u64($b * 1000 + $c * 100 + $k * 10 + $s);
            let mut conv = dev.build_module::<Conv2D<$c, $o, $k, $oh, $ow, $s, $p>, f64>();
            let x: Tensor<Rank4<$b, $c, $h, $w>, f64, Cpu> = dev.sample_normal();
            let r: Tensor<Rank4<$b, $o, $oh, $ow>, f64, Cpu> = dev.sample_normal();
            let (xs, ws, bs, rs) = (
                x.as_vec(),
                conv.weight.as_vec(),
                conv.bias.as_vec(),
                r.as_vec(),
            );

            let y = conv.forward(x.leaky_trace());
            assert_close(
                "forward",
                &y.as_vec(),
                &case.reference_forward(&xs, &ws, &bs),
                1e-12,
            );
            let grads = (y * r.clone()).sum::<Rank0, _>().backward();
            let [dx, dw, db] = case.reference_backward(&xs, &ws, &rs);
            assert_close("input gradient", &grads.get(&x).as_vec(), &dx, 1e-12);
            assert_close(
                "weight gradient",
                &grads.get(&conv.weight).as_vec(),
                &dw,
                1e-12,
            );
            assert_close("bias gradient", &grads.get(&conv.bias).as_vec(), &db, 1e-12);

            let loss = |conv: &_, x: &Tensor<Rank4<$b, $c, $h, $w>, f64, Cpu>| -> f64 {
                let conv: &kit::conv::modules::Conv2D<$c, $o, $k, $oh, $ow, $s, $p, f64, Cpu> =
                    conv;
                (conv.forward(x.clone()) * r.clone())
                    .sum::<Rank0, _>()
                    .array()
            };
            check_finite_differences("input", &xs, &grads.get(&x).as_vec(), |v| {
                loss(&conv, &dev.tensor_from_vec(v.to_vec(), *x.shape()))
            });
            let analytic = grads.get(&conv.weight).as_vec();
            check_finite_differences("weight", &ws, &analytic, |v| {
                conv.weight.copy_from(v);
                loss(&conv, &x)
            });
            conv.weight.copy_from(&ws);
            let analytic = grads.get(&conv.bias).as_vec();
            check_finite_differences("bias", &bs, &analytic, |v| {
                conv.bias.copy_from(v);
                loss(&conv, &x)
            });
        }
    };
}

conv_case!(one_channel_3x3, batch 2, 1 -> 3, kernel 3, input 6 x 6, stride 1, padding 0, output 4 x 4);
conv_case!(stride_2_padding_1_not_square, batch 3, 2 -> 4, kernel 3, input 7 x 5, stride 2, padding 1, output 4 x 3);
conv_case!(even_kernel, batch 1, 3 -> 2, kernel 2, input 5 x 6, stride 1, padding 0, output 4 x 5);
conv_case!(same_padding_5x5, batch 4, 2 -> 2, kernel 5, input 5 x 5, stride 1, padding 2, output 5 x 5);
conv_case!(pointwise_1x1, batch 2, 3 -> 5, kernel 1, input 4 x 3, stride 1, padding 0, output 4 x 3);
conv_case!(stride_3_drops_the_edge, batch 2, 2 -> 3, kernel 3, input 8 x 9, stride 3, padding 0, output 2 x 3);

#[test]
fn a_batch_size_known_only_at_run_time_gives_the_same_result() {
    let dev = Cpu::seed_from_u64(7);
    let conv = dev.build_module::<Conv2D<2, 3, 3, 3, 3, 1, 1>, f64>();
    let x: Tensor<Rank4<5, 2, 3, 3>, f64, Cpu> = dev.sample_normal();
    let fixed = conv.forward(x.clone()).as_vec();
    let dynamic: Tensor<(usize, Const<2>, Const<3>, Const<3>), f64, Cpu> = x.realize();
    let y: Tensor<(usize, Const<3>, Const<3>, Const<3>), f64, Cpu> = conv.forward(dynamic);
    assert_eq!(y.shape().0, 5);
    assert_eq!(y.as_vec(), fixed);
}

#[test]
fn a_strided_view_as_input_is_read_in_logical_order() {
    // A permuted tensor is not laid out in memory in index order; the layer must not care.
    let dev = Cpu::seed_from_u64(8);
    let conv = dev.build_module::<Conv2D<2, 2, 3, 2, 3, 1, 0>, f64>();
    let stored: Tensor<Rank4<2, 2, 5, 4>, f64, Cpu> = dev.sample_normal();
    let view = stored
        .clone()
        .permute::<Rank4<2, 2, 4, 5>, Axes4<0, 1, 3, 2>>();
    let dense = dev.tensor_from_vec(view.as_vec(), *view.shape());
    let (from_view, from_dense) = (
        conv.forward(view.leaky_trace()),
        conv.forward(dense.leaky_trace()),
    );
    assert_eq!(from_view.as_vec(), from_dense.as_vec());
    let view_grads = from_view.sum::<Rank0, _>().backward();
    let dense_grads = from_dense.sum::<Rank0, _>().backward();
    assert_eq!(
        view_grads.get(&conv.weight).as_vec(),
        dense_grads.get(&conv.weight).as_vec()
    );
}

/// max pooling from the definition: the largest value of each window, its gradient to it.
fn reference_max_pool(
    x: &[f64],
    planes: usize,
    h: usize,
    w: usize,
    pool: usize,
) -> (Vec<f64>, Vec<usize>) {
    let (oh, ow) = (h / pool, w / pool);
    let (mut y, mut winner) = (Vec::new(), Vec::new());
    for plane in 0..planes {
        for oy in 0..oh {
            for ox in 0..ow {
                let window = (0..pool * pool)
                    .map(|i| plane * h * w + (oy * pool + i / pool) * w + ox * pool + i % pool);
                let best = window.max_by(|&a, &b| x[a].total_cmp(&x[b])).unwrap();
                y.push(x[best]);
                winner.push(best);
            }
        }
    }
    (y, winner)
}

macro_rules! pool_case {
    ($name:ident, batch $b:literal, channels $c:literal, input $h:literal x $w:literal,
     pool $k:literal, output $oh:literal x $ow:literal) => {
        #[test]
        fn $name() {
            let dev = Cpu::seed_from_u64($h * 10 + $w);
            let x: Tensor<Rank4<$b, $c, $h, $w>, f64, Cpu> = dev.sample_normal();
            let r: Tensor<Rank4<$b, $c, $oh, $ow>, f64, Cpu> = dev.sample_normal();
            let (xs, rs) = (x.as_vec(), r.as_vec());
            let y = MaxPool2D::<$k, $oh, $ow>.forward(x.leaky_trace());
            let (want, winners) = reference_max_pool(&xs, $b * $c, $h, $w, $k);
            assert_eq!(y.as_vec(), want);
            // Without a tape the layer reads its input in place: the same maxima.
            assert_eq!(MaxPool2D::<$k, $oh, $ow>.forward(x.clone()).as_vec(), want);
            let grads = (y * r.clone()).sum::<Rank0, _>().backward();
            let mut dx = vec![0.0; xs.len()];
            for (&i, g) in winners.iter().zip(&rs) {
                dx[i] += g;
            }
            assert_eq!(grads.get(&x).as_vec(), dx);
            check_finite_differences("input", &xs, &dx, |v| {
                let x: Tensor<Rank4<$b, $c, $h, $w>, f64, Cpu> =
                    dev.tensor_from_vec(v.to_vec(), *x.shape());
                (MaxPool2D::<$k, $oh, $ow>.forward(x) * r.clone())
                    .sum::<Rank0, _>()
                    .array()
            });
        }
    };
}

pool_case!(pool_2_even, batch 2, channels 3, input 4 x 6, pool 2, output 2 x 3);
pool_case!(pool_2_drops_the_odd_edge, batch 3, channels 2, input 5 x 5, pool 2, output 2 x 2);
pool_case!(pool_3, batch 1, channels 4, input 7 x 6, pool 3, output 2 x 2);

#[test]
fn a_nan_in_a_window_is_its_maximum() {
    let dev = Cpu::default();
    let x = dev.tensor([[[[1.0, f64::NAN], [3.0, 2.0]]]]);
    let y = MaxPool2D::<2, 1, 1>.forward(x.clone());
    assert!(y.as_vec()[0].is_nan());
    let y = MaxPool2D::<2, 1, 1>.forward(x.leaky_trace());
    assert!(y.as_vec()[0].is_nan());
}

#[test]
fn ties_send_the_gradient_to_the_first_maximum_only() {
    let dev = Cpu::default();
    let x = dev.tensor([[[[2.0, 2.0], [1.0, 2.0]]]]);
    let grads = MaxPool2D::<2, 1, 1>
        .forward(x.leaky_trace())
        .sum::<Rank0, _>()
        .backward();
    assert_eq!(grads.get(&x).as_vec(), [1.0, 0.0, 0.0, 0.0]);
}

#[test]
fn flatten_keeps_pytorch_order_and_reshapes_the_gradient_back() {
    let dev = Cpu::default();
    let x: Tensor<Rank4<2, 2, 2, 3>, f64, Cpu> = dev.tensor_from_vec(
        (0..24).map(f64::from).collect(),
        (Const, Const, Const, Const),
    );
    let flat: Tensor<Rank2<2, 12>, f64, Cpu, _> = Flatten2D::<12>.forward(x.leaky_trace());
    assert_eq!(flat.as_vec(), (0..24).map(f64::from).collect::<Vec<_>>());
    let weights = dev.tensor_from_vec(
        (0..24).map(|i| f64::from(i) * 0.5).collect(),
        (Const::<2>, Const::<12>),
    );
    let grads = (flat * weights.clone()).sum::<Rank0, _>().backward();
    assert_eq!(grads.get(&x).as_vec(), weights.as_vec());
}

#[test]
fn the_compile_fail_examples_compile_with_the_right_sizes() {
    // The twins of the `compile_fail` examples in kit::conv's documentation: only the size that
    // was wrong there differs, so those examples fail for the reason they show.
    let dev = Cpu::default();
    let conv = dev.build_module::<Conv2D<1, 8, 3, 26, 26>, f32>();
    let images: Tensor<Rank4<2, 1, 28, 28>, f32, Cpu> = dev.zeros();
    let _: Tensor<Rank4<2, 8, 26, 26>, f32, Cpu> = conv.forward(images);
    let features: Tensor<Rank4<2, 16, 11, 11>, f32, Cpu> = dev.zeros();
    let pooled = MaxPool2D::<2, 5, 5>.forward(features);
    let _: Tensor<Rank2<2, 400>, f32, Cpu> = Flatten2D::<400>.forward(pooled);
}

/// The course's reference CNN (t20): conv 1→8, ReLU, pool, conv 8→16, ReLU, pool, flatten, linear.
type Cnn = (
    Unflatten2D<1, 28, 28>,
    (Conv2D<1, 8, 3, 26, 26>, ReLU, MaxPool2D<2, 13, 13>),
    (Conv2D<8, 16, 3, 11, 11>, ReLU, MaxPool2D<2, 5, 5>),
    Flatten2D<400>,
    Linear<400, 10>,
);

#[test]
fn the_reference_cnn_is_a_dfdx_model_like_any_other() {
    let dev = Cpu::seed_from_u64(20);
    let mut cnn = dev.build_module::<Cnn, f32>();
    assert_eq!(
        cnn.num_trainable_params(),
        (8 * 9 + 8) + (16 * 72 + 16) + (400 * 10 + 10)
    );
    let names: Vec<String> = kit::inspect::named_parameters(&cnn)
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(
        names,
        [
            "1.0.weight",
            "1.0.bias",
            "2.0.weight",
            "2.0.bias",
            "4.weight",
            "4.bias"
        ]
    );

    let x: Tensor<Rank2<16, 784>, f32, Cpu> = dev.sample_uniform();
    let labels: Vec<usize> = (0..16).map(|i| i % 10).collect();
    let targets = dev.tensor_from_vec(
        labels
            .iter()
            .flat_map(|&l| (0..10).map(move |k| if k == l { 1.0 } else { 0.0 }))
            .collect(),
        (Const::<16>, Const::<10>),
    );

    // Forward with and without a tape agree.
    let untaped = cnn.forward(x.clone()).as_vec();
    let mut grads = cnn.alloc_grads();
    let taped = cnn.forward_mut(x.trace(grads.clone()));
    assert_eq!(taped.as_vec(), untaped);

    // Adam lowers the loss on a batch it sees again and again.
    let mut adam = Adam::new(
        &cnn,
        AdamConfig {
            lr: 1e-2,
            ..Default::default()
        },
    );
    let mut losses = Vec::new();
    for _ in 0..15 {
        let logits = cnn.forward_mut(x.trace(grads));
        let loss = cross_entropy_with_logits_loss(logits, targets.clone());
        losses.push(loss.array());
        grads = loss.backward();
        adam.update(&mut cnn, &grads).unwrap();
        cnn.zero_grads(&mut grads);
    }
    assert!(losses[14] < 0.5 * losses[0], "losses: {losses:?}");

    // Saved and loaded into a model built from another seed: the same predictions, bit for bit.
    let dir = kit::scratch::ScratchDir::new("kit-conv-safetensors").unwrap();
    let path = dir.path().join("cnn.safetensors");
    cnn.save_safetensors(&path).unwrap();
    let mut loaded = Cpu::seed_from_u64(21).build_module::<Cnn, f32>();
    assert_ne!(
        loaded.forward(x.clone()).as_vec(),
        cnn.forward(x.clone()).as_vec()
    );
    loaded.load_safetensors(&path).unwrap();
    assert_eq!(loaded.forward(x.clone()).as_vec(), cnn.forward(x).as_vec());
}

#[test]
fn the_reference_cnn_gradients_match_finite_differences() {
    let dev = Cpu::seed_from_u64(22);
    let mut cnn = dev.build_module::<Cnn, f64>();
    let x: Tensor<Rank2<3, 784>, f64, Cpu> = dev.sample_uniform();
    let r: Tensor<Rank2<3, 10>, f64, Cpu> = dev.sample_normal();
    let grads = (cnn.forward(x.leaky_trace()) * r.clone())
        .sum::<Rank0, _>()
        .backward();
    let input_grad = grads.get(&x).as_vec();
    let (w1, w2) = (cnn.1 .0.weight.as_vec(), cnn.2 .0.weight.as_vec());
    let (g1, g2) = (
        grads.get(&cnn.1 .0.weight).as_vec(),
        grads.get(&cnn.2 .0.weight).as_vec(),
    );

    let loss = |cnn: &<Cnn as BuildOnDevice<Cpu, f64>>::Built,
                x: Tensor<Rank2<3, 784>, f64, Cpu>| {
        (cnn.forward(x) * r.clone()).sum::<Rank0, _>().array()
    };
    check_finite_differences("input", &x.as_vec(), &input_grad, |v| {
        loss(&cnn, dev.tensor_from_vec(v.to_vec(), *x.shape()))
    });
    check_finite_differences("first convolution's weights", &w1, &g1, |v| {
        cnn.1 .0.weight.copy_from(v);
        loss(&cnn, x.clone())
    });
    cnn.1 .0.weight.copy_from(&w1);
    check_finite_differences("second convolution's weights", &w2, &g2, |v| {
        cnn.2 .0.weight.copy_from(v);
        loss(&cnn, x.clone())
    });
}

#[test]
fn results_are_the_same_bits_for_one_thread_and_for_several() {
    // The blocks of a convolution run in parallel; their shares of the weight gradient are added
    // in block order, so the thread count must not change a single bit.
    let dev = Cpu::seed_from_u64(23);
    let cnn = dev.build_module::<Cnn, f32>();
    let x: Tensor<Rank2<64, 784>, f32, Cpu> = dev.sample_uniform();
    let run = || {
        let grads = cnn
            .forward(x.leaky_trace())
            .square()
            .sum::<Rank0, _>()
            .backward();
        let mut bits: Vec<u32> = cnn
            .forward(x.clone())
            .as_vec()
            .iter()
            .map(|v| v.to_bits())
            .collect();
        for gradient in [
            grads.get(&cnn.1 .0.weight).as_vec(),
            grads.get(&cnn.2 .0.weight).as_vec(),
        ] {
            bits.extend(gradient.iter().map(|v| v.to_bits()));
        }
        bits
    };
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let three_threads = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .unwrap();
    assert_eq!(one_thread.install(run), three_threads.install(run));
}

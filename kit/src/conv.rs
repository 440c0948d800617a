//! Convolution, max pooling and flattening for dfdx 0.13 on stable Rust. Introduced in t20.
//!
//! dfdx 0.13 has `Conv2D`, `MaxPool2D` and `Flatten2D` only behind its `nightly` feature, which no
//! longer compiles. The three layers here take their place: they sit in a tuple model beside
//! dfdx's `Linear` and `ReLU`, are built with `build_module`, trained by dfdx's optimizers, counted,
//! zeroed and saved like any dfdx layer, and run with or without a tape.
//!
//! ```ignore
//! // (Built and trained in t20 and in this crate's tests: a doc test would link dfdx once more.)
//! use dfdx::prelude::*;
//! use kit::conv::{Conv2D, Flatten2D, MaxPool2D, Unflatten2D};
//!
//! type Cnn = (
//!     Unflatten2D<1, 28, 28>,
//!     (Conv2D<1, 8, 3, 26, 26>, ReLU, MaxPool2D<2, 13, 13>),
//!     (Conv2D<8, 16, 3, 11, 11>, ReLU, MaxPool2D<2, 5, 5>),
//!     Flatten2D<400>,
//!     Linear<400, 10>,
//! );
//! let dev = Cpu::default();
//! let cnn = dev.build_module::<Cnn, f32>();
//! let images: Tensor<Rank2<32, 784>, f32, Cpu> = dev.zeros(); // rows of pixels, as kit::train gives
//! let logits: Tensor<Rank2<32, 10>, f32, Cpu> = cnn.forward(images);
//! ```
//!
//! # Shapes are checked when the program is built
//!
//! Images are `(batch, channels, height, width)`, as in PyTorch. A layer that changes the height
//! and width names the size it produces: `Conv2D<1, 8, 3, 26, 26>` is 1 channel in, 8 out, a 3×3
//! kernel, and a 26×26 output. dfdx's nightly layers compute that size with
//! `generic_const_exprs` (`Const<{ (H - K) / S + 1 }>`), which stable Rust does not have. Here
//! the size is written down, and an inline `const` assertion checks it against the input each
//! time the layer is used with a new input type. A wrong size is a build error, not a run-time
//! panic: rustc evaluates the assertion when it generates the code, so `cargo build` and
//! `cargo test` report it (`cargo check` stops before that step and does not).
//!
//! A wrong channel count does not even type-check (rustc: "expected `1`, found `3`"): the layer
//! accepts `Const<IN>` channels only.
//!
//! ```compile_fail,E0308
//! use dfdx::prelude::*;
//! use kit::conv::Conv2D;
//! let dev = Cpu::default();
//! let conv = dev.build_module::<Conv2D<1, 8, 3, 26, 26>, f32>();
//! let images: Tensor<Rank4<2, 3, 28, 28>, f32, Cpu> = dev.zeros(); // three channels
//! let _ = conv.forward(images);
//! ```
//!
//! A wrong height or width fails the assertion (rustc: "evaluation panicked: Conv2D: OUT_H must
//! be (input height + 2·PADDING − KERNEL) / STRIDE + 1", naming the input type):
//!
//! ```compile_fail,E0080
//! use dfdx::prelude::*;
//! use kit::conv::Conv2D;
//! let dev = Cpu::default();
//! let conv = dev.build_module::<Conv2D<1, 8, 3, 26, 26>, f32>();
//! let images: Tensor<Rank4<2, 1, 27, 28>, f32, Cpu> = dev.zeros(); // 27 − 3 + 1 = 25 rows
//! let _ = conv.forward(images);
//! ```
//!
//! So does a pooling or flattening size that does not add up:
//!
//! ```compile_fail,E0080
//! use dfdx::prelude::*;
//! use kit::conv::{Flatten2D, MaxPool2D};
//! let dev = Cpu::default();
//! let features: Tensor<Rank4<2, 16, 11, 11>, f32, Cpu> = dev.zeros();
//! let pooled = MaxPool2D::<2, 5, 5>.forward(features);
//! let _ = Flatten2D::<401>.forward(pooled); // 16 · 5 · 5 = 400
//! ```
//!
//! The same lines with the right sizes compile and run: `the_compile_fail_examples_compile_with_the_right_sizes`
//! in this crate's `tests/conv.rs`.
//!
//! # How it is computed
//!
//! A convolution is turned into a matrix product (im2col): for a block of images, each channel
//! and kernel offset (a "tap") gets a row holding what it sees at every output pixel, and the
//! weights seen as an `(out, in · k · k)` matrix times these `(in · k · k, pixels)` columns is
//! the convolution. dfdx's own `matmul` does the product, so the layers run at the speed of
//! dfdx's matrix kernels (the `gemm` crate, with SIMD chosen at run time). Blocks of about 4,096
//! output pixels keep the columns in the processor's cache, and run on all cores (rayon).
//!
//! The layers are custom dfdx operations: the forward pass puts one closure on the tape, which
//! computes the gradients of the weights (a second product, columns transposed), of the bias
//! (a sum), and of the input (a third product, folded back onto the image). Max pooling
//! remembers which input won each window and sends the gradient there. Building the same
//! layers from dfdx's stable `gather` also works, but its backward pass is a serial scatter that
//! makes a training step several times slower.
//!
//! Every result is the same for any number of threads: blocks are split the same way whatever
//! the thread count, and the blocks' shares of a weight gradient are added in block order.
//!
//! The layers run on the CPU (`Cpu`); a model holding them builds on any device, but its forward
//! pass only compiles for `Cpu`.

use dfdx::prelude::*;
use dfdx::tensor::{Cpu, CpuError, Gradients, Tape};
use rand::distributions::uniform::SampleUniform;
use rand::distributions::Uniform;
use rayon::prelude::*;

/// The layers as model builders, for tuple types such as
/// `(Conv2D<1, 8, 3, 26, 26>, ReLU, MaxPool2D<2, 13, 13>)`; `build_module` turns a builder into
/// the module with its tensors ([`modules::Conv2D`]).
pub mod builders {
    /// A 2-D convolution: `IN` channels in, `OUT` channels out, a `KERNEL`×`KERNEL` kernel moved
    /// `STRIDE` pixels at a time over the input padded with `PADDING` zeros on each side.
    ///
    /// `OUT_H` and `OUT_W` are the output's height and width, which must equal
    /// `(H + 2·PADDING − KERNEL) / STRIDE + 1` for an input of height `H` (and the same for the
    /// width); the build fails where they do not (see the [module documentation](super)).
    #[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
    pub struct Conv2D<
        const IN: usize,
        const OUT: usize,
        const KERNEL: usize,
        const OUT_H: usize,
        const OUT_W: usize,
        const STRIDE: usize = 1,
        const PADDING: usize = 0,
    >;
}

pub use builders::Conv2D;

/// The modules that hold tensors, as `build_module` creates them.
pub mod modules {
    use dfdx::prelude::*;

    /// A built [`builders::Conv2D`](super::builders::Conv2D): its weights, laid out as PyTorch's
    /// `Conv2d` lays them out (`weight` is `[OUT, IN, KERNEL, KERNEL]`), so a state dict of the
    /// same architecture maps onto it name for name.
    #[derive(Debug, Clone)]
    pub struct Conv2D<
        const IN: usize,
        const OUT: usize,
        const KERNEL: usize,
        const OUT_H: usize,
        const OUT_W: usize,
        const STRIDE: usize,
        const PADDING: usize,
        E: Dtype,
        D: Storage<E>,
    > {
        /// One `IN`×`KERNEL`×`KERNEL` filter per output channel.
        pub weight: Tensor<Rank4<OUT, IN, KERNEL, KERNEL>, E, D>,
        /// One number per output channel, added to every pixel of that channel.
        pub bias: Tensor<Rank1<OUT>, E, D>,
    }
}

impl<
        const IN: usize,
        const OUT: usize,
        const K: usize,
        const OH: usize,
        const OW: usize,
        const S: usize,
        const P: usize,
        E: Dtype,
        D: Device<E>,
    > BuildOnDevice<D, E> for builders::Conv2D<IN, OUT, K, OH, OW, S, P>
where
    modules::Conv2D<IN, OUT, K, OH, OW, S, P, E, D>: BuildModule<D, E>,
{
    type Built = modules::Conv2D<IN, OUT, K, OH, OW, S, P, E, D>;
    fn try_build_on_device(device: &D) -> Result<Self::Built, D::Err> {
        Self::Built::try_build(device)
    }
}

impl<
        const IN: usize,
        const OUT: usize,
        const K: usize,
        const OH: usize,
        const OW: usize,
        const S: usize,
        const P: usize,
        E: Dtype + SampleUniform,
        D: Device<E>,
    > TensorCollection<E, D> for modules::Conv2D<IN, OUT, K, OH, OW, S, P, E, D>
{
    type To<E2: Dtype, D2: Device<E2>> = modules::Conv2D<IN, OUT, K, OH, OW, S, P, E2, D2>;

    fn iter_tensors<V: ModuleVisitor<Self, E, D>>(
        visitor: &mut V,
    ) -> Result<Option<Self::To<V::E2, V::D2>>, V::Err> {
        visitor.visit_fields(
            (
                Self::tensor(
                    "weight",
                    |s| &s.weight,
                    |s| &mut s.weight,
                    TensorOptions::reset_with(|t| fill_uniform_fan_in(t, IN * K * K)),
                ),
                Self::tensor(
                    "bias",
                    |s| &s.bias,
                    |s| &mut s.bias,
                    TensorOptions::reset_with(|t| fill_uniform_fan_in(t, IN * K * K)),
                ),
            ),
            |(weight, bias)| modules::Conv2D { weight, bias },
        )
    }
}

/// PyTorch's default initialisation of a convolution: weights and bias uniform in ±1/√fan_in,
/// fan_in being the number of inputs each output pixel sees (`IN · KERNEL · KERNEL`).
fn fill_uniform_fan_in<S: Shape, E: Dtype + SampleUniform, D: Device<E>>(
    t: &mut Tensor<S, E, D>,
    fan_in: usize,
) -> Result<(), D::Err> {
    let bound = 1.0 / (fan_in as f64).sqrt();
    let (low, high) = (E::from_f64(-bound).unwrap(), E::from_f64(bound).unwrap());
    t.try_fill_with_distr(Uniform::new(low, high))
}

impl<
        const IN: usize,
        const OUT: usize,
        const K: usize,
        const OH: usize,
        const OW: usize,
        const S: usize,
        const P: usize,
        E: Dtype,
        D: Storage<E>,
    > NonMutableModule for modules::Conv2D<IN, OUT, K, OH, OW, S, P, E, D>
{
}

/// The sizes of one convolution, in pixels.
#[derive(Debug, Clone, Copy)]
struct Geometry {
    channels: usize,
    height: usize,
    width: usize,
    kernel: usize,
    stride: usize,
    padding: usize,
    out_height: usize,
    out_width: usize,
}

impl Geometry {
    /// The length of one patch: every input a single output pixel of one filter sees.
    fn patch_len(&self) -> usize {
        self.channels * self.kernel * self.kernel
    }

    fn image_len(&self) -> usize {
        self.channels * self.height * self.width
    }

    /// Output pixels per image and channel.
    fn out_pixels(&self) -> usize {
        self.out_height * self.out_width
    }

    /// The input row (or column) that output row `out` reads at kernel offset `offset`, or
    /// `None` in the zero padding.
    fn source(&self, out: usize, offset: usize, size: usize) -> Option<usize> {
        (out * self.stride + offset)
            .checked_sub(self.padding)
            .filter(|&i| i < size)
    }

    /// The output columns whose kernel offset `kx` reads inside the image (not the padding):
    /// `ox · stride + kx − padding` in `0..width`.
    fn columns_inside(&self, kx: usize) -> std::ops::Range<usize> {
        let first = self.padding.saturating_sub(kx).div_ceil(self.stride);
        let end = (self.width + self.padding)
            .checked_sub(kx)
            .map_or(0, |reach| reach.div_ceil(self.stride))
            .min(self.out_width);
        first..end.max(first)
    }

    /// Calls `copy(output_row, input_row)` for every row of tap `tap` (= channel, ky, kx) in one
    /// image: the `out_width` outputs of `output_row` read, in `input_row`, the columns
    /// `ox · stride + kx − padding` (`columns_inside` of them; the rest is padding).
    fn for_each_row_of_tap(&self, tap: usize, mut copy: impl FnMut(usize, usize)) {
        let k = self.kernel;
        let (channel, ky) = (tap / (k * k), tap / k % k);
        for oy in 0..self.out_height {
            if let Some(iy) = self.source(oy, ky, self.height) {
                copy(oy, channel * self.height + iy);
            }
        }
    }
}

/// im2col for a block of images, laid out for one matrix product: row `tap` (one channel and
/// kernel offset) holds, image after image, what that tap sees at every output pixel, so that
/// `weights (OUT, patch) · columns (patch, images · pixels)` is the convolution.
fn images_to_columns<E: Dtype>(images: &[E], g: &Geometry) -> Vec<E> {
    let (k, s, ow, w) = (g.kernel, g.stride, g.out_width, g.width);
    let count = images.len() / g.image_len();
    // Filled in order with `extend`, never zeroed first: padding is written as zeros where it
    // falls, everything else is copied once.
    let mut columns = Vec::with_capacity(g.patch_len() * count * g.out_pixels());
    for tap in 0..g.patch_len() {
        let (channel, ky, kx) = (tap / (k * k), tap / k % k, tap % k);
        let inside = g.columns_inside(kx);
        for image in images.chunks_exact(g.image_len()) {
            for oy in 0..g.out_height {
                let Some(iy) = g.source(oy, ky, g.height) else {
                    columns.resize(columns.len() + ow, E::default());
                    continue;
                };
                let input = &image[(channel * g.height + iy) * w..][..w];
                columns.resize(columns.len() + inside.start, E::default());
                if s == 1 {
                    // Stride 1: the columns inside the image are one run of the input row.
                    let first = inside.start + kx - g.padding;
                    columns.extend_from_slice(&input[first..][..inside.len()]);
                } else {
                    columns.extend(inside.clone().map(|ox| input[ox * s + kx - g.padding]));
                }
                columns.resize(columns.len() + ow - inside.end, E::default());
            }
        }
    }
    columns
}

/// col2im, the transpose of [`images_to_columns`]: adds every column entry back onto the pixel it
/// was read from (a pixel seen by several taps receives the sum), for the same block of images.
fn add_columns_to_images<E: Dtype>(columns: &[E], g: &Geometry, images: &mut [E]) {
    let (pixels, k, s, ow, w) = (g.out_pixels(), g.kernel, g.stride, g.out_width, g.width);
    let count = images.len() / g.image_len();
    for (tap, row) in columns.chunks_exact(count * pixels).enumerate() {
        let kx = tap % k;
        let inside = g.columns_inside(kx);
        for (image, row) in images
            .chunks_exact_mut(g.image_len())
            .zip(row.chunks_exact(pixels))
        {
            g.for_each_row_of_tap(tap, |oy, input_row| {
                let input = &mut image[input_row * w..][..w];
                let row = &row[oy * ow..][..ow];
                for ox in inside.clone() {
                    input[ox * s + kx - g.padding] += row[ox];
                }
            });
        }
    }
}

/// How many images one block of a convolution holds: about 4,096 output pixels, so that a
/// block's columns stay in the processor's cache while they are copied and multiplied.
fn images_per_block(pixels: usize) -> usize {
    (4096 / pixels).max(1)
}

/// A dense CPU tensor's values, copied out in one `memcpy`.
fn values<S: Shape, E: Dtype, T>(t: &Tensor<S, E, Cpu, T>) -> Vec<E>
where
    Cpu: Device<E>,
{
    let mut values = vec![E::default(); t.shape().num_elements()];
    t.copy_into(&mut values);
    values
}

impl<
        B: Dim,
        const IN: usize,
        const OUT: usize,
        const K: usize,
        const H: usize,
        const W: usize,
        const OH: usize,
        const OW: usize,
        const S: usize,
        const P: usize,
        E: Dtype,
        T: Tape<E, Cpu>,
    > Module<Tensor<(B, Const<IN>, Const<H>, Const<W>), E, Cpu, T>>
    for modules::Conv2D<IN, OUT, K, OH, OW, S, P, E, Cpu>
where
    Cpu: Device<E>,
{
    type Output = Tensor<(B, Const<OUT>, Const<OH>, Const<OW>), E, Cpu, T>;
    type Error = CpuError;

    fn try_forward(
        &self,
        x: Tensor<(B, Const<IN>, Const<H>, Const<W>), E, Cpu, T>,
    ) -> Result<Self::Output, CpuError> {
        const {
            assert!(
                K >= 1 && S >= 1,
                "Conv2D: the kernel and the stride must be at least 1"
            );
            assert!(
                H + 2 * P >= K && W + 2 * P >= K,
                "Conv2D: the kernel is larger than the padded input"
            );
            assert!(
                OH == (H + 2 * P - K) / S + 1,
                "Conv2D: OUT_H must be (input height + 2·PADDING − KERNEL) / STRIDE + 1"
            );
            assert!(
                OW == (W + 2 * P - K) / S + 1,
                "Conv2D: OUT_W must be (input width + 2·PADDING − KERNEL) / STRIDE + 1"
            );
        }
        let g = Geometry {
            channels: IN,
            height: H,
            width: W,
            kernel: K,
            stride: S,
            padding: P,
            out_height: OH,
            out_width: OW,
        };
        let shape = *x.shape();
        let batch = shape.0;
        let (n, pixels, patch) = (batch.size(), g.out_pixels(), g.patch_len());
        // The loops below read the input in memory order: a strided view (a permuted or
        // broadcast tensor) is copied into a dense one first; a dense tensor passes unchanged.
        let (x, mut tape) = x.try_reshape_like(&shape)?.split_tape();
        let dev = x.device().clone();
        let images = values(&x);
        let filters = self.weight.clone().try_reshape_like(&(OUT, patch))?;
        let bias = values(&self.bias);

        // Blocks of images, in parallel. Per block: the columns, one product
        // (OUT, patch) · (patch, images · pixels), and each channel's pixels copied to their
        // place in (image, channel, pixel) order with the bias added.
        let block = images_per_block(pixels);
        let mut y = vec![E::default(); n * OUT * pixels];
        let columns: Vec<Tensor<(usize, usize), E, Cpu>> = y
            .par_chunks_mut(block * OUT * pixels)
            .zip(images.par_chunks(block * g.image_len()))
            .map(|(y, images)| {
                let count = images.len() / g.image_len();
                let columns = images_to_columns(images, &g);
                let columns = dev.try_tensor_from_vec(columns, (patch, count * pixels))?;
                let product = values(&filters.clone().try_matmul(columns.clone())?);
                for (i, y) in y.chunks_exact_mut(OUT * pixels).enumerate() {
                    for (o, y) in y.chunks_exact_mut(pixels).enumerate() {
                        let from = &product[(o * count + i) * pixels..][..pixels];
                        for (y, &p) in y.iter_mut().zip(from) {
                            *y = p + bias[o];
                        }
                    }
                }
                Ok(columns)
            })
            .collect::<Result<_, CpuError>>()?;
        let y = dev.try_tensor_from_vec(y, (batch, Const, Const, Const))?;

        if T::OWNS_TAPE {
            let (weight, bias, y_id) = (self.weight.clone(), self.bias.clone(), y.clone());
            tape.add_backward_op(move |grads: &mut Gradients<E, Cpu>| {
                let mut dx = vec![E::default(); n * g.image_len()];
                let dy: &[E] = dense(grads.get_or_alloc_mut(&y_id)?);
                // Per block: dy in the product's layout (channel, images · pixels), then
                // weights: (OUT, images · pixels) · (images · pixels, patch), and
                // columns: (patch, OUT) · (OUT, images · pixels), folded back onto the images.
                let per_block: Vec<(Vec<E>, Vec<E>)> = dx
                    .par_chunks_mut(block * g.image_len())
                    .zip(dy.par_chunks(block * OUT * pixels))
                    .zip(columns.into_par_iter())
                    .map(|((dx, dy), columns)| {
                        let count = dy.len() / (OUT * pixels);
                        let mut by_channel = vec![E::default(); OUT * count * pixels];
                        for (o, row) in by_channel.chunks_exact_mut(count * pixels).enumerate() {
                            for (i, row) in row.chunks_exact_mut(pixels).enumerate() {
                                row.copy_from_slice(&dy[(i * OUT + o) * pixels..][..pixels]);
                            }
                        }
                        let d_bias: Vec<E> = by_channel
                            .chunks_exact(count * pixels)
                            .map(|row| row.iter().fold(E::default(), |sum, &v| sum + v))
                            .collect();
                        let dy = dev.try_tensor_from_vec(by_channel, (OUT, count * pixels))?;
                        let columns_t = columns.try_permute::<_, Axes2<1, 0>>()?;
                        let d_weight = values(&dy.clone().try_matmul(columns_t)?);
                        let filters_t = filters.clone().try_permute::<_, Axes2<1, 0>>()?;
                        add_columns_to_images(&values(&filters_t.try_matmul(dy)?), &g, dx);
                        Ok((d_weight, d_bias))
                    })
                    .collect::<Result<_, CpuError>>()?;
                // The blocks' shares summed in block order: the same sum for any thread count.
                for (d_weight, d_bias) in &per_block {
                    add_into(dense(grads.get_or_alloc_mut(&weight)?), d_weight);
                    add_into(dense(grads.get_or_alloc_mut(&bias)?), d_bias);
                }
                add_into(dense(grads.get_or_alloc_mut(&x)?), &dx);
                Ok(())
            });
        }
        Ok(y.put_tape(tape))
    }
}

/// A CPU gradient as the slice it is. (Inside the layers' impls, whose `Cpu: Device<E>` bound
/// hides what `Cpu`'s storage type is, rustc cannot see that it dereferences to a `Vec<E>`.)
fn dense<E: Unit>(gradient: &mut <Cpu as Storage<E>>::Vec) -> &mut [E] {
    gradient
}

fn add_into<E: Dtype>(sum: &mut [E], addend: &[E]) {
    for (s, &a) in sum.iter_mut().zip(addend) {
        *s += a;
    }
}

/// Max pooling over non-overlapping `POOL`×`POOL` windows (the stride is the window size, as in
/// PyTorch's `MaxPool2d(POOL)` and Keras' `MaxPooling2D(POOL)`). `OUT_H` and `OUT_W` are the
/// output size, `H / POOL` and `W / POOL` rounded down: rows and columns left over at the edge
/// are dropped, as PyTorch and Keras do by default.
///
/// The gradient of each output goes to the input that was the maximum (the first one, where
/// several are equal); a NaN in a window is the window's maximum, as in PyTorch.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct MaxPool2D<const POOL: usize, const OUT_H: usize, const OUT_W: usize>;

impl<const POOL: usize, const OH: usize, const OW: usize> ZeroSizedModule
    for MaxPool2D<POOL, OH, OW>
{
}
impl<const POOL: usize, const OH: usize, const OW: usize> NonMutableModule
    for MaxPool2D<POOL, OH, OW>
{
}

impl<
        B: Dim,
        const C: usize,
        const H: usize,
        const W: usize,
        const POOL: usize,
        const OH: usize,
        const OW: usize,
        E: Dtype,
        T: Tape<E, Cpu>,
    > Module<Tensor<(B, Const<C>, Const<H>, Const<W>), E, Cpu, T>> for MaxPool2D<POOL, OH, OW>
where
    Cpu: Device<E>,
{
    type Output = Tensor<(B, Const<C>, Const<OH>, Const<OW>), E, Cpu, T>;
    type Error = CpuError;

    fn try_forward(
        &self,
        x: Tensor<(B, Const<C>, Const<H>, Const<W>), E, Cpu, T>,
    ) -> Result<Self::Output, CpuError> {
        const {
            assert!(POOL >= 1, "MaxPool2D: the window must be at least 1");
            assert!(
                OH == H / POOL,
                "MaxPool2D: OUT_H must be the input height / POOL, rounded down"
            );
            assert!(
                OW == W / POOL,
                "MaxPool2D: OUT_W must be the input width / POOL, rounded down"
            );
            assert!(
                OH >= 1 && OW >= 1,
                "MaxPool2D: the window is larger than the input"
            );
        }
        let shape = *x.shape();
        let batch = shape.0;
        // Dense memory order, as in Conv2D.
        let (x, mut tape) = x.try_reshape_like(&shape)?.split_tape();
        let dev = x.device().clone();
        let planes = batch.size() * C;
        if !T::OWNS_TAPE {
            // Without a tape the input is read where it is, through dfdx's indexing of a flat
            // view, instead of copied out first: half the memory traffic.
            let flat = x.clone().try_reshape_like(&(planes * H * W,))?;
            let mut y = vec![E::default(); planes * OH * OW];
            let planes_per_task = (4096 / (H * W)).max(1);
            y.par_chunks_mut(planes_per_task * OH * OW)
                .enumerate()
                .for_each(|(task, y)| {
                    let first = task * planes_per_task * H * W;
                    pool_plane_values::<E, POOL>(&flat, first, (H, W), y, (OH, OW))
                });
            let y = dev.try_tensor_from_vec(y, (batch, Const, Const, Const))?;
            return Ok(y.put_tape(tape));
        }
        let input = values(&x);

        // With a tape: each output's value, and the position in its plane of the input it took.
        // One task per group of planes (image and channel).
        let mut y = vec![E::default(); planes * OH * OW];
        let mut winners = vec![0u32; y.len()];
        let planes_per_task = (4096 / (H * W)).max(1);
        y.par_chunks_mut(planes_per_task * OH * OW)
            .zip(input.par_chunks(planes_per_task * H * W))
            .zip(winners.par_chunks_mut(planes_per_task * OH * OW))
            .for_each(|((y, input), winners)| {
                pool_planes::<E, POOL>(input, (H, W), y, (OH, OW), winners)
            });
        let y = dev.try_tensor_from_vec(y, (batch, Const, Const, Const))?;

        let y_id = y.clone();
        tape.add_backward_op(move |grads: &mut Gradients<E, Cpu>| {
            let dy = dense::<E>(grads.get_or_alloc_mut(&y_id)?).to_vec();
            let dx = dense::<E>(grads.get_or_alloc_mut(&x)?);
            // Each output's gradient goes to its winner, which lies in the same plane.
            dx.par_chunks_mut(H * W)
                .zip(dy.par_chunks(OH * OW).zip(winners.par_chunks(OH * OW)))
                .for_each(|(dx, (dy, winners))| {
                    for (&winner, &g) in winners.iter().zip(dy) {
                        dx[winner as usize] += g;
                    }
                });
            Ok(())
        });
        Ok(y.put_tape(tape))
    }
}

/// Max pooling without a tape: the maxima of the planes that start at `first` in `flat` (the
/// input as one flat tensor), read in place through dfdx's indexing, written to `y` plane after
/// plane. The same values as [`pool_planes`], NaN included.
fn pool_plane_values<E: Dtype, const POOL: usize>(
    flat: &Tensor<(usize,), E, Cpu>,
    first: usize,
    (height, width): (usize, usize),
    y: &mut [E],
    (out_height, out_width): (usize, usize),
) where
    Cpu: Device<E>,
{
    for (plane, y) in y.chunks_exact_mut(out_height * out_width).enumerate() {
        let start = first + plane * height * width;
        for (oy, y) in y.chunks_exact_mut(out_width).enumerate() {
            for wy in 0..POOL {
                let row = start + (oy * POOL + wy) * width;
                for wx in 0..POOL {
                    for (ox, y) in y.iter_mut().enumerate() {
                        let value = flat[[row + ox * POOL + wx]];
                        let take =
                            (wy == 0 && wx == 0) || (value > *y) | (is_nan(value) & !is_nan(*y));
                        *y = if take { value } else { *y };
                    }
                }
            }
        }
    }
}

/// Max pooling of whole planes with a tape: `input` holds planes of `height × width`, `y` the
/// same number of `out_height × out_width` planes, and `winners` receives for every output the
/// index in its input plane of the value it took (the first of equal maxima; a NaN wins).
/// Row by row like [`pool_plane_values`], carrying the index beside the value.
fn pool_planes<E: Dtype, const POOL: usize>(
    input: &[E],
    (height, width): (usize, usize),
    y: &mut [E],
    (out_height, out_width): (usize, usize),
    winners: &mut [u32],
) {
    for ((input, y), winners) in input
        .chunks_exact(height * width)
        .zip(y.chunks_exact_mut(out_height * out_width))
        .zip(winners.chunks_exact_mut(out_height * out_width))
    {
        for (oy, (y, winners)) in y
            .chunks_exact_mut(out_width)
            .zip(winners.chunks_exact_mut(out_width))
            .enumerate()
        {
            for wy in 0..POOL {
                let start = (oy * POOL + wy) * width;
                let row = &input[start..][..out_width * POOL];
                for wx in 0..POOL {
                    let first = (start + wx) as u32;
                    let windows = row
                        .chunks_exact(POOL)
                        .zip(y.iter_mut().zip(winners.iter_mut()));
                    if wy == 0 && wx == 0 {
                        for (ox, (window, (y, winner))) in windows.enumerate() {
                            (*y, *winner) = (window[0], first + (ox * POOL) as u32);
                        }
                        continue;
                    }
                    for (ox, (window, (y, winner))) in windows.enumerate() {
                        let value = window[wx];
                        let take = (value > *y) | (is_nan(value) & !is_nan(*y));
                        *y = if take { value } else { *y };
                        *winner = if take {
                            first + (ox * POOL) as u32
                        } else {
                            *winner
                        };
                    }
                }
            }
        }
    }
}

/// NaN is the only value not equal to itself.
#[allow(clippy::eq_op)]
fn is_nan<E: PartialEq>(value: E) -> bool {
    value != value
}

/// Flattens each image to a vector: `(batch, C, H, W)` to `(batch, N)`, channel by channel and
/// row by row (PyTorch's `Flatten()` order). `N` must be `C · H · W`; the build fails where it
/// is not. The gradient is reshaped back (dfdx's own `reshape` does both).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Flatten2D<const N: usize>;

impl<const N: usize> ZeroSizedModule for Flatten2D<N> {}
impl<const N: usize> NonMutableModule for Flatten2D<N> {}

impl<
        B: Dim,
        const C: usize,
        const H: usize,
        const W: usize,
        const N: usize,
        E: Dtype,
        D: Device<E>,
        T: Tape<E, D>,
    > Module<Tensor<(B, Const<C>, Const<H>, Const<W>), E, D, T>> for Flatten2D<N>
{
    type Output = Tensor<(B, Const<N>), E, D, T>;
    type Error = D::Err;

    fn try_forward(
        &self,
        x: Tensor<(B, Const<C>, Const<H>, Const<W>), E, D, T>,
    ) -> Result<Self::Output, D::Err> {
        const {
            assert!(
                N == C * H * W,
                "Flatten2D: N must be channels · height · width"
            )
        }
        let batch = x.shape().0;
        x.try_reshape_like(&(batch, Const::<N>))
    }
}

/// Turns each row of pixels back into an image: `(batch, N)` to `(batch, C, H, W)`, the inverse
/// of [`Flatten2D`] (PyTorch's `Unflatten(1, (C, H, W))`). It lets a convolutional model take the
/// `(batch, 784)` MNIST batches that `kit::train` hands every model; `N` must be `C · H · W`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Unflatten2D<const C: usize, const H: usize, const W: usize>;

impl<const C: usize, const H: usize, const W: usize> ZeroSizedModule for Unflatten2D<C, H, W> {}
impl<const C: usize, const H: usize, const W: usize> NonMutableModule for Unflatten2D<C, H, W> {}

impl<
        B: Dim,
        const N: usize,
        const C: usize,
        const H: usize,
        const W: usize,
        E: Dtype,
        D: Device<E>,
        T: Tape<E, D>,
    > Module<Tensor<(B, Const<N>), E, D, T>> for Unflatten2D<C, H, W>
{
    type Output = Tensor<(B, Const<C>, Const<H>, Const<W>), E, D, T>;
    type Error = D::Err;

    fn try_forward(&self, x: Tensor<(B, Const<N>), E, D, T>) -> Result<Self::Output, D::Err> {
        const {
            assert!(
                N == C * H * W,
                "Unflatten2D: the input length must be C · H · W"
            )
        }
        let batch = x.shape().0;
        x.try_reshape_like(&(batch, Const::<C>, Const::<H>, Const::<W>))
    }
}

//! The data sets the lessons train on, behind one API, so that no lesson carries its own loader.
//! Introduced in p03.
//!
//! - [`Mnist`]: handwritten digits. [`Mnist::embedded`] is a 4,000 + 1,000 image sample compiled
//!   into the crate, so every MNIST lesson runs offline, from any folder, on the same bytes
//!   everywhere; its output is reproducible. The full set (60,000 + 10,000) is opt-in: `cargo
//!   xtask fetch-data` downloads it into `datasets/mnist/`, and `MNIST_DIR=<folder>` points at
//!   any folder of standard-named IDX files. [`MnistSource::choose`] makes that choice for a
//!   lesson's `--full` flag.
//! - [`Split`] hands a model what it needs with compile-time shapes: [`Batch`]es of
//!   `Tensor<Rank2<B, 784>, f32, D>` with labels as indices or one-hot `Rank2<B, 10>`, a seeded
//!   shuffle per epoch, and single images as `Rank3<1, 28, 28>`.
//! - [`toy`]: TensorFlow Playground's four two-dimensional data sets (circle, XOR, two
//!   Gaussians, spiral), generated from a seed with Playground's own rules, as [`toy::Points`].
//!   Introduced in t08.
//!
//! Why not the `mnist` crate? Version 0.6 expects exactly 60,000 training and 10,000 test images
//! (it cannot read the embedded sample), reads only uncompressed files from disk, and panics on a
//! bad file. The IDX format is a dozen lines to parse, so [`idx`] reads it here, checking every
//! header field and length, and every problem is a [`DataError`] that names the file.

mod error;
pub mod idx;
mod mnist;
pub mod toy;

pub use error::{DataError, LoadError};
pub use idx::{CLASSES, PIXELS, SIDE};
pub use mnist::{Batch, Mnist, MnistSource, Split, MNIST_FILES};

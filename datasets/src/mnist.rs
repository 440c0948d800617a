//! MNIST: the embedded sample, the full set on disk, and batches with compile-time shapes.

use crate::idx::{self, CLASSES, PIXELS, SIDE};
use crate::{DataError, LoadError};
use dfdx::prelude::*;
use rand::seq::SliceRandom;
use rand::Rng;
use std::fmt;
use std::path::{Path, PathBuf};

/// The four standard file names, without `.gz`: training images and labels, then test images
/// and labels. A folder of MNIST holds each either gzip-compressed (`<name>.gz`) or not.
pub const MNIST_FILES: [&str; 4] = [
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
];

/// Where a lesson's MNIST comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MnistSource {
    /// MNIST-mini, compiled into this crate: 4,000 training and 1,000 test images (see
    /// `datasets/mnist-mini/README.md`). What the book shows and the snapshots check.
    Embedded,
    /// A folder of standard-named IDX files: the one named by the `MNIST_DIR` variable.
    Folder(PathBuf),
    /// The full set that `cargo xtask fetch-data` downloads into `datasets/mnist/`.
    Downloaded(PathBuf),
}

impl MnistSource {
    /// The source for a lesson run: the folder in `MNIST_DIR` when that variable is set, else
    /// the downloaded full set when `full` (the lesson's `--full` flag), else the embedded
    /// sample.
    pub fn choose(full: bool) -> Self {
        match std::env::var_os("MNIST_DIR") {
            Some(dir) if !dir.is_empty() => Self::Folder(PathBuf::from(dir)),
            _ if full => Self::Downloaded(Self::download_dir()),
            _ => Self::Embedded,
        }
    }

    /// `datasets/mnist/` in this workspace, where `cargo xtask fetch-data` puts the full set.
    /// An absolute path fixed at compile time, so lessons find it from any working directory.
    pub fn download_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("mnist")
    }
}

impl fmt::Display for MnistSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Embedded => write!(f, "the embedded MNIST-mini sample"),
            Self::Folder(dir) => write!(f, "MNIST from MNIST_DIR={}", dir.display()),
            Self::Downloaded(dir) => write!(f, "MNIST from {}", dir.display()),
        }
    }
}

/// A labelled set of 28 × 28 grey-scale digits, stored as bytes (0 = white paper, 255 = ink)
/// and turned into `f32` tensors in [0, 1] one batch at a time.
#[derive(Debug, Clone)]
pub struct Split {
    pixels: Vec<u8>,
    labels: Vec<u8>,
}

/// MNIST's two parts and where they came from.
#[derive(Debug, Clone)]
pub struct Mnist {
    /// The examples to learn from.
    pub train: Split,
    /// The held-out examples that measure what was learned.
    pub test: Split,
    /// Where the files came from.
    pub source: MnistSource,
}

impl Mnist {
    /// MNIST-mini, the sample compiled into this crate: 4,000 training images (400 per digit)
    /// and 1,000 test images (100 per digit), all real MNIST digits. Needs no file and no
    /// network, and is the same everywhere.
    pub fn embedded() -> Self {
        const FILES: [(&str, &[u8]); 4] = [
            (
                "train-images-idx3-ubyte.gz",
                include_bytes!("../mnist-mini/train-images-idx3-ubyte.gz"),
            ),
            (
                "train-labels-idx1-ubyte.gz",
                include_bytes!("../mnist-mini/train-labels-idx1-ubyte.gz"),
            ),
            (
                "t10k-images-idx3-ubyte.gz",
                include_bytes!("../mnist-mini/t10k-images-idx3-ubyte.gz"),
            ),
            (
                "t10k-labels-idx1-ubyte.gz",
                include_bytes!("../mnist-mini/t10k-labels-idx1-ubyte.gz"),
            ),
        ];
        let [train_images, train_labels, test_images, test_labels] = FILES.map(|(name, gz)| {
            let path = Path::new("datasets/mnist-mini").join(name);
            let bytes = idx::inflate_if_gzip(&path, gz.to_vec());
            (path, bytes.expect("the embedded sample is valid gzip"))
        });
        let split = |images: (PathBuf, Vec<u8>), labels: (PathBuf, Vec<u8>)| {
            Split::parse(&images.0, &images.1, &labels.0, &labels.1)
                .expect("the embedded sample is valid IDX")
        };
        Self {
            train: split(train_images, train_labels),
            test: split(test_images, test_labels),
            source: MnistSource::Embedded,
        }
    }

    /// Reads MNIST from a folder holding the four standard-named IDX files, gzip-compressed or
    /// not (see [`MNIST_FILES`]), checking each file before it is used.
    pub fn from_dir(dir: &Path) -> Result<Self, DataError> {
        if !dir.is_dir() {
            return Err(DataError::NoFolder {
                dir: dir.to_path_buf(),
            });
        }
        let [train_images, train_labels, test_images, test_labels] = MNIST_FILES.map(|name| {
            let gz = dir.join(format!("{name}.gz"));
            let plain = dir.join(name);
            match (gz.is_file(), plain.is_file()) {
                (true, _) => Ok(gz),
                (false, true) => Ok(plain),
                (false, false) => Err(DataError::Missing {
                    dir: dir.to_path_buf(),
                    name,
                }),
            }
        });
        let read_split = |images: Result<PathBuf, DataError>,
                          labels: Result<PathBuf, DataError>| {
            let (images, labels) = (images?, labels?);
            let image_bytes = idx::read_file(&images)?;
            let label_bytes = idx::read_file(&labels)?;
            Split::parse(&images, &image_bytes, &labels, &label_bytes)
        };
        Ok(Self {
            train: read_split(train_images, train_labels)?,
            test: read_split(test_images, test_labels)?,
            source: MnistSource::Folder(dir.to_path_buf()),
        })
    }

    /// Loads MNIST from `source`. An error names the file at fault and says how to fix it for
    /// that source: set `MNIST_DIR` right, or run `cargo xtask fetch-data`.
    pub fn load(source: &MnistSource) -> Result<Self, LoadError> {
        match source {
            MnistSource::Embedded => Ok(Self::embedded()),
            MnistSource::Folder(dir) => Self::from_dir(dir).map_err(|problem| LoadError {
                problem,
                fix: format!(
                    "point MNIST_DIR at a folder holding the files {} (each may end in .gz), \
                     or unset it to use the embedded sample",
                    MNIST_FILES.join(", ")
                ),
            }),
            MnistSource::Downloaded(dir) => Self::from_dir(dir)
                .map(|mnist| Self {
                    source: source.clone(),
                    ..mnist
                })
                .map_err(|problem| LoadError {
                    problem,
                    fix: "run `cargo xtask fetch-data` to download full MNIST there \
                          (or set MNIST_DIR to a folder that has it)"
                        .to_string(),
                }),
        }
    }
}

impl Split {
    /// Checks an inflated image file and label file and pairs them. The paths only name the
    /// files in errors.
    pub fn parse(
        images_path: &Path,
        images: &[u8],
        labels_path: &Path,
        labels: &[u8],
    ) -> Result<Self, DataError> {
        let pixels = idx::parse_images(images_path, images)?;
        if pixels.is_empty() {
            return Err(DataError::Empty {
                path: images_path.to_path_buf(),
            });
        }
        let labels_read = idx::parse_labels(labels_path, labels)?;
        if pixels.len() / PIXELS != labels_read.len() {
            return Err(DataError::CountMismatch {
                images: images_path.to_path_buf(),
                image_count: pixels.len() / PIXELS,
                labels: labels_path.to_path_buf(),
                label_count: labels_read.len(),
            });
        }
        Ok(Self {
            pixels,
            labels: labels_read,
        })
    }

    /// The number of examples.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are no examples.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The first `n` examples (all of them if there are fewer).
    pub fn head(&self, n: usize) -> Self {
        let n = n.min(self.len());
        Self {
            pixels: self.pixels[..n * PIXELS].to_vec(),
            labels: self.labels[..n].to_vec(),
        }
    }

    /// The examples before `n` and those from `n` on (all in the first part if there are fewer
    /// than `n`): Keras' `validation_split=0.2` on 4,000 examples is `split_at(3200)`, the last
    /// fifth held out, taken before any shuffling.
    pub fn split_at(&self, n: usize) -> (Self, Self) {
        let n = n.min(self.len());
        let (first_pixels, rest_pixels) = self.pixels.split_at(n * PIXELS);
        let (first_labels, rest_labels) = self.labels.split_at(n);
        (
            Self {
                pixels: first_pixels.to_vec(),
                labels: first_labels.to_vec(),
            },
            Self {
                pixels: rest_pixels.to_vec(),
                labels: rest_labels.to_vec(),
            },
        )
    }

    /// The examples at `indices`, in that order: a subset picked by label, say, or a sample.
    /// Introduced in t21, to train on a few dozen examples of chosen digits.
    ///
    /// # Panics
    ///
    /// If an index is out of range.
    pub fn select(&self, indices: &[usize]) -> Self {
        Self {
            pixels: indices
                .iter()
                .flat_map(|&i| self.pixels(i))
                .copied()
                .collect(),
            labels: indices.iter().map(|&i| self.labels[i]).collect(),
        }
    }

    /// The digit that example `i` shows.
    pub fn label(&self, i: usize) -> usize {
        self.labels[i] as usize
    }

    /// The 784 pixels of example `i`, row by row, 0 (paper) to 255 (ink).
    pub fn pixels(&self, i: usize) -> &[u8] {
        &self.pixels[i * PIXELS..(i + 1) * PIXELS]
    }

    /// Example `i` as a one-channel image, `Rank3<1, 28, 28>`, scaled to [0, 1]: the shape a
    /// convolution takes.
    pub fn image<D: Device<f32>>(&self, i: usize, dev: &D) -> Tensor<Rank3<1, SIDE, SIDE>, f32, D> {
        dev.tensor_from_vec(scale(self.pixels(i)), Default::default())
    }

    /// The examples at `indices` as one batch. `B` is the batch dimension: `Const<N>` for a
    /// size fixed at compile time, `usize` for one chosen at run time.
    ///
    /// # Panics
    ///
    /// If `B` is `Const<N>` and `indices` does not hold exactly `N` indices, or an index is out
    /// of range.
    pub fn batch<B: Dim, D: Device<f32>>(&self, indices: &[usize], dev: &D) -> Batch<B, D> {
        let size = B::from_size(indices.len()).unwrap_or_else(|| {
            panic!(
                "a batch of {} examples does not fit its batch dimension",
                indices.len()
            )
        });
        let pixels: Vec<u8> = indices
            .iter()
            .flat_map(|&i| self.pixels(i))
            .copied()
            .collect();
        let labels: Vec<usize> = indices.iter().map(|&i| self.label(i)).collect();
        let mut one_hot = vec![0.0; indices.len() * CLASSES];
        for (row, &label) in labels.iter().enumerate() {
            one_hot[row * CLASSES + label] = 1.0;
        }
        Batch {
            images: dev.tensor_from_vec(scale(&pixels), (size, Const)),
            one_hot: dev.tensor_from_vec(one_hot, (size, Const)),
            labels,
        }
    }

    /// One epoch of training batches of exactly `B` examples, in an order drawn from `rng`, so
    /// each epoch sees the examples in a new order and a seeded `rng` repeats them all.
    ///
    /// The last `len % B` examples of the shuffled order are left out, so that every batch has
    /// the compile-time shape `Rank2<B, 784>`; the shuffle leaves out different ones each
    /// epoch. (To score every example, use [`Split::in_batches`].)
    pub fn shuffled_batches<'a, const B: usize, D: Device<f32>>(
        &'a self,
        rng: &mut impl Rng,
        dev: &'a D,
    ) -> impl ExactSizeIterator<Item = Batch<Const<B>, D>> + 'a {
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.shuffle(rng);
        (0..self.len() / B).map(move |k| self.batch(&order[k * B..(k + 1) * B], dev))
    }

    /// All examples in file order, in batches of `size` whose number of rows is known only at
    /// run time (`usize`): the last batch holds the remainder, so every example is seen once.
    /// For evaluation and prediction.
    pub fn in_batches<'a, D: Device<f32>>(
        &'a self,
        size: usize,
        dev: &'a D,
    ) -> impl ExactSizeIterator<Item = Batch<usize, D>> + 'a {
        assert!(size > 0, "a batch holds at least one example");
        (0..self.len().div_ceil(size)).map(move |k| {
            let rows: Vec<usize> = (k * size..((k + 1) * size).min(self.len())).collect();
            self.batch(&rows, dev)
        })
    }

    /// Example `i` drawn in text, 28 characters wide and 14 lines high (each character covers
    /// two pixel rows, since a character cell is about twice as high as it is wide).
    pub fn draw(&self, i: usize) -> Vec<String> {
        const INK: &[u8] = b" .:-=+*#%@";
        let pixels = self.pixels(i);
        (0..SIDE / 2)
            .map(|line| {
                (0..SIDE)
                    .map(|col| {
                        let upper = pixels[2 * line * SIDE + col] as usize;
                        let lower = pixels[(2 * line + 1) * SIDE + col] as usize;
                        INK[(upper + lower) * INK.len() / 512] as char
                    })
                    .collect()
            })
            .collect()
    }
}

/// Bytes 0–255 as floats in [0, 1].
fn scale(pixels: &[u8]) -> Vec<f32> {
    pixels.iter().map(|&p| f32::from(p) / 255.0).collect()
}

/// A batch of examples: images as rows of 784 pixels in [0, 1], labels both as digits and as
/// one-hot rows. `B` is `Const<N>` (shape fixed at compile time) or `usize` (run time).
#[derive(Debug, Clone)]
pub struct Batch<B: Dim, D: Device<f32>> {
    /// One row per example, `(B, Const<784>)`: `Rank2<N, 784>` when `B` is `Const<N>`.
    pub images: Tensor<(B, Const<PIXELS>), f32, D>,
    /// The digit each example shows (sparse labels).
    pub labels: Vec<usize>,
    /// The same labels one-hot, `(B, Const<10>)`: row `i` is 1 at column `labels[i]`.
    pub one_hot: Tensor<(B, Const<CLASSES>), f32, D>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{rngs::StdRng, SeedableRng};

    #[test]
    fn split_at_keeps_every_example_once_in_order() {
        let train = Mnist::embedded().train;
        let (fit, held_out) = train.split_at(3200);
        assert_eq!((fit.len(), held_out.len()), (3200, 800));
        assert_eq!(fit.label(0), train.label(0));
        assert_eq!(held_out.label(0), train.label(3200));
        assert_eq!(held_out.pixels(799), train.pixels(3999));
        let (all, none) = train.split_at(9999);
        assert_eq!((all.len(), none.len()), (4000, 0));
    }

    #[test]
    fn select_keeps_the_chosen_examples_in_the_order_given() {
        let test = Mnist::embedded().test;
        let fives: Vec<usize> = (0..test.len()).filter(|&i| test.label(i) == 5).collect();
        let picked = test.select(&[fives[3], 0, fives[0], 0]);
        assert_eq!(picked.len(), 4);
        assert_eq!(
            (0..4).map(|i| picked.label(i)).collect::<Vec<_>>(),
            [5, test.label(0), 5, test.label(0)]
        );
        assert_eq!(picked.pixels(0), test.pixels(fives[3]));
        assert_eq!(picked.pixels(3), test.pixels(0));
        assert!(test.select(&[]).is_empty());
    }

    #[test]
    fn the_embedded_sample_is_balanced_and_scaled() {
        let mnist = Mnist::embedded();
        assert_eq!((mnist.train.len(), mnist.test.len()), (4000, 1000));
        for (split, per_digit) in [(&mnist.train, 400), (&mnist.test, 100)] {
            let mut counts = [0; CLASSES];
            (0..split.len()).for_each(|i| counts[split.label(i)] += 1);
            assert_eq!(counts, [per_digit; CLASSES]);
        }
        let dev = Cpu::default();
        let image = mnist.train.image(0, &dev).as_vec();
        assert!(image.iter().all(|p| (0.0..=1.0).contains(p)));
        assert_eq!(image.iter().cloned().fold(0.0, f32::max), 1.0);
    }

    #[test]
    fn shuffled_batches_drop_the_remainder_and_depend_on_the_seed() {
        let split = Mnist::embedded().test.head(70);
        let dev = Cpu::default();
        let labels_of_epoch = |seed| {
            let mut rng = StdRng::seed_from_u64(seed);
            let batches: Vec<_> = split.shuffled_batches::<32, _>(&mut rng, &dev).collect();
            assert_eq!(batches.len(), 2);
            batches
                .into_iter()
                .flat_map(|b| b.labels)
                .collect::<Vec<_>>()
        };
        assert_eq!(labels_of_epoch(1), labels_of_epoch(1));
        assert_ne!(labels_of_epoch(1), labels_of_epoch(2));
    }

    #[test]
    fn batches_in_order_keep_every_example_and_one_hot_matches() {
        let split = Mnist::embedded().test.head(70);
        let dev = Cpu::default();
        let sizes: Vec<usize> = split.in_batches(32, &dev).map(|b| b.labels.len()).collect();
        assert_eq!(sizes, [32, 32, 6]);
        let last = split.in_batches(32, &dev).last().unwrap();
        assert_eq!(last.images.shape().0, 6);
        let one_hot = last.one_hot.as_vec();
        for (row, &label) in last.labels.iter().enumerate() {
            let hot: Vec<usize> = (0..CLASSES)
                .filter(|&c| one_hot[row * CLASSES + c] == 1.0)
                .collect();
            assert_eq!(hot, [label]);
        }
    }
}

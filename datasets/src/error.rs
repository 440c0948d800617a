//! What can be wrong with a data file, said in one line that names the file.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// A data file or folder that cannot be used, and why. Each variant displays as one line that
/// names the file; [`LoadError`] adds what to do about it.
#[derive(Debug)]
pub enum DataError {
    /// The folder itself does not exist (or is not a folder).
    NoFolder {
        /// The path that was given as the folder.
        dir: PathBuf,
    },
    /// The folder lacks one of the four files (neither `name` nor `name.gz` is there).
    Missing {
        /// The folder searched.
        dir: PathBuf,
        /// The file's standard name, without `.gz`.
        name: &'static str,
    },
    /// The file exists but could not be read.
    Unreadable {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// The file's name ends in `.gz`, but its first bytes are not gzip's magic number.
    NotGzip {
        /// The file.
        path: PathBuf,
    },
    /// The file starts like gzip but does not inflate (often: a download cut short).
    BadGzip {
        /// The file.
        path: PathBuf,
        /// What the decoder said.
        reason: String,
    },
    /// The first four bytes are not the magic number of the expected kind of IDX file.
    WrongMagic {
        /// The file.
        path: PathBuf,
        /// The magic number found.
        found: u32,
        /// The magic number expected.
        expected: u32,
    },
    /// An image file whose images are not 28 × 28.
    WrongImageSize {
        /// The file.
        path: PathBuf,
        /// Rows per image, from the header.
        rows: usize,
        /// Columns per image, from the header.
        cols: usize,
    },
    /// Fewer bytes than the header announces.
    Truncated {
        /// The file.
        path: PathBuf,
        /// Bytes the header announces (header included), after inflating.
        expected: usize,
        /// Bytes found.
        found: usize,
    },
    /// More bytes than the header announces.
    TrailingBytes {
        /// The file.
        path: PathBuf,
        /// Bytes the header announces (header included), after inflating.
        expected: usize,
        /// Bytes found.
        found: usize,
    },
    /// A label that is not a digit from 0 to 9.
    BadLabel {
        /// The file.
        path: PathBuf,
        /// The label's position in the file.
        index: usize,
        /// The value found.
        label: u8,
    },
    /// An image file whose header announces no images at all.
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// An image file and its label file disagree on how many examples there are.
    CountMismatch {
        /// The image file.
        images: PathBuf,
        /// Images in it.
        image_count: usize,
        /// The label file.
        labels: PathBuf,
        /// Labels in it.
        label_count: usize,
    },
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoFolder { dir } => write!(f, "{}: no such folder", dir.display()),
            Self::Missing { dir, name } => {
                write!(
                    f,
                    "{}: no {name}.gz (or {name}) in this folder",
                    dir.display()
                )
            }
            Self::Unreadable { path, source } => {
                write!(f, "{}: cannot be read: {source}", path.display())
            }
            Self::NotGzip { path } => write!(
                f,
                "{}: not a gzip file, although its name ends in .gz",
                path.display()
            ),
            Self::BadGzip { path, reason } => {
                write!(f, "{}: damaged gzip data ({reason})", path.display())
            }
            Self::WrongMagic {
                path,
                found,
                expected,
            } => {
                let kind = match *expected {
                    crate::idx::IMAGES_MAGIC => "an IDX image file",
                    _ => "an IDX label file",
                };
                write!(
                    f,
                    "{}: not {kind} (magic number {found:#010x}, expected {expected:#010x})",
                    path.display()
                )
            }
            Self::WrongImageSize { path, rows, cols } => write!(
                f,
                "{}: images are {rows}×{cols} pixels, MNIST's are 28×28",
                path.display()
            ),
            Self::Truncated {
                path,
                expected,
                found,
            } => write!(
                f,
                "{}: truncated: its header announces {expected} bytes, it holds {found}",
                path.display()
            ),
            Self::TrailingBytes {
                path,
                expected,
                found,
            } => write!(
                f,
                "{}: {} bytes longer than its header announces ({expected})",
                path.display(),
                found - expected
            ),
            Self::BadLabel { path, index, label } => write!(
                f,
                "{}: label {index} is {label}, not a digit from 0 to 9",
                path.display()
            ),
            Self::Empty { path } => write!(f, "{}: holds no images", path.display()),
            Self::CountMismatch {
                images,
                image_count,
                labels,
                label_count,
            } => write!(
                f,
                "{} holds {image_count} images but {} holds {label_count} labels",
                images.display(),
                labels.display()
            ),
        }
    }
}

impl std::error::Error for DataError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Unreadable { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A [`DataError`] met while loading a data set, with the fix that fits where the files came
/// from. It displays as one line: the problem, then what to do.
#[derive(Debug)]
pub struct LoadError {
    /// What is wrong.
    pub problem: DataError,
    /// What to do about it: a command to run or a variable to change.
    pub fix: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; {}", self.problem, self.fix)
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.problem)
    }
}

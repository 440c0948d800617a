//! Weights files that are never half-written, and that are checked against the model before a
//! single number is loaded.
//!
//! dfdx's own `save_safetensors` writes straight into the file it is given, and its
//! `load_safetensors` trusts the file more than a command line can: measured on dfdx 0.13, a
//! tensor of the right shape but another number type (`F64`) makes it panic, a missing tensor
//! stops it after the tensors before it were already copied in, its shape error does not name
//! the tensor, and tensors the model does not have are ignored. [`save_weights`] and
//! [`load_weights`] wrap the two calls so that a learner's file gets one line that names the
//! file, the tensor and the fix.

use dfdx::prelude::*;
use kit::inspect::named_parameters;
use kit::save::write_atomically;
// `::` because dfdx's prelude has a module of the same name.
use ::safetensors::tensor::Metadata;
use ::safetensors::{Dtype as NumberType, SafeTensorError, SafeTensors};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The command that writes a weights file this lesson can load, without its path.
pub const SAVE_COMMAND: &str = "cargo xtask run p09 -- --save";

/// The architecture a loaded file must fit, in words, for messages.
pub const ARCHITECTURE: &str = "784→64→10";

// ANCHOR: save_weights
/// Saves `model`'s weights as a safetensors file at `path`, through
/// [`kit::save::write_atomically`]: an
/// existing file there is replaced only by a complete new one.
///
/// # Errors
///
/// A [`SaveError`] naming the file, the reason and the fix; nothing at `path` has changed.
pub fn save_weights<M>(model: &M, path: &Path) -> Result<(), SaveError>
where
    M: TensorCollection<f32, AutoDevice>,
{
    write_atomically(path, |temporary| {
        model.save_safetensors(temporary).map_err(|err| match err {
            SafeTensorError::IoError(err) => err,
            other => io::Error::other(format!("{other:?}")),
        })
    })
    .map_err(|cause| SaveError {
        file: path.to_path_buf(),
        cause,
    })
}
// ANCHOR_END: save_weights

// ANCHOR: load_weights
/// Loads the weights in the safetensors file at `path` into `model`, after checking that the
/// file holds exactly the tensors `model` has: the same names, the same shapes, `f32` numbers.
/// A file that fails the check leaves `model` untouched.
///
/// # Errors
///
/// A [`LoadError`] naming the file, what is wrong with it (the tensor, where one is at fault)
/// and the fix.
pub fn load_weights<M>(model: &mut M, path: &Path) -> Result<(), LoadError>
where
    M: TensorCollection<f32, AutoDevice>,
{
    let fail = |problem| LoadError {
        file: path.to_path_buf(),
        problem,
    };
    let bytes = fs::read(path).map_err(|err| fail(Problem::unreadable(err)))?;
    check_weights(&bytes, &expected_tensors(model)).map_err(fail)?;
    // The check leaves dfdx's loader nothing to refuse, unless the file changed in between.
    model
        .load_safetensors(path)
        .map_err(|err| fail(Problem::Damaged(format!("{err:?}"))))
}
// ANCHOR_END: load_weights

/// Every tensor `model` holds, by the name a safetensors file gives it, with its shape.
pub fn expected_tensors<M, D>(model: &M) -> Vec<(String, Vec<usize>)>
where
    D: Device<f32>,
    M: TensorCollection<f32, D>,
{
    named_parameters(model)
        .into_iter()
        .map(|parameter| (parameter.name, parameter.shape))
        .collect()
}

// ANCHOR: check_weights
/// Checks the bytes of a safetensors file against the tensors a model expects (names and
/// shapes, as [`expected_tensors`] lists them, all `f32`), without loading anything. The
/// `safetensors` crate reads the header: 8 bytes giving its length, then JSON that gives each
/// tensor's name, number type, shape and place in the data that follows.
///
/// # Errors
///
/// The first [`Problem`] found: with the file as a whole, then with the expected tensors in
/// order, then a tensor the model does not have.
pub fn check_weights(bytes: &[u8], expected: &[(String, Vec<usize>)]) -> Result<(), Problem> {
    let (_, header) =
        SafeTensors::read_metadata(bytes).map_err(|err| Problem::format(bytes, err))?;
    let in_file = header.tensors();
    for (name, shape) in expected {
        let Some(info) = in_file.get(name) else {
            return Err(Problem::MissingTensor {
                name: name.clone(),
                shape: shape.clone(),
            });
        };
        if info.dtype != NumberType::F32 {
            return Err(Problem::WrongNumberType {
                name: name.clone(),
                dtype: format!("{:?}", info.dtype),
            });
        }
        if &info.shape != shape {
            return Err(Problem::WrongShape {
                name: name.clone(),
                in_file: info.shape.clone(),
                in_model: shape.clone(),
            });
        }
    }
    let mut extra: Vec<&String> = in_file
        .keys()
        .filter(|name| !expected.iter().any(|(wanted, _)| wanted == *name))
        .collect();
    extra.sort();
    match extra.first() {
        Some(name) => Err(Problem::UnexpectedTensor {
            name: name.to_string(),
        }),
        None => Ok(()),
    }
}
// ANCHOR_END: check_weights

/// A weights file that could not be saved: which file, and the error from the file system.
#[derive(Debug)]
pub struct SaveError {
    /// The file that was to be written.
    pub file: PathBuf,
    /// Why it was not.
    pub cause: io::Error,
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display();
        write!(f, "cannot save the weights to {file}: ")?;
        let folder = self
            .file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        match self.cause.kind() {
            io::ErrorKind::NotFound => write!(
                f,
                "the folder {} does not exist; create it, or give --save a path in a folder that \
                 exists",
                folder.display()
            ),
            io::ErrorKind::IsADirectory => write!(
                f,
                "it is a folder; give --save a file name, such as {}",
                shell_word(&self.file.join("weights.safetensors"))
            ),
            io::ErrorKind::PermissionDenied => write!(
                f,
                "permission denied; give --save a path in a folder you can write to"
            ),
            io::ErrorKind::InvalidInput => write!(
                f,
                "the path names no file; give --save one such as weights.safetensors"
            ),
            _ => write!(f, "{}; nothing was written there", self.cause),
        }
    }
}

impl std::error::Error for SaveError {}

/// A weights file that was not loaded: which file, and what is wrong with it.
#[derive(Debug)]
pub struct LoadError {
    /// The file as it was given.
    pub file: PathBuf,
    /// What is wrong with it.
    pub problem: Problem,
}

/// What can be wrong with a weights file. [`LoadError`] turns each into one line with the fix.
#[derive(Debug)]
pub enum Problem {
    /// There is no such file.
    NotFound,
    /// The path is a folder.
    IsAFolder,
    /// The file exists but cannot be read.
    Unreadable(io::Error),
    /// Shorter than the 8 bytes that give the header's length.
    TooShort {
        /// The file's size.
        holds: usize,
    },
    /// The header's length is there, but the file ends inside the header.
    HeaderCutShort {
        /// The file's size.
        holds: usize,
        /// The header's length, with the 8 bytes that give it.
        header: usize,
    },
    /// The header is whole, but less data follows it than it describes.
    CutShort {
        /// The file's size.
        holds: usize,
        /// The size that the header announces.
        announced: usize,
    },
    /// More data follows the header than it describes.
    TrailingBytes {
        /// How many bytes more.
        extra: usize,
    },
    /// The file does not start the way a safetensors file does.
    NotSafetensors {
        /// It starts as a zip archive does (an `.npz` file is one).
        zip: bool,
    },
    /// A safetensors header whose entries contradict each other, in the `safetensors` crate's
    /// words.
    Damaged(String),
    /// The model has a tensor that the file lacks.
    MissingTensor {
        /// The tensor's name.
        name: String,
        /// Its shape in the model.
        shape: Vec<usize>,
    },
    /// The file stores a tensor with numbers of another type than `f32`.
    WrongNumberType {
        /// The tensor's name.
        name: String,
        /// The type in the file, as safetensors names it (`F64`, `F16`, …).
        dtype: String,
    },
    /// A tensor's shape in the file is not its shape in the model.
    WrongShape {
        /// The tensor's name.
        name: String,
        /// Its shape in the file.
        in_file: Vec<usize>,
        /// Its shape in the model.
        in_model: Vec<usize>,
    },
    /// The file has a tensor that the model lacks.
    UnexpectedTensor {
        /// The tensor's name.
        name: String,
    },
}

impl Problem {
    /// What a failed read says about the file.
    fn unreadable(err: io::Error) -> Self {
        match err.kind() {
            io::ErrorKind::NotFound => Problem::NotFound,
            io::ErrorKind::IsADirectory => Problem::IsAFolder,
            _ => Problem::Unreadable(err),
        }
    }

    /// What the `safetensors` crate's refusal of a file's header means for the learner.
    fn format(bytes: &[u8], err: SafeTensorError) -> Self {
        let holds = bytes.len();
        let header_length = bytes
            .get(..8)
            .map(|prefix| u64::from_le_bytes(prefix.try_into().expect("8 bytes")));
        let header = header_length.and_then(|n| usize::try_from(n).ok()?.checked_add(8));
        match err {
            SafeTensorError::HeaderTooSmall => Problem::TooShort { holds },
            // The length is plausible and JSON starts after it: a file cut inside its header.
            SafeTensorError::InvalidHeaderLength if bytes.get(8) == Some(&b'{') => {
                Problem::HeaderCutShort {
                    holds,
                    header: header.unwrap_or(holds),
                }
            }
            SafeTensorError::MetadataIncompleteBuffer => {
                let announced = header.and_then(|end| announced_size(&bytes[8..end], end));
                match announced {
                    Some(announced) if announced > holds => Problem::CutShort { holds, announced },
                    Some(announced) => Problem::TrailingBytes {
                        extra: holds - announced,
                    },
                    None => Problem::Damaged(format!("{err:?}")),
                }
            }
            SafeTensorError::TensorInvalidInfo
            | SafeTensorError::InvalidOffset(_)
            | SafeTensorError::ValidationOverflow => Problem::Damaged(format!("{err:?}")),
            _ => Problem::NotSafetensors {
                zip: bytes.starts_with(b"PK\x03\x04"),
            },
        }
    }
}

/// The size of the whole file that a safetensors header describes: `start` (8 plus the header's
/// length) plus the end of the last tensor's data.
fn announced_size(header: &[u8], start: usize) -> Option<usize> {
    let metadata: Metadata = serde_json::from_slice(header).ok()?;
    let data = metadata
        .tensors()
        .values()
        .map(|info| info.data_offsets.1)
        .max()
        .unwrap_or(0);
    start.checked_add(data)
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display();
        // Fixes: write the file again, or load one this lesson wrote.
        let again = format!(
            "save it again with `{SAVE_COMMAND} {}`",
            shell_word(&self.file)
        );
        let ours = format!("give --load a file written by `{SAVE_COMMAND} FILE`");
        let other_architecture = format!("{file} was saved from another architecture");
        match &self.problem {
            Problem::NotFound => write!(
                f,
                "{file} does not exist; write it with `{SAVE_COMMAND} {}`",
                shell_word(&self.file)
            ),
            Problem::IsAFolder => write!(f, "{file} is a folder, not a file; {ours}"),
            Problem::Unreadable(err) => write!(f, "cannot read {file}: {err}; {ours}"),
            Problem::TooShort { holds } => write!(
                f,
                "{file} is cut short: it holds {holds} bytes, fewer than the 8 that start a \
                 safetensors file; {again}"
            ),
            Problem::HeaderCutShort { holds, header } => write!(
                f,
                "{file} is cut short: it holds {} bytes, fewer than its {}-byte header; {again}",
                kit::thousands(*holds),
                kit::thousands(*header)
            ),
            Problem::CutShort { holds, announced } => write!(
                f,
                "{file} is cut short: it holds {} of the {} bytes its header announces; {again}",
                kit::thousands(*holds),
                kit::thousands(*announced)
            ),
            Problem::TrailingBytes { extra } => write!(
                f,
                "{file} has {} bytes more than its header announces; {again}",
                kit::thousands(*extra)
            ),
            Problem::NotSafetensors { zip } => write!(
                f,
                "{file} is not a safetensors file{}; {ours}",
                if *zip {
                    " (it is a zip archive, as an .npz file is)"
                } else {
                    ""
                }
            ),
            Problem::Damaged(detail) => write!(
                f,
                "{file} is not a valid safetensors file ({detail}); {again}"
            ),
            Problem::MissingTensor { name, shape } => write!(
                f,
                "{other_architecture}: it has no tensor {name}, which this model ({ARCHITECTURE}) \
                 needs as {shape:?}; {ours}"
            ),
            Problem::WrongNumberType { name, dtype } => write!(
                f,
                "{file} stores tensor {name} as {dtype} numbers, and this model loads F32 ones; \
                 {ours}"
            ),
            Problem::WrongShape {
                name,
                in_file,
                in_model,
            } => write!(
                f,
                "{other_architecture}: tensor {name} is {in_file:?} there and {in_model:?} in \
                 this model ({ARCHITECTURE}); {ours}"
            ),
            Problem::UnexpectedTensor { name } => write!(
                f,
                "{other_architecture}: it has a tensor {name}, which this model \
                 ({ARCHITECTURE}) does not; {ours}"
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// A path as a shell word: as it is when it needs no quoting, else in single quotes.
fn shell_word(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = |c: char| c.is_ascii_alphanumeric() || "._-/+=:,@%".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{fresh_network, Architecture, Network};
    use datasets::{CLASSES, PIXELS};
    use kit::scratch::ScratchDir;
    use std::panic::{catch_unwind, AssertUnwindSafe};

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(
            shell_word(Path::new("out/w.safetensors")),
            "out/w.safetensors"
        );
        assert_eq!(
            shell_word(Path::new("my w.safetensors")),
            "'my w.safetensors'"
        );
        assert_eq!(shell_word(Path::new("it's")), r"'it'\''s'");
    }

    #[test]
    fn a_save_into_a_folder_that_does_not_exist_says_so() {
        let dir = ScratchDir::new("p09-unit").unwrap();
        let path = dir.join("no-such-folder").join("w.safetensors");
        let err = save_weights(&fresh_network(), &path).unwrap_err();
        assert_eq!(err.cause.kind(), io::ErrorKind::NotFound);
        assert!(
            err.to_string().contains("no-such-folder does not exist"),
            "{err}"
        );
        let err = save_weights(&fresh_network(), dir.path()).unwrap_err();
        assert!(err.to_string().contains("it is a folder"), "{err}");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    /// The lesson's network saved into `dir`, and the file's bytes.
    fn saved(dir: &ScratchDir) -> (PathBuf, Vec<u8>) {
        let path = dir.join("good.safetensors");
        save_weights(&fresh_network(), &path).unwrap();
        let bytes = fs::read(&path).unwrap();
        (path, bytes)
    }

    fn problem(bytes: &[u8]) -> Problem {
        check_weights(bytes, &expected_tensors(&fresh_network())).unwrap_err()
    }

    #[test]
    fn each_kind_of_bad_file_is_told_apart() {
        let dir = ScratchDir::new("p09-unit").unwrap();
        let (_, good) = saved(&dir);
        let expected = expected_tensors(&fresh_network());
        assert!(check_weights(&good, &expected).is_ok());
        assert!(matches!(problem(&[]), Problem::TooShort { holds: 0 }));
        assert!(matches!(
            problem(&good[..50]),
            Problem::HeaderCutShort {
                holds: 50,
                header: 296
            }
        ));
        let half = good.len() / 2;
        assert!(matches!(
            problem(&good[..half]),
            Problem::CutShort { holds, announced } if holds == half && announced == good.len()
        ));
        let mut longer = good.clone();
        longer.extend_from_slice(&[0; 12]);
        assert!(matches!(
            problem(&longer),
            Problem::TrailingBytes { extra: 12 }
        ));
        assert!(matches!(
            problem(b"PK\x03\x04 a zip archive"),
            Problem::NotSafetensors { zip: true }
        ));
        assert!(matches!(
            problem(b"some text, not a file of tensors\n"),
            Problem::NotSafetensors { zip: false }
        ));
    }

    /// The Problem for a file that `save` writes into `dir`.
    fn problem_of(dir: &ScratchDir, save: impl FnOnce(&Path)) -> Problem {
        let path = dir.join("other.safetensors");
        save(&path);
        problem(&fs::read(path).unwrap())
    }

    #[test]
    fn files_of_other_architectures_name_the_tensor() {
        let dir = ScratchDir::new("p09-unit").unwrap();
        let dev = AutoDevice::default();
        type Deeper = (
            (Linear<PIXELS, 64>, ReLU),
            (Linear<64, 32>, ReLU),
            Linear<32, CLASSES>,
        );
        let missing = problem_of(&dir, |path| {
            dev.build_module::<Deeper, f32>()
                .save_safetensors(path)
                .unwrap()
        });
        assert!(
            matches!(&missing, Problem::MissingTensor { name, shape } if name == "1.weight" && shape == &[10, 64]),
            "{missing:?}"
        );
        type Narrower = ((Linear<PIXELS, 32>, ReLU), Linear<32, CLASSES>);
        let shape = problem_of(&dir, |path| {
            dev.build_module::<Narrower, f32>()
                .save_safetensors(path)
                .unwrap()
        });
        assert!(
            matches!(&shape, Problem::WrongShape { name, in_file, in_model }
                if name == "0.0.weight" && in_file == &[32, 784] && in_model == &[64, 784]),
            "{shape:?}"
        );
        let double = problem_of(&dir, |path| {
            dev.build_module::<Architecture, f64>()
                .save_safetensors(path)
                .unwrap()
        });
        assert!(
            matches!(&double, Problem::WrongNumberType { name, dtype } if name == "0.0.weight" && dtype == "F64"),
            "{double:?}"
        );
        // The right four tensors, and one more: PyTorch's strict `load_state_dict` refuses
        // such a file, and so does this check.
        type Longer = (
            ((Linear<PIXELS, 64>, ReLU), Linear<64, CLASSES>),
            Linear<CLASSES, CLASSES>,
        );
        let wider = dev.build_module::<Longer, f32>();
        let extra = problem_of(&dir, |path| {
            let bytes: Vec<(String, Vec<usize>, Vec<u8>)> = kit::inspect::named_parameters(&wider)
                .into_iter()
                .map(|p| {
                    // `0.0.0.weight` → `0.0.weight`, and `1.weight` → `2.weight`.
                    let name = match p.name.strip_prefix("0.") {
                        Some(inner) => inner.to_string(),
                        None => p.name.replacen('1', "2", 1),
                    };
                    let data = p.values.iter().flat_map(|v| v.to_le_bytes()).collect();
                    (name, p.shape, data)
                })
                .collect();
            let views = bytes.iter().map(|(name, shape, data)| {
                let view =
                    ::safetensors::tensor::TensorView::new(NumberType::F32, shape.clone(), data);
                (name.clone(), view.unwrap())
            });
            ::safetensors::serialize_to_file(views, &None, path).unwrap();
        });
        assert!(
            matches!(&extra, Problem::UnexpectedTensor { name } if name == "2.bias"),
            "{extra:?}"
        );
        // dfdx's own loader ignores the extra tensor.
        assert!(fresh_network()
            .load_safetensors(dir.join("other.safetensors"))
            .is_ok());
    }

    /// What the chapter says about dfdx 0.13's own loader, measured: it panics on a tensor of
    /// another number type, and a missing tensor stops it half-way, after the tensors before it
    /// were loaded. A shape it refuses before copying anything, and its error has no name.
    #[test]
    fn dfdx_alone_panics_on_f64_and_half_loads_a_deeper_file() {
        let dir = ScratchDir::new("p09-unit").unwrap();
        let dev = AutoDevice::seed_from_u64(7);
        let double = dir.join("f64.safetensors");
        dev.build_module::<Architecture, f64>()
            .save_safetensors(&double)
            .unwrap();
        let mut model = fresh_network();
        let outcome = catch_unwind(AssertUnwindSafe(|| model.load_safetensors(&double)));
        assert!(
            outcome.is_err(),
            "dfdx 0.13 no longer panics on an F64 file"
        );

        type Deeper = (
            (Linear<PIXELS, 64>, ReLU),
            (Linear<64, 32>, ReLU),
            Linear<32, CLASSES>,
        );
        let deeper = dir.join("deeper.safetensors");
        let other = dev.build_module::<Deeper, f32>();
        other.save_safetensors(&deeper).unwrap();
        let mut model: Network = fresh_network();
        let err = model.load_safetensors(&deeper).unwrap_err();
        assert_eq!(
            format!("{err:?}"),
            r#"SafeTensorError(TensorNotFound("1.weight"))"#
        );
        assert_eq!(
            model.0 .0.weight.as_vec(),
            other.0 .0.weight.as_vec(),
            "half-loaded"
        );
        assert_ne!(model.1.weight.as_vec(), vec![0.0; 640]);

        type Narrower = ((Linear<PIXELS, 32>, ReLU), Linear<32, CLASSES>);
        let narrower = dir.join("narrower.safetensors");
        dev.build_module::<Narrower, f32>()
            .save_safetensors(&narrower)
            .unwrap();
        let mut model = fresh_network();
        let err = model.load_safetensors(&narrower).unwrap_err();
        assert_eq!(
            format!("{err:?}"),
            "MismatchedDimension(([32, 784], [64, 784]))"
        );
        assert_eq!(
            model.0 .0.weight.as_vec(),
            fresh_network().0 .0.weight.as_vec()
        );

        // Its npz loader names no array either.
        let deeper_npz = dir.join("deeper.npz");
        other.save(&deeper_npz).unwrap();
        let err = format!("{:?}", fresh_network().load(&deeper_npz).unwrap_err());
        assert!(
            err.contains("FileNotFound") && !err.contains("1.weight"),
            "{err}"
        );
    }

    #[test]
    fn a_refused_file_leaves_the_model_as_it_was() {
        let dir = ScratchDir::new("p09-unit").unwrap();
        type Deeper = (
            (Linear<PIXELS, 64>, ReLU),
            (Linear<64, 32>, ReLU),
            Linear<32, CLASSES>,
        );
        let deeper = dir.join("deeper.safetensors");
        save_weights(
            &AutoDevice::seed_from_u64(7).build_module::<Deeper, f32>(),
            &deeper,
        )
        .unwrap();
        let mut model = fresh_network();
        let err = load_weights(&mut model, &deeper).unwrap_err();
        assert!(matches!(err.problem, Problem::MissingTensor { .. }));
        assert_eq!(
            model.0 .0.weight.as_vec(),
            fresh_network().0 .0.weight.as_vec()
        );
        let line = err.to_string();
        assert!(!line.contains('\n'));
        assert!(line.starts_with(&format!(
            "{} was saved from another architecture",
            deeper.display()
        )));
    }
}

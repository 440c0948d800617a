//! Loading MNIST from a folder, the way `MNIST_DIR` and `--full` do: the real files beside the
//! repository load with the counts their headers give, and each kind of broken folder is refused
//! with one line that names the file at fault and says what to do.

use datasets::{DataError, LoadError, Mnist, MnistSource, MNIST_FILES, PIXELS};
use flate2::read::GzDecoder;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// `../shared/datasets/mnist`: the official 10,000-image test set and a 5,000-image training
/// sample, gzip-compressed. `None`, with a message, where this checkout has no `../shared`.
fn shared_mnist(test: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/datasets/mnist");
    if MNIST_FILES
        .iter()
        .all(|name| dir.join(format!("{name}.gz")).is_file())
    {
        Some(dir)
    } else {
        eprintln!(
            "{test}: skipped, because {} does not hold the four MNIST files",
            dir.display()
        );
        None
    }
}

/// A fresh, empty folder for one test, deleted when dropped.
struct Folder(PathBuf);

impl Folder {
    fn new(test: &str) -> Folder {
        let dir = std::env::temp_dir().join(format!("datasets-{}-{test}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Folder(dir)
    }

    /// A folder holding a copy of the four files of `from`.
    fn copy_of(test: &str, from: &Path) -> Folder {
        let folder = Folder::new(test);
        for name in MNIST_FILES {
            let name = format!("{name}.gz");
            fs::copy(from.join(&name), folder.0.join(&name)).unwrap();
        }
        folder
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Loads `dir` as `MNIST_DIR` would, expecting a refusal, and returns it with its message.
fn refused(dir: &Path) -> (LoadError, String) {
    let err = Mnist::load(&MnistSource::Folder(dir.to_path_buf()))
        .expect_err("a broken folder must be refused");
    let message = err.to_string();
    assert!(!message.contains('\n'), "one line: {message}");
    assert!(message.contains("MNIST_DIR"), "says what to do: {message}");
    (err, message)
}

fn inflate(path: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    GzDecoder::new(fs::File::open(path).unwrap())
        .read_to_end(&mut bytes)
        .unwrap();
    bytes
}

#[test]
fn a_folder_of_real_mnist_loads_with_the_counts_of_its_headers() {
    let Some(dir) = shared_mnist("a_folder_of_real_mnist_loads_with_the_counts_of_its_headers")
    else {
        return;
    };
    let mnist = Mnist::load(&MnistSource::Folder(dir.clone())).unwrap();
    assert_eq!((mnist.train.len(), mnist.test.len()), (5_000, 10_000));
    assert_eq!(mnist.source, MnistSource::Folder(dir));
    // The first digits of the official test set are a 7, a 2, a 1 and a 0.
    let first: Vec<usize> = (0..4).map(|i| mnist.test.label(i)).collect();
    assert_eq!(first, [7, 2, 1, 0]);
    let pixels = mnist.test.pixels(0);
    assert_eq!(pixels.len(), PIXELS);
    assert!(
        pixels.contains(&0) && pixels.contains(&255),
        "paper and ink"
    );
}

#[test]
fn uncompressed_files_load_too() {
    let Some(dir) = shared_mnist("uncompressed_files_load_too") else {
        return;
    };
    let folder = Folder::new("uncompressed");
    for name in MNIST_FILES {
        fs::write(folder.path(name), inflate(&dir.join(format!("{name}.gz")))).unwrap();
    }
    let mnist = Mnist::from_dir(&folder.0).unwrap();
    assert_eq!((mnist.train.len(), mnist.test.len()), (5_000, 10_000));
}

#[test]
fn an_empty_folder_names_the_first_missing_file() {
    let folder = Folder::new("empty");
    let (err, message) = refused(&folder.0);
    assert!(
        matches!(
            err.problem,
            DataError::Missing {
                name: "train-images-idx3-ubyte",
                ..
            }
        ),
        "{message}"
    );
    assert!(message.contains("train-images-idx3-ubyte.gz"), "{message}");
}

#[test]
fn a_download_cut_short_is_damaged_gzip() {
    let Some(dir) = shared_mnist("a_download_cut_short_is_damaged_gzip") else {
        return;
    };
    let folder = Folder::copy_of("cut-short", &dir);
    let file = folder.path("train-images-idx3-ubyte.gz");
    let bytes = fs::read(&file).unwrap();
    fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();

    let (err, message) = refused(&folder.0);
    assert!(
        matches!(&err.problem, DataError::BadGzip { path, .. } if *path == file),
        "{message}"
    );
}

#[test]
fn an_uncompressed_file_cut_short_is_truncated() {
    let Some(dir) = shared_mnist("an_uncompressed_file_cut_short_is_truncated") else {
        return;
    };
    let folder = Folder::copy_of("truncated", &dir);
    let gz = folder.path("t10k-images-idx3-ubyte.gz");
    let bytes = inflate(&gz);
    fs::remove_file(&gz).unwrap();
    let file = folder.path("t10k-images-idx3-ubyte");
    fs::write(&file, &bytes[..bytes.len() - 100]).unwrap();

    let (err, message) = refused(&folder.0);
    assert!(
        matches!(
            &err.problem,
            DataError::Truncated { path, expected, found }
                if *path == file && *expected == bytes.len() && *found == bytes.len() - 100
        ),
        "{message}"
    );
}

#[test]
fn a_label_file_under_an_image_name_has_the_wrong_magic_number() {
    let Some(dir) = shared_mnist("a_label_file_under_an_image_name_has_the_wrong_magic_number")
    else {
        return;
    };
    let folder = Folder::copy_of("wrong-magic", &dir);
    let file = folder.path("t10k-images-idx3-ubyte.gz");
    fs::copy(folder.path("t10k-labels-idx1-ubyte.gz"), &file).unwrap();

    let (err, message) = refused(&folder.0);
    assert!(
        matches!(
            &err.problem,
            DataError::WrongMagic { path, found: 0x801, expected: 0x803 } if *path == file
        ),
        "{message}"
    );
}

#[test]
fn images_and_labels_that_disagree_on_the_count_are_refused() {
    let Some(dir) = shared_mnist("images_and_labels_that_disagree_on_the_count_are_refused") else {
        return;
    };
    // 5,000 training images beside the 10,000 test labels.
    let folder = Folder::copy_of("count-mismatch", &dir);
    fs::copy(
        folder.path("t10k-labels-idx1-ubyte.gz"),
        folder.path("train-labels-idx1-ubyte.gz"),
    )
    .unwrap();

    let (err, message) = refused(&folder.0);
    assert!(
        matches!(
            err.problem,
            DataError::CountMismatch {
                image_count: 5_000,
                label_count: 10_000,
                ..
            }
        ),
        "{message}"
    );
    assert!(message.contains("5000 images"), "{message}");
}

#[test]
fn the_downloaded_set_when_missing_says_to_run_fetch_data() {
    let folder = Folder::new("not-fetched");
    let err = Mnist::load(&MnistSource::Downloaded(folder.0.clone())).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("cargo xtask fetch-data"), "{message}");
    assert!(!message.contains('\n'), "one line: {message}");
}

#[test]
fn a_set_with_no_images_is_refused() {
    let folder = Folder::new("no-images");
    let empty_images = [0x803u32, 0, 28, 28].map(u32::to_be_bytes).concat();
    let empty_labels = [0x801u32, 0].map(u32::to_be_bytes).concat();
    for name in MNIST_FILES {
        let bytes = if name.contains("images") {
            &empty_images
        } else {
            &empty_labels
        };
        fs::write(folder.path(name), bytes).unwrap();
    }

    let (err, message) = refused(&folder.0);
    assert!(
        matches!(&err.problem, DataError::Empty { path } if *path == folder.path(MNIST_FILES[0])),
        "{message}"
    );
}

#[test]
fn a_folder_that_does_not_exist_says_so() {
    let folder = Folder::new("gone");
    let missing = folder.path("no-such-folder");
    let (err, message) = refused(&missing);
    assert!(
        matches!(&err.problem, DataError::NoFolder { dir } if *dir == missing),
        "{message}"
    );
    assert!(message.contains("no such folder"), "{message}");
}

#[test]
fn a_small_file_named_gz_that_is_not_gzip_is_called_so() {
    let folder = Folder::new("not-gzip");
    for name in MNIST_FILES {
        // What a failed download often leaves: a short page of text under the file's name.
        fs::write(folder.path(&format!("{name}.gz")), "<html>Not Found</html>").unwrap();
    }
    let (err, message) = refused(&folder.0);
    let first = folder.path(&format!("{}.gz", MNIST_FILES[0]));
    assert!(
        matches!(&err.problem, DataError::NotGzip { path } if *path == first),
        "{message}"
    );
    assert!(message.contains("not a gzip file"), "{message}");
}

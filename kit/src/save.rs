//! Files written whole or not at all, and models saved that way. Introduced in p09.
//!
//! A program killed, or a disk filled, half-way through writing a file leaves a truncated file
//! where the old one used to be. [`write_atomically`] writes into a temporary file beside the
//! target and renames it over the target only once it is complete; [`save_safetensors`] does it
//! for a model's weights. p09 explains it; kit::figures, t20 and t21 use it.

use dfdx::prelude::*;
use std::ffi::OsString;
use std::fs::{self, File};
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

// ANCHOR: write_atomically
/// Writes the file at `path` whole or not at all. `write` fills a temporary file in the same
/// folder; once it has succeeded, the data is flushed to the disk and the temporary file is
/// renamed to `path`. A rename within one folder replaces the old file in one step: a reader
/// sees the old file or the new one, never part of one. If anything fails, the temporary file
/// is removed and `path` is left as it was.
///
/// # Errors
///
/// What `write`, the flush or the rename returns; `InvalidInput` if `path` names no file.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
    let Some(name) = path.file_name() else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the path names no file",
        ));
    };
    // The same folder, so that the rename never crosses from one file system to another.
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // A hidden name of its own: the process id and a counter keep two saves apart.
    static SAVES: AtomicUsize = AtomicUsize::new(0);
    let mut temporary = OsString::from(".");
    temporary.push(name);
    temporary.push(format!(
        ".{}-{}.partial",
        std::process::id(),
        SAVES.fetch_add(1, Ordering::Relaxed)
    ));
    let temporary = folder.join(temporary);

    let written = write(&temporary)
        .and_then(|()| File::open(&temporary)?.sync_all())
        .and_then(|()| fs::rename(&temporary, path));
    if written.is_err() {
        // Best effort: the temporary file may not even exist.
        let _ = fs::remove_file(&temporary);
    }
    written
}
// ANCHOR_END: write_atomically

/// Saves `model`'s weights as a safetensors file at `path` through [`write_atomically`]: an
/// existing file there is replaced only by a complete new one. Introduced in t20.
///
/// # Errors
///
/// What writing the temporary file, the flush or the rename returns; a safetensors error that is
/// not an I/O error becomes [`io::ErrorKind::Other`] with its description.
pub fn save_safetensors<E, D, M>(model: &M, path: &Path) -> io::Result<()>
where
    E: Dtype + dfdx::tensor::safetensors::SafeDtype,
    D: Device<E>,
    M: TensorCollection<E, D>,
{
    write_atomically(path, |temporary| {
        model.save_safetensors(temporary).map_err(|err| match err {
            ::safetensors::SafeTensorError::IoError(err) => err,
            other => io::Error::other(format!("{other:?}")),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scratch::ScratchDir;

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary_one() {
        let dir = ScratchDir::new("kit-save").unwrap();
        let path = dir.join("w.safetensors");
        fs::write(&path, b"old").unwrap();
        let mut seen = None;
        let err = write_atomically(&path, |temporary| {
            seen = Some(temporary.to_path_buf());
            fs::write(temporary, b"half")?;
            Err(io::Error::other("the disk is full"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "the disk is full");
        let temporary = seen.unwrap();
        assert_eq!(temporary.parent(), Some(dir.path()));
        assert_ne!(temporary, path);
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);

        write_atomically(&path, |temporary| fs::write(temporary, b"new")).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_model_saved_through_a_temporary_file_loads_back() {
        let dir = ScratchDir::new("kit-save").unwrap();
        let path = dir.join("model.safetensors");
        let dev = Cpu::default();
        let model = dev.build_module::<Linear<3, 2>, f32>();
        save_safetensors(&model, &path).unwrap();
        let mut loaded = Cpu::seed_from_u64(1).build_module::<Linear<3, 2>, f32>();
        loaded.load_safetensors(&path).unwrap();
        assert_eq!(loaded.weight.as_vec(), model.weight.as_vec());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        let missing = dir.join("no-such-folder").join("model.safetensors");
        assert!(save_safetensors(&model, &missing).is_err());
    }
}

//! A folder of its own in the system's temporary directory, for lessons that show saving and
//! loading. Introduced in t02.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A new, empty folder in the system's temporary directory, removed with everything in it when
/// the value is dropped. Its name holds the process id and a counter, so that tests running in
/// parallel, or two runs of a lesson at once, never share one.
#[derive(Debug)]
pub struct ScratchDir(PathBuf);

impl ScratchDir {
    /// Creates the folder; `label` starts its name (the lesson's crate name, say), so that a
    /// folder left behind by a killed run says where it came from.
    pub fn new(label: &str) -> io::Result<Self> {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "{label}-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        );
        let dir = std::env::temp_dir().join(name);
        std::fs::create_dir_all(&dir)?;
        Ok(ScratchDir(dir))
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// A path inside the folder: `dir.join("model.safetensors")`.
    pub fn join(&self, file_name: &str) -> PathBuf {
        self.0.join(file_name)
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        // Best effort: a temporary folder left behind is harmless.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::ScratchDir;

    #[test]
    fn each_scratch_dir_is_new_and_goes_away_when_dropped() {
        let first = ScratchDir::new("kit-test").unwrap();
        let second = ScratchDir::new("kit-test").unwrap();
        assert_ne!(first.path(), second.path());
        std::fs::write(first.join("file"), b"x").unwrap();
        let path = first.path().to_path_buf();
        drop(first);
        assert!(!path.exists());
    }
}

//! `cargo xtask fetch-data`: downloads full MNIST (60,000 training and 10,000 test images) into
//! the git-ignored folder `datasets/mnist/`, where a lesson's `--full` flag finds it.
//!
//! The lessons never need the network: without `--full` they train on the MNIST-mini sample
//! compiled into the `datasets` crate. This command is for learners who want the whole set.
//!
//! Every file is checked against its official MD5 sum before it gets its final name: it is
//! streamed into `<name>.part` in the target folder while its MD5 is computed, and renamed only if
//! the sum matches. A file that does not match is deleted and the next mirror is tried, so the
//! folder never holds a half-written or corrupt file under an MNIST name.

use anyhow::{anyhow, bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use md5::{Digest, Md5};
use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// A file to download: its name (the same on every mirror), official MD5 sum and size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteFile {
    /// The file name, appended to a mirror's base URL and kept in the target folder.
    pub name: &'static str,
    /// The official MD5 sum, as 32 lower-case hexadecimal digits.
    pub md5: &'static str,
    /// The size in bytes.
    pub size: u64,
}

/// The four files of full MNIST, with the sums and sizes published with the data set (and
/// checked by torchvision's `MNIST.resources`).
pub const MNIST_FILES: [RemoteFile; 4] = [
    RemoteFile {
        name: "train-images-idx3-ubyte.gz",
        md5: "f68b3c2dcbeaaa9fbdd348bbdeb94873",
        size: 9_912_422,
    },
    RemoteFile {
        name: "train-labels-idx1-ubyte.gz",
        md5: "d53e105ee54ea40749a09fcbcd1e9432",
        size: 28_881,
    },
    RemoteFile {
        name: "t10k-images-idx3-ubyte.gz",
        md5: "9fb629c4189551a2d022fa330f9573f3",
        size: 1_648_877,
    },
    RemoteFile {
        name: "t10k-labels-idx1-ubyte.gz",
        md5: "ec29112dd5afa0611ce80d1b7f02629c",
        size: 4_542,
    },
];

/// Base URLs that serve the files of [`MNIST_FILES`], tried in this order. The original host,
/// yann.lecun.com, no longer serves them.
pub const MNIST_MIRRORS: [&str; 2] = [
    // PyTorch's mirror: `MNIST.mirrors` in torchvision/datasets/mnist.py (pytorch/vision).
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    // The CVDF mirror (github.com/cvdfoundation/mnist): the `URL` constant in
    // crates/burn-dataset/src/vision/mnist.rs (tracel-ai/burn).
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
];

/// How long to wait for a connection to a mirror, and for each read once connected. Without
/// network, a name lookup fails at once; a host that swallows packets costs this long at most.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const READ_TIMEOUT: Duration = Duration::from_secs(30);

/// What [`fetch`] is doing, told to its caller as it happens so that it can show progress.
#[derive(Debug)]
pub enum Event<'a> {
    /// `file` is already in the folder with the right MD5: it is not downloaded.
    Present {
        /// The file.
        file: &'a RemoteFile,
    },
    /// `file` is in the folder but its MD5 is `found`: it is downloaded again, and replaced once
    /// a good copy has arrived.
    Replacing {
        /// The file.
        file: &'a RemoteFile,
        /// The MD5 sum of the file found in the folder.
        found: &'a str,
    },
    /// A mirror answered and the download of `file` begins.
    Started {
        /// The file.
        file: &'a RemoteFile,
        /// The mirror's host, as in [`host`].
        mirror: &'a str,
    },
    /// `received` bytes of the download just started have arrived, out of its file's size.
    Progress {
        /// Bytes received so far.
        received: u64,
    },
    /// `mirror` could not deliver `file`, for `reason`; the next mirror is tried.
    MirrorFailed {
        /// The file.
        file: &'a RemoteFile,
        /// The mirror's host, as in [`host`].
        mirror: &'a str,
        /// Why, in a few words: `connection refused`, `HTTP 404`, `MD5 mismatch ...`.
        reason: &'a str,
    },
    /// `file` arrived from `mirror`, its MD5 matched, and it is in place under its name.
    Downloaded {
        /// The file.
        file: &'a RemoteFile,
        /// The mirror's host, as in [`host`].
        mirror: &'a str,
    },
}

/// What [`fetch`] did with one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The file was already there with the right MD5.
    Present,
    /// The file was downloaded from `mirrors[mirror]`.
    Downloaded {
        /// The index of the mirror that served it.
        mirror: usize,
    },
}

/// The error of [`fetch`] when no mirror could deliver a good copy of a file. Its message is one
/// line that names the file and gives each mirror's reason.
#[derive(Debug)]
pub struct Unavailable {
    /// The file's name.
    pub file: &'static str,
    /// Each mirror's host with the reason it failed, in the order they were tried.
    pub failures: Vec<(String, String)>,
}

impl fmt::Display for Unavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not download {} from any mirror (", self.file)?;
        if self.failures.is_empty() {
            write!(f, "no mirror given")?;
        }
        for (i, (mirror, reason)) in self.failures.iter().enumerate() {
            let separator = if i == 0 { "" } else { "; " };
            write!(f, "{separator}{mirror}: {reason}")?;
        }
        write!(f, ")")
    }
}

impl std::error::Error for Unavailable {}

/// The HTTP client for [`fetch`]: rustls for TLS, with connect and read timeouts so that a
/// machine without network fails quickly instead of hanging. It honours the usual proxy
/// variables (`HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`, ...).
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .timeout_recv_response(Some(READ_TIMEOUT))
        .timeout_per_read(Some(READ_TIMEOUT))
        .build()
        .into()
}

/// Makes sure that each of `files` is in `dir` (created if missing) with its MD5 sum, and returns
/// what was done for each, in order.
///
/// A file already there with the right sum is left alone. Any other is downloaded from
/// `mirrors` (base URLs, tried in order) into `<name>.part`, hashed as it streams, and renamed to
/// its name only if the sum matches; an existing wrong file is replaced only then. A mirror that
/// cannot be reached, answers with an error status or delivers wrong bytes is skipped, and its
/// partial file deleted. Every step is told to `report`.
///
/// # Errors
///
/// [`Unavailable`] when every mirror fails for a file (the files before it stay in place), or an
/// I/O error of the target folder itself (it cannot be created, written or renamed in).
pub fn fetch(
    agent: &ureq::Agent,
    files: &[RemoteFile],
    mirrors: &[&str],
    dir: &Path,
    report: &mut dyn FnMut(Event<'_>),
) -> Result<Vec<Outcome>> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut outcomes = Vec::with_capacity(files.len());
    for file in files {
        let path = dir.join(file.name);
        if path.exists() {
            let found =
                md5_of_file(&path).with_context(|| format!("cannot read {}", path.display()))?;
            if found == file.md5 {
                report(Event::Present { file });
                outcomes.push(Outcome::Present);
                continue;
            }
            report(Event::Replacing {
                file,
                found: &found,
            });
        }
        let mirror = download(agent, file, mirrors, &path, report)?;
        outcomes.push(Outcome::Downloaded { mirror });
    }
    Ok(outcomes)
}

/// Why one download attempt failed: the mirror's fault (try the next one) or the local folder's
/// (stop: no other mirror can fix a full disk).
enum Failure {
    Mirror(String),
    Local(anyhow::Error),
}

/// Downloads `file` into `path` from the first of `mirrors` that delivers it intact, and returns
/// that mirror's index.
fn download(
    agent: &ureq::Agent,
    file: &RemoteFile,
    mirrors: &[&str],
    path: &Path,
    report: &mut dyn FnMut(Event<'_>),
) -> Result<usize> {
    let part = part_path(path);
    let mut failures = Vec::new();
    for (index, base) in mirrors.iter().enumerate() {
        let mirror = host(base);
        let url = format!("{}/{}", base.trim_end_matches('/'), file.name);
        match download_once(agent, &url, file, mirror, &part, report) {
            Ok(()) => {
                if let Err(err) = fs::rename(&part, path) {
                    let _ = fs::remove_file(&part);
                    return Err(err).with_context(|| {
                        format!("cannot rename {} to {}", part.display(), path.display())
                    });
                }
                report(Event::Downloaded { file, mirror });
                return Ok(index);
            }
            Err(Failure::Mirror(reason)) => {
                remove_if_present(&part)?;
                report(Event::MirrorFailed {
                    file,
                    mirror,
                    reason: &reason,
                });
                failures.push((mirror.to_string(), reason));
            }
            Err(Failure::Local(err)) => {
                // The folder itself failed: leave nothing behind, and stop.
                let _ = fs::remove_file(&part);
                return Err(err);
            }
        }
    }
    Err(Unavailable {
        file: file.name,
        failures,
    }
    .into())
}

/// One attempt: streams `url` into `part`, hashing as it goes, and checks size and MD5. On
/// `Err`, `part` may hold a partial file for the caller to delete.
fn download_once(
    agent: &ureq::Agent,
    url: &str,
    file: &RemoteFile,
    mirror: &str,
    part: &Path,
    report: &mut dyn FnMut(Event<'_>),
) -> Result<(), Failure> {
    let mut response = agent
        .get(url)
        .call()
        .map_err(|err| Failure::Mirror(describe(&err)))?;
    if let Some(length) = response.body().content_length() {
        if length != file.size {
            return Err(Failure::Mirror(format!(
                "wrong size: {length} bytes announced, {} expected",
                file.size
            )));
        }
    }
    report(Event::Started { file, mirror });

    let local = |err: io::Error| Failure::Local(anyhow!("cannot write {}: {err}", part.display()));
    let mut out = File::create(part).map_err(local)?;
    let mut body = response.body_mut().as_reader();
    let mut hasher = Md5::new();
    let mut buffer = vec![0; 64 * 1024];
    let mut received = 0;
    loop {
        let n = match body.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(Failure::Mirror(format!("download broke off: {err}"))),
        };
        received += n as u64;
        // Never store more than the file can be: a wrong or endless body stops here.
        if received > file.size {
            return Err(Failure::Mirror(format!(
                "wrong size: more than the {} bytes expected",
                file.size
            )));
        }
        hasher.update(&buffer[..n]);
        out.write_all(&buffer[..n]).map_err(local)?;
        report(Event::Progress { received });
    }
    // On disk before it gets its final name, so that a crash cannot leave a short file there.
    out.sync_all().map_err(local)?;

    if received != file.size {
        return Err(Failure::Mirror(format!(
            "wrong size: {received} bytes received, {} expected",
            file.size
        )));
    }
    let md5 = hex(&hasher.finalize());
    if md5 != file.md5 {
        return Err(Failure::Mirror(format!(
            "MD5 mismatch: got {md5}, expected {}",
            file.md5
        )));
    }
    Ok(())
}

/// A failed request in a few words: what a learner needs to tell a dead network from a moved
/// file.
fn describe(err: &ureq::Error) -> String {
    match err {
        ureq::Error::StatusCode(code) => format!("HTTP {code}"),
        ureq::Error::HostNotFound => "host not found".to_string(),
        ureq::Error::ConnectionFailed => "connection failed".to_string(),
        ureq::Error::Timeout(_) => "timed out".to_string(),
        ureq::Error::Io(io) => match io.kind() {
            io::ErrorKind::ConnectionRefused => "connection refused".to_string(),
            io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted => {
                "connection reset".to_string()
            }
            io::ErrorKind::TimedOut => "timed out".to_string(),
            // How the standard library reports a failed DNS lookup: the usual sign of no network.
            _ if io.to_string().contains("failed to lookup address") => {
                "host not found".to_string()
            }
            _ => io.to_string(),
        },
        other => other.to_string(),
    }
}

/// The host (with its port, if any) of a base URL: `https://a.example/mnist/` gives
/// `a.example`. Messages name mirrors by it.
pub fn host(base: &str) -> &str {
    let rest = base.split_once("://").map_or(base, |(_, rest)| rest);
    rest.split('/').next().unwrap_or(rest)
}

/// `<path>.part`: where a download goes until its MD5 is checked.
fn part_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".part");
    PathBuf::from(name)
}

/// Deletes `path`; that it was never created is fine.
fn remove_if_present(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => {
            Err(err).with_context(|| format!("cannot delete {}", path.display()))
        }
        _ => Ok(()),
    }
}

/// The MD5 sum of a file on disk, in lower-case hexadecimal.
fn md5_of_file(path: &Path) -> io::Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = Md5::new();
    let mut buffer = vec![0; 64 * 1024];
    loop {
        match file.read(&mut buffer)? {
            0 => return Ok(hex(&hasher.finalize())),
            n => hasher.update(&buffer[..n]),
        }
    }
}

/// Bytes as lower-case hexadecimal, the way MD5 sums are published.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A size the way people read it: `9.9 MB`, `28.9 kB`, `512 B` (decimal units, as on the
/// mirrors' listings).
fn human_size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

/// `cargo xtask fetch-data [--dir FOLDER]`: downloads [`MNIST_FILES`] into `dir`, or into
/// `datasets/mnist/` under `root`, printing a line per file and, at the end, how to use them.
pub fn fetch_data(root: &Path, dir: Option<&Path>) -> Result<ExitCode> {
    let default_dir = root.join("datasets").join("mnist");
    let target = dir.unwrap_or(&default_dir);
    println!("Fetching full MNIST into {}", target.display());

    let mut terminal = Terminal::default();
    let fetched = fetch(
        &agent(),
        &MNIST_FILES,
        &MNIST_MIRRORS,
        target,
        &mut |event| terminal.show(event),
    );
    terminal.clear();
    if let Err(err) = fetched {
        if err.is::<Unavailable>() {
            bail!(
                "{err}: check your internet connection (or set HTTPS_PROXY), or put the files in \
                 {} by hand; without --full the lessons run offline on the embedded MNIST-mini \
                 sample",
                target.display()
            );
        }
        return Err(err);
    }

    let total: u64 = MNIST_FILES.iter().map(|file| file.size).sum();
    println!();
    println!(
        "Full MNIST ({}) is in {}.",
        human_size(total),
        target.display()
    );
    if dir.is_none() {
        println!("Train a lesson on it with `cargo xtask run p03 -- --full`;");
        println!("a lesson reads any other folder of these files given as MNIST_DIR=<folder>.");
    } else {
        println!(
            "Train a lesson on it with `MNIST_DIR={} cargo xtask run p03 -- --full`.",
            target.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Shows [`fetch`]'s events: a progress bar during each download (drawn on stderr, and only
/// when stderr is a terminal) and one line per file on stdout.
#[derive(Default)]
struct Terminal {
    bar: Option<ProgressBar>,
}

impl Terminal {
    fn show(&mut self, event: Event<'_>) {
        match event {
            Event::Present { file } => line(file, "already here, MD5 ok"),
            Event::Replacing { file, found } => line(
                file,
                &format!(
                    "is here but its MD5 is {found}, not {}: downloading it again",
                    file.md5
                ),
            ),
            Event::Started { file, mirror } => {
                let style = ProgressStyle::with_template(
                    "{msg} {bar:30.green/dim} {bytes}/{total_bytes} {bytes_per_sec}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("##-");
                let bar = ProgressBar::new(file.size).with_style(style);
                bar.set_message(format!("{} from {mirror}", file.name));
                self.bar = Some(bar);
            }
            Event::Progress { received } => {
                if let Some(bar) = &self.bar {
                    bar.set_position(received);
                }
            }
            Event::MirrorFailed {
                file,
                mirror,
                reason,
            } => {
                self.clear();
                line(file, &format!("{mirror} failed: {reason}"));
            }
            Event::Downloaded { file, mirror } => {
                self.clear();
                line(file, &format!("downloaded from {mirror}, MD5 ok"));
            }
        }
    }

    /// Removes the progress bar, if one is showing.
    fn clear(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

/// Prints one line about `file`: its name, its size, and `what`.
fn line(file: &RemoteFile, what: &str) {
    println!("  {:<26}  {:>7}  {what}", file.name, human_size(file.size));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::io::{BufRead, BufReader};
    use std::net::{TcpListener, TcpStream};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    /// The repository's MNIST sample folder, beside this repository. Its two t10k files are
    /// byte-identical to the official ones; its train files are a smaller sample.
    fn sample_dir(test: &str) -> Option<PathBuf> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/datasets/mnist");
        if dir.join("t10k-labels-idx1-ubyte.gz").is_file() {
            Some(dir)
        } else {
            eprintln!(
                "{test}: skipped, because {} does not hold the official t10k files to serve",
                dir.display()
            );
            None
        }
    }

    /// The official files that the sample folder holds byte for byte.
    fn t10k_files() -> Vec<RemoteFile> {
        MNIST_FILES
            .iter()
            .filter(|file| file.name.starts_with("t10k"))
            .cloned()
            .collect()
    }

    fn labels_only() -> Vec<RemoteFile> {
        vec![MNIST_FILES[3].clone()]
    }

    /// What a test server answers to `GET /mnist/<name>`.
    #[derive(Clone, Copy)]
    enum Serve {
        /// The file from the sample folder, unchanged.
        Good,
        /// The file with one byte flipped in the middle: the right size, the wrong MD5.
        Corrupted,
        /// 404 Not Found for every file.
        NotFound,
    }

    /// A one-thread HTTP/1.1 server on 127.0.0.1 that serves the sample folder's files under
    /// `/mnist/` and counts the requests it gets. It runs until the test process ends.
    struct Server {
        base: String,
        requests: Arc<AtomicUsize>,
    }

    impl Server {
        fn start(sample: &Path, serve: Serve) -> Server {
            let mut files = HashMap::new();
            for entry in fs::read_dir(sample).unwrap() {
                let entry = entry.unwrap();
                let mut bytes = fs::read(entry.path()).unwrap();
                if let Serve::Corrupted = serve {
                    let middle = bytes.len() / 2;
                    bytes[middle] ^= 0xff;
                }
                let name = entry.file_name().to_string_lossy().into_owned();
                files.insert(format!("/mnist/{name}"), bytes);
            }
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            let base = format!("http://{}/mnist/", listener.local_addr().unwrap());
            let requests = Arc::new(AtomicUsize::new(0));
            let counter = Arc::clone(&requests);
            std::thread::spawn(move || {
                for stream in listener.incoming().flatten() {
                    counter.fetch_add(1, Ordering::SeqCst);
                    let found = match serve {
                        Serve::NotFound => None,
                        Serve::Good | Serve::Corrupted => Some(&files),
                    };
                    let _ = answer(stream, found);
                }
            });
            Server { base, requests }
        }

        fn requests(&self) -> usize {
            self.requests.load(Ordering::SeqCst)
        }
    }

    /// Reads one request from `stream` and answers it from `files` (404 if `None` or absent),
    /// closing the connection after.
    fn answer(stream: TcpStream, files: Option<&HashMap<String, Vec<u8>>>) -> io::Result<()> {
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut request_line = String::new();
        reader.read_line(&mut request_line)?;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header)? == 0 || header == "\r\n" {
                break;
            }
        }
        let path = request_line.split_whitespace().nth(1).unwrap_or("");
        let mut stream = stream;
        match files.and_then(|files| files.get(path)) {
            Some(body) => {
                write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/gzip\r\n\
                     Content-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                )?;
                stream.write_all(body)?;
            }
            None => write!(
                stream,
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )?,
        }
        stream.flush()
    }

    /// A base URL on 127.0.0.1 where nothing listens: a port the system just handed out and
    /// took back.
    fn unreachable_mirror() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        format!("http://127.0.0.1:{port}/mnist/")
    }

    /// A fresh folder under the system's temporary folder, deleted when dropped.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(test: &str) -> TempDir {
            let dir =
                std::env::temp_dir().join(format!("xtask-fetch-{}-{test}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            TempDir(dir)
        }

        /// The names of the files in the folder, sorted.
        fn names(&self) -> Vec<String> {
            let mut names: Vec<String> = fs::read_dir(&self.0)
                .map(|entries| {
                    entries
                        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            names.sort();
            names
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    /// An agent without the proxy variables: the test servers are on loopback.
    fn test_agent() -> ureq::Agent {
        ureq::Agent::config_builder()
            .proxy(None)
            .timeout_connect(Some(Duration::from_secs(5)))
            .timeout_per_read(Some(Duration::from_secs(5)))
            .build()
            .into()
    }

    /// Runs [`fetch`] and returns its result with the messages its events would print.
    fn run_fetch(
        files: &[RemoteFile],
        mirrors: &[&str],
        dir: &Path,
    ) -> (Result<Vec<Outcome>>, Vec<String>) {
        let mut events = Vec::new();
        let result = fetch(&test_agent(), files, mirrors, dir, &mut |event| {
            if !matches!(event, Event::Progress { .. }) {
                events.push(format!("{event:?}"));
            }
        });
        (result, events)
    }

    fn names(files: &[RemoteFile]) -> Vec<String> {
        let mut names: Vec<String> = files.iter().map(|file| file.name.to_string()).collect();
        names.sort();
        names
    }

    #[test]
    fn a_good_file_is_downloaded_verified_and_put_in_place() {
        let Some(sample) = sample_dir("a_good_file_is_downloaded_verified_and_put_in_place") else {
            return;
        };
        let server = Server::start(&sample, Serve::Good);
        let dir = TempDir::new("good");
        let files = t10k_files();

        let (result, _) = run_fetch(&files, &[&server.base], &dir.0);

        let downloaded = Outcome::Downloaded { mirror: 0 };
        assert_eq!(result.unwrap(), vec![downloaded; files.len()]);
        assert_eq!(dir.names(), names(&files), "no .part file may be left");
        for file in &files {
            let bytes = fs::read(dir.0.join(file.name)).unwrap();
            assert_eq!(bytes, fs::read(sample.join(file.name)).unwrap());
            assert_eq!(md5_of_file(&dir.0.join(file.name)).unwrap(), file.md5);
        }
    }

    #[test]
    fn a_corrupted_file_is_rejected_and_removed() {
        let Some(sample) = sample_dir("a_corrupted_file_is_rejected_and_removed") else {
            return;
        };
        let server = Server::start(&sample, Serve::Corrupted);
        let dir = TempDir::new("corrupted");

        let (result, _) = run_fetch(&labels_only(), &[&server.base], &dir.0);

        let message = format!("{:#}", result.unwrap_err());
        assert!(message.contains("t10k-labels-idx1-ubyte.gz"), "{message}");
        assert!(message.contains("MD5 mismatch"), "{message}");
        assert!(!message.contains('\n'), "one line: {message}");
        assert_eq!(dir.names(), Vec::<String>::new(), "nothing may be left");
    }

    #[test]
    fn an_unreachable_mirror_is_skipped() {
        let Some(sample) = sample_dir("an_unreachable_mirror_is_skipped") else {
            return;
        };
        let server = Server::start(&sample, Serve::Good);
        let dead = unreachable_mirror();
        let dir = TempDir::new("unreachable");

        let (result, events) = run_fetch(&labels_only(), &[&dead, &server.base], &dir.0);

        assert_eq!(result.unwrap(), vec![Outcome::Downloaded { mirror: 1 }]);
        assert!(events[0].contains("MirrorFailed"), "{events:?}");
        assert_eq!(dir.names(), names(&labels_only()));
    }

    #[test]
    fn a_good_mirror_after_a_corrupted_one_wins() {
        let Some(sample) = sample_dir("a_good_mirror_after_a_corrupted_one_wins") else {
            return;
        };
        let corrupted = Server::start(&sample, Serve::Corrupted);
        let good = Server::start(&sample, Serve::Good);
        let dir = TempDir::new("corrupted-then-good");
        let files = t10k_files();

        let (result, events) = run_fetch(&files, &[&corrupted.base, &good.base], &dir.0);

        assert_eq!(
            result.unwrap(),
            vec![Outcome::Downloaded { mirror: 1 }; files.len()]
        );
        assert_eq!(corrupted.requests(), files.len());
        let failures = events.iter().filter(|e| e.contains("MD5 mismatch")).count();
        assert_eq!(failures, files.len(), "{events:?}");
        assert_eq!(dir.names(), names(&files));
        for file in &files {
            assert_eq!(md5_of_file(&dir.0.join(file.name)).unwrap(), file.md5);
        }
    }

    #[test]
    fn a_valid_file_already_present_is_not_downloaded_again() {
        let Some(sample) = sample_dir("a_valid_file_already_present_is_not_downloaded_again")
        else {
            return;
        };
        let server = Server::start(&sample, Serve::Good);
        let dir = TempDir::new("present");
        let files = t10k_files();
        fs::create_dir_all(&dir.0).unwrap();
        for file in &files {
            fs::copy(sample.join(file.name), dir.0.join(file.name)).unwrap();
        }

        let (result, _) = run_fetch(&files, &[&server.base], &dir.0);

        assert_eq!(result.unwrap(), vec![Outcome::Present; files.len()]);
        assert_eq!(server.requests(), 0);
        assert_eq!(dir.names(), names(&files));
    }

    #[test]
    fn a_wrong_file_already_present_is_replaced() {
        let Some(sample) = sample_dir("a_wrong_file_already_present_is_replaced") else {
            return;
        };
        let server = Server::start(&sample, Serve::Good);
        let dir = TempDir::new("wrong");
        let file = &MNIST_FILES[3];
        fs::create_dir_all(&dir.0).unwrap();
        fs::write(dir.0.join(file.name), b"not MNIST").unwrap();

        let (result, events) = run_fetch(&labels_only(), &[&server.base], &dir.0);

        assert_eq!(result.unwrap(), vec![Outcome::Downloaded { mirror: 0 }]);
        assert!(events[0].contains("Replacing"), "{events:?}");
        assert_eq!(md5_of_file(&dir.0.join(file.name)).unwrap(), file.md5);
        assert_eq!(dir.names(), names(&labels_only()));
    }

    #[test]
    fn an_http_404_falls_through_to_the_next_mirror() {
        let Some(sample) = sample_dir("an_http_404_falls_through_to_the_next_mirror") else {
            return;
        };
        let missing = Server::start(&sample, Serve::NotFound);
        let good = Server::start(&sample, Serve::Good);
        let dir = TempDir::new("not-found");

        let (result, events) = run_fetch(&labels_only(), &[&missing.base, &good.base], &dir.0);

        assert_eq!(result.unwrap(), vec![Outcome::Downloaded { mirror: 1 }]);
        assert_eq!(missing.requests(), 1);
        assert!(events[0].contains("HTTP 404"), "{events:?}");
        assert_eq!(dir.names(), names(&labels_only()));
    }

    #[test]
    fn when_every_mirror_fails_one_line_names_the_file_and_each_reason() {
        // No sample needed: neither mirror serves anything.
        let dead = unreachable_mirror();
        let missing_dir = TempDir::new("empty-sample");
        fs::create_dir_all(&missing_dir.0).unwrap();
        let missing = Server::start(&missing_dir.0, Serve::NotFound);
        let dir = TempDir::new("all-fail");

        let (result, _) = run_fetch(&labels_only(), &[&dead, &missing.base], &dir.0);

        let message = format!("{:#}", result.unwrap_err());
        let expected = format!(
            "could not download t10k-labels-idx1-ubyte.gz from any mirror ({}: connection \
             refused; {}: HTTP 404)",
            host(&dead),
            host(&missing.base)
        );
        assert_eq!(message, expected);
        assert_eq!(dir.names(), Vec::<String>::new());
    }

    #[test]
    fn the_official_list_names_each_file_once_with_a_well_formed_sum() {
        for file in &MNIST_FILES {
            assert_eq!(file.md5.len(), 32, "{}", file.name);
            assert!(file
                .md5
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        }
        let mut unique = names(&MNIST_FILES);
        unique.dedup();
        assert_eq!(unique.len(), MNIST_FILES.len());
        assert!(MNIST_MIRRORS
            .iter()
            .all(|base| base.starts_with("https://")));
    }

    #[test]
    fn hosts_sizes_and_part_paths_read_well() {
        assert_eq!(host(MNIST_MIRRORS[0]), "ossci-datasets.s3.amazonaws.com");
        assert_eq!(host(MNIST_MIRRORS[1]), "storage.googleapis.com");
        assert_eq!(host("http://127.0.0.1:8080/mnist/"), "127.0.0.1:8080");
        assert_eq!(human_size(9_912_422), "9.9 MB");
        assert_eq!(human_size(28_881), "28.9 kB");
        assert_eq!(human_size(4_542), "4.5 kB");
        assert_eq!(human_size(512), "512 B");
        assert_eq!(
            part_path(Path::new("a/t10k-labels-idx1-ubyte.gz")),
            Path::new("a/t10k-labels-idx1-ubyte.gz.part")
        );
        assert_eq!(hex(&[0x00, 0xab, 0x7f]), "00ab7f");
    }
}

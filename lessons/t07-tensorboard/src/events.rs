//! Writing an event file: `Event`s encoded by prost, framed as TFRecord, appended to a file whose
//! name TensorBoard recognises.

use crate::proto::{event, summary, Event, HistogramProto, Summary};
use crate::tfrecord::write_record;
use prost::Message;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The version string of the first event of every file; TensorBoard checks its prefix.
pub const FILE_VERSION: &str = "brain.Event:2";

/// The bucket count of TensorFlow 2's `tf.summary.histogram`, and of this lesson's histograms.
pub const BUCKETS: usize = 30;

/// Where an event's `wall_time` comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Clock {
    /// The system's clock: what a training run records, so TensorBoard can plot against time.
    System,
    /// The same time for every event, in seconds since the Unix epoch: what tests use, so that
    /// the bytes of a file do not depend on when it was written.
    Fixed(f64),
}

impl Clock {
    /// The time now, in seconds since the Unix epoch.
    pub fn now(self) -> f64 {
        match self {
            Clock::System => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|elapsed| elapsed.as_secs_f64())
                .unwrap_or(0.0),
            Clock::Fixed(seconds) => seconds,
        }
    }
}

// ANCHOR: writer
/// An open event file, written one record at a time: TensorFlow's `EventFileWriter` and
/// PyTorch's `SummaryWriter`, reduced to scalars and histograms.
#[derive(Debug)]
pub struct EventWriter {
    path: PathBuf,
    file: BufWriter<File>,
    clock: Clock,
    records: usize,
    bytes: usize,
}

impl EventWriter {
    /// Creates a new event file in `dir` (and `dir` itself, if needed) and writes its first
    /// event, the file version. The name follows TensorBoard's Python writer,
    /// `events.out.tfevents.<seconds>.<host>.<process>.<n>`: TensorBoard reads every file in a
    /// run's folder whose name holds `tfevents`, in the order of their names.
    ///
    /// # Errors
    ///
    /// What the file system says.
    pub fn create(dir: &Path, clock: Clock) -> io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(file_name(clock.now()));
        let mut writer = EventWriter {
            file: BufWriter::new(File::create(&path)?),
            path,
            clock,
            records: 0,
            bytes: 0,
        };
        writer.write(0, event::What::FileVersion(FILE_VERSION.to_string()))?;
        Ok(writer)
    }

    /// Writes one number under `tag` at `step`: a point of a curve on the scalars dashboard.
    ///
    /// # Errors
    ///
    /// What the file system says.
    pub fn scalar(&mut self, tag: &str, step: i64, value: f32) -> io::Result<()> {
        self.summary(tag, step, summary::value::Value::SimpleValue(value))
    }

    /// Writes a histogram of `values` under `tag` at `step`, for the histograms and
    /// distributions dashboards.
    ///
    /// # Errors
    ///
    /// What the file system says.
    pub fn histogram(&mut self, tag: &str, step: i64, values: &[f32]) -> io::Result<()> {
        let histo = histogram(values, BUCKETS);
        self.summary(tag, step, summary::value::Value::Histo(histo))
    }

    fn summary(&mut self, tag: &str, step: i64, value: summary::value::Value) -> io::Result<()> {
        let summary = Summary {
            value: vec![summary::Value {
                tag: tag.to_string(),
                value: Some(value),
            }],
        };
        self.write(step, event::What::Summary(summary))
    }

    /// Encodes one event with prost and appends it, framed, to the file.
    fn write(&mut self, step: i64, what: event::What) -> io::Result<()> {
        let event = Event {
            wall_time: self.clock.now(),
            step,
            what: Some(what),
        };
        self.bytes += write_record(&mut self.file, &event.encode_to_vec())?;
        self.records += 1;
        Ok(())
    }

    /// Hands what is buffered to the operating system, so that a TensorBoard that is watching
    /// the folder sees it.
    ///
    /// # Errors
    ///
    /// What the file system says.
    pub fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}
// ANCHOR_END: writer

impl EventWriter {
    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The number of records written so far, the file version's included.
    pub fn records(&self) -> usize {
        self.records
    }

    /// The number of bytes written so far.
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

/// A new event file's name: `events.out.tfevents.<seconds, 10 digits>.<host>.<process id>.<n>`,
/// `n` counting the files this process has opened, so that two writers never share a file.
fn file_name(now: f64) -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static OPENED: AtomicUsize = AtomicUsize::new(0);
    format!(
        "events.out.tfevents.{:010}.{}.{}.{}",
        now as u64,
        host_name(),
        std::process::id(),
        OPENED.fetch_add(1, Ordering::Relaxed)
    )
}

/// The machine's name, as far as the standard library can find it without a system call:
/// Linux's `/proc`, `/etc/hostname`, then Windows' `COMPUTERNAME`; else `localhost`. Only
/// characters that are safe in a file name are kept.
fn host_name() -> String {
    let found = ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|path| std::fs::read_to_string(path).ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_default();
    let safe: String = found
        .trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    if safe.is_empty() {
        "localhost".to_string()
    } else {
        safe
    }
}

// ANCHOR: histogram
/// A histogram of `values` in `buckets` buckets of equal width from the smallest value to the
/// largest, as TensorFlow 2's `tf.summary.histogram` makes it (30 buckets by default), stored in
/// the `HistogramProto` TensorBoard reads. Computed in `f64`, as TensorFlow does.
///
/// A value `v` goes to bucket `⌊(v - min) / width⌋`, the largest value to the last bucket. When
/// every value is the same, each bucket has zero width at that value and the last holds them all.
/// No values give `buckets` empty buckets at 0.
pub fn histogram(values: &[f32], buckets: usize) -> HistogramProto {
    let values: Vec<f64> = values.iter().map(|&v| f64::from(v)).collect();
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut bucket = vec![0.0; buckets];
    let bucket_limit: Vec<f64> = if values.is_empty() {
        vec![0.0; buckets]
    } else if min == max {
        if let Some(last) = bucket.last_mut() {
            *last = values.len() as f64;
        }
        vec![max; buckets]
    } else {
        let width = (max - min) / buckets as f64;
        for v in &values {
            let index = ((v - min) / width).floor() as usize;
            bucket[index.min(buckets - 1)] += 1.0;
        }
        // Right edges; the last is exactly `max`, whatever the rounding of the others.
        (1..=buckets)
            .map(|i| {
                if i == buckets {
                    max
                } else {
                    min + i as f64 * width
                }
            })
            .collect()
    };
    HistogramProto {
        min: if values.is_empty() { 0.0 } else { min },
        max: if values.is_empty() { 0.0 } else { max },
        num: values.len() as f64,
        sum: values.iter().sum(),
        sum_squares: values.iter().map(|v| v * v).sum(),
        bucket_limit,
        bucket,
    }
}
// ANCHOR_END: histogram

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_fall_in_equal_width_buckets_and_the_largest_in_the_last() {
        let h = histogram(&[0.0, 1.0, 2.0, 2.5, 4.0], 4);
        assert_eq!(h.bucket_limit, [1.0, 2.0, 3.0, 4.0]);
        assert_eq!(h.bucket, [1.0, 1.0, 2.0, 1.0]);
        assert_eq!((h.min, h.max, h.num, h.sum), (0.0, 4.0, 5.0, 9.5));
        assert_eq!(h.sum_squares, 1.0 + 4.0 + 6.25 + 16.0);
    }

    #[test]
    fn a_single_value_fills_the_last_bucket() {
        let h = histogram(&[0.5; 3], 3);
        assert_eq!(h.bucket_limit, [0.5; 3]);
        assert_eq!(h.bucket, [0.0, 0.0, 3.0]);
        let empty = histogram(&[], 2);
        assert_eq!((empty.num, empty.bucket.clone()), (0.0, vec![0.0, 0.0]));
    }

    /// What TensorBoard's own Python writer (TensorBoard 2.21's `RecordWriter`) writes for the
    /// file-version event and then the scalar `loss` = 0.25 at step 3, both at wall time 1.5.
    const TENSORBOARD_FILE: &str = concat!(
        "1800000000000000a37f4b2209000000000000f83f1a0d627261696e2e4576656e743a322a28646c",
        "1a00000000000000129bd82d09000000000000f83f10032a0d0a0b0a046c6f7373150000803ed054b255",
    );

    #[test]
    fn a_file_is_byte_for_byte_what_tensorboard_writes() {
        let dir = kit::scratch::ScratchDir::new("t07-events").unwrap();
        let mut writer = EventWriter::create(dir.path(), Clock::Fixed(1.5)).unwrap();
        writer.scalar("loss", 3, 0.25).unwrap();
        writer.flush().unwrap();
        let written = std::fs::read(writer.path()).unwrap();
        let expected: Vec<u8> = (0..TENSORBOARD_FILE.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&TENSORBOARD_FILE[i..i + 2], 16).unwrap())
            .collect();
        assert_eq!(written, expected);
        assert_eq!((writer.records(), writer.bytes()), (2, expected.len()));
    }

    #[test]
    fn file_names_hold_tfevents_and_differ() {
        let (a, b) = (file_name(1.7e9), file_name(1.7e9));
        assert!(a.starts_with("events.out.tfevents.1700000000."), "{a}");
        assert_ne!(a, b);
    }
}

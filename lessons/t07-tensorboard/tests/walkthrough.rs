//! The lesson's output is the snapshot the book shows: any change to it fails this test. The
//! other tests read the event files of a training run back, with a reader and a CRC-32C written
//! here, independently of the lesson's code, and check every record and value in them.

use datasets::Mnist;
use dfdx::prelude::*;
use kit::inspect::named_parameters;
use kit::scratch::ScratchDir;
use prost::Message;
use std::collections::BTreeMap;
use std::path::Path;
use t07_tensorboard::events::Clock;
use t07_tensorboard::proto::{event, summary, Event, HistogramProto};
use t07_tensorboard::{train, walkthrough, Network, ACCURACY_FLOOR, EPOCHS, LOG_DIR};

#[test]
fn output() {
    let mnist = Mnist::embedded();
    let printed = kit::capture(|out| walkthrough(out, &mnist));
    insta::assert_snapshot!("output", printed.as_str());

    // The framing printed is TensorBoard's own, in hexadecimal.
    let tensorboard = unhex(TENSORBOARD_RECORD);
    for part in [&tensorboard[..8], &tensorboard[8..12], &tensorboard[38..]] {
        let hex: Vec<String> = part.iter().map(|b| format!("{b:02x}")).collect();
        assert!(printed.contains(&hex.join(" ")), "{hex:?}");
    }
    // Records in train/: the file version, the 6 tensors' histograms before training, 2 scalars
    // per batch (3,200 digits in batches of 32), and per epoch 3 scalars and 6 histograms.
    let records = 1 + 6 + 2 * (3200 / 32) * EPOCHS + (3 + 6) * EPOCHS;
    assert!(printed.contains(&format!("{} records", kit::thousands(records))));
    assert!(printed.contains(&format!("tensorboard --logdir {LOG_DIR}\n")));
}

/// The bytes TensorBoard's own Python writer (`tensorboard.summary.writer.record_writer.
/// RecordWriter`, TensorBoard 2.21) produces for `Event(wall_time=1.5, step=3,
/// summary=Summary(value=[Value(tag="loss", simple_value=0.25)]))`.
const TENSORBOARD_RECORD: &str =
    "1a00000000000000129bd82d09000000000000f83f10032a0d0a0b0a046c6f7373150000803ed054b255";

fn unhex(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect()
}

/// The record the lesson dissects is, byte for byte, the one TensorBoard writes for that event.
#[test]
fn the_dissected_record_is_the_one_tensorboard_writes() {
    let mut record = Vec::new();
    let data = t07_tensorboard::example_event().encode_to_vec();
    t07_tensorboard::tfrecord::write_record(&mut record, &data).unwrap();
    assert_eq!(record, unhex(TENSORBOARD_RECORD));
}

/// CRC-32C bit by bit, the textbook way (reflected polynomial 0x82F63B78): slow, and
/// independent of the `crc32c` crate the lesson uses.
fn crc32c_bitwise(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0x82f6_3b78
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// TFRecord's mask, as TensorFlow's `crc32c.h` writes it: `((crc >> 15) | (crc << 17)) +
/// 0xa282ead8`, the shifts being a rotation.
fn masked(crc: u32) -> u32 {
    crc.rotate_right(15).wrapping_add(0xa282_ead8)
}

#[test]
fn the_reference_crc_matches_the_standard_check_value() {
    assert_eq!(crc32c_bitwise(b"123456789"), 0xe306_9283);
    assert_eq!(masked(crc32c_bitwise(b"123456789")), 0xc78a_b0e5);
}

/// Every event of a TFRecord file, after checking the framing and both checksums of each
/// record; panics at the first fault, naming the record.
fn read_events(path: &Path) -> Vec<Event> {
    let bytes = std::fs::read(path).expect("the event file exists");
    let mut events = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        assert!(bytes.len() >= at + 12, "record at {at}: truncated header");
        let length = &bytes[at..at + 8];
        let length_crc = u32::from_le_bytes(bytes[at + 8..at + 12].try_into().unwrap());
        assert_eq!(
            length_crc,
            masked(crc32c_bitwise(length)),
            "record at {at}: length CRC"
        );
        let n = u64::from_le_bytes(length.try_into().unwrap()) as usize;
        assert!(bytes.len() >= at + n + 16, "record at {at}: truncated data");
        let data = &bytes[at + 12..at + 12 + n];
        let data_crc = u32::from_le_bytes(bytes[at + 12 + n..at + 16 + n].try_into().unwrap());
        assert_eq!(
            data_crc,
            masked(crc32c_bitwise(data)),
            "record at {at}: data CRC"
        );
        events.push(Event::decode(data).unwrap_or_else(|e| panic!("record at {at}: {e}")));
        at += n + 16;
    }
    events
}

/// The scalars of a file by tag, `(step, value)` in file order, and its histograms by tag.
type Scalars = BTreeMap<String, Vec<(i64, f32)>>;
type Histograms = BTreeMap<String, Vec<(i64, HistogramProto)>>;

fn values(events: &[Event]) -> (Scalars, Histograms) {
    let (mut scalars, mut histograms) = (Scalars::new(), Histograms::new());
    for e in events {
        if let Some(event::What::Summary(s)) = &e.what {
            for v in &s.value {
                match &v.value {
                    Some(summary::value::Value::SimpleValue(x)) => {
                        scalars.entry(v.tag.clone()).or_default().push((e.step, *x));
                    }
                    Some(summary::value::Value::Histo(h)) => {
                        histograms
                            .entry(v.tag.clone())
                            .or_default()
                            .push((e.step, h.clone()));
                    }
                    None => panic!("a value without data under {}", v.tag),
                }
            }
        }
    }
    (scalars, histograms)
}

/// Checks a histogram against the tensor it was made from: its moments computed here in f64,
/// and its 30 bucket counts recounted here.
fn assert_histogram_of(h: &HistogramProto, values: &[f32], what: &str) {
    let xs: Vec<f64> = values.iter().map(|&v| f64::from(v)).collect();
    let min = xs.iter().copied().fold(f64::INFINITY, f64::min);
    let max = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    assert_eq!((h.min, h.max, h.num), (min, max, xs.len() as f64), "{what}");
    let sum: f64 = xs.iter().sum();
    let sum_squares: f64 = xs.iter().map(|x| x * x).sum();
    assert!((h.sum - sum).abs() <= 1e-9 * xs.len() as f64, "{what}: sum");
    assert!(
        (h.sum_squares - sum_squares).abs() <= 1e-9 * sum_squares,
        "{what}: sum of squares"
    );
    assert_eq!(h.bucket.len(), 30, "{what}");
    assert_eq!(
        *h.bucket_limit.last().unwrap(),
        max,
        "{what}: the last edge is the maximum"
    );
    let mut counts = [0.0f64; 30];
    for x in &xs {
        // The bucket whose right edge is the first at or above x, as TensorBoard draws them.
        let i = h.bucket_limit.iter().position(|&edge| *x <= edge).unwrap();
        counts[i] += 1.0;
    }
    // Equal-width edges: a value can sit exactly on an edge only by chance, and then either
    // neighbour is fair; compare the totals of the buckets and each count within 1.
    assert_eq!(
        h.bucket.iter().sum::<f64>(),
        xs.len() as f64,
        "{what}: counts"
    );
    for (i, (got, recounted)) in h.bucket.iter().zip(counts).enumerate() {
        assert!(
            (got - recounted).abs() <= 1.0,
            "{what}: bucket {i}, {got} vs {recounted}"
        );
    }
}

/// Trains with the event files in a scratch folder and a fixed clock, reads both files back and
/// checks every record against what training measured and the weights it produced.
#[test]
fn the_event_files_hold_what_training_measured() {
    let dir = ScratchDir::new("t07-tensorboard").unwrap();
    let wall_time = 1.7e9;
    let trained = train(&Mnist::embedded(), dir.path(), Clock::Fixed(wall_time)).unwrap();
    let accuracy = trained.test.accuracy;
    assert!(
        accuracy >= ACCURACY_FLOOR,
        "test accuracy {accuracy} < {ACCURACY_FLOOR}"
    );

    let train_file = trained.tensorboard.train_file();
    assert!(train_file.path().starts_with(dir.path().join("train")));
    let events = read_events(train_file.path());
    assert_eq!(events.len(), train_file.records());
    assert_eq!(
        std::fs::metadata(train_file.path()).unwrap().len() as usize,
        train_file.bytes()
    );
    assert_eq!(
        events[0].what,
        Some(event::What::FileVersion("brain.Event:2".to_string()))
    );
    assert!(events.iter().all(|e| e.wall_time == wall_time));

    let (scalars, histograms) = values(&events);
    let epochs = &trained.history.epochs;
    assert_eq!(epochs.len(), EPOCHS);
    let batch_loss = &scalars["batch_loss"];
    let batches = batch_loss.len() / EPOCHS;
    assert_eq!(batches, 3200 / 32);
    let steps: Vec<i64> = batch_loss.iter().map(|&(step, _)| step).collect();
    assert_eq!(steps, (1..=(EPOCHS * batches) as i64).collect::<Vec<_>>());
    assert_eq!(scalars["batch_accuracy"].len(), EPOCHS * batches);
    for (k, record) in epochs.iter().enumerate() {
        let epoch = k as i64 + 1;
        assert_eq!(scalars["epoch_loss"][k], (epoch, record.train.loss));
        assert_eq!(scalars["epoch_accuracy"][k], (epoch, record.train.accuracy));
        assert_eq!(scalars["epoch_learning_rate"][k], (epoch, 0.001));
        // The epoch's loss is the mean of its batches' losses.
        let of_epoch = &batch_loss[k * batches..(k + 1) * batches];
        let mean = of_epoch.iter().map(|&(_, l)| f64::from(l)).sum::<f64>() / batches as f64;
        assert!(
            (mean as f32 - record.train.loss).abs() < 1e-4,
            "epoch {epoch}: {mean}"
        );
    }

    // A histogram of every tensor at step 0 (before training) and after every epoch; the first
    // and the last checked value by value.
    let before = named_parameters::<f32, AutoDevice, Network>(&trained.initial);
    let after = named_parameters::<f32, AutoDevice, Network>(&trained.model);
    assert_eq!(histograms.len(), before.len());
    for (initial, last) in before.iter().zip(&after) {
        let series = &histograms[&initial.name];
        let steps: Vec<i64> = series.iter().map(|(step, _)| *step).collect();
        assert_eq!(
            steps,
            (0..=EPOCHS as i64).collect::<Vec<_>>(),
            "{}",
            initial.name
        );
        assert_histogram_of(
            &series[0].1,
            &initial.values,
            &format!("{} at 0", initial.name),
        );
        assert_histogram_of(
            &series[EPOCHS].1,
            &last.values,
            &format!("{} at the end", last.name),
        );
    }

    let validation_file = trained.tensorboard.validation_file();
    let events = read_events(validation_file.path());
    assert_eq!(events.len(), 1 + 2 * EPOCHS);
    let (scalars, histograms) = values(&events);
    assert!(histograms.is_empty());
    for (k, record) in epochs.iter().enumerate() {
        let validation = record.validation.expect("a validation set was given");
        assert_eq!(scalars["epoch_loss"][k], (k as i64 + 1, validation.loss));
        assert_eq!(
            scalars["epoch_accuracy"][k],
            (k as i64 + 1, validation.accuracy)
        );
    }
}

#[test]
fn the_log_folder_is_git_ignored_and_printed_as_run() {
    assert!(
        LOG_DIR.starts_with("target/"),
        "the workspace's .gitignore ignores /target"
    );
    assert!(t07_tensorboard::log_dir().ends_with(LOG_DIR));
}

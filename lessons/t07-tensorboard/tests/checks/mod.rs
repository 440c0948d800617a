//! What t07's exercises must get right, written once for `tests/exercises.rs` (your solutions)
//! and `tests/wrong_answers.rs` (answers that must be rejected).
//!
//! `read_records` gets a file that TensorBoard's own Python writer wrote, an empty file, a file
//! of four records framed here, and that file damaged in five ways, each of which must be
//! reported as the fault it is, at the record where it is. `scalar_series` gets the records of
//! TensorBoard's file and records built here: several values in one event, a histogram under a
//! scalar's tag, a step 0, and bytes that are not an event. Every expected answer is what the
//! check itself put in.

use kit::check::Case;
use prost::Message;
use t07_tensorboard::events::histogram;
use t07_tensorboard::proto::{event, summary, Event, Summary};
use t07_tensorboard::tfrecord::{write_record, Corrupt};

/// The file TensorBoard's own Python writer (TensorBoard 2.21's `RecordWriter`) writes for a
/// file-version event and the scalar `loss` = 0.25 at step 3, both at wall time 1.5.
const TENSORBOARD_FILE: &str = concat!(
    "1800000000000000a37f4b2209000000000000f83f1a0d627261696e2e4576656e743a322a28646c",
    "1a00000000000000129bd82d09000000000000f83f10032a0d0a0b0a046c6f7373150000803ed054b255",
);

/// The same file's two records: where each record's data lies in it.
const TENSORBOARD_DATA: [std::ops::Range<usize>; 2] = [12..36, 52..78];

fn unhex(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect()
}

/// An event at `step` holding `values`, each a tag and its value.
fn event_with(step: i64, values: Vec<(&str, summary::value::Value)>) -> Event {
    Event {
        wall_time: 1.7e9,
        step,
        what: Some(event::What::Summary(Summary {
            value: values
                .into_iter()
                .map(|(tag, value)| summary::Value {
                    tag: tag.to_string(),
                    value: Some(value),
                })
                .collect(),
        })),
    }
}

fn scalar(value: f32) -> summary::value::Value {
    summary::value::Value::SimpleValue(value)
}

/// A result in words, for comparing one with another in a message.
fn in_words(result: &Result<Vec<Vec<u8>>, Corrupt>) -> String {
    match result {
        Ok(records) if records.is_empty() => "Ok: no records".to_string(),
        Ok(records) => {
            let sizes: Vec<String> = records.iter().map(|r| r.len().to_string()).collect();
            format!(
                "Ok: {} records of [{}] bytes",
                records.len(),
                sizes.join(", ")
            )
        }
        Err(fault) => format!("Err({fault:?})"),
    }
}

fn read_records_case(
    solution: &impl Fn(&[u8]) -> Result<Vec<Vec<u8>>, Corrupt>,
    input: &str,
    bytes: &[u8],
    expected: Result<Vec<Vec<u8>>, Corrupt>,
) {
    let case = Case::new("read_records", input);
    let got = case.run(|| solution(bytes));
    case.expect_eq("the result", in_words(&got), in_words(&expected));
    if let (Ok(got), Ok(expected)) = (&got, &expected) {
        for (i, (data, want)) in got.iter().zip(expected).enumerate() {
            case.expect(
                data == want,
                &format!("record {i} to hold the {} bytes written", want.len()),
            );
        }
    }
    case.show(in_words(&got));
}

/// Checks a solution of `read_records`.
pub fn read_records(solution: impl Fn(&[u8]) -> Result<Vec<Vec<u8>>, Corrupt>) {
    let tensorboard = unhex(TENSORBOARD_FILE);
    let data = TENSORBOARD_DATA.map(|range| tensorboard[range].to_vec());
    read_records_case(
        &solution,
        "the file TensorBoard's Python writer wrote (a file version and one scalar)",
        &tensorboard,
        Ok(data.to_vec()),
    );
    read_records_case(&solution, "an empty file", &[], Ok(Vec::new()));

    // Four records: an event, an empty record, 300 bytes of every value, a histogram event.
    let payloads: Vec<Vec<u8>> = vec![
        event_with(12, vec![("epoch_loss", scalar(0.5))]).encode_to_vec(),
        Vec::new(),
        (0..300).map(|i| (i % 256) as u8).collect(),
        event_with(
            7,
            vec![(
                "0.0.weight",
                summary::value::Value::Histo(histogram(&[-0.5, 0.0, 0.25, 2.0], 30)),
            )],
        )
        .encode_to_vec(),
    ];
    let mut file = Vec::new();
    let mut starts = Vec::new();
    for data in &payloads {
        starts.push(file.len());
        write_record(&mut file, data).unwrap();
    }
    let four = "four records (an event, an empty record, 300 bytes, a histogram event)";
    read_records_case(&solution, four, &file, Ok(payloads.clone()));

    let damaged = |at: usize, bit: u8| {
        let mut bytes = file.clone();
        bytes[at] ^= bit;
        bytes
    };
    read_records_case(
        &solution,
        &format!("{four}, one bit of the third record's data flipped"),
        &damaged(starts[2] + 12 + 100, 0x10),
        Err(Corrupt::DataCrc { offset: starts[2] }),
    );
    read_records_case(
        &solution,
        &format!("{four}, the first record's data checksum changed"),
        &damaged(starts[1] - 1, 0x01),
        Err(Corrupt::DataCrc { offset: 0 }),
    );
    // A high bit of the length: trusted before its checksum is checked, the length would send a
    // reader far past the end of the file.
    read_records_case(
        &solution,
        &format!("{four}, a high bit of the fourth record's length flipped"),
        &damaged(starts[3] + 5, 0x80),
        Err(Corrupt::LengthCrc { offset: starts[3] }),
    );
    read_records_case(
        &solution,
        &format!("{four}, the second record's length checksum changed"),
        &damaged(starts[1] + 9, 0x04),
        Err(Corrupt::LengthCrc { offset: starts[1] }),
    );
    read_records_case(
        &solution,
        &format!("{four}, cut 5 bytes into the third record"),
        &file[..starts[2] + 5],
        Err(Corrupt::Truncated { offset: starts[2] }),
    );
    read_records_case(
        &solution,
        &format!("{four}, cut 2 bytes before its end"),
        &file[..file.len() - 2],
        Err(Corrupt::Truncated { offset: starts[3] }),
    );
}

/// Checks a solution of `scalar_series`.
pub fn scalar_series(
    solution: impl Fn(&[Vec<u8>], &str) -> Result<Vec<(i64, f32)>, prost::DecodeError>,
) {
    let tensorboard = unhex(TENSORBOARD_FILE);
    let records = TENSORBOARD_DATA.map(|range| tensorboard[range].to_vec());
    let case = Case::new(
        "scalar_series",
        "the records TensorBoard's Python writer wrote, tag \"loss\"",
    );
    let got = case.run(|| solution(&records, "loss"));
    case.expect_eq("the points", got.clone(), Ok(vec![(3, 0.25)]));
    case.show(format!("{:?}", got.unwrap_or_default()));

    // A run as the lesson writes it, made here: the file version; at steps 0 to 4 one event
    // holding both batch_loss and batch_accuracy; an epoch_loss; a histogram under the tag
    // batch_loss, which is no point of the scalar curve.
    let loss = |step: i64| 2.3 / (1.0 + step as f32);
    let accuracy = |step: i64| 0.1 + 0.2 * step as f32;
    let mut events = vec![Event {
        wall_time: 1.7e9,
        step: 0,
        what: Some(event::What::FileVersion("brain.Event:2".to_string())),
    }];
    for step in 0..5 {
        events.push(event_with(
            step,
            vec![
                ("batch_loss", scalar(loss(step))),
                ("batch_accuracy", scalar(accuracy(step))),
            ],
        ));
        if step == 2 {
            events.push(event_with(1, vec![("epoch_loss", scalar(0.75))]));
            let histo = summary::value::Value::Histo(histogram(&[1.0, 2.0, 3.0], 30));
            events.push(event_with(step, vec![("batch_loss", histo)]));
        }
    }
    let records: Vec<Vec<u8>> = events.iter().map(Message::encode_to_vec).collect();
    let expected = [
        (
            "batch_loss",
            (0..5).map(|s| (s, loss(s))).collect::<Vec<_>>(),
        ),
        ("batch_accuracy", (0..5).map(|s| (s, accuracy(s))).collect()),
        ("epoch_loss", vec![(1, 0.75)]),
        ("epoch_accuracy", vec![]),
    ];
    for (tag, points) in expected {
        let input = format!(
            "a run of {} events (two scalars per event at steps 0 to 4, an epoch_loss, a \
             histogram tagged batch_loss), tag \"{tag}\"",
            records.len()
        );
        let case = Case::new("scalar_series", &input);
        let got = case.run(|| solution(&records, tag));
        case.expect_eq("the points", got.clone(), Ok(points));
        case.show(format!("{:?}", got.unwrap_or_default()));
    }

    let case = Case::new("scalar_series", "a record of bytes that are not an event");
    let got = case.run(|| solution(&[vec![0xff, 0xff, 0xff]], "loss"));
    case.expect(got.is_err(), "prost's decoding error");
}

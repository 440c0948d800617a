//! Answers that look right on some files but are wrong, and literals: the checks must reject
//! every one, each for the reason named. (Spoilers: these are near-solutions.)

mod checks;

use prost::Message;
use t07_tensorboard::proto::{event, summary, Event};
use t07_tensorboard::tfrecord::{masked_crc32c, Corrupt};

/// A reader with a choice of mistakes: `checksum` is what it compares the stored checksums
/// with (`None`: it does not compare), and `bounds_first` makes it look for the data before it
/// checks the length's checksum.
fn reader(
    bytes: &[u8],
    checksum: Option<fn(&[u8]) -> u32>,
    bounds_first: bool,
) -> Result<Vec<Vec<u8>>, Corrupt> {
    let mut records = Vec::new();
    let mut offset = 0;
    while offset < bytes.len() {
        let rest = &bytes[offset..];
        let truncated = Corrupt::Truncated { offset };
        let header = rest.get(..12).ok_or(truncated)?;
        let n = u64::from_le_bytes(header[..8].try_into().unwrap());
        let n = usize::try_from(n).map_err(|_| truncated)?;
        let end = n.checked_add(16).filter(|&end| end <= rest.len());
        if bounds_first && end.is_none() {
            return Err(truncated);
        }
        if let Some(crc) = checksum {
            if crc(&header[..8]) != u32::from_le_bytes(header[8..12].try_into().unwrap()) {
                return Err(Corrupt::LengthCrc { offset });
            }
        }
        let end = end.ok_or(truncated)?;
        let (data, stored) = rest[12..end].split_at(n);
        if let Some(crc) = checksum {
            if crc(data) != u32::from_le_bytes(stored.try_into().unwrap()) {
                return Err(Corrupt::DataCrc { offset });
            }
        }
        records.push(data.to_vec());
        offset += end;
    }
    Ok(records)
}

#[test]
#[should_panic(
    expected = "`read_records` is wrong for four records (an event, an empty record, 300 bytes, a histogram event), one bit of the third record's data flipped"
)]
fn read_records_rejects_a_reader_that_skips_the_checksums() {
    checks::read_records(|bytes| reader(bytes, None, false));
}

#[test]
#[should_panic(expected = "`read_records` is wrong for the file TensorBoard's Python writer wrote")]
fn read_records_rejects_unmasked_checksums() {
    checks::read_records(|bytes| reader(bytes, Some(crc32c::crc32c), false));
}

#[test]
#[should_panic(
    expected = "a high bit of the fourth record's length flipped:\n  expected the result = \"Err(LengthCrc"
)]
fn read_records_rejects_a_length_trusted_before_its_checksum() {
    checks::read_records(|bytes| reader(bytes, Some(masked_crc32c), true));
}

#[test]
#[should_panic(expected = "`read_records` is wrong for an empty file")]
fn read_records_rejects_the_records_of_tensorboards_file() {
    let tensorboard_data = [
        "09000000000000f83f1a0d627261696e2e4576656e743a32",
        "09000000000000f83f10032a0d0a0b0a046c6f7373150000803e",
    ];
    checks::read_records(|_| {
        Ok(tensorboard_data
            .iter()
            .map(|hex| {
                (0..hex.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                    .collect()
            })
            .collect())
    });
}

/// Takes only the first value of each summary: right for files that hold one value per event,
/// as Keras writes them, wrong for events that hold several.
fn first_value_only(records: &[Vec<u8>], tag: &str) -> Result<Vec<(i64, f32)>, prost::DecodeError> {
    let mut points = Vec::new();
    for record in records {
        let event = Event::decode(record.as_slice())?;
        if let Some(event::What::Summary(summary)) = event.what {
            if let Some(value) = summary.value.into_iter().next() {
                if let (true, Some(summary::value::Value::SimpleValue(v))) =
                    (value.tag == tag, value.value)
                {
                    points.push((event.step, v));
                }
            }
        }
    }
    Ok(points)
}

#[test]
#[should_panic(
    expected = "two scalars per event at steps 0 to 4, an epoch_loss, a histogram tagged batch_loss), tag \"batch_accuracy\""
)]
fn scalar_series_rejects_the_first_value_of_each_event_only() {
    checks::scalar_series(first_value_only);
}

#[test]
#[should_panic(expected = "tag \"batch_loss\":\n  expected the points")]
fn scalar_series_rejects_a_literal() {
    checks::scalar_series(|_, _| Ok(vec![(3, 0.25)]));
}

//! Reference solutions for t07's exercises, compiled in place of `src/exercises.rs` when the
//! `answers` feature is on.

use crate::proto::{event, summary, Event};
use crate::tfrecord::{masked_crc32c, Corrupt};
use prost::Message;

/// Exercise `read_records`: the data of every record of a TFRecord file, in order, after
/// checking both checksums of each.
pub fn read_records(bytes: &[u8]) -> Result<Vec<Vec<u8>>, Corrupt> {
    let mut records = Vec::new();
    let mut offset = 0;
    while offset < bytes.len() {
        let rest = &bytes[offset..];
        let truncated = Corrupt::Truncated { offset };
        // The length and its checksum: 8 + 4 bytes.
        let header = rest.get(..12).ok_or(truncated)?;
        let (length, length_crc) = header.split_at(8);
        if masked_crc32c(length) != u32::from_le_bytes(length_crc.try_into().expect("4 bytes")) {
            return Err(Corrupt::LengthCrc { offset });
        }
        // Only now is the length trusted. A length beyond what `usize` holds cannot fit either.
        let n = usize::try_from(u64::from_le_bytes(length.try_into().expect("8 bytes")))
            .map_err(|_| truncated)?;
        let end = n
            .checked_add(16)
            .filter(|&end| end <= rest.len())
            .ok_or(truncated)?;
        let (data, data_crc) = rest[12..end].split_at(n);
        if masked_crc32c(data) != u32::from_le_bytes(data_crc.try_into().expect("4 bytes")) {
            return Err(Corrupt::DataCrc { offset });
        }
        records.push(data.to_vec());
        offset += end;
    }
    Ok(records)
}

/// Exercise `scalar_series`: the points of one scalar curve, `(step, value)` in the order of the
/// records.
pub fn scalar_series(
    records: &[Vec<u8>],
    tag: &str,
) -> Result<Vec<(i64, f32)>, prost::DecodeError> {
    let mut points = Vec::new();
    for record in records {
        let event = Event::decode(record.as_slice())?;
        // Only summaries hold values; the file-version event has none.
        let Some(event::What::Summary(summary)) = event.what else {
            continue;
        };
        // A summary may hold several values, under several tags: look at each.
        for value in summary.value.into_iter().filter(|value| value.tag == tag) {
            if let Some(summary::value::Value::SimpleValue(v)) = value.value {
                points.push((event.step, v));
            }
        }
    }
    Ok(points)
}

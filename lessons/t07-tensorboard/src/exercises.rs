//! Exercises for t07. Check them with `cargo xtask verify t07`; stuck, ask for a hint with
//! `cargo xtask hint t07`. Reference solutions: `answers/t07-tensorboard.rs`.
//!
//! The parameters, and the imports, are marked `#[allow(...)]` only because the starting `todo!`
//! does not use them yet; the compiler still warns about anything else you compute and never use.

#[allow(unused_imports)] // the messages and the oneof enums your solution will match on
use crate::proto::{event, summary, Event};
#[allow(unused_imports)] // the checksum your solution will compare with the stored ones
use crate::tfrecord::masked_crc32c;
use crate::tfrecord::Corrupt;
#[allow(unused_imports)] // brings `Event::decode` into scope
use prost::Message;

/// Exercise `read_records`: the data of every record of a TFRecord file, in order, after
/// checking both checksums of each: what TensorBoard does first with an event file.
///
/// Each record is the 8-byte little-endian length `n`, the masked CRC-32C of those 8 bytes,
/// `n` bytes of data, and the masked CRC-32C of the data (see `src/tfrecord.rs`). An empty file
/// holds no records. A record that does not check out stops the reading with the error that
/// names it, where `offset` is the position of the record's first byte in `bytes`:
///
/// - fewer than 12 bytes left for the length and its checksum: `Corrupt::Truncated`;
/// - a length whose checksum does not match: `Corrupt::LengthCrc` (checked before the length is
///   trusted to find the data);
/// - fewer than `n + 4` bytes left after those 12: `Corrupt::Truncated`;
/// - data whose checksum does not match: `Corrupt::DataCrc`.
pub fn read_records(#[allow(unused_variables)] bytes: &[u8]) -> Result<Vec<Vec<u8>>, Corrupt> {
    // TODO: walk through `bytes` record by record, from offset 0, checking each record's two
    // checksums with `masked_crc32c`, and collect the data of each record.
    todo!("return the data of each record, or the first record's fault")
}

/// Exercise `scalar_series`: the points of one scalar curve, `(step, value)` in the order of the
/// records, from the records of an event file (the data that `read_records` returns): what
/// TensorBoard's scalars dashboard plots for `tag`.
///
/// Decode each record as an `Event`. Events that hold no summary (the file version) have no
/// points; a summary can hold several values, each under its own tag, and only a
/// `simple_value` under `tag` is a point of the curve (a histogram under that tag is not).
/// A record that is not an `Event` gives prost's decoding error.
pub fn scalar_series(
    #[allow(unused_variables)] records: &[Vec<u8>],
    #[allow(unused_variables)] tag: &str,
) -> Result<Vec<(i64, f32)>, prost::DecodeError> {
    // TODO: decode every record with `Event::decode`, and keep `(event.step, value)` for each
    // scalar value tagged `tag`.
    todo!("return the (step, value) points written under the tag")
}

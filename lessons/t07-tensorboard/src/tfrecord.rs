//! TFRecord, the framing around every record of a TensorBoard event file.
//!
//! A file is records one after another, each framed as
//!
//! | bytes | what |
//! |---|---|
//! | 8 | the length `n` of the data, a `u64`, little-endian |
//! | 4 | the masked CRC-32C of those 8 bytes, a `u32`, little-endian |
//! | `n` | the data: one encoded `Event` |
//! | 4 | the masked CRC-32C of the data, a `u32`, little-endian |
//!
//! The length has a checksum of its own so that a reader never trusts a damaged length and
//! reads past a record's end. Nothing else is in the file: no header, no index, no footer.

use std::fmt;
use std::io::{self, Write};

/// The constant that masking adds, from TensorFlow's `crc32c.h`.
pub const MASK_DELTA: u32 = 0xa282_ead8;

// ANCHOR: framing
/// The checksum TFRecord stores: CRC-32C (the Castagnoli polynomial, as in iSCSI and ext4),
/// rotated right by 15 bits, plus [`MASK_DELTA`]. TensorFlow masks its CRCs because computing
/// the CRC of data that itself holds CRCs gives trouble; the mask makes a stored CRC look
/// unlike the CRC of anything.
pub fn masked_crc32c(bytes: &[u8]) -> u32 {
    crc32c::crc32c(bytes)
        .rotate_right(15)
        .wrapping_add(MASK_DELTA)
}

/// Writes `data` as one record: its length, the length's checksum, the data, its checksum.
/// Returns the number of bytes written, `data.len() + 16`.
pub fn write_record(out: &mut impl Write, data: &[u8]) -> io::Result<usize> {
    let length = (data.len() as u64).to_le_bytes();
    out.write_all(&length)?;
    out.write_all(&masked_crc32c(&length).to_le_bytes())?;
    out.write_all(data)?;
    out.write_all(&masked_crc32c(data).to_le_bytes())?;
    Ok(data.len() + 16)
}
// ANCHOR_END: framing

/// What a reader can find wrong in a TFRecord file, and where: `offset` is the position in the
/// file of the first byte of the record at fault. (The first exercise returns it.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corrupt {
    /// The file ends inside the record: in its 12-byte header, its data or its data checksum.
    Truncated {
        /// Where the record starts.
        offset: usize,
    },
    /// The length's checksum does not match the 8 bytes of the length.
    LengthCrc {
        /// Where the record starts.
        offset: usize,
    },
    /// The data's checksum does not match the data.
    DataCrc {
        /// Where the record starts.
        offset: usize,
    },
}

impl fmt::Display for Corrupt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Corrupt::Truncated { offset } => {
                write!(f, "the file ends inside the record at byte {offset}")
            }
            Corrupt::LengthCrc { offset } => write!(
                f,
                "the length of the record at byte {offset} fails its checksum"
            ),
            Corrupt::DataCrc { offset } => write!(
                f,
                "the data of the record at byte {offset} fails its checksum"
            ),
        }
    }
}

impl std::error::Error for Corrupt {}

#[cfg(test)]
mod tests {
    use super::*;

    /// The standard check value of CRC-32C ("123456789"), from the CRC catalogue and RFC 3720's
    /// family of test vectors, and its masked form as TensorBoard's Python code computes it.
    #[test]
    fn the_checksums_match_known_values() {
        assert_eq!(crc32c::crc32c(b"123456789"), 0xe306_9283);
        assert_eq!(crc32c::crc32c(&[0u8; 32]), 0x8a91_36aa);
        assert_eq!(crc32c::crc32c(&[0xffu8; 32]), 0x62a8_ab43);
        assert_eq!(masked_crc32c(b"123456789"), 0xc78a_b0e5);
    }

    #[test]
    fn an_empty_record_is_sixteen_known_bytes() {
        let mut bytes = Vec::new();
        assert_eq!(write_record(&mut bytes, b"").unwrap(), 16);
        // As TensorBoard's own RecordWriter frames an empty record.
        let expected = [
            0u8, 0, 0, 0, 0, 0, 0, 0, 0x29, 0x03, 0x98, 0x07, 0xd8, 0xea, 0x82, 0xa2,
        ];
        assert_eq!(bytes, expected);
    }
}

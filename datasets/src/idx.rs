//! The IDX file format of MNIST, read with every check a damaged or misplaced file can fail.
//!
//! An IDX file is a big-endian header followed by raw bytes. MNIST uses two kinds:
//!
//! | kind   | magic number | header                          | then                          |
//! |--------|--------------|---------------------------------|-------------------------------|
//! | images | `0x00000803` | magic, count, rows, columns     | `count × rows × columns` pixels |
//! | labels | `0x00000801` | magic, count                    | `count` labels, one byte each |
//!
//! The files are usually gzip-compressed (`.gz`); [`read_file`] accepts both forms and tells them
//! apart by their first bytes, not their names. The counts come from the headers: the full
//! training set has 60,000 images, the embedded sample 4,000, and nothing here assumes either.

use crate::DataError;
use flate2::read::GzDecoder;
use std::io::Read;
use std::path::Path;

/// The magic number that opens an IDX file of unsigned-byte images (three dimensions).
pub const IMAGES_MAGIC: u32 = 0x0000_0803;
/// The magic number that opens an IDX file of unsigned-byte labels (one dimension).
pub const LABELS_MAGIC: u32 = 0x0000_0801;
/// The side of an MNIST image, in pixels.
pub const SIDE: usize = 28;
/// Pixels in one MNIST image: 28 × 28.
pub const PIXELS: usize = SIDE * SIDE;
/// Digit classes: 0 to 9.
pub const CLASSES: usize = 10;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Reads a file whole, inflating it if it is gzip-compressed. A file named `*.gz` must be gzip:
/// otherwise it is most likely an error page or a file saved under the wrong name, and calling it
/// a truncated IDX file would send the learner looking in the wrong place.
pub fn read_file(path: &Path) -> Result<Vec<u8>, DataError> {
    let raw = std::fs::read(path).map_err(|source| DataError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    let named_gz = path.extension().is_some_and(|extension| extension == "gz");
    if named_gz && !raw.starts_with(&GZIP_MAGIC) {
        return Err(DataError::NotGzip {
            path: path.to_path_buf(),
        });
    }
    inflate_if_gzip(path, raw)
}

/// Inflates `bytes` if they start with the gzip magic number; returns them unchanged otherwise.
/// `path` only names the source in an error.
pub fn inflate_if_gzip(path: &Path, bytes: Vec<u8>) -> Result<Vec<u8>, DataError> {
    if !bytes.starts_with(&GZIP_MAGIC) {
        return Ok(bytes);
    }
    let mut inflated = Vec::with_capacity(bytes.len() * 4);
    GzDecoder::new(bytes.as_slice())
        .read_to_end(&mut inflated)
        .map_err(|err| DataError::BadGzip {
            path: path.to_path_buf(),
            reason: err.to_string(),
        })?;
    Ok(inflated)
}

/// Checks an inflated IDX image file and returns its pixels, `count × 784` bytes, row by row.
pub fn parse_images(path: &Path, bytes: &[u8]) -> Result<Vec<u8>, DataError> {
    let header = header::<4>(path, bytes, IMAGES_MAGIC)?;
    let [_, count, rows, cols] = header.map(|field| field as usize);
    if (rows, cols) != (SIDE, SIDE) {
        return Err(DataError::WrongImageSize {
            path: path.to_path_buf(),
            rows,
            cols,
        });
    }
    let body = body(path, bytes, 16, count * PIXELS)?;
    Ok(body.to_vec())
}

/// Checks an inflated IDX label file and returns its labels, each a digit from 0 to 9.
pub fn parse_labels(path: &Path, bytes: &[u8]) -> Result<Vec<u8>, DataError> {
    let [_, count] = header::<2>(path, bytes, LABELS_MAGIC)?.map(|field| field as usize);
    let labels = body(path, bytes, 8, count)?;
    if let Some(index) = labels.iter().position(|&label| label as usize >= CLASSES) {
        return Err(DataError::BadLabel {
            path: path.to_path_buf(),
            index,
            label: labels[index],
        });
    }
    Ok(labels.to_vec())
}

/// Reads `N` big-endian `u32` header fields and checks the first one, the magic number.
fn header<const N: usize>(path: &Path, bytes: &[u8], magic: u32) -> Result<[u32; N], DataError> {
    if bytes.len() < 4 * N {
        return Err(DataError::Truncated {
            path: path.to_path_buf(),
            expected: 4 * N,
            found: bytes.len(),
        });
    }
    let fields: [u32; N] = std::array::from_fn(|i| {
        let field = &bytes[4 * i..4 * i + 4];
        u32::from_be_bytes([field[0], field[1], field[2], field[3]])
    });
    if fields[0] != magic {
        return Err(DataError::WrongMagic {
            path: path.to_path_buf(),
            found: fields[0],
            expected: magic,
        });
    }
    Ok(fields)
}

/// The `len` bytes after a header of `header_len` bytes: exactly those, no fewer and no more.
fn body<'a>(
    path: &Path,
    bytes: &'a [u8],
    header_len: usize,
    len: usize,
) -> Result<&'a [u8], DataError> {
    let expected = header_len + len;
    if bytes.len() != expected {
        let error = if bytes.len() < expected {
            DataError::Truncated {
                path: path.to_path_buf(),
                expected,
                found: bytes.len(),
            }
        } else {
            DataError::TrailingBytes {
                path: path.to_path_buf(),
                expected,
                found: bytes.len(),
            }
        };
        return Err(error);
    }
    Ok(&bytes[header_len..])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An IDX image file with `count` images whose pixels are all `shade`.
    pub(crate) fn images_file(count: u32, shade: u8) -> Vec<u8> {
        let mut bytes = [IMAGES_MAGIC, count, 28, 28]
            .iter()
            .flat_map(|field| field.to_be_bytes())
            .collect::<Vec<_>>();
        bytes.resize(16 + count as usize * PIXELS, shade);
        bytes
    }

    fn labels_file(labels: &[u8]) -> Vec<u8> {
        let mut bytes = [LABELS_MAGIC, labels.len() as u32]
            .iter()
            .flat_map(|field| field.to_be_bytes())
            .collect::<Vec<_>>();
        bytes.extend_from_slice(labels);
        bytes
    }

    #[test]
    fn reads_counts_from_the_header() {
        let path = Path::new("images");
        assert_eq!(
            parse_images(path, &images_file(3, 7)).unwrap().len(),
            3 * PIXELS
        );
        assert_eq!(parse_labels(path, &labels_file(&[1, 2])).unwrap(), [1, 2]);
    }

    #[test]
    fn rejects_a_label_file_read_as_images() {
        let error = parse_images(Path::new("x"), &labels_file(&[1, 2, 3])).unwrap_err();
        assert!(matches!(
            error,
            DataError::Truncated { .. } | DataError::WrongMagic { .. }
        ));
        let error = parse_images(Path::new("x"), &labels_file(&[0; 40])).unwrap_err();
        assert!(matches!(
            error,
            DataError::WrongMagic {
                found: LABELS_MAGIC,
                ..
            }
        ));
    }

    #[test]
    fn rejects_missing_and_extra_bytes() {
        let mut file = images_file(2, 0);
        file.pop();
        let error = parse_images(Path::new("x"), &file).unwrap_err();
        assert!(
            matches!(error, DataError::Truncated { found, .. } if found == 16 + 2 * PIXELS - 1)
        );
        file.extend([0, 0]);
        let error = parse_images(Path::new("x"), &file).unwrap_err();
        assert!(matches!(error, DataError::TrailingBytes { .. }));
    }

    #[test]
    fn rejects_other_image_sizes_and_labels_above_nine() {
        let mut file = images_file(1, 0);
        file[11] = 32;
        let error = parse_images(Path::new("x"), &file).unwrap_err();
        assert!(matches!(
            error,
            DataError::WrongImageSize {
                rows: 32,
                cols: 28,
                ..
            }
        ));
        let error = parse_labels(Path::new("x"), &labels_file(&[3, 10])).unwrap_err();
        assert!(matches!(
            error,
            DataError::BadLabel {
                index: 1,
                label: 10,
                ..
            }
        ));
    }

    #[test]
    fn reports_a_damaged_gzip_stream() {
        let error = inflate_if_gzip(Path::new("x.gz"), vec![0x1f, 0x8b, 8, 0, 1]).unwrap_err();
        assert!(matches!(error, DataError::BadGzip { .. }));
    }
}

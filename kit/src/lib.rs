//! The helpers the lessons share. Each item names the lesson that introduces it; a lesson reuses
//! what is here instead of writing it again.

pub mod check;
pub mod conv;
pub mod figures;
pub mod inspect;
pub mod install;
pub mod keras;
pub mod plot;
pub mod save;
pub mod scratch;
pub mod train;

use datasets::{Mnist, MnistSource};
use figures::Figures;
use std::io::{self, Write};
use std::process::ExitCode;

/// Runs a lesson's walkthrough with standard output as its writer: the whole body of every
/// lesson's `main`. Introduced in p01.
///
/// Every lesson is a library function `walkthrough(&mut dyn Write)`, so that the binary, the
/// snapshot test and the book print one and the same text. Standard output is line-buffered, so a
/// long lesson shows each line as soon as it is written.
/// A closed pipe (`cargo xtask run p01 | head`) ends the lesson quietly; any other write error
/// is reported in one line with a non-zero exit code, never a panic.
pub fn run_lesson(walkthrough: fn(&mut dyn Write) -> io::Result<()>) -> ExitCode {
    print_to_stdout(|out| walkthrough(out))
}

/// Runs a lesson that trains on MNIST: the whole body of its `main`. Introduced in p03.
///
/// The walkthrough gets the embedded sample, which is what the book shows, unless the command
/// line says `--full` (the downloaded full set) or `MNIST_DIR` names a folder; see
/// [`MnistSource::choose`]. Data that cannot be loaded ends the run with one line naming the
/// file and the fix, and exit code 2.
pub fn run_mnist_lesson(walkthrough: fn(&mut dyn Write, &Mnist) -> io::Result<()>) -> ExitCode {
    match load_mnist_from_arguments() {
        Ok(mnist) => print_to_stdout(|out| walkthrough(out, &mnist)),
        Err(code) => code,
    }
}

/// Runs a lesson that draws: the whole body of its `main`. Introduced in p04.
///
/// As [`run_lesson`], and then the figures the walkthrough added are written to
/// [`figures::output_dir`] (git-ignored), each path printed on standard error, so that a learner
/// who changes the lesson sees the new pictures. `cargo xtask run` compares them with the
/// committed ones.
pub fn run_lesson_with_figures(
    walkthrough: fn(&mut dyn Write, &mut Figures) -> io::Result<()>,
) -> ExitCode {
    let mut figures = Figures::new();
    match print_to_stdout(|out| walkthrough(out, &mut figures)) {
        code if code == ExitCode::SUCCESS => save_figures(&figures),
        code => code,
    }
}

/// Runs a lesson that trains on MNIST and draws: [`run_mnist_lesson`] and
/// [`run_lesson_with_figures`] together. Introduced in p04.
pub fn run_mnist_lesson_with_figures(
    walkthrough: fn(&mut dyn Write, &mut Figures, &Mnist) -> io::Result<()>,
) -> ExitCode {
    let mnist = match load_mnist_from_arguments() {
        Ok(mnist) => mnist,
        Err(code) => return code,
    };
    let mut figures = Figures::new();
    match print_to_stdout(|out| walkthrough(out, &mut figures, &mnist)) {
        code if code == ExitCode::SUCCESS => save_figures(&figures),
        code => code,
    }
}

/// The MNIST the command line asks for (`--full` or nothing; `MNIST_DIR` is read too), or the
/// exit code of a refusal already explained in one line on standard error.
fn load_mnist_from_arguments() -> Result<Mnist, ExitCode> {
    let mut full = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--full" => full = true,
            _ => {
                eprintln!(
                    "error: unknown argument `{arg}`; the only option is `--full`, to train on \
                     full MNIST (download it first with `cargo xtask fetch-data`)"
                );
                return Err(ExitCode::from(2));
            }
        }
    }
    Mnist::load(&MnistSource::choose(full)).map_err(|err| {
        eprintln!("error: {err}");
        ExitCode::from(2)
    })
}

/// Writes the figures to [`figures::output_dir`] and says where, on standard error.
fn save_figures(figures: &Figures) -> ExitCode {
    // The binary is named after its package, and so is its folder of figures.
    let package = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "lesson".to_string());
    let dir = figures::output_dir(&package);
    match figures::write_all(figures, &dir) {
        Ok(paths) => {
            let here = std::env::current_dir().unwrap_or_default();
            for path in paths {
                let shown = path.strip_prefix(&here).unwrap_or(&path);
                eprintln!("figure: {}", shown.display());
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!(
                "error: could not write the figures to {}: {err}",
                dir.display()
            );
            ExitCode::FAILURE
        }
    }
}

/// Runs `walkthrough` with standard output as its writer; the exit code says how it went.
fn print_to_stdout(walkthrough: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> ExitCode {
    let mut out = io::stdout().lock();
    match walkthrough(&mut out).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        // A walkthrough's refusal of its input (see `train::fit`): already one line with the fix.
        Err(err) if err.kind() == io::ErrorKind::InvalidInput => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
        Err(err) => {
            eprintln!("error: could not write the lesson's output: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Runs a lesson's walkthrough into memory and returns what it printed: what the lesson's
/// snapshot test compares with the book. Introduced in p01.
///
/// # Panics
///
/// If the walkthrough fails or prints invalid UTF-8: in a test, that is the failure to report.
pub fn capture(walkthrough: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> String {
    let mut printed = Vec::new();
    walkthrough(&mut printed).expect("the walkthrough writes into memory without error");
    String::from_utf8(printed).expect("the walkthrough prints UTF-8")
}

/// Runs a drawing lesson's walkthrough into memory: what it printed and the figures it drew,
/// for its snapshot test. Introduced in p04.
///
/// # Panics
///
/// As [`capture`].
pub fn capture_with_figures(
    walkthrough: impl FnOnce(&mut dyn Write, &mut Figures) -> io::Result<()>,
) -> (String, Figures) {
    let mut figures = Figures::new();
    let text = capture(|out| walkthrough(out, &mut figures));
    (text, figures)
}

/// The name of type `T` without its module paths: `Tensor<(Const<3>,), f32, Cpu>` rather than
/// `dfdx::tensor::tensor_impls::Tensor<(dfdx::shapes::shape::Const<3>,), f32, dfdx::...>`.
/// Introduced in p02.
///
/// It builds on `std::any::type_name`, which is meant for diagnostics: its exact text may change
/// between compiler versions, so lessons print it and never decide anything by it.
pub fn short_type_name<T: ?Sized>() -> String {
    shorten_type_name(std::any::type_name::<T>())
}

/// The type name of a value, as [`short_type_name`] writes it. Introduced in p02.
pub fn short_type_name_of_val<T: ?Sized>(_value: &T) -> String {
    short_type_name::<T>()
}

/// Drops the module path from every path in a type name, keeping its last segment.
fn shorten_type_name(full: &str) -> String {
    let mut short = String::with_capacity(full.len());
    let mut path = String::new();
    for c in full.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            path.push(c);
        } else {
            short.push_str(path.rsplit("::").next().unwrap_or(&path));
            path.clear();
            short.push(c);
        }
    }
    short.push_str(path.rsplit("::").next().unwrap_or(&path));
    short
}

/// A fraction as a percentage with one decimal, right-aligned in six columns: `0.903` gives
/// `" 90.3%"`, so that a column of accuracies lines up. Introduced in p03.
pub fn percent(fraction: f32) -> String {
    format!("{:>5.1}%", 100.0 * fraction)
}

/// An integer with commas between groups of three digits: `50890` gives `"50,890"`. Introduced
/// in p03, for parameter and example counts.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits_in_threes() {
        let shown: Vec<String> = [0, 999, 1_000, 50_890, 1_234_567]
            .into_iter()
            .map(thousands)
            .collect();
        assert_eq!(shown, ["0", "999", "1,000", "50,890", "1,234,567"]);
    }

    #[test]
    fn percent_keeps_one_decimal_in_six_columns() {
        assert_eq!(percent(0.903), " 90.3%");
        assert_eq!(percent(1.0), "100.0%");
        assert_eq!(percent(0.05), "  5.0%");
    }

    #[test]
    fn short_type_names_keep_the_last_segment_of_every_path() {
        assert_eq!(
            shorten_type_name("dfdx::tensor::Tensor<(dfdx::shapes::Const<3>,), f32, dfdx::Cpu>"),
            "Tensor<(Const<3>,), f32, Cpu>"
        );
        assert_eq!(short_type_name::<Vec<u8>>(), "Vec<u8>");
        assert_eq!(short_type_name_of_val(&[1.0f32; 2]), "[f32; 2]");
    }
}

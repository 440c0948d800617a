//! The lesson's knobs on the command line: Playground's controls as options, parsed with clap.
//!
//! Every option is read as text and checked here rather than by clap, so that a bad value gets
//! one line that says what is accepted (clap's own messages run to several lines).

use crate::net::Activation;
use crate::Config;
use clap::error::ErrorKind;
use clap::Parser;
use datasets::toy::{Dataset, MAX_NOISE};
use std::ffi::OsString;

/// The widest hidden layer the options accept (Playground stops at 8).
pub const MAX_WIDTH: usize = 32;
/// The most hidden layers the options accept (Playground's limit too).
pub const MAX_LAYERS: usize = 6;
/// The most epochs the options accept.
pub const MAX_EPOCHS: usize = 100_000;

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Run the lesson with this configuration.
    Run(Config),
    /// Print this help text and stop.
    Help(String),
}

// ANCHOR: options
/// TensorFlow Playground's controls as options: train a small network on a toy data set and
/// draw its decision regions as training goes (into target/figures/t08-playground/).
#[derive(Debug, Parser)]
#[command(
    name = "t08-playground",
    disable_version_flag = true,
    allow_negative_numbers = true
)]
struct Options {
    /// The data set: circle, xor, gauss or spiral
    #[arg(long, default_value = "circle", value_name = "NAME")]
    dataset: String,
    /// Hidden layer widths, comma-separated (1 to 32 units, at most 6 layers), or `none`
    #[arg(long, default_value = "4,2", value_name = "WIDTHS")]
    hidden: String,
    /// The activation after each hidden layer: relu, tanh, sigmoid or linear
    #[arg(long, default_value = "tanh", value_name = "NAME")]
    activation: String,
    /// The learning rate of stochastic gradient descent (above 0)
    #[arg(long, default_value = "0.03", value_name = "RATE")]
    lr: String,
    /// Passes over the training points
    #[arg(long, default_value = "200", value_name = "N")]
    epochs: String,
    /// Noise, 0 to 0.5 (Playground's 0 to 50%)
    #[arg(long, default_value = "0", value_name = "LEVEL")]
    noise: String,
    /// L2 regularisation rate (0 for none)
    #[arg(long, default_value = "0", value_name = "RATE")]
    l2: String,
    /// The share of the points used for training, 0.1 to 0.9; the rest test the network
    #[arg(long, default_value = "0.5", value_name = "SHARE")]
    ratio: String,
    /// Seeds the points, the initial weights and the order of the batches
    #[arg(long, default_value = "0", value_name = "N")]
    seed: String,
}
// ANCHOR_END: options

// ANCHOR: parse
/// Reads the command line (`args` includes the program's name first, as `std::env::args_os`
/// gives it). A bad option or value is an `Err` holding one line that says what is accepted.
pub fn parse<I, T>(args: I) -> Result<Command, String>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let options = match Options::try_parse_from(args) {
        Ok(options) => options,
        Err(err) if err.kind() == ErrorKind::DisplayHelp => {
            return Ok(Command::Help(err.render().to_string()));
        }
        Err(err) => return Err(first_line(&err.render().to_string())),
    };
    let dataset = Dataset::from_name(&options.dataset).ok_or_else(|| {
        format!(
            "unknown data set `{}`: use circle, xor, gauss or spiral",
            options.dataset
        )
    })?;
    let activation = Activation::from_name(&options.activation).ok_or_else(|| {
        format!(
            "unknown activation `{}`: use relu, tanh, sigmoid or linear",
            options.activation
        )
    })?;
    Ok(Command::Run(Config {
        dataset,
        hidden: hidden_widths(&options.hidden)?,
        activation,
        lr: number(
            "--lr",
            &options.lr,
            |v| v > 0.0,
            "a number above 0, such as 0.03",
        )?,
        epochs: whole("--epochs", &options.epochs, 1, MAX_EPOCHS)?,
        noise: number(
            "--noise",
            &options.noise,
            |v| (0.0..=MAX_NOISE).contains(&v),
            "a number from 0 to 0.5 (Playground's 0 to 50%)",
        )?,
        l2: number(
            "--l2",
            &options.l2,
            |v| v >= 0.0,
            "0 or more, such as 0.001",
        )?,
        ratio: number(
            "--ratio",
            &options.ratio,
            |v| (0.1..=0.9).contains(&v),
            "a share from 0.1 to 0.9",
        )?,
        seed: options.seed.parse().map_err(|_| {
            format!(
                "`--seed {}`: the seed must be a whole number from 0 to {}",
                options.seed,
                u64::MAX
            )
        })?,
    }))
}
// ANCHOR_END: parse

/// The first line of a clap message, without its `error: ` (the caller adds its own), and a
/// pointer to `--help`.
fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or("bad arguments");
    format!(
        "{}; see --help for the options",
        line.strip_prefix("error: ").unwrap_or(line)
    )
}

/// `8,8` as `[8, 8]`; `none` (or nothing) as no hidden layer.
fn hidden_widths(text: &str) -> Result<Vec<usize>, String> {
    let text = text.trim();
    if text.is_empty() || text == "none" {
        return Ok(Vec::new());
    }
    let refuse = |why: &str| {
        format!(
            "`--hidden {text}`: {why}; give widths from 1 to {MAX_WIDTH} separated by commas, \
             such as 8,8, at most {MAX_LAYERS} of them (or `none` for no hidden layer)"
        )
    };
    let widths = text
        .split(',')
        .map(|width| match width.trim().parse::<usize>() {
            Ok(0) => Err(refuse("a layer needs at least 1 unit")),
            Ok(w) if w > MAX_WIDTH => Err(refuse(&format!("{w} units is too many"))),
            Ok(w) => Ok(w),
            Err(_) => Err(refuse(&format!("`{}` is not a width", width.trim()))),
        })
        .collect::<Result<Vec<usize>, String>>()?;
    if widths.len() > MAX_LAYERS {
        return Err(refuse(&format!("{} layers is too many", widths.len())));
    }
    Ok(widths)
}

/// A finite number that `accept` accepts, or one line naming the option and what it takes.
fn number(
    option: &str,
    text: &str,
    accept: impl Fn(f32) -> bool,
    takes: &str,
) -> Result<f32, String> {
    match text.trim().parse::<f32>() {
        Ok(v) if v.is_finite() && accept(v) => Ok(v),
        _ => Err(format!("`{option} {text}`: {option} takes {takes}")),
    }
}

/// A whole number from `low` to `high`, or one line naming the option and the range.
fn whole(option: &str, text: &str, low: usize, high: usize) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(v) if (low..=high).contains(&v) => Ok(v),
        _ => Err(format!(
            "`{option} {text}`: {option} takes a whole number from {low} to {high}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_line(line: &str) -> Result<Command, String> {
        parse(std::iter::once("t08-playground").chain(line.split_whitespace()))
    }

    #[test]
    fn no_arguments_give_the_default_configuration() {
        assert_eq!(parse_line(""), Ok(Command::Run(Config::default())));
    }

    #[test]
    fn options_set_the_configuration() {
        let Ok(Command::Run(config)) = parse_line(
            "--dataset spiral --hidden 8,8,4 --activation relu --lr 0.1 --epochs 50 --noise 0.25 \
             --l2 0.001 --ratio 0.3 --seed 9",
        ) else {
            panic!("the options are valid");
        };
        assert_eq!(
            config,
            Config {
                dataset: Dataset::Spiral,
                hidden: vec![8, 8, 4],
                activation: Activation::Relu,
                lr: 0.1,
                epochs: 50,
                noise: 0.25,
                l2: 0.001,
                ratio: 0.3,
                seed: 9,
            }
        );
        let Ok(Command::Run(config)) = parse_line("--hidden none --lr=0.5") else {
            panic!("the options are valid");
        };
        assert_eq!((config.hidden, config.lr), (vec![], 0.5));
    }

    #[test]
    fn help_lists_every_option_with_its_default() {
        let Ok(Command::Help(text)) = parse_line("--help") else {
            panic!("--help asks for help");
        };
        for option in [
            "--dataset",
            "--hidden",
            "--activation",
            "--lr",
            "--epochs",
            "--noise",
            "--l2",
            "--ratio",
            "--seed",
        ] {
            assert!(text.contains(option), "{option} is missing from\n{text}");
        }
        assert!(text.contains("[default: 4,2]"), "{text}");
    }

    #[test]
    fn bad_values_are_refused_in_one_line_that_says_what_is_accepted() {
        let cases = [
            ("--dataset moons", "use circle, xor, gauss or spiral"),
            ("--hidden 8,0", "a layer needs at least 1 unit"),
            ("--hidden 8,x", "`x` is not a width"),
            ("--hidden 64", "64 units is too many"),
            ("--hidden 1,1,1,1,1,1,1", "7 layers is too many"),
            ("--activation softmax", "use relu, tanh, sigmoid or linear"),
            ("--lr -0.1", "--lr takes a number above 0"),
            ("--lr 0", "--lr takes a number above 0"),
            ("--lr nan", "--lr takes a number above 0"),
            (
                "--epochs 0",
                "--epochs takes a whole number from 1 to 100000",
            ),
            ("--noise 0.7", "--noise takes a number from 0 to 0.5"),
            ("--noise -0.1", "--noise takes a number from 0 to 0.5"),
            ("--l2 -1", "--l2 takes 0 or more"),
            ("--ratio 1", "--ratio takes a share from 0.1 to 0.9"),
            ("--seed -3", "the seed must be a whole number"),
            ("--layers 3", "unexpected argument '--layers' found"),
            ("--lr", "a value is required for '--lr <RATE>'"),
            ("spiral", "unexpected argument 'spiral' found"),
        ];
        for (line, expected) in cases {
            let message = parse_line(line).expect_err(line);
            assert!(message.contains(expected), "{line}: {message}");
            assert!(!message.contains('\n'), "{line}: {message}");
        }
    }
}

//! The lesson's binary refuses a bad value with one line and exit code 2, and prints its help.

use std::process::Command;

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_t08-playground"))
        .args(args)
        .output()
        .expect("the lesson's binary runs")
}

#[test]
fn a_bad_value_gets_one_line_and_exit_code_2() {
    for args in [
        &["--noise", "0.7"][..],
        &["--dataset", "moons"],
        &["--hidden", "8,0"],
        &["--lr", "-1"],
        &["--unknown"],
    ] {
        let output = run(args);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn help_lists_the_options_and_exits_0() {
    let output = run(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(
        help.contains("--dataset <NAME>") && help.contains("[default: circle]"),
        "{help}"
    );
}

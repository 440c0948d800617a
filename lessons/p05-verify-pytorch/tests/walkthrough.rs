//! The lesson's output is the snapshot the book shows: any change to it fails this test. The
//! other tests check what a snapshot cannot: that the printed version is the one in `Cargo.lock`,
//! that the sums the lesson prints are what `f32` arithmetic gives, and that each check fails
//! when it should.

use kit::install::GpuStatus;
use p05_verify_pytorch::{
    f32_sum, gpu_check, setup_checks, sum_check, verify_setup, version_check, write_report, Check,
    THIS_COURSE,
};
use std::process::ExitCode;

#[test]
fn output() {
    insta::assert_snapshot!("output", kit::capture(p05_verify_pytorch::walkthrough));
}

/// The version of `name` that the workspace's `Cargo.lock` records, read from the file here.
fn locked_version(name: &str) -> Option<String> {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.lock"))
        .expect("the workspace's Cargo.lock is readable");
    let entry = format!("name = \"{name}\"\nversion = \"");
    let start = lock.find(&entry)? + entry.len();
    let length = lock[start..].find('"')?;
    Some(lock[start..start + length].to_string())
}

#[test]
fn the_version_printed_is_the_one_in_cargo_lock() {
    let locked = locked_version("dfdx").expect("dfdx is in Cargo.lock");
    let output = kit::capture(p05_verify_pytorch::walkthrough);
    let line = output
        .lines()
        .find(|line| line.contains("dfdx version"))
        .expect("a version line");
    assert!(line.ends_with(&format!("got {locked}")), "{line}");
    assert_eq!(locked, THIS_COURSE.dfdx);
}

#[test]
fn a_sum_of_small_integers_is_exact_in_every_order() {
    let orders = [
        [1.0f32, 2.0, 3.0],
        [1.0, 3.0, 2.0],
        [2.0, 1.0, 3.0],
        [2.0, 3.0, 1.0],
        [3.0, 1.0, 2.0],
        [3.0, 2.0, 1.0],
    ];
    for values in orders {
        assert_eq!(f32_sum(&values), 6.0, "{values:?}");
        // A pairwise order, as a parallel or GPU reduction might use: (a + b) + c and a + (b + c).
        assert_eq!(values[0] + (values[1] + values[2]), 6.0);
    }
    // Every integer up to 2^24 is an f32; the next one is not.
    assert_eq!(16_777_216.0f32 as i64, 16_777_216);
    assert_eq!(16_777_217.0f32 as i64, 16_777_216);
}

#[test]
fn the_printed_sums_are_what_f32_addition_gives() {
    // Ten times 0.1, added from left to right in f32 and, for the exact answer, in f64 from
    // the same f32 values: the f32 sum is off in its last bit, 1.0000001 instead of 1.
    let tenths = [0.1f32; 10];
    let left_to_right = tenths.iter().fold(0.0f32, |total, &v| total + v);
    assert_eq!(f32_sum(&tenths), left_to_right);
    assert_eq!(left_to_right, 1.000_000_1);
    assert_eq!(left_to_right, f32::from_bits(1.0f32.to_bits() + 1));
    // 1 is absorbed by 1e8, whose neighbouring f32s are 8 apart, unless 1e8 is cancelled first.
    assert_eq!(1e8f32 + 1.0, 1e8);
    assert_eq!(f32_sum(&[1e8, 1.0, -1e8]), 0.0);
    assert_eq!(f32_sum(&[1e8, -1e8, 1.0]), 1.0);
}

#[test]
fn the_sum_check_passes_on_a_device_it_is_given() {
    let check = sum_check(&dfdx::tensor::Cpu::seed_from_u64(7));
    assert!(check.passed);
    assert_eq!(check.observed, "6");
}

#[test]
fn the_version_check_fails_on_another_version_or_none() {
    assert!(version_check("0.13.0", Some("0.13.0")).passed);
    let other = version_check("0.13.0", Some("0.13.1"));
    assert!(!other.passed);
    assert_eq!(other.observed, "0.13.1");
    let missing = version_check("0.13.0", None);
    assert!(!missing.passed);
    assert_eq!(missing.observed, "dfdx is not in Cargo.lock");
}

#[test]
fn the_gpu_check_fails_only_when_a_gpu_is_wanted_and_none_answered() {
    let unavailable = GpuStatus::Unavailable("DriverError(CUDA_ERROR_NO_DEVICE)".into());
    for (status, wanted, passes) in [
        (GpuStatus::NotCompiled, false, true),
        (GpuStatus::NotCompiled, true, false),
        (unavailable.clone(), false, true),
        (unavailable.clone(), true, false),
        (GpuStatus::Available, false, true),
        (GpuStatus::Available, true, true),
    ] {
        let check = gpu_check(wanted, &status);
        assert_eq!(check.passed, passes, "{status:?}, wanted: {wanted}");
    }
    // The driver's reason is reported.
    assert!(gpu_check(true, &unavailable)
        .observed
        .contains("CUDA_ERROR_NO_DEVICE"));
}

#[test]
fn a_failed_check_is_a_line_of_the_report_and_the_report_says_so() {
    let checks = [
        version_check("0.13.0", Some("0.13.0")),
        Check {
            name: "broken",
            expected: "6, exactly".into(),
            observed: "3".into(),
            passed: false,
        },
    ];
    let mut printed = Vec::new();
    let all_passed = write_report(&mut printed, &checks).expect("writes to memory");
    let printed = String::from_utf8(printed).expect("UTF-8");
    assert!(!all_passed);
    assert!(printed.contains("  FAIL  broken "), "{printed}");
    assert!(printed.ends_with("  1 of 2 checks failed\n"), "{printed}");
}

#[test]
fn this_course_passes_and_its_verification_program_exits_with_success() {
    let checks = setup_checks(
        &THIS_COURSE,
        kit::install::linked_version("dfdx"),
        &kit::install::gpu_status(),
    );
    assert!(checks.iter().all(|check| check.passed), "{checks:?}");
    assert_eq!(verify_setup(), ExitCode::SUCCESS);
}

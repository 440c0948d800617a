//! # p05 · Verify a PyTorch-style setup
//!
//! **Question.** Install PyTorch and verify the installation.
//!
//! **Answer.** The usual check prints three things for a person to read: the version, the sum of
//! `[1, 2, 3]`, and whether CUDA is available. A check that a CI job can run must decide for
//! itself. Here each question becomes a [`Check`]: a name, what the project expects, what the
//! build showed, and whether the two agree. The checks compare exactly (the sum of `[1, 2, 3]` in
//! `f32` is 6 with no rounding at all), a failure is a line of the report rather than a panic, and
//! the program's exit code says whether every check passed. The few lines of the check, with a
//! `build.rs` that records the linked versions, go into a learner's own project.
//!
//! Run it with `cargo xtask run p05`.

use dfdx::prelude::*;
use kit::install::{gpu_status, linked_version, GpuStatus};
use std::io::{self, Write};
use std::process::ExitCode;

#[cfg_attr(feature = "answers", path = "../../../answers/p05-verify-pytorch.rs")]
pub mod exercises;

// ANCHOR: check
/// One line of a setup check's report: what was checked, what the project expects, what this
/// build showed, and whether the two agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What was checked: `"dfdx version"`.
    pub name: &'static str,
    /// What the project expects, in words: `"0.13.0"`.
    pub expected: String,
    /// What this build showed, in words: `"0.13.0"`, or why it could not tell.
    pub observed: String,
    /// Whether what was observed is what was expected.
    pub passed: bool,
}

/// What a project expects of its setup. A different project writes its own.
#[derive(Debug, Clone, Copy)]
pub struct Wanted {
    /// The exact version of dfdx the project was written for.
    pub dfdx: &'static str,
    /// Whether the project needs an NVIDIA GPU, or runs on the CPU alone.
    pub gpu: bool,
}

/// This course: dfdx 0.13.0, computing on the CPU.
pub const THIS_COURSE: Wanted = Wanted {
    dfdx: "0.13.0",
    gpu: false,
};
// ANCHOR_END: check

// ANCHOR: version
/// `torch.__version__`: the version of dfdx that Cargo linked, compared with the one wanted.
pub fn version_check(wanted: &str, linked: Option<&str>) -> Check {
    Check {
        name: "dfdx version",
        expected: wanted.to_string(),
        observed: linked.unwrap_or("dfdx is not in Cargo.lock").to_string(),
        passed: linked == Some(wanted),
    }
}
// ANCHOR_END: version

// ANCHOR: sum
/// `torch.tensor([1., 2., 3.]).sum()`: a sum computed on `dev`, compared with 6 exactly. Every
/// partial sum is a small integer, which `f32` holds without rounding, so the answer is 6 to
/// the last bit in any order of addition, and anything else is a fault.
pub fn sum_check<D: Device<f32>>(dev: &D) -> Check {
    let sum = dev.tensor([1.0f32, 2.0, 3.0]).sum::<Rank0, _>();
    let sum = sum.as_vec()[0]; // read back from whichever device computed it
    Check {
        name: "[1, 2, 3].sum()",
        expected: "6, exactly".to_string(),
        observed: sum.to_string(),
        passed: sum == 6.0,
    }
}
// ANCHOR_END: sum

// ANCHOR: gpu
/// `torch.cuda.is_available()`: whether this build can compute on a GPU, as `gpu_status` found
/// it. A CPU build passes unless the project needs a GPU; so does a CUDA build whose GPU did not
/// answer.
pub fn gpu_check(wanted: bool, status: &GpuStatus) -> Check {
    let observed = match status {
        GpuStatus::NotCompiled => "none: built without dfdx's `cuda` feature".to_string(),
        GpuStatus::Unavailable(reason) => format!("none: GPU 0 did not answer ({reason})"),
        GpuStatus::Available => "GPU 0 answered".to_string(),
    };
    Check {
        name: "GPU",
        expected: if wanted { "a GPU" } else { "none needed" }.to_string(),
        observed,
        passed: !wanted || *status == GpuStatus::Available,
    }
}
// ANCHOR_END: gpu

// ANCHOR: setup
/// The three checks of the PyTorch snippet, for a project that wants `wanted`. The sum runs on
/// the CPU, as `torch.tensor` does by default, so that it works whatever the GPU's state.
pub fn setup_checks(wanted: &Wanted, linked_dfdx: Option<&str>, gpu: &GpuStatus) -> Vec<Check> {
    vec![
        version_check(wanted.dfdx, linked_dfdx),
        sum_check(&Cpu::default()),
        gpu_check(wanted.gpu, gpu),
    ]
}
// ANCHOR_END: setup

// ANCHOR: report
/// Prints one line per check and a summary; returns whether every check passed. A failed check
/// is a `FAIL` line like any other, never a panic, so the report is always complete.
pub fn write_report(out: &mut dyn Write, checks: &[Check]) -> io::Result<bool> {
    let name_width = checks.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let expected_width = checks.iter().map(|c| c.expected.len()).max().unwrap_or(0);
    for check in checks {
        let verdict = if check.passed { "PASS" } else { "FAIL" };
        writeln!(
            out,
            "  {verdict}  {:<name_width$}  expected {:<expected_width$}  got {}",
            check.name, check.expected, check.observed
        )?;
    }
    let failed = checks.iter().filter(|c| !c.passed).count();
    if failed == 0 {
        writeln!(out, "  all {} checks passed", checks.len())?;
    } else {
        writeln!(out, "  {failed} of {} checks failed", checks.len())?;
    }
    Ok(failed == 0)
}
// ANCHOR_END: report

// ANCHOR: main
/// The `main` of a verification program in your own project (there, `fn main() -> ExitCode`):
/// the checks, their report on standard output, and exit code 1 if any check failed, so that a
/// CI step running the program fails with it. (This lesson's own `main` runs the walkthrough.)
pub fn verify_setup() -> ExitCode {
    let gpu = gpu_status();
    let checks = setup_checks(&THIS_COURSE, linked_version("dfdx"), &gpu);
    match write_report(&mut io::stdout().lock(), &checks) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) | Err(_) => ExitCode::FAILURE,
    }
}
// ANCHOR_END: main

// ANCHOR: exact
/// The `f32` sum of `values`, computed by dfdx on the CPU (from left to right, as it happens).
pub fn f32_sum(values: &[f32]) -> f32 {
    let dev = Cpu::default();
    let x = dev.tensor_from_vec(values.to_vec(), (values.len(),));
    x.sum::<Rank0, _>().array()
}
// ANCHOR_END: exact

/// Prints the lesson: this course's setup check, what "exactly" means for an `f32` sum, and the
/// same checks failing for a project that wants something else. Returns an error, which the
/// lesson's binary turns into exit code 2, if a check of this course's setup failed.
pub fn walkthrough(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "p05 · Verify a PyTorch-style setup")?;
    writeln!(out)?;

    let gpu = gpu_status();
    let checks = setup_checks(&THIS_COURSE, linked_version("dfdx"), &gpu);
    writeln!(
        out,
        "This course's setup (dfdx {}, no GPU needed):",
        THIS_COURSE.dfdx
    )?;
    let all_passed = write_report(out, &checks)?;
    writeln!(out)?;

    writeln!(
        out,
        "What \"exactly\" means for an f32 sum (dfdx on the CPU adds from left to right):"
    )?;
    let sums: [(&str, Vec<f32>, &str); 4] = [
        (
            "[1, 2, 3]",
            vec![1.0, 2.0, 3.0],
            "small integers: no addition rounds",
        ),
        (
            "ten times 0.1",
            vec![0.1; 10],
            "0.1 is not an f32, and each addition rounds",
        ),
        (
            "[1e8, 1, -1e8]",
            vec![1e8, 1.0, -1e8],
            "1e8 + 1 rounds back to 1e8",
        ),
        (
            "[1e8, -1e8, 1]",
            vec![1e8, -1e8, 1.0],
            "the same numbers in another order",
        ),
    ];
    for (values, data, why) in sums {
        let sum = f32_sum(&data);
        writeln!(out, "  {values:<14}  sums to {sum:<9}  {why}")?;
    }
    writeln!(out)?;

    // ANCHOR: demanding
    let demanding = Wanted {
        dfdx: "0.12.0",
        gpu: true,
    };
    let failing = setup_checks(&demanding, linked_version("dfdx"), &gpu);
    // ANCHOR_END: demanding
    writeln!(
        out,
        "The same build, checked for a project that wants dfdx {} and a GPU:",
        demanding.dfdx
    )?;
    write_report(out, &failing)?;

    if all_passed {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "this course's setup check failed: see the FAIL lines above",
        ))
    }
}

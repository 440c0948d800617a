//! One test per exercise, named as in `[package.metadata.lesson]`: `cargo xtask verify t19`.
//! What each test checks is in `tests/checks/mod.rs`.

mod checks;

use t19_high_level_api::exercises;

#[test]
fn clip_each_norm() {
    checks::clip_each_norm(|max_norm| exercises::ClipEachNorm { max_norm });
}

#[test]
fn l2_penalty() {
    checks::l2_penalty(|lambda| exercises::L2Penalty { lambda });
}

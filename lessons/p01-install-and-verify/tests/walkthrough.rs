//! The lesson's output is the snapshot the book shows: any change to it fails this test.

#[test]
fn output() {
    insta::assert_snapshot!("output", kit::capture(p01_install_and_verify::walkthrough));
}

//! The lesson's output is the snapshot the book shows: any change to it fails this test.

#[test]
fn output() {
    insta::assert_snapshot!("output", kit::capture(p01_install_and_verify::walkthrough));
}

#[test]
fn links_the_pinned_dfdx() {
    assert_eq!(
        p01_install_and_verify::linked_version("dfdx"),
        Some("0.13.0")
    );
}

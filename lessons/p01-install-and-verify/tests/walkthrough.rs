//! The lesson's output is the snapshot the book shows: any change to it fails this test.

#[test]
fn output() {
    let mut out = Vec::new();
    p01_install_and_verify::walkthrough(&mut out).expect("writing to a Vec cannot fail");
    let output = String::from_utf8(out).expect("the lesson prints UTF-8");
    insta::assert_snapshot!("output", output);
}

#[test]
fn links_the_pinned_dfdx() {
    assert_eq!(
        p01_install_and_verify::linked_version("dfdx"),
        Some("0.13.0")
    );
}

//! The lesson's output is the snapshot the book shows: any change to it fails this test.

#[test]
fn output() {
    let mut out = Vec::new();
    p02_add_function::walkthrough(&mut out).expect("writing to a Vec cannot fail");
    let output = String::from_utf8(out).expect("the lesson prints UTF-8");
    insta::assert_snapshot!("output", output);
}

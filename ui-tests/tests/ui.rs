//! Every case under `tests/ui/` must fail to compile with its `.stderr`.
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}

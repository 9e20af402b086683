#[cuda_macros::cuda_kernel(file = "../../../../ui-tests/tests/ui/kernels/bad.cu")]
mod bad {}
fn main() {}

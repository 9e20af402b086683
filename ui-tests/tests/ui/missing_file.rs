#[cuda_macros::cuda_kernel(file = "kernels/does_not_exist.cu")]
mod k {}
fn main() {}

//! The bench's CUDA kernels compute what the hand-written Rust computes,
//! on the executor and (when the back end can print it) as generated Rust,
//! at small sizes. No timing here: `cargo bench --bench cpu_backends` times.

use cuda_rt::Device;
use cudawasm_benches::generated;
use cudawasm_benches::hand::HostProblem;
use cudawasm_benches::launch::{check, executor_artifact, with_cpu_code, DeviceProblem};
use cudawasm_benches::workloads::{Kind, Sizes};

fn agrees(kind: Kind, artifact: &cuda_rt::KernelArtifact) -> Result<(), String> {
    let sizes = Sizes::QUICK;
    let mut host = HostProblem::new(kind, sizes);
    host.run();
    let dev = Device::cpu();
    let mut problem = DeviceProblem::new(&dev, kind, sizes)?;
    // Twice: reset must bring the output back to its initial state.
    for _ in 0..2 {
        problem.reset()?;
        problem.launch(&dev, artifact)?;
        check(kind, &sizes, &problem.output()?, &host.output())?;
    }
    Ok(())
}

#[test]
fn executor_matches_hand_written() {
    for kind in Kind::ALL {
        let result = executor_artifact(kind).and_then(|a| agrees(kind, &a));
        assert_eq!(result, Ok(()), "{}", kind.name());
    }
}

#[test]
fn generated_rust_matches_hand_written_where_available() {
    for kind in Kind::ALL {
        match generated::kernel(kind.name()) {
            Err(reason) => println!("{}: generated Rust unavailable: {reason}", kind.name()),
            Ok(code) => {
                let result =
                    executor_artifact(kind).and_then(|a| agrees(kind, &with_cpu_code(&a, code)));
                assert_eq!(result, Ok(()), "{}", kind.name());
            }
        }
    }
}

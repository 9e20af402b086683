//! Mutations of real kernels: seeded with `tests/conformance/*.cu` (see
//! `.ci/run`) and the CUDA dictionary `fuzz/cuda.dict`, so most inputs get
//! past the preprocessor and parser and exercise sema and the validator.
//! Includes resolve against `tests/conformance/include`. The first byte
//! chooses a few `-D` options, as users pass them.
#![no_main]

use cuda_compiler::source::SourceFile;
use cuda_compiler::Options;
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

fuzz_target!(|data: &[u8]| {
    let (flags, source) = match data.split_first() {
        Some((f, rest)) => (*f, rest),
        None => (0, data),
    };
    let mut opts = Options {
        include_dirs: vec![PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/conformance/include"
        ))],
        ..Options::default()
    };
    if flags & 1 != 0 {
        opts.defines.push(("BLOCK".into(), Some("128".into())));
    }
    if flags & 2 != 0 {
        opts.defines
            .push(("DATA_TYPE".into(), Some("double".into())));
    }
    if flags & 4 != 0 {
        opts.undefines.push("TILE_DIM".into());
    }
    if flags & 8 != 0 {
        opts.instances.push("reduce<float, 256>".into());
    }
    let text = String::from_utf8_lossy(source).into_owned();
    let checked = cuda_compiler::check(SourceFile::new("fuzz.cu", None, text), &opts);
    let _ = checked.render_diagnostics();
    if let Some(module) = &checked.module {
        let _ = cuda_compiler::ir::print::module_to_string(module);
        let _ = cuda_compiler::analysis::kernel_infos(module);
    }
});

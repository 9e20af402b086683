//! Any byte string through the whole front end (preprocess → parse → sema →
//! validate) must give a result or diagnostics: never a panic, never a hang.
#![no_main]

use cuda_compiler::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let checked = cuda_compiler::check(
        SourceFile::new("fuzz.cu", None, text),
        &cuda_compiler::Options::default(),
    );
    // Rendering walks every span through the source map: it must not panic.
    let _ = checked.render_diagnostics();
    if let Some(module) = &checked.module {
        let _ = cuda_compiler::ir::print::module_to_string(module);
        let _ = cuda_compiler::analysis::kernel_infos(module);
    }
});

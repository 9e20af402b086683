//! Reading the kernel entry points out of a PTX text: for messages that
//! list what a module offers, and for `cudawasm run --ptx`, which finds a
//! plan's kernels in a PTX file compiled elsewhere (nvcc's).

/// The `.entry` names of a PTX text (`.visible`, `.weak` or `.extern`
/// linkage), in order.
pub fn ptx_entry_names(ptx: &str) -> Vec<String> {
    ptx.lines()
        .filter_map(|line| {
            let mut rest = line.trim_start();
            for linkage in [".visible", ".weak", ".extern"] {
                rest = rest.strip_prefix(linkage).unwrap_or(rest).trim_start();
            }
            let rest = rest.strip_prefix(".entry")?;
            let name: String = rest
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '$')
                .collect();
            (!name.is_empty()).then_some(name)
        })
        .collect()
}

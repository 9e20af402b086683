//! Prints a kernel's facts (`KernelMeta`: memory objects, parameter slots,
//! module storage, fault locations) as a Rust constructor.

use super::super::locate;
use super::super::lower::{Lowered, ObjKind, ParamSlot};
use super::SourceInfo;
use std::fmt::Write;

fn obj_kind(k: &ObjKind, rt: &str) -> String {
    match k {
        // The null object: spelled so that it fits any `usize`.
        ObjKind::Module(usize::MAX) => format!("{rt}::exec::ObjKind::Module(usize::MAX)"),
        other => format!("{rt}::exec::ObjKind::{other:?}"),
    }
}

fn param(p: &ParamSlot, rt: &str) -> String {
    match p {
        ParamSlot::Scalar { reg, k } => {
            format!("{rt}::exec::ParamSlot::Scalar {{ reg: {reg}, k: {rt}::sem::K::{k:?} }}")
        }
        ParamSlot::Pointer { reg, obj } => {
            format!("{rt}::exec::ParamSlot::Pointer {{ reg: {reg}, obj: {obj} }}")
        }
        ParamSlot::Bytes { reg, leaves, size } => {
            let leaves: Vec<String> = leaves
                .iter()
                .map(|l| {
                    format!(
                        "{rt}::exec::Leaf {{ off: {}, k: {rt}::sem::K::{:?} }}",
                        l.off, l.k
                    )
                })
                .collect();
            format!(
                "{rt}::exec::ParamSlot::Bytes {{ reg: {reg}, leaves: vec![{}], size: {size} }}",
                leaves.join(", ")
            )
        }
    }
}

/// `fn meta() -> KernelMeta` and the location table it reads.
pub(super) fn print(l: &Lowered, name: &str, rt: &str, src: Option<SourceInfo<'_>>) -> String {
    let mut files: Vec<String> = Vec::new();
    let mut locs = String::new();
    for (pc, span) in l.program.spans.iter().enumerate() {
        if let Some(loc) = locate(src, *span) {
            let f = match files.iter().position(|f| *f == loc.file) {
                Some(i) => i,
                None => {
                    files.push(loc.file.clone());
                    files.len() - 1
                }
            };
            let _ = write!(locs, "({pc}, {f}, {}, {}), ", loc.line, loc.col);
        }
    }
    let files: Vec<String> = files.iter().map(|f| format!("{f:?}")).collect();
    let objects: Vec<String> = l
        .objects
        .iter()
        .map(|o| {
            format!(
                "        {rt}::exec::ObjDef {{ kind: {}, len: {}, space: {:?} }},\n",
                obj_kind(&o.kind, rt),
                o.len,
                o.space
            )
        })
        .collect();
    let params: Vec<String> = l
        .params
        .iter()
        .map(|p| format!("        {},\n", param(p, rt)))
        .collect();
    let storage: Vec<String> = l
        .module_storage
        .iter()
        .map(|b| format!("        {rt}::GlobalBuffer::from_bytes(&{b:?}),\n"))
        .collect();
    format!(
        "/// Source files of the fault locations.\n\
         const FILES: &[&str] = &[{files}];\n\n\
         /// Fault locations: (instruction, file, line, column).\n\
         const LOCATIONS: &[(u32, u32, u32, u32)] = &[{locs}];\n\n\
         /// The kernel's facts: memory objects, parameters, module storage.\n\
         fn meta() -> {rt}::exec::KernelMeta {{\n    \
         let mut locations = vec![None; {n}];\n    \
         for &(pc, file, line, col) in LOCATIONS {{\n        \
         if let (Some(slot), Some(file)) = (locations.get_mut(pc as usize), FILES.get(file as usize)) {{\n            \
         *slot = Some({rt}::SourceLoc {{ file: file.to_string(), line, col }});\n        }}\n    }}\n    \
         {rt}::exec::KernelMeta {{\n        \
         name: {name:?}.to_string(),\n        \
         objects: vec![\n{objects}        ],\n        \
         params: vec![\n{params}        ],\n        \
         storage: vec![\n{storage}        ],\n        \
         static_shared: {ss},\n        \
         regs: {regs},\n        \
         frame: {frame},\n        \
         locations,\n    }}\n}}\n\n",
        files = files.join(", "),
        n = l.program.spans.len(),
        objects = objects.concat(),
        params = params.concat(),
        storage = storage.concat(),
        ss = l.static_shared,
        regs = l.program.regs,
        frame = l.program.frame,
    )
}

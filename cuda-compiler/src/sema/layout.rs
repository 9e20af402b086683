//! Struct and union layout, exactly as nvcc lays them out.

use super::cx::{Completion, Decl, Sema, StructKey};
use super::types::with_space;
use crate::diag::Diagnostic;
use crate::ir::{self, AddrSpace, StructId, Type};
use crate::parse::ast;
use crate::source::Span;

/// Rounds `v` up to a multiple of `a` (a power of two, or 1).
pub(crate) fn align_up(v: u64, a: u64) -> u64 {
    if a <= 1 {
        v
    } else {
        v.div_ceil(a).saturating_mul(a)
    }
}

impl<'a> Sema<'a> {
    /// Lays a struct out (once) and returns its IR id.
    pub fn complete_struct(&mut self, key: StructKey, span: Span) -> Result<StructId, Diagnostic> {
        let Some(info) = self.struct_info(key) else {
            return Err(self.err(span, "unknown struct"));
        };
        match (info.completion, info.id) {
            (Completion::Done, Some(id)) | (Completion::InProgress, Some(id)) => return Ok(id),
            _ => {}
        }
        let def = info.def;
        let name = info.name.clone();
        let scope = info.scope;
        if def.members.is_none() {
            return Err(self
                .err(
                    span,
                    format!("incomplete type `{name}` used where a complete type is required"),
                )
                .with_label("only forward-declared"));
        }
        let id = StructId(self.module.structs.len() as u32);
        self.module.structs.push(ir::StructDef {
            name: name.clone(),
            fields: Vec::new(),
            size: 0,
            align: 1,
            is_union: def.kind == ast::StructKind::Union,
            span: def.span,
        });
        if let Some(s) = self.structs.get_mut(key.0) {
            s.completion = Completion::InProgress;
            s.id = Some(id);
        }
        let result = self.layout_fields(key, def, scope, id);
        if let Some(s) = self.structs.get_mut(key.0) {
            s.completion = Completion::Done;
        }
        result.map(|()| id)
    }

    fn layout_fields(
        &mut self,
        key: StructKey,
        def: &'a ast::StructDef,
        scope: super::cx::ScopeId,
        id: StructId,
    ) -> Result<(), Diagnostic> {
        let is_union = def.kind == ast::StructKind::Union;
        let mut fields: Vec<(String, Type, Option<u64>)> = Vec::new();
        let mut base_key = None;
        if def.bases.len() > 1 {
            return Err(self.unsupported(def.span, "multiple inheritance"));
        }
        if let Some(base) = def.bases.first() {
            let found = self.lookup_path(base, scope)?;
            let bk = match found.first() {
                Some(Decl::Struct(k)) => *k,
                Some(Decl::StructTemplate(t)) => {
                    let t = *t;
                    let args = base
                        .segments
                        .last()
                        .and_then(|s| s.args.clone())
                        .unwrap_or_default();
                    self.instantiate_struct_template(t, &args, scope, base.span)?
                }
                _ => {
                    return Err(self.err(
                        base.span,
                        format!("unknown base class `{}`", base.last_name()),
                    ))
                }
            };
            self.complete_struct(bk, base.span)?;
            if let Some(b) = self.struct_info(bk) {
                for (n, t) in &b.fields {
                    fields.push((n.clone(), t.clone(), None));
                }
            }
            base_key = Some(bk);
        }
        let mut decls: Vec<&'a ast::VarDecl> = Vec::new();
        for m in def.members.iter().flatten() {
            match m {
                ast::Member::Field(ds) => decls.extend(ds.iter().filter(|d| !d.quals.is_static)),
                ast::Member::Item(ast::Item {
                    kind: ast::ItemKind::Struct(inner),
                    span,
                }) if inner.name.is_none() => {
                    if inner.declarators.is_empty() {
                        return Err(self.unsupported(*span, "anonymous struct or union members"));
                    }
                    decls.extend(inner.declarators.iter());
                }
                ast::Member::Item(ast::Item {
                    kind: ast::ItemKind::Struct(inner),
                    ..
                }) => decls.extend(inner.declarators.iter()),
                _ => {}
            }
        }
        for d in decls {
            let q = self.resolve_type(&d.ty, scope)?;
            if q.reference {
                return Err(self.unsupported(d.span, "reference members"));
            }
            if q.ty == Type::Void {
                return Err(self.err(d.span, format!("field `{}` has type `void`", d.name.name)));
            }
            if contains_struct(&q.ty, id) {
                return Err(self.err(
                    d.span,
                    format!("field `{}` has incomplete type", d.name.name),
                ));
            }
            let align = match &d.quals.align {
                Some(e) => Some(self.const_eval_in(e, scope)?.as_int().clamp(1, 1 << 20) as u64),
                None => None,
            };
            fields.push((
                d.name.name.clone(),
                with_space(&q.ty, AddrSpace::Generic),
                align,
            ));
        }
        let struct_align = match &def.align {
            Some(e) => Some(self.const_eval_in(e, scope)?.as_int().clamp(1, 1 << 20) as u64),
            None => None,
        };
        let mut offset: u64 = 0;
        let mut max_align: u64 = 1;
        let mut ir_fields = Vec::new();
        for (name, ty, align) in &fields {
            let (size, a) = self.module.size_align(ty);
            let a = align.map_or(u64::from(a), |x| x.max(u64::from(a)));
            max_align = max_align.max(a);
            let at = if is_union { 0 } else { align_up(offset, a) };
            ir_fields.push(ir::Field {
                name: name.clone(),
                ty: ty.clone(),
                offset: u32::try_from(at).unwrap_or(u32::MAX),
            });
            let end = at.saturating_add(u64::from(size));
            offset = if is_union { offset.max(end) } else { end };
        }
        if let Some(a) = struct_align {
            max_align = max_align.max(a);
        }
        let size = if fields.is_empty() {
            1
        } else {
            align_up(offset, max_align)
        };
        let size = u32::try_from(size).map_err(|_| self.err(def.span, "struct is too large"))?;
        if let Some(s) = self.module.structs.get_mut(id.0 as usize) {
            s.fields = ir_fields;
            s.size = size;
            s.align = u32::try_from(max_align).unwrap_or(16);
        }
        if let Some(s) = self.structs.get_mut(key.0) {
            s.fields = fields.into_iter().map(|(n, t, _)| (n, t)).collect();
            s.base = base_key;
        }
        Ok(())
    }
}

/// Does `ty` hold struct `id` by value?
fn contains_struct(ty: &Type, id: StructId) -> bool {
    match ty {
        Type::Struct(s) => *s == id,
        Type::Array(e, _) => contains_struct(e, id),
        _ => false,
    }
}

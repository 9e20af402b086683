//! Name lookup in namespaces, struct member scopes and template bindings.

use super::cx::{Decl, ScopeId, Sema, StructKey};
use crate::ir::{Scalar, Type};
use crate::parse::ast;

/// Scalar-like built-in type names that CUDA headers declare.
const BUILTIN_TYPE_NAMES: &[(&str, Scalar)] = &[
    ("size_t", Scalar::U64),
    ("ptrdiff_t", Scalar::I64),
    ("intptr_t", Scalar::I64),
    ("uintptr_t", Scalar::U64),
    ("int8_t", Scalar::I8),
    ("uint8_t", Scalar::U8),
    ("int16_t", Scalar::I16),
    ("uint16_t", Scalar::U16),
    ("int32_t", Scalar::I32),
    ("uint32_t", Scalar::U32),
    ("int64_t", Scalar::I64),
    ("uint64_t", Scalar::U64),
    ("half", Scalar::F16),
    ("__half", Scalar::F16),
    ("__nv_bfloat16", Scalar::BF16),
    ("nv_bfloat16", Scalar::BF16),
];

/// Element scalars of the CUDA vector type families (`float4` is
/// `float` × 4); `make_float4` and friends use the same table.
pub(crate) const VECTOR_FAMILIES: &[(&str, Scalar)] = &[
    ("char", Scalar::I8),
    ("uchar", Scalar::U8),
    ("short", Scalar::I16),
    ("ushort", Scalar::U16),
    ("int", Scalar::I32),
    ("uint", Scalar::U32),
    ("long", Scalar::I64),
    ("ulong", Scalar::U64),
    ("longlong", Scalar::I64),
    ("ulonglong", Scalar::U64),
    ("float", Scalar::F32),
    ("double", Scalar::F64),
];

impl<'a> Sema<'a> {
    /// Declares CUDA's built-in type names in the global namespace (and the
    /// integer aliases in `std`).
    pub fn declare_builtin_types(&mut self) {
        let global = ScopeId(0);
        let std_ns = self.new_scope(Some(global), "std::".into());
        self.declare(global, "std", Decl::Namespace(std_ns));
        for (name, s) in BUILTIN_TYPE_NAMES {
            self.declare(global, name, Decl::Type(Type::Scalar(*s)));
            self.declare(std_ns, name, Decl::Type(Type::Scalar(*s)));
        }
        for (family, s) in VECTOR_FAMILIES {
            for n in 1..=4u8 {
                self.declare(
                    global,
                    &format!("{family}{n}"),
                    Decl::Type(Type::Vector(*s, n)),
                );
            }
        }
        self.declare(global, "dim3", Decl::Type(Type::Vector(Scalar::U32, 3)));
        self.declare(global, "half2", Decl::Type(Type::Vector(Scalar::F16, 2)));
        self.declare(global, "__half2", Decl::Type(Type::Vector(Scalar::F16, 2)));
        self.declare(
            global,
            "__nv_bfloat162",
            Decl::Type(Type::Vector(Scalar::BF16, 2)),
        );
        self.declare(
            global,
            "nv_bfloat162",
            Decl::Type(Type::Vector(Scalar::BF16, 2)),
        );
    }

    /// Declarations of `name` directly in `scope` or in namespaces it uses.
    pub fn lookup_in(&self, scope: ScopeId, name: &str) -> Vec<Decl<'a>> {
        let Some(data) = self.scope(scope) else {
            return Vec::new();
        };
        if let Some(found) = data.names.get(name) {
            if !found.is_empty() {
                return found.clone();
            }
        }
        if let Some(owner) = data.owner {
            if let Some(base) = self.struct_info(owner).and_then(|s| s.base) {
                if let Some(base_scope) = self.struct_info(base).map(|s| s.scope) {
                    let found = self.lookup_in(base_scope, name);
                    if !found.is_empty() {
                        return found;
                    }
                }
            }
        }
        let mut out = Vec::new();
        for u in &data.usings {
            if let Some(found) = self.scope(*u).and_then(|d| d.names.get(name)) {
                out.extend(found.iter().cloned());
            }
        }
        out
    }

    /// Unqualified lookup: the innermost scope that declares `name`.
    pub fn lookup(&self, scope: ScopeId, name: &str) -> Vec<Decl<'a>> {
        let mut cur = Some(scope);
        let mut steps = 0;
        while let Some(s) = cur {
            let found = self.lookup_in(s, name);
            if !found.is_empty() {
                return found;
            }
            cur = self.scope(s).and_then(|d| d.parent);
            steps += 1;
            if steps > 10_000 {
                break;
            }
        }
        Vec::new()
    }

    /// All names visible from a scope (for "did you mean" help).
    pub fn visible_names(&self, scope: ScopeId) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = Some(scope);
        let mut steps = 0;
        while let Some(s) = cur {
            if let Some(d) = self.scope(s) {
                out.extend(d.names.keys().cloned());
                for u in &d.usings {
                    if let Some(ud) = self.scope(*u) {
                        out.extend(ud.names.keys().cloned());
                    }
                }
                cur = d.parent;
            } else {
                cur = None;
            }
            steps += 1;
            if steps > 10_000 {
                break;
            }
        }
        out
    }

    /// The member scope a declaration opens for qualified lookup
    /// (`ns::x`, `Foo::x`, `E::A`, `T::value_type`).
    pub fn scope_of_decl(&mut self, decl: &Decl<'a>) -> Option<ScopeId> {
        match decl {
            Decl::Namespace(s) => Some(*s),
            Decl::Struct(k) => self.struct_info(*k).map(|s| s.scope),
            Decl::Enum { scope, .. } => *scope,
            Decl::Type(Type::Struct(id)) => {
                let key = self.struct_key_of(*id)?;
                self.struct_info(key).map(|s| s.scope)
            }
            Decl::Typedef { ty, scope } => {
                let t = self.resolve_type(ty, *scope).ok()?;
                self.scope_of_decl(&Decl::Type(t.ty))
            }
            _ => None,
        }
    }

    /// Resolves all but the last segment of a qualified path to a scope and
    /// looks the last name up there; one-segment paths use unqualified
    /// lookup from `scope`.
    pub fn lookup_path(
        &mut self,
        path: &ast::Path,
        scope: ScopeId,
    ) -> Result<Vec<Decl<'a>>, crate::diag::Diagnostic> {
        let n = path.segments.len();
        if n == 0 {
            return Err(self.err(path.span, "expected a name"));
        }
        if n == 1 && !path.global {
            return Ok(self.lookup(scope, path.last_name()));
        }
        let mut cur = ScopeId(0);
        for (i, seg) in path.segments.iter().take(n - 1).enumerate() {
            let found = if i == 0 && !path.global {
                self.lookup(scope, &seg.ident.name)
            } else {
                self.lookup_in(cur, &seg.ident.name)
            };
            let decl = match (found.first(), &seg.args) {
                (Some(Decl::StructTemplate(t)), Some(args)) => {
                    let t = *t;
                    let key = self.instantiate_struct_template(t, args, scope, seg.ident.span)?;
                    Decl::Struct(key)
                }
                (Some(Decl::Struct(k)), Some(args))
                    if self.struct_info(*k).is_some_and(|s| s.template.is_some()) =>
                {
                    // The injected class name used with other arguments.
                    let tid = self
                        .struct_info(*k)
                        .and_then(|s| s.template.as_ref().map(|t| t.0));
                    match tid {
                        Some(t) => Decl::Struct(self.instantiate_struct_template(
                            t,
                            args,
                            scope,
                            seg.ident.span,
                        )?),
                        None => Decl::Struct(*k),
                    }
                }
                (Some(d), _) => d.clone(),
                (None, _) => {
                    return Err(self.err(
                        seg.ident.span,
                        format!("use of undeclared identifier `{}`", seg.ident.name),
                    ))
                }
            };
            if let Decl::Struct(k) = decl {
                self.complete_struct(k, seg.ident.span)?;
            }
            cur = match self.scope_of_decl(&decl) {
                Some(s) => s,
                None => {
                    return Err(self.err(
                        seg.ident.span,
                        format!("`{}` is not a namespace, class or enum", seg.ident.name),
                    ))
                }
            };
        }
        Ok(self.lookup_in(cur, path.last_name()))
    }

    /// Does the struct (or a base) have a field of this name? Returns the
    /// field path (indices from the outermost struct) and its type.
    pub fn find_field(&self, key: StructKey, name: &str) -> Option<(u32, Type)> {
        let info = self.struct_info(key)?;
        info.fields
            .iter()
            .position(|(n, _)| n == name)
            .and_then(|i| info.fields.get(i).map(|(_, t)| (i as u32, t.clone())))
    }
}

/// The closest candidate by edit distance, if close enough to suggest.
pub(crate) fn similar_name<'n>(
    name: &str,
    candidates: impl Iterator<Item = &'n str>,
) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == name || c.starts_with("operator") {
            continue;
        }
        let d = edit_distance(name, c);
        let limit = (name.len().max(c.len()) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

/// Levenshtein distance.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = sub.min(del).min(ins);
            }
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

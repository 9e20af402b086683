//! The state of one sema run: declarations, scopes, structs, templates and
//! the module under construction.

use crate::diag::Diagnostic;
use crate::ir::{self, FuncId, GlobalId, Scalar, Type};
use crate::parse::ast;
use crate::source::{ExpansionMap, Span};
use std::collections::HashMap;

/// Index of a scope in [`Sema::scopes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct ScopeId(pub usize);

/// Index of a function declaration in [`Sema::fns`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct FnDeclId(pub usize);

/// Index of a struct in [`Sema::structs`] (one per instance for templates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct StructKey(pub usize);

/// Index of a class template in [`Sema::struct_templates`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct StructTemplateId(pub usize);

/// A compile-time constant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ConstVal {
    /// An integer or bool of a scalar type (value wrapped to that type).
    Int(i128, Scalar),
    /// A floating value of a floating scalar type.
    Float(f64, Scalar),
}

impl ConstVal {
    /// The scalar type of the constant.
    pub fn scalar(self) -> Scalar {
        match self {
            ConstVal::Int(_, s) | ConstVal::Float(_, s) => s,
        }
    }

    /// Is it nonzero (its truth value)?
    pub fn truthy(self) -> bool {
        match self {
            ConstVal::Int(v, _) => v != 0,
            ConstVal::Float(v, _) => v != 0.0,
        }
    }

    /// The value as an integer (floats truncate toward zero).
    pub fn as_int(self) -> i128 {
        match self {
            ConstVal::Int(v, _) => v,
            ConstVal::Float(v, _) => v as i128,
        }
    }

    /// The IR literal.
    pub fn literal(self) -> ir::Literal {
        match self {
            ConstVal::Int(v, Scalar::Bool) => ir::Literal::Bool(v != 0),
            ConstVal::Int(v, s) => ir::Literal::Int(v, s),
            ConstVal::Float(v, s) => ir::Literal::Float(v, s),
        }
    }
}

/// A template argument after resolution.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum TArg {
    /// A type.
    Type(Type),
    /// An integral or bool value.
    Value(i128, Scalar),
}

/// A named entity.
#[derive(Debug, Clone)]
pub(crate) enum Decl<'a> {
    /// A namespace (its scope).
    Namespace(ScopeId),
    /// A function or function template (one member of an overload set).
    Function(FnDeclId),
    /// A struct, union or class (or class template instance).
    Struct(StructKey),
    /// A class template.
    StructTemplate(StructTemplateId),
    /// An enum type; scoped enums have their enumerators in `scope`.
    Enum {
        /// The underlying integer type.
        underlying: Scalar,
        /// The scope of a scoped enum's enumerators.
        scope: Option<ScopeId>,
        /// `enum class`: no implicit conversion to integers.
        scoped: bool,
    },
    /// A typedef or alias, resolved where it is used in its own scope.
    Typedef {
        /// The aliased type as written.
        ty: &'a ast::Type,
        /// The scope it was declared in.
        scope: ScopeId,
    },
    /// A resolved type (template type parameter binding).
    Type(Type),
    /// A constant (enumerator, template value parameter, folded constant).
    Const(ConstVal),
    /// A namespace-scope variable that is not device memory (host globals,
    /// `const`/`constexpr` constants, static members), evaluated on use.
    Var {
        /// The declaration.
        decl: &'a ast::VarDecl,
        /// The scope it was declared in.
        scope: ScopeId,
    },
    /// Device memory: `__device__`, `__constant__`, `__shared__` globals.
    Global(GlobalId, Type),
}

/// One scope of names: a namespace, a struct's members or template
/// parameter bindings.
#[derive(Debug, Default)]
pub(crate) struct ScopeData<'a> {
    /// The enclosing scope.
    pub parent: Option<ScopeId>,
    /// Names declared here (several for overloads).
    pub names: HashMap<String, Vec<Decl<'a>>>,
    /// `using namespace` directives in this scope.
    pub usings: Vec<ScopeId>,
    /// The qualified prefix for names declared here (`a::b::`).
    pub prefix: String,
    /// Set for a struct's member scope.
    pub owner: Option<StructKey>,
}

/// A function declaration (or template) with where it lives.
#[derive(Debug, Clone)]
pub(crate) struct FnDecl<'a> {
    /// The definition.
    pub def: &'a ast::FunctionDef,
    /// Template parameters (`None` for a plain function).
    pub template: Option<&'a [ast::TemplateParam]>,
    /// Explicit template arguments of a full specialisation `f<float>`.
    pub spec_args: Option<&'a [ast::TemplateArg]>,
    /// The lexical scope its names resolve in.
    pub scope: ScopeId,
    /// The struct it is a member of.
    pub owner: Option<StructKey>,
    /// The plain name (`f`, `operator+`, `Foo` for constructors).
    pub name: String,
}

impl FnDecl<'_> {
    /// Is it callable from device code?
    pub fn is_device(&self) -> bool {
        let q = &self.def.quals;
        q.device || q.global || (q.constexpr && !q.host)
    }
}

/// How far a struct's layout has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Completion {
    /// Fields not yet resolved.
    Pending,
    /// Resolving (a cycle here is an incomplete type).
    InProgress,
    /// Laid out.
    Done,
}

/// A struct (or class template instance) known to sema.
#[derive(Debug, Clone)]
pub(crate) struct StructInfo<'a> {
    /// The definition (`None` members for a forward declaration).
    pub def: &'a ast::StructDef,
    /// The rendered name (`Vec<float, 4>`).
    pub name: String,
    /// Member scope (nested types, static constants, methods).
    pub scope: ScopeId,
    /// The IR struct once laid out.
    pub id: Option<ir::StructId>,
    /// Field names and types once laid out.
    pub fields: Vec<(String, Type)>,
    /// Base class (its fields come first).
    pub base: Option<StructKey>,
    /// Layout state.
    pub completion: Completion,
    /// Class template and arguments it came from.
    pub template: Option<(StructTemplateId, Vec<TArg>)>,
}

/// A class template.
#[derive(Debug, Clone)]
pub(crate) struct StructTemplate<'a> {
    /// Its parameters.
    pub params: &'a [ast::TemplateParam],
    /// The primary definition.
    pub def: &'a ast::StructDef,
    /// The scope it was declared in.
    pub scope: ScopeId,
    /// Full specialisations: written arguments and definition.
    pub specs: Vec<&'a ast::StructDef>,
    /// A partial specialisation was declared (unsupported).
    pub partial: Option<Span>,
    /// Instances by argument list.
    pub instances: HashMap<Vec<TArg>, StructKey>,
    /// Rendered name (`Vec`).
    pub name: String,
}

/// What identifies one IR function instance.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct InstanceKey {
    /// The declaration.
    pub decl: FnDeclId,
    /// Template arguments.
    pub targs: Vec<TArg>,
    /// IR parameter types (pointer spaces included), `this` first for
    /// methods.
    pub params: Vec<Type>,
}

/// A lowered (or in-progress) instance.
#[derive(Debug, Clone)]
pub(crate) struct InstanceInfo {
    /// Its id.
    pub func: FuncId,
    /// Result type (a pointer for reference returns).
    pub result: Type,
    /// The result is a reference (the call is an lvalue).
    pub returns_ref: bool,
}

/// The whole state of lowering one translation unit.
pub(crate) struct Sema<'a> {
    /// The source map for diagnostics.
    pub map: &'a ExpansionMap,
    /// The preprocessed text (to find operator tokens for diagnostics).
    pub text: &'a str,
    /// The module under construction.
    pub module: ir::Module,
    /// All scopes; `ScopeId(0)` is the global namespace.
    pub scopes: Vec<ScopeData<'a>>,
    /// Function declarations.
    pub fns: Vec<FnDecl<'a>>,
    /// Structs and class template instances.
    pub structs: Vec<StructInfo<'a>>,
    /// Class templates.
    pub struct_templates: Vec<StructTemplate<'a>>,
    /// Function instances.
    pub instances: HashMap<InstanceKey, InstanceInfo>,
    /// Instances being lowered (for recursion detection).
    pub in_progress: Vec<InstanceKey>,
    /// `__shared__` locals already made globals, by (function name, span).
    pub shared_locals: HashMap<(String, u32, u32), GlobalId>,
    /// The one dynamic shared region.
    pub dynamic_shared: Option<GlobalId>,
    /// Errors.
    pub errors: Vec<Diagnostic>,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// Nesting depth of instantiation (guards against runaway templates).
    pub depth: u32,
    /// Host function bodies found inside structs (scanned for launches).
    pub member_host_bodies: Vec<(&'a ast::Block, ScopeId)>,
    /// Template parameter binding scopes, by (parameter list address,
    /// arguments).
    pub bind_scopes: HashMap<(usize, Vec<TArg>), ScopeId>,
}

impl<'a> Sema<'a> {
    /// A fresh state with the global namespace.
    pub fn new(map: &'a ExpansionMap, text: &'a str) -> Self {
        Self {
            map,
            text,
            module: ir::Module::default(),
            scopes: vec![ScopeData::default()],
            fns: Vec::new(),
            structs: Vec::new(),
            struct_templates: Vec::new(),
            instances: HashMap::new(),
            in_progress: Vec::new(),
            shared_locals: HashMap::new(),
            dynamic_shared: None,
            errors: Vec::new(),
            warnings: Vec::new(),
            depth: 0,
            bind_scopes: HashMap::new(),
            member_host_bodies: Vec::new(),
        }
    }

    /// An error at a span of the preprocessed text.
    pub fn err(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message).at_expanded(span, self.map)
    }

    /// The span of the operator token between two operands.
    pub fn op_span(&self, lhs: Span, rhs: Span) -> Span {
        let bytes = self.text.as_bytes();
        let mut i = lhs.hi as usize;
        let end = (rhs.lo as usize).min(bytes.len());
        while i < end
            && bytes
                .get(i)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b')')
        {
            i += 1;
        }
        let mut j = i;
        while j < end
            && bytes.get(j).is_some_and(|b| {
                !b.is_ascii_whitespace() && !b.is_ascii_alphanumeric() && *b != b'(' && *b != b'_'
            })
        {
            j += 1;
        }
        if i >= end || j <= i {
            return lhs.to(rhs);
        }
        Span::new(i as u32, j as u32)
    }

    /// An `unsupported: …` error at a span.
    pub fn unsupported(&self, span: Span, what: impl std::fmt::Display) -> Diagnostic {
        Diagnostic::unsupported(what).at_expanded(span, self.map)
    }

    /// Records an error.
    pub fn report(&mut self, d: Diagnostic) {
        self.errors.push(d);
    }

    /// Adds a new scope.
    pub fn new_scope(&mut self, parent: Option<ScopeId>, prefix: String) -> ScopeId {
        self.scopes.push(ScopeData {
            parent,
            prefix,
            ..ScopeData::default()
        });
        ScopeId(self.scopes.len() - 1)
    }

    /// Declares a name in a scope.
    pub fn declare(&mut self, scope: ScopeId, name: &str, decl: Decl<'a>) {
        if let Some(s) = self.scopes.get_mut(scope.0) {
            s.names.entry(name.to_string()).or_default().push(decl);
        }
    }

    /// The scope data.
    pub fn scope(&self, id: ScopeId) -> Option<&ScopeData<'a>> {
        self.scopes.get(id.0)
    }

    /// The struct info.
    pub fn struct_info(&self, key: StructKey) -> Option<&StructInfo<'a>> {
        self.structs.get(key.0)
    }

    /// The struct key behind an IR struct id.
    pub fn struct_key_of(&self, id: ir::StructId) -> Option<StructKey> {
        self.structs
            .iter()
            .position(|s| s.id == Some(id))
            .map(StructKey)
    }

    /// The CUDA spelling of an IR type (`float`, `unsigned int*`, `Foo`).
    pub fn type_name(&self, ty: &Type) -> String {
        match ty {
            Type::Void => "void".into(),
            Type::Scalar(s) => s.cuda_name().into(),
            Type::Vector(s, n) => vector_name(*s, *n),
            Type::Pointer {
                pointee, read_only, ..
            } => {
                let inner = self.type_name(pointee);
                if *read_only {
                    format!("const {inner}*")
                } else {
                    format!("{inner}*")
                }
            }
            Type::Array(elem, n) => format!("{}[{n}]", self.type_name(elem)),
            Type::Struct(id) => self
                .module
                .structs
                .get(id.0 as usize)
                .map_or_else(|| "struct".into(), |s| s.name.clone()),
        }
    }

    /// Renders a template argument list `<float, 256>`.
    pub fn render_targs(&self, args: &[TArg]) -> String {
        let parts: Vec<String> = args.iter().map(|a| self.render_targ(a)).collect();
        format!("<{}>", parts.join(", "))
    }

    /// Renders one template argument.
    pub fn render_targ(&self, a: &TArg) -> String {
        match a {
            TArg::Type(t) => self.type_name(t),
            TArg::Value(v, Scalar::Bool) => (if *v != 0 { "true" } else { "false" }).into(),
            TArg::Value(v, _) => v.to_string(),
        }
    }
}

/// CUDA's name of a vector type (`float4`, `uchar2`, `half2`).
pub(crate) fn vector_name(s: Scalar, n: u8) -> String {
    let base = match s {
        Scalar::I8 => "char",
        Scalar::U8 => "uchar",
        Scalar::I16 => "short",
        Scalar::U16 => "ushort",
        Scalar::I32 => "int",
        Scalar::U32 => "uint",
        Scalar::I64 => "longlong",
        Scalar::U64 => "ulonglong",
        Scalar::F16 => "half",
        Scalar::BF16 => "nv_bfloat16",
        Scalar::F32 => "float",
        Scalar::F64 => "double",
        Scalar::Bool => "bool",
    };
    format!("{base}{n}")
}

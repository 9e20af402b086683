//! The syntax tree of a CUDA C++ translation unit.
//!
//! The tree is close to the source: declarations keep their C declarator
//! shape resolved into a [`Type`], templates are kept unexpanded, names are
//! unresolved [`Path`]s. Sema gives it meaning. Every node carries a [`Span`]
//! into the preprocessed text.
//!
//! Code that is not device code and does not parse as the strict subset
//! (host `main` with STL, classes with virtuals, …) is kept as
//! [`ItemKind::HostCode`]: skipped over as balanced tokens, never compiled.

use crate::source::Span;

/// An identifier with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    /// The name.
    pub name: String,
    /// Where it is.
    pub span: Span,
}

/// A whole `.cu` file after preprocessing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TranslationUnit {
    /// Top-level items in order.
    pub items: Vec<Item>,
}

/// A top-level (or namespace-level, or class-level) item.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// What it is.
    pub kind: ItemKind,
    /// The whole item.
    pub span: Span,
}

/// The kinds of item.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemKind {
    /// A function definition or declaration (also methods defined out of
    /// line, whose name is a qualified path).
    Function(FunctionDef),
    /// Global variables: `__shared__`, `__constant__`, `__device__`, or host.
    Var(Vec<VarDecl>),
    /// `struct`/`class`/`union` definition (or forward declaration).
    Struct(StructDef),
    /// `enum` / `enum class`.
    Enum(EnumDef),
    /// `typedef T name;` or `using name = T;`.
    Typedef(TypedefDecl),
    /// `template<…> item`, including `template<>` specialisations.
    Template(TemplateDecl),
    /// `template void f<float>(float*);` (explicit instantiation).
    ExplicitInstantiation(Box<Item>),
    /// `namespace a { … }` (anonymous when `name` is `None`).
    Namespace {
        /// The namespace name.
        name: Option<Ident>,
        /// Its items.
        items: Vec<Item>,
    },
    /// `using namespace a::b;`
    UsingNamespace(Path),
    /// `using a::b;`
    UsingDecl(Path),
    /// `static_assert(cond, "msg");`
    StaticAssert(StaticAssert),
    /// `extern "C" { … }` or `extern "C" item`.
    LinkageBlock(Vec<Item>),
    /// Host-only code kept as balanced tokens; never compiled. `reason` says
    /// why it was not parsed strictly (for `--emit ast` and debugging).
    HostCode {
        /// Why the strict parse was not used.
        reason: String,
    },
    /// A stray `;`.
    Empty,
}

/// `static_assert(cond[, "message"])`.
#[derive(Debug, Clone, PartialEq)]
pub struct StaticAssert {
    /// The condition, a constant expression.
    pub cond: Expr,
    /// The message, if given.
    pub message: Option<String>,
}

/// Execution-space and other qualifiers on a function.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FnQualifiers {
    /// `__global__`
    pub global: bool,
    /// `__device__`
    pub device: bool,
    /// `__host__`
    pub host: bool,
    /// `__forceinline__`
    pub forceinline: bool,
    /// `__noinline__`
    pub noinline: bool,
    /// `inline`
    pub inline: bool,
    /// `static`
    pub is_static: bool,
    /// `extern`
    pub is_extern: bool,
    /// `constexpr`
    pub constexpr: bool,
    /// `virtual`
    pub is_virtual: bool,
    /// `explicit`
    pub explicit: bool,
    /// `__launch_bounds__(max_threads[, min_blocks[, max_blocks_per_cluster]])`
    pub launch_bounds: Option<Vec<Expr>>,
}

/// A function parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Its type (arrays decay later, in sema).
    pub ty: Type,
    /// Its name, if it has one.
    pub name: Option<Ident>,
    /// A default argument.
    pub default: Option<Expr>,
    /// The whole parameter.
    pub span: Span,
}

/// The body of a function.
#[derive(Debug, Clone, PartialEq)]
pub enum FnBody {
    /// Parsed statements.
    Block(Block),
    /// Host code that did not parse as the strict subset: balanced tokens,
    /// never compiled. Device functions never get this form.
    Host(Span),
    /// `= default` / `= delete`.
    Defaulted,
}

/// A function (free, member, or out-of-line member) definition or
/// declaration. Constructors have `ret == None`; operators are named
/// `operator+` etc.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionDef {
    /// Qualifiers (`__global__`, `__device__`, …).
    pub quals: FnQualifiers,
    /// Return type; `None` for constructors and destructors.
    pub ret: Option<Type>,
    /// The name, possibly qualified (`Foo::bar`) or an operator
    /// (`operator+`), possibly with explicit template arguments for a
    /// specialisation (`foo<float>`).
    pub name: Path,
    /// Parameters (an empty list for `(void)`).
    pub params: Vec<Param>,
    /// `...` after the parameters.
    pub variadic: bool,
    /// A `const` member function.
    pub is_const: bool,
    /// Constructor member initialisers `: a(x), b{y}`.
    pub member_inits: Vec<(Ident, Vec<Expr>)>,
    /// The body; `None` for a declaration.
    pub body: Option<FnBody>,
    /// The whole function.
    pub span: Span,
}

/// Storage and CUDA memory-space qualifiers on a variable.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VarQualifiers {
    /// `__shared__`
    pub shared: bool,
    /// `__constant__`
    pub constant: bool,
    /// `__device__` (on a variable: a global in device memory)
    pub device: bool,
    /// `__managed__`
    pub managed: bool,
    /// `extern`
    pub is_extern: bool,
    /// `static`
    pub is_static: bool,
    /// `constexpr`
    pub constexpr: bool,
    /// `register` (ignored)
    pub register: bool,
    /// `thread_local`
    pub thread_local: bool,
    /// `alignas(N)` / `__align__(N)`
    pub align: Option<Expr>,
}

/// A variable declaration (one declarator of a declaration).
#[derive(Debug, Clone, PartialEq)]
pub struct VarDecl {
    /// Qualifiers shared by the declaration.
    pub quals: VarQualifiers,
    /// The full type of this declarator.
    pub ty: Type,
    /// The declared name.
    pub name: Ident,
    /// The initialiser.
    pub init: Option<Initializer>,
    /// The declarator with its initialiser.
    pub span: Span,
}

/// An initialiser.
#[derive(Debug, Clone, PartialEq)]
pub enum Initializer {
    /// `= expr`
    Expr(Expr),
    /// `= { a, b, … }` or `{ a, b }` (elements may be nested lists or
    /// designated `.x = v`).
    List(Vec<InitElem>, Span),
    /// `T x(a, b)` constructor-style.
    Ctor(Vec<Expr>, Span),
}

/// One element of a braced initialiser list.
#[derive(Debug, Clone, PartialEq)]
pub struct InitElem {
    /// `.field =` designator, if any.
    pub designator: Option<Ident>,
    /// The value.
    pub value: Initializer,
}

/// `struct`, `class` or `union`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructKind {
    /// `struct`
    Struct,
    /// `class` (members private by default; irrelevant to device code)
    Class,
    /// `union`
    Union,
}

/// A struct/class/union definition or forward declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// Which keyword.
    pub kind: StructKind,
    /// The tag name; `None` for anonymous structs.
    pub name: Option<Ident>,
    /// Template arguments of a specialisation, `struct Foo<float> { … }`.
    pub spec_args: Option<Vec<TemplateArg>>,
    /// Base classes.
    pub bases: Vec<Path>,
    /// Members; `None` for a forward declaration.
    pub members: Option<Vec<Member>>,
    /// `__align__(N)` / `alignas(N)` on the struct.
    pub align: Option<Expr>,
    /// Variables declared after the closing brace: `struct {…} a, b;`.
    pub declarators: Vec<VarDecl>,
    /// The whole definition.
    pub span: Span,
}

/// A member of a struct.
#[derive(Debug, Clone, PartialEq)]
pub enum Member {
    /// Data members (one declaration may declare several), or `static`
    /// constants.
    Field(Vec<VarDecl>),
    /// Member functions, constructors, operators.
    Method(FunctionDef),
    /// Nested items: typedefs, nested structs, enums, templates.
    Item(Item),
    /// `public:` etc.; kept so member order is exact.
    Access(Span),
}

/// An enum definition.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// The tag name.
    pub name: Option<Ident>,
    /// `enum class`
    pub scoped: bool,
    /// `: int`
    pub underlying: Option<Type>,
    /// Enumerators with optional values.
    pub variants: Vec<(Ident, Option<Expr>)>,
    /// The whole definition.
    pub span: Span,
}

/// `typedef T name;` or `using name = T;`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedefDecl {
    /// The new name.
    pub name: Ident,
    /// The aliased type.
    pub ty: Type,
    /// The whole declaration.
    pub span: Span,
}

/// A template parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplateParam {
    /// `typename T = default` / `class T`.
    Type {
        /// Its name.
        name: Ident,
        /// Default argument.
        default: Option<Type>,
    },
    /// `int N = default`, `unsigned BLOCK`, `bool B`, `typename T::x N`.
    Value {
        /// Its type.
        ty: Type,
        /// Its name.
        name: Ident,
        /// Default argument.
        default: Option<Expr>,
    },
    /// `typename... Ts` and other forms sema rejects as unsupported.
    Unsupported {
        /// What it is, for the error message.
        what: String,
        /// Where.
        span: Span,
    },
}

/// `template<params> item`.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateDecl {
    /// Parameters (empty for `template<>` specialisations).
    pub params: Vec<TemplateParam>,
    /// The templated item.
    pub item: Box<Item>,
}

/// A template argument; the parser guesses type vs value where the text is
/// unambiguous and sema decides for bare names.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplateArg {
    /// A type (`float`, `T*`, `Foo<int>`).
    Type(Type),
    /// A value (`256`, `N * 2`), or a bare name that may name a type.
    Expr(Expr),
}

/// A possibly qualified, possibly templated name: `::a::b<int>::c`.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// A leading `::`.
    pub global: bool,
    /// The segments.
    pub segments: Vec<PathSegment>,
    /// The whole path.
    pub span: Span,
}

impl Path {
    /// The last segment's name.
    pub fn last_name(&self) -> &str {
        self.segments.last().map_or("", |s| s.ident.name.as_str())
    }

    /// A one-segment path without template arguments.
    pub fn simple(ident: Ident) -> Self {
        let span = ident.span;
        Self {
            global: false,
            segments: vec![PathSegment { ident, args: None }],
            span,
        }
    }

    /// Renders the path as written (without spaces).
    pub fn display(&self) -> String {
        let mut s = String::new();
        if self.global {
            s.push_str("::");
        }
        for (i, seg) in self.segments.iter().enumerate() {
            if i > 0 {
                s.push_str("::");
            }
            s.push_str(&seg.ident.name);
            if let Some(args) = &seg.args {
                s.push_str(&format!("<{} args>", args.len()));
            }
        }
        s
    }
}

/// One segment of a [`Path`].
#[derive(Debug, Clone, PartialEq)]
pub struct PathSegment {
    /// The name (`operator+` for operators, `~Foo` for destructors).
    pub ident: Ident,
    /// Template arguments, `<…>`.
    pub args: Option<Vec<TemplateArg>>,
}

/// Built-in arithmetic types, normalised from their keyword spellings
/// (`unsigned` = `unsigned int`, `long long int` = `long long`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BuiltinType {
    /// `void`
    Void,
    /// `bool`
    Bool,
    /// `char`
    Char,
    /// `signed char`
    SChar,
    /// `unsigned char`
    UChar,
    /// `short`
    Short,
    /// `unsigned short`
    UShort,
    /// `int`
    Int,
    /// `unsigned int`
    UInt,
    /// `long` (64-bit on the Linux targets nvcc uses)
    Long,
    /// `unsigned long`
    ULong,
    /// `long long`
    LongLong,
    /// `unsigned long long`
    ULongLong,
    /// `float`
    Float,
    /// `double`
    Double,
    /// `long double` (sema rejects it in device code)
    LongDouble,
}

/// A type as written: base plus declarator parts, already composed.
#[derive(Debug, Clone, PartialEq)]
pub struct Type {
    /// The shape.
    pub kind: TypeKind,
    /// `const`
    pub is_const: bool,
    /// `volatile`
    pub is_volatile: bool,
    /// Where it was written.
    pub span: Span,
}

/// The shapes of a written type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A keyword type.
    Builtin(BuiltinType),
    /// A named type (`float4`, `half`, `T`, `Foo<int>`, `typename T::value`,
    /// `std::size_t`).
    Named(Path),
    /// `auto`
    Auto,
    /// `decltype(expr)`
    Decltype(Box<Expr>),
    /// `T*` (with `__restrict__` on the pointer itself).
    Pointer {
        /// The pointee.
        pointee: Box<Type>,
        /// `__restrict__` / `restrict`
        restrict: bool,
    },
    /// `T&` (`rvalue` for `T&&`).
    Reference {
        /// The referenced type.
        referee: Box<Type>,
        /// `&&`
        rvalue: bool,
    },
    /// `T[N]` (`len` is `None` for `T[]`).
    Array {
        /// Element type.
        elem: Box<Type>,
        /// Length expression.
        len: Option<Box<Expr>>,
    },
    /// A function type (for function pointers; sema rejects them in device
    /// code).
    Function {
        /// Return type.
        ret: Box<Type>,
        /// Parameter types.
        params: Vec<Type>,
    },
    /// An inline struct/enum definition used as a type (`struct {…} x;`).
    Inline(Box<Item>),
}

/// A braced block.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The statements.
    pub stmts: Vec<Stmt>,
    /// From `{` to `}`.
    pub span: Span,
}

/// A statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    /// What it is.
    pub kind: StmtKind,
    /// The whole statement.
    pub span: Span,
}

/// The kinds of statement.
#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    /// A local declaration (`int a = 1, *b;`, `__shared__ float t[32];`).
    Decl(Vec<VarDecl>),
    /// A local item: `typedef`, `using`, struct, enum, `static_assert`.
    Item(Item),
    /// An expression statement.
    Expr(Expr),
    /// `{ … }`
    Block(Block),
    /// `if (cond) then else`, `if constexpr`.
    If {
        /// `if constexpr`
        constexpr: bool,
        /// The condition.
        cond: Expr,
        /// Then branch.
        then: Box<Stmt>,
        /// Else branch.
        else_: Option<Box<Stmt>>,
    },
    /// `while (cond) body`
    While {
        /// The condition.
        cond: Expr,
        /// The body.
        body: Box<Stmt>,
    },
    /// `do body while (cond);`
    DoWhile {
        /// The body.
        body: Box<Stmt>,
        /// The condition.
        cond: Expr,
    },
    /// `for (init; cond; step) body`
    For {
        /// Declaration or expression statement (or none).
        init: Option<Box<Stmt>>,
        /// The condition.
        cond: Option<Expr>,
        /// The step expression.
        step: Option<Expr>,
        /// The body.
        body: Box<Stmt>,
    },
    /// `for (decl : range) body` (sema supports arrays only).
    RangeFor {
        /// The loop variable.
        var: Box<VarDecl>,
        /// The range.
        range: Expr,
        /// The body.
        body: Box<Stmt>,
    },
    /// `switch (cond) body`
    Switch {
        /// The selector.
        cond: Expr,
        /// The body, with `case`/`default` labels as statements inside.
        body: Box<Stmt>,
    },
    /// `case value:` (the statement after the label follows separately).
    Case(Expr),
    /// `default:`
    Default,
    /// `break;`
    Break,
    /// `continue;`
    Continue,
    /// `return expr;`
    Return(Option<Expr>),
    /// `goto label;` (sema reports it unsupported)
    Goto(Ident),
    /// `label:` (the following statement follows separately).
    Label(Ident),
    /// `#pragma unroll [N]` before a loop (`None`: full unroll hint).
    /// `#pragma unroll 1` disables unrolling.
    PragmaUnroll(Option<Expr>),
    /// `asm(...)` / `asm volatile(...)` (unsupported in sema).
    Asm,
    /// `;`
    Empty,
}

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// The whole expression.
    pub span: Span,
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `+x`
    Plus,
    /// `!x`
    Not,
    /// `~x`
    BitNot,
    /// `*p`
    Deref,
    /// `&x`
    AddrOf,
    /// `++x`
    PreInc,
    /// `--x`
    PreDec,
    /// `x++`
    PostInc,
    /// `x--`
    PostDec,
}

/// Binary operators (assignment and comma excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `<<`
    Shl,
    /// `>>`
    Shr,
    /// `<`
    Lt,
    /// `>`
    Gt,
    /// `<=`
    Le,
    /// `>=`
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `&`
    BitAnd,
    /// `^`
    BitXor,
    /// `|`
    BitOr,
    /// `&&`
    LogicalAnd,
    /// `||`
    LogicalOr,
}

/// Which kind of cast was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CastKind {
    /// `(T)x`
    CStyle,
    /// `static_cast<T>(x)`
    Static,
    /// `reinterpret_cast<T>(x)`
    Reinterpret,
    /// `const_cast<T>(x)`
    Const,
    /// `dynamic_cast<T>(x)` (unsupported in device code)
    Dynamic,
}

/// A lambda capture default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaptureDefault {
    /// `[]`
    None,
    /// `[=]`
    ByValue,
    /// `[&]`
    ByRef,
}

/// The kinds of expression.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// An integer literal; `unsigned`/`long` count the suffix letters,
    /// `decimal` is false for hex/octal/binary (which affects its type).
    IntLit {
        /// The value.
        value: u128,
        /// `u`/`U` suffix.
        unsigned: bool,
        /// Number of `l`/`L` (0, 1 or 2).
        long: u8,
        /// Written in decimal.
        decimal: bool,
    },
    /// A floating literal with its suffix (`f`, `l`, or none = double).
    FloatLit {
        /// The value as parsed in f64.
        value: f64,
        /// `f`/`F`
        is_float: bool,
        /// `l`/`L`
        is_long: bool,
    },
    /// `'a'`
    CharLit(u32),
    /// `"text"` (concatenated adjacent literals).
    StringLit(String),
    /// `true`/`false`
    BoolLit(bool),
    /// `nullptr` (and `NULL` after preprocessing, which is `0` or this)
    Nullptr,
    /// `this`
    This,
    /// A name, possibly qualified and templated.
    Path(Path),
    /// A unary operator.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        expr: Box<Expr>,
    },
    /// A binary operator.
    Binary {
        /// The operator.
        op: BinaryOp,
        /// Left.
        lhs: Box<Expr>,
        /// Right.
        rhs: Box<Expr>,
    },
    /// `a = b` (`op == None`) or `a op= b`.
    Assign {
        /// The compound operator.
        op: Option<BinaryOp>,
        /// Target.
        lhs: Box<Expr>,
        /// Value.
        rhs: Box<Expr>,
    },
    /// `c ? a : b`
    Cond {
        /// The condition.
        cond: Box<Expr>,
        /// Value if true.
        then: Box<Expr>,
        /// Value if false.
        else_: Box<Expr>,
    },
    /// `a, b`
    Comma(Box<Expr>, Box<Expr>),
    /// `f(args)`, `obj.method(args)`, `T::f<N>(args)`.
    Call {
        /// The callee expression.
        callee: Box<Expr>,
        /// Arguments.
        args: Vec<Expr>,
    },
    /// `a[i]`
    Index {
        /// Base.
        base: Box<Expr>,
        /// Index.
        index: Box<Expr>,
    },
    /// `a.b` / `a->b` (also `a.template f<N>`).
    Member {
        /// The object.
        base: Box<Expr>,
        /// The member name, with template arguments if written.
        member: PathSegment,
        /// `->`
        arrow: bool,
    },
    /// A cast.
    Cast {
        /// Which form.
        kind: CastKind,
        /// Target type.
        ty: Type,
        /// Operand.
        expr: Box<Expr>,
    },
    /// `T(args)` or `T{args}` functional construction (`float2(a, b)`,
    /// `int(x)`, `Foo{1, 2}`).
    Construct {
        /// The type.
        ty: Type,
        /// Arguments.
        args: Vec<Expr>,
        /// Written with braces.
        braces: bool,
    },
    /// A braced list where a value is expected (`return {a, b};`).
    InitList(Vec<InitElem>),
    /// `sizeof(T)`
    SizeofType(Type),
    /// `sizeof expr`
    SizeofExpr(Box<Expr>),
    /// `alignof(T)` / `__alignof__(T)`
    AlignofType(Type),
    /// A lambda expression.
    Lambda {
        /// Default capture.
        capture_default: CaptureDefault,
        /// Explicit captures (`&x` has `true`).
        captures: Vec<(Ident, bool)>,
        /// Parameters.
        params: Vec<Param>,
        /// Explicit return type.
        ret: Option<Type>,
        /// The body.
        body: Block,
    },
    /// `kernel<<<grid, block[, shared[, stream]]>>>(args)` in host code;
    /// sema reads it to find implicit template instantiations.
    Launch {
        /// The kernel (a path, possibly with template arguments).
        kernel: Box<Expr>,
        /// The launch configuration.
        config: Vec<Expr>,
        /// The arguments.
        args: Vec<Expr>,
    },
    /// `new`/`delete`/`throw`/`typeid` … kept so sema can say "unsupported"
    /// at the right place.
    Unsupported(String),
}

//! Top-level and class-level items.

use super::support::*;
use crate::parse::ast::*;

fn func(item: &Item) -> &FunctionDef {
    match &item.kind {
        ItemKind::Function(f) => f,
        ItemKind::Template(t) => func(&t.item),
        ItemKind::ExplicitInstantiation(i) => func(i),
        other => panic!("not a function: {other:?}"),
    }
}

#[test]
fn function_qualifiers() {
    let tu = parse_ok(
        "__global__ void __launch_bounds__(256, 2) k(float* x) {}\n\
         static __device__ __forceinline__ float sq(float v) { return v * v; }\n\
         __host__ __device__ inline int id(int a = 3, int b = N * 2) { return a; }\n\
         __device__ __noinline__ void slow();\n\
         extern \"C\" __global__ void ck(int n, ...) {}\n\
         constexpr int twice(int x) { return 2 * x; }\n\
         __launch_bounds__(128) __global__ void k2() {}\n",
    );
    let f = func(&tu.items[0]);
    assert!(f.quals.global);
    assert_eq!(f.quals.launch_bounds.as_ref().map(Vec::len), Some(2));
    let f = func(&tu.items[1]);
    assert!(f.quals.is_static && f.quals.device && f.quals.forceinline);
    let f = func(&tu.items[2]);
    assert!(f.quals.host && f.quals.device && f.quals.inline);
    assert_eq!(f.params[0].default.as_ref().map(show).as_deref(), Some("3"));
    assert_eq!(
        f.params[1].default.as_ref().map(show).as_deref(),
        Some("(N * 2)")
    );
    let f = func(&tu.items[3]);
    assert!(f.quals.noinline && f.body.is_none());
    let ItemKind::LinkageBlock(inner) = &tu.items[4].kind else {
        panic!()
    };
    let f = func(&inner[0]);
    assert!(f.quals.global && f.variadic);
    assert!(func(&tu.items[5]).quals.constexpr);
    let f = func(&tu.items[6]);
    assert!(f.quals.global && f.quals.launch_bounds.is_some());
}

#[test]
fn void_params_and_unnamed() {
    let tu = parse_ok("__device__ int f(void);\n__device__ int g(int, float*);\n");
    assert!(func(&tu.items[0]).params.is_empty());
    let g = func(&tu.items[1]);
    assert_eq!(g.params.len(), 2);
    assert!(g.params[0].name.is_none());
    assert_eq!(show_ty(&g.params[1].ty), "ptr(Float)");
}

#[test]
fn structs_methods_operators() {
    let tu = parse_ok(
        "struct __align__(16) Vec3 : public Base, private Other {\n\
           float x, y, z;\n\
           static const int dims = 3;\n\
         public:\n\
           __host__ __device__ Vec3() : x(0), y(0), z{0} {}\n\
           __host__ __device__ Vec3(float a) : Vec3() { x = a; }\n\
           __device__ Vec3 operator+(const Vec3& o) const { return Vec3{x + o.x, y + o.y, z + o.z}; }\n\
           __device__ float& operator[](int i) { return (&x)[i]; }\n\
           __device__ float operator()(int i) const { return x; }\n\
           __device__ bool operator==(const Vec3& o) const = default;\n\
           Vec3(const Vec3&) = delete;\n\
           ~Vec3() = default;\n\
           struct Inner { int q; };\n\
           typedef float value_type;\n\
           union { int i; float f; };\n\
           enum Kind { A, B = 4 };\n\
         };\n\
         __device__ float Vec3::length() const { return sqrtf(x * x); }\n\
         __device__ Vec3 operator*(float s, const Vec3& v);\n",
    );
    let ItemKind::Struct(s) = &tu.items[0].kind else {
        panic!()
    };
    assert_eq!(s.name.as_ref().map(|n| n.name.as_str()), Some("Vec3"));
    assert_eq!(
        s.bases.iter().map(Path::display).collect::<Vec<_>>(),
        ["Base", "Other"]
    );
    assert!(s.align.is_some());
    let members = s.members.as_ref().expect("members");
    let summary: Vec<String> = members
        .iter()
        .map(|m| match m {
            Member::Field(v) => format!(
                "field {}",
                v.iter()
                    .map(|d| d.name.name.clone())
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Member::Method(f) => format!(
                "method {}{}{}",
                f.name.display(),
                if f.ret.is_none() { " ctor" } else { "" },
                match f.body {
                    Some(FnBody::Defaulted) => " defaulted",
                    _ => "",
                }
            ),
            Member::Item(i) => format!(
                "item {}",
                match &i.kind {
                    ItemKind::Struct(s) => format!(
                        "struct {}",
                        s.name.as_ref().map_or("<anon>", |n| n.name.as_str())
                    ),
                    ItemKind::Typedef(t) => format!("typedef {}", t.name.name),
                    ItemKind::Enum(e) => format!("enum {}", e.variants.len()),
                    other => format!("{other:?}"),
                }
            ),
            Member::Access(_) => "access".into(),
        })
        .collect();
    assert_eq!(
        summary,
        [
            "field x,y,z",
            "field dims",
            "access",
            "method Vec3 ctor",
            "method Vec3 ctor",
            "method operator+",
            "method operator[]",
            "method operator()",
            "method operator== defaulted",
            "method Vec3 ctor defaulted",
            "method ~Vec3 ctor defaulted",
            "item struct Inner",
            "item typedef value_type",
            "item struct <anon>",
            "item enum 2",
        ]
    );
    let Member::Method(ctor) = &members[3] else {
        panic!()
    };
    assert_eq!(
        ctor.member_inits
            .iter()
            .map(|(i, a)| format!("{}:{}", i.name, a.len()))
            .collect::<Vec<_>>(),
        ["x:1", "y:1", "z:1"]
    );
    let Member::Method(plus) = &members[5] else {
        panic!()
    };
    assert!(plus.is_const);
    let f = func(&tu.items[1]);
    assert_eq!(f.name.display(), "Vec3::length");
    assert!(f.is_const);
    assert_eq!(func(&tu.items[2]).name.display(), "operator*");
}

#[test]
fn variables_with_memory_spaces() {
    let tu = parse_ok(
        "__constant__ float coeffs[16];\n\
         __device__ int counter = 0;\n\
         __device__ __managed__ float m;\n\
         extern __shared__ float4 smem[];\n\
         static constexpr int K = 4;\n\
         __shared__ __align__(16) float buf[64];\n\
         alignas(8) __device__ double d;\n",
    );
    let vars: Vec<&VarDecl> = tu
        .items
        .iter()
        .map(|i| match &i.kind {
            ItemKind::Var(v) => &v[0],
            other => panic!("{other:?}"),
        })
        .collect();
    assert!(vars[0].quals.constant);
    assert!(vars[1].quals.device && vars[1].init.is_some());
    assert!(vars[2].quals.managed && vars[2].quals.device);
    assert!(vars[3].quals.is_extern && vars[3].quals.shared);
    assert!(vars[4].quals.is_static && vars[4].quals.constexpr);
    assert!(vars[5].quals.shared && vars[5].quals.align.is_some());
    assert!(vars[6].quals.align.is_some());
}

#[test]
fn enums_typedefs_using() {
    let tu = parse_ok(
        "enum Color { Red, Green = 5, Blue, };\n\
         enum class Mode : unsigned char { Fast = 1, Slow };\n\
         typedef unsigned int uint;\n\
         typedef struct { float x, y; } Point, *PointPtr;\n\
         typedef struct Node { int v; } Node_t;\n\
         typedef float (*binop)(float, float);\n\
         using real = double;\n\
         using Vec = float[4];\n\
         template <typename T> using Ptr = T*;\n",
    );
    let show_item = |i: &Item| -> String {
        match &i.kind {
            ItemKind::Enum(e) => format!(
                "enum {} scoped={} under={} [{}]",
                e.name.as_ref().map_or("", |n| &n.name),
                e.scoped,
                e.underlying.as_ref().map_or("-".into(), show_ty),
                e.variants
                    .iter()
                    .map(|(n, v)| format!(
                        "{}{}",
                        n.name,
                        v.as_ref()
                            .map_or(String::new(), |v| format!("={}", show(v)))
                    ))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            ItemKind::Typedef(t) => format!("typedef {} = {}", t.name.name, show_ty(&t.ty)),
            ItemKind::Struct(s) => format!("struct {}", s.name.as_ref().map_or("", |n| &n.name)),
            ItemKind::Template(t) => format!("template {}", t.params.len()),
            other => format!("{other:?}"),
        }
    };
    let items: Vec<String> = tu.items.iter().map(show_item).collect();
    assert_eq!(
        items,
        [
            "enum Color scoped=false under=- [Red Green=5 Blue]",
            "enum Mode scoped=true under=UChar [Fast=1 Slow]",
            "typedef uint = UInt",
            "struct Point",
            "typedef PointPtr = ptr(Point)",
            "struct Node",
            "typedef Node_t = Node",
            "typedef binop = ptr(fn(Float, Float) -> Float)",
            "typedef real = Double",
            "typedef Vec = array[4](Float)",
            "template 1",
        ]
    );
}

#[test]
fn templates_specialisations_instantiations() {
    let tu = parse_ok(
        "template <typename T = float, int N = 4, class U> struct Arr { T v[N]; };\n\
         template <> struct Arr<double, 2, int> { double v[2]; };\n\
         template <typename T> __device__ T zero();\n\
         template <> __device__ float zero<float>() { return 0.0f; }\n\
         template __global__ void k<float>(float*);\n\
         extern template __global__ void k<int>(int*);\n\
         template <typename T, unsigned BLOCK, bool B> __global__ void r(T* x) {}\n\
         template <typename... Ts> __device__ void v(Ts... ts);\n\
         template <template <class> class C> struct W {};\n",
    );
    let ItemKind::Template(t) = &tu.items[0].kind else {
        panic!()
    };
    match &t.params[0] {
        TemplateParam::Type {
            default: Some(d), ..
        } => assert_eq!(show_ty(d), "Float"),
        other => panic!("{other:?}"),
    }
    match &t.params[1] {
        TemplateParam::Value {
            default: Some(d),
            ty,
            ..
        } => {
            assert_eq!(show(d), "4");
            assert_eq!(show_ty(ty), "Int");
        }
        other => panic!("{other:?}"),
    }
    let ItemKind::Template(t) = &tu.items[1].kind else {
        panic!()
    };
    assert!(t.params.is_empty());
    let ItemKind::Struct(s) = &t.item.kind else {
        panic!()
    };
    assert_eq!(s.spec_args.as_ref().map(Vec::len), Some(3));
    assert_eq!(show_path(&func(&tu.items[3]).name), "zero<type Float>");
    assert!(matches!(
        tu.items[4].kind,
        ItemKind::ExplicitInstantiation(_)
    ));
    assert!(matches!(
        tu.items[5].kind,
        ItemKind::ExplicitInstantiation(_)
    ));
    let ItemKind::Template(t) = &tu.items[7].kind else {
        panic!()
    };
    assert!(matches!(t.params[0], TemplateParam::Unsupported { .. }));
    let ItemKind::Template(t) = &tu.items[8].kind else {
        panic!()
    };
    assert!(matches!(t.params[0], TemplateParam::Unsupported { .. }));
}

#[test]
fn namespaces_using_static_assert_attributes() {
    let tu = parse_ok(
        "namespace a { namespace b { __device__ int f() { return 1; } } }\n\
         namespace x::y { int g; }\n\
         namespace { __device__ int hidden; }\n\
         using namespace a::b;\n\
         using a::b::f;\n\
         extern \"C\" { __global__ void k1() {} __global__ void k2() {} }\n\
         static_assert(sizeof(float) == 4, \"float\" \" size\");\n\
         [[nodiscard]] __device__ int attr() __attribute__((always_inline)) { return 0; }\n\
         __device__ __attribute__((noinline)) void h() {}\n\
         ;\n",
    );
    let ItemKind::Namespace {
        name: Some(a),
        items,
    } = &tu.items[0].kind
    else {
        panic!()
    };
    assert_eq!(a.name, "a");
    let ItemKind::Namespace {
        name: Some(b),
        items: inner,
    } = &items[0].kind
    else {
        panic!()
    };
    assert_eq!(b.name, "b");
    assert_eq!(func(&inner[0]).name.display(), "f");
    let ItemKind::Namespace {
        name: Some(x),
        items,
    } = &tu.items[1].kind
    else {
        panic!()
    };
    assert_eq!(x.name, "x");
    assert!(matches!(&items[0].kind, ItemKind::Namespace { name: Some(y), .. } if y.name == "y"));
    assert!(matches!(
        &tu.items[2].kind,
        ItemKind::Namespace { name: None, .. }
    ));
    assert!(matches!(&tu.items[3].kind, ItemKind::UsingNamespace(p) if p.display() == "a::b"));
    assert!(matches!(&tu.items[4].kind, ItemKind::UsingDecl(p) if p.display() == "a::b::f"));
    assert!(matches!(&tu.items[5].kind, ItemKind::LinkageBlock(v) if v.len() == 2));
    match &tu.items[6].kind {
        ItemKind::StaticAssert(s) => assert_eq!(s.message.as_deref(), Some("float size")),
        other => panic!("{other:?}"),
    }
    assert_eq!(func(&tu.items[7]).name.display(), "attr");
    assert_eq!(func(&tu.items[8]).name.display(), "h");
    assert!(matches!(tu.items[9].kind, ItemKind::Empty));
}

#[test]
fn host_classes_and_spans() {
    let src = "class Base { public: virtual void f() = 0; virtual ~Base() {} };\n\
               int main() { std::vector<int> v; v.push_back(1); return 0; }\n";
    let tu = parse_ok(src);
    assert!(matches!(tu.items[0].kind, ItemKind::Struct(_)));
    let f = func(&tu.items[1]);
    assert_eq!(f.name.display(), "main");
    // Spans are byte offsets of the preprocessed text.
    let s = tu.items[1].span;
    assert_eq!(
        &src[s.lo as usize..s.hi as usize],
        "int main() { std::vector<int> v; v.push_back(1); return 0; }"
    );
    assert_eq!(
        &src[f.name.span.lo as usize..f.name.span.hi as usize],
        "main"
    );
}

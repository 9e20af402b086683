//! Hand-built IR for the unit tests of the analyses, validator and printer.

use crate::ir::{
    AddrSpace, CacheHint, ExprId, ExprKind, FuncId, Function, FunctionKind, Kernel, KernelParam,
    Module, Param, Scalar, Stmt, StmtKind, Type,
};
use crate::sema::builder::FnBuilder;
use crate::source::{ExpansionMap, Span};

/// A function with the given statements (spans all zero).
pub fn function(name: &str, body: Vec<StmtKind>) -> Function {
    let map = ExpansionMap::new();
    let mut b = FnBuilder::new(
        &map,
        name.to_string(),
        FunctionKind::Device,
        Span::default(),
    );
    for s in body {
        b.emit(s, Span::default());
    }
    b.finish()
}

/// A void call without arguments.
pub fn call(f: u32) -> StmtKind {
    StmtKind::Call {
        func: FuncId(f),
        args: Vec::new(),
        result: None,
    }
}

/// A module of these functions; the first one becomes a kernel.
pub fn module_of(mut functions: Vec<Function>) -> Module {
    let mut kernels = Vec::new();
    if let Some(f) = functions.first_mut() {
        f.kind = FunctionKind::Kernel;
        kernels.push(kernel_for(f, FuncId(0)));
    }
    Module {
        functions,
        kernels,
        ..Module::default()
    }
}

/// The kernel entry describing `f`.
pub fn kernel_for(f: &Function, id: FuncId) -> Kernel {
    Kernel {
        name: f.name.clone(),
        base_name: f.name.clone(),
        template_args: Vec::new(),
        func: id,
        params: f
            .params
            .iter()
            .map(|p| KernelParam {
                name: p.name.clone(),
                cuda_type: String::new(),
                ty: p.ty.clone(),
            })
            .collect(),
    }
}

/// Adds a parameter to a function under construction and returns its value.
pub fn param(b: &mut FnBuilder<'_>, name: &str, ty: Type) -> ExprId {
    let index = b.func.params.len() as u32;
    b.func.params.push(Param {
        name: name.to_string(),
        ty: ty.clone(),
        span: Span::default(),
    });
    b.expr(ExprKind::Param(index), ty, Span::default())
}

/// `float*` in global memory.
pub fn global_f32_ptr() -> Type {
    Type::ptr(Type::Scalar(Scalar::F32), AddrSpace::Global)
}

/// A plain load.
pub fn load(b: &mut FnBuilder<'_>, ptr: ExprId) -> ExprId {
    let ty = b.ty(ptr).pointee().cloned().unwrap_or(Type::Void);
    b.expr(
        ExprKind::Load {
            ptr,
            hint: CacheHint::Default,
            volatile: false,
        },
        ty,
        Span::default(),
    )
}

/// A plain store statement.
pub fn store(ptr: ExprId, value: ExprId) -> StmtKind {
    StmtKind::Store {
        ptr,
        value,
        hint: CacheHint::Default,
        volatile: false,
    }
}

/// A statement with a zero span.
pub fn stmt(kind: StmtKind) -> Stmt {
    Stmt {
        kind,
        span: Span::default(),
    }
}

/// A span `lo..hi` (for tests that check where a diagnostic points).
pub fn sp(lo: u32, hi: u32) -> Span {
    Span::new(lo, hi)
}

/// The source of [`saxpy`].
pub const SAXPY: &str = "__global__ void saxpy(int n, float a, const float* x, float* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}
";

/// Files and an identity expansion map for a single source text, so spans
/// in tests are byte offsets of `text`.
pub fn identity_source(text: &str) -> (crate::source::Files, ExpansionMap) {
    use crate::source::{Files, Segment, SourceFile, SrcSpan};
    let mut files = Files::new();
    let file = files.add(SourceFile::new("k.cu", None, text));
    let mut map = ExpansionMap::new();
    map.push(Segment {
        out_lo: 0,
        out_hi: text.len() as u32,
        src: SrcSpan {
            file,
            lo: 0,
            hi: text.len() as u32,
        },
        expansion: None,
    });
    (files, map)
}

/// The span of the `nth` (0-based) occurrence of `needle` in `text`.
pub fn find(text: &str, needle: &str, nth: usize) -> Span {
    let lo = text
        .match_indices(needle)
        .nth(nth)
        .map_or(0, |(i, _)| i as u32);
    Span::new(lo, lo + needle.len() as u32)
}

/// The IR sema makes for [`SAXPY`], built by hand.
pub fn saxpy(map: &ExpansionMap) -> Module {
    use crate::ir::{BinaryOp, BuiltinValue, Dim};
    let t = SAXPY;
    let mut b = FnBuilder::new(
        map,
        "saxpy".into(),
        FunctionKind::Kernel,
        find(t, "__global__", 0).to(find(t, "}", 0)),
    );
    let i32t = Type::Scalar(Scalar::I32);
    let u32t = Type::Scalar(Scalar::U32);
    let n = param(&mut b, "n", i32t.clone());
    let a = param(&mut b, "a", Type::Scalar(Scalar::F32));
    let x = param(
        &mut b,
        "x",
        Type::Pointer {
            pointee: Box::new(Type::Scalar(Scalar::F32)),
            space: AddrSpace::Global,
            read_only: true,
            restrict: false,
        },
    );
    let y = param(&mut b, "y", global_f32_ptr());
    let i = b.add_local("i", i32t.clone(), find(t, "i =", 0));
    let bx = b.expr(
        ExprKind::Builtin(BuiltinValue::BlockIdx(Dim::X)),
        u32t.clone(),
        find(t, "blockIdx.x", 0),
    );
    let bd = b.expr(
        ExprKind::Builtin(BuiltinValue::BlockDim(Dim::X)),
        u32t.clone(),
        find(t, "blockDim.x", 0),
    );
    let mul = b.expr(
        ExprKind::Binary {
            op: BinaryOp::Mul,
            lhs: bx,
            rhs: bd,
        },
        u32t.clone(),
        find(t, "blockIdx.x * blockDim.x", 0),
    );
    let tx = b.expr(
        ExprKind::Builtin(BuiltinValue::ThreadIdx(Dim::X)),
        u32t.clone(),
        find(t, "threadIdx.x", 0),
    );
    let sum = b.expr(
        ExprKind::Binary {
            op: BinaryOp::Add,
            lhs: mul,
            rhs: tx,
        },
        u32t,
        find(t, "blockIdx.x * blockDim.x + threadIdx.x", 0),
    );
    let init = b.convert(
        sum,
        &i32t,
        find(t, "blockIdx.x * blockDim.x + threadIdx.x", 0),
    );
    let ip = b.expr(
        ExprKind::LocalPtr(i),
        Type::ptr(i32t.clone(), AddrSpace::Local),
        find(t, "i =", 0),
    );
    b.emit(
        store(ip, init),
        find(t, "int i = blockIdx.x * blockDim.x + threadIdx.x;", 0),
    );
    let li = load(&mut b, ip);
    let cond = b.expr(
        ExprKind::Binary {
            op: BinaryOp::Lt,
            lhs: li,
            rhs: n,
        },
        Type::Scalar(Scalar::Bool),
        find(t, "i < n", 0),
    );
    b.push_block();
    let li2 = load(&mut b, ip);
    let xi = b.expr(
        ExprKind::PtrOffset {
            ptr: x,
            offset: li2,
        },
        b.ty(x).clone(),
        find(t, "x[i]", 0),
    );
    let xv = load(&mut b, xi);
    let ax = b.expr(
        ExprKind::Binary {
            op: BinaryOp::Mul,
            lhs: a,
            rhs: xv,
        },
        Type::Scalar(Scalar::F32),
        find(t, "a * x[i]", 0),
    );
    let li3 = load(&mut b, ip);
    let yi = b.expr(
        ExprKind::PtrOffset {
            ptr: y,
            offset: li3,
        },
        global_f32_ptr(),
        find(t, "y[i]", 1),
    );
    let yv = load(&mut b, yi);
    let rhs = b.expr(
        ExprKind::Binary {
            op: BinaryOp::Add,
            lhs: ax,
            rhs: yv,
        },
        Type::Scalar(Scalar::F32),
        find(t, "a * x[i] + y[i]", 0),
    );
    let li4 = load(&mut b, ip);
    let yo = b.expr(
        ExprKind::PtrOffset {
            ptr: y,
            offset: li4,
        },
        global_f32_ptr(),
        find(t, "y[i]", 0),
    );
    b.emit(store(yo, rhs), find(t, "y[i] = a * x[i] + y[i];", 0));
    let accept = b.pop_block();
    b.emit(
        StmtKind::If {
            cond,
            accept,
            reject: Vec::new(),
        },
        find(t, "if (i < n) y[i] = a * x[i] + y[i];", 0),
    );
    let f = b.finish();
    let mut m = module_of(vec![f]);
    if let Some(k) = m.kernels.first_mut() {
        for (p, ty) in k
            .params
            .iter_mut()
            .zip(["int", "float", "const float *", "float *"])
        {
            p.cuda_type = ty.to_string();
        }
    }
    m
}

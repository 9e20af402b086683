//! The naga module under construction: IR types mapped to WGSL value
//! types, the region arrays, the uniform parameter block and the override
//! constants of the launch ABI.

use std::collections::HashMap;
use std::num::NonZeroU32;

use naga::{
    AddressSpace, ArraySize, Expression, GlobalVariable, Handle, Literal, ResourceBinding, Scalar,
    Span, StorageAccess, TypeInner, VectorSize,
};

use super::regions::{RegionKind, Regions};
use super::Unsupported;
use crate::ir::{self, ConstValue, FuncId, Module};

/// `@group(0)` for every resource.
const GROUP: u32 = 0;

/// Where each region's words live.
#[derive(Debug, Clone, Copy)]
pub(super) struct RegionVar {
    /// The global variable (an array of words).
    pub var: Handle<GlobalVariable>,
    /// Words are `atomic<u32>`.
    pub atomic: bool,
}

/// The naga module being built, with the caches every function shares.
pub(super) struct ModCtx<'m> {
    /// The IR.
    pub ir: &'m Module,
    /// The output.
    pub out: naga::Module,
    /// Size and alignment of every naga type made here.
    layouts: HashMap<Handle<naga::Type>, (u32, u32)>,
    /// The kernel's regions.
    pub regions: Regions,
    /// Per region number: its array.
    pub region_vars: Vec<RegionVar>,
    /// The uniform parameter block (`array<vec4<u32>, N>`).
    pub params_var: Handle<GlobalVariable>,
    /// Byte offset of each kernel parameter's slot in the parameter block.
    pub param_slots: Vec<u32>,
    /// Private variables set by the entry point: `threadIdx`, `blockIdx`,
    /// `gridDim` (vec3<u32>) and the linear thread index (u32).
    pub thread_idx: Handle<GlobalVariable>,
    /// See `thread_idx`.
    pub block_idx: Handle<GlobalVariable>,
    /// See `thread_idx`.
    pub grid_dim: Handle<GlobalVariable>,
    /// See `thread_idx`.
    pub linear_tid: Handle<GlobalVariable>,
    /// `blockDim` override constants.
    pub block_dim: [Handle<naga::Override>; 3],
    /// The dynamic shared bytes override, if the kernel uses it.
    pub dynamic_shared: Option<Handle<naga::Override>>,
    /// Device functions made so far.
    pub functions: HashMap<FuncId, Handle<naga::Function>>,
    /// Workgroup words used to emulate warp collectives, made on demand.
    pub warp_scratch: Option<Handle<GlobalVariable>>,
    /// A workgroup atomic counter for `__syncthreads_count` and friends.
    pub sync_counter: Option<Handle<GlobalVariable>>,
    /// Which expressions may differ between threads of a block.
    pub uniformity: crate::analysis::uniformity::Uniformity,
    /// Functions that run warp collectives (themselves or in a callee).
    pub warp_funcs: std::collections::HashSet<FuncId>,
}

impl<'m> ModCtx<'m> {
    /// Sets up the module for one kernel: regions, parameter block, built-in
    /// variables and overrides. Returns the parameter block size too.
    pub fn new(
        ir: &'m Module,
        kernel: FuncId,
        regions: Regions,
    ) -> Result<(Self, u32), Unsupported> {
        let mut out = naga::Module::default();
        let u32_ty = scalar_ty(&mut out, Scalar::U32);
        let vec3_ty = vec_ty(&mut out, Scalar::U32, VectorSize::Tri);
        let vec4_ty = vec_ty(&mut out, Scalar::U32, VectorSize::Quad);
        let private = |out: &mut naga::Module, name: &str, ty| {
            out.global_variables.append(
                GlobalVariable {
                    name: Some(name.to_string()),
                    space: AddressSpace::Private,
                    binding: None,
                    ty,
                    init: None,
                    memory_decorations: Default::default(),
                },
                Span::UNDEFINED,
            )
        };
        let thread_idx = private(&mut out, "thread_idx", vec3_ty);
        let block_idx = private(&mut out, "block_idx", vec3_ty);
        let grid_dim = private(&mut out, "grid_dim", vec3_ty);
        let linear_tid = private(&mut out, "linear_tid", u32_ty);
        let mut block_dim_vec = Vec::new();
        for name in super::BLOCK_DIM_OVERRIDES {
            let one = out
                .global_expressions
                .append(Expression::Literal(Literal::U32(1)), Span::UNDEFINED);
            block_dim_vec.push(out.overrides.append(
                naga::Override {
                    name: Some(name.to_string()),
                    id: None,
                    ty: u32_ty,
                    init: Some(one),
                },
                Span::UNDEFINED,
            ));
        }
        let block_dim = [block_dim_vec[0], block_dim_vec[1], block_dim_vec[2]];
        // Parameter block: grid (3 × u32) at 0, then each parameter.
        let kfunc = ir.function(kernel);
        let mut param_slots = Vec::new();
        let mut offset = 16u32;
        for p in &kfunc.params {
            if p.ty.is_pointer() {
                param_slots.push(offset);
                offset += 4;
            } else {
                let (size, align) = ir.size_align(&p.ty);
                let align = align.max(4);
                offset = offset.div_ceil(align) * align;
                param_slots.push(offset);
                offset += size.div_ceil(4) * 4;
            }
        }
        let params_size = offset.div_ceil(16) * 16;
        let params_arr = out.types.insert(
            naga::Type {
                name: None,
                inner: TypeInner::Array {
                    base: vec4_ty,
                    size: ArraySize::Constant(nonzero(params_size / 16)),
                    stride: 16,
                },
            },
            Span::UNDEFINED,
        );
        let mut ctx = ModCtx {
            ir,
            out,
            layouts: HashMap::new(),
            regions,
            region_vars: Vec::new(),
            params_var: thread_idx,
            param_slots,
            thread_idx,
            block_idx,
            grid_dim,
            linear_tid,
            block_dim,
            dynamic_shared: None,
            functions: HashMap::new(),
            warp_scratch: None,
            sync_counter: None,
            uniformity: crate::analysis::uniformity::analyze(ir),
            warp_funcs: Default::default(),
        };
        ctx.declare_regions(kfunc)?;
        let params_binding = ctx.region_vars.len() as u32;
        let bindings_used = ctx
            .regions
            .list
            .iter()
            .filter(|r| matches!(r.kind, RegionKind::Binding { .. }))
            .count() as u32;
        debug_assert!(params_binding >= bindings_used);
        ctx.params_var = ctx.out.global_variables.append(
            GlobalVariable {
                name: Some("params".into()),
                space: AddressSpace::Uniform,
                binding: Some(ResourceBinding {
                    group: GROUP,
                    binding: bindings_used,
                }),
                ty: params_arr,
                init: None,
                memory_decorations: Default::default(),
            },
            Span::UNDEFINED,
        );
        Ok((ctx, params_size))
    }

    /// Declares one word array per region.
    fn declare_regions(&mut self, kfunc: &ir::Function) -> Result<(), Unsupported> {
        let u32_ty = scalar_ty(&mut self.out, Scalar::U32);
        let atomic_ty = self.out.types.insert(
            naga::Type {
                name: None,
                inner: TypeInner::Atomic(Scalar::U32),
            },
            Span::UNDEFINED,
        );
        let mut binding = 0u32;
        for i in 0..self.regions.list.len() {
            let reg = self.regions.list[i].clone();
            let elem = if reg.atomic { atomic_ty } else { u32_ty };
            let (name, space, size, res, init) = match reg.kind {
                RegionKind::Binding { param } => {
                    let access = if reg.written {
                        StorageAccess::LOAD | StorageAccess::STORE
                    } else {
                        StorageAccess::LOAD
                    };
                    let res = ResourceBinding {
                        group: GROUP,
                        binding,
                    };
                    binding += 1;
                    let name = kfunc
                        .params
                        .get(param as usize)
                        .map_or_else(|| format!("buf{param}"), |p| p.name.clone());
                    (
                        name,
                        AddressSpace::Storage { access },
                        ArraySize::Dynamic,
                        Some(res),
                        None,
                    )
                }
                RegionKind::Shared => {
                    let size = if self.regions.uses_dynamic {
                        ArraySize::Pending(self.dynamic_shared_override(reg.words)?)
                    } else {
                        ArraySize::Constant(nonzero(reg.words))
                    };
                    (
                        "shared_mem".into(),
                        AddressSpace::WorkGroup,
                        size,
                        None,
                        None,
                    )
                }
                RegionKind::Private { func, local } => {
                    let f = self.ir.function(func);
                    let name = f
                        .locals
                        .get(local.0 as usize)
                        .map_or_else(|| "local".into(), |l| l.name.clone());
                    let size = ArraySize::Constant(nonzero(reg.words));
                    (name, AddressSpace::Private, size, None, None)
                }
                RegionKind::Constant { global } => {
                    let gl = &self.ir.globals[global.0 as usize];
                    let size = ArraySize::Constant(nonzero(reg.words));
                    let init = gl.init.clone().map(|init| (gl.ty.clone(), init));
                    (gl.name.clone(), AddressSpace::Private, size, None, init)
                }
            };
            let arr_ty = self.out.types.insert(
                naga::Type {
                    name: None,
                    inner: TypeInner::Array {
                        base: elem,
                        size,
                        stride: 4,
                    },
                },
                Span::UNDEFINED,
            );
            let init = match init {
                Some((ty, value)) => Some(self.constant_words(&ty, &value, reg.words, arr_ty)?),
                None => None,
            };
            let var = self.out.global_variables.append(
                GlobalVariable {
                    name: Some(name),
                    space,
                    binding: res,
                    ty: arr_ty,
                    init,
                    memory_decorations: Default::default(),
                },
                Span::UNDEFINED,
            );
            self.region_vars.push(RegionVar {
                var,
                atomic: reg.atomic,
            });
        }
        Ok(())
    }

    /// `override dynamic_shared_bytes: u32`, which sizes the shared array
    /// when the kernel uses `extern __shared__` memory. naga cannot write
    /// an override initialised by an expression, so the array has one word
    /// per byte (four times what is needed; `workgroup_bytes` says so).
    fn dynamic_shared_override(
        &mut self,
        static_words: u32,
    ) -> Result<Handle<naga::Override>, Unsupported> {
        if !self.regions.shared_offsets.is_empty() {
            return Err(Unsupported::new(format!(
                "`extern __shared__` memory together with {} bytes of static `__shared__` variables (the WGSL back end sizes one workgroup array from the dynamic size only)",
                static_words * 4
            )));
        }
        let u32_ty = scalar_ty(&mut self.out, Scalar::U32);
        let four = self.gexpr(Expression::Literal(Literal::U32(4)));
        let dynamic = self.out.overrides.append(
            naga::Override {
                name: Some(super::DYNAMIC_SHARED_OVERRIDE.into()),
                id: None,
                ty: u32_ty,
                init: Some(four),
            },
            Span::UNDEFINED,
        );
        self.dynamic_shared = Some(dynamic);
        Ok(dynamic)
    }

    fn gexpr(&mut self, e: Expression) -> Handle<Expression> {
        self.out.global_expressions.append(e, Span::UNDEFINED)
    }

    /// A constant initialiser as an array of words in nvcc's layout.
    fn constant_words(
        &mut self,
        ty: &ir::Type,
        value: &ConstValue,
        words: u32,
        arr_ty: Handle<naga::Type>,
    ) -> Result<Handle<Expression>, Unsupported> {
        let mut bytes = vec![0u8; words as usize * 4];
        super::constants::write_const(self.ir, ty, value, &mut bytes, 0)?;
        let components = bytes
            .chunks(4)
            .map(|c| {
                let w = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
                self.gexpr(Expression::Literal(Literal::U32(w)))
            })
            .collect();
        Ok(self.gexpr(Expression::Compose {
            ty: arr_ty,
            components,
        }))
    }

    /// A naga type, remembered with its size and alignment.
    pub fn ty(&mut self, inner: TypeInner, size: u32, align: u32) -> Handle<naga::Type> {
        let h = self
            .out
            .types
            .insert(naga::Type { name: None, inner }, Span::UNDEFINED);
        self.layouts.insert(h, (size, align));
        h
    }

    /// The WGSL value type of an IR type. Narrow integers are held widened
    /// (`i32`/`u32`, kept in range), `half`/`bfloat16` as `f32` rounded to
    /// their precision, pointers as `vec2<u32>` (region, byte offset).
    pub fn value_type(&mut self, ty: &ir::Type) -> Result<Handle<naga::Type>, String> {
        Ok(self.value_type_layout(ty)?.0)
    }

    fn value_type_layout(
        &mut self,
        ty: &ir::Type,
    ) -> Result<(Handle<naga::Type>, u32, u32), String> {
        match ty {
            ir::Type::Void => Err("a `void` value".into()),
            ir::Type::Scalar(s) => {
                let sc = value_scalar(*s)?;
                let w = u32::from(sc.width);
                Ok((self.ty(TypeInner::Scalar(sc), w, w), w, w))
            }
            ir::Type::Vector(s, n) => {
                let sc = value_scalar(*s)?;
                let size = vector_size(*n)?;
                let w = u32::from(sc.width);
                let (sz, al) = match size {
                    VectorSize::Bi => (2 * w, 2 * w),
                    VectorSize::Tri => (3 * w, 4 * w),
                    VectorSize::Quad => (4 * w, 4 * w),
                };
                Ok((
                    self.ty(TypeInner::Vector { size, scalar: sc }, sz, al),
                    sz,
                    al,
                ))
            }
            ir::Type::Pointer { .. } => {
                let inner = TypeInner::Vector {
                    size: VectorSize::Bi,
                    scalar: Scalar::U32,
                };
                Ok((self.ty(inner, 8, 8), 8, 8))
            }
            ir::Type::Array(elem, n) => {
                let (base, size, align) = self.value_type_layout(elem)?;
                let n32 = u32::try_from(*n)
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or("an array of zero or 2³² or more elements")?;
                let stride = size.div_ceil(align) * align;
                let inner = TypeInner::Array {
                    base,
                    size: ArraySize::Constant(nonzero(n32)),
                    stride,
                };
                let total = stride.saturating_mul(n32);
                Ok((self.ty(inner, total, align), total, align))
            }
            ir::Type::Struct(id) => {
                let def = self
                    .ir
                    .structs
                    .get(id.0 as usize)
                    .ok_or("an unknown struct")?
                    .clone();
                if def.is_union {
                    return Err(format!("a value of union `{}`", def.name));
                }
                let mut members = Vec::new();
                let mut offset = 0u32;
                let mut max_align = 1u32;
                for f in &def.fields {
                    let (h, size, align) = self.value_type_layout(&f.ty)?;
                    offset = offset.div_ceil(align) * align;
                    members.push(naga::StructMember {
                        name: Some(f.name.clone()),
                        ty: h,
                        binding: None,
                        offset,
                    });
                    offset += size;
                    max_align = max_align.max(align);
                }
                if members.is_empty() {
                    // C++ empty classes (functors, `thread_block`) still
                    // have a value: one unused word.
                    let u = self.scalar(Scalar::U32);
                    members.push(naga::StructMember {
                        name: Some("unused".into()),
                        ty: u,
                        binding: None,
                        offset: 0,
                    });
                    offset = 4;
                    max_align = 4;
                }
                let span = offset.div_ceil(max_align) * max_align;
                let h = self.out.types.insert(
                    naga::Type {
                        name: Some(def.name.clone()),
                        inner: TypeInner::Struct { members, span },
                    },
                    Span::UNDEFINED,
                );
                self.layouts.insert(h, (span, max_align));
                Ok((h, span, max_align))
            }
        }
    }

    /// The workgroup scratch words for emulated warp collectives (one per
    /// thread of the largest block, 1024).
    pub fn warp_scratch_var(&mut self) -> Handle<GlobalVariable> {
        if let Some(v) = self.warp_scratch {
            return v;
        }
        let u = self.scalar(Scalar::U32);
        let arr = self.ty(
            TypeInner::Array {
                base: u,
                size: ArraySize::Constant(nonzero(1024)),
                stride: 4,
            },
            4096,
            4,
        );
        let v = self.workgroup_var("warp_scratch", arr);
        self.warp_scratch = Some(v);
        v
    }

    /// The workgroup counter of `__syncthreads_count` and friends.
    pub fn sync_counter_var(&mut self) -> Handle<GlobalVariable> {
        if let Some(v) = self.sync_counter {
            return v;
        }
        let a = self.ty(TypeInner::Atomic(Scalar::U32), 4, 4);
        let v = self.workgroup_var("sync_counter", a);
        self.sync_counter = Some(v);
        v
    }

    fn workgroup_var(&mut self, name: &str, ty: Handle<naga::Type>) -> Handle<GlobalVariable> {
        self.out.global_variables.append(
            GlobalVariable {
                name: Some(name.into()),
                space: AddressSpace::WorkGroup,
                binding: None,
                ty,
                init: None,
                memory_decorations: Default::default(),
            },
            Span::UNDEFINED,
        )
    }

    /// The handle of a scalar type.
    pub fn scalar(&mut self, s: Scalar) -> Handle<naga::Type> {
        let w = u32::from(s.width);
        self.ty(TypeInner::Scalar(s), w, w)
    }

    /// `vec2<u32>`, the pointer representation.
    pub fn ptr_ty(&mut self) -> Handle<naga::Type> {
        self.ty(
            TypeInner::Vector {
                size: VectorSize::Bi,
                scalar: Scalar::U32,
            },
            8,
            8,
        )
    }
}

/// The WGSL scalar that holds values of an IR scalar.
pub(super) fn value_scalar(s: ir::Scalar) -> Result<Scalar, String> {
    use ir::Scalar as S;
    match s {
        S::Bool => Ok(Scalar::BOOL),
        S::I8 | S::I16 | S::I32 => Ok(Scalar::I32),
        S::U8 | S::U16 | S::U32 => Ok(Scalar::U32),
        S::F16 | S::BF16 | S::F32 => Ok(Scalar::F32),
        S::I64 | S::U64 => Err(
            "64-bit integers (`long long`, `size_t`, …): WGSL has no 64-bit integer type".into(),
        ),
        S::F64 => Err("`double`: WGSL has no 64-bit floating type".into()),
    }
}

/// A WGSL vector size.
pub(super) fn vector_size(n: u8) -> Result<VectorSize, String> {
    match n {
        2 => Ok(VectorSize::Bi),
        3 => Ok(VectorSize::Tri),
        4 => Ok(VectorSize::Quad),
        _ => Err(format!("vectors of {n} components")),
    }
}

fn scalar_ty(out: &mut naga::Module, s: Scalar) -> Handle<naga::Type> {
    out.types.insert(
        naga::Type {
            name: None,
            inner: TypeInner::Scalar(s),
        },
        Span::UNDEFINED,
    )
}

fn vec_ty(out: &mut naga::Module, s: Scalar, size: VectorSize) -> Handle<naga::Type> {
    out.types.insert(
        naga::Type {
            name: None,
            inner: TypeInner::Vector { size, scalar: s },
        },
        Span::UNDEFINED,
    )
}

fn nonzero(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)
}

/// A binary expression.
#[allow(dead_code)]
pub(super) fn bin(
    op: naga::BinaryOperator,
    left: Handle<Expression>,
    right: Handle<Expression>,
) -> Expression {
    Expression::Binary { op, left, right }
}

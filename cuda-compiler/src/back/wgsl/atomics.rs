//! Atomics on word arrays: `u32`/`i32` operations WGSL has natively
//! (add, sub, and, or, xor, exchange, compare-exchange; min/max on `u32`),
//! everything else (`float` add, signed min/max, `atomicInc`/`atomicDec`)
//! as a compare-exchange loop. 64-bit atomics are unsupported.

use naga::{
    AtomicFunction as F, BinaryOperator as B, Block, Expression, PredeclaredType, Statement,
};

use super::func::{FnCtx, H};
use super::Unsupported;
use crate::ir::{AtomicOp, ExprId, Scalar};

impl FnCtx<'_, '_> {
    /// Lowers one atomic read-modify-write.
    pub fn atomic(
        &mut self,
        op: AtomicOp,
        ptr: ExprId,
        value: ExprId,
        compare: Option<ExprId>,
        result: Option<ExprId>,
    ) -> Result<(), Unsupported> {
        let s = match self.func.exprs[value].ty.element_scalar() {
            Some(s @ (Scalar::I32 | Scalar::U32 | Scalar::F32)) => s,
            Some(s) if s.size() == 8 => {
                return Err(self.err(format!(
                    "64-bit atomics (`{}`): WGSL atomics are 32-bit",
                    s.cuda_name()
                )))
            }
            _ => return Err(self.err("atomics on values narrower than 32 bits")),
        };
        let v = self.expr(value)?;
        let vbits = self.value_to_bits(s, v);
        let cbits = match compare {
            Some(c) => {
                let c = self.expr(c)?;
                Some(self.value_to_bits(s, c))
            }
            None => None,
        };
        let (region, off) = self.ptr(ptr)?;
        let word = self.shr_u(off, 2);
        let u32_ty = self.m.scalar(naga::Scalar::U32);
        let old = self.temp("old", u32_ty);
        let native = match (op, s) {
            (AtomicOp::Add, Scalar::I32 | Scalar::U32) => Some(F::Add),
            (AtomicOp::Sub, Scalar::I32 | Scalar::U32) => Some(F::Subtract),
            (AtomicOp::And, _) => Some(F::And),
            (AtomicOp::Or, _) => Some(F::InclusiveOr),
            (AtomicOp::Xor, _) => Some(F::ExclusiveOr),
            (AtomicOp::Exchange, _) => Some(F::Exchange { compare: None }),
            (AtomicOp::CompareExchange, _) => Some(F::Exchange { compare: cbits }),
            (AtomicOp::Min, Scalar::U32) => Some(F::Min),
            (AtomicOp::Max, Scalar::U32) => Some(F::Max),
            _ => None,
        };
        self.for_region(region, &mut |c, r| {
            match native {
                Some(fun) => {
                    let is_cas = matches!(fun, F::Exchange { compare: Some(_) });
                    let res = c.atomic_result(is_cas);
                    c.atomic_word(r, word, fun, vbits, Some(res))?;
                    let res = if is_cas { c.field(res, 0) } else { res };
                    let p = c.local_ptr(old);
                    c.store(p, res);
                }
                None => c.cas_loop(r, word, old, &mut |c, o| c.apply(op, s, o, vbits))?,
            }
            Ok(())
        })?;
        if let Some(res) = result {
            let p = self.local_ptr(old);
            let bits = self.load(p);
            let val = self.bits_to_value(s, bits);
            let lv = self.result_local(res)?;
            let p = self.local_ptr(lv);
            self.store(p, val);
        }
        Ok(())
    }

    /// An `AtomicResult` expression (a compare-exchange result struct when
    /// `cas`).
    fn atomic_result(&mut self, cas: bool) -> H {
        let ty =
            if cas {
                self.m.out.generate_predeclared_type(
                    PredeclaredType::AtomicCompareExchangeWeakResult(naga::Scalar::U32),
                )
            } else {
                self.m.scalar(naga::Scalar::U32)
            };
        self.push_result(Expression::AtomicResult {
            ty,
            comparison: cas,
        })
    }

    /// `loop { o = *w; if cas(w, o, f(o)).exchanged { break } }`, leaving
    /// the old word in `old`.
    pub fn cas_loop(
        &mut self,
        r: u32,
        word: H,
        old: naga::Handle<naga::LocalVariable>,
        f: &mut dyn FnMut(&mut Self, H) -> Result<H, Unsupported>,
    ) -> Result<(), Unsupported> {
        let body = self.block(|c| {
            let o = c.load_word(r, word)?;
            let p = c.local_ptr(old);
            c.store(p, o);
            let new = f(c, o)?;
            let res = c.atomic_result(true);
            c.atomic_word(r, word, F::Exchange { compare: Some(o) }, new, Some(res))?;
            let done = c.field(res, 1);
            let mut brk = Block::new();
            brk.push(Statement::Break, naga::Span::UNDEFINED);
            c.stmt(Statement::If {
                condition: done,
                accept: brk,
                reject: Block::new(),
            });
            Ok(())
        })?;
        self.stmt(Statement::Loop {
            body,
            continuing: Block::new(),
            break_if: None,
        });
        Ok(())
    }

    /// The new word of a read-modify-write from the old word `o`.
    fn apply(&mut self, op: AtomicOp, s: Scalar, o: H, vbits: H) -> Result<H, Unsupported> {
        let ov = self.bits_to_value(s, o);
        let v = self.bits_to_value(s, vbits);
        let nv = match op {
            AtomicOp::Add => self.bin(B::Add, ov, v),
            AtomicOp::Sub => self.bin(B::Subtract, ov, v),
            AtomicOp::Min => self.math(naga::MathFunction::Min, &[ov, v]),
            AtomicOp::Max => self.math(naga::MathFunction::Max, &[ov, v]),
            AtomicOp::Inc if s == Scalar::U32 => {
                let ge = self.bin(B::GreaterEqual, o, vbits);
                let z = self.u32(0);
                let inc = self.add_u(o, 1);
                return Ok(self.select(ge, z, inc));
            }
            AtomicOp::Dec if s == Scalar::U32 => {
                let z = self.u32(0);
                let is0 = self.bin(B::Equal, o, z);
                let gt = self.bin(B::Greater, o, vbits);
                let wrap = self.bin(B::LogicalOr, is0, gt);
                let one = self.u32(1);
                let dec = self.bin(B::Subtract, o, one);
                return Ok(self.select(wrap, vbits, dec));
            }
            _ => return Err(self.err(format!("atomic {op:?} on `{}`", s.cuda_name()))),
        };
        Ok(self.value_to_bits(s, nv))
    }
}

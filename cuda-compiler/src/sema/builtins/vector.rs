//! Vector constructors: `make_float4(x, y, z, w)` and the rest of the
//! `make_<type><n>` family, each a `Compose` of the converted components.
//! (`make_half2`/`make_bfloat162` live with the half functions.)

use super::call::Call;
use super::resolve::{resolve, Overload, P};
use super::Lowered;
use crate::ir::Scalar;

/// The element type of each `make_<base>N`: the CUDA vector type families.
use crate::sema::scope::VECTOR_FAMILIES as BASES;

/// `make_float4` → (`f32`, 4).
fn lookup(name: &str) -> Option<(Scalar, u8)> {
    let rest = name.strip_prefix("make_")?;
    let (base, n) = rest.split_at(rest.len().checked_sub(1)?);
    let n = match n {
        "1" => 1,
        "2" => 2,
        "3" => 3,
        "4" => 4,
        _ => return None,
    };
    let (_, s) = BASES.iter().find(|(b, _)| *b == base)?;
    Some((*s, n))
}

/// Is `name` a vector constructor?
pub(super) fn knows(name: &str) -> bool {
    lookup(name).is_some()
}

/// Every name this family knows.
pub(super) fn names() -> Vec<String> {
    BASES
        .iter()
        .flat_map(|(b, _)| (1..=4).map(move |n| format!("make_{b}{n}")))
        .collect()
}

/// Lowers `make_<type><n>(…)`, if `name` is one.
pub(super) fn lower(cx: &mut Call<'_, '_>) -> Option<Lowered> {
    let (s, n) = lookup(cx.name)?;
    Some(lower_make(cx, s, n))
}

fn lower_make(cx: &mut Call<'_, '_>, s: Scalar, n: u8) -> Lowered {
    cx.reject_template_args()?;
    let params = vec![P::S(s); usize::from(n)];
    resolve(cx, &[Overload::new(&params, P::V(s, n), ())])?;
    let components = (0..usize::from(n))
        .map(|i| cx.arg_as_scalar(i, s))
        .collect();
    Ok(Some(cx.compose(components, P::V(s, n).ty())))
}

//! The call graph of a module: which device functions each function calls,
//! which functions a kernel reaches, and recursion.
//!
//! CUDA back ends here inline or emit every reachable device function, and
//! none of them supports recursion (WGSL forbids it; the CPU form and the
//! PTX emitter assume a bounded stack), so the validator rejects cycles and
//! every per-kernel analysis walks [`CallGraph::reachable`].

use super::walk::for_each_stmt;
use crate::ir::{FuncId, Module, StmtKind};

/// Direct callees of every function of a module.
#[derive(Debug, Clone, Default)]
pub struct CallGraph {
    /// `callees[f]`: the distinct functions `f` calls, in first-call order.
    /// Ids out of range of the module are left out.
    callees: Vec<Vec<FuncId>>,
}

impl CallGraph {
    /// Builds the graph from the `Call` statements of every function.
    pub fn new(module: &Module) -> Self {
        let n = module.functions.len();
        let callees = module
            .functions
            .iter()
            .map(|f| {
                let mut out: Vec<FuncId> = Vec::new();
                for_each_stmt(&f.body, &mut |s| {
                    if let StmtKind::Call { func, .. } = s.kind {
                        if (func.0 as usize) < n && !out.contains(&func) {
                            out.push(func);
                        }
                    }
                });
                out
            })
            .collect();
        Self { callees }
    }

    /// The functions `f` calls directly.
    pub fn callees(&self, f: FuncId) -> &[FuncId] {
        self.callees.get(f.0 as usize).map_or(&[], Vec::as_slice)
    }

    /// `f` and every function reachable from it, `f` first, then in
    /// depth-first preorder (each once).
    pub fn reachable(&self, f: FuncId) -> Vec<FuncId> {
        let mut seen = vec![false; self.callees.len()];
        let mut out = Vec::new();
        let mut stack = vec![f];
        while let Some(g) = stack.pop() {
            match seen.get_mut(g.0 as usize) {
                Some(s) if !*s => *s = true,
                _ => continue,
            }
            out.push(g);
            stack.extend(self.callees(g).iter().rev().copied());
        }
        out
    }

    /// A cycle of calls, if there is one: `[f, g, …, f]` (the first
    /// function repeated at the end; `[f, f]` for direct recursion).
    pub fn find_cycle(&self) -> Option<Vec<FuncId>> {
        // 0 = unvisited, 1 = on the current path, 2 = done.
        let mut state = vec![0u8; self.callees.len()];
        for root in 0..self.callees.len() {
            if state[root] != 0 {
                continue;
            }
            // Iterative DFS: (function, index of the next callee to visit).
            let mut path: Vec<(usize, usize)> = vec![(root, 0)];
            state[root] = 1;
            while let Some(&mut (f, ref mut next)) = path.last_mut() {
                let callees = &self.callees[f];
                if let Some(&g) = callees.get(*next) {
                    *next += 1;
                    let g = g.0 as usize;
                    match state[g] {
                        0 => {
                            state[g] = 1;
                            path.push((g, 0));
                        }
                        1 => {
                            let start = path.iter().position(|&(h, _)| h == g).unwrap_or(0);
                            let mut cycle: Vec<FuncId> = path[start..]
                                .iter()
                                .map(|&(h, _)| FuncId(h as u32))
                                .collect();
                            cycle.push(FuncId(g as u32));
                            return Some(cycle);
                        }
                        _ => {}
                    }
                } else {
                    state[f] = 2;
                    path.pop();
                }
            }
        }
        None
    }

    /// All functions ordered so that every function comes after the
    /// functions it calls (callees first). Functions on a cycle are placed
    /// arbitrarily among themselves.
    pub fn callees_first(&self) -> Vec<FuncId> {
        let n = self.callees.len();
        let mut done = vec![false; n];
        let mut on_path = vec![false; n];
        let mut out = Vec::with_capacity(n);
        for root in 0..n {
            if done[root] {
                continue;
            }
            let mut path: Vec<(usize, usize)> = vec![(root, 0)];
            on_path[root] = true;
            while let Some(&mut (f, ref mut next)) = path.last_mut() {
                if let Some(&g) = self.callees[f].get(*next) {
                    *next += 1;
                    let g = g.0 as usize;
                    if !done[g] && !on_path[g] {
                        on_path[g] = true;
                        path.push((g, 0));
                    }
                } else {
                    on_path[f] = false;
                    done[f] = true;
                    out.push(FuncId(f as u32));
                    path.pop();
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::test_support::{call, function, module_of};

    #[test]
    fn reachable_and_order() {
        // 0 -> 1 -> 2, 0 -> 2, 3 alone
        let m = module_of(vec![
            function("k", vec![call(1), call(2), call(1)]),
            function("a", vec![call(2)]),
            function("b", vec![]),
            function("c", vec![]),
        ]);
        let g = CallGraph::new(&m);
        assert_eq!(g.callees(FuncId(0)), &[FuncId(1), FuncId(2)]);
        assert_eq!(
            g.reachable(FuncId(0)),
            vec![FuncId(0), FuncId(1), FuncId(2)]
        );
        assert_eq!(g.reachable(FuncId(3)), vec![FuncId(3)]);
        assert_eq!(g.find_cycle(), None);
        assert_eq!(
            g.callees_first(),
            vec![FuncId(2), FuncId(1), FuncId(0), FuncId(3)]
        );
    }

    #[test]
    fn finds_cycles() {
        let m = module_of(vec![
            function("k", vec![call(1)]),
            function("a", vec![call(2)]),
            function("b", vec![call(1)]),
        ]);
        assert_eq!(
            CallGraph::new(&m).find_cycle(),
            Some(vec![FuncId(1), FuncId(2), FuncId(1)])
        );
        let m = module_of(vec![function("f", vec![call(0)])]);
        assert_eq!(
            CallGraph::new(&m).find_cycle(),
            Some(vec![FuncId(0), FuncId(0)])
        );
    }
}

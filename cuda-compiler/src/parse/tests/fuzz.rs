//! Mutated real code: the parser never panics and always finishes.

use super::support::*;

/// A small deterministic generator (no dependency needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

fn mutate(src: &str, rng: &mut Lcg) -> String {
    let mut bytes: Vec<u8> = src.bytes().collect();
    for _ in 0..1 + rng.next(4) {
        let len = bytes.len().max(1);
        let at = rng.next(len);
        match rng.next(4) {
            0 => {
                let n = rng.next(20).min(bytes.len() - at.min(bytes.len()));
                bytes.drain(at..at + n);
            }
            1 => {
                const PIECES: [&str; 14] = [
                    "(",
                    ")",
                    "{",
                    "}",
                    "<",
                    ">",
                    ";",
                    ",",
                    "template",
                    "::",
                    "*",
                    "\"",
                    "'",
                    "#pragma unroll\n",
                ];
                let piece = PIECES[rng.next(PIECES.len())];
                let at = at.min(bytes.len());
                bytes.splice(at..at, piece.bytes());
            }
            2 => {
                let n = rng.next(40).min(bytes.len() - at.min(bytes.len()));
                let copy: Vec<u8> = bytes[at..at + n].to_vec();
                let to = rng.next(bytes.len().max(1)).min(bytes.len());
                bytes.splice(to..to, copy);
            }
            _ => {
                if at < bytes.len() {
                    bytes[at] = b"(){}[]<>;,.=+-*&|!?:~"[rng.next(21)];
                }
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn mutated_sources_never_panic() {
    let corpus = [
        super::kernels_src::MATMUL,
        super::kernels_src::REDUCTION,
        super::kernels_src::SAMPLE,
    ];
    let mut rng = Lcg(0x5eed);
    for i in 0..300 {
        let src = mutate(corpus[i % corpus.len()], &mut rng);
        let p = pp(&src);
        let start = std::time::Instant::now();
        if let Err(diags) = crate::parse::parse(&p) {
            assert!(!diags.is_empty());
            for d in &diags {
                assert!(
                    !d.message.contains("internal error"),
                    "{src}\n{}",
                    d.message
                );
                assert!(d.span.is_some(), "no location: {}", d.message);
            }
        }
        assert!(start.elapsed().as_secs() < 10, "slow input:\n{src}");
    }
}

//! Tests: sourcemap.
use super::*;

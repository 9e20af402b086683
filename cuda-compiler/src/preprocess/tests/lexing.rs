//! Tests: lexing.
use super::*;

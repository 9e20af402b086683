//! Tests: conditionals.
use super::*;

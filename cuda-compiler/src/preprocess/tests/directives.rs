//! Tests: directives.
use super::*;

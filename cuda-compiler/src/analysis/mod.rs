//! Analyses over the IR, written once and shared by every back end.

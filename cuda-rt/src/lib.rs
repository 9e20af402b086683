//! The cudawasm runtime: devices, buffers, streams and back ends.
//!
//! Not built yet: the CPU back end and the runtime core arrive with the
//! CPU back-end issue; wgpu and CUDA after it. The crate exists now so the
//! workspace has its final shape.

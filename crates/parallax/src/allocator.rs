//! The memory allocator of the `parallax` binary and of its benchmarks (which include this
//! file, so they measure what the binary does).
//!
//! mimalloc rather than the system allocator: the annotate stage allocates many small vectors
//! per sentence, and with glibc malloc annotate + persuasion ran 4-8% slower
//! (docs/BENCHMARKS.md, "Annotate stage throughput").

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

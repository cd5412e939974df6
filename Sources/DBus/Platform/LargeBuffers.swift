#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory advice for multi-megabyte message buffers.
///
/// A large message lands in fresh memory (the allocator hands out new mappings for big blocks
/// and returns them when freed), so every 4 KiB page costs a page fault on first touch: for an
/// 8 MiB payload that is thousands of faults per buffer, more time than copying the bytes. Asking
/// for transparent huge pages before the first touch turns them into a handful of faults.
@usableFromInline
enum LargeBuffers {
    /// Buffers at least this big are advised; smaller ones are rarely fresh mappings.
    @usableFromInline static let threshold = 4 * 1024 * 1024

    /// Advises the kernel to back the whole huge pages inside `count` bytes at `base` with huge
    /// pages. Call it before writing the memory. A no-op where the platform has no such advice.
    @usableFromInline
    static func adviseHugePages(_ base: UnsafeMutableRawPointer?, count: Int) {
        #if os(Linux)
        guard let base, count >= threshold else { return }
        let hugePage = 2 * 1024 * 1024
        let start = (Int(bitPattern: base) + hugePage - 1) & ~(hugePage - 1)
        let end = (Int(bitPattern: base) + count) & ~(hugePage - 1)
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, end - start, MADV_HUGEPAGE)  // Advice only: failure changes nothing.
        #endif
    }

    /// An array of `count` elements in uninitialized memory, with huge-page advice when large.
    /// `initialize` writes the contents; every element must be written before it is read (the
    /// message framer fills the tail of a large message from later reads).
    @inlinable
    static func makeArray<Element>(
        count: Int, _ initialize: (UnsafeMutableRawBufferPointer) -> Void
    ) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            adviseHugePages(raw.baseAddress, count: raw.count)
            initialize(raw)
            initialized = count
        }
    }
}

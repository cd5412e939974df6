#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Names recently seen in received headers, so that a connection turns the same path, interface
/// or member bytes into a validated value once instead of once per message: D-Bus traffic
/// repeats a handful of names, and building a String (an allocation, UTF-8 and grammar checks)
/// for each was a large part of parsing a small message.
///
/// A hit returns the value built when the same bytes were first validated. Owned by one thread
/// (a connection's I/O thread); a parse without a cache works the same, only slower.
struct HeaderNameCache: Sendable {
    /// Entries per kind of name: a connection talks to a few objects and interfaces at once.
    static let entriesPerKind = 8
    /// Longer names are not kept: a hostile peer must not make the cache hold large strings.
    static let maximumLength = 256

    var paths = Recent<ObjectPath>()
    var interfaces = Recent<InterfaceName>()
    var members = Recent<MemberName>()
    var errorNames = Recent<ErrorName>()
    /// Destinations and senders.
    var busNames = Recent<BusName>()
    var signatures = Recent<Signature>()

    /// A few (bytes, value) pairs, replaced round-robin once full.
    struct Recent<Value: Sendable>: Sendable {
        private var entries: [(bytes: [UInt8], value: Value)] = []
        private var nextReplaced = 0

        /// The value stored for exactly these bytes.
        func value(for bytes: UnsafeRawBufferPointer) -> Value? {
            for entry in entries where entry.bytes.count == bytes.count {
                if bytes.isEmpty { return entry.value }
                let equal = entry.bytes.withUnsafeBytes { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
                if equal { return entry.value }
            }
            return nil
        }

        /// Remembers `value` as the validated form of `bytes`.
        mutating func insert(_ bytes: UnsafeRawBufferPointer, _ value: Value) {
            guard bytes.count <= HeaderNameCache.maximumLength else { return }
            let entry = (bytes: [UInt8](bytes), value: value)
            if entries.count < HeaderNameCache.entriesPerKind {
                entries.append(entry)
            } else {
                entries[nextReplaced] = entry
                nextReplaced = (nextReplaced + 1) % HeaderNameCache.entriesPerKind
            }
        }
    }
}

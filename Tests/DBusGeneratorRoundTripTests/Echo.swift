#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DBus

/// The server side of the round-trip tests: a plain actor implementing the generated protocol.
actor Echo: RoundTrip1.Interface {
    struct PlainError: Error {}

    static let path: ObjectPath = "/org/example/RoundTrip1"

    /// Where `emit` sends its signal; set once the skeleton is exported.
    var connection: DBusConnection?
    private(set) var notes: [String] = []
    private(set) var echoBytesCalls = 0
    private(set) var serialReads = 0
    private(set) var secret = ""
    var label = "initial"
    var level: UInt32 = 1
    var ticks: UInt64 = 0
    var origin = RoundTrip1.Origin(field0: 3, field1: 4)

    func attach(_ connection: DBusConnection) {
        self.connection = connection
    }

    var serial: String {
        serialReads += 1
        return "SN-1"
    }

    func echoBasics(byte: UInt8, flag: Bool, small: Int16, smallUnsigned: UInt16, number: Int32, count: UInt32, big: Int64,
                    bigUnsigned: UInt64, ratio: Double, text: String, object: ObjectPath, types: Signature)
        -> (byteOut: UInt8, flagOut: Bool, smallOut: Int16, smallUnsignedOut: UInt16, numberOut: Int32, countOut: UInt32, bigOut: Int64,
            bigUnsignedOut: UInt64, ratioOut: Double, textOut: String, objectOut: ObjectPath, typesOut: Signature) {
        (byte, flag, small, smallUnsigned, number, count, big, bigUnsigned, ratio, text, object, types)
    }

    func echoBytes(data: [UInt8]) -> [UInt8] {
        echoBytesCalls += 1
        return data
    }

    func echoVariant(value: Variant) -> Variant { value }
    func echoOptions(options: [String: Variant]) -> [String: Variant] { options }
    func echoRects(rects: [RoundTrip1.Rect]) -> [RoundTrip1.Rect] { rects }
    func echoNested(tree: [String: [RoundTrip1.TreeValueElement]]) -> [String: [RoundTrip1.TreeValueElement]] { tree }

    func readDescriptor(fd: UnixFD, length: UInt32) throws -> (data: [UInt8], same: UnixFD) {
        guard let raw = fd.rawValue else { throw DBusError.invalidArgs("descriptor already closed") }
        var buffer = [UInt8](repeating: 0, count: Int(length))
        let count = read(raw, &buffer, buffer.count)
        guard count >= 0 else { throw DBusError.failed("read failed: errno \(errno)") }
        return (Array(buffer[..<count]), try fd.duplicate())
    }

    func fail(name: String, message: String) throws {
        guard !name.isEmpty else { throw PlainError() }
        throw DBusError(name: try ErrorName(name), message: message)
    }

    func record(note: String) { notes.append(note) }
    func recorded() -> [String] { notes }

    func emit(text: String, count: UInt32) async throws {
        guard let connection else { throw DBusError.failed("not exported") }
        try await RoundTrip1.emitAnnounced(RoundTrip1.Announced(text: text, count: count), on: connection, at: Self.path)
    }

    func setLabel(_ value: String) { label = value }
    func setLevel(_ value: UInt32) { level = value }
    func setTicks(_ value: UInt64) { ticks = value }
    func setSecret(_ value: String) { secret = value }
}

/// A pipe whose read end holds `text`.
func pipeHolding(_ text: String) throws -> UnixFD {
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else { throw DBusError.failed("pipe failed") }
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
    close(ends[1])
    return UnixFD(taking: ends[0])
}

/// A connected pair of Unix stream sockets for peer-to-peer tests.
func socketPair() throws -> (Int32, Int32) {
    var ends: [Int32] = [-1, -1]
    #if canImport(Glibc)
    let type = Int32(SOCK_STREAM.rawValue)
    #else
    let type = SOCK_STREAM
    #endif
    guard socketpair(AF_UNIX, type, 0, &ends) == 0 else { throw DBusError.failed("socketpair failed: errno \(errno)") }
    return (ends[0], ends[1])
}

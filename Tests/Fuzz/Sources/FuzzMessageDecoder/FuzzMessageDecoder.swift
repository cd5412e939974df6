import DBus
import LibFuzzerDriver
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Two real descriptors so inputs that announce Unix fds can parse.
let receivedFDs: [UnixFD] = (0..<2).map { _ in UnixFD(taking: open("/dev/null", O_RDONLY | O_CLOEXEC)) }

/// A type for the raw decoder to read the input as when it is not a whole message. Built per
/// input rather than held in a global: Swift stores enum payload pointers with tag bits, which
/// LeakSanitizer does not recognise, so a global `DBusType` tree would be reported as a leak.
func bodyType(_ selector: UInt8) -> DBusType {
    switch selector % 12 {
    case 0: .variant
    case 1: .dictionary(key: .string, value: .variant)
    case 2: .array(.structure([.int32, .int32, .uint32]))
    case 3: .string
    case 4: .objectPath
    case 5: .signature
    case 6: .array(.byte)
    case 7: .array(.boolean)
    case 8: .structure([.byte, .variant, .double])
    case 9: .dictionary(key: .objectPath, value: .dictionary(key: .string, value: .dictionary(key: .string, value: .variant)))
    case 10: .array(.unixFD)
    default: .array(.array(.variant))
    }
}

/// One input: any bytes give a message or a `DBusWireError`, never a crash, hang or huge
/// allocation. What parses must survive re-encoding unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMessageDecoder(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))

    if count >= 16 {
        _ = try? Message.requiredLength(fromPrefix: Array(bytes[0..<16]))
    }
    let fresh = parseOutcome { () throws(DBusWireError) in try Message.parse(bytes: bytes, fds: receivedFDs) }
    if case .success(let message) = fresh {
        checkRoundTrip(message)
    }
    // A parser that remembers names (as a connection's does) must agree with a fresh parse:
    // first with names from a typical message remembered (inputs derived from the corpus damage
    // such names), then again with the input's own names remembered.
    var parser = MessageParser()
    _ = try? parser.parse(bytes: warmUpMessage())
    for _ in 0..<2 {
        let cached = parseOutcome { () throws(DBusWireError) in try parser.parse(bytes: bytes, fds: receivedFDs) }
        guard describe(cached) == describe(fresh) else {
            fatalError("MessageParser gave \(describe(cached)), Message.parse gave \(describe(fresh))")
        }
    }

    // The same bytes as a body of one of a few types, in both byte orders.
    if let selector = bytes.first {
        let type = bodyType(selector)
        let body = Array(bytes.dropFirst())
        for endianness in [Endianness.little, .big] {
            var decoder = DBusDecoder(bytes: body, endianness: endianness, fds: receivedFDs)
            guard let value = try? decoder.decodeValue(of: type) else { continue }
            var encoder = DBusEncoder(endianness: endianness, fds: receivedFDs)
            encoder.encode(value: value)
            // Encoding is canonical (padding must be zero, booleans 0 or 1), so the bytes read
            // are exactly the bytes written.
            guard Array(body[0..<decoder.offset]) == encoder.bytes else {
                fatalError("re-encoding \(type) gave different bytes")
            }
        }
    }
    return 0
}

/// A method call with every kind of header name, for a parser to remember. Built per input, not
/// held in a global, for the same LeakSanitizer reason as `bodyType`.
func warmUpMessage() -> [UInt8] {
    var message = Message.methodCall(
        destination: "org.example.Service", path: "/org/example/Object", interface: "org.example.Iface",
        member: "Frob", body: MessageBody("text", UInt32(1)))
    message.sender = ":1.42"
    return (try? message.serialized(serial: 1)) ?? []
}

func parseOutcome(_ parse: () throws(DBusWireError) -> Message) -> Result<Message, DBusWireError> {
    do throws(DBusWireError) { return .success(try parse()) } catch { return .failure(error) }
}

/// A parse result as text: the message re-serialized under its own serial, or the error.
func describe(_ outcome: Result<Message, DBusWireError>) -> String {
    switch outcome {
    case .success(let message): "ok \((try? message.serialized(serial: message.serial)) ?? [])"
    case .failure(let error): "error \(error)"
    }
}

func checkRoundTrip(_ message: Message) {
    guard let again = try? message.serialized(serial: message.serial) else {
        fatalError("a parsed message does not serialize")
    }
    guard let reparsed = try? Message.parse(bytes: again, fds: message.fds) else {
        fatalError("a serialized message does not parse")
    }
    guard reparsed.body == message.body, reparsed.signature == message.signature, reparsed.path == message.path,
          reparsed.member == message.member, reparsed.interface == message.interface,
          reparsed.errorName == message.errorName, reparsed.replySerial == message.replySerial,
          reparsed.destination == message.destination, reparsed.sender == message.sender,
          reparsed.flags == message.flags, reparsed.type == message.type else {
        fatalError("a message changed across serialize and parse")
    }
    // Generic decoding of the body, re-encoded, gives the body back.
    var decoder = message.bodyDecoder()
    var encoder = DBusEncoder(endianness: message.bodyEndianness, fds: message.fds)
    for type in message.signature.types {
        guard let value = try? decoder.decodeValue(of: type) else { fatalError("a validated body does not decode") }
        encoder.encode(value: value)
    }
    guard encoder.bytes == message.body else { fatalError("a body changed across decode and encode") }
}

@main
enum FuzzMessageDecoderMain {
    static func main() {
        runLibFuzzer { data, count in fuzzMessageDecoder(data, count) }
    }
}

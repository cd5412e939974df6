import Testing
import DBus

/// A D-Bus struct written the way generated code writes one.
struct Point: DBusCodable, Equatable {
    var x: Int32
    var y: Int32
    var tag: UInt32

    static var dbusType: DBusType { .structure([.int32, .int32, .uint32]) }
    static var dbusAlignment: Int { 8 }

    func encode(to encoder: inout DBusEncoder) {
        encoder.encodeStruct { encoder in
            encoder.encode(x)
            encoder.encode(y)
            encoder.encode(tag)
        }
    }

    init(x: Int32, y: Int32, tag: UInt32) {
        self.x = x
        self.y = y
        self.tag = tag
    }

    init(from decoder: inout DBusDecoder) throws(DBusWireError) {
        self = try decoder.decodeStruct { decoder throws(DBusWireError) in
            Point(x: try decoder.decode(), y: try decoder.decode(), tag: try decoder.decode())
        }
    }
}

@Suite struct RoundTripTests {
    func roundTrip<T: DBusCodable & Equatable>(_ value: T, endianness: Endianness = .native) throws -> T {
        var encoder = DBusEncoder(endianness: endianness)
        encoder.encode(value)
        #expect(encoder.problem == nil)
        var decoder = DBusDecoder(bytes: encoder.bytes, endianness: endianness, fds: encoder.fds)
        let decoded = try decoder.decode(T.self)
        try decoder.finish()
        return decoded
    }

    @Test(arguments: [Endianness.little, .big])
    func basicValuesSurviveARoundTrip(endianness: Endianness) throws {
        #expect(try roundTrip(UInt8(0xAB), endianness: endianness) == 0xAB)
        #expect(try roundTrip(true, endianness: endianness) == true)
        #expect(try roundTrip(Int16(-2), endianness: endianness) == -2)
        #expect(try roundTrip(UInt16(65000), endianness: endianness) == 65000)
        #expect(try roundTrip(Int32.min, endianness: endianness) == .min)
        #expect(try roundTrip(UInt32.max, endianness: endianness) == .max)
        #expect(try roundTrip(Int64.min, endianness: endianness) == .min)
        #expect(try roundTrip(UInt64.max, endianness: endianness) == .max)
        #expect(try roundTrip(-1.5, endianness: endianness) == -1.5)
        #expect(try roundTrip("grüße ✓", endianness: endianness) == "grüße ✓")
        #expect(try roundTrip(ObjectPath("/org/example/A_1"), endianness: endianness) == "/org/example/A_1")
        #expect(try roundTrip(Signature("a{sv}(ii)"), endianness: endianness) == "a{sv}(ii)")
    }

    @Test(arguments: [Endianness.little, .big])
    func containersSurviveARoundTrip(endianness: Endianness) throws {
        let points = (0..<100).map { Point(x: Int32($0), y: -Int32($0), tag: UInt32($0) * 3) }
        #expect(try roundTrip(points, endianness: endianness) == points)
        #expect(try roundTrip([UInt8](0...255), endianness: endianness) == [UInt8](0...255))
        #expect(try roundTrip([Int64.min, 0, .max], endianness: endianness) == [Int64.min, 0, .max])
        #expect(try roundTrip([Double](), endianness: endianness) == [])
        #expect(try roundTrip([[String]](arrayLiteral: ["a"], [], ["b", "c"]), endianness: endianness) == [["a"], [], ["b", "c"]])
        let dict: [String: Variant] = ["u": Variant(UInt32(3)), "s": Variant("x"), "d": Variant(2.5), "v": Variant(Variant(true))]
        #expect(try roundTrip(dict, endianness: endianness) == dict)
    }

    @Test func byteSlicesDecodeWithoutCopying() throws {
        let payload = [UInt8](repeating: 0xAB, count: 4096)
        let message = Message.methodCall(path: "/", member: "Scanout", body: MessageBody(UInt32(7), payload[...]))
        #expect(message.signature == "uay")
        let parsed = try Message.parse(bytes: try message.serialized(serial: 1))
        let (width, view) = try parsed.decodeBody(as: UInt32.self, ArraySlice<UInt8>.self)
        #expect(width == 7)
        #expect(view.elementsEqual(payload))
        // The slice points into the received message, right after its header and the width.
        let bodyStart = view.startIndex - 8
        #expect(bodyStart > 0 && bodyStart % 8 == 0)
        #expect(try parsed.decodeBody(as: UInt32.self, [UInt8].self).1 == payload)
        #expect(Variant(view).get(as: ArraySlice<UInt8>.self).map(Array.init) == payload)
    }

    @Test func variantReportsItsSignatureAndValue() {
        let v = Variant(UInt32(3))
        #expect(v.signature == "u")
        #expect(v.get(as: UInt32.self) == 3)
        #expect(v.get(as: Int32.self) == nil)
        let points = Variant([Point(x: 1, y: 2, tag: 3)])
        #expect(points.signature == "a(iiu)")
        #expect(points.get(as: [Point].self) == [Point(x: 1, y: 2, tag: 3)])
        #expect(Variant([String: Variant]()).signature == "a{sv}")
    }

    @Test func structsAlignToEightBytes() {
        var encoder = DBusEncoder()
        encoder.encode(UInt8(1))
        encoder.encode(Point(x: 2, y: 3, tag: 4))
        #expect(encoder.bytes.count == 8 + 12)
        #expect(encoder.bytes[1..<8].allSatisfy { $0 == 0 })
    }

    @Test func messageSurvivesSerializeAndParse() throws {
        var call = Message.methodCall(
            destination: "org.example.Service", path: "/org/example/Obj", interface: "org.example.Iface",
            member: "Frob", body: MessageBody("hello", UInt32(7), [Point(x: 1, y: 2, tag: 3)]))
        call.sender = ":1.42"
        let bytes = try call.serialized(serial: 5)
        #expect(try Message.requiredLength(fromPrefix: Array(bytes[0..<16])) == bytes.count)
        let parsed = try Message.parse(bytes: bytes)
        #expect(parsed.type == .methodCall)
        #expect(parsed.serial == 5)
        #expect(parsed.path == "/org/example/Obj")
        #expect(parsed.interface == "org.example.Iface")
        #expect(parsed.member == "Frob")
        #expect(parsed.destination == "org.example.Service")
        #expect(parsed.sender == ":1.42")
        #expect(parsed.signature == "sua(iiu)")
        let (s, u, points) = try parsed.decodeBody(as: String.self, UInt32.self, [Point].self)
        #expect(s == "hello" && u == 7 && points == [Point(x: 1, y: 2, tag: 3)])
        #expect(throws: DBusWireError.self) { try parsed.decodeBody(as: String.self) }

        let reply = Message.error(name: .invalidArgs, message: "bad", replyingTo: parsed)
        let parsedReply = try Message.parse(bytes: try reply.serialized(serial: 9))
        #expect(parsedReply.replySerial == 5)
        #expect(parsedReply.destination == ":1.42")
        #expect(parsedReply.dbusError == DBusError(name: .invalidArgs, message: "bad"))
    }
}

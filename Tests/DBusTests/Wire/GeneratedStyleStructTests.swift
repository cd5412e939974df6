import Testing
import DBus

/// A struct conforming the way DBusCodable's documentation shows, without closures.
struct Item: DBusCodable, Equatable {
    var x: Int32
    var y: Int32
    var name: String

    init(x: Int32, y: Int32, name: String) {
        self.x = x
        self.y = y
        self.name = name
    }

    static var dbusType: DBusType { .structure([.int32, .int32, .string]) }
    static var dbusAlignment: Int { 8 }

    func encode(to encoder: inout DBusEncoder) {
        encoder.beginStruct()
        encoder.encode(x)
        encoder.encode(y)
        encoder.encode(name)
    }

    init(from decoder: inout DBusDecoder) throws(DBusWireError) {
        try decoder.beginStruct()
        x = try decoder.decode()
        y = try decoder.decode()
        name = try decoder.decode()
        decoder.endStruct()
    }
}

@Suite struct GeneratedStyleStructTests {
    @Test func closureFreeStructsRoundTripAndWorkInVariants() throws {
        let items = [Item(x: 1, y: 2, name: "a"), Item(x: -3, y: 4, name: "bc")]
        let message = Message.methodCall(path: "/", member: "M", body: MessageBody(UInt8(7), items))
        #expect(message.signature == "ya(iis)")
        let parsed = try Message.parse(bytes: try message.serialized(serial: 1))
        let (byte, decoded) = try parsed.decodeBody(as: UInt8.self, [Item].self)
        #expect(byte == 7 && decoded == items)

        let variant = Variant(items[1])
        #expect(variant.signature == "(iis)")
        #expect(variant.value == .structure([.int32(-3), .int32(4), .string("bc")]))
        #expect(variant.get(as: Item.self) == items[1])
    }
}

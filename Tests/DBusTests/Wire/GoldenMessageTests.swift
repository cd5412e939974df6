import Foundation
import Testing
import DBus

/// Messages written by GLib's GDBusMessage (Data/make-messages.py, GLib 2.74) and the same
/// messages built here from typed Swift values: every one must parse to the values GLib was
/// given, and our encoder must reproduce GLib's bytes.
@Suite struct GoldenMessageTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var fields: [String: String]
        subscript(_ key: String) -> String { fields[key] ?? "" }
        var name: String { self["name"] }
        var endianness: Endianness { self["endianness"] == "le" ? .little : .big }
        var testDescription: String { self["file"] }
    }

    static let directory = Bundle.module.resourceURL!.appendingPathComponent("Data/messages")

    static let rows: [Row] = {
        guard let text = try? String(contentsOf: directory.appendingPathComponent("manifest.tsv"), encoding: .utf8) else { return [] }
        let lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Row(fields: Dictionary(uniqueKeysWithValues: zip(header, $0))) }
    }()

    static func blob(_ row: Row) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(row["file"])))
    }

    @Test func coversEveryTypeInBothByteOrders() {
        #expect(Self.rows.count >= 60)
        #expect(Set(Self.rows.map(\.endianness)) == [.little, .big])
        let signatures = Self.rows.map { $0["signature"] }.joined()
        for code in "ybnqiuxtdsogvah({" {
            #expect(signatures.contains(code), "no golden message uses '\(code)'")
        }
    }

    @Test(arguments: rows)
    func parsesToTheValuesGLibWasGiven(row: Row) throws {
        let bytes = try Self.blob(row)
        let fds = try TestFDs.make(count: Int(row["unix_fds"])!)
        let message = try Message.parse(bytes: bytes, fds: fds)

        #expect(message.bodyEndianness == row.endianness)
        #expect(message.type.rawValue == UInt8(row["type"]))
        #expect(message.flags.rawValue == UInt8(row["flags"]))
        #expect(message.serial == UInt32(row["serial"]))
        #expect(message.path?.rawValue ?? "" == row["path"])
        #expect(message.interface?.rawValue ?? "" == row["interface"])
        #expect(message.member?.rawValue ?? "" == row["member"])
        #expect(message.errorName?.rawValue ?? "" == row["error_name"])
        #expect(message.replySerial.map(String.init) ?? "" == row["reply_serial"])
        #expect(message.destination?.rawValue ?? "" == row["destination"])
        #expect(message.sender?.rawValue ?? "" == row["sender"])
        #expect(message.signature.rawValue == row["signature"])
        #expect(message.fds == fds)

        // The same values, built from Swift, decode to equal values.
        let expected = try #require(Self.expectedBody(row.name, endianness: row.endianness, fds: fds))
        #expect(expected.signature == message.signature)
        let expectedBytes = expected.encoder.bytes
        #expect(try Self.values(of: message) == Self.values(expectedBytes, signature: expected.signature, endianness: row.endianness, fds: fds))
    }

    @Test(arguments: rows)
    func encodesGLibsBytes(row: Row) throws {
        let bytes = try Self.blob(row)
        let fds = try TestFDs.make(count: Int(row["unix_fds"])!)
        let message = try Message.parse(bytes: bytes, fds: fds)

        // The body, encoded from typed Swift values in the same byte order, is GLib's body.
        let expected = try #require(Self.expectedBody(row.name, endianness: row.endianness, fds: fds))
        #expect(expected.encoder.bytes == message.body)
        #expect(expected.encoder.fds == fds)

        // The whole message re-serializes byte for byte (header fields keep GLib's order).
        #expect(try message.serialized(serial: message.serial) == bytes)

        // Built from scratch (header fields in GDBus's order), it is GLib's message byte for byte.
        var rebuilt = Message(type: message.type, flags: message.flags)
        rebuilt.path = message.path
        rebuilt.interface = message.interface
        rebuilt.member = message.member
        rebuilt.errorName = message.errorName
        rebuilt.replySerial = message.replySerial
        rebuilt.destination = message.destination
        rebuilt.sender = message.sender
        rebuilt.setBody(expected)
        let rebuiltBytes = try rebuilt.serialized(serial: message.serial)
        #expect(rebuiltBytes == bytes)
        let reparsed = try Message.parse(bytes: rebuiltBytes, fds: fds)
        #expect(reparsed.body == message.body)
        #expect(reparsed.signature == message.signature)
        #expect(reparsed.path == message.path && reparsed.member == message.member && reparsed.interface == message.interface)
        #expect(reparsed.errorName == message.errorName && reparsed.replySerial == message.replySerial)
        #expect(reparsed.destination == message.destination && reparsed.sender == message.sender)
    }

    @Test func typedDecodingReadsGoldenBodies() throws {
        func message(_ file: String) throws -> Message {
            let row = try #require(Self.rows.first { $0["file"] == file })
            return try Message.parse(bytes: try Self.blob(row), fds: try TestFDs.make(count: Int(row["unix_fds"])!))
        }
        for order in ["le", "be"] {
            let points = try message("struct-array-\(order).bin").decodeBody(as: [Point].self)
            #expect(points == [Point(x: 1, y: 2, tag: 3), Point(x: -4, y: 5, tag: 6), Point(x: 7, y: -8, tag: 9)])

            let props = try message("dict-string-variant-\(order).bin").decodeBody(as: [String: Variant].self)
            #expect(props.count == 18)
            #expect(props["key01"]?.get(as: UInt32.self) == 1000)
            #expect(props["key02"]?.get(as: Double.self) == 0.5)
            #expect(props["key03"]?.get(as: String.self) == "value 3")
            #expect(props["bytes"]?.get(as: [UInt8].self) == [0, 1, 0xFE])
            #expect(props["dict"]?.get(as: [String: String].self) == ["a": "b"])
            #expect(props["nested"]?.get(as: Variant.self)?.get(as: [Int32].self) == nil)
            #expect(props["nested"]?.signature == "v")

            let (n, q, a, u, x, t, d) = try message("int-arrays-\(order).bin").decodeBody(
                as: [Int16].self, [UInt16].self, [Int32].self, [UInt32].self, [Int64].self, [UInt64].self, [Double].self)
            #expect(n == [-1, 2] && q == [3] && a == [4, -5, 6] && u == [7] && x == [-8] && t == [9, 10] && d == [0.5, -0.25])

            let fdMessage = try message("unix-fds-\(order).bin")
            let (single, list) = try fdMessage.decodeBody(as: UnixFD.self, [UnixFD].self)
            #expect(single == fdMessage.fds[1])
            #expect(list == fdMessage.fds)

            let text = try message("strings-\(order).bin").decodeBody(as: String.self, String.self, UInt8.self)
            #expect(text.1 == "grüße ✓ 🐟")
            #expect(try message("error-with-text-\(order).bin").dbusError == DBusError(name: .invalidArgs, message: "Argument 1 is out of range"))
        }
    }

    // MARK: Helpers

    static func values(of message: Message) throws -> [Variant.Value] {
        var decoder = message.bodyDecoder()
        var values: [Variant.Value] = []
        for type in message.signature.types { values.append(try decoder.decodeValue(of: type)) }
        try decoder.finish()
        return values
    }

    static func values(_ bytes: [UInt8], signature: Signature, endianness: Endianness, fds: [UnixFD]) throws -> [Variant.Value] {
        var decoder = DBusDecoder(bytes: bytes, endianness: endianness, fds: fds)
        var values: [Variant.Value] = []
        for type in signature.types { values.append(try decoder.decodeValue(of: type)) }
        try decoder.finish()
        return values
    }

    /// The body each case of make-messages.py sends, written independently in Swift.
    static func expectedBody(_ name: String, endianness: Endianness, fds: [UnixFD]) -> MessageBody? {
        var body = MessageBody(endianness: endianness, fds: fds)
        typealias V = Variant.Value
        func dict(_ key: DBusType, _ value: DBusType, _ entries: [(V, V)]) -> V {
            .dictionary(keyType: key, valueType: value, entries: entries.map { Variant.DictionaryEntry(key: $0.0, value: $0.1) })
        }
        switch name {
        case "method-call-plain", "method-call-flags", "error-no-text", "signal-unicast":
            break
        case "method-call-sender":
            body.append("org.example.Iface")
            body.append("Version")
        case "method-return":
            body.append("done")
        case "error-with-text":
            body.append("Argument 1 is out of range")
        case "signal-broadcast":
            body.append("org.example.Iface")
            body.append(value: dict(.string, .variant, [
                (.string("Width"), .variant(Variant(UInt32(640)))),
                (.string("Title"), .variant(Variant("hi"))),
            ]))
            body.append(["Stale"])
        case "bytes":
            body.append(UInt8(0)); body.append(UInt8(1)); body.append(UInt8(255))
        case "booleans":
            body.append(true); body.append(false)
        case "int16-uint16":
            body.append(Int16.min); body.append(UInt16.max); body.append(Int16(1))
        case "int32-uint32":
            body.append(UInt8(7)); body.append(Int32.min); body.append(UInt32.max)
        case "int64-uint64":
            body.append(UInt8(7)); body.append(Int64.min); body.append(UInt64.max)
        case "doubles":
            body.append(UInt8(1)); body.append(1.5); body.append(-1e308)
        case "strings":
            body.append(""); body.append("grüße ✓ 🐟"); body.append(UInt8(1))
        case "path-signature":
            body.append(ObjectPath("/org/example/Obj_1")); body.append(Signature("a{sv}(ii)"))
        case "byte-array":
            body.append([UInt8](0...255))
        case "int-arrays-empty":
            body.append(UInt8(1)); body.append([Int32]()); body.append([Int64]()); body.append([Double]())
        case "int-arrays":
            body.append([Int16(-1), 2]); body.append([UInt16(3)]); body.append([Int32(4), -5, 6]); body.append([UInt32(7)])
            body.append([Int64(-8)]); body.append([UInt64(9), 10]); body.append([0.5, -0.25])
        case "bool-array":
            body.append([true, false, true])
        case "string-array":
            body.append(["a", "", "ccc"]); body.append([ObjectPath("/"), ObjectPath("/x/y")])
        case "nested-arrays":
            body.append([Array("ab".utf8), [], Array("c".utf8)]); body.append([["x"], [], ["y", "z"]])
        case "struct":
            body.append(UInt8(1)); body.append(Point(x: -1, y: 2, tag: 3))
        case "struct-array":
            body.append([Point(x: 1, y: 2, tag: 3), Point(x: -4, y: 5, tag: 6), Point(x: 7, y: -8, tag: 9)])
        case "nested-structs":
            body.append(value: .structure([.byte(1), .structure([.int16(2), .structure([.int32(3), .structure([.int64(4), .structure([.double(5.5)])])])])]))
        case "dict-string-variant":
            var entries: [(V, V)] = (0..<12).map { i in
                let value: Variant = switch i % 3 {
                case 0: Variant("value \(i)")
                case 1: Variant(UInt32(i * 1000))
                default: Variant(Double(i) / 4)
                }
                return (.string(i < 10 ? "key0\(i)" : "key\(i)"), .variant(value))
            }
            entries += [
                (.string("flag"), .variant(Variant(true))),
                (.string("nested"), .variant(Variant(Variant(Variant.Value.structure([.array(elementType: .int32, elements: [.int32(1), .int32(2), .int32(3)])]))))),
                (.string("path"), .variant(Variant(ObjectPath("/a/b")))),
                (.string("bytes"), .variant(Variant([UInt8]([0, 1, 0xFE])))),
                (.string("empty"), .variant(Variant([String]()))),
                (.string("dict"), .variant(Variant(["a": "b"]))),
            ]
            body.append(value: dict(.string, .variant, entries))
        case "dict-nested":
            let inner = dict(.string, .variant, [(.string("P"), .variant(Variant(UInt64(5))))])
            let middle = dict(.string, .dictionary(key: .string, value: .variant), [(.string("org.example.I"), inner)])
            let empty = dict(.string, .dictionary(key: .string, value: .variant), [])
            body.append(value: dict(.objectPath, .dictionary(key: .string, value: .dictionary(key: .string, value: .variant)), [
                (.objectPath("/a"), middle), (.objectPath("/b"), empty),
            ]))
        case "dict-int-keys":
            body.append(value: dict(.byte, .string, [(.byte(1), .string("one")), (.byte(2), .string("two"))]))
            body.append([UInt64(1) << 63: "big"])
            body.append([true: "t"])
        case "variant-basic":
            body.append(UInt8(1)); body.append(Variant(UInt64(1) << 40)); body.append(UInt8(2)); body.append(Variant(Signature("ii")))
        case "variant-nested":
            let innermost = Variant(V.structure([.byte(9), .array(elementType: .variant, elements: [.variant(Variant("deep")), .variant(Variant(0.0))])]))
            body.append(Variant(Variant(innermost)))
        case "variant-alignment":
            body.append(value: .structure([.byte(1), .variant(Variant(Int64(-3)))]))
            body.append(value: .array(elementType: .structure([.byte, .variant]), elements: [
                .structure([.byte(2), .variant(Variant(V.structure([.byte(3), .uint64(4)])))]),
                .structure([.byte(5), .variant(Variant([UInt8]("z".utf8)))]),
            ]))
        case "unix-fds":
            body.append(fds[1]); body.append([fds[0], fds[1]])
        default:
            return nil
        }
        return body
    }
}

/// Real file descriptors (pipe ends) to stand in for fds received with a message.
enum TestFDs {
    static func make(count: Int) throws -> [UnixFD] {
        var result: [UnixFD] = []
        while result.count < count {
            var ends: [Int32] = [0, 0]
            try #require(pipe(&ends) == 0)
            result.append(UnixFD(taking: ends[0]))
            result.append(UnixFD(taking: ends[1]))
        }
        return Array(result.prefix(count))
    }
}

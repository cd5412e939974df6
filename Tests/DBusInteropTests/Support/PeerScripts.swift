import Foundation
import DBus

/// Paths of the python peers shipped in this target's Peers folder.
enum PeerScripts {
    static func path(_ name: String) -> String {
        guard let url = Bundle.module.url(forResource: "Peers/\(name)", withExtension: nil) else {
            fatalError("test resource Peers/\(name) is missing from the bundle")
        }
        return url.path
    }
}

/// The `(isasd)` struct the peers echo.
struct Sample: DBusCodable, Equatable {
    var number: Int32
    var text: String
    var list: [String]
    var ratio: Double

    static var dbusType: DBusType { .structure([.int32, .string, .array(.string), .double]) }
    static var dbusAlignment: Int { 8 }

    init(number: Int32, text: String, list: [String], ratio: Double) {
        self.number = number
        self.text = text
        self.list = list
        self.ratio = ratio
    }

    func encode(to encoder: inout DBusEncoder) {
        encoder.encodeStruct { encoder in
            encoder.encode(number)
            encoder.encode(text)
            encoder.encode(list)
            encoder.encode(ratio)
        }
    }

    init(from decoder: inout DBusDecoder) throws(DBusWireError) {
        self = try decoder.decodeStruct { decoder throws(DBusWireError) in
            Sample(number: try decoder.decode(), text: try decoder.decode(), list: try decoder.decode(), ratio: try decoder.decode())
        }
    }

    var dbusValue: Variant.Value {
        .structure([.int32(number), .string(text), .array(elementType: .string, elements: list.map { .string($0) }), .double(ratio)])
    }

    init?(dbusValue: Variant.Value) {
        guard case .structure(let fields) = dbusValue, fields.count == 4,
            case .int32(let number) = fields[0], case .string(let text) = fields[1],
            case .array(_, let items) = fields[2], case .double(let ratio) = fields[3]
        else { return nil }
        let list = items.compactMap { item -> String? in if case .string(let s) = item { s } else { nil } }
        self.init(number: number, text: text, list: list, ratio: ratio)
    }
}

/// A pipe whose read end holds `text`, for fd-passing tests.
func pipeHolding(_ text: String) throws -> UnixFD {
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else { throw DBusError.failed("pipe failed") }
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
    close(ends[1])
    return UnixFD(taking: ends[0])
}

/// Reads everything from `fd` (which the caller keeps owning).
func readAll(_ fd: UnixFD) -> String {
    guard let raw = fd.rawValue else { return "" }
    var result: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = read(raw, &buffer, buffer.count)
        if count <= 0 { break }
        result += buffer[..<count]
    }
    return String(decoding: result, as: UTF8.self)
}

/// Finds where each attribute of a start tag is written, which libxml2's SAX2 interface does not
/// report. Runs only on tags libxml2 has already accepted, so the syntax is known to be valid.
enum StartTagScanner {
    struct Position {
        var name: String
        var nameOffset: Int
        var valueOffset: Int
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    static func attributePositions(in bytes: UnsafeBufferPointer<UInt8>, tagStart: Int) -> [Position] {
        var index = tagStart + 1
        // The element name.
        while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") {
            index += 1
        }
        var positions: [Position] = []
        while index < bytes.count {
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count, bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") else { break }
            let nameStart = index
            while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "=") { index += 1 }
            let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<index]), as: UTF8.self)
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "'") { index += 1 }
            guard index < bytes.count else { break }
            let quote = bytes[index]
            index += 1
            let valueStart = index
            while index < bytes.count, bytes[index] != quote { index += 1 }
            positions.append(Position(name: name, nameOffset: nameStart, valueOffset: valueStart))
            index += 1
        }
        return positions
    }
}

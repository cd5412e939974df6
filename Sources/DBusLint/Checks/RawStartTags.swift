/// Start tags with their attributes and positions, read from the raw XML text. The parser's model
/// keeps only the attributes the format defines, so unknown ones are found here. Comments,
/// processing instructions, CDATA and declarations are skipped; malformed XML is the parser's
/// finding, so this scanner just stops where it cannot continue.
struct RawStartTags {
    struct Attribute {
        var name: String
        var line: Int
        var column: Int
    }

    struct Tag {
        var name: String
        var attributes: [Attribute]
    }

    private(set) var tags: [Tag] = []

    init(_ bytes: [UInt8]) {
        var line = 1
        var lineStart = 0
        var index = 0
        func advance(to end: Int) {
            while index < min(end, bytes.count) {
                if bytes[index] == UInt8(ascii: "\n") { line += 1; lineStart = index + 1 }
                index += 1
            }
        }
        func skip(past terminator: String) {
            let needle = Array(terminator.utf8)
            var probe = index
            while probe + needle.count <= bytes.count, !bytes[probe..<(probe + needle.count)].elementsEqual(needle) { probe += 1 }
            advance(to: probe + needle.count)
        }
        func starts(_ prefix: String) -> Bool {
            let needle = Array(prefix.utf8)
            return index + needle.count <= bytes.count && bytes[index..<(index + needle.count)].elementsEqual(needle)
        }
        func isNameByte(_ byte: UInt8) -> Bool {
            !(byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "=") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/"))
        }
        func readName() -> String {
            let start = index
            while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
        func skipSpace() {
            while index < bytes.count, !isNameByte(bytes[index]), bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/"),
                  bytes[index] != UInt8(ascii: "=") {
                advance(to: index + 1)
            }
        }

        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else { advance(to: index + 1); continue }
            if starts("<!--") { skip(past: "-->"); continue }
            if starts("<![CDATA[") { skip(past: "]]>"); continue }
            if starts("<?") { skip(past: "?>"); continue }
            if starts("<!") || starts("</") { skip(past: ">"); continue }
            index += 1
            var tag = Tag(name: readName(), attributes: [])
            while index < bytes.count {
                skipSpace()
                guard index < bytes.count else { break }
                if bytes[index] == UInt8(ascii: ">") { index += 1; break }
                if bytes[index] == UInt8(ascii: "/") { index += 1; continue }
                let column = index - lineStart + 1
                let attributeLine = line
                let name = readName()
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                    if name.isEmpty { index += 1 }
                    continue
                }
                index += 1
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else { break }
                let quote = bytes[index]
                advance(to: index + 1)
                while index < bytes.count, bytes[index] != quote { advance(to: index + 1) }
                index += 1
                if !name.isEmpty { tag.attributes.append(Attribute(name: name, line: attributeLine, column: column)) }
            }
            tags.append(tag)
        }
    }
}

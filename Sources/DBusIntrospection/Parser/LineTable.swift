/// Turns byte offsets into 1-based line and column numbers. Columns count Unicode scalars, so a
/// line with "é" before an attribute reports the column an editor shows.
struct LineTable {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var lineStarts: [Int] = [0]
    let file: String

    init(bytes: UnsafeBufferPointer<UInt8>, file: String) {
        self.bytes = bytes
        self.file = file
        for index in 0..<bytes.count where bytes[index] == 0x0A {
            lineStarts.append(index + 1)
        }
    }

    func location(of offset: Int) -> SourceLocation {
        let offset = min(max(offset, 0), bytes.count)
        // The last line start <= offset.
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        var column = 1
        var index = lineStarts[low]
        while index < offset {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourceLocation(file: file, line: low + 1, column: column)
    }
}

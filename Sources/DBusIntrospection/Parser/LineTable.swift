/// Turns byte offsets into 1-based line and column numbers. Columns count Unicode scalars, so a
/// line with "é" before an attribute reports the column an editor shows.
///
/// Every lookup scans at most one block of bytes: the column at each block boundary is recorded
/// up front, so a 16 MiB document on a single line (minified XML) costs no more than a short one.
struct LineTable {
    private static let blockSize = 256

    private let bytes: UnsafeBufferPointer<UInt8>
    private var lineStarts: [Int] = [0]
    /// The column at offset `k * blockSize`, for each block.
    private var blockColumns: [Int] = []
    let file: String

    init(bytes: UnsafeBufferPointer<UInt8>, file: String) {
        self.bytes = bytes
        self.file = file
        blockColumns.reserveCapacity(bytes.count / Self.blockSize + 1)
        var column = 1
        for index in 0..<bytes.count {
            if index % Self.blockSize == 0 { blockColumns.append(column) }
            let byte = bytes[index]
            if byte == 0x0A {
                lineStarts.append(index + 1)
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        if bytes.count % Self.blockSize == 0 { blockColumns.append(column) }
    }

    func location(of offset: Int) -> SourceLocation {
        let offset = min(max(offset, 0), bytes.count)
        // The last line start <= offset.
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let block = offset / Self.blockSize
        let blockStart = block * Self.blockSize
        var index = lineStarts[low], column = 1
        if blockStart > index {
            index = blockStart
            column = blockColumns[block]
        }
        while index < offset {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourceLocation(file: file, line: low + 1, column: column)
    }
}

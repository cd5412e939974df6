/// A console's picture as QEMU sends it: a full `Scanout`, then `Update`s of rectangles.
///
/// Pixels stay in QEMU's layout (pixman format, rows `stride` bytes apart) so applying an update
/// is a row copy; `rgb()` converts on demand.
public struct FrameBuffer: Sendable, Equatable {
    /// pixman's `x8r8g8b8`: 32-bit pixels 0xXXRRGGBB in host (little-endian) order, the format
    /// QEMU uses for its VGA consoles.
    public static let x8r8g8b8: UInt32 = 0x2002_0888
    /// pixman's `a8r8g8b8`: the same layout with alpha in the top byte.
    public static let a8r8g8b8: UInt32 = 0x2002_8888

    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var stride: Int
    public private(set) var format: UInt32
    public private(set) var pixels: [UInt8]

    public init(width: Int = 0, height: Int = 0, stride: Int = 0, format: UInt32 = FrameBuffer.x8r8g8b8, pixels: [UInt8] = []) {
        self.width = width
        self.height = height
        self.stride = stride
        self.format = format
        self.pixels = pixels
    }

    /// True until the first scanout arrived.
    public var isEmpty: Bool { width == 0 || height == 0 }

    /// Replaces the whole picture (`Listener.Scanout`).
    public mutating func scanout(width: UInt32, height: UInt32, stride: UInt32, format: UInt32, data: [UInt8]) throws(FrameBufferError) {
        let (w, h, s) = (Int(width), Int(height), Int(stride))
        guard w > 0, h > 0, s >= w * 4 else { throw .badGeometry(width: width, height: height, stride: stride) }
        guard data.count >= s * (h - 1) + w * 4 else { throw .shortData(expected: s * h, got: data.count) }
        self.width = w
        self.height = h
        self.stride = s
        self.format = format
        pixels = data
    }

    /// Changes the picture's size without a Scanout, keeping what overlaps (black elsewhere).
    /// For consoles whose size changed while QEMU sends only Updates (see `QEMUDisplaySession`).
    public mutating func resize(width: Int, height: Int) {
        guard width > 0, height > 0, width != self.width || height != self.height else { return }
        var resized = FrameBuffer(width: width, height: height, stride: width * 4, format: format,
                                  pixels: [UInt8](repeating: 0, count: width * height * 4))
        let columns = min(width, self.width)
        for row in 0..<min(height, self.height) {
            let from = row * stride
            resized.pixels.replaceSubrange((row * width * 4)..<(row * width * 4 + columns * 4), with: pixels[from..<(from + columns * 4)])
        }
        self = resized
    }

    /// Copies a rectangle into the picture (`Listener.Update`). Parts outside the current picture
    /// are dropped: QEMU 7.2 sends text-mode rows 720 wide against its 640x480 placeholder.
    public mutating func update(x: Int32, y: Int32, width: Int32, height: Int32, stride: UInt32, format: UInt32, data: [UInt8]) throws(FrameBufferError) {
        guard width >= 0, height >= 0, x >= 0, y >= 0, Int(stride) >= Int(width) * 4 else {
            throw .badGeometry(width: UInt32(clamping: width), height: UInt32(clamping: height), stride: stride)
        }
        guard height == 0 || data.count >= Int(stride) * (Int(height) - 1) + Int(width) * 4 else {
            throw .shortData(expected: Int(stride) * Int(height), got: data.count)
        }
        guard format == self.format else { throw .formatChanged(from: self.format, to: format) }
        let columns = min(Int(width), self.width - Int(x))
        let rows = min(Int(height), self.height - Int(y))
        guard columns > 0, rows > 0 else { return }
        pixels.withUnsafeMutableBytes { target in
            data.withUnsafeBytes { source in
                for row in 0..<rows {
                    let from = row * Int(stride)
                    let to = (Int(y) + row) * self.stride + Int(x) * 4
                    target.baseAddress!.advanced(by: to).copyMemory(from: source.baseAddress!.advanced(by: from), byteCount: columns * 4)
                }
            }
        }
    }

    /// The picture as packed 8-bit RGB triples, row by row.
    public func rgb() throws(FrameBufferError) -> [UInt8] {
        guard format == Self.x8r8g8b8 || format == Self.a8r8g8b8 else { throw .unsupportedFormat(format) }
        var out = [UInt8](repeating: 0, count: width * height * 3)
        for row in 0..<height {
            for column in 0..<width {
                let source = row * stride + column * 4
                let target = (row * width + column) * 3
                out[target] = pixels[source + 2]
                out[target + 1] = pixels[source + 1]
                out[target + 2] = pixels[source]
            }
        }
        return out
    }

    /// The picture as a PNG file.
    public func png() throws(FrameBufferError) -> [UInt8] {
        guard !isEmpty else { throw .noPicture }
        return PNGEncoder.encode(rgb: try rgb(), width: width, height: height)
    }
}

/// Why a frame from QEMU could not be used.
public enum FrameBufferError: Error, Equatable, CustomStringConvertible {
    case badGeometry(width: UInt32, height: UInt32, stride: UInt32)
    case shortData(expected: Int, got: Int)
    case formatChanged(from: UInt32, to: UInt32)
    case unsupportedFormat(UInt32)
    case noPicture

    public var description: String {
        switch self {
        case .badGeometry(let width, let height, let stride):
            "QEMU sent a frame of \(width)x\(height) with stride \(stride), which does not describe 32-bit pixels"
        case .shortData(let expected, let got):
            "QEMU sent \(got) bytes of pixels where \(expected) were needed"
        case .formatChanged(let from, let to):
            "an update in pixman format 0x\(String(to, radix: 16)) arrived for a picture in format 0x\(String(from, radix: 16))"
        case .unsupportedFormat(let format):
            "pixman format 0x\(String(format, radix: 16)) is not supported (only x8r8g8b8 and a8r8g8b8)"
        case .noPicture:
            "QEMU has not sent a picture for this console yet"
        }
    }
}

import DBusTestSupport
import Foundation

/// Reads a PNG back with Python's own zlib (an independent decoder): size and distinct colours.
enum PNGCheck {
    struct Result: Sendable { var width: Int; var height: Int; var colours: Int }

    static let script = """
        import struct, sys, zlib
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n', 'no PNG signature'
        pos, idat, width, height = 8, b'', 0, 0
        while pos < len(data):
            length, kind = struct.unpack('>I4s', data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + length]
            crc, = struct.unpack('>I', data[pos + 8 + length:pos + 12 + length])
            assert zlib.crc32(kind + body) == crc, 'bad CRC in ' + kind.decode()
            if kind == b'IHDR':
                width, height, depth, colour = struct.unpack('>IIBB', body[:10])
                assert (depth, colour) == (8, 2), 'not 8-bit RGB'
            elif kind == b'IDAT':
                idat += body
            pos += 12 + length
        raw = zlib.decompress(idat)
        row = width * 3 + 1
        assert len(raw) == row * height, 'wrong amount of pixel data'
        colours = set()
        for y in range(height):
            assert raw[y * row] == 0, 'unexpected filter'
            line = raw[y * row + 1:(y + 1) * row]
            colours.update(line[i:i + 3] for i in range(0, len(line), 3))
        print(width, height, len(colours))
        """

    static func check(file path: String) async throws -> Result {
        let output = try await Program.run("/usr/bin/python3", ["-c", script, path])
        let fields = output.output.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard output.status == 0, fields.count == 3 else {
            throw PNGCheckError(message: "python could not read \(path): \(output.output)")
        }
        return Result(width: fields[0], height: fields[1], colours: fields[2])
    }

    static func check(_ png: [UInt8]) async throws -> Result {
        let path = try TemporaryDirectory.shared.path + "/check-\(UInt64.random(in: 0...UInt64.max)).png"
        try Data(png).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await check(file: path)
    }
}

struct PNGCheckError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

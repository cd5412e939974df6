import DBus

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shared-memory frames (`org.qemu.Display1.Listener.Unix.Map`, QEMU 9.2 and later): QEMU passes
/// a memfd once with `ScanoutMap` and then names changed rectangles with `UpdateMap`. The
/// listener maps the file read-only and copies from it, so the frame buffer works the same way
/// for both kinds of frames. Older QEMUs never call these methods.
extension DisplayListener: Display1ListenerUnixMap.Interface {
    func scanoutMap(handle: UnixFD, offset: UInt32, width: UInt32, height: UInt32, stride: UInt32, pixmanFormat: UInt32) async throws {
        guard let fd = handle.take() else { throw DBusError.invalidArgs("ScanoutMap came without a descriptor") }
        defer { close(fd) }
        let length = Int(offset) + Int(stride) * Int(height)
        guard width > 0, height > 0, Int(stride) >= Int(width) * 4 else {
            throw DBusError.invalidArgs("\(FrameBufferError.badGeometry(width: width, height: height, stride: stride))")
        }
        // A mapping longer than the file would fault on access: check the size QEMU claims.
        var info = stat()
        guard fstat(fd, &info) == 0, Int(info.st_size) >= length else {
            throw DBusError.invalidArgs("the shared picture needs \(length) bytes but the file is smaller")
        }
        guard let address = mmap(nil, length, PROT_READ, MAP_SHARED, fd, 0), address != MAP_FAILED else {
            throw DBusError.failed("cannot map the shared picture (errno \(errno))")
        }
        let mapping = SharedPicture(address: address, length: length, offset: Int(offset))
        try replaceMapping(with: mapping) { buffer in
            let pixels = [UInt8](UnsafeRawBufferPointer(start: mapping.pixels, count: Int(stride) * Int(height)))
            try buffer.scanout(width: width, height: height, stride: stride, format: pixmanFormat, data: pixels)
        }
        yield(.scanout(width: Int(width), height: Int(height)))
    }

    func updateMap(x: Int32, y: Int32, width: Int32, height: Int32) async throws {
        try withMapping { mapping, buffer in
            guard let mapping else { throw DBusError.failed("UpdateMap before any ScanoutMap") }
            guard x >= 0, y >= 0, width >= 0, height >= 0,
                  Int(x) + Int(width) <= buffer.width, Int(y) + Int(height) <= buffer.height else {
                throw DBusError.invalidArgs("rectangle \(x),\(y) \(width)x\(height) is outside the \(buffer.width)x\(buffer.height) picture")
            }
            guard height > 0, width > 0 else { return }
            let stride = buffer.stride
            let start = Int(y) * stride + Int(x) * 4
            let count = (Int(height) - 1) * stride + Int(width) * 4
            let rows = [UInt8](UnsafeRawBufferPointer(start: mapping.pixels + start, count: count))
            try buffer.update(x: x, y: y, width: width, height: height, stride: UInt32(stride), format: buffer.format, data: rows)
        }
        yield(.update(x: Int(x), y: Int(y), width: Int(width), height: Int(height)))
    }
}

/// A read-only mapping of QEMU's shared picture; unmapped when replaced or released.
final class SharedPicture: @unchecked Sendable {
    private let address: UnsafeMutableRawPointer
    private let length: Int
    let pixels: UnsafeRawPointer

    init(address: UnsafeMutableRawPointer, length: Int, offset: Int) {
        self.address = address
        self.length = length
        pixels = UnsafeRawPointer(address + offset)
    }

    deinit { munmap(address, length) }
}

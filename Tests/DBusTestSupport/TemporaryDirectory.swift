#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A private directory under $TMPDIR (or /tmp), removed with its contents by `remove()`.
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String

    /// One directory for harness scratch files (peer stderr captures) for the whole test run.
    public static var shared: TemporaryDirectory {
        get throws { try sharedResult.get() }
    }
    private static let sharedResult = Result {
        let directory = try TemporaryDirectory(prefix: "dbus-swift-tests")
        // Removed when the test process exits, with any stderr captures still in it.
        atexit { try? TemporaryDirectory.shared.remove() }
        return directory
    }

    public init(prefix: String) throws {
        var base = "/tmp"
        if let tmp = getenv("TMPDIR"), tmp.pointee != 0 { base = String(cString: tmp) }
        var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw HarnessError("mkdtemp in \(base) failed: errno \(errno)")
        }
        path = String(cString: made)
    }

    /// Deletes the directory and everything in it (it holds only flat files and sockets).
    public func remove() {
        guard let dir = opendir(path) else { return }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            unlink(path + "/" + name)
        }
        closedir(dir)
        rmdir(path)
    }

    /// Writes `text` to `name` inside the directory and returns the full path.
    @discardableResult
    public func write(_ text: String, to name: String) throws -> String {
        let file = path + "/" + name
        guard let handle = fopen(file, "w") else { throw HarnessError("cannot write \(file): errno \(errno)") }
        defer { fclose(handle) }
        let bytes = Array(text.utf8)
        guard fwrite(bytes, 1, bytes.count, handle) == bytes.count else {
            throw HarnessError("short write to \(file)")
        }
        return file
    }
}

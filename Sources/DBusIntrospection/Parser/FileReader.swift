#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole file with the C library (this module avoids Foundation: its ICU headers clash
/// with libxml2's), refusing files over a size limit before reading them.
enum FileReader {
    enum Failure: Error {
        case unreadable(String)
        case tooLarge(Int)
    }

    static func read(_ path: String, limit: Int) -> Result<[UInt8], Failure> {
        guard let file = fopen(path, "rb") else { return .failure(.unreadable(String(cString: strerror(errno)))) }
        defer { fclose(file) }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count > 0 { data.append(contentsOf: chunk[0..<count]) }
            if data.count > limit { return .failure(.tooLarge(data.count)) }
            if count < chunk.count {
                if ferror(file) != 0 { return .failure(.unreadable(String(cString: strerror(errno)))) }
                return .success(data)
            }
        }
    }
}

import DBusIntrospection
import LibFuzzerDriver
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One input: any bytes must give a document or diagnostics, never a crash or a hang. Each input is
/// parsed for two HOST_OS values and scanned for variants, covering the `<?if?>` paths.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIntrospectionParser(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    for hostOS in ["linux", "windows"] {
        let document = IntrospectionParser.parse(data: bytes, file: "fuzz.xml", variables: ["HOST_OS": hostOS])
        for diagnostic in document.diagnostics where diagnostic.location.line < 1 || diagnostic.location.column < 1 {
            fatalError("diagnostic outside the input: \(diagnostic)")
        }
    }
    _ = IntrospectionParser.variants(of: bytes)
    return 0
}

@main
enum FuzzIntrospectionParserMain {
    static func main() {
        runLibFuzzer { data, count in fuzzIntrospectionParser(data, count) }
    }
}

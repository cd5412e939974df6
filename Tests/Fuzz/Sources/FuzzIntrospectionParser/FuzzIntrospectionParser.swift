import DBusIntrospection
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

/// libFuzzer's driver. SwiftPM links an executable's entry point under its own name; whichever
/// `main` the linker keeps (libFuzzer's or this one) ends up in the same driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@main
enum FuzzIntrospectionParserMain {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv) { data, count in fuzzIntrospectionParser(data, count) }
        exit(status)
    }
}

import DBusTestSupport
import Foundation

/// Type-checks generated Swift with the toolchain's `swiftc` against the package's built `DBus`
/// module, in Swift 6 mode with the package's upcoming features, and returns what it printed.
enum SwiftCompiler {
    struct Result {
        var status: Int32
        var output: String
    }

    /// The directory holding `DBus.swiftmodule`: next to the test bundle's resources.
    static var modulesDirectory: URL {
        Bundle.module.bundleURL.deletingLastPathComponent().appending(path: "Modules")
    }

    static var swiftc: String {
        let candidates = [ProcessInfo.processInfo.environment["SWIFTC"], "/opt/swift/usr/bin/swiftc", "/usr/bin/swiftc"]
        return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) } ?? "swiftc"
    }

    static func typecheck(_ files: [URL]) async throws -> Result {
        // One whole-module frontend job: a few seconds on one core, instead of a batch job per
        // core that each parse every file (which starved concurrently running bus tests).
        let arguments = ["-typecheck", "-wmo", "-swift-version", "6", "-module-name", "Generated", "-package-name", "GeneratedPackage",
                             "-enable-upcoming-feature", "ExistentialAny", "-enable-upcoming-feature", "InternalImportsByDefault",
                             "-I", modulesDirectory.path] + files.map(\.path)
        let run = try await Program.run(swiftc, arguments)
        return Result(status: run.status, output: run.output)
    }

    /// Writes generated files into a fresh temporary directory.
    static func write(_ files: [(name: String, contents: String)]) throws -> (directory: URL, files: [URL]) {
        let directory = FileManager.default.temporaryDirectory.appending(path: "dbus-swift-compile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let urls = try files.map { file in
            let url = directory.appending(path: file.name)
            try file.contents.write(to: url, atomically: true, encoding: .utf8)
            return url
        }
        return (directory, urls)
    }
}

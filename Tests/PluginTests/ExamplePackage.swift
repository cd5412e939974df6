import DBusTestSupport
import Foundation

/// A private copy of Examples/HelloService whose path dependency points back at this checkout,
/// built with `swift build` and its own scratch directory (shared by every step of one test, so
/// the second build is incremental).
struct ExamplePackage {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let root: URL
    let scratch: URL

    var interfaceFile: URL { root.appending(path: "Sources/HelloService/org.example.Hello1.xml") }
    /// Where the build plugin writes the Swift generated from `interfaceFile`.
    var generatedFile: URL {
        scratch.appending(path: "plugins/outputs/helloservice/HelloService/destination/DBusSwiftBuildPlugin/GeneratedSources/org.example.Hello1.swift")
    }

    /// Copies the example into a fresh temporary directory.
    static func copy() throws -> ExamplePackage {
        let base = URL(fileURLWithPath: try TemporaryDirectory(prefix: "dbus-swift-example").path)
        let root = base.appending(path: "HelloService")
        let source = repositoryRoot.appending(path: "Examples/HelloService")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        // Everything but build products (a .build left by `swift run` in the example would be
        // large to copy and would defeat the clean build).
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where !name.hasPrefix(".") {
            try FileManager.default.copyItem(at: source.appending(path: name), to: root.appending(path: name))
        }
        let manifest = root.appending(path: "Package.swift")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        let pointed = text.replacingOccurrences(of: #"path: "../..""#, with: "path: \"\(repositoryRoot.path)\"")
        guard pointed != text else { throw ExampleError("Examples/HelloService/Package.swift no longer has path: \"../..\"") }
        try pointed.write(to: manifest, atomically: true, encoding: .utf8)
        return ExamplePackage(root: root, scratch: base.appending(path: "scratch"))
    }

    /// Runs `swift SUBCOMMAND --package-path ROOT --scratch-path SCRATCH ARGUMENTS...` (the options
    /// before the rest, so that `swift package` does not hand them to a plugin).
    func swift(_ subcommand: String, _ arguments: String...) async throws -> ProgramOutput {
        try await Program.run("/usr/bin/env", ["swift", subcommand, "--package-path", root.path, "--scratch-path", scratch.path] + arguments)
    }

    func modificationDate(of file: URL) throws -> Date? {
        try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date
    }

    func read(_ file: URL) throws -> String { try String(contentsOf: file, encoding: .utf8) }

    func write(_ text: String, to file: URL) throws { try text.write(to: file, atomically: true, encoding: .utf8) }

    func remove() { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
}

struct ExampleError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

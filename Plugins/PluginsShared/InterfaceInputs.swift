import Foundation
import PackagePlugin

/// The XML files and config a target feeds to `dbus-swift`, found the same way by every plugin.
///
/// A target opts in by containing `.xml` interface files, or a `dbus-swift.json` config whose
/// `interfaceFiles` names XML elsewhere in the package (paths relative to the config file), such
/// as the top-level `Interfaces/` directory.
struct InterfaceInputs {
    static let configFileName = "dbus-swift.json"

    /// The config file, if the target has one.
    var config: URL?
    /// Interface XML files in a fixed order, so generated file lists are deterministic.
    var xmlFiles: [URL]

    var isEmpty: Bool { xmlFiles.isEmpty }

    /// - Parameters:
    ///   - targetDirectory: the target's folder. Its `dbus-swift.json` is read even when the target
    ///     lists it in `exclude:`, which hides it from `targetFiles`.
    ///   - includeExcludedXML: also read `.xml` files on disk under `targetDirectory` that the target
    ///     excludes (as it must when it commits generated code instead of using the build plugin).
    ///     The command plugins ask for it, except for test targets, whose fixtures are often broken
    ///     on purpose.
    init(targetFiles: [URL], targetDirectory: URL, includeExcludedXML: Bool = false) throws {
        var candidates = targetFiles
        if includeExcludedXML { candidates += Self.filesOnDisk(under: targetDirectory) }
        config = candidates.first { $0.lastPathComponent == Self.configFileName }
        let configOnDisk = targetDirectory.appending(path: Self.configFileName)
        if config == nil, FileManager.default.fileExists(atPath: configOnDisk.path) {
            config = configOnDisk
        }
        var files = candidates.filter { $0.pathExtension == "xml" }
        if let config {
            files += try Self.extraInterfaceFiles(namedIn: config)
        }
        xmlFiles = Array(Set(files.map(\.standardizedFileURL))).sorted { $0.path < $1.path }
    }

    /// Every regular file under `directory`, skipping hidden entries.
    private static func filesOnDisk(under directory: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey],
                                                              options: [.skipsHiddenFiles]) else { return [] }
        return enumerator.compactMap { $0 as? URL }.filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
    }

    /// Reads only the `interfaceFiles` key; every other key is the generator's business.
    private static func extraInterfaceFiles(namedIn config: URL) throws -> [URL] {
        struct Keys: Decodable { var interfaceFiles: [String]? }
        let data = try Data(contentsOf: config)
        let keys: Keys
        do {
            keys = try JSONDecoder().decode(Keys.self, from: data)
        } catch {
            throw PluginFailure("\(config.path):1:1: error: cannot read \(configFileName): \(error)")
        }
        let base = config.deletingLastPathComponent()
        return try (keys.interfaceFiles ?? []).flatMap { entry -> [URL] in
            let url = base.appending(path: entry).standardizedFileURL
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw PluginFailure("\(config.path):1:1: error: interfaceFiles entry '\(entry)' does not exist (\(url.path))")
            }
            guard isDirectory.boolValue else { return [url] }
            let names = try FileManager.default.contentsOfDirectory(atPath: url.path)
            return names.filter { $0.hasSuffix(".xml") }.map { url.appending(path: $0) }
        }
    }

    /// The generator writes one Swift file per XML file, named after it.
    func outputFiles(in directory: URL) -> [URL] {
        xmlFiles.map { directory.appending(path: $0.deletingPathExtension().lastPathComponent + ".swift") }
    }

    func generateArguments(outputDirectory: URL) -> [String] {
        var arguments = ["generate"] + xmlFiles.map(\.path)
        arguments += ["--output-directory", outputDirectory.path]
        if let config { arguments += ["--config", config.path] }
        return arguments
    }
}

/// A failure the plugin reports to the user as-is.
struct PluginFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

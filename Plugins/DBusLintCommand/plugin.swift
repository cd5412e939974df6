import Foundation
import PackagePlugin

/// `swift package dbus-lint [--target NAME ...] [lint options]`: runs the guideline checker on the
/// interface XML of the package's targets, with the package's `.dbus-lint.json` when present.
@main
struct DBusLintCommand: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "dbus-swift").url
        var extractor = ArgumentExtractor(arguments)
        let targetNames = extractor.extractOption(named: "target")
        let passThrough = extractor.remainingArguments
        let targets = try selectedTargets(context: context, arguments: targetNames.flatMap { ["--target", $0] })
        var files: [URL] = []
        for target in targets {
            files += try InterfaceInputs(targetFiles: target.sourceFiles.map(\.url), targetDirectory: target.directoryURL,
                                         includeExcludedXML: target.kind != .test).xmlFiles
        }
        guard !files.isEmpty else { throw PluginFailure("No target has D-Bus interface XML to lint.") }
        var lintArguments = ["lint"] + Array(Set(files.map(\.path))).sorted()
        let config = context.package.directoryURL.appending(path: ".dbus-lint.json")
        if FileManager.default.fileExists(atPath: config.path) { lintArguments += ["--config", config.path] }
        try runTool(tool, lintArguments + passThrough)
    }
}

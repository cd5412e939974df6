import Foundation
import PackagePlugin

/// Generates Swift from a target's D-Bus interface XML at build time.
///
/// Inputs and outputs are declared per file, so SwiftPM reruns the generator only when an XML
/// file or the config changes; the generator rewrites an output only when its content changes.
@main
struct DBusSwiftBuildPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) async throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let inputs = try InterfaceInputs(targetFiles: target.sourceFiles.map(\.url), targetDirectory: target.directoryURL)
        guard !inputs.isEmpty else { return [] }
        let outputDirectory = context.pluginWorkDirectoryURL.appending(path: "GeneratedSources")
        return [
            .buildCommand(
                displayName: "Generating Swift from D-Bus XML for \(target.name)",
                executable: try context.tool(named: "dbus-swift").url,
                arguments: inputs.generateArguments(outputDirectory: outputDirectory),
                inputFiles: inputs.xmlFiles + (inputs.config.map { [$0] } ?? []),
                outputFiles: inputs.outputFiles(in: outputDirectory)
            )
        ]
    }
}

import Foundation
import PackagePlugin

/// `swift package generate-dbus-code [--target NAME ...]`: writes generated sources into each
/// target's `Generated/` folder, for users who commit generated code instead of using the build plugin.
@main
struct GenerateDBusCode: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "dbus-swift").url
        var ran = false
        for target in try selectedTargets(context: context, arguments: arguments) {
            let inputs = try InterfaceInputs(targetFiles: target.sourceFiles.map(\.url), targetDirectory: target.directoryURL,
                                             includeExcludedXML: target.kind != .test)
            guard !inputs.isEmpty else { continue }
            let outputDirectory = target.directoryURL.appending(path: "Generated")
            try runTool(tool, inputs.generateArguments(outputDirectory: outputDirectory))
            print("Generated \(inputs.xmlFiles.count) file(s) for \(target.name) in \(outputDirectory.path)")
            ran = true
        }
        if !ran { throw PluginFailure("No target has D-Bus interface XML or a \(InterfaceInputs.configFileName).") }
    }
}

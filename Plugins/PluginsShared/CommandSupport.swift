import Foundation
import PackagePlugin

/// The source targets named by `--target` options, or every source target when none is named.
func selectedTargets(context: PluginContext, arguments: [String]) throws -> [SourceModuleTarget] {
    var extractor = ArgumentExtractor(arguments)
    let names = extractor.extractOption(named: "target")
    let targets = names.isEmpty ? context.package.targets : try context.package.targets(named: names)
    return targets.compactMap { $0 as? SourceModuleTarget }
}

/// Runs `dbus-swift`, letting its diagnostics through, and fails with its exit status.
func runTool(_ tool: URL, _ arguments: [String]) throws {
    let process = Process()
    process.executableURL = tool
    process.arguments = arguments
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw PluginFailure("dbus-swift \(arguments.first ?? "") failed with exit status \(process.terminationStatus)")
    }
}

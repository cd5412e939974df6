import ArgumentParser

@main
struct DBusSwift: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dbus-swift",
        abstract: "Generate Swift code from D-Bus introspection XML and check interface files.",
        version: "0.1.0",
        subcommands: [
            // Each subcommand lives in its own file: GenerateCommand, LintCommand, IntrospectCommand, DiffCommand.
            GenerateCommand.self,
            IntrospectCommand.self,
        ]
    )
}

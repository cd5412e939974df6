import ArgumentParser
import Foundation

@main
struct DBusSwift: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dbus-swift",
        abstract: "Generate Swift code from D-Bus introspection XML and check interface files.",
        discussion: """
            Examples:
              dbus-swift generate Interfaces/ --output-directory Sources/App/Generated
              dbus-swift lint Interfaces/ --format github
              dbus-swift diff old/org.example.Hello1.xml org.example.Hello1.xml
              dbus-swift introspect --dest org.freedesktop.DBus \\
                  --path /org/freedesktop/DBus

            In a SwiftPM package, the DBusSwiftBuildPlugin build plugin runs `generate` on every \
            build, and `swift package dbus-lint` runs `lint` (see the README).
            """,
        version: "0.1.0",
        subcommands: [
            // Each subcommand lives in its own file: GenerateCommand, LintCommand, IntrospectCommand, DiffCommand.
            GenerateCommand.self,
            LintCommand.self,
            DiffCommand.self,
            IntrospectCommand.self,
        ]
    )

    /// ArgumentParser exits with 64 on a malformed command line; every subcommand documents 2 for
    /// usage errors (0 success, 1 errors or findings, 2 usage, 3 unreadable input), so map it.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}

import ArgumentParser
import DBusLint
import Foundation

/// `dbus-swift diff old.xml new.xml`: the API changes between two revisions of interface XML.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Report API breaks between two revisions of D-Bus interface XML.",
        discussion: """
            A break (member removed, argument or property type changed, access narrowed, \
            EmitsChangedSignal weakened) on an interface whose name, and so major version, did not \
            change is an error [api-break]; additions are notes [api-addition]. \
            Exit status: 0 compatible, 1 breaks, 2 usage error, 3 unreadable input.

            Examples:
              dbus-swift diff old/org.example.Hello1.xml org.example.Hello1.xml
              dbus-swift diff --format json old.xml new.xml
            """
    )

    @Argument(help: "The previous revision.")
    var old: String

    @Argument(help: "The new revision.")
    var new: String

    @Option(help: "Output format: text, github, sarif or json.")
    var format: String = "text"

    @Option(name: .customLong("fail-on"), help: "Lowest severity that fails the run: error, warning, note or never.")
    var failOn: String = "error"

    func run() throws {
        let options = try LintOptions.resolve(format: format, failOn: failOn)
        let oldInput = try LintOptions.read(old)
        let newInput = try LintOptions.read(new)
        let findings = Linter().diff(old: oldInput, new: newInput)
        print(options.format.render(findings, files: [new], toolVersion: DBusSwift.configuration.version), terminator: "")
        if let threshold = options.failOn, findings.contains(where: { $0.severity >= threshold }) {
            throw ExitCode(1)
        }
    }
}

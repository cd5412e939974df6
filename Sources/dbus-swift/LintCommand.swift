import ArgumentParser
import DBusLint
import Foundation

/// `dbus-swift lint`: checks interface XML against the D-Bus specification, the API Design
/// Guidelines and QEMU's conventions.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check D-Bus introspection XML against the specification and the API Design Guidelines.",
        discussion: """
            Exit status: 0 no finding at or above --fail-on, 1 findings at or above it, \
            2 usage or configuration error, 3 an input file could not be read.

            Examples:
              dbus-swift lint Interfaces/
              dbus-swift lint --format github --fail-on warning Interfaces/
              dbus-swift lint --profile strict --rule doc-missing=off org.example.Hello1.xml
              dbus-swift lint --previous old/org.example.Hello1.xml org.example.Hello1.xml
              dbus-swift lint --list-rules

            Suppress a finding in the XML with a comment (no colon after dbus-lint, so doc tools \
            do not take it for documentation): <!-- dbus-lint disable-next RULE (reason) -->, \
            <!-- dbus-lint disable RULE (reason) --> ... <!-- dbus-lint enable RULE -->, \
            <!-- dbus-lint disable-file RULE (reason) -->.
            """
    )

    @ArgumentParser.Argument(help: "Interface XML files, or directories whose *.xml files are checked.")
    var paths: [String] = []

    @Option(help: "Output format: text, github, sarif or json.")
    var format: String = "text"

    @Option(help: "Configuration file (default: .dbus-lint.json in the current directory, if present).")
    var config: String?

    @Option(help: "Rule profile: spec, default, strict or qemu-upstream (overrides the config).")
    var profile: String?

    @Option(name: .customLong("rule"), help: "Set a rule's severity, e.g. --rule doc-missing=off (repeatable).")
    var ruleSettings: [String] = []

    @Option(name: .customLong("fail-on"), help: "Lowest severity that fails the run: error, warning, note or never.")
    var failOn: String = "error"

    @Option(help: "Accept the findings recorded in this baseline file.")
    var baseline: String?

    @Option(name: .customLong("write-baseline"), help: "Record the current findings as accepted in this file and exit 0.")
    var writeBaseline: String?

    @Option(help: "The previous revision of the (single) input file; reports API breaks and additions.")
    var previous: String?

    @Option(help: "Upstream XML (e.g. pinned QEMU interfaces) the checks may refer to but do not report on (repeatable).")
    var registry: [String] = []

    @Flag(name: .customLong("list-rules"), help: "List every rule with its id, category, default severity and summary.")
    var listRules = false

    func run() throws {
        if listRules {
            for rule in Rule.allCases {
                let severity = rule.isOptIn ? "off (opt-in, \(rule.defaultSeverity.rawValue))" : rule.defaultSeverity.rawValue
                print("\(rule.id)\t\(rule.category.rawValue)\t\(severity)\t\(rule.summary)")
            }
            return
        }
        let options = try LintOptions.resolve(format: format, failOn: failOn)
        var (configuration, configurationFile) = try LintOptions.loadConfiguration(config)
        if let profile {
            guard let value = Profile(rawValue: profile) else {
                throw LintOptions.usage("unknown profile '\(profile)' (spec, default, strict, qemu-upstream)")
            }
            configuration.profile = value
        }
        for setting in ruleSettings {
            let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, Rule(rawValue: parts[0]) != nil else {
                throw LintOptions.usage("--rule expects RULE=off|note|warning|error with a known rule id, got '\(setting)'")
            }
            if parts[1] == "off" {
                configuration.rules[parts[0]] = .some(nil)
            } else if let severity = Severity(configName: parts[1]) {
                configuration.rules[parts[0]] = severity
            } else {
                throw LintOptions.usage("--rule \(parts[0]): expected off, note, warning or error, got '\(parts[1])'")
            }
        }
        guard !paths.isEmpty else { throw LintOptions.usage("no input files (dbus-swift lint FILE.xml ...)") }
        if previous != nil, paths.count != 1 {
            throw LintOptions.usage("--previous compares one file with its previous revision; give exactly one input file")
        }

        let files = try LintOptions.expand(paths)
        guard !files.isEmpty else { throw LintOptions.usage("no *.xml files in \(paths.joined(separator: ", "))") }
        let inputs = try files.map(LintOptions.read)
        let registryPaths = configuration.registry.map { LintOptions.relative($0, to: configurationFile) } + registry
        let registryInputs = try LintOptions.expand(registryPaths).map(LintOptions.read)
        var previousInputs: [String: Linter.Input] = [:]
        if let previous, let only = inputs.first {
            let old = try LintOptions.read(previous)
            previousInputs[only.file] = Linter.Input(file: only.file, contents: old.contents)
        }
        var acceptedBaseline: Baseline?
        if let path = baseline ?? configuration.baseline.map({ LintOptions.relative($0, to: configurationFile) }), writeBaseline == nil {
            // A baseline named in the config may not exist yet; one named on the command line must.
            if baseline != nil || FileManager.default.fileExists(atPath: path) {
                let data = try LintOptions.read(path).contents
                do { acceptedBaseline = try Baseline.load(json: data, file: path) } catch { throw LintOptions.usage("\(error)") }
            }
        }

        let linter = Linter(configuration: configuration, configurationFile: configurationFile)
        let findings = linter.lint(inputs, registry: registryInputs, previous: previousInputs, baseline: acceptedBaseline)

        if let writeBaseline {
            let accepted = Baseline(accepting: findings.filter { !$0.isSuppressed && $0.ruleID != "suppression-unused" })
            do {
                try accepted.rendered().write(toFile: writeBaseline, atomically: true, encoding: .utf8)
            } catch {
                LintOptions.printError("cannot write baseline '\(writeBaseline)': \(error.localizedDescription)")
                throw ExitCode(3)
            }
            LintOptions.printError("wrote \(accepted.entries.count) accepted findings to \(writeBaseline)")
            return
        }
        print(options.format.render(findings, files: files, toolVersion: DBusSwift.configuration.version), terminator: "")
        if options.format == .text { FileHandle.standardError.write(Data(OutputFormat.summary(findings).utf8)) }
        if let threshold = options.failOn, findings.contains(where: { !$0.isSuppressed && $0.severity >= threshold }) {
            throw ExitCode(1)
        }
    }
}

/// Option parsing shared by `lint` and `diff`; usage and config errors exit with status 2,
/// unreadable input with 3.
enum LintOptions {
    struct Resolved {
        var format: OutputFormat
        /// `nil` for `never`.
        var failOn: Severity?
    }

    static func resolve(format: String, failOn: String) throws -> Resolved {
        guard let outputFormat = OutputFormat(rawValue: format) else {
            throw usage("unknown format '\(format)' (text, github, sarif, json)")
        }
        if failOn == "never" { return Resolved(format: outputFormat, failOn: nil) }
        guard let threshold = Severity(configName: failOn) else {
            throw usage("--fail-on expects error, warning, note or never, got '\(failOn)'")
        }
        return Resolved(format: outputFormat, failOn: threshold)
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("dbus-swift: \(message)\n".utf8))
    }

    static func usage(_ message: String) -> ExitCode {
        printError("error: \(message)")
        return ExitCode(2)
    }

    static func loadConfiguration(_ explicit: String?) throws -> (Configuration, String?) {
        let path = explicit ?? (FileManager.default.fileExists(atPath: ".dbus-lint.json") ? ".dbus-lint.json" : nil)
        guard let path else { return (Configuration(), nil) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw usage("cannot read configuration '\(path)'")
        }
        do {
            return (try Configuration.load(json: Array(data), file: path), path)
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
    }

    /// A path from the config is relative to the config file's directory.
    static func relative(_ path: String, to configurationFile: String?) -> String {
        guard !path.hasPrefix("/"), let configurationFile, let slash = configurationFile.lastIndex(of: "/") else { return path }
        return String(configurationFile[...slash]) + path
    }

    /// Directories become their `*.xml` files, sorted; files stay as given.
    static func expand(_ paths: [String]) throws -> [String] {
        var result: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                printError("error: cannot read '\(path)': no such file or directory")
                throw ExitCode(3)
            }
            if isDirectory.boolValue {
                let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                let base = path.hasSuffix("/") ? path : path + "/"
                result += entries.filter { $0.hasSuffix(".xml") }.sorted().map { base + $0 }
            } else {
                result.append(path)
            }
        }
        return result
    }

    static func read(_ path: String) throws -> Linter.Input {
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("error: cannot read '\(path)'")
            throw ExitCode(3)
        }
        return Linter.Input(file: path, contents: Array(data))
    }
}

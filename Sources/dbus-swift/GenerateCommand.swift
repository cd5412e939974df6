import ArgumentParser
import DBusGeneratorCore
import DBusIntrospection
import Foundation

/// `dbus-swift generate`: XML files or directories in, one Swift file per XML file out.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate Swift protocols, proxies and skeletons from D-Bus introspection XML.",
        discussion: """
            Writes one Swift file per XML file (Foo.xml -> Foo.swift) into the output directory, \
            rewriting a file only when its contents change. Problems are reported as \
            file:line:col diagnostics; any error means nothing is written. Exit status: 0 written \
            or up to date, 1 errors in the XML or the config, 2 usage error, 3 an input could not be read.

            Examples:
              dbus-swift generate org.example.Hello1.xml --output-directory Generated
              dbus-swift generate Interfaces/ --output-directory Sources/QEMU/Generated \\
                  --interface-prefix org.qemu. --access-modifier public
              dbus-swift generate --config Sources/App/dbus-swift.json \\
                  --output-directory Generated
              dbus-swift generate a.xml --mode client --interface org.example.Hello1 \\
                  --output-directory Generated
            """)

    @ArgumentParser.Argument(help: "XML files, or directories whose .xml files are all read (sorted by name).")
    var inputs: [String] = []

    @Option(help: ArgumentHelp("Where to write the generated Swift files.", valueName: "directory"))
    var outputDirectory: String

    @Option(help: ArgumentHelp("A dbus-swift.json config file; command-line options override its values.", valueName: "file"))
    var config: String?

    @Option(help: "Access level of the generated declarations: internal, package or public.")
    var accessModifier: String?

    @Option(help: "Generate the client proxy, the server skeleton, or both (repeat the option).")
    var mode: [String] = []

    @Option(help: "Prefix stripped from interface names to make Swift type names, e.g. org.qemu.")
    var interfacePrefix: String?

    @Option(name: .customLong("interface"), help: "Only generate this interface (repeatable).")
    var interfaces: [String] = []

    @Option(name: .customLong("define"), help: "Set a preprocessor variable for <?if?> blocks, NAME=VALUE (repeatable).")
    var defines: [String] = []

    func run() async throws {
        var settings = GeneratorConfig()
        var configDirectory: String?
        if let config {
            guard let data = FileManager.default.contents(atPath: config) else {
                throw ValidationError("cannot read config file '\(config)'")
            }
            do {
                settings = try GeneratorConfig(json: Array(data), file: config)
            } catch {
                printError(error.description)
                throw ExitCode.failure
            }
            configDirectory = (config as NSString).deletingLastPathComponent
        }
        if let accessModifier {
            guard let access = AccessModifier(rawValue: accessModifier) else {
                throw ValidationError("--access-modifier must be internal, package or public, not '\(accessModifier)'")
            }
            settings.accessModifier = access
        }
        if !mode.isEmpty {
            settings.modes = try Set(mode.map { name in
                guard let parsed = GeneratorMode(rawValue: name) else { throw ValidationError("--mode must be client or server, not '\(name)'") }
                return parsed
            })
        }
        if let interfacePrefix { settings.interfacePrefix = interfacePrefix }
        if !interfaces.isEmpty { settings.interfaces = interfaces }
        for define in defines {
            guard let equals = define.firstIndex(of: "="), equals != define.startIndex else {
                throw ValidationError("--define expects NAME=VALUE, got '\(define)'")
            }
            settings.variables[String(define[..<equals])] = String(define[define.index(after: equals)...])
        }

        var roots = inputs
        if roots.isEmpty, let configDirectory {
            roots = settings.interfaceFiles.map { entry in
                entry.hasPrefix("/") || configDirectory.isEmpty ? entry : configDirectory + "/" + entry
            }
        }
        guard !roots.isEmpty else { throw ValidationError("name at least one XML file or directory (or set interfaceFiles in the config)") }
        let files = try Self.xmlFiles(in: roots)

        var variables = IntrospectionParser.defaultVariables
        variables.merge(settings.variables) { _, new in new }
        var documents: [IntrospectionDocument] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                printError("\(file): error: cannot read file")
                throw ExitCode(3)
            }
            documents.append(IntrospectionParser.parse(data: Array(data), file: file, variables: variables))
        }

        let result = GeneratorPipeline.run(documents: documents, config: settings)
        for diagnostic in result.diagnostics {
            printError(diagnostic.description)
            for note in diagnostic.related { printError("\(note.location): note: \(note.message)") }
        }
        guard !result.hasErrors else { throw ExitCode.failure }

        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        for file in result.files {
            let path = outputDirectory + "/" + file.name
            let contents = Data(file.contents.utf8)
            // Rewriting only changed files keeps incremental builds from recompiling everything.
            if FileManager.default.contents(atPath: path) == contents { continue }
            guard FileManager.default.createFile(atPath: path, contents: contents) else {
                throw ValidationError("cannot write '\(path)'")
            }
        }
    }

    /// Files as given, and the `.xml` files directly inside each directory, each group sorted.
    static func xmlFiles(in roots: [String]) throws -> [String] {
        var result: [String] = []
        for root in roots {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
                printError("\(root): error: no such file or directory")
                throw ExitCode(3)
            }
            if isDirectory.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasSuffix(".xml") }.sorted()
                result += names.map { root.hasSuffix("/") ? root + $0 : root + "/" + $0 }
            } else {
                result.append(root)
            }
        }
        return result
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

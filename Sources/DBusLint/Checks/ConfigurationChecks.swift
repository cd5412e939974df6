internal import DBusIntrospection

/// Names that only the config can declare, since introspection XML has no element for them:
/// bus-name-invalid, bus-name-hyphen, bus-name-versioned, object-path-invalid,
/// error-name-invalid, qemu-error-name, qemu-reserved-prefix (bus names).
enum ConfigurationChecks {
    static func check(_ configuration: Configuration, file: String, settings: RuleSettings) -> [Finding] {
        var findings: [Finding] = []
        // JSON gives no positions; point at the file and name the entry in the symbol and message.
        let location = SourceLocation(file: file, line: 1, column: 1)
        func report(_ rule: Rule, _ message: String, _ symbol: String) {
            guard let severity = settings.severity(of: rule) else { return }
            findings.append(Finding(ruleID: rule.id, severity: severity, message: message, location: location, symbol: symbol))
        }
        let qemuOwned = configuration.owner == "qemu"
        for (index, name) in configuration.busNames.enumerated() {
            let entry = "bus-names[\(index)]"
            if let problem = SpecValidation.busNameProblem(name) {
                report(.busNameInvalid, "\(entry): invalid bus name '\(name)': \(problem)", entry)
                continue
            }
            guard !name.hasPrefix(":") else { continue }
            if name.contains("-") {
                report(.busNameHyphen, "\(entry): bus name '\(name)' contains '-'; the specification recommends '_' in new names", entry)
            }
            let elements = name.split(separator: ".")
            let domain = InterfaceNameParts(name).domainCount
            if elements.count <= domain + 1 ? !(elements.last?.last?.isNumber ?? false) : !(elements[domain].last?.isNumber ?? false) {
                report(.busNameVersioned,
                       "\(entry): bus name '\(name)' has no major version (e.g. '\(name)1'); a versioned name lets a new API run beside the old one",
                       entry)
            }
            if !qemuOwned, name == "org.qemu" || name.hasPrefix("org.qemu.") {
                report(.qemuReservedPrefix, "\(entry): bus name '\(name)' is in the org.qemu namespace, which is reserved for QEMU", entry)
            }
        }
        for (index, path) in configuration.objectPaths.enumerated() {
            let entry = "object-paths[\(index)]"
            // QEMU documents paths like /org/qemu/Display1/Console_$id.
            let concrete = replacingPlaceholders(path)
            if let problem = SpecValidation.objectPathProblem(concrete) {
                report(.objectPathInvalid, "\(entry): invalid object path '\(path)': \(problem)", entry)
            } else if path == "/" {
                report(.objectPathRoot, "\(entry): object at '/'; the guidelines recommend a versioned path", entry)
            }
        }
        for (index, name) in configuration.errorNames.enumerated() {
            let entry = "errors[\(index)]"
            if let problem = SpecValidation.interfaceNameProblem(name) {
                report(.errorNameInvalid, "\(entry): invalid error name '\(name)': \(problem)", entry)
                continue
            }
            let elements = name.split(separator: ".")
            if name.hasPrefix("org.qemu."), elements.count >= 3, elements[2].last?.isNumber ?? false,
               !(elements.count >= 5 && elements[3] == "Error") {
                report(.qemuErrorName, "\(entry): errors of org.qemu.\(elements[2]) are named org.qemu.\(elements[2]).Error.<Name>, not '\(name)'", entry)
            }
        }
        return findings
    }

    /// `Console_$id` -> `Console_0`: a `$` followed by letters, digits or `_` becomes `0`.
    static func replacingPlaceholders(_ path: String) -> String {
        var result = ""
        var inPlaceholder = false
        for character in path {
            if character == "$" {
                inPlaceholder = true
                result.append("0")
            } else if inPlaceholder, character.isLetter || character.isNumber || character == "_" {
                continue
            } else {
                inPlaceholder = false
                result.append(character)
            }
        }
        return result
    }
}

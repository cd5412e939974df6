/// SARIF 2.1.0 (OASIS), as GitHub code scanning reads it: every rule in `tool.driver.rules`,
/// one result per finding with a physical and a logical location, a line-independent
/// `partialFingerprints` entry, and `suppressions` for accepted findings.
enum SARIFReport {
    static let schema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    static func render(_ findings: [Finding], toolVersion: String) -> String {
        let rules = Rule.allCases
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let log = JSONValue.object([
            ("$schema", .string(schema)),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string("dbus-swift lint")),
                    ("version", .string(toolVersion)),
                    ("informationUri", .string("https://dbus.freedesktop.org/doc/dbus-api-design.html")),
                    ("rules", .array(rules.map(descriptor))),
                ]))])),
                ("originalUriBaseIds", .object([("%SRCROOT%", .object([("description", .object([("text", .string("The directory dbus-swift lint ran in."))]))]))])),
                ("results", .array(findings.map { result($0, ruleIndex: ruleIndex) })),
            ])])),
        ])
        return log.rendered() + "\n"
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    private static func descriptor(_ rule: Rule) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(rule.id)),
            ("shortDescription", .object([("text", .string(rule.summary))])),
            ("fullDescription", .object([("text", .string(rule.summary + (rule.isOptIn ? " Off unless enabled (opt-in)." : "")))])),
        ]
        if let uri = rule.helpURI { members.append(("helpUri", .string(uri))) }
        return .object(members + [
            ("defaultConfiguration", .object([
                ("enabled", .bool(!rule.isOptIn)),
                ("level", .string(level(rule.defaultSeverity))),
            ])),
            ("properties", .object([("tags", .array([.string(rule.category.rawValue)]))])),
        ])
    }

    private static func result(_ finding: Finding, ruleIndex: [String: Int]) -> JSONValue {
        var message = finding.message
        if !finding.variants.isEmpty { message += " (variants: \(finding.variants.joined(separator: ", ")))" }
        var members: [(String, JSONValue)] = [("ruleId", .string(finding.ruleID))]
        if let index = ruleIndex[finding.ruleID] { members.append(("ruleIndex", .int(index))) }
        members.append(("level", .string(level(finding.severity))))
        members.append(("message", .object([("text", .string(message))])))
        var location: [(String, JSONValue)] = [
            ("physicalLocation", .object([
                ("artifactLocation", artifactLocation(finding.location.file)),
                ("region", .object([("startLine", .int(max(1, finding.location.line))), ("startColumn", .int(max(1, finding.location.column)))])),
            ])),
        ]
        if let symbol = finding.symbol {
            location.append(("logicalLocations", .array([.object([("fullyQualifiedName", .string(symbol))])])))
        }
        members.append(("locations", .array([.object(location)])))
        members.append(("partialFingerprints", .object([("dbusLint/v1", .string(finding.fingerprint))])))
        if !finding.variants.isEmpty {
            members.append(("properties", .object([("variants", .array(finding.variants.map(JSONValue.string)))])))
        }
        if let suppression = finding.suppression {
            var entry: [(String, JSONValue)] = [("kind", .string(suppression.kind.rawValue)), ("status", .string("accepted"))]
            if let reason = suppression.reason { entry.append(("justification", .string(reason))) }
            entry.append(("location", .object([("properties", .object([("source", .string(suppression.source))]))])))
            members.append(("suppressions", .array([.object(entry)])))
        }
        return .object(members)
    }

    /// Relative paths as URI references: percent-encode what a URI cannot hold.
    static func uri(_ path: String) -> String {
        var result = ""
        for byte in path.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte < 0x80, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "/-._~".unicodeScalars.contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return result
    }

    /// Relative paths are relative to `%SRCROOT%` (where the tool ran); absolute ones become file URIs.
    static func artifactLocation(_ path: String) -> JSONValue {
        if path.hasPrefix("/") { return .object([("uri", .string("file://" + uri(path)))]) }
        let relative = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        return .object([("uri", .string(uri(relative))), ("uriBaseId", .string("%SRCROOT%"))])
    }
}

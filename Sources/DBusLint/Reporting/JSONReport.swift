/// The tool's own schema (version 1), for scripts and this project's tests:
/// `{schema, tool, files, findings: [{rule, severity, file, line, column, message, symbol,
/// variants, fingerprint, suppressed}]}`.
enum JSONReport {
    static func render(_ findings: [Finding], files: [String], toolVersion: String) -> String {
        let items: [JSONValue] = findings.map { finding in
            .object([
                ("rule", .string(finding.ruleID)),
                ("severity", .string(finding.severity.rawValue)),
                ("file", .string(finding.location.file)),
                ("line", .int(finding.location.line)),
                ("column", .int(finding.location.column)),
                ("message", .string(finding.message)),
                ("symbol", finding.symbol.map(JSONValue.string) ?? .null),
                ("variants", .array(finding.variants.map(JSONValue.string))),
                ("fingerprint", .string(finding.fingerprint)),
                ("suppressed", finding.suppression.map { suppression in
                    .object([
                        ("kind", .string(suppression.kind.rawValue)),
                        ("by", .string(suppression.source)),
                        ("reason", suppression.reason.map(JSONValue.string) ?? .null),
                    ])
                } ?? .null),
            ])
        }
        let report = JSONValue.object([
            ("schema", .int(1)),
            ("tool", .object([("name", .string("dbus-swift lint")), ("version", .string(toolVersion))])),
            ("files", .array(files.map(JSONValue.string))),
            ("findings", .array(items)),
        ])
        return report.rendered() + "\n"
    }
}

internal import DBusIntrospection

/// attribute-unknown: GDBus's runtime parser (`g_dbus_node_info_new_for_xml`, used by services
/// that embed their XML) and busctl reject attributes the introspection format does not define.
/// Runs once per file on the raw text, since the model keeps only the attributes it knows.
enum AttributeChecks {
    /// `version` on interface and method is tolerated: GDBus accepts it ("seen in the wild").
    static let allowed: [String: Set<String>] = [
        "node": ["name"],
        "interface": ["name", "version"],
        "method": ["name", "version"],
        "signal": ["name"],
        "property": ["name", "type", "access"],
        "arg": ["name", "type", "direction"],
        "annotation": ["name", "value"],
    ]

    static func check(_ contents: [UInt8], file: String, settings: RuleSettings) -> [Finding] {
        guard let severity = settings.severity(of: .attributeUnknown) else { return [] }
        var findings: [Finding] = []
        for tag in RawStartTags(contents).tags {
            // Namespaced elements (doc:doc) are documentation; other elements are element-unknown's business.
            guard let known = allowed[tag.name] else { continue }
            for attribute in tag.attributes where !known.contains(attribute.name) {
                // Namespace declarations and qualified attributes are outside the format, not against it.
                if attribute.name == "xmlns" || attribute.name.contains(":") { continue }
                findings.append(Finding(
                    ruleID: Rule.attributeUnknown.id, severity: severity,
                    message: "unknown attribute '\(attribute.name)' on <\(tag.name)> (allowed: \(known.sorted().joined(separator: ", "))); GDBus's introspection parser rejects this file",
                    location: SourceLocation(file: file, line: attribute.line, column: attribute.column)))
            }
        }
        return findings
    }
}

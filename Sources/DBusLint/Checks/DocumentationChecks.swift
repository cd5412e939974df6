internal import DBusIntrospection

/// doc-missing, doc-arg-missing, doc-param-unknown, doc-xref-unresolved.
enum DocumentationChecks: CheckGroup {
    /// gtk-doc tags written like parameters that are not arguments.
    static let reservedParameters: Set<String> = ["since", "short_description", "deprecated", "stability"]

    static func check(_ context: inout CheckContext) {
        guard let root = context.document.root else { return }
        for comment in context.document.comments where comment.isOrphanedDocumentation {
            let symbol = comment.symbol ?? ""
            context.report(.docOrphanComment,
                           "documentation comment for '\(symbol)' documents no element (no element named '\(symbol)' follows it); was it renamed?",
                           at: comment.location, symbol: "doc:\(symbol)")
        }
        for interface in root.allInterfaces {
            if interface.documentation == nil {
                context.report(.docMissing, "interface '\(interface.name.value)' has no documentation comment\(nearestOrphan(before: interface.location, context))",
                               at: interface.name.location, symbol: interface.name.value)
            }
            checkReferences(interface.documentation, in: interface, &context)
            for member in interface.members {
                let symbol = Symbol.member(interface, member.name)
                guard let documentation = member.documentation else {
                    context.report(.docMissing, "\(member.kind.rawValue) '\(member.name.value)' has no documentation comment\(nearestOrphan(before: member.location, after: interface.location, context))",
                                   at: member.name.location, symbol: symbol)
                    continue
                }
                checkReferences(documentation, in: interface, &context)
                guard member.kind != .property else { continue }
                let names = Set(member.arguments.compactMap(\.name?.value))
                for (index, argument) in member.arguments.enumerated() {
                    guard let name = argument.name, documentation.parameters[name.value] == nil, argument.documentation == nil else { continue }
                    context.report(.docArgMissing,
                                   "\(member.kind.rawValue) '\(member.name.value)': argument '\(name.value)' is not documented (@\(name.value): ...)",
                                   at: name.location, symbol: Symbol.argument(interface, member.name, argument, index: index))
                }
                for parameter in documentation.parameters.keys.sorted() where !names.contains(parameter) && !reservedParameters.contains(parameter) {
                    context.report(.docParamUnknown,
                                   "\(member.kind.rawValue) '\(member.name.value)': documentation describes '@\(parameter)', which is not an argument",
                                   at: documentation.location, symbol: "\(symbol)@\(parameter)")
                }
            }
        }
    }

    /// A typo in a doc comment's symbol leaves the element undocumented; point at the comment.
    private static func nearestOrphan(before location: SourceLocation, after start: SourceLocation? = nil, _ context: CheckContext) -> String {
        let orphan = context.document.comments.last { comment in
            comment.isOrphanedDocumentation && comment.location < location && (start.map { $0 < comment.location } ?? true)
        }
        guard let orphan, let symbol = orphan.symbol else { return "" }
        return " (the nearest doc comment, line \(orphan.location.line), names '\(symbol)')"
    }

    /// QEMU's Sphinx roles ``:dbus:iface:`X` ``, ``:dbus:meth:`X` ``, ``:dbus:prop:`X` ``,
    /// ``:dbus:sig:`X` `` (optional `~`), relative to the documented interface when not dotted.
    private static func checkReferences(_ documentation: Documentation?, in interface: Interface, _ context: inout CheckContext) {
        guard let documentation, documentation.text.contains(":dbus:") else { return }
        for reference in DocReference.all(in: documentation.text) {
            guard let problem = resolve(reference, from: interface, known: context.knownInterfaces) else { continue }
            context.report(.docXrefUnresolved,
                           "documentation reference :dbus:\(reference.role):`\(reference.target)` does not resolve\(problem)",
                           at: documentation.location, symbol: "\(interface.name.value)#\(reference.target)")
        }
    }

    /// `nil` when it resolves, otherwise a hint (possibly empty).
    private static func resolve(_ reference: DocReference, from current: Interface, known: [String: Interface]) -> String? {
        let target = reference.target
        if reference.role == "iface" {
            return known[target] != nil || known["\(current.name.value).\(target)"] != nil ? nil : ""
        }
        var interfaceName = current.name.value
        var member = target
        if let dot = target.lastIndex(of: ".") {
            interfaceName = String(target[..<dot])
            member = String(target[target.index(after: dot)...])
        }
        guard let interface = known[interfaceName] ?? (interfaceName == current.name.value ? current : nil) else {
            return " (no interface '\(interfaceName)' among the files checked)"
        }
        let candidates: [String] = switch reference.role {
        case "meth": interface.methods.map(\.name.value)
        case "sig": interface.signals.map(\.name.value)
        case "prop": interface.properties.map(\.name.value)
        default: []
        }
        if candidates.contains(member) { return nil }
        if let close = candidates.first(where: { $0.hasPrefix(member) || member.hasPrefix($0) }) {
            return " (did you mean \(close)?)"
        }
        return ""
    }
}

/// One ``:dbus:role:`target` `` in documentation text.
struct DocReference: Hashable {
    let role: String
    let target: String

    static func all(in text: String) -> [DocReference] {
        var result: [DocReference] = []
        var rest = Substring(text)
        while let start = rest.range(of: ":dbus:") {
            rest = rest[start.upperBound...]
            guard let colon = rest.firstIndex(of: ":"), rest[rest.index(after: colon)...].first == "`" else { continue }
            let role = String(rest[..<colon])
            let body = rest[rest.index(colon, offsetBy: 2)...]
            guard let end = body.firstIndex(of: "`") else { break }
            var target = String(body[..<end])
            if target.hasPrefix("~") { target.removeFirst() }
            // Sphinx's explicit-title form: `text <target>`.
            if let open = target.lastIndex(of: "<"), target.hasSuffix(">") {
                target = String(target[target.index(after: open)..<target.index(before: target.endIndex)])
            }
            if ["iface", "meth", "sig", "prop"].contains(role) { result.append(DocReference(role: role, target: target)) }
            rest = body[body.index(after: end)...]
        }
        return result
    }
}

private extension Substring {
    func range(of needle: String) -> Range<Index>? {
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(needle) {
                return index..<self.index(index, offsetBy: needle.count)
            }
            index = self.index(after: index)
        }
        return nil
    }
}

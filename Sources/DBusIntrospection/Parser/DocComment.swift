/// The gtk-doc comment convention used by GLib's gdbus-codegen, NetworkManager, ModemManager and
/// QEMU: the first non-empty line is `Symbol:` (optionally followed by text) and names the element
/// documented, `@arg: text` lines describe arguments, then the body; `Since:` and `Deprecated:`
/// lines become tags.
enum DocComment {
    static let tagNames: Set<String> = ["Since", "Deprecated", "Stability"]

    /// The symbol of a gtk-doc comment, or `nil` when the first non-empty line is not `Symbol:`.
    static func symbol(of text: String) -> String? {
        guard let first = text.split(separator: "\n", omittingEmptySubsequences: true)
            .first(where: { !$0.trimmingSpaces.isEmpty })?.trimmingSpaces
        else { return nil }
        let head: Substring
        if let range = first.firstRange(of: ": ") {
            head = first[..<range.lowerBound]
        } else if first.hasSuffix(":") {
            head = first.dropLast()
        } else {
            return nil
        }
        // A symbol is a D-Bus name, possibly qualified (`Iface.Member`, `Iface:Member`); this keeps
        // remarks such as `dbus-lint: disable=x` or `Note: ...` sentences from looking like symbols.
        guard let first = head.first, first.isLetter || first == "_",
              head.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == ":") })
        else { return nil }
        return String(head)
    }

    static func parse(_ text: String, location: SourceLocation) -> Documentation {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Substring($0) }
        while let first = lines.first, first.trimmingSpaces.isEmpty { lines.removeFirst() }
        var body: [Substring] = []
        var parameters: [String: String] = [:]
        var tags: [String: String] = [:]
        guard !lines.isEmpty else { return Documentation(text: "", location: location) }

        // "Symbol: text" starts the body with text.
        var lead = ""
        let first = lines.removeFirst().trimmingSpaces
        if let range = first.firstRange(of: ": ") {
            lead = String(first[range.upperBound...].trimmingSpaces)
        }

        // @name: lines until the first other line; more-indented lines continue the previous one.
        var lastParameter: (name: String, indent: Int)?
        while let line = lines.first {
            let trimmed = line.trimmingSpaces
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            if trimmed.hasPrefix("@"), let colon = trimmed.firstIndex(of: ":") {
                let name = String(trimmed[trimmed.index(after: trimmed.startIndex)..<colon])
                let value = String(trimmed[trimmed.index(after: colon)...].trimmingSpaces)
                if name == "short_description" { tags[name] = value } else { parameters[name] = value }
                lastParameter = (name, indent)
            } else if let parameter = lastParameter, !trimmed.isEmpty, indent > parameter.indent,
                      let existing = parameters[parameter.name] {
                parameters[parameter.name] = existing + " " + trimmed
            } else {
                break
            }
            lines.removeFirst()
        }

        // Body with tag paragraphs taken out.
        var currentTag: String?
        for line in lines {
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty {
                currentTag = nil
                body.append("")
                continue
            }
            if let colon = trimmed.firstIndex(of: ":"), tagNames.contains(String(trimmed[..<colon])) {
                let name = String(trimmed[..<colon])
                tags[name] = String(trimmed[trimmed.index(after: colon)...].trimmingSpaces)
                currentTag = name
                continue
            }
            if let tag = currentTag, let existing = tags[tag] {
                tags[tag] = existing.isEmpty ? String(trimmed) : existing + " " + trimmed
                continue
            }
            body.append(line)
        }
        let text = [lead, dedent(body)].filter { !$0.isEmpty }.joined(separator: "\n")
        return Documentation(text: text, parameters: parameters, tags: tags, location: location)
    }

    /// Removes the common indentation, trims blank lines at both ends and keeps one blank line
    /// between paragraphs.
    static func dedent(_ lines: [Substring]) -> String {
        let indent = lines.filter { !$0.trimmingSpaces.isEmpty }
            .map { $0.prefix { $0 == " " || $0 == "\t" }.count }.min() ?? 0
        var result: [Substring] = []
        for line in lines {
            let trimmedEnd = line.trimmingSpaces.isEmpty ? Substring("") : line.dropFirst(min(indent, line.prefix { $0 == " " || $0 == "\t" }.count))
            var text = trimmedEnd
            while text.last?.isWhitespace == true { text.removeLast() }
            if text.isEmpty, result.last?.isEmpty ?? true { continue }
            result.append(text)
        }
        while result.last?.isEmpty == true { result.removeLast() }
        return result.joined(separator: "\n")
    }
}

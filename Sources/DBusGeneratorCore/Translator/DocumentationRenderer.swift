import DBusIntrospection

/// Turns the XML's documentation into `///` lines: paragraphs kept, reStructuredText roles
/// (QEMU writes ``:dbus:prop:`Width` ``) reduced to code voice, and argument docs moved to
/// `- Parameter` / `- Returns`.
struct DocumentationRenderer {
    let documentation: Documentation?

    init(_ documentation: Documentation?) {
        self.documentation = documentation
    }

    /// The body text as doc-comment lines (no `///`), plus `Since:` as a note.
    func bodyLines() -> [String] {
        guard let documentation else { return [] }
        var lines = Self.lines(documentation.text)
        if let since = documentation.tags["Since"] {
            if !lines.isEmpty { lines.append("") }
            lines.append("- Note: Since " + Self.oneLine(since) + ".")
        }
        return lines
    }

    func parameterText(_ argumentName: String) -> String? {
        documentation?.parameters[argumentName].map(Self.oneLine)
    }

    func methodLines(inArguments: [(Argument, ArgumentPlan)], outArguments: [(Argument, ArgumentPlan)]) -> [String] {
        var lines = bodyLines()
        let documentedIn = inArguments.filter { $0.1.documentation != nil }
        let documentedOut = outArguments.filter { $0.1.documentation != nil }
        if !documentedIn.isEmpty || !documentedOut.isEmpty, !lines.isEmpty { lines.append("") }
        for (_, plan) in documentedIn {
            lines.append("- Parameter \(plan.swiftName.trimmingBackticks): \(plan.documentation!)")
        }
        if outArguments.count == 1, let text = documentedOut.first?.1.documentation {
            lines.append("- Returns: " + text)
        } else if !documentedOut.isEmpty {
            lines.append("- Returns:")
            for (_, plan) in documentedOut {
                lines.append("  - \(plan.swiftName.trimmingBackticks): \(plan.documentation!)")
            }
        }
        return lines
    }

    /// Text of one paragraph flattened to a line, for parameters and deprecation messages.
    static func oneLine(_ text: String) -> String {
        lines(text).filter { !$0.isEmpty }.joined(separator: " ")
    }

    static func flatten(_ documentation: Documentation) -> String {
        oneLine(documentation.text)
    }

    /// Lines with trailing spaces removed, runs of blank lines collapsed, and RST roles rewritten.
    static func lines(_ text: String) -> [String] {
        var result: [String] = []
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(rawLine)
            while line.last == " " || line.last == "\t" || line.last == "\r" { line.removeLast() }
            line = rewritingRoles(line)
            if line.isEmpty && (result.last?.isEmpty ?? true) { continue }
            result.append(line)
        }
        while result.last?.isEmpty == true { result.removeLast() }
        return result
    }

    /// ``:role:`text` `` and ``:domain:role:`text` `` become `` `text` ``; RST's double-backtick
    /// literals become single backticks.
    static func rewritingRoles(_ line: String) -> String {
        let characters = Array(line)
        var output = ""
        var index = 0
        while index < characters.count {
            if characters[index] == ":", let backtick = roleEnd(characters, from: index) {
                index = backtick
                continue
            }
            output.append(characters[index])
            index += 1
        }
        return output.replacingDoubleBackticks()
    }

    /// The index of the backtick after `(:word)+:` starting at `start`, or `nil` if no role starts there.
    private static func roleEnd(_ characters: [Character], from start: Int) -> Int? {
        var cursor = start
        var words = 0
        while cursor < characters.count, characters[cursor] == ":" {
            var wordEnd = cursor + 1
            while wordEnd < characters.count, characters[wordEnd].isLetter || characters[wordEnd].isNumber || characters[wordEnd] == "-" {
                wordEnd += 1
            }
            if wordEnd == cursor + 1 {
                return words > 0 && wordEnd < characters.count && characters[wordEnd] == "`" ? wordEnd : nil
            }
            words += 1
            cursor = wordEnd
        }
        return nil
    }
}

private extension String {
    func replacingDoubleBackticks() -> String {
        var result = ""
        var iterator = makeIterator()
        var pending: Character?
        while let character = pending ?? iterator.next() {
            pending = nil
            if character == "`" {
                let next = iterator.next()
                if next == "`" {
                    result.append("`")
                    continue
                }
                result.append(character)
                pending = next
                continue
            }
            result.append(character)
        }
        return result
    }
}

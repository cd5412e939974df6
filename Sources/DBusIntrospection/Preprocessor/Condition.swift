/// The expression of a QEMU `<?if ...?>` / `<?elseif ...?>`: `$(env.HOST_OS) == windows` or `!=`.
///
/// QEMU's scripts/xml-preprocess.py accepts more (it evaluates Python); these comparisons are what
/// its D-Bus interface files use. Anything else is reported, never evaluated.
struct Condition: Hashable, Sendable {
    enum Operand: Hashable, Sendable {
        case variable(String)
        case literal(String)
    }

    var left: Operand
    var equals: Bool
    var right: Operand

    /// Parses `text`, or returns `nil` when it is not a comparison this parser understands.
    init?(_ text: String) {
        let separator: String
        if text.contains("==") {
            separator = "=="
            equals = true
        } else if text.contains("!=") {
            separator = "!="
            equals = false
        } else {
            return nil
        }
        let parts = text.split(separator: separator, maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let left = Self.operand(parts[0]), let right = Self.operand(parts[1]) else { return nil }
        self.left = left
        self.right = right
    }

    /// `$(env.NAME)`, `$(var.NAME)`, `$(sys.NAME)` or `$(NAME)`; a quoted or bare word is a literal.
    private static func operand(_ raw: Substring) -> Operand? {
        let text = raw.trimmingSpaces
        guard !text.isEmpty else { return nil }
        if text.hasPrefix("$("), text.hasSuffix(")") {
            var name = text.dropFirst(2).dropLast()
            if let dot = name.firstIndex(of: "."), ["env", "var", "sys"].contains(name[..<dot]) {
                name = name[name.index(after: dot)...]
            }
            guard Self.isVariableName(name) else { return nil }
            return .variable(String(name))
        }
        if text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first {
            return .literal(String(text.dropFirst().dropLast()))
        }
        guard !text.contains(where: { $0 == " " || $0 == "\t" || $0 == "$" || $0 == "(" || $0 == ")" }) else { return nil }
        return .literal(String(text))
    }

    static func isVariableName(_ name: Substring) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    /// The variables this condition reads.
    var variableNames: [String] {
        [left, right].compactMap { if case .variable(let name) = $0 { name } else { nil } }
    }

    /// The literal compared against `name`, if the condition has that shape.
    func literal(comparedWith name: String) -> String? {
        switch (left, right) {
        case (.variable(name), .literal(let value)), (.literal(let value), .variable(name)): value
        default: nil
        }
    }

    /// Evaluates with `variables`; an unset variable reads as the empty string and is reported in `undefined`.
    func evaluate(_ variables: [String: String]) -> (value: Bool, undefined: [String]) {
        var undefined: [String] = []
        func resolve(_ operand: Operand) -> String {
            switch operand {
            case .literal(let value):
                return value
            case .variable(let name):
                if let value = variables[name] { return value }
                undefined.append(name)
                return ""
            }
        }
        let same = resolve(left) == resolve(right)
        return (same == equals, undefined)
    }
}

extension StringProtocol {
    var trimmingSpaces: SubSequence {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<end]
    }
}

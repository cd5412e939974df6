internal import DBusIntrospection

/// `<!-- dbus-lint ... -->` comments in the XML itself.
///
///     <!-- dbus-lint disable-next prefer-enum-over-bool (legacy wire format) -->
///     <!-- dbus-lint disable doc-missing (generated) --> ... <!-- dbus-lint enable doc-missing -->
///     <!-- dbus-lint disable-file doc-missing (internal interface) -->
///
/// The syntax has no colon on purpose: gdbus-codegen and QEMU's Sphinx extension treat a comment
/// whose first line reads `word: ...` as the documentation of a symbol, and such a comment between
/// a doc comment and its element erases the real documentation. A comment is never an annotation,
/// because annotations end up in the runtime introspection data.
struct InlineSuppressions {
    struct Directive: Equatable {
        enum Scope: Equatable {
            /// The next element, with its attributes and descendants: lines `start...end`.
            case lines(ClosedRange<Int>)
            case file
        }

        var rules: [String]
        var scope: Scope
        var reason: String?
        var location: SourceLocation
    }

    private(set) var directives: [Directive] = []
    /// Malformed directives (suppression-invalid).
    private(set) var problems: [(message: String, location: SourceLocation)] = []

    init(text: String, file: String) {
        let scanner = XMLCommentScanner(text: text)
        var open: [String: (location: SourceLocation, reason: String?)] = [:]
        for comment in scanner.comments {
            let body = comment.body.trimmingWhitespace
            let location = SourceLocation(file: file, line: comment.startLine, column: comment.startColumn)
            if body.hasPrefix("dbus-lint:") {
                problems.append(("write 'dbus-lint disable...' without a colon: gdbus-codegen and QEMU's doc tools read 'word:' comments as documentation and drop the real docs", location))
                continue
            }
            guard body.hasPrefix("dbus-lint ") else { continue }
            var words = body.dropFirst("dbus-lint ".count)
            var reason: String?
            if let open = words.firstIndex(of: "("), let close = words.lastIndex(of: ")"), open < close {
                reason = String(words[words.index(after: open)..<close]).trimmingWhitespace
                words = words[..<open]
            }
            let parts = words.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "," }).map(String.init)
            guard let command = parts.first else { continue }
            let rules = Array(parts.dropFirst())
            if rules.isEmpty {
                problems.append(("'dbus-lint \(command)' names no rule (write a rule id or 'all')", location))
                continue
            }
            for rule in rules where rule != "all" && Rule(rawValue: rule) == nil {
                problems.append(("unknown rule '\(rule)' in suppression (dbus-swift lint --list-rules)", location))
            }
            if reason == nil || reason?.isEmpty == true, command != "enable" {
                problems.append(("suppression of \(rules.joined(separator: ", ")) gives no reason; add one in parentheses", location))
            }
            switch command {
            case "disable-next":
                let range = scanner.nextElementLines(after: comment.endOffset) ?? (comment.endLine + 1)...(comment.endLine + 1)
                directives.append(Directive(rules: rules, scope: .lines(range), reason: reason, location: location))
            case "disable-file":
                directives.append(Directive(rules: rules, scope: .file, reason: reason, location: location))
            case "disable":
                for rule in rules { open[rule] = (location, reason) }
            case "enable":
                for rule in rules {
                    guard let start = open.removeValue(forKey: rule) else {
                        problems.append(("'enable \(rule)' without a matching 'disable'", location))
                        continue
                    }
                    directives.append(Directive(rules: [rule], scope: .lines(start.location.line...comment.endLine),
                                                reason: start.reason, location: start.location))
                }
            default:
                problems.append(("unknown suppression '\(command)' (use disable-next, disable, enable or disable-file)", location))
            }
        }
        // An unclosed region runs to the end of the file.
        for (rule, start) in open.sorted(by: { $0.key < $1.key }) {
            directives.append(Directive(rules: [rule], scope: .lines(start.location.line...Int.max), reason: start.reason, location: start.location))
        }
    }

    /// The index of the first directive that covers the finding.
    func directive(for finding: Finding) -> Int? {
        directives.firstIndex { directive in
            guard directive.rules.contains(finding.ruleID) || directive.rules.contains("all") else { return false }
            switch directive.scope {
            case .file: return true
            case .lines(let lines): return lines.contains(finding.location.line)
            }
        }
    }
}

/// Finds comments, and element extents, in raw XML text by line: enough to place suppressions
/// without a second XML parser. Malformed XML is the parser's finding, not this scanner's.
struct XMLCommentScanner {
    struct Comment {
        var body: Substring
        var startLine: Int
        var startColumn: Int
        var endLine: Int
        /// UTF-8 offset just past `-->`.
        var endOffset: Int
    }

    private let bytes: [UInt8]
    private let lineStarts: [Int]
    private(set) var comments: [Comment] = []

    init(text: String) {
        bytes = Array(text.utf8)
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(index + 1) }
        lineStarts = starts
        var index = 0
        while let open = find("<!--", from: index) {
            guard let close = find("-->", from: open + 4) else { break }
            let body = String(decoding: bytes[(open + 4)..<close], as: UTF8.self)
            let (line, column) = position(of: open)
            comments.append(Comment(body: Substring(body), startLine: line, startColumn: column,
                                    endLine: position(of: close).line, endOffset: close + 3))
            index = close + 3
        }
    }

    /// The lines from the next element's `<` to its end tag (or `/>`).
    func nextElementLines(after offset: Int) -> ClosedRange<Int>? {
        var index = offset
        var depth = 0
        var start: Int?
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
            if matches("<!--", at: index) {
                index = (find("-->", from: index + 4) ?? bytes.count) + 3
                continue
            }
            if matches("<?", at: index) || matches("<!", at: index) {
                index = (find(">", from: index) ?? bytes.count) + 1
                continue
            }
            let isEnd = matches("</", at: index)
            guard let close = tagEnd(from: index) else { return nil }
            let selfClosing = bytes[close - 1] == UInt8(ascii: "/")
            if start == nil {
                if isEnd { return nil }
                start = index
            }
            if isEnd { depth -= 1 } else if !selfClosing { depth += 1 }
            if depth <= 0, let start {
                return position(of: start).line...position(of: close).line
            }
            index = close + 1
        }
        return nil
    }

    /// The `>` that ends a tag, skipping quoted attribute values.
    private func tagEnd(from index: Int) -> Int? {
        var quote: UInt8?
        var index = index
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return index
            }
            index += 1
        }
        return nil
    }

    private func matches(_ needle: String, at index: Int) -> Bool {
        let needle = Array(needle.utf8)
        guard index + needle.count <= bytes.count else { return false }
        return bytes[index..<(index + needle.count)].elementsEqual(needle)
    }

    private func find(_ needle: String, from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        var index = start
        while index < bytes.count {
            if matches(needle, at: index) { return index }
            index += 1
        }
        return nil
    }

    /// 1-based line and column (columns in UTF-8 bytes, as libxml2 counts).
    private func position(of offset: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return (low + 1, offset - lineStarts[low] + 1)
    }
}

extension StringProtocol {
    var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}


/// Reads D-Bus introspection XML into an ``IntrospectionDocument``.
///
/// Never throws: every problem (malformed XML, misplaced elements, unbalanced `<?if?>` blocks,
/// oversized input) becomes a ``Diagnostic`` with file, line and column.
public enum IntrospectionParser {
    /// Inputs larger than this are refused before parsing (16 MiB; real interface files are < 1 MiB).
    public static let maximumInputSize = 16 * 1024 * 1024

    /// The operating system this program runs on, in QEMU's HOST_OS spelling.
    public static var hostOS: String {
        #if os(Linux)
        "linux"
        #elseif os(macOS)
        "darwin"
        #elseif os(Windows)
        "windows"
        #elseif os(FreeBSD)
        "freebsd"
        #else
        "unknown"
        #endif
    }

    /// Variables for `<?if $(env.NAME) == value?>` blocks when the caller chooses none: HOST_OS.
    public static var defaultVariables: [String: String] { ["HOST_OS": hostOS] }

    /// Parses `data` (UTF-8 XML) for one choice of preprocessor variables.
    /// - Parameters:
    ///   - file: the name used in locations; not opened.
    ///   - variables: values for `$(env.NAME)` in `<?if?>` conditions; `<?ifdef NAME?>` checks presence.
    public static func parse(data: [UInt8], file: String, variables: [String: String] = defaultVariables) -> IntrospectionDocument {
        guard data.count <= maximumInputSize else {
            let diagnostic = Diagnostic(.error, "the input is \(data.count) bytes; the limit is \(maximumInputSize) bytes (16 MiB)",
                                        at: SourceLocation(file: file, line: 1, column: 1), id: "input-too-large")
            return IntrospectionDocument(file: file, root: nil, variables: variables, diagnostics: [diagnostic])
        }
        return data.withUnsafeBufferPointer { bytes in
            let lines = LineTable(bytes: bytes, file: file)
            let builder = ModelBuilder(lines: lines, variables: variables)
            XMLEventReader.read(bytes, into: builder)
            builder.finish(endOffset: bytes.count)
            return IntrospectionDocument(file: file, root: builder.root, variables: variables,
                                         diagnostics: builder.diagnostics, comments: builder.comments)
        }
    }

    /// Reads and parses the file at `path`; a file that cannot be read gives an `input-unreadable` diagnostic.
    public static func parse(contentsOf path: String, variables: [String: String] = defaultVariables) -> IntrospectionDocument {
        let location = SourceLocation(file: path, line: 1, column: 1)
        switch FileReader.read(path, limit: maximumInputSize) {
        case .success(let data):
            return parse(data: data, file: path, variables: variables)
        case .failure(.tooLarge(let size)):
            return IntrospectionDocument(file: path, root: nil, variables: variables, diagnostics: [
                Diagnostic(.error, "the file is \(size) bytes; the limit is \(maximumInputSize) bytes (16 MiB)", at: location, id: "input-too-large"),
            ])
        case .failure(.unreadable(let reason)):
            return IntrospectionDocument(file: path, root: nil, variables: variables, diagnostics: [
                Diagnostic(.error, "cannot read '\(path)': \(reason)", at: location, id: "input-unreadable"),
            ])
        }
    }

    /// ``variants(of:base:)`` for a file; a file that cannot be read has only the `base` variant
    /// (parsing it then reports why).
    public static func variants(contentsOf path: String, base: [String: String] = defaultVariables) -> [[String: String]] {
        guard case .success(let data) = FileReader.read(path, limit: maximumInputSize) else { return [base] }
        return variants(of: data, base: base)
    }

    /// The variable choices that select every branch of the file's `<?if?>` blocks: for each
    /// variable the conditions mention, the values compared against plus its value in `base`.
    /// With HOST_OS tested against `windows` on Linux this gives `[["HOST_OS": "linux"], ["HOST_OS": "windows"]]`.
    /// `<?ifdef NAME?>` variables vary between unset and `"1"`. Capped at 64 combinations.
    public static func variants(of data: [UInt8], base: [String: String] = defaultVariables) -> [[String: String]] {
        guard data.count <= maximumInputSize else { return [base] }
        let scanner = ConditionScanner()
        data.withUnsafeBufferPointer { XMLEventReader.read($0, into: scanner) }
        var choices: [(name: String, values: [String?])] = []
        for name in scanner.values.keys.sorted() {
            var values = Set(scanner.values[name] ?? [])
            values.insert(base[name])
            choices.append((name, values.sorted { ($0 ?? "") < ($1 ?? "") }))
        }
        var result: [[String: String]] = [base]
        for choice in choices {
            result = result.flatMap { partial in
                choice.values.map { value in
                    var variables = partial
                    variables[choice.name] = value
                    return variables
                }
            }
            if result.count > 64 { result = Array(result.prefix(64)) }
        }
        return result
    }
}


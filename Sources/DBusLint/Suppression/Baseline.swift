internal import Foundation

/// Accepted findings, by fingerprint: new findings still fail, old ones do not, and a finding that
/// moves lines keeps its fingerprint. Written by `--write-baseline`, read by `--baseline`.
public struct Baseline: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public var fingerprint: String
        public var rule: String
        public var file: String
        public var symbol: String?
        /// For people reading the file; never matched.
        public var message: String

        public init(fingerprint: String, rule: String, file: String, symbol: String?, message: String) {
            self.fingerprint = fingerprint
            self.rule = rule
            self.file = file
            self.symbol = symbol
            self.message = message
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    public init(accepting findings: [Finding]) {
        entries = findings.map {
            Entry(fingerprint: $0.fingerprint, rule: $0.ruleID, file: $0.location.file, symbol: $0.symbol, message: $0.message)
        }
    }

    /// Stable, sorted, one entry per line, so the file diffs well in review.
    public func rendered() -> String {
        let sorted = entries.sorted { ($0.file, $0.rule, $0.symbol ?? "", $0.fingerprint) < ($1.file, $1.rule, $1.symbol ?? "", $1.fingerprint) }
        let lines = sorted.map { entry -> String in
            var object: [(String, JSONValue)] = [("fingerprint", .string(entry.fingerprint)), ("rule", .string(entry.rule)),
                                                 ("file", .string(entry.file))]
            if let symbol = entry.symbol { object.append(("symbol", .string(symbol))) }
            object.append(("message", .string(entry.message)))
            return "    " + JSONValue.object(object).rendered(pretty: false)
        }
        return "{\n  \"version\": 1,\n  \"findings\": [\n" + lines.joined(separator: ",\n") + (lines.isEmpty ? "" : "\n") + "  ]\n}\n"
    }

    public static func load(json data: [UInt8], file: String) throws(ConfigurationError) -> Baseline {
        guard let top = try? JSONSerialization.jsonObject(with: Data(data)) as? [String: Any],
              top["version"] as? Int == 1, let findings = top["findings"] as? [[String: Any]] else {
            throw ConfigurationError(file: file, message: "not a dbus-lint baseline (expected {\"version\": 1, \"findings\": [...]}; write one with --write-baseline)")
        }
        var entries: [Entry] = []
        for (index, finding) in findings.enumerated() {
            guard let fingerprint = finding["fingerprint"] as? String, let rule = finding["rule"] as? String,
                  let path = finding["file"] as? String else {
                throw ConfigurationError(file: file, message: "findings[\(index)] needs 'fingerprint', 'rule' and 'file'")
            }
            entries.append(Entry(fingerprint: fingerprint, rule: rule, file: path, symbol: finding["symbol"] as? String,
                                 message: finding["message"] as? String ?? ""))
        }
        return Baseline(entries: entries)
    }
}

/// Compiler-style lines, one per unsuppressed finding.
enum TextReport {
    static func render(_ findings: [Finding]) -> String {
        findings.filter { !$0.isSuppressed }.map { $0.compilerStyle + "\n" }.joined()
    }

    /// `3 errors, 1 warning (2 suppressed)` plus counts per rule, for stderr.
    static func summary(_ findings: [Finding]) -> String {
        let active = findings.filter { !$0.isSuppressed }
        func count(_ severity: Severity, _ word: String) -> String {
            let number = active.filter { $0.severity == severity }.count
            return "\(number) \(word)\(number == 1 ? "" : "s")"
        }
        var lines = ["\(count(.error, "error")), \(count(.warning, "warning")), \(count(.note, "note")) (\(findings.count - active.count) suppressed)"]
        let perRule = Dictionary(grouping: active, by: \.ruleID)
        for rule in perRule.keys.sorted() {
            lines.append("  \(rule): \(perRule[rule]!.count)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension OutputFormat {
    /// The per-rule summary the CLI prints on stderr.
    public static func summary(_ findings: [Finding]) -> String { TextReport.summary(findings) }
}

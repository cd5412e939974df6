/// `--format`: how findings are printed.
public enum OutputFormat: String, Hashable, Sendable, CaseIterable {
    /// `file:line:col: error: message [rule-id]`, for terminals, editors and problem matchers.
    case text
    /// GitHub Actions workflow commands (`::error file=...::message`).
    case github
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    case sarif
    /// This tool's own versioned schema.
    case json

    /// The whole report for these findings. Suppressed findings appear only in SARIF and JSON,
    /// marked as such.
    public func render(_ findings: [Finding], files: [String], toolVersion: String) -> String {
        switch self {
        case .text: TextReport.render(findings)
        case .github: GitHubReport.render(findings)
        case .sarif: SARIFReport.render(findings, toolVersion: toolVersion)
        case .json: JSONReport.render(findings, files: files, toolVersion: toolVersion)
        }
    }
}

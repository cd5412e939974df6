/// GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=T::message`.
///
/// Escaping follows @actions/core: data escapes `%`, CR and LF; property values additionally
/// escape `:` and `,`, which would otherwise end the property.
enum GitHubReport {
    static func render(_ findings: [Finding]) -> String {
        // GitHub shows a limited number of annotations per step; errors first keeps the important ones.
        let active = findings.filter { !$0.isSuppressed }.sorted { $0.severity > $1.severity }
        var output = active.map(line).joined()
        // GitHub limits how many annotations of each kind one step shows (10 per the toolkit's docs).
        if active.filter({ $0.severity == .error }).count > 10 || active.filter({ $0.severity == .warning }).count > 10 {
            output += "::notice title=dbus-lint::\(escapeData("\(active.count) findings; GitHub shows only some annotations per step. Use --format sarif with github/codeql-action/upload-sarif to see them all."))\n"
        }
        return output
    }

    static func line(_ finding: Finding) -> String {
        let command = switch finding.severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "notice"
        }
        let properties = [
            "file=\(escapeProperty(finding.location.file))",
            "line=\(finding.location.line)",
            "col=\(finding.location.column)",
            "title=\(escapeProperty(finding.ruleID))",
        ]
        var message = finding.message
        if !finding.variants.isEmpty { message += " (variants: \(finding.variants.joined(separator: ", ")))" }
        return "::\(command) \(properties.joined(separator: ","))::\(escapeData(message))\n"
    }

    static func escapeData(_ text: String) -> String {
        var result = ""
        for character in text.unicodeScalars {
            switch character {
            case "%": result += "%25"
            case "\r": result += "%0D"
            case "\n": result += "%0A"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    static func escapeProperty(_ text: String) -> String {
        var result = ""
        for character in escapeData(text).unicodeScalars {
            switch character {
            case ":": result += "%3A"
            case ",": result += "%2C"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}

import DBusIntrospection

/// Hands out Swift names in one scope (an interface's members, or a file's types) and resolves
/// collisions deterministically: the first claim keeps the name, later ones get a suffix, and each
/// collision becomes a warning that says how to override it.
struct NameScope {
    private var owners: [String: String] = [:]

    /// Names the generated code itself uses in this scope.
    init(reserved: [String: String] = [:]) {
        owners = reserved
    }

    func isTaken(_ name: String) -> Bool { owners[name] != nil }

    /// Claims `preferred` for `owner` (a human description like "method 'State'"), falling back to
    /// `preferred + suffix`, then numbered variants.
    mutating func claim(_ preferred: String, for owner: String, suffix: String, at location: SourceLocation,
                        overrideKey: String, overrideSetting: String = "nameOverrides", diagnostics: inout [Diagnostic]) -> String {
        if owners[preferred] == nil {
            owners[preferred] = owner
            return preferred
        }
        var candidate = preferred + suffix
        var counter = 2
        while owners[candidate] != nil {
            candidate = preferred + suffix + String(counter)
            counter += 1
        }
        diagnostics.append(Diagnostic(
            .warning,
            "\(owner) maps to Swift name '\(preferred)', already used by \(owners[preferred]!); generated as '\(candidate)' (set \"\(overrideSetting)\": {\"\(overrideKey)\": \"...\"} to choose)",
            at: location, id: "name-collision"))
        owners[candidate] = owner
        return candidate
    }
}

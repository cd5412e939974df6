internal import Foundation

/// A config file the user has to fix; the CLI exits with status 2.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): error: \(message)" }
}

extension Configuration {
    /// Reads `.dbus-lint.json`. Unknown keys and unknown rule ids are errors, so a typo never
    /// silently turns a rule off.
    public static func load(json data: [UInt8], file: String) throws(ConfigurationError) -> Configuration {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(data))
        } catch {
            throw ConfigurationError(file: file, message: "not valid JSON: \((error as NSError).localizedDescription)")
        }
        var reader = Reader(file: file)
        return try reader.configuration(object)
    }
}

private struct Reader {
    let file: String

    func fail(_ message: String) -> ConfigurationError { ConfigurationError(file: file, message: message) }

    mutating func configuration(_ object: Any) throws(ConfigurationError) -> Configuration {
        let top = try dictionary(object, "top level")
        let known: Set<String> = ["profile", "rules", "variants", "owner", "paths", "bus-names", "object-paths", "errors",
                                  "allowed-prefixes", "unversioned-interfaces", "known-annotation-prefixes", "suppress", "baseline", "registry"]
        try rejectUnknownKeys(top, known, "top level")
        var config = Configuration()
        if let value = top["profile"] { config.profile = try profile(value, "profile") }
        if let value = top["rules"] { config.rules = try rules(value, "rules") }
        if let value = top["variants"] { config.variants = try variants(value) }
        if let value = top["owner"] { config.owner = try string(value, "owner") }
        if let value = top["paths"] { config.paths = try paths(value) }
        if let value = top["bus-names"] { config.busNames = try strings(value, "bus-names") }
        if let value = top["object-paths"] { config.objectPaths = try strings(value, "object-paths") }
        if let value = top["errors"] { config.errorNames = try strings(value, "errors") }
        if let value = top["allowed-prefixes"] { config.allowedPrefixes = try strings(value, "allowed-prefixes") }
        if let value = top["unversioned-interfaces"] { config.unversionedInterfaces = try strings(value, "unversioned-interfaces") }
        if let value = top["known-annotation-prefixes"] {
            config.knownAnnotationPrefixes = Configuration.defaultAnnotationPrefixes + (try strings(value, "known-annotation-prefixes"))
        }
        if let value = top["suppress"] { config.suppressions = try suppressions(value) }
        if let value = top["baseline"] { config.baseline = try string(value, "baseline") }
        if let value = top["registry"] { config.registry = try strings(value, "registry") }
        return config
    }

    func dictionary(_ value: Any, _ path: String) throws(ConfigurationError) -> [String: Any] {
        guard let dictionary = value as? [String: Any] else { throw fail("\(path) must be an object") }
        return dictionary
    }

    func string(_ value: Any, _ path: String) throws(ConfigurationError) -> String {
        guard let string = value as? String else { throw fail("\(path) must be a string") }
        return string
    }

    func strings(_ value: Any, _ path: String) throws(ConfigurationError) -> [String] {
        guard let array = value as? [Any] else { throw fail("\(path) must be an array of strings") }
        var result: [String] = []
        for (index, element) in array.enumerated() { result.append(try string(element, "\(path)[\(index)]")) }
        return result
    }

    func rejectUnknownKeys(_ dictionary: [String: Any], _ known: Set<String>, _ path: String) throws(ConfigurationError) {
        if let unknown = dictionary.keys.sorted().first(where: { !known.contains($0) }) {
            throw fail("unknown key '\(unknown)' in \(path) (known: \(known.sorted().joined(separator: ", ")))")
        }
    }

    func profile(_ value: Any, _ path: String) throws(ConfigurationError) -> Profile {
        let name = try string(value, path)
        guard let profile = Profile(rawValue: name) else {
            throw fail("\(path): unknown profile '\(name)' (known: \(Profile.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return profile
    }

    func rules(_ value: Any, _ path: String) throws(ConfigurationError) -> [String: Severity?] {
        var result: [String: Severity?] = [:]
        for (id, setting) in try dictionary(value, path) {
            guard Rule(rawValue: id) != nil else { throw fail("\(path): unknown rule '\(id)' (dbus-swift lint --list-rules)") }
            let name = try string(setting, "\(path).\(id)")
            if name == "off" {
                result[id] = .some(nil)
            } else if let severity = Severity(configName: name) {
                result[id] = severity
            } else {
                throw fail("\(path).\(id): expected off, note, warning or error, got '\(name)'")
            }
        }
        return result
    }

    func variants(_ value: Any) throws(ConfigurationError) -> [Configuration.Variant] {
        var result: [Configuration.Variant] = []
        for (name, variables) in try dictionary(value, "variants").sorted(by: { $0.key < $1.key }) {
            var values: [String: String] = [:]
            for (key, variable) in try dictionary(variables, "variants.\(name)") {
                values[key] = try string(variable, "variants.\(name).\(key)")
            }
            result.append(.init(name: name, variables: values))
        }
        return result
    }

    func paths(_ value: Any) throws(ConfigurationError) -> [Configuration.PathOverride] {
        guard let array = value as? [Any] else { throw fail("paths must be an array of objects") }
        var result: [Configuration.PathOverride] = []
        for (index, element) in array.enumerated() {
            let path = "paths[\(index)]"
            let entry = try dictionary(element, path)
            try rejectUnknownKeys(entry, ["glob", "owner", "profile", "rules"], path)
            guard let glob = entry["glob"] else { throw fail("\(path) needs a 'glob'") }
            var override = Configuration.PathOverride(pattern: PathPattern(try string(glob, "\(path).glob")))
            if let owner = entry["owner"] { override.owner = try string(owner, "\(path).owner") }
            if let profile = entry["profile"] { override.profile = try self.profile(profile, "\(path).profile") }
            if let rules = entry["rules"] { override.rules = try self.rules(rules, "\(path).rules") }
            result.append(override)
        }
        return result
    }

    func suppressions(_ value: Any) throws(ConfigurationError) -> [Configuration.SymbolSuppression] {
        guard let array = value as? [Any] else { throw fail("suppress must be an array of objects") }
        var result: [Configuration.SymbolSuppression] = []
        for (index, element) in array.enumerated() {
            let path = "suppress[\(index)]"
            let entry = try dictionary(element, path)
            try rejectUnknownKeys(entry, ["rule", "symbol", "reason"], path)
            guard let rule = entry["rule"], let symbol = entry["symbol"] else { throw fail("\(path) needs 'rule' and 'symbol'") }
            let id = try string(rule, "\(path).rule")
            guard id == "*" || Rule(rawValue: id) != nil else { throw fail("\(path): unknown rule '\(id)'") }
            result.append(.init(rule: id, symbol: try string(symbol, "\(path).symbol"),
                                reason: try entry["reason"].map { (value) throws(ConfigurationError) in try string(value, "\(path).reason") }))
        }
        return result
    }
}

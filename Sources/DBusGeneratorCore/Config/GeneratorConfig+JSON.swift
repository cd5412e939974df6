import Foundation

/// A problem in the config file, phrased for the person editing it.
public struct GeneratorConfigError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var message: String

    public var description: String { "\(file): error: \(message)" }
}

extension GeneratorConfig {
    static let knownKeys: Set<String> = [
        "interfaceFiles", "interfaces", "mode", "accessModifier", "interfacePrefix", "nameOverrides", "structNames", "structFields", "variables",
    ]

    /// Reads a `dbus-swift.json` config. Unknown keys and wrongly typed values are errors, so a
    /// misspelt option never goes unnoticed.
    public init(json data: [UInt8], file: String) throws(GeneratorConfigError) {
        func fail(_ message: String) -> GeneratorConfigError { GeneratorConfigError(file: file, message: message) }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(data))
        } catch {
            throw fail("not valid JSON: \(error.localizedDescription)")
        }
        guard let dictionary = object as? [String: Any] else { throw fail("the top level must be a JSON object") }
        for key in dictionary.keys.sorted() where !Self.knownKeys.contains(key) {
            throw fail("unknown key '\(key)'; known keys are \(Self.knownKeys.sorted().joined(separator: ", "))")
        }
        self.init()
        func strings(_ key: String) throws(GeneratorConfigError) -> [String]? {
            guard let value = dictionary[key] else { return nil }
            guard let list = value as? [String] else { throw fail("'\(key)' must be an array of strings") }
            return list
        }
        func map(_ key: String) throws(GeneratorConfigError) -> [String: String]? {
            guard let value = dictionary[key] else { return nil }
            guard let map = value as? [String: String] else { throw fail("'\(key)' must be an object of string values") }
            return map
        }
        if let list = try strings("interfaces") { interfaces = list }
        if let list = try strings("mode") {
            var modes: Set<GeneratorMode> = []
            for entry in list {
                guard let mode = GeneratorMode(rawValue: entry) else { throw fail("'mode' entry '\(entry)' must be 'client' or 'server'") }
                modes.insert(mode)
            }
            self.modes = modes
        }
        if let value = dictionary["accessModifier"] {
            guard let text = value as? String, let access = AccessModifier(rawValue: text) else {
                throw fail("'accessModifier' must be one of internal, package, public")
            }
            accessModifier = access
        }
        if let value = dictionary["interfacePrefix"] {
            guard let text = value as? String else { throw fail("'interfacePrefix' must be a string") }
            interfacePrefix = text
        }
        if let overrides = try map("nameOverrides") { nameOverrides = overrides }
        if let overrides = try map("structNames") { structNames = overrides }
        if let value = dictionary["structFields"] {
            guard let fields = value as? [String: [String]] else { throw fail("'structFields' must be an object whose values are arrays of strings") }
            structFields = fields
        }
        if let values = try map("variables") { variables = values }
        if let list = try strings("interfaceFiles") { interfaceFiles = list }
    }
}

/// A path glob from the config: `*` matches within one path element, `**` across elements,
/// `?` one character. Matched against the path as given on the command line, and against each
/// of its suffixes after a `/`, so `Interfaces/*.xml` matches `./Interfaces/a.xml`.
public struct PathPattern: Hashable, Sendable, CustomStringConvertible {
    public let pattern: String

    public init(_ pattern: String) { self.pattern = pattern }

    public var description: String { pattern }

    public func matches(_ path: String) -> Bool {
        let pattern = Array(self.pattern.utf8)
        let path = Array(path.utf8)
        if Self.match(pattern[...], path[...]) { return true }
        for (index, byte) in path.enumerated() where byte == UInt8(ascii: "/") {
            if Self.match(pattern[...], path[(index + 1)...]) { return true }
        }
        return false
    }

    private static func match(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        let slash = UInt8(ascii: "/")
        if first == UInt8(ascii: "*") {
            let rest = pattern.dropFirst()
            if rest.first == UInt8(ascii: "*") {
                var after = rest.dropFirst()
                if after.first == slash { after = after.dropFirst() }
                var candidate = text
                while true {
                    if match(after, candidate) { return true }
                    guard !candidate.isEmpty else { return false }
                    candidate = candidate.dropFirst()
                }
            }
            var candidate = text
            while true {
                if match(rest, candidate) { return true }
                guard let next = candidate.first, next != slash else { return false }
                candidate = candidate.dropFirst()
            }
        }
        guard let character = text.first else { return false }
        if first == UInt8(ascii: "?") ? character != slash : first == character {
            return match(pattern.dropFirst(), text.dropFirst())
        }
        return false
    }
}

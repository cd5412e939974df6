/// A match rule ("Match Rules" in the specification) selecting the signals a subscription
/// receives. The bus gets its text through AddMatch; the connection applies the same test
/// locally, so each subscription sees only its own signals.
///
/// ```swift
/// let rule = MatchRule(sender: "org.freedesktop.DBus", interface: "org.freedesktop.DBus",
///                      member: "NameOwnerChanged").matchingArgument(0, "org.example.Name")
/// ```
public struct MatchRule: Hashable, Sendable, CustomStringConvertible {
    public var sender: BusName?
    public var interface: InterfaceName?
    public var member: MemberName?
    public var path: ObjectPath?
    public var pathNamespace: ObjectPath?
    /// `argN` string matches, by argument index (0...63).
    public var arguments: [Int: String] = [:]

    public init(
        sender: BusName? = nil, interface: InterfaceName? = nil, member: MemberName? = nil,
        path: ObjectPath? = nil, pathNamespace: ObjectPath? = nil
    ) {
        self.sender = sender
        self.interface = interface
        self.member = member
        self.path = path
        self.pathNamespace = pathNamespace
    }

    /// The rule plus a match on string argument `index`.
    public func matchingArgument(_ index: Int, _ value: String) -> MatchRule {
        precondition((0...63).contains(index), "match rules support arg0 to arg63")
        var copy = self
        copy.arguments[index] = value
        return copy
    }

    /// The rule as AddMatch text. Values are quoted with `'`; a `'` inside a value is written as
    /// `'\''` (close the quote, an escaped quote, reopen), the only escape the format has.
    public var description: String {
        var parts = ["type='signal'"]
        func add(_ key: String, _ value: String) {
            parts.append("\(key)='" + value.replacingOccurrences(of: "'", with: "'\\''") + "'")
        }
        if let sender { add("sender", sender.rawValue) }
        if let interface { add("interface", interface.rawValue) }
        if let member { add("member", member.rawValue) }
        if let path { add("path", path.rawValue) }
        if let pathNamespace { add("path_namespace", pathNamespace.rawValue) }
        for (index, value) in arguments.sorted(by: { $0.key < $1.key }) { add("arg\(index)", value) }
        return parts.joined(separator: ",")
    }

    /// Whether `message` is a signal this rule selects. A well-known `sender` is left to the
    /// bus (signals carry the owner's unique name, so it cannot be compared here).
    public func matches(_ message: Message) -> Bool {
        guard message.type == .signal else { return false }
        if let sender, sender.isUnique, message.sender != sender { return false }
        if let interface, message.interface != interface { return false }
        if let member, message.member != member { return false }
        if let path, message.path != path { return false }
        if let pathNamespace {
            guard let messagePath = message.path else { return false }
            let namespace = pathNamespace.rawValue
            let value = messagePath.rawValue
            let inside = namespace == "/" || value == namespace || value.hasPrefix(namespace + "/")
            if !inside { return false }
        }
        if !arguments.isEmpty {
            var decoder = message.bodyDecoder()
            var strings: [Int: String] = [:]
            let last = arguments.keys.max() ?? 0
            for (index, type) in message.signature.types.enumerated() where index <= last {
                guard let value = try? decoder.decodeValue(of: type) else { break }
                if case .string(let text) = value { strings[index] = text }
            }
            for (index, expected) in arguments where strings[index] != expected { return false }
        }
        return true
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

internal import DBusIntrospection

/// Naming conventions from the API Design Guidelines: interface-name-reverse-dns,
/// interface-name-camel-case, interface-versioned, interface-prefix-not-allowed,
/// member-name-camel-case, arg-name-snake-case, arg-name-missing, arg-direction-explicit,
/// object-path-root, interface-file-layout.
enum NamingStyleChecks: CheckGroup {
    static func check(_ context: inout CheckContext) {
        guard let root = context.document.root else { return }
        if let name = root.name, name.value == "/" {
            context.report(.objectPathRoot,
                           "object at '/': the guidelines recommend a versioned path such as /com/example/Service1 so several APIs can share a connection",
                           at: name.location, symbol: "/")
        }
        checkFileLayout(root, &context)
        for interface in root.allInterfaces {
            // Invalid names are interface-name-invalid's business.
            if SpecValidation.interfaceNameProblem(interface.name.value) == nil {
                checkInterfaceName(interface.name, &context)
            }
            for member in interface.members {
                checkMemberName(member, interface, &context)
                guard member.kind != .property else { continue }
                for (index, argument) in member.arguments.enumerated() {
                    checkArgument(argument, index: index, member, interface, &context)
                }
            }
        }
    }

    // MARK: Interfaces

    private static func checkInterfaceName(_ name: LocatedString, _ context: inout CheckContext) {
        let parts = InterfaceNameParts(name.value)
        if !parts.hasReverseDomain {
            context.report(.interfaceNameReverseDNS,
                           "'\(name.value)' should start with a lower-case reversed domain name, e.g. com.example.\(name.value)",
                           at: name.location, symbol: name.value)
            return
        }
        for element in parts.elements.dropFirst(parts.domainCount) where !isUpperCamel(element) {
            context.report(.interfaceNameCamelCase,
                           "element '\(element)' of '\(name.value)' should be UpperCamelCase without underscores (e.g. '\(upperCamelSuggestion(element))')",
                           at: name.location, symbol: name.value)
        }
        let allowed = context.configuration.allowedPrefixes
        if !allowed.isEmpty, !allowed.contains(where: { name.value == $0 || name.value.hasPrefix($0.hasSuffix(".") ? $0 : $0 + ".") }) {
            context.report(.interfacePrefixNotAllowed,
                           "'\(name.value)' is outside the allowed namespaces (\(allowed.joined(separator: ", ")))",
                           at: name.location, symbol: name.value)
        }
        // org.qemu has its own rule (qemu-interface-versioned); the bus daemon's interfaces are exempt.
        if name.value.hasPrefix("org.qemu.") || name.value == "org.freedesktop.DBus" || name.value.hasPrefix("org.freedesktop.DBus.") {
            return
        }
        if context.configuration.unversionedInterfaces.contains(where: { Self.prefixMatches($0, name.value) }) { return }
        guard let api = parts.elements.dropFirst(parts.domainCount).first, !(api.last?.isNumber ?? false) else { return }
        context.report(.interfaceVersioned,
                       "'\(name.value)' has no major version: the first element after the domain ('\(api)') should end in a number, e.g. '\(api)1'",
                       at: name.location, symbol: name.value)
    }

    static func prefixMatches(_ pattern: String, _ name: String) -> Bool {
        let prefix = pattern.hasSuffix("*") ? String(pattern.dropLast()) : pattern
        return name == prefix || name.hasPrefix(prefix.hasSuffix(".") ? prefix : prefix + ".") || (pattern.hasSuffix("*") && name.hasPrefix(prefix))
    }

    private static func checkFileLayout(_ root: Node, _ context: inout CheckContext) {
        guard context.isEnabled(.interfaceFileLayout) else { return }
        let interfaces = root.allInterfaces
        let base = context.document.file.split(separator: "/").last.map(String.init) ?? context.document.file
        if interfaces.count > 1 {
            context.report(.interfaceFileLayout,
                           "installed interface files hold one interface each; this one has \(interfaces.count)",
                           at: root.location, symbol: nil)
        } else if let only = interfaces.first, base != "\(only.name.value).xml" {
            context.report(.interfaceFileLayout, "installed interface files are named after their interface: '\(only.name.value).xml'",
                           at: root.location, symbol: only.name.value)
        }
    }

    // MARK: Members and arguments

    private static func checkMemberName(_ member: Member, _ interface: Interface, _ context: inout CheckContext) {
        let name = member.name.value
        guard SpecValidation.memberNameProblem(name) == nil, !isUpperCamel(name) else { return }
        context.report(.memberNameCamelCase,
                       "\(member.kind.rawValue) '\(name)' should be UpperCamelCase without underscores (e.g. \(upperCamelSuggestion(name)))",
                       at: member.name.location, symbol: Symbol.member(interface, member.name))
    }

    private static func checkArgument(_ argument: Argument, index: Int, _ member: Member, _ interface: Interface,
                                      _ context: inout CheckContext) {
        let symbol = Symbol.argument(interface, member.name, argument, index: index)
        guard let name = argument.name else {
            context.report(.argNameMissing,
                           "\(member.kind.rawValue) '\(member.name.value)' argument #\(index) has no name; generators invent one (arg_\(index))",
                           at: argument.location, symbol: symbol)
            return
        }
        if !isSnakeCase(name.value) {
            context.report(.argNameSnakeCase,
                           "\(member.kind.rawValue) '\(member.name.value)' argument '\(name.value)': argument names should be lowercase_with_underscores (e.g. \(snakeCaseSuggestion(name.value)))",
                           at: name.location, symbol: symbol)
        }
        if let prefix = hungarianMarker(name.value, type: argument.type.value) {
            context.report(.argNameHungarian,
                           "\(member.kind.rawValue) '\(member.name.value)' argument '\(name.value)' encodes its type '\(argument.type.value)' in '\(prefix)'; the signature already says it",
                           at: name.location, symbol: symbol)
        }
        if member.kind == .method, argument.declaredDirection == nil {
            context.report(.argDirectionExplicit,
                           "method '\(member.name.value)' argument '\(name.value)' relies on the default direction 'in'; state direction=\"in\"",
                           at: argument.location, symbol: symbol)
        }
    }

    /// Type markers and the type codes they stand for, as prefix (`str_name`) or suffix (`name_str`).
    static let hungarianMarkers: [(marker: String, types: Set<String>)] = [
        ("str", ["s"]), ("sz", ["s"]), ("b", ["b"]), ("bool", ["b"]), ("int", ["i", "u", "n", "q", "x", "t", "y"]),
        ("i", ["i"]), ("u", ["u"]), ("dbl", ["d"]), ("arr", []),
    ]

    /// The marker (`str_`, `_int`) when the name carries one matching its own type.
    static func hungarianMarker(_ name: String, type: String) -> String? {
        let words = name.split(separator: "_").map(String.init)
        guard words.count > 1 else {
            // `szName`-style camel prefixes.
            if name.hasPrefix("sz"), name.count > 2, name.dropFirst(2).first?.isUppercase == true, type == "s" { return "sz" }
            return nil
        }
        for (marker, types) in hungarianMarkers where types.contains(type) || (marker == "arr" && type.hasPrefix("a")) {
            if words.first == marker { return marker + "_" }
            if words.last == marker { return "_" + marker }
        }
        return nil
    }

    // MARK: Name shapes

    /// `^[A-Z][A-Za-z0-9]*$`: acronyms (UUID, SetUIInfo, ScanoutDMABUF) are fine.
    static func isUpperCamel(_ name: some StringProtocol) -> Bool {
        guard let first = name.unicodeScalars.first, ("A"..."Z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }

    /// `^[a-z][a-z0-9]*(_[a-z0-9]+)*$`.
    static func isSnakeCase(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first), !name.hasSuffix("_"), !name.contains("__") else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    static func upperCamelSuggestion(_ name: some StringProtocol) -> String {
        name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func snakeCaseSuggestion(_ name: String) -> String {
        var result = ""
        var previous: Character?
        for character in name {
            if character.isUppercase, let previous, previous.isLowercase || previous.isNumber { result += "_" }
            result += character.lowercased()
            previous = character
        }
        return result.replacingOccurrences(of: "-", with: "_")
    }
}

/// An interface name split into its reversed domain and the API elements after it.
struct InterfaceNameParts {
    let elements: [Substring]
    /// How many leading elements are the lower-case reversed domain (never all of them).
    let domainCount: Int

    init(_ name: String) {
        elements = name.split(separator: ".", omittingEmptySubsequences: false)
        var count = 0
        while count < elements.count - 1, Self.isDomainElement(elements[count]) { count += 1 }
        domainCount = count
    }

    /// The first element and, when there are more than two, the second are lower case.
    var hasReverseDomain: Bool { domainCount >= min(2, elements.count - 1) }

    private static func isDomainElement(_ element: Substring) -> Bool {
        !element.isEmpty && element.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

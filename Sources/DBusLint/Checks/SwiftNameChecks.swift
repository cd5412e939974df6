internal import DBusIntrospection

/// swift-name-collision: two names that `SwiftName.lowerCamel` maps to one identifier.
/// Methods and properties share the proxy type's namespace; signals have their own; arguments
/// collide within one method or signal.
enum SwiftNameChecks: CheckGroup {
    static func check(_ context: inout CheckContext) {
        guard context.isEnabled(.swiftNameCollision), let root = context.document.root else { return }
        for interface in root.allInterfaces {
            let callable = interface.methods.map(Member.init) + interface.properties.map(Member.init)
            checkNames(callable.map { ($0.name, "\($0.kind.rawValue) '\($0.name.value)'", Symbol.member(interface, $0.name)) }, &context)
            checkNames(interface.signals.map { ($0.name, "signal '\($0.name.value)'", Symbol.member(interface, $0.name)) }, &context)
            for member in interface.members where member.kind != .property {
                let arguments = member.arguments.enumerated().compactMap { index, argument in
                    argument.name.map { ($0, "\(member.kind.rawValue) '\(member.name.value)' argument '\($0.value)'",
                                         Symbol.argument(interface, member.name, argument, index: index)) }
                }
                checkNames(arguments, &context)
            }
        }
    }

    private static func checkNames(_ names: [(name: LocatedString, label: String, symbol: String)], _ context: inout CheckContext) {
        var seen: [String: (name: LocatedString, label: String)] = [:]
        for entry in names {
            let swift = SwiftName.lowerCamel(entry.name.value)
            if let first = seen[swift] {
                // Exact duplicates are duplicate-member / duplicate-arg-name / member-name-collision.
                if first.name.value != entry.name.value {
                    context.report(.swiftNameCollision,
                                   "\(entry.label) and \(first.label) (line \(first.name.location.line)) both become '\(swift)' in generated Swift",
                                   at: entry.name.location, symbol: entry.symbol)
                }
            } else {
                seen[swift] = (entry.name, entry.label)
            }
        }
    }
}

internal import DBusIntrospection

/// duplicate-interface, duplicate-member, member-name-collision, duplicate-arg-name,
/// member-name-case-collision. Run per variant, so `<?if?>` alternatives never collide.
enum DuplicateChecks: CheckGroup {
    static func check(_ context: inout CheckContext) {
        guard let root = context.document.root else { return }
        for (node, _) in root.allNodes() {
            var interfaces: [String: SourceLocation] = [:]
            for interface in node.interfaces {
                if let first = interfaces[interface.name.value] {
                    context.report(.duplicateInterface,
                                   "interface '\(interface.name.value)' already defined in this node at line \(first.line)",
                                   at: interface.name.location, symbol: interface.name.value)
                } else {
                    interfaces[interface.name.value] = interface.location
                }
            }
        }
        for interface in root.allInterfaces {
            checkMembers(interface, &context)
            for member in interface.members where member.kind != .property {
                checkArgumentNames(member, interface, &context)
            }
        }
    }

    private static func checkMembers(_ interface: Interface, _ context: inout CheckContext) {
        var byKind: [Member.Kind: [String: Member]] = [:]
        var anyKind: [String: Member] = [:]
        var folded: [Member.Kind: [String: Member]] = [:]
        for member in interface.members {
            let name = member.name.value
            let symbol = Symbol.member(interface, member.name)
            if let first = byKind[member.kind]?[name] {
                context.report(.duplicateMember, "\(member.kind.rawValue) '\(name)' already defined at line \(first.location.line)",
                               at: member.name.location, symbol: symbol)
                continue
            }
            if let first = anyKind[name] {
                context.report(.memberNameCollision,
                               "\(member.kind.rawValue) '\(name)' has the same name as \(first.kind.rawValue) '\(name)' at line \(first.location.line); legal on the wire, but bindings' accessors collide",
                               at: member.name.location, symbol: symbol)
            } else if let first = folded[member.kind]?[name.lowercased()] {
                context.report(.memberNameCaseCollision,
                               "\(member.kind.rawValue) '\(name)' differs only by case from '\(first.name.value)' at line \(first.location.line)",
                               at: member.name.location, symbol: symbol)
            }
            byKind[member.kind, default: [:]][name] = member
            anyKind[name] = anyKind[name] ?? member
            folded[member.kind, default: [:]][name.lowercased()] = folded[member.kind]?[name.lowercased()] ?? member
        }
    }

    private static func checkArgumentNames(_ member: Member, _ interface: Interface, _ context: inout CheckContext) {
        var seen: [String: Argument] = [:]
        for (index, argument) in member.arguments.enumerated() {
            guard let name = argument.name else { continue }
            if let first = seen[name.value] {
                context.report(.duplicateArgName,
                               "\(member.kind.rawValue) '\(member.name.value)' argument '\(name.value)': name already used at line \(first.location.line); generated code will not compile",
                               at: name.location, symbol: Symbol.argument(interface, member.name, argument, index: index))
            } else {
                seen[name.value] = argument
            }
        }
    }
}

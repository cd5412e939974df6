internal import DBusIntrospection

/// node-name-invalid, interface-name-invalid, member-name-invalid, property-name-invalid.
enum NameChecks: CheckGroup {
    static func check(_ context: inout CheckContext) {
        guard let root = context.document.root else { return }
        for (node, isRoot) in root.allNodes() {
            checkNodeName(node, isRoot: isRoot, &context)
            for interface in node.interfaces {
                checkInterface(interface, &context)
            }
        }
    }

    private static func checkNodeName(_ node: Node, isRoot: Bool, _ context: inout CheckContext) {
        guard let name = node.name else {
            if !isRoot {
                context.report(.nodeNameInvalid, "child <node> needs a name (a relative object path, e.g. 'VM')",
                               at: node.location, symbol: nil)
            }
            return
        }
        if isRoot {
            if let problem = SpecValidation.objectPathProblem(name.value) {
                context.report(.nodeNameInvalid, "root node name '\(name.value)' must be an absolute object path: \(problem)",
                               at: name.location, symbol: name.value)
            }
        } else if name.value.hasPrefix("/") {
            let suggestion = name.value.split(separator: "/").last.map { " (e.g. '\($0)')" } ?? ""
            context.report(.nodeNameInvalid, "child node name '\(name.value)' must be a relative object path\(suggestion)",
                           at: name.location, symbol: name.value)
        } else if let problem = SpecValidation.objectPathProblem("/" + name.value) {
            context.report(.nodeNameInvalid, "child node name '\(name.value)' is not a valid relative object path: \(problem)",
                           at: name.location, symbol: name.value)
        }
    }

    private static func checkInterface(_ interface: Interface, _ context: inout CheckContext) {
        let name = interface.name
        if let problem = SpecValidation.interfaceNameProblem(name.value) {
            context.report(.interfaceNameInvalid, "invalid interface name '\(name.value)': \(problem)",
                           at: name.location, symbol: name.value)
        }
        for member in interface.members {
            guard let problem = SpecValidation.memberNameProblem(member.name.value) else { continue }
            let symbol = Symbol.member(interface, member.name)
            if member.kind == .property {
                context.report(.propertyNameInvalid,
                               "property name '\(member.name.value)' is not a valid member name (\(problem)); this causes interoperability problems (D-Bus spec, Properties)",
                               at: member.name.location, symbol: symbol)
            } else {
                context.report(.memberNameInvalid, "invalid \(member.kind.rawValue) name '\(member.name.value)': \(problem)",
                               at: member.name.location, symbol: symbol)
            }
        }
    }
}

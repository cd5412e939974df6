internal import DBusIntrospection

/// Heuristics from the guidelines' "Interface design" sections: property-accessor-redundant,
/// prefer-property, prefer-properties-changed, prefer-object-manager,
/// property-emits-changed-explicit, prefer-enum-over-bool, human-readable-string,
/// parallel-arrays, in-band-error, arg-type-inconsistent, deprecated-undocumented,
/// dict-keys-undocumented.
enum APIDesignChecks: CheckGroup {
    static let humanReadableNames: Set<String> = ["message", "reason", "description", "text", "label", "summary", "title"]
    static let statusNames: Set<String> = ["error", "success", "ok", "status", "result", "ret", "errno"]

    static func check(_ context: inout CheckContext) {
        guard let root = context.document.root else { return }
        for interface in root.allInterfaces {
            let properties = Dictionary(interface.properties.map { ($0.name.value, $0) }, uniquingKeysWith: { first, _ in first })
            for method in interface.methods {
                checkAccessor(method, interface, properties, &context)
            }
            for signal in interface.signals where signal.name.value.hasSuffix("Changed") {
                let property = String(signal.name.value.dropLast("Changed".count))
                if properties[property] != nil {
                    context.report(.preferPropertiesChanged,
                                   "signal '\(signal.name.value)' duplicates org.freedesktop.DBus.Properties.PropertiesChanged for property '\(property)'",
                                   at: signal.name.location, symbol: Symbol.member(interface, signal.name))
                }
            }
            checkObjectManager(interface, &context)
            checkProperties(interface, &context)
            for member in interface.members where member.kind != .property {
                checkArguments(member, interface, &context)
            }
            checkArgumentTypeConsistency(interface, &context)
            for member in interface.members {
                checkDeprecated(member.annotations, documentation: member.documentation, label: "\(member.kind.rawValue) '\(member.name.value)'",
                                at: member.location, symbol: Symbol.member(interface, member.name), &context)
            }
            checkDeprecated(interface.annotations, documentation: interface.documentation, label: "interface '\(interface.name.value)'",
                            at: interface.location, symbol: interface.name.value, &context)
        }
    }

    private static func checkAccessor(_ method: Method, _ interface: Interface, _ properties: [String: Property], _ context: inout CheckContext) {
        let name = method.name.value
        let isGetter = name.hasPrefix("Get") && method.inArguments.isEmpty && method.outArguments.count == 1
        let isSetter = name.hasPrefix("Set") && method.inArguments.count == 1 && method.outArguments.isEmpty
        guard isGetter || isSetter else { return }
        let property = String(name.dropFirst(3))
        guard let first = property.first, first.isUppercase else { return }
        let symbol = Symbol.member(interface, method.name)
        if let existing = properties[property] {
            // A Set method beside a read-only property is a deliberate pattern (validation, authorization).
            guard isGetter ? existing.access?.isReadable == true : existing.access?.isWritable == true else { return }
            context.report(.propertyAccessorRedundant,
                           "method '\(name)' duplicates the accessor of property '\(property)'; use org.freedesktop.DBus.Properties \(isGetter ? "Get" : "Set")",
                           at: method.name.location, symbol: symbol)
        } else {
            context.report(.preferProperty,
                           "method '\(name)' looks like a property accessor; consider a property '\(property)' with access=\"\(isGetter ? "read" : "write")\"",
                           at: method.name.location, symbol: symbol)
        }
    }

    private static func checkObjectManager(_ interface: Interface, _ context: inout CheckContext) {
        let signals = Set(interface.signals.map(\.name.value))
        for method in interface.methods where method.name.value.hasPrefix("Get") && method.name.value.hasSuffix("s") {
            guard method.outArguments.count == 1, method.outArguments[0].type.value == "ao" else { continue }
            let item = String(method.name.value.dropFirst(3).dropLast())
            guard !item.isEmpty, signals.contains("\(item)Added"), signals.contains("\(item)Removed") else { continue }
            context.report(.preferObjectManager,
                           "'\(method.name.value)', '\(item)Added' and '\(item)Removed' reimplement org.freedesktop.DBus.ObjectManager",
                           at: method.name.location, symbol: Symbol.member(interface, method.name))
        }
    }

    private static func checkProperties(_ interface: Interface, _ context: inout CheckContext) {
        let interfaceDefault = interface.annotations.value(of: StandardAnnotation.emitsChangedSignal)
        for property in interface.properties {
            let symbol = Symbol.member(interface, property.name)
            if interfaceDefault == nil, property.annotations.value(of: StandardAnnotation.emitsChangedSignal) == nil {
                context.report(.propertyEmitsChangedExplicit,
                               "property '\(property.name.value)' relies on the implicit EmitsChangedSignal=true; state it (true, invalidates, const or false)",
                               at: property.name.location, symbol: symbol)
            }
            if property.type.value == "s", humanReadableNames.contains(property.name.value.lowercased()) {
                context.report(.humanReadableString,
                               "property '\(property.name.value)' looks like human-readable text; clients cannot act on it (prefer an enumerated value unless it comes from elsewhere)",
                               at: property.name.location, symbol: symbol)
            }
            if property.type.value == "a{sv}", !documentsKeys(property.documentation?.text) {
                context.report(.dictKeysUndocumented, "property '\(property.name.value)' is a{sv} but its documentation names no keys",
                               at: property.name.location, symbol: symbol)
            }
        }
    }

    private static func checkArguments(_ member: Member, _ interface: Interface, _ context: inout CheckContext) {
        var arrays: [ArgumentDirection: [String]] = [:]
        for (index, argument) in member.arguments.enumerated() {
            let name = argument.name?.value ?? "#\(index)"
            let symbol = Symbol.argument(interface, member.name, argument, index: index)
            let label = "\(member.kind.rawValue) '\(member.name.value)' argument '\(name)'"
            let type = argument.type.value
            if type == "b" {
                context.report(.preferEnumOverBool, "\(label) is a boolean; an enumerated value can grow a third state later",
                               at: argument.location, symbol: symbol)
            }
            if type == "s", humanReadableNames.contains(name) {
                context.report(.humanReadableString,
                               "\(label) looks like human-readable text; clients cannot act on it (prefer an enumerated value unless it comes from elsewhere)",
                               at: argument.location, symbol: symbol)
            }
            if member.kind == .method, argument.direction == .out, ["b", "i", "u"].contains(type), statusNames.contains(name) {
                context.report(.inBandError, "\(label) looks like a status code; report failure with a D-Bus error reply instead",
                               at: argument.location, symbol: symbol)
            }
            if type == "a{sv}", !documentsKeys(argument.documentation?.text ?? member.documentation?.parameters[name]) {
                context.report(.dictKeysUndocumented, "\(label) is a{sv} but its documentation names no keys",
                               at: argument.location, symbol: symbol)
            }
            if type.count == 2, type.hasPrefix("a"), let element = type.last, "ybnqiuxtdsogh".contains(element) {
                arrays[argument.direction, default: []].append(name)
            }
        }
        for direction in [ArgumentDirection.in, .out] {
            guard let names = arrays[direction], names.count >= 2 else { continue }
            context.report(.parallelArrays,
                           "\(member.kind.rawValue) '\(member.name.value)' has parallel arrays \(names.map { "'\($0)'" }.joined(separator: ", ")); one array of structs keeps their elements together",
                           at: member.location, symbol: Symbol.member(interface, member.name))
        }
    }

    private static func checkArgumentTypeConsistency(_ interface: Interface, _ context: inout CheckContext) {
        guard context.isEnabled(.argTypeInconsistent) else { return }
        var first: [String: (type: String, member: String)] = [:]
        for member in interface.members where member.kind != .property {
            for (index, argument) in member.arguments.enumerated() {
                guard let name = argument.name?.value else { continue }
                if let earlier = first[name] {
                    if earlier.type != argument.type.value {
                        context.report(.argTypeInconsistent,
                                       "argument '\(name)' is '\(argument.type.value)' in '\(member.name.value)' but '\(earlier.type)' in '\(earlier.member)'",
                                       at: argument.type.location, symbol: Symbol.argument(interface, member.name, argument, index: index))
                    }
                } else {
                    first[name] = (argument.type.value, member.name.value)
                }
            }
        }
    }

    private static func checkDeprecated(_ annotations: [Annotation], documentation: Documentation?, label: String,
                                        at location: SourceLocation, symbol: String, _ context: inout CheckContext) {
        guard annotations.value(of: StandardAnnotation.deprecated) == "true" else { return }
        let text = (documentation?.text ?? "") + " " + (documentation?.tags.values.joined(separator: " ") ?? "")
        let lower = text.lowercased()
        let namesVersion = text.contains(where: \.isNumber)
        let namesReplacement = ["instead", "use ", "replaced", "superseded"].contains { lower.contains($0) }
        guard documentation == nil || !(namesVersion || namesReplacement) else { return }
        context.report(.deprecatedUndocumented,
                       "\(label) is deprecated but its documentation says neither since which version nor what replaces it",
                       at: location, symbol: symbol)
    }

    /// A doc text that lists keys quotes them or at least talks about keys.
    private static func documentsKeys(_ text: String?) -> Bool {
        guard let text else { return false }
        return text.contains("`") || text.contains("\"") || text.contains("'") || text.lowercased().contains("key")
    }
}

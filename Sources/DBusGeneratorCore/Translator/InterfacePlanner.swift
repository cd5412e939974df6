import DBus
import DBusIntrospection

/// Decides every Swift name and type for one interface, reporting collisions and bad input.
package struct InterfacePlanner {
    let config: GeneratorConfig
    var diagnostics: [Diagnostic] = []

    init(config: GeneratorConfig) {
        self.config = config
    }

    static let deprecatedAnnotation = "org.freedesktop.DBus.Deprecated"
    static let noReplyAnnotation = "org.freedesktop.DBus.Method.NoReply"
    static let emitsChangedAnnotation = "org.freedesktop.DBus.Property.EmitsChangedSignal"

    /// Type names inside every interface namespace that generated code defines itself.
    static let reservedTypeNames: [String: String] = [
        "Interface": "the generated protocol", "Proxy": "the generated proxy", "Skeleton": "the generated skeleton",
    ]

    /// A parameter called `self` would hide the proxy's own `self` inside its methods.
    static let reservedArgumentNames: [String: String] = ["self": "Swift's self", "Self": "Swift's Self"]

    /// Member names the proxy and skeleton use for their own state.
    package static let reservedMemberNames: [String: String] = [
        "connection": "the proxy's connection", "destination": "the proxy's destination", "path": "the proxy's object path",
        "interfaceName": "the interface name constant", "introspectionXML": "the introspection XML constant",
        "implementation": "the skeleton's implementation", "export": "the skeleton's export function",
        "propertyCache": "the proxy's property cache", "cacheProperties": "the proxy's cache switch", "handle": "the skeleton's call handler",
        "getProperty": "the skeleton's property getter", "setProperty": "the skeleton's property setter",
        "getAllProperties": "the skeleton's GetAll handler", "`self`": "Swift's self", "`Self`": "Swift's Self",
    ]

    /// The interface's Swift type name before collision checks across files.
    func preferredTypeName(for interface: Interface) -> String {
        let name = interface.name.value
        if let override = config.nameOverrides[name] { return override }
        var stripped = name
        if let prefix = config.interfacePrefix, name.hasPrefix(prefix), name.count > prefix.count {
            stripped = String(name.dropFirst(prefix.count))
        }
        return SwiftNaming.typeName(stripped)
    }

    mutating func plan(_ interface: Interface, typeName: String) -> InterfacePlan? {
        let iface = interface.name.value
        let errorsBefore = diagnostics.filter { $0.severity == .error }.count
        var members = NameScope(reserved: Self.reservedMemberNames)
        var types = SwiftTypeMapper(reservedTypeNames: Self.reservedTypeNames, structNameOverrides: config.structNames)

        suggestStructNames(interface, types: &types)
        checkDuplicates(interface.methods.map(\.name), kind: "method")
        checkDuplicates(interface.properties.map(\.name), kind: "property")
        checkDuplicates(interface.signals.map(\.name), kind: "signal")

        // Claim order decides who keeps a contested name: methods, then properties, then signals.
        var methods: [MethodPlan] = []
        for method in interface.methods.uniqued(by: \.name.value) {
            let key = iface + "." + method.name.value
            let name = members.claim(memberName(method.name.value, key: key), for: "method '\(method.name.value)'",
                                     suffix: "Method", at: method.name.location, overrideKey: key, diagnostics: &diagnostics)
            let docs = DocumentationRenderer(method.documentation)
            var parameterNames = NameScope(reserved: Self.reservedArgumentNames)
            let inArguments = arguments(method.inArguments, member: method.name.value, interface: iface, docs: docs,
                                        isReply: false, names: &parameterNames, types: &types)
            var resultNames = NameScope(reserved: Self.reservedArgumentNames)
            let outArguments = arguments(method.outArguments, member: method.name.value, interface: iface, docs: docs,
                                         isReply: true, names: &resultNames, types: &types)
            var noReply = method.annotations.value(of: Self.noReplyAnnotation) == "true"
            if noReply, !outArguments.isEmpty {
                diagnostics.append(Diagnostic(.warning, "method '\(method.name.value)' is annotated \(Self.noReplyAnnotation) but has out arguments; generating a normal call that waits for the reply", at: method.location, id: "noreply-with-results"))
                noReply = false
            }
            methods.append(MethodPlan(
                dbusName: method.name.value, swiftName: name, inArguments: inArguments, outArguments: outArguments, noReply: noReply,
                documentation: docs.methodLines(inArguments: zip(method.inArguments, inArguments).map { ($0, $1) },
                                                outArguments: zip(method.outArguments, outArguments).map { ($0, $1) }),
                deprecation: deprecation(method.annotations, method.documentation)))
        }

        var properties: [PropertyPlan] = []
        let interfaceEmits = interface.annotations.value(of: Self.emitsChangedAnnotation)
        for property in interface.properties.uniqued(by: \.name.value) {
            let key = iface + "." + property.name.value
            let name = members.claim(memberName(property.name.value, key: key), for: "property '\(property.name.value)'",
                                     suffix: "Property", at: property.name.location, overrideKey: key, diagnostics: &diagnostics)
            guard let tree = singleType(property.type, what: "property '\(property.name.value)'") else { continue }
            guard let access = property.access else {
                diagnostics.append(Diagnostic(.error, "property '\(property.name.value)' has access '\(property.declaredAccess.value)'; expected read, write or readwrite", at: property.declaredAccess.location, id: "property-access-invalid"))
                continue
            }
            let swiftType = types.swiftType(for: tree, context: SwiftNaming.typeName(property.name.value), origin: "property '\(property.name.value)'",
                                            overrideKey: key, location: property.type.location, diagnostics: &diagnostics)
            let emits = emitsChangedSignal(property.annotations.value(of: Self.emitsChangedAnnotation) ?? interfaceEmits, at: property.location)
            properties.append(PropertyPlan(
                dbusName: property.name.value, swiftName: name, setterName: nil, changesName: nil, announceName: nil, swiftType: swiftType, tree: tree,
                access: access, emitsChangedSignal: emits, documentation: DocumentationRenderer(property.documentation).bodyLines(),
                deprecation: deprecation(property.annotations, property.documentation)))
        }

        var signals: [SignalPlan] = []
        for signal in interface.signals.uniqued(by: \.name.value) {
            let key = iface + "." + signal.name.value
            let name = members.claim(memberName(signal.name.value, key: key), for: "signal '\(signal.name.value)'",
                                     suffix: "Signal", at: signal.name.location, overrideKey: key, diagnostics: &diagnostics)
            let docs = DocumentationRenderer(signal.documentation)
            var fieldNames = NameScope(reserved: Self.reservedArgumentNames)
            let arguments = arguments(signal.arguments, member: signal.name.value, interface: iface, docs: docs,
                                      isReply: false, names: &fieldNames, types: &types)
            let valueType = types.claimName(SwiftNaming.typeName(signal.name.value), for: "signal '\(signal.name.value)'",
                                            suffix: "Signal", at: signal.name.location, overrideKey: key, diagnostics: &diagnostics)
            signals.append(SignalPlan(
                dbusName: signal.name.value, swiftName: name, emitName: "", valueTypeName: valueType, arguments: arguments,
                documentation: docs.bodyLines(), deprecation: deprecation(signal.annotations, signal.documentation)))
        }

        // Derived names come last so they never displace a name taken from the XML.
        for index in properties.indices {
            let property = properties[index]
            let key = iface + "." + property.dbusName
            // `FEOpened` -> `setFEOpened`: derived from the D-Bus name so acronyms survive, or
            // from the user's override.
            let upper = config.nameOverrides[key].map { $0.prefix(1).uppercased() + $0.dropFirst() } ?? SwiftNaming.typeName(property.dbusName)
            if property.access.isWritable {
                properties[index].setterName = members.claim("set" + upper, for: "setter of property '\(property.dbusName)'", suffix: "Property",
                                                             at: property.location(interface), overrideKey: key + "#set", diagnostics: &diagnostics)
            }
            // A write-only property has no value to announce or stream.
            if property.access.isReadable, property.emitsChangedSignal == .true || property.emitsChangedSignal == .invalidates {
                properties[index].changesName = members.claim(property.swiftName.trimmingBackticks + "Changes", for: "change stream of property '\(property.dbusName)'",
                                                              suffix: "Stream", at: property.location(interface), overrideKey: key + "#changes", diagnostics: &diagnostics)
                properties[index].announceName = members.claim("announce" + upper + "Changed", for: "change announcer of property '\(property.dbusName)'",
                                                               suffix: "Property", at: property.location(interface), overrideKey: key + "#announce", diagnostics: &diagnostics)
            }
        }
        for index in signals.indices {
            let signal = signals[index]
            let upper = config.nameOverrides[iface + "." + signal.dbusName].map { $0.prefix(1).uppercased() + $0.dropFirst() } ?? SwiftNaming.typeName(signal.dbusName)
            signals[index].emitName = members.claim("emit" + upper, for: "emitter of signal '\(signal.dbusName)'",
                                                    suffix: "Signal", at: interface.location, overrideKey: iface + "." + signal.dbusName + "#emit", diagnostics: &diagnostics)
        }

        let structs = types.structs.map { nameFields($0, interface: interface) }
        guard diagnostics.filter({ $0.severity == .error }).count == errorsBefore else { return nil }
        let interfaceDocs = DocumentationRenderer(interface.documentation)
        return InterfacePlan(
            dbusName: iface, typeName: typeName, documentation: interfaceDocs.bodyLines(),
            deprecation: deprecation(interface.annotations, interface.documentation),
            methods: methods, properties: properties, signals: signals, structs: structs,
            introspectionXML: IntrospectionXMLWriter.xml(for: interface))
    }

    /// The same contexts `arguments` and the property loop use, visited first so every struct
    /// gets its most direct name.
    private func suggestStructNames(_ interface: Interface, types: inout SwiftTypeMapper) {
        func visit(_ arguments: [Argument], member: String, isReply: Bool) {
            for (position, argument) in arguments.enumerated() {
                guard let tree = try? DBusType(argument.type.value) else { continue }
                let context = argument.name.map { SwiftNaming.typeName($0.value) } ?? SwiftNaming.typeName(member) + (isReply ? "Result" : "Argument\(position)")
                // A made-up name for an unnamed argument yields to any name from the XML.
                types.suggestName(for: tree, context: context, depth: argument.name == nil ? 1 : 0)
            }
        }
        for method in interface.methods {
            visit(method.inArguments, member: method.name.value, isReply: false)
            visit(method.outArguments, member: method.name.value, isReply: true)
        }
        for property in interface.properties {
            guard let tree = try? DBusType(property.type.value) else { continue }
            types.suggestName(for: tree, context: SwiftNaming.typeName(property.name.value))
        }
        for signal in interface.signals {
            visit(signal.arguments, member: signal.name.value, isReply: false)
        }
    }

    /// Applies `structFields` from the config; a list of the wrong length is an error.
    private mutating func nameFields(_ definition: StructDefinition, interface: Interface) -> StructDefinition {
        let key = interface.name.value + "." + definition.name
        guard let names = config.structFields[key] else { return definition }
        guard names.count == definition.fields.count else {
            diagnostics.append(Diagnostic(.error, "structFields entry '\(key)' names \(names.count) fields, but the struct `\(definition.tree.signatureText)` has \(definition.fields.count)",
                                          at: interface.name.location, id: "config-struct-fields"))
            return definition
        }
        var result = definition
        // The DBusCodable conformance's own members.
        var scope = NameScope(reserved: Self.reservedArgumentNames.merging(
            ["encode": "DBusCodable", "dbusType": "DBusCodable", "dbusValue": "DBusCodable", "dbusAlignment": "DBusCodable", "dbusSignature": "DBusCodable"]) { $1 })
        for index in result.fields.indices {
            let name = scope.claim(SwiftNaming.memberName(names[index]), for: "field \(index) of \(definition.name)", suffix: "\(index)",
                                   at: interface.name.location, overrideKey: key, overrideSetting: "structFields", diagnostics: &diagnostics)
            result.fields[index].name = SwiftKeywords.escaped(name)
        }
        return result
    }

    private func memberName(_ dbusName: String, key: String) -> String {
        SwiftKeywords.escaped(config.nameOverrides[key] ?? SwiftNaming.memberName(dbusName))
    }

    private mutating func arguments(_ arguments: [Argument], member: String, interface: String, docs: DocumentationRenderer,
                                    isReply: Bool, names: inout NameScope, types: inout SwiftTypeMapper) -> [ArgumentPlan] {
        var result: [ArgumentPlan] = []
        for (position, argument) in arguments.enumerated() {
            guard let tree = singleType(argument.type, what: "argument \(argument.name?.value ?? "#\(position)") of '\(member)'") else { continue }
            let dbusName = argument.name?.value
            let key = interface + "." + member + "." + (dbusName ?? "\(isReply ? "out" : "in")\(position)")
            let preferred = config.nameOverrides[key] ?? dbusName.map(SwiftNaming.memberName) ?? (isReply ? "result\(position)" : "arg\(position)")
            let name = SwiftKeywords.escaped(names.claim(preferred, for: "argument '\(dbusName ?? "#\(position)")' of '\(member)'",
                                                         suffix: "\(position)", at: argument.location, overrideKey: key, diagnostics: &diagnostics))
            let context = dbusName.map(SwiftNaming.typeName) ?? SwiftNaming.typeName(member) + (isReply ? "Result" : "Argument\(position)")
            let swiftType = types.swiftType(for: tree, context: context, origin: "argument '\(dbusName ?? "#\(position)")' of '\(member)'",
                                            overrideKey: key, location: argument.type.location, diagnostics: &diagnostics)
            result.append(ArgumentPlan(swiftName: name, swiftType: swiftType, tree: tree,
                                       documentation: dbusName.flatMap { docs.parameterText($0) } ?? argument.documentation.map(DocumentationRenderer.flatten)))
        }
        return result
    }

    private mutating func singleType(_ type: LocatedString, what: String) -> DBusType? {
        do {
            return try DBusType(type.value)
        } catch {
            var location = type.location
            location.column += error.offset
            diagnostics.append(Diagnostic(.error, "type of \(what) is invalid: \(error)", at: location, id: "signature-invalid"))
            return nil
        }
    }

    private mutating func checkDuplicates(_ names: [LocatedString], kind: String) {
        var seen: [String: LocatedString] = [:]
        for name in names {
            if let first = seen[name.value] {
                diagnostics.append(Diagnostic(.error, "duplicate \(kind) '\(name.value)'", at: name.location, id: "member-duplicate",
                                              related: [.init(message: "first declared here", location: first.location)]))
            } else {
                seen[name.value] = name
            }
        }
    }

    private mutating func emitsChangedSignal(_ value: String?, at location: SourceLocation) -> EmitsChangedSignal {
        guard let value else { return .true }
        guard let mode = EmitsChangedSignal(rawValue: value) else {
            diagnostics.append(Diagnostic(.warning, "\(Self.emitsChangedAnnotation) is '\(value)'; expected true, invalidates, const or false; using true", at: location, id: "annotation-value-invalid"))
            return .true
        }
        return mode
    }

    private func deprecation(_ annotations: [Annotation], _ documentation: Documentation?) -> String? {
        let tagged = documentation?.tags["Deprecated"]
        guard annotations.value(of: Self.deprecatedAnnotation) == "true" || tagged != nil else { return nil }
        return tagged.map(DocumentationRenderer.oneLine) ?? ""
    }
}


private extension PropertyPlan {
    func location(_ interface: Interface) -> SourceLocation {
        interface.properties.first { $0.name.value == dbusName }?.location ?? interface.location
    }
}

private extension Array {
    /// The first element for each key; later duplicates are reported as errors elsewhere.
    func uniqued(by key: (Element) -> String) -> [Element] {
        var seen: Set<String> = []
        return filter { seen.insert(key($0)).inserted }
    }
}

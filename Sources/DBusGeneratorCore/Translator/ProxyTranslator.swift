/// The client side: `Proxy`, which implements `Interface` by calling a remote object, plus
/// signal and property-change streams.
///
/// Bodies refer to the proxy's own state through `self.` and bind no locals, so argument names
/// from the XML (`connection`, `path`, `reply`) can never shadow what the generated code uses.
struct ProxyTranslator {
    let plan: InterfacePlan
    let access: AccessModifier

    private var ns: String { plan.typeName }
    private var usesCache: Bool { plan.properties.contains { $0.emitsChangedSignal != .false && $0.access.isReadable } }
    private var tracksChanges: Bool { plan.properties.contains { $0.changesName != nil } }

    private func prefix(_ docs: [String] = [], attributes: [String] = [], modifiers: [String] = []) -> DeclarationPrefix {
        DeclarationPrefix(documentation: docs, attributes: attributes, access: access, modifiers: modifiers)
    }

    func proxy() -> Declaration {
        var members: [Declaration] = [
            .variable(VariableDeclaration(prefix: prefix(["The connection calls go out on."]), name: "connection", type: "DBusConnection", kind: .constant(initializer: nil))),
            .variable(VariableDeclaration(prefix: prefix(["The bus name of the remote peer; `nil` on a peer-to-peer connection."]), name: "destination", type: "BusName?", kind: .constant(initializer: nil))),
            .variable(VariableDeclaration(prefix: prefix(["The remote object."]), name: "path", type: "ObjectPath", kind: .constant(initializer: nil))),
        ]
        if usesCache {
            members.append(.variable(VariableDeclaration(
                prefix: DeclarationPrefix(documentation: ["Property values kept as `EmitsChangedSignal` allows; shared by copies of this proxy."],
                                          access: nil, modifiers: ["private"]),
                name: "propertyCache", type: nil, kind: .constant(initializer: "PropertyCache()"))))
        }
        members.append(.initializer(FunctionDeclaration(
            prefix: prefix(), name: "init",
            parameters: [Parameter(label: nil, name: "connection", type: "DBusConnection"),
                         Parameter(label: nil, name: "destination", type: "BusName?"),
                         Parameter(label: nil, name: "path", type: "ObjectPath")],
            body: [.line("self.connection = connection"), .line("self.destination = destination"), .line("self.path = path")])))
        if tracksChanges {
            members.append(.function(FunctionDeclaration(
                prefix: prefix(["Keeps properties that announce their changes cached from now on, updated by", "PropertiesChanged, so reading them needs no call."]),
                name: "cacheProperties", isAsync: true, throwsType: "",
                body: [.line("try await self.propertyCache.startTracking(connection: self.connection, destination: self.destination, path: self.path, interface: \(ns).interfaceName)")])))
        }
        members += plan.methods.map(method)
        for property in plan.properties {
            members += self.property(property)
        }
        members += plan.signals.map(signal)
        return .extensionOf(TypeDeclaration(name: ns, members: [
            .structure(TypeDeclaration(
                prefix: prefix(["Calls `\(plan.dbusName)` on a remote object."], attributes: deprecatedAttribute(plan.deprecation)),
                name: "Proxy", conformances: ["Interface"], members: members)),
        ]))
    }

    private func method(_ method: MethodPlan) -> Declaration {
        let body = "MessageBody(" + method.inArguments.map(\.swiftName).joined(separator: ", ") + ")"
        let call = "self.connection.call(destination: self.destination, path: self.path, interface: \(ns).interfaceName, member: \(swiftStringLiteral(method.dbusName)), body: \(body)"
        let statement: Statement
        if method.noReply {
            statement = .line("_ = try await \(call), flags: .noReplyExpected)")
        } else if method.outArguments.isEmpty {
            statement = .line("_ = try await \(call))")
        } else {
            // An unlabelled tuple converts to the labelled return type.
            statement = .line("return try await \(call)).decodeBody(as: " + method.outArguments.map { $0.swiftType + ".self" }.joined(separator: ", ") + ")")
        }
        var docs = method.documentation
        if method.noReply {
            if !docs.isEmpty { docs.append("") }
            docs.append("Sent without waiting for a reply (`org.freedesktop.DBus.Method.NoReply`).")
        }
        return .function(FunctionDeclaration(
            prefix: prefix(docs, attributes: deprecatedAttribute(method.deprecation)), name: method.swiftName,
            parameters: parameters(method.inArguments), isAsync: true, throwsType: "", returnType: method.returnType, body: [statement]))
    }

    private func property(_ property: PropertyPlan) -> [Declaration] {
        var result: [Declaration] = []
        let name = swiftStringLiteral(property.dbusName)
        let location = "of: \(ns).interfaceName, at: self.path, on: self.destination"
        if property.access.isReadable {
            let get = "self.connection.getProperty(\(name), \(location), as: \(property.swiftType).self)"
            let body: [Statement]
            var docs = property.documentation
            if !docs.isEmpty { docs.append("") }
            switch property.emitsChangedSignal {
            case .const:
                body = [.line("try await self.propertyCache.value(\(name), policy: .constant) { try await \(get) }")]
                docs.append("Read once and then cached: the property is `const`.")
            case .true, .invalidates:
                body = [.line("try await self.propertyCache.value(\(name), policy: .tracked) { try await \(get) }")]
                docs.append("Cached after `cacheProperties()`; read from the object otherwise.")
            case .false:
                body = [.line("try await " + get)]
                docs.append("Always read from the object: the property announces no changes.")
            }
            result.append(.variable(VariableDeclaration(
                prefix: prefix(docs, attributes: deprecatedAttribute(property.deprecation)),
                name: property.swiftName, type: property.swiftType, kind: .getter(effects: "async throws", body: body))))
        }
        if let setter = property.setterName {
            result.append(.function(FunctionDeclaration(
                prefix: prefix(["Sets the `\(property.dbusName)` property."], attributes: deprecatedAttribute(property.deprecation)),
                name: setter, parameters: [Parameter(label: "_", name: "value", type: property.swiftType)], isAsync: true, throwsType: "",
                body: [.line("try await self.connection.setProperty(\(name), \(location), to: value)")]
                    + (usesCache && property.access.isReadable && property.emitsChangedSignal != .false ? [.line("self.propertyCache.invalidate(\(name))")] : []))))
        }
        if let changes = property.changesName {
            let how = property.emitsChangedSignal == .invalidates
                ? "The object only says the value changed, so each one is read again with a `Get`."
                : "Each value comes with the PropertiesChanged signal."
            result.append(.function(FunctionDeclaration(
                prefix: prefix(["New values of `\(property.dbusName)`, from the moment this returns.", "", how],
                               attributes: deprecatedAttribute(property.deprecation)),
                name: changes, isAsync: true, throwsType: "", returnType: "AsyncThrowingStream<\(property.swiftType), any Error>",
                body: [.line("try await self.connection.propertyChanges(\(name), \(location), as: \(property.swiftType).self)")])))
        }
        return result
    }

    private func signal(_ signal: SignalPlan) -> Declaration {
        let valueType = "\(ns).\(signal.valueTypeName)"
        let construct: String
        switch signal.arguments.count {
        case 0:
            construct = valueType + "()"
        case 1:
            construct = valueType + "(\(signal.arguments[0].swiftName.trimmingBackticks): arguments)"
        default:
            construct = valueType + "(" + signal.arguments.enumerated().map { "\($1.swiftName.trimmingBackticks): arguments.\($0)" }.joined(separator: ", ") + ")"
        }
        let decode = "let arguments = try $0.decodeBody(as: " + signal.arguments.map { $0.swiftType + ".self" }.joined(separator: ", ") + ")"
        var docs = signal.documentation
        if !docs.isEmpty { docs.append("") }
        docs.append("Every `\(signal.dbusName)` signal the object emits from the moment this returns.")
        return .function(FunctionDeclaration(
            prefix: prefix(docs, attributes: deprecatedAttribute(signal.deprecation)),
            name: signal.swiftName, isAsync: true, throwsType: "", returnType: "AsyncThrowingStream<\(valueType), any Error>",
            body: [
                .line("let rule = MatchRule(sender: self.destination, interface: \(ns).interfaceName, member: \(swiftStringLiteral(signal.dbusName)), path: self.path)"),
                .scope(open: "return try await self.connection.typedSignals(matching: rule) {", [
                    .line(signal.arguments.isEmpty ? "try $0.decodeBody()" : decode),
                    .line("return " + construct),
                ], close: "}"),
            ]))
    }
}

/// The client side: `Proxy`, which implements `Interface` by calling a remote object, plus signal
/// and property-change streams.
struct ProxyTranslator {
    let plan: InterfacePlan
    let access: AccessModifier

    private var ns: String { plan.typeName }

    private func prefix(_ docs: [String] = [], attributes: [String] = [], modifiers: [String] = []) -> DeclarationPrefix {
        DeclarationPrefix(documentation: docs, attributes: attributes, access: access, modifiers: modifiers)
    }

    func proxy() -> Declaration {
        var members: [Declaration] = [
            .variable(VariableDeclaration(prefix: prefix(["The connection calls go out on."]), name: "connection", type: "DBusConnection", kind: .constant(initializer: nil))),
            .variable(VariableDeclaration(prefix: prefix(["The bus name of the remote peer; `nil` on a peer-to-peer connection."]), name: "destination", type: "BusName?", kind: .constant(initializer: nil))),
            .variable(VariableDeclaration(prefix: prefix(["The remote object."]), name: "path", type: "ObjectPath", kind: .constant(initializer: nil))),
            .initializer(FunctionDeclaration(
                prefix: prefix(), name: "init",
                parameters: [Parameter(label: nil, name: "connection", type: "DBusConnection"),
                             Parameter(label: nil, name: "destination", type: "BusName?"),
                             Parameter(label: nil, name: "path", type: "ObjectPath")],
                body: [.line("self.connection = connection"), .line("self.destination = destination"), .line("self.path = path")])),
        ]
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

    private func bodyExpression(_ values: [String]) -> String {
        "MessageBody(" + values.joined(separator: ", ") + ")"
    }

    private func method(_ method: MethodPlan) -> Declaration {
        var body: [Statement] = []
        let call = "connection.call(destination: destination, path: path, interface: \(ns).interfaceName, member: \(swiftStringLiteral(method.dbusName)), body: \(bodyExpression(method.inArguments.map(\.swiftName)))"
        let decodeTypes = method.outArguments.map { $0.swiftType + ".self" }.joined(separator: ", ")
        if method.noReply {
            body.append(.line("try await \(call), flags: .noReplyExpected)"))
        } else if method.outArguments.isEmpty {
            body.append(.line("_ = try await \(call))"))
        } else if method.outArguments.count == 1 {
            body.append(.line("let reply = try await \(call))"))
            body.append(.line("return try reply.decodeBody(as: \(decodeTypes))"))
        } else {
            body.append(.line("let reply = try await \(call))"))
            body.append(.line("let (" + method.outArguments.map(\.swiftName).joined(separator: ", ") + ") = try reply.decodeBody(as: \(decodeTypes))"))
            body.append(.line("return (" + method.outArguments.map { "\($0.swiftName.trimmingBackticks): \($0.swiftName)" }.joined(separator: ", ") + ")"))
        }
        var docs = method.documentation
        if method.noReply {
            if !docs.isEmpty { docs.append("") }
            docs.append("Sent without waiting for a reply (`org.freedesktop.DBus.Method.NoReply`).")
        }
        return .function(FunctionDeclaration(
            prefix: prefix(docs, attributes: deprecatedAttribute(method.deprecation)), name: method.swiftName,
            parameters: parameters(method.inArguments), isAsync: true, throwsType: "", returnType: method.returnType, body: body))
    }

    private func property(_ property: PropertyPlan) -> [Declaration] {
        var result: [Declaration] = []
        let name = swiftStringLiteral(property.dbusName)
        if property.access.isReadable {
            result.append(.variable(VariableDeclaration(
                prefix: prefix(property.documentation, attributes: deprecatedAttribute(property.deprecation)),
                name: property.swiftName, type: property.swiftType,
                kind: .getter(effects: "async throws", body: [
                    .line("try await connection.getProperty(\(name), of: \(ns).interfaceName, at: path, on: destination, as: \(property.swiftType).self)"),
                ]))))
        }
        if let setter = property.setterName {
            result.append(.function(FunctionDeclaration(
                prefix: prefix(["Sets the `\(property.dbusName)` property."], attributes: deprecatedAttribute(property.deprecation)),
                name: setter, parameters: [Parameter(label: "_", name: "value", type: property.swiftType)], isAsync: true, throwsType: "",
                body: [.line("try await connection.setProperty(\(name), of: \(ns).interfaceName, at: path, on: destination, to: value)")])))
        }
        if let changes = property.changesName {
            let refetch = property.emitsChangedSignal == .invalidates
            result.append(.function(FunctionDeclaration(
                prefix: prefix(["New values of `\(property.dbusName)` as the object reports them with PropertiesChanged" + (refetch ? " (re-read after each invalidation)." : ".")]),
                name: changes, returnType: "AsyncThrowingStream<\(property.swiftType), any Error>",
                body: [.line("connection.propertyChanges(\(name), of: \(ns).interfaceName, at: path, on: destination, as: \(property.swiftType).self)")])))
        }
        return result
    }

    private func signal(_ signal: SignalPlan) -> Declaration {
        let construct = "\(ns).\(signal.valueTypeName)(" + signal.arguments.map { "\($0.swiftName.trimmingBackticks): \($0.swiftName)" }.joined(separator: ", ") + ")"
        let decodeSignal: [Statement] = signal.arguments.isEmpty
            ? [.line("try message.decodeBody()"), .line("return " + construct)]
            : [.line("let (" + signal.arguments.map(\.swiftName).joined(separator: ", ") + ") = try message.decodeBody(as: "
                     + signal.arguments.map { $0.swiftType + ".self" }.joined(separator: ", ") + ")"),
               .line("return " + construct)]
        return .function(FunctionDeclaration(
            prefix: prefix(signal.documentation.isEmpty ? ["Every `\(signal.dbusName)` signal the object emits, from now on."] : signal.documentation,
                           attributes: deprecatedAttribute(signal.deprecation)),
            name: signal.swiftName, returnType: "AsyncThrowingStream<\(ns).\(signal.valueTypeName), any Error>",
            body: [
                .scope(open: "connection.signals(from: destination, path: path, interface: \(ns).interfaceName, member: \(swiftStringLiteral(signal.dbusName))) { message throws in", decodeSignal, close: "}"),
            ]))
    }
}

import DBus
/// The parts of an interface both sides share: the namespace, the protocol, structs and signal
/// values.
struct TypesTranslator {
    let plan: InterfacePlan
    let access: AccessModifier

    private func prefix(_ docs: [String] = [], attributes: [String] = [], modifiers: [String] = []) -> DeclarationPrefix {
        DeclarationPrefix(documentation: docs, attributes: attributes, access: access, modifiers: modifiers)
    }

    func namespace() -> Declaration {
        var docs = plan.documentation
        if !docs.isEmpty { docs.append("") }
        docs.append("Swift API for the D-Bus interface `\(plan.dbusName)`.")
        if let deprecation = plan.deprecation {
            // Only the proxy carries @available(deprecated): on the namespace, every extension
            // of it would warn.
            docs += ["", "- Important: Deprecated" + (deprecation.isEmpty ? "." : ": " + deprecation)]
        }
        return .namespace(TypeDeclaration(
            prefix: prefix(docs),
            name: plan.typeName,
            members: [
                .variable(VariableDeclaration(prefix: prefix(["The D-Bus interface name."], modifiers: ["static"]),
                                              name: "interfaceName", type: "InterfaceName", kind: .constant(initializer: swiftStringLiteral(plan.dbusName)))),
                .variable(VariableDeclaration(prefix: prefix(["The interface as introspection XML, as the skeleton serves it."], modifiers: ["static"]),
                                              name: "introspectionXML", type: "String", kind: .constant(initializer: multilineLiteral(plan.introspectionXML)))),
            ]))
    }

    /// The protocol a local implementation and the proxy both conform to.
    func interfaceProtocol() -> Declaration {
        var members: [Declaration] = []
        for method in plan.methods {
            members.append(.function(FunctionDeclaration(
                prefix: DeclarationPrefix(documentation: method.documentation),
                name: method.swiftName, parameters: parameters(method.inArguments), isAsync: true, throwsType: "",
                returnType: method.returnType, body: nil)))
        }
        for property in plan.properties {
            if property.access.isReadable {
                members.append(.variable(VariableDeclaration(
                    prefix: DeclarationPrefix(documentation: property.documentation), name: property.swiftName, type: property.swiftType,
                    kind: .getter(effects: "async throws", body: nil))))
            }
            if let setter = property.setterName {
                members.append(.function(FunctionDeclaration(
                    prefix: DeclarationPrefix(documentation: ["Sets the `\(property.dbusName)` property."]),
                    name: setter, parameters: [Parameter(label: "_", name: "value", type: property.swiftType)],
                    isAsync: true, throwsType: "", body: nil)))
            }
        }
        return .extensionOf(TypeDeclaration(name: plan.typeName, members: [
            .protocolType(TypeDeclaration(
                prefix: prefix(["The methods and properties of `\(plan.dbusName)`.", "",
                                "Implement it to serve the interface with `Skeleton`; `Proxy` implements it by calling a remote object."]),
                name: "Interface", conformances: ["Sendable"], members: members)),
        ]))
    }

    func structs() -> [Declaration] {
        plan.structs.flatMap { definition -> [Declaration] in
            let fields = definition.fields.map { field in
                Declaration.variable(VariableDeclaration(prefix: prefix(), name: field.name, type: field.swiftType, kind: .stored(initializer: nil)))
            }
            let initializer = Declaration.initializer(FunctionDeclaration(
                prefix: prefix(), name: "init",
                parameters: definition.fields.map { Parameter(label: nil, name: $0.name, type: $0.swiftType) },
                body: definition.fields.map { .line("self.\($0.name) = \($0.name)") }))
            let declaration = Declaration.extensionOf(TypeDeclaration(name: plan.typeName, members: [
                .structure(TypeDeclaration(
                    prefix: prefix(["The D-Bus struct `\(definition.tree.signatureText)`, first used by \(definition.origin)."]),
                    name: definition.name, conformances: ["Hashable", "Sendable"],
                    members: fields + [initializer])),
            ]))
            return [declaration, structCoding(definition)]
        }
    }

    private func structCoding(_ definition: StructDefinition) -> Declaration {
        let qualified = plan.typeName + "." + definition.name
        let encodeBody: [Statement] = [
            .scope(open: "encoder.encodeStruct { encoder in", definition.fields.map { .line("encoder.encode(self.\($0.name))") }, close: "}"),
        ]
        let decodeBody: [Statement] = [
            .scope(open: "self = try decoder.decodeStruct { decoder throws(DBusWireError) in",
                   [.line("Self(")] + definition.fields.enumerated().map { index, field in
                       .line("    \(field.name): try decoder.decode()" + (index == definition.fields.count - 1 ? "" : ","))
                   } + [.line(")")], close: "}"),
        ]
        return .extensionOf(TypeDeclaration(name: qualified, conformances: ["DBusCodable"], members: [
            .variable(VariableDeclaration(prefix: prefix(modifiers: ["static"]), name: "dbusType", type: "DBusType",
                                          kind: .computed([.line(dbusTypeExpression(definition.tree))]))),
            .function(FunctionDeclaration(prefix: prefix(), name: "encode",
                                          parameters: [Parameter(label: "to", name: "encoder", type: "inout DBusEncoder")], body: encodeBody)),
            .initializer(FunctionDeclaration(prefix: prefix(), name: "init",
                                             parameters: [Parameter(label: "from", name: "decoder", type: "inout DBusDecoder")],
                                             throwsType: "DBusWireError", body: decodeBody)),
        ]))
    }

    /// One value type per signal, delivered by the proxy's stream and taken by the skeleton's emitter.
    func signalValues() -> [Declaration] {
        plan.signals.map { signal in
            var docs = signal.documentation
            if !docs.isEmpty { docs.append("") }
            docs.append("The arguments of the `\(signal.dbusName)` signal.")
            let fields = signal.arguments.map { argument in
                Declaration.variable(VariableDeclaration(
                    prefix: prefix(argument.documentation.map { [$0] } ?? []), name: argument.swiftName, type: argument.swiftType,
                    kind: .stored(initializer: nil)))
            }
            let initializer = Declaration.initializer(FunctionDeclaration(
                prefix: prefix(), name: "init", parameters: parameters(signal.arguments),
                body: signal.arguments.map { .line("self.\($0.swiftName) = \($0.swiftName)") }))
            return .extensionOf(TypeDeclaration(name: plan.typeName, members: [
                .structure(TypeDeclaration(prefix: prefix(docs, attributes: deprecatedAttribute(signal.deprecation)),
                                           name: signal.valueTypeName, conformances: ["Hashable", "Sendable"], members: fields + [initializer])),
            ]))
        }
    }
}

/// The server side: `Skeleton`, which exports an `Interface` implementation on a connection,
/// plus functions that emit the interface's signals and announce property changes.
///
/// The runtime answers Introspectable, Peer and Properties, turns a thrown `DBusError` into an
/// error reply with its name (anything else into `org.freedesktop.DBus.Error.Failed`) and sends
/// no reply to a call flagged NO_REPLY_EXPECTED. Bodies bind only `arguments` and `result`, so
/// argument names from the XML never shadow them.
struct SkeletonTranslator {
    let plan: InterfacePlan
    let access: AccessModifier

    private var ns: String { plan.typeName }

    private func prefix(_ docs: [String] = [], attributes: [String] = [], modifiers: [String] = []) -> DeclarationPrefix {
        DeclarationPrefix(documentation: docs, attributes: attributes, access: access, modifiers: modifiers)
    }

    func skeleton() -> Declaration {
        let members: [Declaration] = [
            .variable(VariableDeclaration(prefix: prefix(modifiers: ["static"]), name: "interfaceName", type: "InterfaceName",
                                          kind: .computed([.line("\(ns).interfaceName")]))),
            .variable(VariableDeclaration(prefix: prefix(modifiers: ["static"]), name: "introspectionXML", type: "String",
                                          kind: .computed([.line("\(ns).introspectionXML")]))),
            .variable(VariableDeclaration(prefix: prefix(["The object that answers the calls."]), name: "implementation", type: "Implementation", kind: .constant(initializer: nil))),
            .initializer(FunctionDeclaration(prefix: prefix(), name: "init",
                                             parameters: [Parameter(label: "_", name: "implementation", type: "Implementation")],
                                             body: [.line("self.implementation = implementation")])),
            handleMethod(),
            getProperty(),
            setProperty(),
            getAllProperties(),
        ]
        return .extensionOf(TypeDeclaration(name: ns, members: [
            .finalClass(TypeDeclaration(
                prefix: prefix(["Serves `\(plan.dbusName)` from an `Interface` implementation.", "",
                                "Export it with `connection.export(\(ns).Skeleton(implementation), at: path)`. Arguments",
                                "of the wrong type are answered with InvalidArgs before `implementation` is called."]),
                name: "Skeleton<Implementation: Interface>", conformances: ["DBusExportedInterface"], members: members)),
        ] + plan.signals.map(emitSignal) + plan.properties.compactMap(announceChange)))
    }

    private func invocation(_ method: MethodPlan) -> String {
        let values: [String]
        switch method.inArguments.count {
        case 0: values = []
        case 1: values = ["arguments"]
        default: values = method.inArguments.indices.map { "arguments.\($0)" }
        }
        return "try await self.implementation.\(method.swiftName)(" + zip(method.inArguments, values).map { "\($0.swiftName.trimmingBackticks): \($1)" }.joined(separator: ", ") + ")"
    }

    private func handleMethod() -> Declaration {
        var cases: [SwitchCase] = []
        for method in plan.methods {
            var body: [Statement] = []
            let types = method.inArguments.map { $0.swiftType + ".self" }.joined(separator: ", ")
            // Decoding checks the whole signature first: a mismatch is InvalidArgs and the
            // implementation is never called.
            body.append(.line(method.inArguments.isEmpty ? "try call.arguments()" : "let arguments = try call.arguments(as: \(types))"))
            switch method.outArguments.count {
            case 0:
                body.append(.line(invocation(method)))
                body.append(.line("return MessageBody()"))
            case 1:
                body.append(.line("return MessageBody(\(invocation(method)))"))
            default:
                body.append(.line("let result = " + invocation(method)))
                body.append(.line("return MessageBody(" + method.outArguments.indices.map { "result.\($0)" }.joined(separator: ", ") + ")"))
            }
            cases.append(SwitchCase(label: "case \(swiftStringLiteral(method.dbusName))", body: body))
        }
        cases.append(SwitchCase(label: "default", body: [.line("throw call.unknownMethod()")]))
        return .function(FunctionDeclaration(
            prefix: prefix(), name: "handle", parameters: [Parameter(label: "_", name: "call", type: "MethodCallContext")],
            isAsync: true, throwsType: "", returnType: "MessageBody", body: [.switchOver("call.member.rawValue", cases)]))
    }

    private func getProperty() -> Declaration {
        var cases: [SwitchCase] = []
        for property in plan.properties where property.access.isReadable {
            cases.append(SwitchCase(label: "case \(swiftStringLiteral(property.dbusName))",
                                    body: [.line("return Variant(try await self.implementation.\(property.swiftName))")]))
        }
        let unknown = "throw DBusError.unknownProperty(\"No readable property “\\(name)” on interface \\(Self.interfaceName)\")"
        cases.append(SwitchCase(label: "default", body: [.line(unknown)]))
        return .function(FunctionDeclaration(
            prefix: prefix(), name: "getProperty",
            parameters: [Parameter(label: "_", name: "name", type: "String"), Parameter(label: nil, name: "context", type: "MethodCallContext")],
            isAsync: true, throwsType: "", returnType: "Variant", body: [.switchOver("name", cases)]))
    }

    /// Sets through the implementation, then announces the change as `EmitsChangedSignal` says.
    private func setProperty() -> Declaration {
        var cases: [SwitchCase] = []
        for property in plan.properties {
            let label = "case \(swiftStringLiteral(property.dbusName))"
            guard let setter = property.setterName else {
                cases.append(SwitchCase(label: label, body: [
                    .line("throw DBusError.propertyReadOnly(\"Property “\(property.dbusName)” of \\(Self.interfaceName) is read-only\")"),
                ]))
                continue
            }
            var body: [Statement] = [
                .block("guard let newValue = value.get(as: \(property.swiftType).self) else", [
                    .line("throw DBusError.invalidArgs(\"Property “\(property.dbusName)” has type “\(property.tree.signatureText)”, not “\\(value.signature)”\")"),
                ]),
                .line("try await self.implementation.\(setter)(newValue)"),
            ]
            let name = swiftStringLiteral(property.dbusName)
            switch property.access.isReadable ? property.emitsChangedSignal : .false {
            case .true:
                body.append(.line("try await context.connection.emitPropertiesChanged(path: context.path, interface: Self.interfaceName, changed: [\(name): value])"))
            case .invalidates:
                body.append(.line("try await context.connection.emitPropertiesChanged(path: context.path, interface: Self.interfaceName, changed: [:], invalidated: [\(name)])"))
            default:
                break
            }
            cases.append(SwitchCase(label: label, body: body))
        }
        cases.append(SwitchCase(label: "default", body: [
            .line("throw DBusError.unknownProperty(\"No such property “\\(name)” on interface \\(Self.interfaceName)\")"),
        ]))
        return .function(FunctionDeclaration(
            prefix: prefix(), name: "setProperty",
            parameters: [Parameter(label: "_", name: "name", type: "String"), Parameter(label: "to", name: "value", type: "Variant"),
                         Parameter(label: nil, name: "context", type: "MethodCallContext")],
            isAsync: true, throwsType: "", body: [.switchOver("name", cases)]))
    }

    private func getAllProperties() -> Declaration {
        let readable = plan.properties.filter(\.access.isReadable)
        var body: [Statement] = [.line(readable.isEmpty ? "[:]" : "[")]
        if !readable.isEmpty {
            for property in readable {
                body.append(.line("    \(swiftStringLiteral(property.dbusName)): Variant(try await self.implementation.\(property.swiftName)),"))
            }
            body.append(.line("]"))
        }
        return .function(FunctionDeclaration(
            prefix: prefix(), name: "getAllProperties", parameters: [Parameter(label: nil, name: "context", type: "MethodCallContext")],
            isAsync: true, throwsType: "", returnType: "[String: Variant]", body: body))
    }

    private func emitSignal(_ signal: SignalPlan) -> Declaration {
        let body = "MessageBody(" + signal.arguments.map { "signal.\($0.swiftName)" }.joined(separator: ", ") + ")"
        return .function(FunctionDeclaration(
            prefix: prefix(["Emits `\(signal.dbusName)` from the object at `path`."], modifiers: ["static"]), name: signal.emitName,
            parameters: [Parameter(label: "_", name: "signal", type: "\(ns).\(signal.valueTypeName)"),
                         Parameter(label: "on", name: "connection", type: "DBusConnection"),
                         Parameter(label: "at", name: "path", type: "ObjectPath")],
            isAsync: true, throwsType: "",
            body: [.line("try await connection.emitSignal(path: path, interface: \(ns).interfaceName, member: \(swiftStringLiteral(signal.dbusName)), body: \(body))")]))
    }

    /// Announces a new value as `EmitsChangedSignal` says: the value itself (`true`) or just the
    /// name (`invalidates`); `const` and `false` properties get no announcer.
    private func announceChange(_ property: PropertyPlan) -> Declaration? {
        guard let announceName = property.announceName else { return nil }
        let name = swiftStringLiteral(property.dbusName)
        let statement: String
        let parameters: [Parameter]
        let connectionAndPath = [Parameter(label: "on", name: "connection", type: "DBusConnection"), Parameter(label: "at", name: "path", type: "ObjectPath")]
        if property.emitsChangedSignal == .true {
            statement = "try await connection.emitPropertiesChanged(path: path, interface: \(ns).interfaceName, changed: [\(name): Variant(newValue)])"
            parameters = [Parameter(label: "_", name: "newValue", type: property.swiftType)] + connectionAndPath
        } else {
            statement = "try await connection.emitPropertiesChanged(path: path, interface: \(ns).interfaceName, changed: [:], invalidated: [\(name)])"
            parameters = connectionAndPath
        }
        return .function(FunctionDeclaration(
            prefix: prefix(["Tells clients that `\(property.dbusName)` of the object at `path` changed" + (property.emitsChangedSignal == .true ? "." : "; they read it again.")],
                           modifiers: ["static"]),
            name: announceName, parameters: parameters, isAsync: true, throwsType: "", body: [.line(statement)]))
    }
}

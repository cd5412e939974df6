/// The server side: `Skeleton`, which exports an `Interface` implementation on a connection,
/// decoding calls, encoding replies and answering Properties and Introspectable.
struct SkeletonTranslator {
    let plan: InterfacePlan
    let access: AccessModifier

    private var ns: String { plan.typeName }

    private func prefix(_ docs: [String] = [], attributes: [String] = [], modifiers: [String] = []) -> DeclarationPrefix {
        DeclarationPrefix(documentation: docs, attributes: attributes, access: access, modifiers: modifiers)
    }

    func skeleton() -> Declaration {
        var members: [Declaration] = [
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
        members += plan.signals.map(emitSignal)
        members += plan.properties.compactMap(propertyChanged)
        return .extensionOf(TypeDeclaration(name: ns, members: [
            .structure(TypeDeclaration(
                prefix: prefix(["Serves `\(plan.dbusName)` from an `Interface` implementation: export it with `connection.export(_:at:)`."]),
                name: "Skeleton<Implementation: Interface>", conformances: ["DBusExportedInterface"], members: members)),
        ]))
    }

    private func handleMethod() -> Declaration {
        var cases: [SwitchCase] = []
        for method in plan.methods {
            var body: [Statement] = []
            body.append(.line("var decoder = try call.bodyDecoder(expecting: \(swiftStringLiteral(method.inSignature)))"))
            for argument in method.inArguments {
                body.append(.line("let \(argument.swiftName) = try decoder.decode(\(argument.swiftType).self)"))
            }
            let invocation = "try await implementation.\(method.swiftName)(" + method.inArguments.map { "\($0.swiftName.trimmingBackticks): \($0.swiftName)" }.joined(separator: ", ") + ")"
            switch method.outArguments.count {
            case 0:
                body.append(.line(invocation))
                body.append(.line("return DBusEncoder()"))
            case 1:
                body.append(.line("let result = " + invocation))
                body.append(.line("var reply = DBusEncoder()"))
                body.append(.line("reply.encode(result)"))
                body.append(.line("return reply"))
            default:
                body.append(.line("let result = " + invocation))
                body.append(.line("var reply = DBusEncoder()"))
                for argument in method.outArguments {
                    body.append(.line("reply.encode(result.\(argument.swiftName.trimmingBackticks))"))
                }
                body.append(.line("return reply"))
            }
            cases.append(SwitchCase(label: "case \(swiftStringLiteral(method.dbusName))", body: body))
        }
        cases.append(SwitchCase(label: "default", body: [.line("throw DBusError.unknownMethod(interface: Self.interfaceName, member: call.member)")]))
        return .function(FunctionDeclaration(
            prefix: prefix(), name: "handle", parameters: [Parameter(label: "_", name: "call", type: "MethodCall")],
            isAsync: true, throwsType: "", returnType: "DBusEncoder",
            body: [.switchOver("call.member.rawValue", cases)]))
    }

    private func getProperty() -> Declaration {
        var cases: [SwitchCase] = []
        for property in plan.properties where property.access.isReadable {
            cases.append(SwitchCase(label: "case \(swiftStringLiteral(property.dbusName))", body: [.line("return Variant(try await implementation.\(property.swiftName))")]))
        }
        cases.append(SwitchCase(label: "default", body: [.line("throw DBusError.unknownProperty(interface: Self.interfaceName, name: name)")]))
        return .function(FunctionDeclaration(
            prefix: prefix(), name: "getProperty", parameters: [Parameter(label: "_", name: "name", type: "String")],
            isAsync: true, throwsType: "", returnType: "Variant", body: [.switchOver("name", cases)]))
    }

    private func setProperty() -> Declaration {
        var cases: [SwitchCase] = []
        for property in plan.properties {
            let statement: Statement = property.setterName.map { .line("try await implementation.\($0)(try value.get(as: \(property.swiftType).self))") }
                ?? .line("throw DBusError.propertyReadOnly(interface: Self.interfaceName, name: name)")
            cases.append(SwitchCase(label: "case \(swiftStringLiteral(property.dbusName))", body: [statement]))
        }
        cases.append(SwitchCase(label: "default", body: [.line("throw DBusError.unknownProperty(interface: Self.interfaceName, name: name)")]))
        return .function(FunctionDeclaration(
            prefix: prefix(), name: "setProperty",
            parameters: [Parameter(label: "_", name: "name", type: "String"), Parameter(label: "to", name: "value", type: "Variant")],
            isAsync: true, throwsType: "", body: [.switchOver("name", cases)]))
    }

    private func getAllProperties() -> Declaration {
        let readable = plan.properties.filter(\.access.isReadable)
        var body: [Statement] = [.line(readable.isEmpty ? "[:]" : "[")]
        if !readable.isEmpty {
            for property in readable {
                body.append(.line("    \(swiftStringLiteral(property.dbusName)): Variant(try await implementation.\(property.swiftName)),"))
            }
            body.append(.line("]"))
        }
        return .function(FunctionDeclaration(
            prefix: prefix(), name: "getAllProperties", isAsync: true, throwsType: "", returnType: "[String: Variant]", body: body))
    }

    private func emitSignal(_ signal: SignalPlan) -> Declaration {
        var body: [Statement] = [.line(signal.arguments.isEmpty ? "let body = DBusEncoder()" : "var body = DBusEncoder()")]
        body += signal.arguments.map { .line("body.encode(value.\($0.swiftName.trimmingBackticks))") }
        body.append(.line("try await connection.emitSignal(path: path, interface: \(ns).interfaceName, member: \(swiftStringLiteral(signal.dbusName)), body: body)"))
        return .function(FunctionDeclaration(
            prefix: prefix(["Emits `\(signal.dbusName)` from the object at `path`."], modifiers: ["static"]), name: signal.emitName,
            parameters: [Parameter(label: "_", name: "value", type: "\(ns).\(signal.valueTypeName)"),
                         Parameter(label: "on", name: "connection", type: "DBusConnection"),
                         Parameter(label: "at", name: "path", type: "ObjectPath")],
            isAsync: true, throwsType: "", body: body))
    }

    /// Announces a new value as `EmitsChangedSignal` says: the value itself (`true`) or just the
    /// name (`invalidates`); `const` and `false` properties get no announcer.
    private func propertyChanged(_ property: PropertyPlan) -> Declaration? {
        guard property.announceName != nil else { return nil }
        let name = swiftStringLiteral(property.dbusName)
        let call: String
        switch property.emitsChangedSignal {
        case .true:
            call = "try await connection.emitPropertiesChanged(path: path, interface: \(ns).interfaceName, changed: [\(name): Variant(value)], invalidated: [])"
        case .invalidates:
            call = "try await connection.emitPropertiesChanged(path: path, interface: \(ns).interfaceName, changed: [:], invalidated: [\(name)])"
        case .const, .false:
            return nil
        }
        return .function(FunctionDeclaration(
            prefix: prefix(["Tells clients that `\(property.dbusName)` changed" + (property.emitsChangedSignal == .true ? "." : " (they re-read it).")], modifiers: ["static"]),
            name: property.announceName ?? "announce",
            parameters: [Parameter(label: "_", name: "value", type: property.swiftType),
                         Parameter(label: "on", name: "connection", type: "DBusConnection"),
                         Parameter(label: "at", name: "path", type: "ObjectPath")],
            isAsync: true, throwsType: "", body: [.line(call)]))
    }
}

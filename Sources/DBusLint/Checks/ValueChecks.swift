internal import DBusIntrospection

/// Attribute values and standard annotations: arg-direction-invalid, signal-arg-direction-in,
/// property-access-invalid, annotation-value-invalid, annotation-misplaced, annotation-duplicate,
/// property-const-writable, noreply-with-out-args.
enum ValueChecks: CheckGroup {
    private enum Owner: String { case interface, method, signal, property, arg }

    static func check(_ context: inout CheckContext) {
        guard let root = context.document.root else { return }
        for interface in root.allInterfaces {
            checkAnnotations(interface.annotations, on: .interface, symbol: interface.name.value, &context)
            for method in interface.methods {
                let symbol = Symbol.member(interface, method.name)
                checkAnnotations(method.annotations, on: .method, symbol: symbol, &context)
                checkArguments(method.arguments, of: "method", method.name, interface, &context)
                if method.annotations.value(of: StandardAnnotation.noReply) == "true", let out = method.outArguments.first {
                    context.report(.noReplyWithOutArgs,
                                   "method '\(method.name.value)' is Method.NoReply=true but declares out argument '\(out.name?.value ?? "unnamed")'; callers never receive a reply",
                                   at: method.location, symbol: symbol)
                }
            }
            for signal in interface.signals {
                checkAnnotations(signal.annotations, on: .signal, symbol: Symbol.member(interface, signal.name), &context)
                checkArguments(signal.arguments, of: "signal", signal.name, interface, &context)
            }
            let interfaceDefault = interface.annotations.value(of: StandardAnnotation.emitsChangedSignal)
            for property in interface.properties {
                let symbol = Symbol.member(interface, property.name)
                checkAnnotations(property.annotations, on: .property, symbol: symbol, &context)
                if property.access == nil {
                    context.report(.propertyAccessInvalid,
                                   "property '\(property.name.value)': access must be read, write or readwrite, got '\(property.declaredAccess.value)'",
                                   at: property.declaredAccess.location, symbol: symbol)
                }
                let emits = property.annotations.value(of: StandardAnnotation.emitsChangedSignal) ?? interfaceDefault
                if emits == "const", property.access?.isWritable == true {
                    context.report(.propertyConstWritable,
                                   "property '\(property.name.value)' is writable but EmitsChangedSignal=const declares it never changes",
                                   at: property.location, symbol: symbol)
                }
            }
        }
    }

    private static func checkArguments(_ arguments: [Argument], of kind: String, _ member: LocatedString, _ interface: Interface,
                                       _ context: inout CheckContext) {
        for (index, argument) in arguments.enumerated() {
            let symbol = Symbol.argument(interface, member, argument, index: index)
            let label = "\(kind) '\(member.value)' argument '\(argument.name?.value ?? "#\(index)")'"
            checkAnnotations(argument.annotations, on: .arg, symbol: symbol, &context)
            guard let declared = argument.declaredDirection else { continue }
            switch (kind, declared.value) {
            case ("signal", "in"):
                context.report(.signalArgDirectionIn, "\(label): signal arguments are always 'out'; remove direction=\"in\"",
                               at: declared.location, symbol: symbol)
            case ("signal", "out"):
                context.report(.signalArgDirectionRedundant, "\(label): signal arguments are always 'out'; the DTD says not to state it",
                               at: declared.location, symbol: symbol)
            case (_, "in"), (_, "out"):
                break
            default:
                context.report(.argDirectionInvalid, "\(label): direction must be 'in' or 'out', got '\(declared.value)'",
                               at: declared.location, symbol: symbol)
            }
        }
    }

    private static func checkAnnotations(_ annotations: [Annotation], on owner: Owner, symbol: String, _ context: inout CheckContext) {
        var seen: [String: SourceLocation] = [:]
        for annotation in annotations {
            let name = annotation.name.value
            if let first = seen[name] {
                context.report(.annotationDuplicate,
                               "annotation \(name) already appears on this <\(owner.rawValue)> at line \(first.line); tools read only one of them",
                               at: annotation.location, symbol: "\(symbol)@\(name)")
            } else {
                seen[name] = annotation.location
            }
            if let allowed = StandardAnnotation.allowedValues(name), !allowed.contains(annotation.value.value) {
                context.report(.annotationValueInvalid,
                               "\(name) must be one of \(allowed.joined(separator: ", ")); got '\(annotation.value.value)'",
                               at: annotation.value.location, symbol: "\(symbol)@\(name)")
            }
            let placement: [Owner]? = switch name {
            case StandardAnnotation.noReply: [.method]
            case StandardAnnotation.emitsChangedSignal: [.property, .interface]
            default: nil
            }
            if let placement, !placement.contains(owner) {
                let places = placement.map { "<\($0.rawValue)>" }.joined(separator: " or ")
                context.report(.annotationMisplaced, "\(name) only applies to \(places), found on <\(owner.rawValue)>",
                               at: annotation.location, symbol: "\(symbol)@\(name)")
            }
            if !context.configuration.knownAnnotationPrefixes.contains(where: { name.hasPrefix($0) }) {
                context.report(.annotationUnknown,
                               "annotation '\(name)' is not a standard one and not under a known prefix (\(context.configuration.knownAnnotationPrefixes.joined(separator: ", "))); add its namespace to known-annotation-prefixes",
                               at: annotation.name.location, symbol: "\(symbol)@\(name)")
            }
        }
    }
}

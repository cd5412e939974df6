internal import DBusIntrospection

/// signature-invalid and type-not-single on every argument and property type.
enum TypeChecks: CheckGroup {
    static func check(_ context: inout CheckContext) {
        guard let root = context.document.root else { return }
        for interface in root.allInterfaces {
            for member in interface.members where member.kind != .property {
                for (index, argument) in member.arguments.enumerated() {
                    let label = "\(member.kind.rawValue) '\(member.name.value)' argument '\(argument.name?.value ?? "#\(index)")'"
                    checkType(argument.type, label: label, isProperty: false,
                              symbol: Symbol.argument(interface, member.name, argument, index: index), &context)
                }
            }
            for property in interface.properties {
                checkType(property.type, label: "property '\(property.name.value)'", isProperty: true,
                          symbol: Symbol.member(interface, property.name), &context)
            }
        }
    }

    private static func checkType(_ type: LocatedString, label: String, isProperty: Bool, symbol: String,
                                  _ context: inout CheckContext) {
        switch SpecValidation.signature(type.value) {
        case .invalid(let problem, let offset):
            // Point at the offending character, as the parser does.
            var location = type.location
            location.column += min(offset, type.value.count)
            context.report(.signatureInvalid, "\(label): invalid type '\(type.value)': \(problem)", at: location, symbol: symbol)
        case .valid(let completeTypes) where completeTypes != 1:
            let why = isProperty ? "a property holds one variant value" : "an <arg> is one message argument"
            let fix = completeTypes == 0 ? "give it a type" : "wrap it in a struct: '(\(type.value))'"
            context.report(.typeNotSingle,
                           "\(label): type '\(type.value)' must be exactly one complete type (\(why)), has \(completeTypes); \(fix)",
                           at: type.location, symbol: symbol)
        case .valid:
            break
        }
    }
}

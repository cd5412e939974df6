import DBus
import DBusIntrospection

/// A D-Bus struct that becomes a generated Swift struct.
struct StructDefinition: Hashable, Sendable {
    struct Field: Hashable, Sendable {
        var name: String
        var swiftType: String
        var tree: DBusType
    }

    var name: String
    var tree: DBusType
    var fields: [Field]
    /// Where the name came from, for the generated doc comment ("`position` of method `Move`").
    var origin: String
}

/// Maps D-Bus types to Swift types and collects the structs an interface needs.
///
/// Scalars map to the matching fixed-width integer, `s` to String, `o`/`g`/`v`/`h` to the
/// runtime's ObjectPath, Signature, Variant and UnixFD, `ay` to `[UInt8]` (the runtime copies it
/// in bulk), `a{..}` to a Dictionary, other arrays to Array, and each struct to a named struct
/// whose name comes from where it appears (argument or property name, singular for array
/// elements, `Value` for dictionary values). A struct type that appears again reuses the first
/// name unless `structNames` gives the new place its own.
struct SwiftTypeMapper {
    private(set) var structs: [StructDefinition] = []
    private var scope: NameScope
    private var structNameOverrides: [String: String]
    /// The best name seen for each struct type across the interface (see `suggestName`).
    private var suggestedNames: [DBusType: (name: String, depth: Int)] = [:]

    init(reservedTypeNames: [String: String], structNameOverrides: [String: String]) {
        scope = NameScope(reserved: reservedTypeNames)
        self.structNameOverrides = structNameOverrides
    }

    /// Swift type for `tree`, naming any structs after `context` (an UpperCamel name).
    mutating func swiftType(for tree: DBusType, context: String, origin: String, overrideKey: String,
                            location: SourceLocation, diagnostics: inout [Diagnostic]) -> String {
        switch tree {
        case .byte: return "UInt8"
        case .boolean: return "Bool"
        case .int16: return "Int16"
        case .uint16: return "UInt16"
        case .int32: return "Int32"
        case .uint32: return "UInt32"
        case .int64: return "Int64"
        case .uint64: return "UInt64"
        case .double: return "Double"
        case .string: return "String"
        case .objectPath: return "ObjectPath"
        case .signature: return "Signature"
        case .unixFD: return "UnixFD"
        case .variant: return "Variant"
        case .array(let element):
            let elementContext = SwiftNaming.singular(context) ?? context + "Element"
            return "[" + swiftType(for: element, context: elementContext, origin: origin, overrideKey: overrideKey,
                                   location: location, diagnostics: &diagnostics) + "]"
        case .dictionary(let key, let value):
            let keyType = swiftType(for: key, context: context + "Key", origin: origin, overrideKey: overrideKey,
                                    location: location, diagnostics: &diagnostics)
            let valueContext = (SwiftNaming.singular(context) ?? context) + "Value"
            let valueType = swiftType(for: value, context: valueContext, origin: origin, overrideKey: overrideKey,
                                      location: location, diagnostics: &diagnostics)
            return "[" + keyType + ": " + valueType + "]"
        case .structure(let fieldTrees):
            let override = structNameOverrides[overrideKey]
            // One Swift type per D-Bus struct type in an interface, named where it first appears,
            // so that `EchoRects(a(iiuu)) -> a(iiuu)` takes and returns the same type.
            if let existing = structs.first(where: { $0.tree == tree && (override == nil || $0.name == override) }) {
                return existing.name
            }
            let preferred = override ?? suggestedNames[tree]?.name ?? context
            let name = scope.claim(preferred, for: "struct for \(origin)", suffix: "Struct", at: location,
                                   overrideKey: overrideKey, overrideSetting: "structNames", diagnostics: &diagnostics)
            // Reserve the name before the fields so nested structs can't take it.
            let index = structs.count
            structs.append(StructDefinition(name: name, tree: tree, fields: [], origin: origin))
            var fields: [StructDefinition.Field] = []
            for (position, fieldTree) in fieldTrees.enumerated() {
                let fieldType = swiftType(for: fieldTree, context: name + "Field\(position)", origin: origin,
                                          overrideKey: overrideKey + ".\(position)", location: location, diagnostics: &diagnostics)
                fields.append(.init(name: "field\(position)", swiftType: fieldType, tree: fieldTree))
            }
            structs[index].fields = fields
            return name
        }
    }

    /// Records where a type appears before any Swift type is chosen, so a struct used both as
    /// `origin` and as field 1 of another struct is named `Origin`: the shallowest place wins,
    /// the first one among equals.
    mutating func suggestName(for tree: DBusType, context: String, depth: Int = 0) {
        switch tree {
        case .array(let element):
            suggestName(for: element, context: SwiftNaming.singular(context) ?? context + "Element", depth: depth + 1)
        case .dictionary(_, let value):
            suggestName(for: value, context: (SwiftNaming.singular(context) ?? context) + "Value", depth: depth + 1)
        case .structure(let fields):
            if let existing = suggestedNames[tree], existing.depth <= depth {} else {
                suggestedNames[tree] = (context, depth)
            }
            for (position, field) in fields.enumerated() {
                suggestName(for: field, context: context + "Field\(position)", depth: depth + 1)
            }
        default:
            break
        }
    }

    /// Claims a type name in the interface namespace for something that is not a D-Bus struct
    /// (a signal's value type).
    mutating func claimName(_ preferred: String, for owner: String, suffix: String, at location: SourceLocation,
                            overrideKey: String, diagnostics: inout [Diagnostic]) -> String {
        scope.claim(preferred, for: owner, suffix: suffix, at: location, overrideKey: overrideKey, diagnostics: &diagnostics)
    }
}

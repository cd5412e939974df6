import DBus

/// The `DBusType` value for a type, as a Swift expression (`.structure([.int32, .string])`).
func dbusTypeExpression(_ type: DBusType) -> String {
    switch type {
    case .byte: ".byte"
    case .boolean: ".boolean"
    case .int16: ".int16"
    case .uint16: ".uint16"
    case .int32: ".int32"
    case .uint32: ".uint32"
    case .int64: ".int64"
    case .uint64: ".uint64"
    case .double: ".double"
    case .string: ".string"
    case .objectPath: ".objectPath"
    case .signature: ".signature"
    case .unixFD: ".unixFD"
    case .variant: ".variant"
    case .array(let element): ".array(\(dbusTypeExpression(element)))"
    case .dictionary(let key, let value): ".dictionary(key: \(dbusTypeExpression(key)), value: \(dbusTypeExpression(value)))"
    case .structure(let fields): ".structure([" + fields.map(dbusTypeExpression).joined(separator: ", ") + "])"
    }
}

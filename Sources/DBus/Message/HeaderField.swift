/// Header field codes (D-Bus specification, "Header Fields") and the type each must have.
enum HeaderField: UInt8, CaseIterable {
    case path = 1
    case interface = 2
    case member = 3
    case errorName = 4
    case replySerial = 5
    case destination = 6
    case sender = 7
    case signature = 8
    case unixFDs = 9

    /// The name the specification uses, for error messages.
    var name: String {
        switch self {
        case .path: "PATH"
        case .interface: "INTERFACE"
        case .member: "MEMBER"
        case .errorName: "ERROR_NAME"
        case .replySerial: "REPLY_SERIAL"
        case .destination: "DESTINATION"
        case .sender: "SENDER"
        case .signature: "SIGNATURE"
        case .unixFDs: "UNIX_FDS"
        }
    }

    var type: DBusType {
        switch self {
        case .path: .objectPath
        case .interface, .member, .errorName, .destination, .sender: .string
        case .replySerial, .unixFDs: .uint32
        case .signature: .signature
        }
    }

    /// Fields every message of `type` must carry.
    static func required(for type: Message.MessageType) -> [HeaderField] {
        switch type {
        case .methodCall: [.path, .member]
        case .methodReturn: [.replySerial]
        case .error: [.errorName, .replySerial]
        case .signal: [.path, .interface, .member]
        }
    }
}

extension Message {
    /// Whether the header field is set on this message.
    func has(_ field: HeaderField) -> Bool {
        switch field {
        case .path: path != nil
        case .interface: interface != nil
        case .member: member != nil
        case .errorName: errorName != nil
        case .replySerial: replySerial != nil
        case .destination: destination != nil
        case .sender: sender != nil
        case .signature: !signature.rawValue.isEmpty
        case .unixFDs: !fds.isEmpty
        }
    }

    /// Throws if a field the message type requires is missing.
    ///
    /// - Parameter present: bit `code` set for each header field code the parser saw, or nil to
    ///   look at the fields themselves. With it, a complete header costs one comparison and no
    ///   array of required fields.
    func checkRequiredFields(present: UInt32? = nil) throws(DBusWireError) {
        if let present {
            let required: UInt32 = switch type {
            case .methodCall: 1 << HeaderField.path.rawValue | 1 << HeaderField.member.rawValue
            case .methodReturn: 1 << HeaderField.replySerial.rawValue
            case .error: 1 << HeaderField.errorName.rawValue | 1 << HeaderField.replySerial.rawValue
            case .signal: 1 << HeaderField.path.rawValue | 1 << HeaderField.interface.rawValue | 1 << HeaderField.member.rawValue
            }
            if present & required == required { return }
        }
        for field in HeaderField.required(for: type) where !has(field) {
            throw .missingHeaderField(field: field.name, messageType: type.description)
        }
    }
}

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
    /// (Built once: every message sent or received is checked against one of these.)
    static func required(for type: Message.MessageType) -> HeaderFieldSet {
        switch type {
        case .methodCall: requiredInMethodCall
        case .methodReturn: requiredInMethodReturn
        case .error: requiredInError
        case .signal: requiredInSignal
        }
    }
    private static let requiredInMethodCall: HeaderFieldSet = [.path, .member]
    private static let requiredInMethodReturn: HeaderFieldSet = [.replySerial]
    private static let requiredInError: HeaderFieldSet = [.errorName, .replySerial]
    private static let requiredInSignal: HeaderFieldSet = [.path, .interface, .member]
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

    /// Throws if a field the message type requires is not among `present` (one comparison when
    /// none is missing).
    func checkRequiredFields(present: HeaderFieldSet) throws(DBusWireError) {
        let required = HeaderField.required(for: type)
        guard required.bits & ~present.bits != 0 else { return }
        for field in HeaderField.allCases where required.contains(field) && !present.contains(field) {
            throw .missingHeaderField(field: field.name, messageType: type.description)
        }
    }
}

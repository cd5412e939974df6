/// What was wrong with wire data: a message or body that could not be encoded or decoded.
///
/// Every case says where (a byte offset within the message or body being decoded) and what was
/// expected, so a log line is enough to find the bad byte in a capture.
public enum DBusWireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Fewer bytes remain than the value at `offset` needs.
    case truncated(offset: Int, needed: Int, available: Int)
    /// Alignment padding that should be zero is not.
    case nonZeroPadding(offset: Int)
    /// A boolean holds a value other than 0 or 1.
    case invalidBoolean(offset: Int, value: UInt32)
    /// A string is not valid UTF-8.
    case invalidUTF8(offset: Int)
    /// A string contains a NUL byte before its end.
    case nulInString(offset: Int)
    /// A string or signature lacks its terminating NUL byte.
    case missingNulTerminator(offset: Int)
    /// An object path ('o') is not a valid path.
    case invalidObjectPath(offset: Int, path: String)
    /// A signature ('g' or a variant's type) is not valid.
    case invalidSignature(offset: Int, signature: String, reason: String)
    /// A variant's signature is not exactly one complete type.
    case variantSignatureNotSingleType(offset: Int, signature: String)
    /// An array's length field exceeds the 64 MiB limit or what remains of the message.
    case arrayTooLong(offset: Int, length: Int, limit: Int)
    /// The elements of an array did not end exactly where its length field said.
    case arrayLengthMismatch(offset: Int, declared: Int, consumed: Int)
    /// Containers nest deeper than the specification allows (32 arrays, 32 structs, 64 in total).
    case nestingTooDeep(offset: Int, limit: Int)
    /// A Unix fd index ('h') refers to an fd that did not arrive with the message.
    case unixFDIndexOutOfRange(offset: Int, index: UInt32, received: Int)
    /// A value had a different D-Bus type than the reader expected.
    case typeMismatch(offset: Int, expected: String, actual: String)
    /// Bytes remain after the last value of a body or header.
    case trailingBytes(offset: Int, count: Int)

    /// The first byte is neither 'l' nor 'B'.
    case invalidEndianness(byte: UInt8)
    /// The protocol version byte is not 1.
    case unsupportedProtocolVersion(UInt8)
    /// The message type byte is not one of the four known types. The specification says to ignore
    /// such messages; the caller decides.
    case unknownMessageType(UInt8)
    /// The serial number is 0, which the specification forbids.
    case zeroSerial
    /// The whole message is longer than the 128 MiB limit.
    case messageTooLong(length: Int, limit: Int)
    /// A header field required for this message type is missing.
    case missingHeaderField(field: String, messageType: String)
    /// The same header field appears twice.
    case duplicateHeaderField(code: UInt8)
    /// A known header field holds a value of the wrong type.
    case headerFieldTypeMismatch(field: String, expected: String, actual: String)
    /// A header field holds a malformed name.
    case invalidHeaderField(field: String, value: String, reason: String)
    /// Fewer fds arrived than the UNIX_FDS header field announces.
    case missingUnixFDs(declared: Int, received: Int)
    /// The body does not match the message's SIGNATURE header field, or a reader asked for
    /// different types than the body holds.
    case bodySignatureMismatch(expected: String, actual: String)

    public var description: String {
        switch self {
        case let .truncated(offset, needed, available):
            "data ends early: the value at byte \(offset) needs \(needed) bytes, only \(available) remain"
        case let .nonZeroPadding(offset):
            "alignment padding at byte \(offset) is not zero"
        case let .invalidBoolean(offset, value):
            "boolean at byte \(offset) is \(value); only 0 and 1 are valid"
        case let .invalidUTF8(offset):
            "string at byte \(offset) is not valid UTF-8"
        case let .nulInString(offset):
            "string at byte \(offset) contains a NUL byte"
        case let .missingNulTerminator(offset):
            "string or signature at byte \(offset) is not terminated by a NUL byte"
        case let .invalidObjectPath(offset, path):
            "object path at byte \(offset) is not valid: '\(path)'"
        case let .invalidSignature(offset, signature, reason):
            "signature at byte \(offset) ('\(signature)') is not valid: \(reason)"
        case let .variantSignatureNotSingleType(offset, signature):
            "variant at byte \(offset) has signature '\(signature)', which is not a single complete type"
        case let .arrayTooLong(offset, length, limit):
            "array at byte \(offset) claims \(length) bytes; at most \(limit) are possible here"
        case let .arrayLengthMismatch(offset, declared, consumed):
            "array at byte \(offset) declares \(declared) bytes but its elements take \(consumed)"
        case let .nestingTooDeep(offset, limit):
            "containers nest deeper than \(limit) levels at byte \(offset)"
        case let .unixFDIndexOutOfRange(offset, index, received):
            "Unix fd index \(index) at byte \(offset) is out of range: \(received) fds arrived with the message"
        case let .typeMismatch(offset, expected, actual):
            "value at byte \(offset) has type '\(actual)', expected '\(expected)'"
        case let .trailingBytes(offset, count):
            "\(count) unexpected bytes after the last value, at byte \(offset)"
        case let .invalidEndianness(byte):
            "first byte \(byte) is not an endianness marker ('l' or 'B')"
        case let .unsupportedProtocolVersion(version):
            "protocol version \(version) is not supported; only 1 is"
        case let .unknownMessageType(type):
            "message type \(type) is unknown"
        case .zeroSerial:
            "message serial is 0; serials must be non-zero"
        case let .messageTooLong(length, limit):
            "message of \(length) bytes exceeds the \(limit)-byte limit"
        case let .missingHeaderField(field, messageType):
            "\(messageType) message lacks the required \(field) header field"
        case let .duplicateHeaderField(code):
            "header field \(code) appears more than once"
        case let .headerFieldTypeMismatch(field, expected, actual):
            "header field \(field) has type '\(actual)', expected '\(expected)'"
        case let .invalidHeaderField(field, value, reason):
            "header field \(field) holds '\(value)': \(reason)"
        case let .missingUnixFDs(declared, received):
            "message announces \(declared) Unix fds but \(received) arrived"
        case let .bodySignatureMismatch(expected, actual):
            "body has signature '\(actual)', expected '\(expected)'"
        }
    }
}

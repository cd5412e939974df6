#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One entry of a D-Bus server address ("Server Addresses" in the specification), such as
/// `unix:path=/run/user/1000/bus` or `tcp:host=localhost,port=4000`.
///
/// An address string may list several entries separated by `;`; `DBusAddress.parseList` returns
/// them in order and a client tries them in that order. Values are %-escaped on the wire;
/// `parameters` holds them unescaped.
public struct DBusAddress: Hashable, Sendable, CustomStringConvertible {
    /// The transport name before the colon: `unix`, `tcp`, ...
    public var transport: String
    /// Key/value pairs in their written order, values unescaped.
    public var parameters: [(key: String, value: String)]

    public init(transport: String, parameters: [(key: String, value: String)]) {
        self.transport = transport
        self.parameters = parameters
    }

    /// The value of `key`, if present.
    public subscript(key: String) -> String? {
        parameters.first { $0.key == key }?.value
    }

    /// The server GUID the address announces, if any.
    public var guid: String? { self["guid"] }

    /// The address written back with values %-escaped.
    public var description: String {
        transport + ":" + parameters.map { "\($0.key)=\(DBusAddress.escape($0.value))" }.joined(separator: ",")
    }

    public static func == (lhs: DBusAddress, rhs: DBusAddress) -> Bool {
        lhs.transport == rhs.transport && lhs.parameters.elementsEqual(rhs.parameters) { $0 == $1 }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(transport)
        for (key, value) in parameters {
            hasher.combine(key)
            hasher.combine(value)
        }
    }

    /// Parses a `;`-separated list of addresses. Empty entries are skipped.
    /// - Throws: `DBusAddressError` naming the entry and what is wrong with it.
    public static func parseList(_ text: String) throws(DBusAddressError) -> [DBusAddress] {
        var result: [DBusAddress] = []
        for entry in text.split(separator: ";", omittingEmptySubsequences: true) {
            result.append(try DBusAddress(parsing: String(entry)))
        }
        guard !result.isEmpty else { throw .empty }
        return result
    }

    /// Parses a single address entry (no `;`).
    public init(parsing text: String) throws(DBusAddressError) {
        guard let colon = text.firstIndex(of: ":") else { throw .missingColon(text) }
        transport = String(text[..<colon])
        guard !transport.isEmpty else { throw .missingTransport(text) }
        parameters = []
        let rest = text[text.index(after: colon)...]
        for pair in rest.split(separator: ",", omittingEmptySubsequences: true) {
            guard let equals = pair.firstIndex(of: "=") else { throw .malformedParameter(address: text, parameter: String(pair)) }
            let key = String(pair[..<equals])
            guard !key.isEmpty else { throw .malformedParameter(address: text, parameter: String(pair)) }
            guard self[key] == nil else { throw .duplicateKey(address: text, key: key) }
            let value = try DBusAddress.unescape(pair[pair.index(after: equals)...], in: text)
            parameters.append((key, value))
        }
    }

    /// Bytes that may appear unescaped in a value ("optionally-escaped bytes" in the specification).
    private static func isOptionallyEscaped(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "-"), UInt8(ascii: "_"),
            UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "\\"), UInt8(ascii: "*"):
            true
        default: false
        }
    }

    /// %-escapes every byte of `value` outside the optionally-escaped set.
    public static func escape(_ value: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in value.utf8 {
            if isOptionallyEscaped(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func unescape(_ text: Substring, in address: String) throws(DBusAddressError) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < bytes.count,
                    let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
                else { throw .badEscape(address: address, value: String(text)) }
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        guard let string = String(validating: out, as: UTF8.self) else { throw .badEscape(address: address, value: String(text)) }
        return string
    }

    // MARK: Well-known buses

    /// The session bus addresses: DBUS_SESSION_BUS_ADDRESS, else `$XDG_RUNTIME_DIR/bus`.
    /// - Throws: `DBusAddressError.noSessionBus` when neither is set, or a parse error.
    public static func sessionBus() throws(DBusAddressError) -> [DBusAddress] {
        if let value = environment("DBUS_SESSION_BUS_ADDRESS"), !value.isEmpty {
            return try parseList(value)
        }
        if let runtime = environment("XDG_RUNTIME_DIR"), !runtime.isEmpty {
            return [DBusAddress(transport: "unix", parameters: [("path", runtime + "/bus")])]
        }
        throw .noSessionBus
    }

    /// The system bus addresses: DBUS_SYSTEM_BUS_ADDRESS, else `/var/run/dbus/system_bus_socket`.
    public static func systemBus() throws(DBusAddressError) -> [DBusAddress] {
        if let value = environment("DBUS_SYSTEM_BUS_ADDRESS"), !value.isEmpty {
            return try parseList(value)
        }
        return [DBusAddress(transport: "unix", parameters: [("path", "/var/run/dbus/system_bus_socket")])]
    }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}

/// A D-Bus address that cannot be parsed or used.
public enum DBusAddressError: Error, Hashable, Sendable, CustomStringConvertible {
    case empty
    case missingColon(String)
    case missingTransport(String)
    case malformedParameter(address: String, parameter: String)
    case duplicateKey(address: String, key: String)
    case badEscape(address: String, value: String)
    case unsupportedTransport(String)
    case missingKey(address: String, keys: String)
    case conflictingKeys(address: String, keys: String)
    case noSessionBus

    public var description: String {
        switch self {
        case .empty: "the D-Bus address is empty"
        case .missingColon(let address): "D-Bus address `\(address)` has no `transport:` prefix"
        case .missingTransport(let address): "D-Bus address `\(address)` has an empty transport name"
        case .malformedParameter(let address, let parameter):
            "D-Bus address `\(address)`: `\(parameter)` is not key=value"
        case .duplicateKey(let address, let key): "D-Bus address `\(address)` sets `\(key)` twice"
        case .badEscape(let address, let value):
            "D-Bus address `\(address)`: value `\(value)` has a `%` not followed by two hex digits, or is not UTF-8"
        case .unsupportedTransport(let transport): "D-Bus transport `\(transport)` is not supported (use unix or tcp)"
        case .missingKey(let address, let keys): "D-Bus address `\(address)` needs one of: \(keys)"
        case .conflictingKeys(let address, let keys): "D-Bus address `\(address)` may set only one of: \(keys)"
        case .noSessionBus: "no session bus: neither DBUS_SESSION_BUS_ADDRESS nor XDG_RUNTIME_DIR is set"
        }
    }
}

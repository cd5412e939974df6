/// The generator's naming rule, mirrored so `swift-name-collision` predicts what DBusGeneratorCore
/// emits (its `SwiftNaming`; keep the two in step, the table in SwiftNameTests pins the behaviour).
///
/// A name splits into words at `_` and other separators, at lower-to-upper changes, and before the
/// last capital of an acronym followed by a lower-case word (`UIInfo` -> `UI`, `Info`); an acronym's
/// plural `s` stays with it (`IDs`); digits stay with the word before them (`Display1`, `y0`).
/// Words written in capitals keep them, and so do the acronyms below when written in lower case.
///
///     SetUIInfo -> setUIInfo    UUID -> uuid    ConsoleIDs -> consoleIDs    width_mm -> widthMM
public enum SwiftName {
    /// Lower-case words written in capitals when they are not first (`device_id` -> `deviceID`).
    public static let acronyms: Set<String> = [
        "id", "ids", "uuid", "uuids", "ui", "mm", "fd", "fds", "url", "uri", "ip", "ip4", "ip6", "io", "os", "usb",
        "pci", "dma", "gpu", "cpu", "vm", "xml", "json", "http", "tcp", "udp", "dns", "dhcp", "mac", "mtu", "sim",
        "sms", "apn", "pin", "puk", "imei", "imsi", "ssid", "bssid", "wps", "vpn", "lldp", "ppp",
    ]

    /// Member names the generated proxy and skeleton use for their own state (the generator's
    /// `InterfacePlanner.reservedMemberNames`), with what they are.
    public static let reservedMemberNames: [String: String] = [
        "connection": "the proxy's connection", "destination": "the proxy's destination", "path": "the proxy's object path",
        "interfaceName": "the interface name constant", "introspectionXML": "the introspection XML constant",
        "implementation": "the skeleton's implementation", "export": "the skeleton's export function",
        "propertyCache": "the proxy's property cache", "handle": "the skeleton's call handler",
        "getProperty": "the skeleton's property getter", "setProperty": "the skeleton's property setter",
        "getAllProperties": "the skeleton's GetAll handler", "self": "Swift's self", "Self": "Swift's Self",
    ]

    /// A method, property, signal or argument name in Swift (lowerCamelCase, before keyword escaping).
    public static func lowerCamel(_ name: String) -> String {
        let parts = words(name)
        guard let first = parts.first else { return "unnamed" }
        return digitSafe(first.lowercased() + parts.dropFirst().map(capitalized).joined())
    }

    /// A type name in Swift (UpperCamelCase), also the stem of derived names (`set` + `FEOpened`).
    public static func upperCamel(_ name: String) -> String {
        let joined = words(name).map(capitalized).joined()
        return digitSafe(joined.isEmpty ? "Unnamed" : joined)
    }

    static func words(_ name: String) -> [String] {
        var result: [String] = []
        var current: [Character] = []
        let characters = Array(name)
        for (index, character) in characters.enumerated() {
            guard character.isASCII, character.isLetter || character.isNumber else {
                if !current.isEmpty { result.append(String(current)) }
                current = []
                continue
            }
            if let previous = current.last {
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                let lowerToUpper = character.isUppercase
                    && (previous.isLowercase || (previous.isNumber && current.contains(where: \.isLowercase)))
                // `UIInfo`: the `I` of `Info` starts a new word; `IDs` keeps its plural `s`.
                let acronymEnds = character.isUppercase && previous.isUppercase && next?.isLowercase == true
                    && !isAcronymPlural(characters, at: index + 1)
                if lowerToUpper || acronymEnds {
                    result.append(String(current))
                    current = []
                }
            }
            current.append(character)
        }
        if !current.isEmpty { result.append(String(current)) }
        return result
    }

    private static func isAcronymPlural(_ characters: [Character], at index: Int) -> Bool {
        guard characters[index] == "s" else { return false }
        return index + 1 == characters.count || !characters[index + 1].isLowercase
    }

    private static func capitalized(_ word: String) -> String {
        let lower = word.lowercased()
        if acronyms.contains(lower) {
            let plural = lower.hasSuffix("s") && lower.count > 2 && acronyms.contains(String(lower.dropLast()))
            return plural ? lower.dropLast().uppercased() + "s" : lower.uppercased()
        }
        if word.count > 1, word.contains(where: \.isLetter), !word.contains(where: \.isLowercase) { return word }
        return word.prefix(1).uppercased() + word.dropFirst()
    }

    /// Identifiers cannot start with a digit.
    private static func digitSafe(_ identifier: String) -> String {
        identifier.first?.isNumber == true ? "_" + identifier : identifier
    }
}

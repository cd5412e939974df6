/// The one naming rule the generator applies to every D-Bus name.
///
/// A name is split into words at underscores and other separators, at lower-to-upper case changes,
/// and before the last capital of an acronym that is followed by a lowercase word (`UIInfo` ->
/// `UI`, `Info`); an acronym's plural `s` stays with it (`IDs`). Digits stay with the word before
/// them (`Display1`, `y0`). Words written in capitals keep them, and so do the common acronyms in
/// `acronyms` when written in lowercase (`width_mm` -> `widthMM`, `device_id` -> `deviceID`).
/// Member names are lowerCamelCase with the first word lowercased (`UUID` -> `uuid`,
/// `SetUIInfo` -> `setUIInfo`); type names are UpperCamelCase.
package enum SwiftNaming {
    /// Lowercase words that are acronyms in Swift API naming, written in capitals when not first.
    package static let acronyms: Set<String> = [
        "id", "ids", "uuid", "uuids", "ui", "mm", "fd", "fds", "url", "uri", "ip", "ip4", "ip6", "io", "os", "usb",
        "pci", "dma", "gpu", "cpu", "vm", "xml", "json", "http", "tcp", "udp", "dns", "dhcp", "mac", "mtu", "sim",
        "sms", "apn", "pin", "puk", "imei", "imsi", "ssid", "bssid", "wps", "vpn", "lldp", "ppp",
    ]

    /// Splits a D-Bus name into words (see the type's documentation).
    static func words(_ name: String) -> [String] {
        var result: [String] = []
        var current: [Character] = []
        let characters = Array(name)
        func flush() {
            if !current.isEmpty { result.append(String(current)) }
            current = []
        }
        for (index, character) in characters.enumerated() {
            guard character.isLetter || character.isNumber, character.isASCII else {
                flush()
                continue
            }
            if let previous = current.last {
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                if character.isUppercase && (previous.isLowercase || previous.isNumber && current.contains(where: \.isLowercase)) {
                    flush()
                } else if character.isUppercase, previous.isUppercase, let next, next.isLowercase,
                          !isAcronymPlural(characters, at: index + 1) {
                    // `UIInfo`: the `I` of `Info` starts a new word.
                    flush()
                }
            }
            current.append(character)
        }
        flush()
        return result
    }

    /// `IDs`: a lone lowercase `s` after capitals, ending the word, is a plural, not a new word.
    private static func isAcronymPlural(_ characters: [Character], at index: Int) -> Bool {
        guard characters[index] == "s" else { return false }
        let after = index + 1 < characters.count ? characters[index + 1] : nil
        return after == nil || !(after!.isLowercase)
    }

    private static func capitalized(_ word: String) -> String {
        let lower = word.lowercased()
        if acronyms.contains(lower) {
            return lower.hasSuffix("s") && lower.count > 2 && acronyms.contains(String(lower.dropLast()))
                ? lower.dropLast().uppercased() + "s" : lower.uppercased()
        }
        if word.allSatisfy({ !$0.isLowercase }) && word.contains(where: \.isLetter) && word.count > 1 {
            return word
        }
        return word.prefix(1).uppercased() + word.dropFirst()
    }

    /// An UpperCamelCase type name, not yet checked against keywords.
    package static func typeName(_ name: String) -> String {
        let joined = words(name).map(capitalized).joined()
        return sanitizedStart(joined.isEmpty ? "Unnamed" : joined)
    }

    /// A lowerCamelCase member or parameter name, not yet escaped.
    package static func memberName(_ name: String) -> String {
        let parts = words(name)
        guard let first = parts.first else { return "unnamed" }
        return sanitizedStart(first.lowercased() + parts.dropFirst().map(capitalized).joined())
    }

    /// Identifiers can't start with a digit.
    private static func sanitizedStart(_ identifier: String) -> String {
        identifier.first?.isNumber == true ? "_" + identifier : identifier
    }

    /// `Rects` -> `Rect`, `Properties` -> `Property`, `Addresses` -> `Address`, `ConsoleIDs` ->
    /// `ConsoleID`; `nil` if the word doesn't look plural (`Status`, `Address`, `Data`).
    static func singular(_ typeName: String) -> String? {
        if typeName.hasSuffix("ies"), typeName.count > 4 { return typeName.dropLast(3) + "y" }
        for ending in ["sses", "shes", "ches", "xes"] where typeName.hasSuffix(ending) && typeName.count > ending.count + 1 {
            return String(typeName.dropLast(2))
        }
        for ending in ["ss", "us", "is"] where typeName.hasSuffix(ending) {
            return nil
        }
        if typeName.hasSuffix("s"), typeName.count > 3 {
            return String(typeName.dropLast())
        }
        return nil
    }
}

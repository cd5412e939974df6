/// The character classes and element rules of the D-Bus specification's "Valid Names" section,
/// as allocation-free checks over UTF-8 bytes (the wire decoder applies them to hostile input).
enum NameGrammar {
    static let dot = UInt8(ascii: "."), slash = UInt8(ascii: "/"), colon = UInt8(ascii: ":")
    static let hyphen = UInt8(ascii: "-"), underscore = UInt8(ascii: "_")

    @inline(__always)
    static func isLetterOrUnderscore(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == underscore
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// `[A-Za-z0-9_]`: object path elements, member names, interface and error name elements.
    @inline(__always)
    static func isElementCharacter(_ byte: UInt8) -> Bool { isLetterOrUnderscore(byte) || isDigit(byte) }

    /// `/` or `/a/b_c/D0`: no empty elements, no trailing slash. The spec sets no length limit.
    static func checkObjectPath(_ bytes: UnsafeRawBufferPointer) -> NameViolation? {
        guard let first = bytes.first else { return NameViolation(.empty, at: 0) }
        guard first == slash else { return NameViolation(.missingLeadingSlash, at: 0) }
        if bytes.count == 1 { return nil }
        var previousWasSlash = true
        for index in 1..<bytes.count {
            let byte = bytes[index]
            if byte == slash {
                if previousWasSlash { return NameViolation(.emptyElement, at: index) }
                previousWasSlash = true
            } else if isElementCharacter(byte) {
                previousWasSlash = false
            } else {
                return NameViolation(.invalidCharacter, at: index)
            }
        }
        return previousWasSlash ? NameViolation(.trailingSlash, at: bytes.count - 1) : nil
    }

    /// One element, `[A-Za-z_][A-Za-z0-9_]*`, at most 255 bytes.
    static func checkMemberName(_ bytes: UnsafeRawBufferPointer) -> NameViolation? {
        guard !bytes.isEmpty else { return NameViolation(.empty, at: 0) }
        for index in 0..<bytes.count {
            let byte = bytes[index]
            if index == 0 && isDigit(byte) { return NameViolation(.elementStartsWithDigit, at: 0) }
            if !isElementCharacter(byte) { return NameViolation(.invalidCharacter, at: index) }
        }
        if bytes.count > DBusSpec.maximumNameLength {
            return NameViolation(.tooLong, at: DBusSpec.maximumNameLength)
        }
        return nil
    }

    /// Dot-separated elements, as used by interface, error and bus names.
    ///
    /// - Parameters:
    ///   - allowHyphen: bus names also allow `-` in elements.
    ///   - allowLeadingDigit: elements of unique bus names may start with a digit.
    ///   - start: where the first element starts (1 after the `:` of a unique name).
    static func checkDottedName(_ bytes: UnsafeRawBufferPointer, allowHyphen: Bool,
                                allowLeadingDigit: Bool, start: Int = 0) -> NameViolation? {
        guard !bytes.isEmpty else { return NameViolation(.empty, at: 0) }
        var elements = 1
        var elementStart = true
        for index in start..<bytes.count {
            let byte = bytes[index]
            if byte == dot {
                if elementStart { return NameViolation(.emptyElement, at: index) }
                elements += 1
                elementStart = true
                continue
            }
            if isLetterOrUnderscore(byte) || (allowHyphen && byte == hyphen) {
                // allowed anywhere in an element
            } else if isDigit(byte) {
                if elementStart && !allowLeadingDigit { return NameViolation(.elementStartsWithDigit, at: index) }
            } else {
                return NameViolation(.invalidCharacter, at: index)
            }
            elementStart = false
        }
        if elementStart { return NameViolation(.emptyElement, at: bytes.count) }
        if elements < 2 { return NameViolation(.tooFewElements, at: 0) }
        if bytes.count > DBusSpec.maximumNameLength {
            return NameViolation(.tooLong, at: DBusSpec.maximumNameLength)
        }
        return nil
    }

    /// Interface and error names: at least two `[A-Za-z_][A-Za-z0-9_]*` elements, at most 255 bytes.
    static func checkInterfaceName(_ bytes: UnsafeRawBufferPointer) -> NameViolation? {
        checkDottedName(bytes, allowHyphen: false, allowLeadingDigit: false)
    }

    /// A unique name (`:1.42`) or a well-known name (`org.example.App`), at most 255 bytes.
    static func checkBusName(_ bytes: UnsafeRawBufferPointer) -> NameViolation? {
        if bytes.first == colon {
            if bytes.count == 1 { return NameViolation(.emptyElement, at: 1) }
            return checkDottedName(bytes, allowHyphen: true, allowLeadingDigit: true, start: 1)
        }
        return checkDottedName(bytes, allowHyphen: true, allowLeadingDigit: false)
    }
}

/// A problem found by the allocation-free name validators, located by UTF-8 byte offset.
///
/// Converted to a ``DBusNameError`` (with a character offset) only when a caller wants to throw.
struct NameViolation: Hashable, Sendable {
    enum Problem: Hashable, Sendable {
        case empty, tooLong, invalidCharacter, missingLeadingSlash, trailingSlash
        case emptyElement, elementStartsWithDigit, tooFewElements
    }

    var problem: Problem
    var byteOffset: Int

    init(_ problem: Problem, at byteOffset: Int) {
        self.problem = problem
        self.byteOffset = byteOffset
    }

    func error(kind: DBusNameError.Kind, text: String) -> DBusNameError {
        let (offset, character) = text.characterPosition(ofUTF8Offset: byteOffset)
        let reason: DBusNameError.Reason
        switch problem {
        case .empty: reason = .empty
        case .tooLong: reason = .tooLong(length: text.utf8.count)
        case .invalidCharacter: reason = .invalidCharacter(character ?? " ")
        case .missingLeadingSlash: reason = .missingLeadingSlash
        case .trailingSlash: reason = .trailingSlash
        case .emptyElement: reason = .emptyElement
        case .elementStartsWithDigit: reason = .elementStartsWithDigit
        case .tooFewElements: reason = .tooFewElements
        }
        return DBusNameError(kind: kind, text: text, reason: reason, offset: offset)
    }
}

extension String {
    /// The character offset and character at a UTF-8 offset (rounded down to a character start).
    func characterPosition(ofUTF8Offset byteOffset: Int) -> (offset: Int, character: Character?) {
        let clamped = Swift.min(Swift.max(byteOffset, 0), utf8.count)
        let utf8Index = utf8.index(utf8.startIndex, offsetBy: clamped)
        var offset = 0
        var index = startIndex
        while index < endIndex {
            let next = self.index(after: index)
            if next > utf8Index { break }
            offset += 1
            index = next
        }
        return (offset, index < endIndex ? self[index] : nil)
    }

    /// Runs `body` over the string's UTF-8 bytes without copying native strings.
    func withUTF8Bytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        if let result = utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(utf8).withUnsafeBytes(body)
    }
}

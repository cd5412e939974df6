import CLibXML2

/// An attribute of a start tag, with byte offsets into the input.
struct XMLAttribute {
    var localName: String
    var prefix: String?
    var value: String
    /// Offset of the attribute's name.
    var nameOffset: Int
    /// Offset of the first byte of the value (after the quote).
    var valueOffset: Int

    var qualifiedName: String { prefix.map { "\($0):\(localName)" } ?? localName }
}

/// A start tag (`<x ...>` or `<x .../>`), with the byte offset of its `<`.
struct XMLStartTag {
    var localName: String
    var prefix: String?
    var namespaceURI: String?
    /// Attributes written in the tag; DTD defaults are never included.
    var attributes: [XMLAttribute]
    var offset: Int

    func attribute(_ name: String) -> XMLAttribute? {
        attributes.first { $0.prefix == nil && $0.localName == name }
    }
}

/// A problem libxml2 reported.
struct XMLProblem {
    enum Level { case warning, error, fatal }
    var level: Level
    var message: String
    var line: Int
    var column: Int
    /// An undeclared prefix and the like: libxml2 continues, the document is still usable.
    var isNamespaceProblem: Bool
    /// For "Entity 'x' not defined": the entity's name (the reader never resolves entities).
    var undefinedEntity: String? = nil
}

/// Receives the parts of a document in order. Offsets are UTF-8 byte offsets into the input.
protocol XMLEventHandler: AnyObject {
    func startElement(_ tag: XMLStartTag)
    /// `offset` is where the end tag (or the self-closing start tag) begins.
    func endElement(offset: Int)
    func characters(_ text: String)
    func comment(_ text: String, offset: Int)
    func processingInstruction(target: String, data: String, offset: Int)
    /// The document declares an entity. It is not stored, so a reference to it is reported as
    /// undefined (see `XMLProblem.undefinedEntity`): entities are never expanded.
    func entityDeclared(name: String, offset: Int)
    func problem(_ problem: XMLProblem)
}

/// Streams a document through libxml2's SAX2 interface with a per-call parser context.
///
/// Security: no network (XML_PARSE_NONET), no external DTD or entity loading (no DTDLOAD/NOENT),
/// no DTD attribute defaults, and declared entities are never stored, so references to them fail
/// instead of expanding (no "billion laughs"). Errors go to this context's structured error callback, never to libxml2's
/// global handlers, so parses can run on several threads at once.
enum XMLEventReader {
    /// libxml2 must be initialised once before threads use it.
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    static func read(_ bytes: UnsafeBufferPointer<UInt8>, into handler: any XMLEventHandler) {
        precondition(initialized)
        // Only UTF-8 is read: other encodings make libxml2 convert, and its byte positions then
        // cost a conversion each (quadratic on large inputs). D-Bus introspection data is UTF-8.
        if isUTF16OrUTF32(bytes) {
            handler.problem(XMLProblem(level: .fatal, message: "the input is UTF-16 or UTF-32; introspection XML must be UTF-8",
                                       line: 1, column: 1, isNamespaceProblem: false))
            return
        }
        let session = SAXSession(bytes: bytes, handler: handler)
        guard let base = bytes.baseAddress,
              let context = base.withMemoryRebound(to: CChar.self, capacity: bytes.count, {
                  xmlCreateMemoryParserCtxt($0, Int32(bytes.count))
              })
        else {
            handler.problem(XMLProblem(level: .fatal, message: "Document is empty", line: 1, column: 1, isNamespaceProblem: false))
            return
        }
        defer { xmlFreeParserCtxt(context) }
        session.context = context
        // IGNORE_ENC: an encoding="..." declaration does not switch libxml2 away from UTF-8, so
        // non-UTF-8 bytes are reported as malformed instead of converted.
        xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_IGNORE_ENC.rawValue))
        guard let sax = context.pointee.sax else {
            handler.problem(XMLProblem(level: .fatal, message: "libxml2 could not create a parser", line: 1, column: 1, isNamespaceProblem: false))
            return
        }
        // Replace the whole handler (libxml2 frees this struct with the context): no default SAX2
        // tree building, no entity resolution, no external subset loading.
        sax.pointee = SAXSession.makeHandler()
        withExtendedLifetime(session) {
            context.pointee.userData = Unmanaged.passUnretained(session).toOpaque()
            xmlParseDocument(context)
            context.pointee.userData = nil
        }
        if let document = context.pointee.myDoc {
            xmlFreeDoc(document)
            context.pointee.myDoc = nil
        }
    }
}

extension XMLEventReader {
    /// A byte order mark or the `<` / `<?` of a UTF-16 or UTF-32 document.
    static func isUTF16OrUTF32(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 2 else { return false }
        if (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) { return true }
        guard bytes.count >= 4 else { return false }
        let head = (bytes[0], bytes[1], bytes[2], bytes[3])
        switch head {
        case (0, 0, 0, 0x3C), (0x3C, 0, 0, 0), (0, 0x3C, 0, 0x3F), (0x3C, 0, 0x3F, 0), (0, 0, 0xFE, 0xFF): return true
        default: return false
        }
    }
}

/// The state the C callbacks reach through libxml2's `userData` pointer.
private final class SAXSession {
    let bytes: UnsafeBufferPointer<UInt8>
    let handler: any XMLEventHandler
    var context: xmlParserCtxtPtr?
    /// Where the last event ended; processing instructions are searched forward from here.
    var lastOffset = 0

    init(bytes: UnsafeBufferPointer<UInt8>, handler: any XMLEventHandler) {
        self.bytes = bytes
        self.handler = handler
    }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> SAXSession? {
        pointer.map { Unmanaged<SAXSession>.fromOpaque($0).takeUnretainedValue() }
    }

    /// The parser's current position as a byte offset into the input.
    var consumed: Int {
        guard let context else { return 0 }
        return min(max(Int(xmlByteConsumed(context)), 0), bytes.count)
    }

    /// The last occurrence of `marker` that starts before `end`.
    func lastIndex(of marker: StaticString, before end: Int) -> Int? {
        let count = marker.utf8CodeUnitCount
        var index = min(end, bytes.count) - count
        while index >= 0 {
            if matches(marker, at: index) { return index }
            index -= 1
        }
        return nil
    }

    /// The first occurrence of `marker` at or after `start`.
    func firstIndex(of marker: StaticString, from start: Int) -> Int? {
        let count = marker.utf8CodeUnitCount
        var index = max(start, 0)
        while index + count <= bytes.count {
            if matches(marker, at: index) { return index }
            index += 1
        }
        return nil
    }

    private func matches(_ marker: StaticString, at index: Int) -> Bool {
        let pointer = marker.utf8Start
        for k in 0..<marker.utf8CodeUnitCount where bytes[index + k] != pointer[k] { return false }
        return true
    }

    func startElement(localName: String, prefix: String?, uri: String?, attributes: [(String, String?, String)]) {
        let end = consumed
        let tagStart = lastIndex(of: "<", before: end) ?? end
        let positions = StartTagScanner.attributePositions(in: bytes, tagStart: tagStart)
        var result: [XMLAttribute] = []
        result.reserveCapacity(attributes.count)
        for (local, attributePrefix, value) in attributes {
            let qualified = attributePrefix.map { "\($0):\(local)" } ?? local
            let position = positions.first { $0.name == qualified }
            result.append(XMLAttribute(localName: local, prefix: attributePrefix, value: value,
                                       nameOffset: position?.nameOffset ?? tagStart,
                                       valueOffset: position?.valueOffset ?? tagStart))
        }
        lastOffset = end
        handler.startElement(XMLStartTag(localName: localName, prefix: prefix, namespaceURI: uri,
                                         attributes: result, offset: tagStart))
    }

    /// Built per parse: the handler is a plain C struct of function pointers, not shared state.
    static func makeHandler() -> xmlSAXHandler {
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { user, localName, prefix, uri, _, _, attributeCount, defaultedCount, attributes in
            guard let session = SAXSession.from(user), let localName else { return }
            // Attributes come as (localname, prefix, URI, value start, value end); defaulted ones
            // (from an internal DTD subset) are last and are left out on purpose.
            var written: [(String, String?, String)] = []
            let count = Int(attributeCount - defaultedCount)
            if let attributes, count > 0 {
                written.reserveCapacity(count)
                for index in 0..<count {
                    let base = index * 5
                    guard let name = attributes[base], let start = attributes[base + 3],
                          let end = attributes[base + 4] else { continue }
                    var value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
                    // Without entity substitution libxml2 hands SAX2 every "&" of a value as "&#38;"
                    // (for the tree builder to decode later); every "&" in `value` starts one.
                    if value.utf8.contains(UInt8(ascii: "&")) { value = value.replacing("&#38;", with: "&") }
                    written.append((String(cString: name), attributes[base + 1].map { String(cString: $0) }, value))
                }
            }
            session.startElement(localName: String(cString: localName), prefix: prefix.map { String(cString: $0) },
                                 uri: uri.map { String(cString: $0) }, attributes: written)
        }
        sax.endElementNs = { user, _, _, _ in
            guard let session = SAXSession.from(user) else { return }
            let end = session.consumed
            session.lastOffset = end
            session.handler.endElement(offset: session.lastIndex(of: "<", before: end) ?? end)
        }
        sax.characters = { user, characters, length in
            guard let session = SAXSession.from(user), let characters, length > 0 else { return }
            session.lastOffset = session.consumed
            session.handler.characters(String(decoding: UnsafeBufferPointer(start: characters, count: Int(length)), as: UTF8.self))
        }
        sax.cdataBlock = sax.characters
        sax.comment = { user, value in
            guard let session = SAXSession.from(user) else { return }
            let end = session.consumed
            // Comments cannot contain "--", so the last "<!--" before the end is this one's start.
            let start = session.lastIndex(of: "<!--", before: end) ?? end
            session.lastOffset = end
            session.handler.comment(value.map { String(cString: $0) } ?? "", offset: start)
        }
        sax.processingInstruction = { user, target, data in
            guard let session = SAXSession.from(user) else { return }
            // The data of a PI may itself contain "<?", so search forward from the last event.
            let start = session.firstIndex(of: "<?", from: session.lastOffset) ?? session.consumed
            session.lastOffset = session.consumed
            session.handler.processingInstruction(target: target.map { String(cString: $0) } ?? "",
                                                  data: data.map { String(cString: $0) } ?? "", offset: start)
        }
        sax.entityDecl = { user, name, _, _, _, _ in
            guard let session = SAXSession.from(user) else { return }
            let end = session.consumed
            let start = session.lastIndex(of: "<!ENTITY", before: end) ?? end
            session.handler.entityDeclared(name: name.map { String(cString: $0) } ?? "", offset: start)
        }
        sax.serror = { user, error in
            guard let session = SAXSession.from(user), let error else { return }
            let level: XMLProblem.Level
            switch error.pointee.level {
            case XML_ERR_WARNING: level = .warning
            case XML_ERR_ERROR: level = .error
            default: level = .fatal
            }
            var message = error.pointee.message.map { String(cString: $0) } ?? "malformed XML"
            while message.last?.isWhitespace == true { message.removeLast() }
            let code = error.pointee.code
            let undefinedEntity = code == Int32(XML_ERR_UNDECLARED_ENTITY.rawValue) || code == Int32(XML_WAR_UNDECLARED_ENTITY.rawValue)
                ? error.pointee.str1.map { String(cString: $0) } : nil
            session.handler.problem(XMLProblem(level: level, message: message, line: Int(error.pointee.line),
                                               column: Int(error.pointee.int2),
                                               isNamespaceProblem: error.pointee.domain == Int32(XML_FROM_NAMESPACE.rawValue),
                                               undefinedEntity: undefinedEntity))
        }
        return sax
    }
}

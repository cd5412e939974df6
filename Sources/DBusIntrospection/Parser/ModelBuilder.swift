import DBus

/// Builds the model from the reader's events: checks where each element may appear, applies the
/// conditional blocks, and attaches documentation. Problems become diagnostics; nothing throws.
final class ModelBuilder: XMLEventHandler {
    /// One open element.
    private enum Frame {
        case node(Node)
        case interface(Interface)
        case method(Method)
        case signal(Signal)
        case property(Property)
        case argument(Argument)
        case annotation
        /// `doc:doc` or `tp:docstring`: collects text until it ends.
        case documentation(text: String, location: SourceLocation)
        /// An element inside a documentation element (`doc:para`, ...).
        case documentationPart
        /// Skipped with everything inside: a false branch, unknown or misplaced, or a foreign namespace.
        case skipped
    }

    static let docNamespace = "http://www.freedesktop.org/dbus/1.0/doc.dtd"
    static let telepathyNamespace = "http://telepathy.freedesktop.org/wiki/DbusSpec#extensions-v0"
    static let docStringAnnotation = "org.gtk.GDBus.DocString"
    /// Marks a `doc:para` boundary in collected documentation text.
    private static let paragraphBreak: Character = "\u{2029}"

    private let lines: LineTable
    private var stack: [Frame] = []
    private(set) var root: Node?
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var comments: [Comment] = []
    /// Comments since the last element start or end: candidates to document the next element.
    private var pendingComments: [Int] = []
    private var conditions: ConditionalBlocks
    /// Declared entities (PackageKit declares some it never uses): fine until referenced.
    private var declaredEntities: [String: SourceLocation] = [:]
    /// A fatal XML error or an entity reference: the model is not trustworthy.
    private(set) var failed = false

    init(lines: LineTable, variables: [String: String]) {
        self.lines = lines
        self.conditions = ConditionalBlocks(variables: variables)
    }

    private func location(_ offset: Int) -> SourceLocation { lines.location(of: offset) }

    private func located(_ attribute: XMLAttribute) -> LocatedString {
        LocatedString(attribute.value, at: location(attribute.valueOffset))
    }

    private func error(_ message: String, at location: SourceLocation, id: String) {
        diagnostics.append(Diagnostic(.error, message, at: location, id: id))
    }

    // MARK: - Events

    func startElement(_ tag: XMLStartTag) {
        defer { pendingComments.removeAll() }
        switch stack.last {
        case .skipped:
            stack.append(.skipped)
            return
        case .documentation, .documentationPart:
            if tag.localName == "para" { appendDocumentationText(String(Self.paragraphBreak)) }
            stack.append(.documentationPart)
            return
        default:
            break
        }
        guard conditions.isActive else {
            // A comment before `<?if?>` documents an element that exists only in other variants:
            // it is not an orphan in this one.
            if let name = tag.attribute("name")?.value {
                var symbols = [name]
                if case .interface(let parent)? = stack.last { symbols = memberSymbols(name, in: parent) }
                if let index = pendingComments.last(where: { comments[$0].symbol.map(symbols.contains) ?? false }) {
                    comments[index].documents = location(tag.offset)
                }
            }
            stack.append(.skipped)
            return
        }
        let here = location(tag.offset)
        if tag.prefix != nil || tag.namespaceURI != nil {
            let isDoc = tag.localName == "doc" && (tag.namespaceURI == Self.docNamespace || tag.prefix == "doc")
            let isDocString = tag.localName == "docstring" && (tag.namespaceURI == Self.telepathyNamespace || tag.prefix == "tp")
            stack.append(isDoc || isDocString ? .documentation(text: "", location: here) : .skipped)
            return
        }
        switch (tag.localName, stack.last) {
        case ("node", nil), ("node", .node?):
            stack.append(.node(Node(name: tag.attribute("name").map(located), location: here)))
        case ("interface", .node?):
            guard let name = requiredName(tag, at: here) else { return }
            validate(name, as: "interface name", InterfaceName.isValid)
            var interface = Interface(name: name, location: here)
            interface.documentation = documentation(for: [name.value], at: here)
            stack.append(.interface(interface))
        case ("method", .interface(let parent)?), ("signal", .interface(let parent)?):
            guard let name = requiredName(tag, at: here) else { return }
            validate(name, as: "member name", MemberName.isValid)
            let documentation = documentation(for: memberSymbols(name.value, in: parent), at: here)
            if tag.localName == "method" {
                stack.append(.method(Method(name: name, documentation: documentation, location: here)))
            } else {
                stack.append(.signal(Signal(name: name, documentation: documentation, location: here)))
            }
        case ("property", .interface(let parent)?):
            startProperty(tag, in: parent, at: here)
        case ("arg", .method?), ("arg", .signal?):
            startArgument(tag, at: here)
        case ("annotation", .interface?), ("annotation", .method?), ("annotation", .signal?),
             ("annotation", .property?), ("annotation", .argument?):
            startAnnotation(tag, at: here)
        case ("node", _), ("interface", _), ("method", _), ("signal", _), ("property", _), ("arg", _), ("annotation", _):
            let parent = stack.isEmpty ? "the top of the document (the root element must be <node>)" : "<\(elementName(of: stack.last))>"
            error("<\(tag.localName)> cannot appear in \(parent); it was skipped", at: here, id: "element-misplaced")
            stack.append(.skipped)
        default:
            if stack.isEmpty {
                error("the root element must be <node>, found <\(tag.localName)>", at: here, id: "element-misplaced")
            } else {
                diagnostics.append(Diagnostic(.warning, "unknown element <\(tag.localName)> was skipped", at: here, id: "element-unknown"))
            }
            stack.append(.skipped)
        }
    }

    func endElement(offset: Int) {
        pendingComments.removeAll()
        guard let frame = stack.popLast() else { return }
        conditions.elementEnded(depth: stack.count + 1, at: location(offset))
        switch frame {
        case .node(let node):
            if stack.isEmpty {
                root = node
            } else {
                modifyTop { if case .node(var parent) = $0 { $0 = .skipped; parent.children.append(node); $0 = .node(parent) } }
            }
        case .interface(let interface):
            modifyTop { if case .node(var parent) = $0 { $0 = .skipped; parent.interfaces.append(interface); $0 = .node(parent) } }
        case .method(var method):
            method.arguments = documentArguments(method.arguments, from: method.documentation)
            modifyTop { if case .interface(var parent) = $0 { $0 = .skipped; parent.methods.append(method); $0 = .interface(parent) } }
        case .signal(var signal):
            signal.arguments = documentArguments(signal.arguments, from: signal.documentation)
            modifyTop { if case .interface(var parent) = $0 { $0 = .skipped; parent.signals.append(signal); $0 = .interface(parent) } }
        case .property(let property):
            modifyTop { if case .interface(var parent) = $0 { $0 = .skipped; parent.properties.append(property); $0 = .interface(parent) } }
        case .argument(let argument):
            modifyTop {
                switch $0 {
                case .method(var parent): $0 = .skipped; parent.arguments.append(argument); $0 = .method(parent)
                case .signal(var parent): $0 = .skipped; parent.arguments.append(argument); $0 = .signal(parent)
                default: break
                }
            }
        case .documentation(let text, let location):
            let documentation = Documentation(text: Self.normalizeDocumentationText(text), location: location)
            modifyTop { Self.setDocumentation(documentation, on: &$0, replacing: false) }
        case .documentationPart, .annotation, .skipped:
            break
        }
    }

    func characters(_ text: String) {
        appendDocumentationText(text)
    }

    func comment(_ text: String, offset: Int) {
        guard conditions.isActive, !stack.contains(where: { if case .skipped = $0 { true } else { false } }) else { return }
        comments.append(Comment(text: text, location: location(offset), symbol: DocComment.symbol(of: text)))
        pendingComments.append(comments.count - 1)
    }

    func processingInstruction(target: String, data: String, offset: Int) {
        conditions.processingInstruction(target: target, data: data, at: location(offset), depth: stack.count)
    }

    func entityDeclared(name: String, offset: Int) {
        declaredEntities[name] = declaredEntities[name] ?? location(offset)
    }

    func problem(_ problem: XMLProblem) {
        let here = SourceLocation(file: lines.file, line: max(problem.line, 1), column: max(problem.column, 1))
        switch problem.level {
        case .warning:
            diagnostics.append(Diagnostic(.warning, problem.message, at: here, id: "xml-warning"))
        case .error where problem.isNamespaceProblem:
            // Undeclared prefixes (`doc:` without xmlns:doc) are common and harmless here.
            diagnostics.append(Diagnostic(.warning, problem.message, at: here, id: "xml-namespace"))
        case .error, .fatal:
            if let name = problem.undefinedEntity, let declaration = declaredEntities[name] {
                // libxml2 reports the position after "&name;"; point at the "&".
                var here = here
                here.column = max(1, here.column - name.count - 2)
                diagnostics.append(Diagnostic(.error, "entity '\(name)' is referenced, but entities declared in the document "
                    + "are never expanded (this guards against entity expansion attacks such as \"billion laughs\")",
                    at: here, id: "entity-expansion", related: [.init(message: "'\(name)' is declared here", location: declaration)]))
                failed = true
                return
            }
            if !failed { error(problem.message, at: here, id: "xml-malformed") }
            failed = true
        }
    }

    /// Call once the reader is done.
    func finish(endOffset: Int) {
        conditions.documentEnded(at: location(endOffset))
        diagnostics += conditions.diagnostics
        if failed { root = nil }
        if root == nil && !diagnostics.contains(where: { $0.severity == .error }) {
            error("the document has no <node> element", at: location(0), id: "element-missing")
        }
        diagnostics.sort { $0.location < $1.location }
    }

    // MARK: - Elements

    private func requiredName(_ tag: XMLStartTag, at location: SourceLocation) -> LocatedString? {
        guard let name = tag.attribute("name") else {
            error("<\(tag.localName)> needs a 'name' attribute; it was skipped", at: location, id: "attribute-missing")
            stack.append(.skipped)
            return nil
        }
        return located(name)
    }

    private func startProperty(_ tag: XMLStartTag, in parent: Interface, at here: SourceLocation) {
        let missing = ["name", "type", "access"].filter { tag.attribute($0) == nil }
        guard missing.isEmpty, let name = tag.attribute("name").map(located), let type = tag.attribute("type").map(located),
              let access = tag.attribute("access").map(located)
        else {
            let list = missing.map { "'\($0)'" }.joined(separator: ", ")
            error("<property> needs \(list); it was skipped", at: here, id: "attribute-missing")
            stack.append(.skipped)
            return
        }
        validate(name, as: "member name", MemberName.isValid)
        validateType(type)
        let parsedAccess = PropertyAccess(rawValue: access.value)
        if parsedAccess == nil {
            error("access must be read, write or readwrite, found '\(access.value)'", at: access.location, id: "attribute-invalid")
        }
        let documentation = documentation(for: memberSymbols(name.value, in: parent), at: here)
        stack.append(.property(Property(name: name, type: type, declaredAccess: access, access: parsedAccess,
                                        documentation: documentation, location: here)))
    }

    private func startArgument(_ tag: XMLStartTag, at here: SourceLocation) {
        guard let type = tag.attribute("type").map(located) else {
            error("<arg> needs a 'type' attribute; it was skipped", at: here, id: "attribute-missing")
            stack.append(.skipped)
            return
        }
        validateType(type)
        let name = tag.attribute("name").map(located)
        if let name { validate(name, as: "argument name", MemberName.isValid) }
        let declared = tag.attribute("direction").map(located)
        var direction: ArgumentDirection
        if case .signal = stack.last { direction = .out } else { direction = .in }
        if let declared {
            if let value = ArgumentDirection(rawValue: declared.value) {
                if case .method = stack.last { direction = value }
            } else {
                error("direction must be in or out, found '\(declared.value)'", at: declared.location, id: "attribute-invalid")
            }
        }
        stack.append(.argument(Argument(name: name, type: type, declaredDirection: declared, direction: direction, location: here)))
    }

    private func startAnnotation(_ tag: XMLStartTag, at here: SourceLocation) {
        stack.append(.annotation)
        guard let name = tag.attribute("name").map(located), let value = tag.attribute("value").map(located) else {
            let missing = ["name", "value"].filter { tag.attribute($0) == nil }.map { "'\($0)'" }.joined(separator: " and ")
            error("<annotation> needs \(missing); it was skipped", at: here, id: "attribute-missing")
            return
        }
        let annotation = Annotation(name: name, value: value, location: here)
        let index = stack.count - 2
        var parent = stack[index]
        stack[index] = .skipped
        switch parent {
        case .interface(var element): element.annotations.append(annotation); parent = .interface(element)
        case .method(var element): element.annotations.append(annotation); parent = .method(element)
        case .signal(var element): element.annotations.append(annotation); parent = .signal(element)
        case .property(var element): element.annotations.append(annotation); parent = .property(element)
        case .argument(var element): element.annotations.append(annotation); parent = .argument(element)
        default: break
        }
        if name.value == Self.docStringAnnotation {
            Self.setDocumentation(Documentation(text: value.value, location: here), on: &parent, replacing: false)
        }
        stack[index] = parent
    }

    // MARK: - Validation

    private func validate(_ name: LocatedString, as kind: String, _ isValid: (String) -> Bool) {
        guard !isValid(name.value) else { return }
        error("'\(name.value)' is not a valid \(kind)", at: name.location, id: "name-invalid")
    }

    /// Argument and property types are one complete type each.
    private func validateType(_ type: LocatedString) {
        do {
            _ = try DBusType(type.value)
        } catch {
            var at = type.location
            if case .notSingleCompleteType = error.reason {} else { at.column += error.offset }
            self.error(error.description, at: at, id: "signature-invalid")
        }
    }

    // MARK: - Documentation

    /// Symbols a member's gtk-doc comment may use: `Name`, `Iface.Name`, `Iface:Name`, `Iface::Name`.
    private func memberSymbols(_ name: String, in interface: Interface) -> [String] {
        let owner = interface.name.value
        return [name, "\(owner).\(name)", "\(owner):\(name)", "\(owner)::\(name)"]
    }

    /// Documentation from the last pending gtk-doc comment whose symbol is one of `symbols`.
    private func documentation(for symbols: [String], at element: SourceLocation) -> Documentation? {
        for index in pendingComments.reversed() {
            guard let symbol = comments[index].symbol, symbols.contains(symbol) else { continue }
            comments[index].documents = element
            return DocComment.parse(comments[index].text, location: comments[index].location)
        }
        return nil
    }

    private func documentArguments(_ arguments: [Argument], from documentation: Documentation?) -> [Argument] {
        guard let documentation, !documentation.parameters.isEmpty else { return arguments }
        return arguments.map { argument in
            var argument = argument
            if argument.documentation == nil, let name = argument.name?.value, let text = documentation.parameters[name] {
                argument.documentation = Documentation(text: text, location: documentation.location)
            }
            return argument
        }
    }

    private static func setDocumentation(_ documentation: Documentation, on frame: inout Frame, replacing: Bool) {
        func merge(_ existing: Documentation?) -> Documentation? {
            replacing || existing == nil ? documentation : existing
        }
        switch frame {
        case .node(var element): frame = .skipped; element.documentation = merge(element.documentation); frame = .node(element)
        case .interface(var element): frame = .skipped; element.documentation = merge(element.documentation); frame = .interface(element)
        case .method(var element): frame = .skipped; element.documentation = merge(element.documentation); frame = .method(element)
        case .signal(var element): frame = .skipped; element.documentation = merge(element.documentation); frame = .signal(element)
        case .property(var element): frame = .skipped; element.documentation = merge(element.documentation); frame = .property(element)
        case .argument(var element): frame = .skipped; element.documentation = merge(element.documentation); frame = .argument(element)
        default: break
        }
    }

    private func appendDocumentationText(_ text: String) {
        guard let index = stack.lastIndex(where: { if case .documentation = $0 { true } else { false } }),
              case .documentation(var collected, let location) = stack[index] else { return }
        stack[index] = .skipped
        collected += text
        stack[index] = .documentation(text: collected, location: location)
    }

    /// Collapses whitespace inside paragraphs; paragraphs are separated by one blank line.
    static func normalizeDocumentationText(_ text: String) -> String {
        text.split(separator: paragraphBreak)
            .map { $0.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ") }
            .filter { !$0.isEmpty }
            .joined(separator: "\n\n")
    }

    private func modifyTop(_ body: (inout Frame) -> Void) {
        guard !stack.isEmpty else { return }
        body(&stack[stack.count - 1])
    }

    private func elementName(of frame: Frame?) -> String {
        switch frame {
        case .node?: "node"
        case .interface?: "interface"
        case .method?: "method"
        case .signal?: "signal"
        case .property?: "property"
        case .argument?: "arg"
        case .annotation?: "annotation"
        default: "?"
        }
    }
}

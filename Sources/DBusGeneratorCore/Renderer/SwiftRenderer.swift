/// Turns a `SwiftFile` into text: four-space indentation, one blank line between declarations,
/// `\n` line endings and a trailing newline, so output is byte-identical on every machine.
struct SwiftRenderer {
    private var lines: [String] = []
    private var depth = 0

    static func render(_ file: SwiftFile) -> String {
        var renderer = SwiftRenderer()
        renderer.renderFile(file)
        return renderer.lines.joined(separator: "\n") + "\n"
    }

    /// Appends text at the current indentation; every line of a multi-line text (a string
    /// literal) gets the same indentation, which Swift strips again.
    private mutating func emit(_ text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append(line.isEmpty ? "" : String(repeating: "    ", count: depth) + line)
        }
    }

    private mutating func renderFile(_ file: SwiftFile) {
        for comment in file.headerComments { emit("// " + comment) }
        if !file.imports.isEmpty {
            emit("")
            for importDeclaration in file.imports {
                emit([importDeclaration.access?.rawValue, "import", importDeclaration.module].compactMap { $0 }.joined(separator: " "))
            }
        }
        for declaration in file.declarations {
            emit("")
            render(declaration)
        }
    }

    private mutating func renderMembers(_ members: [Declaration]) {
        depth += 1
        for (index, member) in members.enumerated() {
            if index > 0 { emit("") }
            render(member)
        }
        depth -= 1
    }

    /// Every generated async function and getter runs on its caller's executor: a proxy call
    /// from the main actor encodes and decodes there, and a skeleton answers on the connection's
    /// dispatcher, without a hop to the global executor and back around each call.
    private static let asyncIsolation = "nonisolated(nonsending) "

    private mutating func renderPrefix(_ prefix: DeclarationPrefix) -> String {
        for line in prefix.documentation { emit(line.isEmpty ? "///" : "/// " + line) }
        for attribute in prefix.attributes { emit(attribute) }
        return ([prefix.access?.keyword].compactMap { $0 } + prefix.modifiers).map { $0 + " " }.joined()
    }

    private mutating func renderType(_ keyword: String, _ type: TypeDeclaration) {
        let lead = renderPrefix(type.prefix)
        var header = lead + keyword + " " + type.name
        if !type.conformances.isEmpty { header += ": " + type.conformances.joined(separator: ", ") }
        if let whereClause = type.whereClause { header += " where " + whereClause }
        if type.members.isEmpty {
            emit(header + " {}")
            return
        }
        emit(header + " {")
        renderMembers(type.members)
        emit("}")
    }

    private mutating func render(_ declaration: Declaration) {
        switch declaration {
        case .namespace(let type): renderType("enum", type)
        case .structure(let type): renderType("struct", type)
        case .finalClass(let type): renderType("final class", type)
        case .protocolType(let type): renderType("protocol", type)
        case .extensionOf(let type): renderType("extension", type)
        case .function(let function): renderFunction(function, keyword: "func ")
        case .initializer(let function): renderFunction(function, keyword: "")
        case .variable(let variable): renderVariable(variable)
        case .typeAlias(let prefix, let name, let type):
            let lead = renderPrefix(prefix)
            emit(lead + "typealias " + name + " = " + type)
        case .comment(let text):
            emit("// " + text)
        }
    }

    private mutating func renderFunction(_ function: FunctionDeclaration, keyword: String) {
        let lead = renderPrefix(function.prefix)
        let parameters = function.parameters.map { parameter in
            var text = parameter.label.map { $0 + " " } ?? ""
            text += parameter.name + ": " + parameter.type
            if let value = parameter.defaultValue { text += " = " + value }
            return text
        }
        var signature = lead + (function.isAsync ? Self.asyncIsolation : "") + keyword + function.name + (function.genericParameters.map { "<\($0)>" } ?? "")
        let effects = (function.isAsync ? " async" : "") + (function.throwsType.map { $0.isEmpty ? " throws" : " throws(\($0))" } ?? "")
        let tail = effects + (function.returnType.map { " -> " + $0 } ?? "") + (function.whereClause.map { " where " + $0 } ?? "")
        let oneLine = signature + "(" + parameters.joined(separator: ", ") + ")" + tail
        // Long parameter lists go one per line, as swift-format would lay them out.
        if oneLine.count + depth * 4 > 120, parameters.count > 1 {
            emit(signature + "(")
            depth += 1
            for (index, parameter) in parameters.enumerated() {
                emit(parameter + (index == parameters.count - 1 ? "" : ","))
            }
            depth -= 1
            signature = ")" + tail
        } else {
            signature = oneLine
        }
        guard let body = function.body else {
            emit(signature)
            return
        }
        emit(signature + " {")
        renderStatements(body)
        emit("}")
    }

    private mutating func renderVariable(_ variable: VariableDeclaration) {
        let lead = renderPrefix(variable.prefix)
        let typeText = variable.type.map { ": " + $0 } ?? ""
        switch variable.kind {
        case .constant(let initializer):
            emit(lead + "let " + variable.name + typeText + (initializer.map { " = " + $0 } ?? ""))
        case .stored(let initializer):
            emit(lead + "var " + variable.name + typeText + (initializer.map { " = " + $0 } ?? ""))
        case .computed(let body):
            emit(lead + "var " + variable.name + typeText + " {")
            renderStatements(body)
            emit("}")
        case .getter(let effects, let body):
            let getter = effects.isEmpty ? "get" : "get " + effects
            let lead = effects.contains("async") ? lead + Self.asyncIsolation : lead
            guard let body else {
                emit(lead + "var " + variable.name + typeText + " { " + getter + " }")
                return
            }
            emit(lead + "var " + variable.name + typeText + " {")
            depth += 1
            emit(getter + " {")
            renderStatements(body)
            emit("}")
            depth -= 1
            emit("}")
        }
    }

    private mutating func renderStatements(_ statements: [Statement]) {
        depth += 1
        for statement in statements {
            switch statement {
            case .line(let text): emit(text)
            case .blank: emit("")
            case .block(let header, let body):
                emit(header + " {")
                renderStatements(body)
                emit("}")
            case .switchOver(let subject, let cases):
                emit("switch \(subject) {")
                for switchCase in cases {
                    emit(switchCase.label + ":")
                    renderStatements(switchCase.body)
                }
                emit("}")
            case .scope(let open, let body, let close):
                emit(open)
                renderStatements(body)
                emit(close)
            }
        }
        depth -= 1
    }
}

/// Tracks QEMU's conditional processing instructions (`<?if?>`, `<?elseif?>`, `<?else?>`,
/// `<?endif?>`, `<?ifdef?>`, `<?ifndef?>`) while the document streams past, and says whether the
/// current position is in a branch that is taken for the chosen variables.
///
/// Blocks must close inside the element they were opened in; anything else is reported with the
/// locations of both ends. Other processing instructions are reported and never executed.
struct ConditionalBlocks {
    private struct Block {
        var opened: SourceLocation
        var keyword: String
        /// Element nesting depth where the block was opened.
        var depth: Int
        var parentActive: Bool
        var branchTaken: Bool
        var active: Bool
        var elseSeen: SourceLocation?
    }

    private var blocks: [Block] = []
    private(set) var diagnostics: [Diagnostic] = []
    let variables: [String: String]

    init(variables: [String: String]) {
        self.variables = variables
    }

    /// True when everything enclosing the current position is in a taken branch.
    var isActive: Bool {
        guard let last = blocks.last else { return true }
        return last.parentActive && last.active
    }

    /// Processing-instruction targets of QEMU's preprocessor that change content; never executed.
    static let unsupportedTargets: Set<String> = [
        "include", "cmd", "foreach", "endforeach", "define", "undef", "error", "warning",
    ]

    mutating func processingInstruction(target: String, data: String, at location: SourceLocation, depth: Int) {
        switch target {
        case "if", "ifdef", "ifndef":
            let parentActive = isActive
            let value = parentActive ? evaluate(keyword: target, data, at: location) : false
            blocks.append(Block(opened: location, keyword: target, depth: depth, parentActive: parentActive,
                                branchTaken: value, active: value, elseSeen: nil))
        case "elseif", "else":
            guard var block = currentBlock(for: target, at: location, depth: depth) else { return }
            if let elseSeen = block.elseSeen {
                report("'<?\(target)?>' after '<?else?>'", at: location,
                       related: [.init(message: "'<?else?>' is here", location: elseSeen)])
                return
            }
            if target == "else" {
                block.elseSeen = location
                block.active = !block.branchTaken
            } else {
                let value = block.parentActive && !block.branchTaken ? evaluate(keyword: "elseif", data, at: location) : false
                block.active = value
            }
            block.branchTaken = block.branchTaken || block.active
            blocks[blocks.count - 1] = block
        case "endif":
            guard currentBlock(for: target, at: location, depth: depth) != nil else { return }
            blocks.removeLast()
        default:
            if Self.unsupportedTargets.contains(target) {
                diagnostics.append(Diagnostic(.error, "'<?\(target)?>' is not supported and was not executed; "
                    + "only <?if?>, <?elseif?>, <?else?>, <?endif?>, <?ifdef?> and <?ifndef?> are evaluated",
                    at: location, id: "pi-unsupported"))
            } else {
                diagnostics.append(Diagnostic(.warning, "processing instruction '<?\(target)?>' was ignored",
                                              at: location, id: "pi-unsupported"))
            }
        }
    }

    /// The block an `else`/`elseif`/`endif` belongs to, or `nil` (reported) when there is none here.
    private mutating func currentBlock(for keyword: String, at location: SourceLocation, depth: Int) -> Block? {
        guard let block = blocks.last else {
            report("'<?\(keyword)?>' without a matching '<?if?>'", at: location)
            return nil
        }
        guard block.depth == depth else {
            report("'<?\(keyword)?>' is inside a different element than its '<?\(block.keyword)?>'", at: location,
                   related: [.init(message: "'<?\(block.keyword)?>' is here", location: block.opened)])
            return nil
        }
        return block
    }

    /// Call when the element at `depth` ends: blocks opened inside it are unterminated.
    mutating func elementEnded(depth: Int, at location: SourceLocation) {
        while let block = blocks.last, block.depth >= depth {
            report("'<?\(block.keyword)?>' has no '<?endif?>' before the end of its element", at: block.opened,
                   related: [.init(message: "the element ends here", location: location)])
            blocks.removeLast()
        }
    }

    /// Call at the end of the document.
    mutating func documentEnded(at location: SourceLocation) {
        elementEnded(depth: 0, at: location)
    }

    private mutating func report(_ message: String, at location: SourceLocation, related: [Diagnostic.RelatedNote] = []) {
        diagnostics.append(Diagnostic(.error, message, at: location, id: "pi-unbalanced", related: related))
    }

    private mutating func evaluate(keyword: String, _ data: String, at location: SourceLocation) -> Bool {
        let text = String(data.trimmingSpaces)
        if keyword == "ifdef" || keyword == "ifndef" {
            guard Condition.isVariableName(Substring(text)) else {
                diagnostics.append(Diagnostic(.error, "'<?\(keyword) \(text)?>' needs one variable name", at: location, id: "pi-invalid"))
                return false
            }
            return (variables[text] != nil) == (keyword == "ifdef")
        }
        guard let condition = Condition(text) else {
            diagnostics.append(Diagnostic(.error, "cannot evaluate '<?\(keyword) \(text)?>': expected "
                + "'$(env.NAME) == value' or '$(env.NAME) != value'", at: location, id: "pi-invalid"))
            return false
        }
        let (value, undefined) = condition.evaluate(variables)
        for name in undefined {
            diagnostics.append(Diagnostic(.warning, "variable '\(name)' is not set; it compares as the empty string",
                                          at: location, id: "pi-variable-undefined"))
        }
        return value
    }
}

/// Collects, from a document's `<?if?>`/`<?elseif?>`/`<?ifdef?>`/`<?ifndef?>` instructions, the
/// values each variable is compared against (`nil` meaning "unset", for ifdef/ifndef).
final class ConditionScanner: XMLEventHandler {
    private(set) var values: [String: Set<String?>] = [:]

    func processingInstruction(target: String, data: String, offset: Int) {
        switch target {
        case "if", "elseif":
            guard let condition = Condition(data) else { return }
            for name in condition.variableNames {
                if let literal = condition.literal(comparedWith: name) {
                    values[name, default: []].insert(literal)
                }
            }
        case "ifdef", "ifndef":
            let name = String(data.trimmingSpaces)
            guard Condition.isVariableName(Substring(name)) else { return }
            values[name, default: []].formUnion([nil, "1"])
        default:
            break
        }
    }

    func startElement(_ tag: XMLStartTag) {}
    func endElement(offset: Int) {}
    func characters(_ text: String) {}
    func comment(_ text: String, offset: Int) {}
    func entityDeclared(name: String, offset: Int) {}
    func problem(_ problem: XMLProblem) {}
}

/// A JSON value with keys in the order given, so reports are byte-for-byte reproducible.
public indirect enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.rendered(pretty: false) == rhs.rendered(pretty: false) }
    public func hash(into hasher: inout Hasher) { hasher.combine(rendered(pretty: false)) }

    public func rendered(pretty: Bool = true) -> String {
        var output = ""
        render(into: &output, indent: pretty ? 0 : nil)
        return output
    }

    private func render(into output: inout String, indent: Int?) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .string(let value): Self.escape(value, into: &output)
        case .array(let values):
            renderContainer(open: "[", close: "]", count: values.count, into: &output, indent: indent) { index, output, inner in
                values[index].render(into: &output, indent: inner)
            }
        case .object(let members):
            renderContainer(open: "{", close: "}", count: members.count, into: &output, indent: indent) { index, output, inner in
                Self.escape(members[index].0, into: &output)
                output += inner == nil ? ":" : ": "
                members[index].1.render(into: &output, indent: inner)
            }
        }
    }

    private func renderContainer(open: String, close: String, count: Int, into output: inout String, indent: Int?,
                                 element: (Int, inout String, Int?) -> Void) {
        output += open
        guard count > 0 else { output += close; return }
        let inner = indent.map { $0 + 2 }
        for index in 0..<count {
            if index > 0 { output += "," }
            if let inner { output += "\n" + String(repeating: " ", count: inner) }
            element(index, &output, inner)
        }
        if let indent { output += "\n" + String(repeating: " ", count: indent) }
        output += close
    }

    private static func escape(_ string: String, into output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}

public import DBusIntrospection

/// Writes one interface back out as introspection XML for the skeleton's Introspectable reply:
/// members in document order, annotations kept, documentation dropped, attribute values escaped.
public enum IntrospectionXMLWriter {
    /// A whole `<node>` tree as an introspection document (what `dbus-swift introspect
    /// --recursive` prints).
    public static func document(_ node: Node) -> String {
        var lines = [#"<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN""#,
                     #" "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">"#]
        append(node, indent: "", into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func append(_ node: Node, indent: String, into lines: inout [String]) {
        let open = indent + "<node" + (node.name.map { " name=\"\(escape($0.value))\"" } ?? "")
        if node.interfaces.isEmpty && node.children.isEmpty {
            lines.append(open + "/>")
            return
        }
        lines.append(open + ">")
        for interface in node.interfaces {
            lines += xml(for: interface).split(separator: "\n").map { indent + "  " + $0 }
        }
        for child in node.children {
            append(child, indent: indent + "  ", into: &lines)
        }
        lines.append(indent + "</node>")
    }

    static func xml(for interface: Interface) -> String {
        var lines: [String] = []
        lines.append("<interface name=\"\(escape(interface.name.value))\">")
        for method in interface.methods {
            element("method", name: method.name.value, children: method.arguments.map { argument in
                argumentLine(argument, direction: argument.direction.rawValue)
            }, annotations: method.annotations, into: &lines)
        }
        for signal in interface.signals {
            element("signal", name: signal.name.value, children: signal.arguments.map { argument in
                argumentLine(argument, direction: nil)
            }, annotations: signal.annotations, into: &lines)
        }
        for property in interface.properties {
            let open = "  <property name=\"\(escape(property.name.value))\" type=\"\(escape(property.type.value))\" access=\"\(escape(property.declaredAccess.value))\""
            if property.annotations.isEmpty {
                lines.append(open + "/>")
            } else {
                lines.append(open + ">")
                lines += property.annotations.map { "    " + annotationLine($0) }
                lines.append("  </property>")
            }
        }
        lines += interface.annotations.map { "  " + annotationLine($0) }
        lines.append("</interface>")
        return lines.joined(separator: "\n")
    }

    private static func element(_ kind: String, name: String, children: [(String, [Annotation])], annotations: [Annotation], into lines: inout [String]) {
        if children.isEmpty && annotations.isEmpty {
            lines.append("  <\(kind) name=\"\(escape(name))\"/>")
            return
        }
        lines.append("  <\(kind) name=\"\(escape(name))\">")
        for (open, argumentAnnotations) in children {
            if argumentAnnotations.isEmpty {
                lines.append("    " + open + "/>")
            } else {
                lines.append("    " + open + ">")
                lines += argumentAnnotations.map { "      " + annotationLine($0) }
                lines.append("    </arg>")
            }
        }
        lines += annotations.map { "    " + annotationLine($0) }
        lines.append("  </\(kind)>")
    }

    private static func argumentLine(_ argument: Argument, direction: String?) -> (String, [Annotation]) {
        var text = "<arg"
        if let name = argument.name { text += " name=\"\(escape(name.value))\"" }
        text += " type=\"\(escape(argument.type.value))\""
        if let direction { text += " direction=\"\(direction)\"" }
        return (text, argument.annotations)
    }

    private static func annotationLine(_ annotation: Annotation) -> String {
        "<annotation name=\"\(escape(annotation.name.value))\" value=\"\(escape(annotation.value.value))\"/>"
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }
}

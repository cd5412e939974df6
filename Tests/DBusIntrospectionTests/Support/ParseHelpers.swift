import Foundation
import DBusIntrospection

/// Parses XML written in a test.
func parse(_ xml: String, file: String = "test.xml", variables: [String: String] = IntrospectionParser.defaultVariables) -> IntrospectionDocument {
    IntrospectionParser.parse(data: Array(xml.utf8), file: file, variables: variables)
}

/// The path of a file in Fixtures/.
func fixturePath(_ name: String) throws -> String {
    guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
        throw FixtureMissing(name: name)
    }
    return url.path
}

struct FixtureMissing: Error, CustomStringConvertible {
    var name: String
    var description: String { "fixture \(name) is not in the test bundle" }
}

extension IntrospectionDocument {
    /// Diagnostics as `line:column id` strings, for compact assertions.
    var diagnosticSummary: [String] {
        diagnostics.map { "\($0.location.line):\($0.location.column) \($0.id ?? "-")" }
    }

    func interface(_ name: String) -> Interface? {
        root?.allInterfaces.first { $0.name.value == name }
    }
}

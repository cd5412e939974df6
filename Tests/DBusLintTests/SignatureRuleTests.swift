import Foundation
import Testing
import DBusIntrospection
import DBusLint

/// signature-invalid and type-not-single agree with libdbus (dbus_signature_validate and
/// dbus_signature_validate_single) on the table in Fixtures/Signatures (a copy of DBusTests' table).
@Suite struct SignatureRuleTests {
    struct Row: CustomStringConvertible {
        var signature: String
        var valid: Bool
        var single: Bool
        var line: Int
        var description: String { "signatures.tsv:\(line) '\(signature.prefix(40))'" }
    }

    /// libdbus accepts these 33-deep arrays because it counts only consecutive container codes;
    /// the runtime follows the spec's limit of 32 (see Tests/DBusTests/Data/signatures-README.md).
    static let specStricterThanLibdbus: Set<String> = [
        String(repeating: "a(ia{s", count: 16) + "a(ii)" + String(repeating: "})", count: 16),
        String(repeating: "a(ia{s", count: 16) + "ai" + String(repeating: "})", count: 16),
    ]

    static func rows() throws -> [Row] {
        let url = try #require(Bundle.module.url(forResource: "signatures", withExtension: "tsv", subdirectory: "Fixtures/Signatures"))
        let text = try String(contentsOf: url, encoding: .utf8)
        var rows: [Row] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty && !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            rows.append(Row(signature: String(fields[0]), valid: fields[1] == "yes", single: fields[2] == "yes", line: index + 1))
        }
        return rows
    }

    @Test func propertyTypesAgreeWithLibdbus() throws {
        let rows = try Self.rows()
        #expect(rows.count >= 100)
        let properties = rows.enumerated().map { index, row in
            ModelBuilder.property("P\(index)", row.signature, line: index + 10)
        }
        let findings = ModelBuilder.lint(ModelBuilder.document([ModelBuilder.interface(properties: properties)]))
        for (index, row) in rows.enumerated() {
            let rules = Set(findings.filter { $0.location.line == index + 10 && $0.ruleID.hasPrefix("signature-") || $0.location.line == index + 10 && $0.ruleID == "type-not-single" }.map(\.ruleID))
            let valid = Self.specStricterThanLibdbus.contains(row.signature) ? false : row.valid
            if !valid {
                #expect(rules == ["signature-invalid"], "\(row)")
            } else if !row.single {
                #expect(rules == ["type-not-single"], "\(row)")
            } else {
                #expect(rules.isEmpty, "\(row)")
            }
        }
    }

    @Test func messagesSayWhatIsWrongAndHowToFixIt() {
        let document = ModelBuilder.document([ModelBuilder.interface(
            methods: [ModelBuilder.method("Frob", [ModelBuilder.argument("a", "ii", line: 4)], line: 3)],
            properties: [ModelBuilder.property("Map", "a{vs}", line: 6)])])
        let messages = ModelBuilder.lint(document).filter { ["signature-invalid", "type-not-single"].contains($0.ruleID) }.map(\.compilerStyle)
        #expect(messages == [
            "model.xml:4:1: error: method 'Frob' argument 'a': type 'ii' must be exactly one complete type (an <arg> is one message argument), has 2; wrap it in a struct: '(ii)' [type-not-single]",
            "model.xml:6:3: error: property 'Map': invalid type 'a{vs}': dict entry key must be a basic type, found 'v' at character 3 [signature-invalid]",
        ])
    }
}

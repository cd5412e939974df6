import Foundation
import Testing
import DBus

/// Cross-checks the validator against libdbus's verdicts, recorded in Data/signatures.tsv by
/// Data/make-signatures-table.py (this test never runs libdbus itself).
@Suite struct SignatureTableTests {
    struct Row: CustomStringConvertible {
        var signature: String
        var valid: Bool
        var single: Bool
        var line: Int
        var description: String { "signatures.tsv:\(line) '\(signature)'" }
    }

    /// Signatures nested 33 arrays deep with a basic code before each inner array. The spec allows
    /// 32 nested arrays; libdbus only counts runs of consecutive container codes and accepts them.
    /// We follow the spec, because the wire decoder relies on the depth bound.
    static let specStricterThanLibdbus: Set<String> = [
        String(repeating: "a(ia{s", count: 16) + "a(ii)" + String(repeating: "})", count: 16),
        String(repeating: "a(ia{s", count: 16) + "ai" + String(repeating: "})", count: 16),
    ]

    static func rows() throws -> [Row] {
        let url = try #require(Bundle.module.url(forResource: "signatures", withExtension: "tsv", subdirectory: "Data"))
        let text = try String(contentsOf: url, encoding: .utf8)
        var rows: [Row] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            try #require(fields.count >= 3, "malformed row at line \(index + 1)")
            rows.append(Row(signature: String(fields[0]), valid: fields[1] == "yes", single: fields[2] == "yes", line: index + 1))
        }
        return rows
    }

    @Test func tableCoversAtLeastAHundredSignatures() throws {
        let rows = try Self.rows()
        #expect(rows.count >= 100)
        #expect(rows.contains { $0.valid } && rows.contains { !$0.valid })
    }

    @Test func agreesWithLibdbusOnEveryRow() throws {
        for row in try Self.rows() {
            let bytes = Array(row.signature.utf8)
            let valid = bytes.withUnsafeBytes { Signature.isValid($0) }
            let single = bytes.withUnsafeBytes { Signature.isValidSingleCompleteType($0) }
            let parsed = try? Signature(row.signature)
            if Self.specStricterThanLibdbus.contains(row.signature) {
                #expect(row.valid, "libdbus no longer accepts \(row); drop it from the deviations")
                #expect(!valid && parsed == nil, "\(row)")
                continue
            }
            #expect(valid == row.valid, "\(row)")
            #expect(single == row.single, "\(row)")
            #expect((parsed != nil) == row.valid, "\(row)")
            #expect(parsed?.isSingleCompleteType ?? false == row.single, "\(row)")
            #expect(parsed.map { Signature(types: $0.types).rawValue } ?? row.signature == row.signature, "\(row)")
        }
    }

    @Test func everyDeviationIsInTheTable() throws {
        let signatures = Set(try Self.rows().map(\.signature))
        #expect(Self.specStricterThanLibdbus.isSubset(of: signatures))
    }
}

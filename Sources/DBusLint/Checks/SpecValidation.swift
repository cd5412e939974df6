internal import DBus

/// The runtime's validators (module `DBus`), phrased for lint messages: the same code that
/// checks hostile wire data decides what the linter calls invalid.
enum SpecValidation {
    enum SignatureVerdict: Equatable {
        case valid(completeTypes: Int)
        /// What is wrong, and the 0-based character offset where.
        case invalid(String, offset: Int)
    }

    static func interfaceNameProblem(_ name: String) -> String? {
        do { _ = try InterfaceName(name); return nil } catch { return problem(error) }
    }

    static func memberNameProblem(_ name: String) -> String? {
        do { _ = try MemberName(name); return nil } catch { return problem(error) }
    }

    static func errorNameProblem(_ name: String) -> String? {
        do { _ = try ErrorName(name); return nil } catch { return problem(error) }
    }

    static func busNameProblem(_ name: String) -> String? {
        do { _ = try BusName(name); return nil } catch { return problem(error) }
    }

    static func objectPathProblem(_ path: String) -> String? {
        do { _ = try ObjectPath(path); return nil } catch { return problem(error) }
    }

    static func signature(_ text: String) -> SignatureVerdict {
        do {
            return .valid(completeTypes: try Signature(text).types.count)
        } catch {
            // The error's description repeats the signature; the finding's message already has it.
            let prefix = "signature '\(text)': "
            let description = error.description
            return .invalid(description.hasPrefix(prefix) ? String(description.dropFirst(prefix.count)) : description, offset: error.offset)
        }
    }

    /// "character '-' is not allowed at character 12" without the "invalid interface name 'x': " prefix.
    private static func problem(_ error: DBusNameError) -> String {
        let prefix = "invalid \(error.kind.rawValue) '\(error.text)': "
        let description = error.description
        return description.hasPrefix(prefix) ? String(description.dropFirst(prefix.count)) : description
    }
}

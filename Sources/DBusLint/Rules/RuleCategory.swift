/// What a rule protects; used by profiles and shown as SARIF tags.
public enum RuleCategory: String, Hashable, Sendable, CaseIterable {
    /// The XML is not a valid introspection document (reported by the parser).
    case xml
    /// The D-Bus specification says MUST, or a reference implementation rejects it.
    case spec
    /// The D-Bus API Design Guidelines or a spec SHOULD.
    case style
    /// "D-Bus APIs must be documented" (guidelines, Documentation).
    case docs
    /// QEMU's conventions from docs/interop/dbus.rst.
    case qemu
    /// What this project's Swift generator needs.
    case generator
    /// API compatibility against a previous revision (`--previous`, `dbus-swift diff`).
    case compatibility
    /// Problems with the linter's own suppressions.
    case lint
}

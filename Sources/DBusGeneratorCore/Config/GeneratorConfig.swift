/// Which side of an interface to generate.
public enum GeneratorMode: String, Hashable, Sendable, CaseIterable, Comparable {
    /// Typed proxies that call a remote object.
    case client
    /// Skeletons that export a local implementation.
    case server

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Everything that shapes the output; read from `dbus-swift.json` and overridden by CLI flags.
public struct GeneratorConfig: Hashable, Sendable {
    /// Interfaces to generate (D-Bus names); empty means every interface in the inputs.
    public var interfaces: [String]
    /// Client, server or both. The shared protocol and types are always generated.
    public var modes: Set<GeneratorMode>
    public var accessModifier: AccessModifier
    /// Stripped from interface names before they become Swift type names (e.g. `org.qemu.`).
    public var interfacePrefix: String?
    /// Swift names chosen by the user. Keys: `org.example.Iface` for the interface's type name,
    /// `org.example.Iface.Member` for a method, property or signal, `org.example.Iface.Member.arg`
    /// for an argument's parameter name.
    public var nameOverrides: [String: String]
    /// Struct type names, keyed like argument overrides (`org.example.Iface.Member.arg`, or
    /// `org.example.Iface.Property` for a property's type), with `.N` appended for a struct nested
    /// in field N.
    public var structNames: [String: String]
    /// Field names for generated structs (otherwise `field0`, `field1`, ...), keyed by the
    /// interface name and the struct's Swift name: `org.example.Iface.Point: ["x", "y"]`.
    public var structFields: [String: [String]] = [:]
    /// Values for `<?if $(env.NAME) ...?>` processing instructions.
    public var variables: [String: String]
    /// XML files or directories named by the config, relative to the config file (used when the
    /// command line names no inputs; the build plugin reads the same key).
    public var interfaceFiles: [String] = []

    public init(interfaces: [String] = [], modes: Set<GeneratorMode> = [.client, .server], accessModifier: AccessModifier = .internal,
                interfacePrefix: String? = nil, nameOverrides: [String: String] = [:], structNames: [String: String] = [:],
                structFields: [String: [String]] = [:], variables: [String: String] = [:]) {
        self.structFields = structFields
        self.interfaces = interfaces
        self.modes = modes
        self.accessModifier = accessModifier
        self.interfacePrefix = interfacePrefix
        self.nameOverrides = nameOverrides
        self.structNames = structNames
        self.variables = variables
    }
}

internal import DBusIntrospection

/// Symbols as findings report them: `iface`, `iface.Member`, `iface.Member(arg)`.
enum Symbol {
    static func member(_ interface: Interface, _ name: LocatedString) -> String { "\(interface.name.value).\(name.value)" }

    static func argument(_ interface: Interface, _ member: LocatedString, _ argument: Argument, index: Int) -> String {
        "\(interface.name.value).\(member.value)(\(argument.name?.value ?? "#\(index)"))"
    }
}

internal import DBusIntrospection

/// QEMU's conventions (docs/interop/dbus.rst): qemu-reserved-prefix, qemu-interface-versioned,
/// qemu-object-path, qemu-interface-mismatch, qemu-unix-fd-guard. qemu-error-name runs on the
/// config (ConfigurationChecks).
enum QEMUChecks: CheckGroup {
    static func check(_ context: inout CheckContext) {
        guard let root = context.document.root else { return }
        for interface in root.allInterfaces {
            if !context.isQEMUOwned, let upstream = context.qemuInterfaces[interface.name.value] {
                checkMatchesUpstream(interface, upstream, &context)
            }
            if context.isQEMUOwned, let pinned = context.registryInterfaces[interface.name.value] {
                checkMatchesPinnedCopy(interface, pinned, &context)
            }
        }
        for located in root.locatedInterfaces() {
            let name = located.interface.name
            guard name.value.hasPrefix("org.qemu.") else { continue }
            let elements = name.value.split(separator: ".", omittingEmptySubsequences: false)
            guard elements.count >= 3 else { continue }
            let api = elements[2]
            if !(api.last?.isNumber ?? false) {
                context.report(.qemuInterfaceVersioned,
                               "org.qemu interfaces carry their major version on the element after 'org.qemu' (e.g. org.qemu.\(api)1); '\(api)' has none",
                               at: name.location, symbol: name.value)
            }
            // Implementing an upstream interface (a display listener) is fine; inventing one is not.
            if !context.isQEMUOwned, context.qemuInterfaces[name.value] == nil {
                context.report(.qemuReservedPrefix,
                               "'\(name.value)' uses the org.qemu prefix, which is reserved for interfaces implemented and distributed by QEMU (docs/interop/dbus.rst); use your own reversed domain",
                               at: name.location, symbol: name.value)
            }
            // '/' is object-path-root's finding.
            if let path = located.path, path != "/", api.last?.isNumber ?? false {
                let expected = "/org/qemu/\(api)"
                if path != expected, !path.hasPrefix(expected + "/") {
                    context.report(.qemuObjectPath,
                                   "object path '\(path)' for \(name.value) should be under \(expected)/",
                                   at: located.node.name?.location ?? located.node.location, symbol: "\(name.value)@\(path)")
                }
            }
        }
        checkUnixFDs(root, &context)
    }

    /// QEMU passes a socket as `ay` on Windows and `h` elsewhere; an `h` that the Windows variant
    /// still sees is not behind a `HOST_OS != windows` guard.
    private static func checkUnixFDs(_ root: Node, _ context: inout CheckContext) {
        guard context.isEnabled(.qemuUnixFDGuard) else { return }
        let host = context.document.variables["HOST_OS"]
        guard host == nil || host == "windows" else { return }
        for interface in root.allInterfaces {
            for member in interface.members where member.kind != .property {
                for (index, argument) in member.arguments.enumerated() where argument.type.value.contains("h") {
                    context.report(.qemuUnixFDGuard,
                                   "\(member.kind.rawValue) '\(member.name.value)' passes a UNIX fd ('\(argument.type.value)') that is not guarded by <?if $(env.HOST_OS) != windows?>",
                                   at: argument.type.location, symbol: Symbol.argument(interface, member.name, argument, index: index))
                }
            }
        }
    }

    /// A local copy of an upstream interface (a client's listener) must not add members QEMU does
    /// not know or change a type, direction or access; leaving members out is fine.
    private static func checkMatchesUpstream(_ local: Interface, _ upstream: [Interface], _ context: inout CheckContext) {
        guard context.isEnabled(.qemuInterfaceMismatch) else { return }
        let localNode = Node(name: nil, interfaces: [local], location: local.location)
        let candidates = upstream.map { version in
            APIDiff.changes(from: Node(name: nil, interfaces: [version], location: version.location), to: localNode, newFile: context.document.file)
                .filter(isMismatch)
        }
        // Matching any one variant of upstream (e.g. the Unix one) is enough.
        guard let closest = candidates.min(by: { $0.count < $1.count }), !closest.isEmpty else { return }
        for change in closest {
            context.report(.qemuInterfaceMismatch, "differs from upstream QEMU: \(change.message) (\(change.code))",
                           at: change.location, symbol: change.symbol)
        }
    }

    /// A vendored copy of QEMU's XML (owner qemu) must keep the API of the pinned upstream file in
    /// the registry; the guidelines ask clients to use the installed copy, and QEMU installs none.
    private static func checkMatchesPinnedCopy(_ vendored: Interface, _ pinned: [Interface], _ context: inout CheckContext) {
        guard context.isEnabled(.qemuVendoredDrift) else { return }
        let vendoredNode = Node(name: nil, interfaces: [vendored], location: vendored.location)
        let candidates = pinned.map { version in
            APIDiff.changes(from: Node(name: nil, interfaces: [version], location: version.location), to: vendoredNode, newFile: context.document.file)
                .filter { $0.code != "argument-name-changed" && $0.code != "deprecated" }
        }
        guard let closest = candidates.min(by: { $0.count < $1.count }), let first = closest.first else { return }
        let more = closest.count > 1 ? " and \(closest.count - 1) more difference\(closest.count == 2 ? "" : "s")" : ""
        context.report(.qemuVendoredDrift,
                       "'\(vendored.name.value)' has drifted from the pinned upstream copy in the registry: \(first.message) (\(first.code))\(more)",
                       at: vendored.name.location, symbol: vendored.name.value)
    }

    private static func isMismatch(_ change: APIChange) -> Bool {
        let code = change.code
        if code.hasSuffix("-removed") && !code.hasPrefix("argument") { return false }
        return code.hasSuffix("-added") || code.hasPrefix("argument-type") || code.hasPrefix("argument-direction")
            || code == "argument-removed" || code == "property-type-changed" || code.hasPrefix("property-access-changed")
    }
}

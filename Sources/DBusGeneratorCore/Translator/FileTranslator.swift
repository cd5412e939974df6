/// Lays out one output file: header, import, then for each interface its namespace, protocol,
/// structs, signal values, proxy and skeleton.
struct FileTranslator {
    let config: GeneratorConfig

    func translate(plans: [InterfacePlan], name: String, source: String) -> SwiftFile {
        var declarations: [Declaration] = []
        for plan in plans {
            let types = TypesTranslator(plan: plan, access: config.accessModifier)
            declarations.append(.comment("MARK: - \(plan.dbusName)"))
            declarations.append(types.namespace())
            declarations.append(types.interfaceProtocol())
            declarations += types.structs()
            declarations += types.signalValues()
            if config.modes.contains(.client) {
                declarations.append(ProxyTranslator(plan: plan, access: config.accessModifier).proxy())
            }
            if config.modes.contains(.server) {
                declarations.append(SkeletonTranslator(plan: plan, access: config.accessModifier).skeleton())
            }
        }
        let importAccess: AccessModifier? = config.accessModifier == .internal ? nil : config.accessModifier
        return SwiftFile(
            name: name,
            headerComments: [GeneratorPipeline.header, "Source: \(source)"],
            imports: plans.isEmpty ? [] : [ImportDeclaration(access: importAccess, module: "DBus")],
            declarations: declarations)
    }
}

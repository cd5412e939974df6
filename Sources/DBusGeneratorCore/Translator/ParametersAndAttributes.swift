/// Parameter lists and attributes built the same way by every translator.

func parameters(_ arguments: [ArgumentPlan]) -> [Parameter] {
    arguments.map { Parameter(label: nil, name: $0.swiftName, type: $0.swiftType) }
}

func deprecatedAttribute(_ deprecation: String?) -> [String] {
    guard let deprecation else { return [] }
    return deprecation.isEmpty ? ["@available(*, deprecated)"] : ["@available(*, deprecated, message: \(swiftStringLiteral(deprecation)))"]
}

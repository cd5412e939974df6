import DBusIntrospection

/// Turns an `IntrospectionDocument` into Swift source files (see `GeneratorPipeline`).
public enum DBusGeneratorCore {}

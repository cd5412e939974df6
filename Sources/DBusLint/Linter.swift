import DBusIntrospection

/// The guideline checker's entry point.
public enum DBusLint {}

import Testing
@testable import DBusLint

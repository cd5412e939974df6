import Testing
@testable import DBusGeneratorCore

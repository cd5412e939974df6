import Testing
import DBus
import DBusTestSupport

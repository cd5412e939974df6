import Testing
import DBus

@Suite struct SpecLimitsTests {
    @Test func limitsMatchTheSpecification() {
        #expect(DBusSpec.maximumSignatureLength == 255)
        #expect(DBusSpec.maximumMessageLength == 134_217_728)
        #expect(DBusSpec.maximumArrayLength == 67_108_864)
    }
}

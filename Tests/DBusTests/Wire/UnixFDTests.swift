import Testing
import DBus
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct UnixFDTests {
    static func isOpen(_ fd: Int32) -> Bool { fcntl(fd, F_GETFD) != -1 }

    static func pipeEnds() throws -> (Int32, Int32) {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        return (ends[0], ends[1])
    }

    @Test func closesWhenTheLastCopyGoesAway() throws {
        let (reader, writer) = try Self.pipeEnds()
        defer { close(writer) }
        do {
            let fd = UnixFD(taking: reader)
            let copy = fd
            #expect(copy == fd)
            #expect(copy.rawValue == reader)
            #expect(Self.isOpen(reader))
        }
        #expect(!Self.isOpen(reader))
    }

    @Test func takeHandsOwnershipToTheCaller() throws {
        let (reader, writer) = try Self.pipeEnds()
        defer { close(writer) }
        do {
            let fd = UnixFD(taking: reader)
            #expect(fd.take() == reader)
            #expect(fd.take() == nil)
            #expect(fd.rawValue == nil)
        }
        #expect(Self.isOpen(reader))
        close(reader)
    }

    @Test func closeIsIdempotent() throws {
        let (reader, writer) = try Self.pipeEnds()
        defer { close(writer) }
        let fd = UnixFD(taking: reader)
        fd.close()
        #expect(!Self.isOpen(reader))
        fd.close()
        #expect(fd.take() == nil)
    }

    @Test func duplicateIsIndependent() throws {
        let (reader, writer) = try Self.pipeEnds()
        defer { close(writer) }
        let fd = UnixFD(taking: reader)
        let dup = try fd.duplicate()
        #expect(dup != fd)
        let dupValue = try #require(dup.rawValue)
        #expect(dupValue != reader)
        fd.close()
        #expect(Self.isOpen(dupValue))
        #expect(throws: UnixFD.Error.self) { try fd.duplicate() }
    }

    @Test func messageKeepsItsFDsOpenAndHandsThemOut() throws {
        let (reader, writer) = try Self.pipeEnds()
        defer { close(writer) }
        var received: UnixFD?
        do {
            let message = Message.methodCall(path: "/", member: "Register", body: MessageBody(UnixFD(taking: reader)))
            #expect(message.unixFDs == 1)
            // The sender's copy is gone; the message keeps the descriptor open.
            #expect(Self.isOpen(reader))
            let bytes = try message.serialized(serial: 1)
            let parsed = try Message.parse(bytes: bytes, fds: message.fds)
            received = try parsed.decodeBody(as: UnixFD.self)
        }
        #expect(received?.rawValue == reader)
        received = nil
        #expect(!Self.isOpen(reader))
    }

    @Test func sameFDTwiceTravelsOnce() throws {
        let fds = try TestFDs.make(count: 1)
        let body = MessageBody(fds[0], [fds[0], fds[0]])
        #expect(body.encoder.fds == fds)
        var decoder = DBusDecoder(bytes: body.encoder.bytes, fds: body.encoder.fds)
        #expect(try decoder.decode(UnixFD.self) == fds[0])
        #expect(try decoder.decode([UnixFD].self) == [fds[0], fds[0]])
    }
}

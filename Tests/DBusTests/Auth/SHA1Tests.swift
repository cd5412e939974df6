import Testing
@testable import DBus
import DBusTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The internal SHA-1 used by DBUS_COOKIE_SHA1, against FIPS 180 test vectors and sha1sum.
@Suite struct SHA1Tests {
    @Test(arguments: [
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "a49b2446a02c645bf419f995b67091253a04a259"),
    ])
    func fipsVectors(input: String, digest: String) {
        #expect(SHA1.hexDigest(Array(input.utf8)) == digest)
    }

    @Test func aMillionAs() {
        #expect(SHA1.hexDigest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test func incrementalUpdatesMatchOneShot() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var hasher = SHA1()
        hasher.update(bytes[..<1])
        hasher.update(bytes[1..<64])
        hasher.update(bytes[64..<130])
        hasher.update(bytes[130...])
        #expect(hasher.finish() == SHA1.hash(bytes))
    }

    /// Random lengths around the padding boundaries (55, 56, 63, 64, ...) and beyond, compared
    /// with coreutils' sha1sum.
    @Test func randomInputsMatchSha1sum() async throws {
        let directory = try TemporaryDirectory(prefix: "sha1-tests")
        defer { directory.remove() }
        var generator = SystemRandomNumberGenerator()
        let lengths = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 1000] + (0..<12).map { _ in Int.random(in: 0...5000, using: &generator) }
        var paths: [String] = []
        var expected: [String] = []
        for (index, length) in lengths.enumerated() {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let path = directory.path + "/input\(index)"
            let handle = try #require(fopen(path, "w"))
            _ = fwrite(bytes, 1, bytes.count, handle)
            fclose(handle)
            paths.append(path)
            expected.append(SHA1.hexDigest(bytes))
        }
        let result = try await Program.run("/usr/bin/sha1sum", paths)
        #expect(result.status == 0)
        let digests = result.output.split(separator: "\n").map { String($0.prefix(40)) }
        #expect(digests == expected)
    }
}

@testable import QEMUDBus
import Testing

/// The pieces under the screenshot that need no QEMU: checksums, PNG layout, frame updates.
struct FrameBufferTests {
    @Test func checksumsMatchTheirStandardCheckValues() {
        #expect(PNGEncoder.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(PNGEncoder.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
    }

    @Test func storedDeflateSplitsLargeDataIntoBlocksOf65535Bytes() {
        let data = [UInt8](repeating: 7, count: 70_000)
        let stream = PNGEncoder.zlibStored(data)
        // zlib header, two block headers of 5 bytes, the data, Adler-32.
        #expect(stream.count == 2 + 5 + 65_535 + 5 + 4_465 + 4)
        #expect(stream[2] == 0 && stream[2 + 5 + 65_535] == 1)  // only the second block is final
    }

    @Test func updateCopiesRowsAndClipsToThePicture() throws {
        var frame = FrameBuffer()
        try frame.scanout(width: 2, height: 2, stride: 8, format: FrameBuffer.x8r8g8b8, data: [UInt8](repeating: 0, count: 16))
        // A 2x1 update at (1, 1): only its first pixel lies inside the 2x2 picture.
        try frame.update(x: 1, y: 1, width: 2, height: 1, stride: 8, format: FrameBuffer.x8r8g8b8, data: [3, 2, 1, 0, 9, 9, 9, 0])
        #expect(try frame.rgb() == [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3])
    }

    @Test func framesThatDoNotDescribeTheirBytesAreRefused() {
        var frame = FrameBuffer()
        #expect(throws: FrameBufferError.shortData(expected: 32, got: 4)) {
            try frame.scanout(width: 2, height: 4, stride: 8, format: FrameBuffer.x8r8g8b8, data: [0, 0, 0, 0])
        }
        #expect(throws: FrameBufferError.badGeometry(width: 4, height: 1, stride: 8)) {
            try frame.scanout(width: 4, height: 1, stride: 8, format: FrameBuffer.x8r8g8b8, data: [UInt8](repeating: 0, count: 16))
        }
        #expect(throws: FrameBufferError.noPicture) { try frame.png() }
    }

    @Test func resizeKeepsTheOverlapAndBlanksTheRest() throws {
        var frame = FrameBuffer()
        try frame.scanout(width: 1, height: 1, stride: 4, format: FrameBuffer.x8r8g8b8, data: [30, 20, 10, 0])
        frame.resize(width: 2, height: 1)
        #expect(frame.stride == 8)
        #expect(try frame.rgb() == [10, 20, 30, 0, 0, 0])
    }
}

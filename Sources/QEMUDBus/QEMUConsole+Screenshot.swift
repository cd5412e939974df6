extension QEMUConsole {
    /// The console's current picture.
    ///
    /// Registers a listener and takes its first Scanout. QEMU renders a console only while a
    /// listener exists, so the first listener on a fresh VM may get a stale picture (7.2 sends
    /// its 640x480 "not initialized" placeholder and then 720x400 text-mode updates without a new
    /// Scanout). When the picture's size differs from the console's `Width`/`Height`, the
    /// listener is dropped and a new one registered, which gets the current picture.
    public func screenshot(timeout: Duration = .seconds(10), attempts: Int = 4) async throws -> FrameBuffer {
        var last: FrameBuffer?
        for _ in 0..<attempts {
            let session = try await openDisplay()
            let frame: FrameBuffer
            do {
                frame = try await session.firstFrame(timeout: timeout)
            } catch {
                session.close()
                throw error
            }
            let (width, height) = (try await console.width, try await console.height)
            await session.closeAndWait()
            if frame.width == Int(width) && frame.height == Int(height) { return frame }
            last = frame
        }
        throw QEMUDisplayError.sizeNeverSettled(
            console: (try await console.width, try await console.height), frame: (last?.width ?? 0, last?.height ?? 0))
    }
}

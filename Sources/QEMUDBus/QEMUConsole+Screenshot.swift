import DBus

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
        for attempt in 1...max(1, attempts) {
            let session: QEMUDisplaySession
            do {
                session = try await openDisplay()
            } catch let error as DBusError where error.name.rawValue == "org.qemu.Display1.Error.Invalid" && attempt < attempts {
                // QEMU has not yet noticed that our previous listener went away ("already
                // registered"); one more round trip through its main loop lets it.
                _ = try await console.label
                continue
            }
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

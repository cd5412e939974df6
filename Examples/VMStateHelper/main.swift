// A dbus-vmstate helper: keeps a file's contents in step with a QEMU VM across migration.
//
//     VMStateHelperExample --id my-app --state-file state.bin [--address BUS]
//
// Start QEMU with `-object dbus-vmstate,id=dv,addr=BUS` (commas in BUS doubled). On the source,
// QEMU's migration calls Save and the file's bytes travel inside the migration stream; on the
// destination (`-incoming ...`) QEMU calls Load and the helper writes them back to the file.
// Helpers with different ids can run side by side: they queue for org.qemu.VMState1.

import DBus
import Foundation
import QEMUDBus

/// Writes a line straight to stdout (unbuffered), so a reader on a pipe sees each event at once.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func usage() -> Never {
    FileHandle.standardError.write(Data("usage: VMStateHelperExample --id ID --state-file PATH [--address BUS]\n".utf8))
    exit(2)
}

var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard ["--id", "--state-file", "--address"].contains(flag), let value = arguments.popFirst() else { usage() }
    options[flag] = value
}
guard let id = options["--id"], let stateFile = options["--state-file"] else { usage() }
let url = URL(fileURLWithPath: stateFile)

let connection: DBusConnection
if let address = options["--address"] {
    connection = try await DBusConnection.connect(to: address)
} else {
    connection = try await DBusConnection.sessionBus()
}
let helper = try await VMStateHelper(
    on: connection, id: id,
    save: {
        let bytes = (try? Data(contentsOf: url)).map { [UInt8]($0) } ?? []
        say("Save: \(bytes.count) bytes from \(stateFile)")
        return bytes
    },
    load: { bytes in
        try Data(bytes).write(to: url)
        say("Load: \(bytes.count) bytes into \(stateFile)")
    })
say("Serving VMState1 id '\(id)' as \(helper.ownership == .primaryOwner ? "owner" : "queued owner") of org.qemu.VMState1")

// Serve until the bus goes away or the process is stopped.
while !connection.isClosed {
    try await Task.sleep(for: .seconds(1))
}

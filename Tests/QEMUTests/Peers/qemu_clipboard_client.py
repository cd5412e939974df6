#!/usr/bin/python3
"""Reference peer: a QEMU clipboard client (org.qemu.Display1.Clipboard on both sides).

Exports its own Clipboard object at /org/qemu/Display1/Clipboard on the bus connection, then
calls QEMU's Clipboard.Register ASYNCHRONOUSLY: before replying, QEMU calls GetAll and Register
back on the caller, so a blocking call would stall QEMU until the call times out. Then grabs
the clipboard selection and asks QEMU for content it does not have.

Usage: qemu_clipboard_client.py --address BUS [--timeout 10]
Prints one JSON line per incoming call and per reply, then {"event": "Done", ...}; exits 0.
"""

import argparse
import json
import sys
import time

from gi.repository import Gio, GLib

CLIPBOARD_XML = """
<node>
  <interface name="org.qemu.Display1.Clipboard">
    <method name="Register"/>
    <method name="Unregister"/>
    <method name="Grab">
      <arg name="selection" type="u" direction="in"/><arg name="serial" type="u" direction="in"/>
      <arg name="mimes" type="as" direction="in"/>
    </method>
    <method name="Release"><arg name="selection" type="u" direction="in"/></method>
    <method name="Request">
      <arg name="selection" type="u" direction="in"/><arg name="mimes" type="as" direction="in"/>
      <arg name="reply_mime" type="s" direction="out"/><arg name="data" type="ay" direction="out"/>
    </method>
    <property name="Interfaces" type="as" access="read"/>
  </interface>
</node>
"""
TEXT = "text/plain;charset=utf-8"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", required=True)
    parser.add_argument("--timeout", type=float, default=10)
    options = parser.parse_args()
    started = time.monotonic()

    def emit(event, **fields):
        fields["event"] = event
        fields["ms"] = round((time.monotonic() - started) * 1000, 1)
        print(json.dumps(fields), flush=True)

    loop = GLib.MainLoop()
    bus = Gio.DBusConnection.new_for_address_sync(
        options.address,
        Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
        None, None)

    def on_call(connection, sender, path, interface, method, params, invocation):
        emit("Incoming" + method, args=params.unpack())
        if method == "Request":
            invocation.return_value(GLib.Variant("(say)", (TEXT, b"hello from the client")))
        else:
            invocation.return_value(None)

    def on_get_property(connection, sender, path, interface, name):
        emit("GetProperty", name=name)
        return GLib.Variant("as", [])

    info = Gio.DBusNodeInfo.new_for_xml(CLIPBOARD_XML).interfaces[0]
    bus.register_object("/org/qemu/Display1/Clipboard", info, on_call, on_get_property, None)

    def call(method, args, then):
        def done(connection, result):
            try:
                reply = connection.call_finish(result).unpack()
                emit("Reply" + method, reply=[list(v) if isinstance(v, bytes) else v for v in reply])
            except GLib.Error as error:
                emit("Error" + method, name=Gio.DBusError.get_remote_error(error), message=error.message)
            then()
        bus.call("org.qemu", "/org/qemu/Display1/Clipboard", "org.qemu.Display1.Clipboard", method, args,
                 None, Gio.DBusCallFlags.NONE, 5000, None, done)

    # Before Register, QEMU rejects the caller.
    call("Grab", GLib.Variant("(uuas)", (0, 1, [TEXT])), lambda:
         call("Register", None, lambda:
              call("Grab", GLib.Variant("(uuas)", (0, 1, [TEXT])), lambda:
                   call("Request", GLib.Variant("(uas)", (0, [TEXT])), lambda:
                        call("Unregister", None, loop.quit)))))
    GLib.timeout_add(int(options.timeout * 1000), loop.quit)
    loop.run()
    emit("Done")
    return 0


if __name__ == "__main__":
    sys.exit(main())

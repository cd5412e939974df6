#!/usr/bin/python3
"""Reference peer: an org.qemu.VMState1 helper for QEMU's `dbus-vmstate` object.

Queues on the bus name org.qemu.VMState1 (QEMU finds helpers with ListQueuedOwners), exports
/org/qemu/VMState1 with the Id property, answers Save with --state and records what Load gets.

Usage: qemu_vmstate_helper.py --address BUS --id ID [--state TEXT] [--fail-load]
Prints JSON lines: {"event": "Ready", "unique_name": ...} once the name request is done, then
{"event": "Save"} or {"event": "Load", "data": TEXT} per call. Runs until stdin closes or
SIGTERM.
"""

import argparse
import json
import signal
import sys

from gi.repository import Gio, GLib

HELPER_XML = """
<node>
  <interface name="org.qemu.VMState1">
    <property name="Id" type="s" access="read"/>
    <method name="Load"><arg name="data" type="ay" direction="in"/></method>
    <method name="Save"><arg name="data" type="ay" direction="out"/></method>
  </interface>
</node>
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", required=True)
    parser.add_argument("--id", required=True)
    parser.add_argument("--state", default="")
    parser.add_argument("--fail-load", action="store_true")
    options = parser.parse_args()

    def emit(event, **fields):
        fields["event"] = event
        print(json.dumps(fields), flush=True)

    connection = Gio.DBusConnection.new_for_address_sync(
        options.address,
        Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
        None, None)

    def on_call(connection, sender, path, interface, method, params, invocation):
        if method == "Save":
            emit("Save")
            invocation.return_value(GLib.Variant("(ay)", (options.state.encode(),)))
        elif method == "Load":
            data = bytes(params.get_child_value(0).get_data_as_bytes().get_data())
            emit("Load", data=data.decode(errors="replace"))
            if options.fail_load:
                invocation.return_dbus_error("org.example.Helper.Error.Refused", "refusing to load")
            else:
                invocation.return_value(None)

    def on_get_property(connection, sender, path, interface, name):
        return GLib.Variant("s", options.id)

    info = Gio.DBusNodeInfo.new_for_xml(HELPER_XML).interfaces[0]
    connection.register_object("/org/qemu/VMState1", info, on_call, on_get_property, None)

    # Flags NONE: queue behind other helpers instead of failing, because QEMU lists every queued
    # owner of the name.
    reply = connection.call_sync(
        "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "RequestName",
        GLib.Variant("(su)", ("org.qemu.VMState1", 0)), GLib.VariantType("(u)"),
        Gio.DBusCallFlags.NONE, 5000, None).unpack()[0]
    emit("Ready", unique_name=connection.get_unique_name(), request_name_reply=reply)

    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    GLib.io_add_watch(GLib.IOChannel.unix_new(sys.stdin.fileno()), GLib.PRIORITY_DEFAULT,
                      GLib.IOCondition.HUP | GLib.IOCondition.IN,
                      lambda *_: (loop.quit(), False)[1] if not sys.stdin.readline() else True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())

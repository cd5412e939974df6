#!/usr/bin/python3
"""Reference peer: an org.qemu.VMState1 helper on python3-dbus (libdbus), not GDBus.

libdbus does not implement org.freedesktop.DBus.Properties for exported objects, so this helper
answers Get/GetAll itself; QEMU reads Id with Properties.GetAll. With --no-properties it leaves
them out, which QEMU answers with "VMState Id property is missing" and skips the helper.

Usage: qemu_vmstate_helper_libdbus.py --address BUS --id ID [--state TEXT] [--no-properties]
Prints the same JSON lines as qemu_vmstate_helper.py (Ready, Save, Load, plus GetAll).
Runs until stdin closes or SIGTERM.
"""

import argparse
import json
import signal
import sys

import dbus
import dbus.bus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

INTERFACE = "org.qemu.VMState1"


def emit(event, **fields):
    fields["event"] = event
    print(json.dumps(fields), flush=True)


class Helper(dbus.service.Object):
    def __init__(self, connection, helper_id, state):
        super().__init__(connection, "/org/qemu/VMState1")
        self.helper_id = helper_id
        self.state = state

    @dbus.service.method(INTERFACE, in_signature="ay", out_signature="", byte_arrays=True)
    def Load(self, data):
        emit("Load", data=bytes(data).decode(errors="replace"))

    @dbus.service.method(INTERFACE, in_signature="", out_signature="ay", byte_arrays=True)
    def Save(self):
        emit("Save")
        return dbus.ByteArray(self.state.encode())


class HelperWithProperties(Helper):
    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="s", out_signature="a{sv}")
    def GetAll(self, interface):
        emit("GetAll", interface=interface)
        if interface != INTERFACE:
            raise dbus.exceptions.DBusException(f"no interface {interface}",
                                                name="org.freedesktop.DBus.Error.UnknownInterface")
        return {"Id": dbus.String(self.helper_id)}

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="ss", out_signature="v")
    def Get(self, interface, name):
        if interface != INTERFACE or name != "Id":
            raise dbus.exceptions.DBusException(f"no property {interface}.{name}",
                                                name="org.freedesktop.DBus.Error.UnknownProperty")
        return dbus.String(self.helper_id)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", required=True)
    parser.add_argument("--id", required=True)
    parser.add_argument("--state", default="")
    parser.add_argument("--no-properties", action="store_true")
    options = parser.parse_args()

    DBusGMainLoop(set_as_default=True)
    connection = dbus.bus.BusConnection(options.address)
    kind = Helper if options.no_properties else HelperWithProperties
    helper = kind(connection, options.id, options.state)
    # Flags 0: queue behind other helpers; QEMU lists every queued owner.
    reply = connection.request_name(INTERFACE, 0)
    emit("Ready", unique_name=connection.get_unique_name(), request_name_reply=int(reply))

    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    GLib.io_add_watch(GLib.IOChannel.unix_new(sys.stdin.fileno()), GLib.PRIORITY_DEFAULT,
                      GLib.IOCondition.HUP | GLib.IOCondition.IN,
                      lambda *_: (loop.quit(), False)[1] if not sys.stdin.readline() else True)
    loop.run()
    del helper
    return 0


if __name__ == "__main__":
    sys.exit(main())

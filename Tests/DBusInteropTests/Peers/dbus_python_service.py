#!/usr/bin/python3
"""A python3-dbus service on the bus at argv[1], owning org.example.PyService.

Object /org/example/Py, interface org.example.Types1: echo methods for every type category,
fd passing both ways, an error, and a signal. Prints READY when the name is owned, then
one line per notable event."""
import os
import sys

import dbus
import dbus.bus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

IFACE = "org.example.Types1"


class Failure(dbus.DBusException):
    _dbus_error_name = "org.example.Error.Custom"


class Types(dbus.service.Object):
    @dbus.service.method(IFACE, in_signature="ybnqiuxtdsog", out_signature="ybnqiuxtdsog")
    def EchoBasics(self, y, b, n, q, i, u, x, t, d, s, o, g):
        return (y, b, n, q, i, u, x, t, d, s, o, g)

    @dbus.service.method(IFACE, in_signature="ai", out_signature="ai")
    def EchoInts(self, values):
        return values

    @dbus.service.method(IFACE, in_signature="ay", out_signature="ay", byte_arrays=True)
    def EchoBytes(self, data):
        return data

    @dbus.service.method(IFACE, in_signature="a{sv}", out_signature="a{sv}")
    def EchoDict(self, values):
        return values

    @dbus.service.method(IFACE, in_signature="(isasd)", out_signature="(isasd)")
    def EchoStruct(self, value):
        return value

    @dbus.service.method(IFACE, in_signature="v", out_signature="v")
    def EchoVariant(self, value):
        return value

    @dbus.service.method(IFACE, in_signature="a(iiu)", out_signature="a(iiu)")
    def EchoStructs(self, values):
        return values

    @dbus.service.method(IFACE, in_signature="h", out_signature="s")
    def ReadFD(self, fd):
        raw = fd.take()
        with os.fdopen(raw, "rb") as stream:
            return stream.read().decode()

    @dbus.service.method(IFACE, in_signature="s", out_signature="h")
    def MakeFD(self, text):
        read_end, write_end = os.pipe()
        os.write(write_end, text.encode())
        os.close(write_end)
        result = dbus.types.UnixFd(read_end)
        os.close(read_end)
        return result

    @dbus.service.method(IFACE, in_signature="", out_signature="")
    def Fail(self):
        raise Failure("custom failure text")

    @dbus.service.method(IFACE, in_signature="s", out_signature="")
    def Emit(self, text):
        self.Changed(text)

    @dbus.service.signal(IFACE, signature="s")
    def Changed(self, text):
        pass


def main():
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    bus = dbus.bus.BusConnection(sys.argv[1])
    name = dbus.service.BusName("org.example.PyService", bus)
    Types(bus, "/org/example/Py")

    def on_signal(text, **kwargs):
        print("GOT-SIGNAL", text, kwargs.get("path"), flush=True)

    bus.add_signal_receiver(on_signal, signal_name="Hello", dbus_interface="org.example.Swift1",
                            path_keyword="path")
    print("READY", bus.get_unique_name(), flush=True)
    GLib.MainLoop().run()


main()

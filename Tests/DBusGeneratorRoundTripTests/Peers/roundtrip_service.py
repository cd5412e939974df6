#!/usr/bin/python3
"""org.example.RoundTrip1 in python3-dbus, for interop tests of generated Swift proxies.

Usage: roundtrip_service.py BUS_ADDRESS BUS_NAME
Serves /org/example/RoundTrip1 and prints "READY" once BUS_NAME is owned. Exits when the bus goes away.
"""
import os
import sys

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

IFACE = "org.example.RoundTrip1"
PROPS = "org.freedesktop.DBus.Properties"


class Failure(dbus.DBusException):
    def __init__(self, name, message):
        super().__init__(message, name=name)


class RoundTrip(dbus.service.Object):
    def __init__(self, bus, path):
        super().__init__(bus, path)
        self.notes = []
        self.props = {
            "Label": dbus.String("python"),
            "Level": dbus.UInt32(1),
            "Serial": dbus.String("PY-1"),
            "Ticks": dbus.UInt64(0),
            "Origin": dbus.Struct((dbus.Int32(3), dbus.Int32(4)), signature="ii"),
        }
        self.secret = ""

    @dbus.service.method(IFACE, in_signature="ybnqiuxtdsog", out_signature="ybnqiuxtdsog")
    def EchoBasics(self, y, b, n, q, i, u, x, t, d, s, o, g):
        return y, b, n, q, i, u, x, t, d, s, o, g

    @dbus.service.method(IFACE, in_signature="ay", out_signature="ay", byte_arrays=True)
    def EchoBytes(self, data):
        return dbus.ByteArray(data)

    @dbus.service.method(IFACE, in_signature="v", out_signature="v")
    def EchoVariant(self, value):
        return value

    @dbus.service.method(IFACE, in_signature="a{sv}", out_signature="a{sv}")
    def EchoOptions(self, options):
        return dbus.Dictionary(options, signature="sv")

    @dbus.service.method(IFACE, in_signature="a(iiuu)", out_signature="a(iiuu)")
    def EchoRects(self, rects):
        return dbus.Array(rects, signature="(iiuu)")

    @dbus.service.method(IFACE, in_signature="a{sa(s(ii)as)}", out_signature="a{sa(s(ii)as)}")
    def EchoNested(self, tree):
        return dbus.Dictionary(tree, signature="sa(s(ii)as)")

    @dbus.service.method(IFACE, in_signature="hu", out_signature="ayh", byte_arrays=True)
    def ReadDescriptor(self, fd, length):
        raw = fd.take()
        data = os.read(raw, int(length))
        reply = dbus.types.UnixFd(raw)
        os.close(raw)
        return dbus.ByteArray(data), reply

    @dbus.service.method(IFACE, in_signature="ss", out_signature="")
    def Fail(self, name, message):
        raise Failure(name or "org.freedesktop.DBus.Error.Failed", message)

    @dbus.service.method(IFACE, in_signature="s", out_signature="")
    def Record(self, note):
        self.notes.append(note)

    @dbus.service.method(IFACE, in_signature="", out_signature="as")
    def Recorded(self):
        return dbus.Array(self.notes, signature="s")

    @dbus.service.method(IFACE, in_signature="su", out_signature="")
    def Emit(self, text, count):
        self.Announced(text, count)

    @dbus.service.signal(IFACE, signature="su")
    def Announced(self, text, count):
        pass

    @dbus.service.signal(IFACE, signature="(ii)")
    def Moved(self, origin):
        pass

    @dbus.service.method(PROPS, in_signature="ss", out_signature="v")
    def Get(self, interface, name):
        if name not in self.props:
            raise Failure("org.freedesktop.DBus.Error.UnknownProperty", name)
        return self.props[name]

    @dbus.service.method(PROPS, in_signature="s", out_signature="a{sv}")
    def GetAll(self, interface):
        return dbus.Dictionary(self.props, signature="sv")

    @dbus.service.method(PROPS, in_signature="ssv", out_signature="")
    def Set(self, interface, name, value):
        if name == "Secret":
            self.secret = value
            return
        if name in ("Serial", "Origin") or name not in self.props:
            raise Failure("org.freedesktop.DBus.Error.PropertyReadOnly", name)
        self.props[name] = value
        if name == "Label":
            self.PropertiesChanged(IFACE, {"Label": value}, [])
        elif name == "Level":
            self.PropertiesChanged(IFACE, {}, ["Level"])

    @dbus.service.signal(PROPS, signature="sa{sv}as")
    def PropertiesChanged(self, interface, changed, invalidated):
        pass


def main():
    address, name = sys.argv[1], sys.argv[2]
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    bus = dbus.bus.BusConnection(address)
    loop = GLib.MainLoop()
    bus.call_on_disconnection(lambda _: loop.quit())
    RoundTrip(bus, "/org/example/RoundTrip1")
    bus.request_name(name)
    print("READY", flush=True)
    loop.run()


if __name__ == "__main__":
    main()

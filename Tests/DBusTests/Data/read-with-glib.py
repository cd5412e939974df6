#!/usr/bin/python3
"""Reads D-Bus messages with GLib's GDBusMessage and prints what GLib sees, one line each.

Usage: /usr/bin/python3 read-with-glib.py DIR
For every DIR/*.bin (sorted): file name, byte order, type, flags, serial, each header field GLib
reports, and the body in GVariant text form, tab-separated. A message GLib rejects prints
"REJECTED" and the error. GoldenMessageInteropTests runs this on GLib's own golden messages and
on the same messages built by the Swift runtime, and expects identical lines.
"""
import os
import sys

import gi
gi.require_version("Gio", "2.0")
from gi.repository import Gio


def describe(path):
    with open(path, "rb") as f:
        blob = f.read()
    try:
        m = Gio.DBusMessage.new_from_blob(blob, Gio.DBusCapabilityFlags.UNIX_FD_PASSING)
    except Exception as error:  # GLib raises GLib.Error for malformed input
        return "REJECTED\t%s" % error
    body = m.get_body()
    fields = []
    for code in m.get_header_fields():
        fields.append("%d=%s" % (code, m.get_header(code).print_(True)))
    return "\t".join([
        "le" if m.get_byte_order() == Gio.DBusMessageByteOrder.LITTLE_ENDIAN else "be",
        str(int(m.get_message_type())), str(int(m.get_flags())), str(m.get_serial()),
        " ".join(sorted(fields)),
        body.print_(True) if body is not None else "-",
    ])


def main():
    directory = sys.argv[1]
    for name in sorted(os.listdir(directory)):
        if name.endswith(".bin"):
            print("%s\t%s" % (name, describe(os.path.join(directory, name))))


if __name__ == "__main__":
    main()

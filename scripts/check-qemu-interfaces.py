#!/usr/bin/python3
"""Sanity checks for the project's QEMU interface files in Interfaces/.

Run with Debian's /usr/bin/python3 (it needs PyGObject for GLib's signature validator):

    scripts/check-qemu-interfaces.py                    # check Interfaces/org.qemu.*.xml
    scripts/check-qemu-interfaces.py --list             # print one line per member
    scripts/check-qemu-interfaces.py --list --before 7.2  # only members QEMU 7.2 has

Checks, for every file:
  * well-formed XML (xml.dom.minidom);
  * QEMU's processing instructions (if / else / endif on $(env.VAR) == or != value) are balanced
    and only use those forms;
  * every type is a single complete type according to GLib.Variant.is_signature;
  * directions are 'in' or 'out' and property access is read, write or readwrite;
  * every interface, method and property has a gtk-doc comment whose first line names it, every
    method argument has an '@name:' line, and no '@name:' line names a missing argument;
  * a "Not available before QEMU X.Y." note is well-formed;
  * each host variant (HOST_OS=linux and HOST_OS=windows), with the processing instructions
    applied, is accepted by GLib's own introspection parser (Gio.DBusNodeInfo.new_for_xml) and
    has no duplicate interface, member or argument names.

The --list output uses the same line format as the member lists that were compared by hand
against QEMU's own XML when the files were written (see docs/qemu-notes.md), so a diff against
such a list shows any mismatch in names, types, directions, access, annotations or conditions.
"""

import argparse
import pathlib
import re
import sys
import xml.dom.minidom

from gi.repository import Gio, GLib

PI_CONDITION = re.compile(r"^\$\(env\.([A-Za-z_][A-Za-z0-9_]*)\) (==|!=) (\S+)$")
SINCE_NOTE = re.compile(r"Not available before QEMU (\d+)\.(\d+)")
DOC_ARG = re.compile(r"^@([A-Za-z_][A-Za-z0-9_]*):")


class Problems:
    def __init__(self):
        self.items = []

    def add(self, path, node, message):
        self.items.append(f"{path}: {describe(node)}: {message}")


def describe(node):
    parts = []
    while node is not None and node.nodeType == node.ELEMENT_NODE:
        name = node.getAttribute("name")
        parts.append(f"{node.tagName}[{name}]" if name else node.tagName)
        node = node.parentNode
    return "/".join(reversed(parts))


def walk(parent, conditions, on_element):
    """Visits element children of `parent` with the list of PI conditions guarding each.

    Returns an error message for unbalanced or unknown instructions, else None.
    """
    stack = []  # conditions opened inside this parent
    for child in parent.childNodes:
        if child.nodeType == child.PROCESSING_INSTRUCTION_NODE:
            target, data = child.target, child.data.strip()
            if target == "if":
                if not PI_CONDITION.match(data):
                    return f"unsupported condition '<?if {data}?>'"
                stack.append(data)
            elif target == "else":
                if not stack or stack[-1].startswith("NOT("):
                    return "'<?else?>' without a matching '<?if?>'"
                stack[-1] = f"NOT({stack[-1]})"
            elif target == "endif":
                if not stack:
                    return "'<?endif?>' without a matching '<?if?>'"
                stack.pop()
            else:
                return f"unsupported processing instruction '<?{target}?>'"
        elif child.nodeType == child.ELEMENT_NODE:
            on_element(child, conditions + stack)
    if stack:
        return f"'<?if {stack[-1]}?>' is never closed"
    return None


VARIANTS = {"linux": {"HOST_OS": "linux"}, "windows": {"HOST_OS": "windows"}}


def condition_holds(condition, environment):
    if condition.startswith("NOT("):
        return not condition_holds(condition[4:-1], environment)
    variable, operator, value = PI_CONDITION.match(condition).groups()
    return (environment.get(variable) == value) == (operator == "==")


def apply_variant(parent, environment):
    """Removes processing instructions and the elements they exclude, in place."""
    active = []  # one flag per open <?if?>
    for child in list(parent.childNodes):
        if child.nodeType == child.PROCESSING_INSTRUCTION_NODE:
            if child.target == "if":
                active.append(condition_holds(child.data.strip(), environment))
            elif child.target == "else":
                active[-1] = not active[-1]
            elif child.target == "endif":
                active.pop()
            parent.removeChild(child)
        elif not all(active):
            parent.removeChild(child)
        elif child.nodeType == child.ELEMENT_NODE:
            apply_variant(child, environment)


def check_variants(path, problems):
    """Parses each host variant with GLib and looks for duplicate names."""
    for variant, environment in VARIANTS.items():
        document = xml.dom.minidom.parse(str(path))
        apply_variant(document.documentElement, environment)
        try:
            info = Gio.DBusNodeInfo.new_for_xml(document.documentElement.toxml())
        except GLib.Error as error:
            problems.items.append(f"{path}: variant {variant}: GLib rejects it: {error.message}")
            continue
        def duplicates(names):
            return sorted({name for name in names if names.count(name) > 1})
        for name in duplicates([i.name for i in info.interfaces]):
            problems.items.append(f"{path}: variant {variant}: interface {name} appears twice")
        for interface in info.interfaces:
            members = [m.name for m in interface.methods] + [p.name for p in interface.properties] + [s.name for s in interface.signals]
            for name in duplicates(members):
                problems.items.append(f"{path}: variant {variant}: {interface.name}.{name} appears twice")
            for method in interface.methods:
                for name in duplicates([a.name for a in (method.in_args or []) + (method.out_args or [])]):
                    problems.items.append(f"{path}: variant {variant}: {interface.name}.{method.name} has two arguments named {name}")


def doc_comment(element):
    """The nearest preceding comment, skipping whitespace and processing instructions."""
    node = element.previousSibling
    while node is not None:
        if node.nodeType == node.COMMENT_NODE:
            return node.data
        if node.nodeType == node.TEXT_NODE and not node.data.strip():
            node = node.previousSibling
            continue
        if node.nodeType == node.PROCESSING_INSTRUCTION_NODE:
            node = node.previousSibling
            continue
        return None
    return None


def parse_doc(text):
    lines = [line.strip() for line in text.strip().splitlines()]
    if not lines or not lines[0].endswith(":"):
        return None, set(), text
    symbol = lines[0][:-1]
    args = {m.group(1) for m in (DOC_ARG.match(line) for line in lines[1:]) if m}
    return symbol, args, text


def since(text):
    match = SINCE_NOTE.search(text or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def format_condition(conditions):
    return " && ".join(conditions)


class Checker:
    def __init__(self, path, problems):
        self.path = path
        self.problems = problems
        self.lines = []

    def check_doc(self, element, symbol, arg_names=()):
        text = doc_comment(element)
        if text is None:
            self.problems.add(self.path, element, "no documentation comment")
            return None
        name, documented, _ = parse_doc(text)
        if name != symbol:
            self.problems.add(self.path, element, f"doc comment names '{name}', expected '{symbol}'")
            return None
        for arg in arg_names:
            if arg not in documented:
                self.problems.add(self.path, element, f"argument '{arg}' has no '@{arg}:' line")
        for extra in sorted(documented - set(arg_names)):
            self.problems.add(self.path, element, f"'@{extra}:' names no argument")
        if "Not available before" in text and since(text) is None:
            self.problems.add(self.path, element, "malformed 'Not available before QEMU X.Y.' note")
        return text

    def check_type(self, element):
        signature = element.getAttribute("type")
        if not GLib.Variant.is_signature(signature) or not GLib.VariantType.string_is_valid(signature):
            self.problems.add(self.path, element, f"'{signature}' is not a single complete type")
        return signature

    def annotations(self, element, short):
        result = []
        for child in element.childNodes:
            if child.nodeType == child.ELEMENT_NODE and child.tagName == "annotation":
                name, value = child.getAttribute("name"), child.getAttribute("value")
                if short and value == "true":
                    result.append("@" + name.rsplit(".", 1)[-1])
                else:
                    result.append(f" @{name}={value}")
        return "".join(result)

    def run(self, document):
        root = document.documentElement
        if root.tagName != "node":
            self.problems.add(self.path, root, "root element must be <node>")
            return
        self.report(root, walk(root, [], self.interface))

    def report(self, element, error):
        if error:
            self.problems.add(self.path, element, error)

    def interface(self, element, conditions):
        if element.tagName != "interface":
            self.problems.add(self.path, element, "only <interface> is expected in <node>")
            return
        name = element.getAttribute("name")
        text = self.check_doc(element, name)
        self.lines.append((since(text), f"interface {name}" + (f" [{format_condition(conditions)}]" if conditions else "")))
        self.report(element, walk(element, conditions, lambda member, c: self.member(member, c, since(text))))

    def member(self, element, conditions, interface_since):
        name = element.getAttribute("name")
        condition = f" [{format_condition(conditions)}]" if conditions else ""
        if element.tagName == "method":
            args = []
            def arg(child, arg_conditions):
                if child.tagName == "annotation":
                    return
                if child.tagName != "arg":
                    self.problems.add(self.path, child, "unexpected element in <method>")
                    return
                direction = child.getAttribute("direction") or "in"
                if direction not in ("in", "out"):
                    self.problems.add(self.path, child, f"direction '{direction}' is not 'in' or 'out'")
                own = arg_conditions[len(conditions):]
                suffix = f"[{format_condition(own)}]" if own else ""
                args.append((child.getAttribute("name"),
                             f"{direction} {child.getAttribute('name')}:{self.check_type(child)}{self.annotations(child, True)}{suffix}"))
            self.report(element, walk(element, conditions, arg))
            text = self.check_doc(element, name, sorted({a for a, _ in args}))
            line = f"  method {name}({', '.join(text for _, text in args)}){condition}"
        elif element.tagName == "property":
            access = element.getAttribute("access")
            if access not in ("read", "write", "readwrite"):
                self.problems.add(self.path, element, f"access '{access}' is not read, write or readwrite")
            text = self.check_doc(element, name)
            line = f"  property {name}:{self.check_type(element)} {access}{self.annotations(element, False)}{condition}"
        elif element.tagName == "signal":
            text = self.check_doc(element, name)
            line = f"  signal {name}"
        else:
            self.problems.add(self.path, element, "unexpected element in <interface>")
            return
        self.lines.append((since(text) or interface_since, line))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=pathlib.Path)
    parser.add_argument("--list", action="store_true", help="print one line per interface and member")
    parser.add_argument("--before", help="with --list, drop members documented as newer than this QEMU version (e.g. 7.2)")
    options = parser.parse_args()
    files = options.files or sorted((pathlib.Path(__file__).parent.parent / "Interfaces").glob("org.qemu.*.xml"))

    problems = Problems()
    listing = []
    for path in files:
        try:
            document = xml.dom.minidom.parse(str(path))
        except Exception as error:  # expat reports line and column in the message
            problems.items.append(f"{path}: not well-formed XML: {error}")
            continue
        checker = Checker(path, problems)
        checker.run(document)
        listing.extend(checker.lines)
        if not problems.items:
            check_variants(path, problems)

    if options.list:
        limit = tuple(int(p) for p in options.before.split(".")) if options.before else None
        for version, line in listing:
            if limit is None or version is None or version <= limit:
                if limit is not None:
                    line = re.sub(r"\[NOT\(\$\(env\.HOST_OS\) == windows\)\]", "", line)
                    line = re.sub(r"in [a-z_]+:ay@ForceGVariant\[\$\(env\.HOST_OS\) == windows\], ", "", line)
                    line = line.replace(" [$(env.HOST_OS) != windows]", "")
                print(line)
    for item in problems.items:
        print(item, file=sys.stderr)
    if problems.items:
        print(f"{len(problems.items)} problem(s)", file=sys.stderr)
        return 1
    if not options.list:
        print(f"ok: {len(files)} file(s), {sum(1 for _, l in listing if l.startswith('interface'))} interfaces, "
              f"{sum(1 for _, l in listing if not l.startswith('interface'))} members")
    return 0


if __name__ == "__main__":
    sys.exit(main())

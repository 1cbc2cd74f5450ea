#!/usr/bin/env python3
"""synth_schema.py - equivalent synthetic schemas for the compiler section of `make bench`.

One schema of N classes, each of 8 attributes, written in one of three forms that describe the
same classes, so that slotgen, protoc-c and nanopb compile the same thing:

    python3 bench/synth_schema.py [--format yaml|proto|options] [-o FILE] N

  yaml     slotgen YAML (the default): classes C0 .. C{N-1}; every even-numbered class is
           slotted (`slots: true`), so half the classes are; attribute j of class i is named
           a{j}_{i % 7} and has the j-th type of u32, string, i64, f64, bool, u8, string, i16.
  proto    the same classes as proto3 messages C0 .. C{N-1} in package `synth`, fields 1..8 with
           the same names: uint32, string, int64, double, bool, uint32, string, int32 (protobuf
           has no 8- or 16-bit integers; "slotted" has no counterpart, a comment says which).
           Plain proto3 scalars carry no presence flag, as slotgen's attributes carry none.
  options  the nanopb options for that .proto (nanopb_generator reads NAME.options beside
           NAME.proto, so the .proto stays plain for protoc-c): the u8 and i16 fields get
           int_size IS_8 / IS_16 (uint8_t, int16_t, as in slotgen's structs) and every string
           field is type FT_POINTER (a `char *`, as slotgen and protobuf-c hold strings;
           compile with -DPB_ENABLE_MALLOC).

The output depends on N and the format only (no time, no randomness): the same arguments give
the same bytes. The YAML is the one issue 9 measured its baseline on.
"""
import argparse
import sys

# ORDER ATTR: the 8 attributes, in order: slotgen type, proto3 type, nanopb option or None.
ATTRS = (
    ("u32", "uint32", None),
    ("string", "string", "type:FT_POINTER"),
    ("i64", "int64", None),
    ("f64", "double", None),
    ("bool", "bool", None),
    ("u8", "uint32", "int_size:IS_8"),
    ("string", "string", "type:FT_POINTER"),
    ("i16", "int32", "int_size:IS_16"),
)


def attr_name(i, j):
    """The name of attribute j of class i (names repeat across classes, as in real schemas)."""
    return "a%d_%d" % (j, i % 7)


def gen_yaml(n):
    out = ["slotgen: 1", "classes:"]
    for i in range(n):
        out.append("  C%d:" % i)
        if i % 2 == 0:
            out.append("    slots: true")
        out.append("    attributes:")
        for j, (sg_type, _, _) in enumerate(ATTRS):
            out.append("      %s: %s" % (attr_name(i, j), sg_type))
    return out


def gen_proto(n):
    out = ["// %d classes x 8 attributes, the same as `synth_schema.py --format yaml %d`." % (n, n),
           "// Even-numbered messages are the slotted classes of the YAML.",
           'syntax = "proto3";', "", "package synth;", ""]
    for i in range(n):
        out.append("message C%d {" % i)
        for j, (_, pb_type, _) in enumerate(ATTRS):
            out.append("  %s %s = %d;" % (pb_type, attr_name(i, j), j + 1))
        out.append("}")
    return out


def gen_options(n):
    # One wildcard line per optioned attribute: "*.a1_*" matches a1_k of every message.
    out = ["# nanopb options for the %d-class synth .proto (see bench/synth_schema.py)." % n]
    for j, (_, _, opt) in enumerate(ATTRS):
        if opt is not None:
            out.append("*.a%d_* %s" % (j, opt))
    return out


def main(argv):
    ap = argparse.ArgumentParser(description="Write an N-class synthetic schema.")
    ap.add_argument("--format", choices=("yaml", "proto", "options"), default="yaml")
    ap.add_argument("-o", "--output", help="write to this file (default: stdout)")
    ap.add_argument("n", type=int, help="number of classes (>= 1)")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be at least 1")
    lines = {"yaml": gen_yaml, "proto": gen_proto, "options": gen_options}[args.format](args.n)
    text = "\n".join(lines) + "\n"
    if args.output:
        with open(args.output, "w", encoding="ascii", newline="\n") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

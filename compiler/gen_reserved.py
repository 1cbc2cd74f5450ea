#!/usr/bin/env python3
"""gen_reserved.py - writes compiler/names_reserved.inc, the identifiers that the C standard
headers (those generated code includes, and the others a program using it may include) and
slotgen.h declare or define, in every dialect slotgen supports.

Usage (from the top of the tree; needs gcc, g++, clang and clang++):

    make reserved-table        # python3 compiler/gen_reserved.py > compiler/names_reserved.inc

The generated header includes <stdbool.h>, <stddef.h>, <stdint.h>, <string.h> and
<slotgen.h>; the generated source adds <math.h>. A program that includes a generated header
may include any other standard header before it, and a macro of that header would rewrite a
struct member; so the list is every C11 standard header (C_HEADERS), each available one. For
each compiler and standard below (and gnu17 with _GNU_SOURCE, for POSIX and GNU extensions of
those headers), this script preprocesses a file including them with -dM to list every macro
(predefined ones such as 'linux' and 'unix' included), and asks clang for the declarations of
the same file (-Xclang -ast-dump=json) in the same dialect: functions, variables, typedefs,
struct, union and enum tags, enum constants, namespaces and using-declarations at file scope.
To that it adds the macros GCC predefines in its traditional (GNU) dialects on other targets
(TRADITIONAL below), which this host cannot show. Names reserved to the implementation
('__x', '_X') are left out: no schema name can take that form.

The output holds two sorted (strcmp order) tables for bsearch: every name ('reserved_names')
and the subset that are only functions, function-like macros or using-declarations (of
functions, in practice) ('reserved_functions'), which a struct member or a parameter may still
use: a function-like macro expands only before '(', C keeps members apart, and gcc and clang
do not warn when a parameter hides a function. Re-run it after changing the includes of
generated code.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

HEADERS = ["stdbool.h", "stddef.h", "stdint.h", "string.h", "math.h", "slotgen.h"]
C_HEADERS = """
    assert.h complex.h ctype.h errno.h fenv.h float.h inttypes.h iso646.h limits.h locale.h
    setjmp.h signal.h stdalign.h stdarg.h stdio.h stdlib.h stdnoreturn.h tgmath.h time.h
    uchar.h wchar.h wctype.h
""".split()

DIALECTS = [
    ("gcc", "c", s) for s in ("c99", "c11", "c17", "gnu99", "gnu11", "gnu17")
] + [
    ("clang", "c", s) for s in ("c99", "c11", "c17", "gnu99", "gnu11", "gnu17")
] + [
    ("gcc", "c", "gnu17 -D_GNU_SOURCE"), ("clang", "c", "gnu17 -D_GNU_SOURCE"),
] + [
    ("g++", "c++", s) for s in (None, "c++11", "c++17", "gnu++11")
] + [
    ("clang++", "c++", s) for s in (None, "c++11", "c++17", "gnu++11")
]

# Macros without a leading underscore that GCC's target configurations predefine in GNU
# dialects (builtin_define_std and friends), for targets other than this host.
TRADITIONAL = """
    AIX BSD M68020 MIPSEB MIPSEL MVS PWB R3000 R4000 SVR4 WIN32 WINNT bsd4_2 bsd4_3
    gould host_mips hp200 hp300 hp9000 hp9000s200 hp9000s300 hp9000s500 hp9000s700
    hp9000s800 hp800 hppa hpux i386 i486 i586 i686 ibm032 linux m68k mc68000 mc68010
    mc68020 mips mvs ns32000 pdp11 pyr sequent sgi sparc sun sun3 sun4 svr4 tahoe u370 u3b
    u3b15 u3b2 u3b20 u3b5 ultrix unix vax
""".split()

RESERVED_FORM = re.compile(r"^(__|_[A-Z])")


def run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def std_flags(std):
    if not std:
        return []
    words = std.split()
    return ["-std=" + words[0]] + words[1:]


def macros(cc, lang, std, src):
    cmd = [cc] + std_flags(std) + ["-x", lang, "-dM", "-E", "-Iruntime", src]
    out = {}
    for line in run(cmd).splitlines():
        m = re.match(r"#define (\w+)(\()?", line)
        if m:
            out[m.group(1)] = "function" if m.group(2) else "macro"
    return out


def walk(node, decls):
    kind = node.get("kind", "")
    if kind in ("LinkageSpecDecl",):
        for child in node.get("inner", []):
            walk(child, decls)
        return
    name = node.get("name")
    if kind == "EnumDecl":
        for child in node.get("inner", []):
            if child.get("kind") == "EnumConstantDecl":
                decls.setdefault(child["name"], set()).add("constant")
    if not name or node.get("isImplicit"):
        return
    name = name.split("::")[-1]
    what = "function" if kind in ("FunctionDecl", "UsingDecl") else "other"
    decls.setdefault(name, set()).add(what)


def declarations(cc, lang, std, src):
    clang = "clang++" if lang == "c++" else "clang"
    cmd = [clang] + std_flags(std) + ["-x", lang, "-fsyntax-only", "-Xclang", "-ast-dump=json",
                                      "-Iruntime", src]
    decls = {}
    for node in json.loads(run(cmd)).get("inner", []):
        walk(node, decls)
    return decls


def available(cc, lang, std, tmp, header):
    """Whether 'header' compiles alone in this dialect (threads.h, uchar.h may be missing)."""
    src = os.path.join(tmp, "probe.c")
    with open(src, "w") as f:
        f.write("#include <%s>\n" % header)
    cmd = [cc] + std_flags(std) + ["-x", lang, "-fsyntax-only", src]
    return subprocess.run(cmd, capture_output=True).returncode == 0


def main():
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in.c")
        kinds = {}
        for cc, lang, std in DIALECTS:
            extra = [h for h in C_HEADERS if available(cc, lang, std, tmp, h)]
            with open(src, "w") as f:
                f.writelines("#include <%s>\n" % h for h in extra + HEADERS)
            for name, what in macros(cc, lang, std, src).items():
                kinds.setdefault(name, set()).add(what)
            for name, what in declarations(cc, lang, std, src).items():
                kinds.setdefault(name, set()).update(what)
    for name in TRADITIONAL:
        kinds.setdefault(name, set()).add("macro")
    names = sorted(n for n in kinds if not RESERVED_FORM.match(n))
    functions = [n for n in names if kinds[n] == {"function"}]
    w = sys.stdout.write
    w("/* names_reserved.inc - generated by compiler/gen_reserved.py; DO NOT EDIT (re-run it).\n")
    w(" * What the C standard headers and slotgen.h declare or define in every dialect of the\n")
    w(" * compile matrix, plus GCC's traditional target macros. Sorted for bsearch. */\n\n")
    for table, items in (("reserved_names", names), ("reserved_functions", functions)):
        w("static const char *const %s[] = {\n" % table)
        line = "   "
        for n in items:
            item = ' "%s",' % n
            if len(line) + len(item) > 96:
                w(line + "\n")
                line = "   "
            line += item
        w(line + "\n};\n\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Checks that the kernel files of an `rnnc --emit=hls` project stay inside
the synthesizable C++ subset.

    check_hls_subset.py DIR

Scans DIR/<top>.cpp, DIR/<top>.h, DIR/<top>_weights.h and DIR/rnn_hls.h
(the code Vitis HLS synthesizes; the testbench, rnn_npy.h and the
replacements of Xilinx's headers, rnn_ap_fixed.h and rnn_hls_stream.h,
whose own headers Vitis uses instead, are host code)
after removing comments and string literals, and fails on:
dynamic memory (new, delete, malloc, calloc, realloc, free), STL containers
and strings (std::vector, std::string, std::map, ..., and their headers),
virtual functions, exceptions (throw, try), function pointers passed as
`(*name)`, goto, and recursion (a function whose body names itself).
Exit status 1 with one line per finding.
"""

import glob
import os
import re
import sys

FORBIDDEN = [
    (r"\bnew\b", "dynamic memory (new)"),
    (r"\bdelete\b", "dynamic memory (delete)"),
    (r"\b(malloc|calloc|realloc|free)\s*\(", "dynamic memory (C allocation)"),
    (r"\bstd::(vector|string|map|unordered_map|set|list|deque|function|"
     r"shared_ptr|unique_ptr)\b", "STL container / dynamic object"),
    (r"#\s*include\s*<(vector|string|map|unordered_map|set|list|deque|"
     r"functional|memory|iostream)>", "STL header"),
    (r"\bvirtual\b", "virtual function"),
    (r"\b(throw|try|catch)\b", "exceptions"),
    (r"\bgoto\b", "goto"),
    (r"\(\s*\*\s*\w+\s*\)\s*\(", "function pointer"),
]


def strip(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    return re.sub(r'"(\\.|[^"\\])*"', '""', text)


def functions(text):
    """(name, body) of each function definition at brace depth 0 or in a
    namespace, found by matching braces after `name(...) {`."""
    out = []
    for m in re.finditer(r"\b(\w+)\s*\([^;{}()]*(\([^()]*\)[^;{}()]*)*\)\s*"
                         r"(const\s*)?\{", text):
        name = m.group(1)
        if name in ("if", "for", "while", "switch", "return", "sizeof"):
            continue
        depth, i = 1, m.end()
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        out.append((name, text[m.end():i - 1]))
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    d = sys.argv[1]
    kernels = [p for p in glob.glob(os.path.join(d, "*.cpp"))
               if not p.endswith("_tb.cpp")]
    files = kernels + [p for p in glob.glob(os.path.join(d, "*.h"))
                       if os.path.basename(p) not in ("rnn_npy.h",
                                                      "rnn_ap_fixed.h",
                                                      "rnn_hls_stream.h")]
    findings = []
    for path in files:
        text = strip(open(path).read())
        for pattern, what in FORBIDDEN:
            for m in re.finditer(pattern, text):
                line = text.count("\n", 0, m.start()) + 1
                findings.append(f"{path}:{line}: {what}: '{m.group(0)}'")
        for name, body in functions(text):
            if re.search(r"(?<![.>\w])" + re.escape(name) + r"\s*\(", body):
                findings.append(f"{path}: recursion: '{name}' calls itself")
    for f in findings:
        print(f)
    print(f"check_hls_subset: {len(files)} files, {len(findings)} findings")
    sys.exit(1 if findings else 0)


if __name__ == "__main__":
    main()

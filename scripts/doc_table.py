#!/usr/bin/env python3
"""Shared helper of the benchmark and accuracy scripts: refreshes a generated
table inside a markdown document."""

import re


def update_doc(path, marker, table):
    """Replaces the text between <!-- marker --> and <!-- /marker --> in path."""
    with open(path) as f:
        doc = f.read()
    doc = re.sub(rf"<!-- {marker} -->.*<!-- /{marker} -->",
                 lambda _: f"<!-- {marker} -->\n{table}<!-- /{marker} -->", doc, flags=re.S)
    with open(path, "w") as f:
        f.write(doc)

#!/usr/bin/python3
"""Validates OSCAL assessment-results documents against NIST's published JSON schema.

Usage: validate_oscal.py [--schema FILE] DOCUMENT...

The schema (tests/oscal/oscal_assessment-results_schema.json, see SOURCE.txt) is JSON Schema
draft-07 whose patterns use the Unicode property escapes \\p{L} and \\p{N}, which Python's re
does not know: they are rewritten to [^\\W\\d_] (a letter) and \\d (a digit) before validating.
Formats are checked too, where the installed jsonschema has a checker for them.

Exit status: 0 every document is valid; 1 a document is invalid or unreadable (every error is
printed, one per line, with its place in the document); 2 bad command line or jsonschema missing.
"""

import json
import os
import sys

try:
    import jsonschema
    from jsonschema import Draft7Validator
except ImportError:
    print("validate_oscal: python3-jsonschema is not installed (scripts/install-deps.sh --test)")
    sys.exit(2)

DEFAULT_SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                              "oscal_assessment-results_schema.json")


def python_patterns(node):
    """The schema with every "pattern" rewritten for Python's re."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                value = value.replace("\\p{L}", "[^\\W\\d_]").replace("\\p{N}", "\\d")
            out[key] = python_patterns(value)
        return out
    if isinstance(node, list):
        return [python_patterns(item) for item in node]
    return node


def format_checker():
    checker = getattr(Draft7Validator, "FORMAT_CHECKER", None)
    return checker if checker is not None else jsonschema.draft7_format_checker


def place(error):
    return "/" + "/".join(str(p) for p in error.absolute_path)


def validate(validator, path):
    """Prints each error of one document; returns how many there were."""
    try:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
    except (OSError, ValueError) as e:
        print(f"{path}: not a JSON document: {e}")
        return 1
    errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        print(f"{path}: {place(error)}: {error.message}")
    return len(errors)


def main(argv):
    schema_path = DEFAULT_SCHEMA
    args = argv[1:]
    if len(args) >= 2 and args[0] == "--schema":
        schema_path = args[1]
        args = args[2:]
    if not args or any(a.startswith("--") for a in args):
        print("usage: validate_oscal.py [--schema FILE] DOCUMENT...")
        return 2
    with open(schema_path, encoding="utf-8") as f:
        schema = python_patterns(json.load(f))
    Draft7Validator.check_schema(schema)
    validator = Draft7Validator(schema, format_checker=format_checker())
    failed = 0
    for path in args:
        count = validate(validator, path)
        if count:
            failed += 1
        else:
            print(f"{path}: valid OSCAL {schema.get('$id', schema_path)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

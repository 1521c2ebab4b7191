#!/usr/bin/env python3
"""Judges a data·inclusion export with the official package
(`data-inclusion-schema`, pinned in .ci/run): every structure and service
must pass its pydantic models, which check more than its JSON Schema
(`date_maj` in the 21st century and not in the future, `tous-publics`
alone…).

Usage: validate-data-inclusion.py FILE.json — exits 0 when every record is
valid, 1 listing the bad ones, 2 when the package is missing (never a pass).
"""

import json
import sys

try:
    import pydantic
    from data_inclusion.schema.v1 import Service, Structure
except ImportError as error:
    print(
        f"Paquet data-inclusion-schema introuvable ({error}) : "
        "pip install data-inclusion-schema==1.0.10",
        file=sys.stderr,
    )
    sys.exit(2)


def main(path: str) -> int:
    with open(path, encoding="utf-8") as file:
        export = json.load(file)
    problems = []
    counts = {}
    for key, model in (("structures", Structure), ("services", Service)):
        records = export.get(key) or []
        counts[key] = len(records)
        for index, record in enumerate(records):
            try:
                model.model_validate(record)
            except pydantic.ValidationError as error:
                problems.append(f"{key}[{index}] ({record.get('id')}) : {error}")
    if not counts.get("structures") or not counts.get("services"):
        problems.append(f"export vide : {counts}")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"{counts['structures']} structure(s) et {counts['services']} service(s) valides")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

#!/usr/bin/env python3
"""Regenerate the reference data shipped in `data/` from the upstream packages.

Two sub-commands, each writing next to this script:

  geo PACKAGE_DATA_DIR
      Compact TSV files in data/geo/ from the `data/` folder of the npm package
      @etalab/decoupage-administratif 6.0.0 (communes.json, epci.json,
      departements.json, regions.json):

          npm pack @etalab/decoupage-administratif@6.0.0
          tar xzf etalab-decoupage-administratif-6.0.0.tgz
          python3 data/compact.py geo package/data

  data-inclusion
      enums.json, service.schema.json and structure.schema.json in
      data/data-inclusion-v1/ from the PyPI package data-inclusion-schema 1.0.10
      (needs it importable, with its dependencies pydantic[email] and pendulum):

          python3 -m venv /tmp/di && /tmp/di/bin/pip install data-inclusion-schema==1.0.10
          /tmp/di/bin/python data/compact.py data-inclusion

Only the Python standard library is used by the `geo` command. The output is
deterministic: running it twice on the same input gives the same bytes.
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Order of the enumerations in enums.json (the names of the classes in
# data_inclusion.schema.v1).
ENUMS = [
    "Categorie",
    "Thematique",
    "Public",
    "TypeService",
    "ModeAccueil",
    "Frais",
    "ModeMobilisation",
    "PersonneMobilisatrice",
    "ReseauPorteur",
]


def field(value):
    """A TSV cell: the value as text, refusing anything that would break a row."""
    text = "" if value is None else str(value)
    if any(ch in text for ch in "\t\r\n"):
        raise ValueError(f"tab or newline in {text!r}")
    return text


def write_tsv(path, header, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("\t".join(header) + "\n")
        for row in rows:
            if len(row) != len(header):
                raise ValueError(f"{path.name}: bad row {row!r}")
            out.write("\t".join(field(cell) for cell in row) + "\n")
    print(f"{path.relative_to(HERE.parent)}: {len(rows)} rows, {path.stat().st_size} bytes")


def load(directory, name):
    with open(Path(directory) / name, encoding="utf-8") as f:
        return json.load(f)


def com_last(item):
    """Sort key: départements/régions first, collectivités d'outre-mer last."""
    return (item["zone"] == "com", item["code"])


def geo(directory):
    out = HERE / "geo"

    regions = sorted(load(directory, "regions.json"), key=com_last)
    write_tsv(
        out / "regions.tsv",
        ["code", "name", "zone"],
        [[r["code"], r["nom"], r["zone"]] for r in regions],
    )

    departements = sorted(load(directory, "departements.json"), key=com_last)
    write_tsv(
        out / "departements.tsv",
        ["code", "name", "region", "zone"],
        [[d["code"], d["nom"], d["region"], d["zone"]] for d in departements],
    )

    # Keep the current communes and the arrondissements municipaux of Paris,
    # Lyon and Marseille (their `commune` is the parent city). Communes
    # déléguées and associées are left out: their codes may repeat the code of
    # the current commune they belong to.
    communes = [
        c
        for c in load(directory, "communes.json")
        if c["type"] in ("commune-actuelle", "arrondissement-municipal")
    ]
    communes.sort(key=lambda c: c["code"])
    codes = [c["code"] for c in communes]
    if len(codes) != len(set(codes)):
        raise ValueError("duplicate commune code")
    write_tsv(
        out / "communes.tsv",
        ["code", "name", "departement", "population", "parent"],
        [
            [c["code"], c["nom"], c["departement"], c.get("population"), c.get("commune")]
            for c in communes
        ],
    )

    epcis = sorted(load(directory, "epci.json"), key=lambda e: e["code"])
    known = set(codes)
    for e in epcis:
        for m in e["membres"]:
            if m["code"] not in known:
                raise ValueError(f"EPCI {e['code']}: unknown member {m['code']}")
    write_tsv(
        out / "epci.tsv",
        ["code", "name", "kind", "population", "members"],
        [
            [
                e["code"],
                e["nom"],
                e["type"],
                e["populationMunicipale"],
                ",".join(sorted(m["code"] for m in e["membres"])),
            ]
            for e in epcis
        ],
    )


def data_inclusion():
    from data_inclusion.schema import v1  # PyPI: data-inclusion-schema==1.0.10

    out = HERE / "data-inclusion-v1"
    out.mkdir(parents=True, exist_ok=True)
    enums = {
        name: [
            {"code": item.value, "label": item.label, "description": item.description}
            for item in getattr(v1, name)
        ]
        for name in ENUMS
    }
    documents = {
        "enums.json": enums,
        "service.schema.json": v1.Service.model_json_schema(),
        "structure.schema.json": v1.Structure.model_json_schema(),
    }
    for name, document in documents.items():
        path = out / name
        # No trailing newline, 1-space indent: the format of the published copy.
        path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{path.relative_to(HERE.parent)}: {path.stat().st_size} bytes")


def main(argv):
    if len(argv) == 3 and argv[1] == "geo":
        geo(argv[2])
    elif len(argv) == 2 and argv[1] == "data-inclusion":
        data_inclusion()
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

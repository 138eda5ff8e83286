# SPDX-License-Identifier: Apache-2.0
"""compiler/import/tflite/schema.fbs against TensorFlow Lite's own generated Python schema (the
installed tensorflow or tflite-micro package): every table of ours has every field of theirs at the same
id with the same name (deprecated slots included), both options unions list the same tables in the same
order, and ir/op_list.def has every BuiltinOperator code with its name. Skipped when neither package is
installed."""
import importlib.util
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "compiler" / "import" / "tflite" / "schema.fbs"
OP_LIST = REPO / "compiler" / "ir" / "op_list.def"


def _tflite_python_schema():
    for package, rel in (("tensorflow", "lite/python/schema_py_generated.py"),
                         ("tflite_micro", "tensorflow/lite/python/schema_py_generated.py")):
        spec = importlib.util.find_spec(package)
        if spec and spec.submodule_search_locations:
            for loc in spec.submodule_search_locations:
                f = Path(loc) / rel
                if f.is_file():
                    return f.read_text()
    pytest.skip("neither tensorflow nor tflite-micro (with its schema_py_generated.py) is installed")


def _classes(src):
    return {m.group(1): m.group(2) for m in
            re.finditer(r"^class (\w+)\(object\):\n(.*?)(?=^class |\Z)", src, re.S | re.M)}


def _snake(name):
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def _their_fields(body):
    """{id: snake name} of a table class: accessors reading vtable slot Offset(4 + 2 * id)."""
    out = {}
    for m in re.finditer(r"    def (\w+)\(self(?:, j)?\):\n(.*?)(?=\n    (?:def|#|@)|\n\S|\Z)", body, re.S):
        name, code = m.group(1), m.group(2)
        off = re.search(r"self\._tab\.Offset\((\d+)\)", code)
        helper = "VectorLen" in code or "GetVectorAsNumpy" in code or "return o == 0" in code
        if off and not helper:
            out[(int(off.group(1)) - 4) // 2] = _snake(name)
    return out


def _enum_members(body):
    return [l.split("=")[0].strip() for l in body.split("\n\n")[0].splitlines() if "=" in l]


def _our_tables(text):
    unions = set(re.findall(r"^union (\w+)", text, re.M))
    tables = {}
    for m in re.finditer(r"^table (\w+) \{(.*?)\}", text, re.S | re.M):
        fields = []
        for f in re.finditer(r"(\w+):([\w\[\]]+)", m.group(2)):
            name, ftype = f.group(1), f.group(2)
            if ftype in unions:
                fields.append(name + "_type")
            fields.append(name)
        tables[m.group(1)] = fields
    return tables


def test_tables_have_every_field_at_its_id():
    theirs = _classes(_tflite_python_schema())
    ours = _our_tables(SCHEMA.read_text())
    checked = 0
    for table, fields in ours.items():
        if table == "SparsityParameters" or table not in theirs:
            continue  # declared empty on purpose (sparse tensors are refused)
        their = _their_fields(theirs[table])
        if not their:
            assert not fields, f"{table}: TFLite's table has no fields"
            checked += 1
            continue
        for i, name in their.items():
            assert i < len(fields), f"{table}: field {i} '{name}' is missing"
            # Python accessor names lose underscores before digits ("options2" for "options_2").
            assert fields[i].replace("_", "") == name.replace("_", ""), \
                f"{table}: field {i} is '{fields[i]}', TFLite's is '{name}'"
        missing_slots = [i for i in range(len(fields)) if i not in their]
        assert all(fields[i].startswith("deprecated") for i in missing_slots), (table, missing_slots)
        checked += 1
    assert checked >= 160


def test_options_unions_list_the_same_tables():
    theirs = _classes(_tflite_python_schema())
    text = SCHEMA.read_text()
    for union in ("BuiltinOptions", "BuiltinOptions2"):
        ours = re.search(r"^union %s \{(.*?)\}" % union, text, re.S | re.M).group(1).split(",")
        ours = [x.strip() for x in ours if x.strip()]
        assert ["NONE"] + ours == _enum_members(theirs[union])


def test_op_list_has_every_builtin_code():
    theirs = _classes(_tflite_python_schema())
    codes = {}
    body = theirs["BuiltinOperator"].split("\n\n")[0]
    for l in body.splitlines():
        if "=" in l:
            name, code = [x.strip() for x in l.split("=")]
            codes[name] = int(code)
    ours = {m.group(1): int(m.group(2)) for m in
            re.finditer(r"^MF_IR_OP\((\w+), (-?\d+)\)", OP_LIST.read_text(), re.M)}
    for name, code in codes.items():
        if name == "CUSTOM":
            continue
        assert ours.get(name) == code, f"op_list.def: {name} should have code {code}"

"""Bot API 10.0 schema: decoding of wire parameters and type checking of requests."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).parent / "data" / "bot-api-10.0.schema.json"


class _Upload:
    """Marker for a parameter that arrived as a multipart file part."""

    def __repr__(self) -> str:
        return "<uploaded file>"


UPLOAD = _Upload()

_PRIMITIVES: dict[str, Callable[[Any], bool]] = {
    "String": lambda v: isinstance(v, str),
    "Integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "Float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "Boolean": lambda v: isinstance(v, bool),
    "InputFile": lambda v: v is UPLOAD,
}


def _kind(value: Any) -> str:
    if value is UPLOAD:
        return "an uploaded file"
    names = {bool: "boolean", int: "integer", float: "float", str: "string", list: "array"}
    return names.get(type(value), "object" if isinstance(value, dict) else type(value).__name__)


class Schema:
    """Methods and types of the Bot API, looked up case-insensitively by method name."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.version: str = data["version"]
        self.types: dict[str, Any] = data["types"]
        self.methods: dict[str, tuple[str, list[dict[str, Any]], list[str]]] = {
            name.lower(): (name, spec["fields"], spec["returns"])
            for name, spec in data["methods"].items()
        }

    @staticmethod
    @cache
    def load(path: Path = SCHEMA_PATH) -> Schema:
        """Load (once) the schema JSON shipped with the emulator."""
        return Schema(json.loads(path.read_text(encoding="utf-8")))

    def canonical(self, method: str) -> str | None:
        """The method's official spelling, or None when the Bot API has no such method."""
        entry = self.methods.get(method.lower())
        return entry[0] if entry else None

    def returns(self, method: str) -> list[str]:
        """The method's documented result types."""
        entry = self.methods.get(method.lower())
        return entry[2] if entry else []

    def sample(self, type_name: str, depth: int = 0) -> Any:
        """A minimal valid value of a type: required fields only, filled with neutral values."""
        if type_name.startswith("Array of ") or depth > 8:
            return []
        defaults = {"String": "", "Integer": 0, "Float": 0.0, "Boolean": True}
        if type_name in defaults:
            return defaults[type_name]
        spec = self.types.get(type_name, {})
        if "subtypes" in spec:
            return self.sample(spec["subtypes"][0], depth)
        fields = [f for f in spec.get("fields", []) if f["required"]]
        return {f["name"]: self.sample(f["types"][0], depth + 1) for f in fields}

    def decode(self, method: str, raw: Mapping[str, str]) -> dict[str, Any]:
        """Turn form values (strings, non-strings as JSON text) into typed values."""
        entry = self.methods.get(method.lower())
        field_types = {f["name"]: f["types"] for f in entry[1]} if entry else {}
        return {k: self._decode_value(v, field_types.get(k)) for k, v in raw.items()}

    def _decode_value(self, raw: str, types: list[str] | None) -> Any:
        try:
            decoded = json.loads(raw)
        except ValueError:
            return raw
        if types is None:
            return decoded
        if any(not self.match(decoded, t, "") for t in types if t != "String"):
            return decoded
        return raw if "String" in types else decoded

    def check(
        self, method: str, params: Mapping[str, Any], files: Mapping[str, bytes]
    ) -> list[str]:
        """Return readable violations of the method's signature (empty when the call is valid)."""
        entry = self.methods.get(method.lower())
        if entry is None:
            return [f"unknown method {method!r}"]
        name, fields, _ = entry
        values = dict(params)
        names = {f["name"] for f in fields}
        attached = json.dumps(params, default=repr)
        errors = []
        for part in files:
            if part in names:
                values[part] = UPLOAD
            elif f'"attach://{part}"' not in attached:
                errors.append(f"{name}: file part {part!r} is neither a parameter nor attached")
        return errors + self._match_fields(values, fields, name)

    def match(self, value: Any, type_name: str, path: str) -> list[str]:
        """Check a value against one type string such as ``Array of MessageEntity``."""
        if type_name.startswith("Array of "):
            if not isinstance(value, list):
                return [f"{path}: expected {type_name}, got {_kind(value)}"]
            item_type = type_name.removeprefix("Array of ")
            return [
                e
                for i, item in enumerate(value)
                for e in self.match(item, item_type, f"{path}[{i}]")
            ]
        if type_name in _PRIMITIVES:
            ok = _PRIMITIVES[type_name](value)
            return [] if ok else [f"{path}: expected {type_name}, got {_kind(value)}"]
        spec = self.types.get(type_name)
        if spec is None:
            return [f"{path}: schema has no type {type_name}"]
        if "subtypes" in spec:
            return self._match_any(value, spec["subtypes"], path)
        if not isinstance(value, dict):
            return [f"{path}: expected {type_name} object, got {_kind(value)}"]
        return self._match_fields(value, spec.get("fields", []), path)

    def _match_any(self, value: Any, types: list[str], path: str) -> list[str]:
        attempts = [self.match(value, t, path) for t in types]
        if any(not errors for errors in attempts):
            return []
        if len(types) == 1:
            return attempts[0]
        deepest = max(attempts, key=lambda errs: min(len(e.split(": ", 1)[0]) for e in errs))
        return [f"{path}: matches none of {' | '.join(types)}; closest: {'; '.join(deepest)}"]

    def _match_fields(
        self, obj: Mapping[str, Any], fields: list[dict[str, Any]], path: str
    ) -> list[str]:
        known = {f["name"]: f for f in fields}
        errors = [f"{path}: unknown field {k!r}" for k in obj if k not in known]
        for f in fields:
            if f["name"] not in obj:
                if f["required"]:
                    errors.append(f"{path}: missing required field {f['name']!r}")
                continue
            errors += self._match_any(obj[f["name"]], f["types"], f"{path}.{f['name']}")
        return errors

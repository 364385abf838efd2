"""Building a Faust record from a dict, checking required fields and annotated types."""

from __future__ import annotations

import types
from collections.abc import Mapping
from typing import Any, TypeVar, Union, get_args, get_origin

import faust

from trendscope.validation import InvalidEvent

R = TypeVar("R", bound=faust.Record)


def record_from_dict(model: type[R], data: Mapping[str, Any]) -> R:
    """``model`` from ``data``: fields without a default must be present; unknown keys are ignored."""
    options = model._options
    fields = {}
    for name, annotation in options.fields.items():
        value = data.get(name)
        if value is None:
            if name not in options.defaults:
                raise InvalidEvent("missing_field", f"{name} is required")
            continue
        fields[name] = _checked(name, value, annotation)
    return model(**fields)


def _checked(name: str, value: Any, annotation: Any) -> Any:
    union = get_origin(annotation) in (Union, types.UnionType)
    allowed = tuple(get_origin(t) or t for t in (get_args(annotation) if union else (annotation,)))
    if float in allowed and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if (isinstance(value, bool) and bool not in allowed) or not isinstance(value, allowed):
        names = " or ".join(t.__name__ for t in allowed if t is not type(None))
        raise InvalidEvent("bad_type", f"{name} must be {names}, got {type(value).__name__}")
    return value

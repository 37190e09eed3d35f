"""Cross-references, found from the model's annotations: a field typed `DepartmentRef`, `PlaybookRef` or
`ChecklistRef` (anywhere: in a list, as a dict key, in a nested model) names an item, so a new field is checked
without a second list to keep."""

from __future__ import annotations

import types
from collections.abc import Iterator
from functools import lru_cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from handbook.content.models import Ref
from handbook.content.sources import Loc


def ref_of(annotation: Any) -> Ref | None:
    """The Ref marker an annotation carries, if any."""
    if get_origin(annotation) is Annotated:
        return next((meta for meta in get_args(annotation)[1:] if isinstance(meta, Ref)), None)
    return None


def field_annotation(model: type[BaseModel], name: str) -> Any:
    """A model field's full annotation (pydantic keeps a top-level Annotated's markers apart as metadata)."""
    info = model.model_fields[name]
    return Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation


def may_refer(annotation: Any, seen: frozenset = frozenset()) -> bool:
    """Whether values of this annotation can hold a reference (a Ref marker anywhere inside it)."""
    if ref_of(annotation) is not None:
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation not in seen and bool(referring_fields(annotation))
    return any(may_refer(arg, seen) for arg in get_args(annotation) if arg is not Ellipsis)


@lru_cache(maxsize=None)
def referring_fields(model: type[BaseModel]) -> tuple[tuple[str, Any], ...]:
    """The fields of a model that can hold references, with their annotations (worked out once per model)."""
    fields = ((name, field_annotation(model, name)) for name in model.model_fields)
    return tuple((name, annotation) for name, annotation in fields if may_refer(annotation, frozenset({model})))


def found_in(value: Any, annotation: Any, loc: Loc) -> Iterator[tuple[Loc, str, str]]:
    """(location, target kind, target id) of every reference in value, read through its annotation."""
    ref = ref_of(annotation)
    if ref is not None and isinstance(value, str):
        yield loc, ref.kind, value
        return
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if isinstance(value, BaseModel):
        for name, inner in referring_fields(type(value)):
            yield from found_in(getattr(value, name), inner, loc + (name,))
        return
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, types.UnionType):
        for arg in args:
            if arg is not type(None):
                yield from found_in(value, arg, loc)
                return
    elif isinstance(value, (list, tuple)) and args:
        for index, inner in enumerate(value):
            yield from found_in(inner, args[0], loc + (index,))
    elif isinstance(value, dict) and len(args) == 2:
        for key, inner in value.items():
            yield from found_in(key, args[0], loc + (key,))
            yield from found_in(inner, args[1], loc + (key,))


def references(item: BaseModel) -> list[tuple[Loc, str, str]]:
    """Every cross-reference in an item, in field order."""
    return list(found_in(item, type(item), ()))

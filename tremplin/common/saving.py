"""Saving only what changed: a form saved unchanged writes nothing, not even its date of
change (the forms round-trip test holds every edit page to it)."""

from __future__ import annotations


def save_changes(obj, values: dict) -> list[str]:
    """Set `values` on `obj` and save the fields whose value differs (with `updated_at`);
    a new row is saved whole. Answers the names of the fields written."""
    if obj.pk is None:
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save()
        return list(values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        extra = ["updated_at"] if any(f.name == "updated_at" for f in obj._meta.fields) else []
        obj.save(update_fields=[*changed, *extra])
    return changed

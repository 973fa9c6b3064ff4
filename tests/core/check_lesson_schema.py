#!/usr/bin/env python3
"""Checks lesson files against docs/lesson.schema.json (JSON Schema 2020-12, with Debian's
python3-jsonschema): every file given must validate, and the schema must refuse a few
broken variants of the first one, so that a schema that accepts anything fails too.

    check_lesson_schema.py SCHEMA LESSON.json...
"""
import copy
import json
import sys

import jsonschema


def main(argv):
    if len(argv) < 3:
        print("usage: check_lesson_schema.py SCHEMA LESSON.json...", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failed = 0
    lessons = []
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            lesson = json.load(f)
        lessons.append(lesson)
        errors = sorted(validator.iter_errors(lesson), key=lambda e: list(e.path))
        for e in errors:
            where = "/".join(str(p) for p in e.path) or "(top level)"
            print(f"{path}: {where}: {e.message}")
        failed += bool(errors)
    # The schema must refuse what the format refuses.
    broken = {
        "another version": lambda l: l.update(version=2),
        "an unknown key": lambda l: l.update(colour="blue"),
        "no steps": lambda l: l.update(steps=[]),
        "a step without text": lambda l: l["steps"][0].pop("text"),
        "an unknown level": lambda l: l.update(level="expert"),
    }
    for what, breaks in broken.items():
        lesson = copy.deepcopy(lessons[0])
        breaks(lesson)
        if validator.is_valid(lesson):
            print(f"the schema accepts a lesson with {what}")
            failed += 1
    print(f"{len(lessons)} lessons checked, {failed} problems")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

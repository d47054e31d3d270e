"""The API's JSON parser: DRF's, plus two refusals that were 500s. JSON nested deeper than
Python's recursion limit raised RecursionError, which DRF does not catch; a NUL character
(\\u0000) reached PostgreSQL, which cannot store it in text or jsonb. Both are a 400 now."""

from __future__ import annotations

from rest_framework import parsers
from rest_framework.exceptions import ParseError

from core.nul import contains_nul


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the body is nested too deeply.") from None
        if contains_nul(data):
            raise ParseError("JSON parse error - text cannot contain the NUL character (\\u0000).")
        return data

"""Reading MLflow's JSON values: metric numbers that may be NaN or ±Infinity, ms timestamps,
keys and limits as the client expects them. Plain functions, no ORM."""

from __future__ import annotations

import math
import re

from tracking.errors import invalid
from tracking.models import KEY_MAX

# MLflow's own batch limits (mlflow/utils/validation.py).
MAX_METRICS_PER_BATCH = 1000
MAX_PARAMS_TAGS_PER_BATCH = 100
MAX_ENTITIES_PER_BATCH = 1000
MAX_BATCH_BYTES = 1024 * 1024
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

SPECIAL_FLOATS = {
    "nan": math.nan,
    "infinity": math.inf,
    "inf": math.inf,
    "-infinity": -math.inf,
    "-inf": -math.inf,
}
_KEY = re.compile(r"^[\w\-. /:]+$")


def metric_value(raw) -> float:
    if isinstance(raw, bool):
        raise invalid("A metric value must be a number.")
    if isinstance(raw, int | float):
        return float(raw)
    if isinstance(raw, str):
        special = SPECIAL_FLOATS.get(raw.strip().lower())
        if special is not None:
            return special
        try:
            return float(raw)
        except ValueError:
            pass
    raise invalid(f"Got invalid value {raw!r} for metric; a number is expected.")


def special_of(value: float) -> str:
    """How a float that SQLite cannot keep is stored: '', 'nan', 'inf' or '-inf'."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return ""


def from_special(value: float, special: str) -> float:
    return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}.get(special, value)


def integer(raw, field: str, *, default: int | None = None) -> int:
    if raw is None or raw == "":
        if default is None:
            raise invalid(f"Missing value for required parameter '{field}'.")
        return default
    if isinstance(raw, bool):
        raise invalid(f"'{field}' must be an integer.")
    try:
        number = int(raw)
    except (TypeError, ValueError, OverflowError):
        raise invalid(f"'{field}' must be an integer, not {raw!r}.") from None
    if not INT64_MIN <= number <= INT64_MAX:
        raise invalid(f"'{field}' is out of range for a 64-bit integer.")
    return number


def key(raw, what: str) -> str:
    if not isinstance(raw, str) or not raw:
        raise invalid(f"Missing value for required parameter 'key' of a {what}.")
    if len(raw) > KEY_MAX:
        raise invalid(f"The {what} key {raw[:40]!r}… is longer than {KEY_MAX} characters.")
    if not _KEY.match(raw) or ".." in raw.split("/") or raw.startswith("/"):
        raise invalid(
            f"Invalid {what} name {raw!r}: names may only contain letters, digits, "
            "underscores, dashes, periods, spaces, colons and slashes."
        )
    return raw


def text(raw, field: str, limit: int, *, required: bool = True) -> str:
    if raw is None:
        if required:
            raise invalid(f"Missing value for required parameter '{field}'.")
        return ""
    if not isinstance(raw, str | int | float) or isinstance(raw, bool):
        raise invalid(f"'{field}' must be a string.")
    value = str(raw)
    if len(value) > limit:
        raise invalid(f"'{field}' is {len(value):,} characters; at most {limit:,} are kept.")
    return value


_LOWER_IS_BETTER = ("loss", "error", "rmse", "mse", "mae", "perplexity", "wer", "cer")


def higher_is_better(key: str) -> bool:
    """A logged metric has no recipe to say so: losses and errors fall, the rest rise."""
    name = key.lower()
    return not any(word in name for word in _LOWER_IS_BETTER)

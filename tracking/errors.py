"""MLflow's error shape: `{"error_code", "message"}` with the status its codes imply.

The client reads `error_code` (a 404 page of ours would break `set_experiment`, which looks for
RESOURCE_DOES_NOT_EXIST) and retries 5xx for minutes, so every learner mistake must be a 4xx.
"""

from __future__ import annotations

STATUS_BY_CODE = {
    "INVALID_PARAMETER_VALUE": 400,
    "BAD_REQUEST": 400,
    "RESOURCE_ALREADY_EXISTS": 400,
    "UNAUTHENTICATED": 401,
    "PERMISSION_DENIED": 403,
    "RESOURCE_DOES_NOT_EXIST": 404,
    "ENDPOINT_NOT_FOUND": 404,
    "INVALID_STATE": 400,
    "RESOURCE_EXHAUSTED": 429,
}


class MlflowError(Exception):
    def __init__(self, message: str, code: str = "INVALID_PARAMETER_VALUE", status: int = 0):
        super().__init__(message)
        self.message = message
        self.code = code
        self._status = status

    @property
    def status(self) -> int:
        return self._status or STATUS_BY_CODE.get(self.code, 400)

    def as_json(self) -> dict:
        return {"error_code": self.code, "message": self.message}


def invalid(message: str) -> MlflowError:
    return MlflowError(message, "INVALID_PARAMETER_VALUE")


def missing(message: str) -> MlflowError:
    return MlflowError(message, "RESOURCE_DOES_NOT_EXIST")

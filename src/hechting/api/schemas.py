import uuid
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, StrictInt


class EcrIn(Schema):
    instrument: Literal["ecr"]
    mode: Literal["adaptive", "full"] = "adaptive"
    language: Literal["nl", "en"] = "nl"


class FixedIn(Schema):
    """The RQ and the RSES have no adaptive form."""

    instrument: Literal["rq", "rses"]
    mode: Literal["full"] = "full"
    language: Literal["nl", "en"] = "nl"


# Only the instrument/mode pairs that exist: the schema and the validation say the same.
CreateIn = Annotated[EcrIn | FixedIn, Field(discriminator="instrument")]


class AnswerIn(Schema):
    value: StrictInt


class OptionOut(Schema):
    value: int
    label: str


class NextOut(Schema):
    item: str
    text: str
    options: list[OptionOut]


class ProgressOut(Schema):
    answered: int
    expected_total: int  # for the adaptive test an estimate that is updated after each answer
    fraction: float


class CreatedOut(Schema):
    id: uuid.UUID
    token: str
    next: NextOut | None
    progress: ProgressOut


class StepOut(Schema):
    next: NextOut | None
    done: bool
    progress: ProgressOut


class AssessmentOut(Schema):
    id: uuid.UUID
    instrument: str
    mode: str
    language: str
    answers: dict[str, int]
    done: bool
    next: NextOut | None
    progress: ProgressOut


class DimensionOut(Schema):
    theta: float | None
    se: float | None
    mean: float | None
    percentile: float | None


class StylesOut(Schema):
    secure: float
    anxious: float
    avoidant: float
    fearful: float


class ResultOut(Schema):
    anxiety: DimensionOut
    avoidance: DimensionOut
    styles: StylesOut
    style: str
    security: float | None


class ErrorOut(Schema):
    detail: str | list[dict[str, object]]


class RqResultOut(Schema):
    ratings: dict[str, int]  # paragraph A..D -> 1..7
    choice: str | None  # the paragraph that fits best
    self_model: float | None  # -12..12
    other_model: float | None  # -12..12


class RsesResultOut(Schema):
    total: float | None  # 10..40
    mean: float | None  # 1..4
    percentile: float | None
    t: float | None

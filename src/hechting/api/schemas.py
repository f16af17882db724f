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


class ScoredWithOut(Schema):
    parameters: str | None  # id of the calibrated parameters, e.g. "ecr-grm@sha256:29375b1db3a4"
    norms: str | None  # id of the norms; null where none were used


class DimensionOut(Schema):
    theta: float  # EAP, norm group mean 0, SD 1
    se: float  # posterior SD
    mean: float | None  # classical mean 1..5 (null below the 80 % rule)
    expected_mean: float
    percentile: float
    t: float  # 50 + 10 theta
    cut_theta: float


class StylesOut(Schema):
    secure: float
    anxious: float
    avoidant: float
    fearful: float


class ResultOut(Schema):
    instrument: str
    anxiety: DimensionOut
    avoidance: DimensionOut
    styles: StylesOut
    style: str
    security: float
    n_answered: int
    note: str
    scored_with: ScoredWithOut


class ErrorOut(Schema):
    detail: str | list[dict[str, object]]


class RqResultOut(Schema):
    instrument: str
    ratings: dict[str, int]  # paragraph A..D -> 1..7
    choice: str | None  # the paragraph that fits best
    choice_style: str | None  # its quadrant: secure, anxious, avoidant or fearful
    self_model: int  # -12..12
    other_model: int  # -12..12
    scored_with: ScoredWithOut


class RsesResultOut(Schema):
    instrument: str
    total: float  # 10..40
    mean: float  # 1..4
    percentile: float
    t: float
    scored_with: ScoredWithOut

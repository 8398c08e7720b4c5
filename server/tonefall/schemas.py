"""Request and response bodies of the HTTP API (they are also its OpenAPI documentation)."""

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from tonefall.labels import Label
from tonefall.limits import MAX_CLASSIFY_SENTENCES, MAX_COMMENT_CHARS, MAX_TEXT_CHARS

Lang = Literal["sv", "nb", "nn", "da", "en"]
DetectedLang = Literal["sv", "nb", "nn", "da", "en", "other"]
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _replace_lone_surrogates(text: str) -> str:
    # JSON may carry a lone "\ud83d" (half an emoji cut by a script). U+FFFD is also one UTF-16
    # unit, so every offset stays valid, and the text can be encoded as UTF-8 again.
    return _LONE_SURROGATE.sub("\ufffd", text)


Text = Annotated[str, AfterValidator(_replace_lone_surrogates)]
Scores = dict[str, float]

OFFSETS_NOTE = ("Offsets count UTF-16 code units from the start of the request's text, as DOM ranges and "
                "JavaScript string indices do (an emoji counts 2; a combining accent counts 1); end is exclusive.")


class AnalyzeRequest(BaseModel):
    text: Text = Field(description=f"The whole reply, at most {MAX_TEXT_CHARS} characters")
    lang: DetectedLang | None = Field(None, description="Language of the reply (as /v1/analyze reports it); detected when left out")


class Cue(BaseModel):
    start: int = Field(description=OFFSETS_NOTE)
    end: int


class Blank(BaseModel):
    start: int = Field(description="UTF-16 offset into the replacement of the part the agent fills in")
    end: int


class Suggestion(BaseModel):
    start: int = Field(description=OFFSETS_NOTE + " The span the replacement takes the place of.")
    end: int
    label: Label = Field(description="The problem label this rewrite fixes")
    replacement: str | None = Field(description="Text to put in place of the span ('' drops it); null: no safe "
                                                "rewrite, only the advice in why")
    blank: Blank | None = Field(description="A template's blank in the replacement, for the agent to fill in; null for none")
    why: str = Field(description="One line on why, in the reply's language")


class AnalyzedSentence(BaseModel):
    start: int = Field(description=OFFSETS_NOTE)
    end: int
    text: str = Field(description="Exactly the request's text between start and end")
    labels: list[Label] = Field(description="Labels over the model's thresholds; [] is neutral (and always for quoted lines)")
    scores: Scores = Field(description="Sigmoid score per label; {} for quoted lines (not classified)")
    cues: list[Cue] = Field(description="Words that carry the sentence's labels, for the hover card")
    suggestions: list[Suggestion] = Field(description="Rewrites of weak words and stock phrases for the sentence's "
                                                      "problem labels, in text order, never overlapping")
    quoted: bool = Field(description="A quoted customer line ('>'): never labelled")


class AnalyzeResponse(BaseModel):
    model: str
    lang: DetectedLang
    sentences: list[AnalyzedSentence]


class ClassifyRequest(BaseModel):
    sentences: list[Text] = Field(max_length=MAX_CLASSIFY_SENTENCES,
                                  description=f"At most {MAX_CLASSIFY_SENTENCES} sentences, {MAX_TEXT_CHARS} characters in all")
    lang: DetectedLang | None = None


class ClassifyResult(BaseModel):
    labels: list[Label]
    scores: Scores


class ClassifyResponse(BaseModel):
    model: str
    results: list[ClassifyResult]


class FeedbackRequest(BaseModel):
    # Lengths are documented here and checked by tonefall.limits (413), like every text size.
    sentence: Text = Field(min_length=1, json_schema_extra={"maxLength": MAX_TEXT_CHARS})
    lang: Lang
    predicted: list[Label]
    correct_labels: list[Label] = Field(description="The labels the sentence should have had, exactly as the agent "
                                                    "chose them (kept and exported as given); [] is neutral")
    comment: Annotated[Text, Field(json_schema_extra={"maxLength": MAX_COMMENT_CHARS})] | None = None


class FeedbackResponse(BaseModel):
    id: int = Field(description="Give it to DELETE /v1/feedback/{id} to take the correction back")
    stored: bool = True


class FeedbackDeleted(BaseModel):
    id: int
    deleted: bool = True


class HealthResponse(BaseModel):
    status: Literal["ok"] = "ok"
    version: str
    model: str


class Advice(BaseModel):
    why: str
    tip: str


class ModelResponse(BaseModel):
    name: str
    labels: list[Label]
    thresholds: dict[str, float]
    metrics: dict
    languages: list[str]
    base_model: str
    max_length: int
    created: str
    gate_failure: str = Field("", description="Why training marked this model as not to ship ('' = it passed)")
    providers: list[str] = Field(description="ONNX Runtime execution providers in use")


class TipsResponse(BaseModel):
    tips: dict[str, dict[str, Advice]] = Field(description="{lang: {label: {why, tip}}} for sv, nb, nn, da, en")


class ReloadRequest(BaseModel):
    model_dir: str | None = Field(None, max_length=4096, description="Directory to load; default: the served one again")
    allow_failed_gate: bool | None = Field(None, description="Load a model training marked as failing its int8 "
                                                             "agreement check; default: the allow_failed_gate setting")


class ErrorResponse(BaseModel):
    detail: str


class FieldError(BaseModel):
    field: str = Field(description="Dotted path of the field in the JSON body, or 'body'")
    type: str = Field(description="What is wrong: e.g. 'missing', 'string_type'; for the body itself 'json_invalid' "
                                  "(not UTF-8, not JSON, nested too deeply), 'content_type_unsupported', "
                                  "'content_encoding_unsupported'")
    message: str


class ValidationErrorResponse(BaseModel):
    detail: str = Field(description="The first problem, naming its field")
    errors: list[FieldError]

"""How much input the service takes, and how it says no: one size policy for every route.

Sizes, each answered 413 Content Too Large with the limit in ``detail``:
- a request body over MAX_BODY_BYTES (security.RequestGuard, before the body is read);
- the text a request brings to be analysed or kept: at most MAX_TEXT_CHARS characters in all
  (the reply of /v1/analyze and /v1/demo/analyze, the sentences of /v1/classify together, a
  correction's sentence and comment together), and a correction's comment MAX_COMMENT_CHARS.

Why 413 and not 422: a text over the limit is well-formed, the service just takes no more
(RFC 9110 §15.5.14: content "larger than the server is willing or able to process"). 422 stays
for malformed input, so a client can tell "shorten it" from "fix the request"; the body cap can
only answer 413 (it fires before any JSON is parsed), and the text limit now says the same.

Not sizes but the shape of a field, checked by the schemas with a 422 naming the field: how many
sentences one /v1/classify batch holds (MAX_CLASSIFY_SENTENCES, its list's maxItems), an empty
sentence, the length of a demo key or a model path.
"""

from tonefall.errors import TonefallError

MAX_BODY_BYTES = 64 * 1024
MAX_TEXT_CHARS = 20_000
MAX_COMMENT_CHARS = 2_000
MAX_CLASSIFY_SENTENCES = 256


class InputTooLarge(TonefallError):
    """More text than the service takes (HTTP 413); the message names what and the limit."""


def check_text_size(total_chars: int, what: str = "text", limit: int = MAX_TEXT_CHARS) -> None:
    if total_chars > limit:
        raise InputTooLarge(f"{what} has {total_chars} characters; the limit is {limit}")


def check_feedback_size(sentence: str, comment: str | None) -> None:
    """A correction: its comment, then its sentence and comment together (what the store keeps)."""
    comment = comment or ""
    check_text_size(len(comment), "comment", MAX_COMMENT_CHARS)
    check_text_size(len(sentence) + len(comment), "sentence and comment")

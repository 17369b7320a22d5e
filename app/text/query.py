"""Turn what a user types into a full-text query that cannot fail.

Understood: words, ``"phrases"``, ``prefix*``, ``AND``, ``OR``, ``NOT`` (in capitals) and
parentheses. The result is a tree of :class:`Phrase` leaves joined by ``("AND" | "OR" | "NOT",
left, right)``, which each database's full-text index renders in its own syntax (``app.store``);
a phrase holds letters and digits only, so punctuation, SQL-like text and an index's own syntax
in user input are read as plain words. ``NOT`` is binary ("custody NOT police": the left side
without the right), the one form every index has. Whatever cannot be read as asked (a lone NOT,
an unbalanced quote or bracket, ``*`` alone) is read as plainly as possible and explained by a
short hint; it is never an error.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from app.text import printed_text

# A quoted phrase (closing quote optional), a bracket, or a run of other characters.
_TOKEN = re.compile(r'"([^"]*)"?|([()])|([^\s()"]+)')
# Letters and digits, as FTS5's unicode61 tokenizer splits them.
_WORD = re.compile(r"[^\W_]+")
_OPERATORS = {"AND", "OR", "NOT"}
MAX_TERMS = 64
# Put around matched words in a snippet of page text by each index; callers turn them into spans.
MARK_START, MARK_END = "\x02", "\x03"


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # folded: lower case, no accents
    prefix: bool


@dataclass(frozen=True)
class Phrase:
    """Words that must follow each other (one word, most often), the last one only begun when ``prefix``."""

    words: tuple[str, ...]  # as typed, folded as printed text is (ligatures, marks), case and accents kept
    prefix: bool = False


# A Phrase, or (operator, left, right) with operator "AND", "OR" or "NOT" (left without right).
Query = Phrase | tuple[str, "Query", "Query"]


@dataclass(frozen=True)
class ParsedQuery:
    query: Query | None  # None when nothing is left to search for
    hints: tuple[str, ...] = field(default=())
    terms: tuple[Term, ...] = field(default=())  # what a result is found by, to mark in its text


def parse(user_text: str) -> ParsedQuery:
    hints: list[str] = []
    # Folded as the index folds its text: "ﬁnd", a vowelled Arabic word, “a phrase” in curly quotes.
    tokens = _tokens(printed_text.fold(user_text), hints)
    if len(tokens) > MAX_TERMS * 2:
        tokens = tokens[: MAX_TERMS * 2]
        hints.append(f"Only the first {MAX_TERMS} words were searched for.")
    parser = _Parser(tokens, hints)
    expression = parser.expression()
    while parser.position < len(tokens):  # a stray ")" ends an expression early: go on after it
        parser.position += 1
        rest = parser.expression()
        expression = _and(expression, rest)
    if expression is None and user_text.strip() and not hints:
        hints.append("Type letters or digits to search for.")
    query = _binary_not(expression, hints) if expression else None
    terms = tuple(dict.fromkeys(_positive_terms(expression))) if query else ()
    return ParsedQuery(query, tuple(dict.fromkeys(hints)), terms)


# --- tokens: ("term", Phrase), ("op", "AND"), ("(", "("), (")", ")") ---


def _tokens(text: str, hints: list[str]) -> list[tuple[str, object]]:
    tokens: list[tuple[str, object]] = []
    if text.count('"') % 2:
        hints.append("A quote was not closed; the phrase runs to the end.")
    for phrase, bracket, chunk in _TOKEN.findall(text):
        if bracket:
            tokens.append((bracket, bracket))
        elif chunk in _OPERATORS:
            tokens.append(("op", chunk))
        else:
            words = _WORD.findall(phrase or chunk)
            if not words:
                if chunk.strip("*") == "" and chunk:
                    hints.append("* goes at the end of a word, as in restr*.")
                continue
            tokens.append(("term", Phrase(tuple(words), chunk.endswith("*"))))
    return tokens


class _Parser:
    """or := and (OR and)* ; and := unary (AND? unary)* ; unary := NOT unary | term | ( or )"""

    def __init__(self, tokens: list[tuple[str, object]], hints: list[str]) -> None:
        self.tokens, self.hints, self.position = tokens, hints, 0

    def peek(self) -> tuple[str, object] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def expression(self) -> object:
        left = self.conjunction()
        while self.peek() == ("op", "OR"):
            self.position += 1
            right = self.conjunction()
            if left is None or right is None:
                self.hints.append("OR needs words on both sides.")
            left = ("OR", left, right) if left is not None and right is not None else left or right
        return left

    def conjunction(self) -> object:
        result = None
        while True:
            token = self.peek()
            if token is None or token == ("op", "OR") or token[0] == ")":
                return result
            if token == ("op", "AND"):
                self.position += 1
                continue
            result = _and(result, self.unary())

    def unary(self) -> object:
        token = self.peek()
        assert token is not None
        self.position += 1
        if token == ("op", "NOT"):
            # "NOT AND x" has nothing to negate: AND is no word, and must never reach an index as one.
            operand = self.unary() if self.peek() not in (None, ("op", "OR"), ("op", "AND"), (")", ")")) else None
            if operand is None:
                self.hints.append("NOT needs a word after it.")
                return None
            return ("NOT", operand)
        if token[0] == "(":
            inner = self.expression()
            if self.peek() == (")", ")"):
                self.position += 1
            else:
                self.hints.append("A bracket was not closed.")
            return inner
        return token[1]


def _positive_terms(node: object) -> list[Term]:
    if node is None:
        return []
    if isinstance(node, Phrase):
        return [Term(tuple(fold(word) for word in node.words), node.prefix)]
    if node[0] == "NOT":  # type: ignore[index]
        return []
    return _positive_terms(node[1]) + _positive_terms(node[2])  # type: ignore[index]


def fold(text: str) -> str:
    """Lower case without accents, as the full-text index compares words."""
    if text.isascii():  # most words: nothing to take off, and lower case is the fold
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def mark(text: str, terms: tuple[Term, ...]) -> tuple[tuple[int, int], ...]:
    """Spans of ``text`` holding the query's words, phrases and prefixes, as the index matched them."""
    if not terms:
        return ()
    folded = printed_text.fold(text)
    if folded is text or folded == text:
        if text.isascii():  # most passages: folding is lower-casing, and patterns find the words
            return _mark_ascii(text, _term_patterns(terms))
        return _mark_words(text, terms)
    # Words folded whole (a ligature, a vowelled word, one broken at a line end) are found in
    # the folded text and marked where they stand in the text shown.
    folded, starts, ends = printed_text.fold_mapped(text)
    return tuple((starts[start], ends[end - 1]) for start, end in _mark_words(folded, terms))


def _mark_words(text: str, terms: tuple[Term, ...]) -> tuple[tuple[int, int], ...]:
    """``mark`` word by word: each word folded, each term tried where each word starts."""
    found = list(_WORD.finditer(text))
    words = [fold(match.group()) for match in found]
    spans = []
    for index in range(len(words)):
        for term in terms:
            size = len(term.words)
            if not size or index + size > len(words):
                continue
            last, wanted = words[index + size - 1], term.words[-1]
            if not (last.startswith(wanted) if term.prefix else last == wanted):
                continue
            if size == 1 or words[index : index + size - 1] == list(term.words[:-1]):
                spans.append((found[index].start(), found[index + size - 1].end()))
                break
    return tuple(spans)


@functools.lru_cache(maxsize=64)
def _term_patterns(terms: tuple[Term, ...]) -> tuple[re.Pattern[str], ...]:
    """For each term, a pattern of its words for ``_mark_ascii``'s text: the words whole (the
    last one begun, for a prefix) with anything but letters and digits between them. It
    starts with the first word itself, which the pattern engine looks for fastest."""
    patterns = []
    for term in terms:
        if not term.words:
            continue
        *head, last = (re.escape(word) for word in term.words)
        body = "".join(word + r"\W+" for word in head) + last + (r"\w*" if term.prefix else r"\b")
        patterns.append(re.compile(body, re.ASCII))
    return tuple(patterns)


def _mark_ascii(text: str, patterns: tuple[re.Pattern[str], ...]) -> tuple[tuple[int, int], ...]:
    """``mark`` for ASCII text. Lower case and with spaces for underscores (the same length),
    its word characters are the index's letters and digits."""
    lowered = text.lower().replace("_", " ")
    spans: dict[int, int] = {}
    for pattern in patterns:  # in the terms' order: the first term found at a word marks it
        found = pattern.search(lowered)
        while found:
            start = found.start()
            if start == 0 or not lowered[start - 1].isalnum():  # the word begins here
                spans.setdefault(start, found.end())
            # Again from the next character: phrases may overlap, as _mark_words finds them.
            found = pattern.search(lowered, start + 1)
    return tuple(sorted(spans.items()))


def _and(left: object, right: object) -> object:
    if left is None:
        return right
    if right is None:
        return left
    return ("AND", left, right)


def _binary_not(node: object, hints: list[str]) -> Query | None:
    """The tree with each NOT in its binary form ("a NOT b"), the only one every index has; a NOT
    with nothing before it is dropped, with a hint."""
    if isinstance(node, Phrase):
        return node
    operator = node[0]  # type: ignore[index]
    if operator == "NOT":
        hints.append("NOT needs something to search for before it, as in custody NOT police.")
        return None
    left, right = node[1], node[2]  # type: ignore[index]
    if operator == "AND" and isinstance(right, tuple) and right[0] == "NOT":
        kept = _binary_not(left, hints)
        dropped = _binary_not(right[1], hints)
        if kept and dropped:
            return ("NOT", kept, dropped)
        return kept
    if operator == "AND" and isinstance(left, tuple) and left[0] == "NOT":
        return _binary_not(("AND", right, left), hints)
    kept_parts = [part for part in (_binary_not(left, hints), _binary_not(right, hints)) if part]
    if len(kept_parts) == 1:
        return kept_parts[0]
    return (operator, kept_parts[0], kept_parts[1]) if kept_parts else None

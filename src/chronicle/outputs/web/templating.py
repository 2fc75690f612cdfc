"""How the pages' templates are rendered: their environment, and the filters and tests they use."""

from __future__ import annotations

import re
from importlib.resources.abc import Traversable
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup, escape


class RecordEnvironment(Environment):
    """Jinja's environment for templates given records as dicts (their JSON form), where `story.title` is a
    key. Jinja looks for an attribute first, raising and catching an AttributeError for every dotted name a
    dict is asked for: a tenth of a story page's time under load."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        """A dict's key, else what Jinja gives for `obj.attribute` (a dict's own methods, `items` and the
        like, stay methods whatever its keys)."""
        if type(obj) is dict and not hasattr(dict, attribute):
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def page_templates(directory: Traversable) -> Jinja2Templates:
    """The pages' templates with the filters and tests they use, HTML escaped."""
    env = RecordEnvironment(loader=FileSystemLoader(str(directory)), autoescape=True)
    env.filters["mark_evidence"] = mark_evidence
    env.filters["marked_snippet"] = marked_snippet
    env.filters["actor_label"] = actor_label
    env.tests["web_link"] = is_web_link
    return Jinja2Templates(env=env)


def actor_label(actor: dict | None) -> Markup:
    """An event's actor as every page shows it: its name, linked to its page, then its country and sector
    when either is known. (A filter rather than a template macro: calling a macro costs more than the line.)"""
    if not actor:
        return Markup("")
    label = Markup('<a class="actor" href="/actors?name={}">{}</a>').format(
        quote(actor.get("actor_id") or actor["name"], safe=""), actor["name"]
    )
    if actor.get("country") or actor.get("sector"):
        label += Markup(" <small>{}/{}</small>").format(actor.get("country") or "?", actor.get("sector") or "?")
    return label


def marked_snippet(hit: dict) -> Markup:
    """A search hit's passage, escaped, with its matching words in <mark>."""
    snippet, parts, cursor = hit["snippet"], [], 0
    for start, end in hit["marks"]:
        if start < cursor:
            continue
        parts += [escape(snippet[cursor:start]), Markup("<mark>") + escape(snippet[start:end]) + Markup("</mark>")]
        cursor = end
    parts.append(escape(snippet[cursor:]))
    return Markup("").join(parts)


def mark_evidence(mention: dict) -> Markup:
    """The evidence sentence with its event word in <mark> and the actors it names in <mark class="actor">
    or <mark class="recipient">, placed by their offsets; everything else escaped. A mention stored before
    offsets were kept has its trigger found by its words."""
    sentence, offset = mention["sentence"], mention["start"]
    spans = [
        (s - offset, e - offset, "actor" if role == "source" else "recipient")
        for role, s, e in ((a["role"], a["start"], a["end"]) for a in mention.get("actor_spans") or [])
    ]
    if mention.get("trigger_span"):
        spans.append((mention["trigger_span"][0] - offset, mention["trigger_span"][1] - offset, ""))
    elif mention.get("trigger"):
        found = re.search(rf"\b{re.escape(mention['trigger'])}\b", sentence, re.I)
        if found:
            spans.append((found.start(), found.end(), ""))
    parts, cursor = [], 0
    for start, end, kind in sorted(s for s in spans if 0 <= s[0] < s[1] <= len(sentence)):
        if start < cursor:
            continue  # overlapping spans: the first one marked wins
        parts.append(escape(sentence[cursor:start]))
        opening = Markup('<mark class="{}">').format(kind) if kind else Markup("<mark>")
        parts.append(opening + escape(sentence[start:end]) + Markup("</mark>"))
        cursor = end
    parts.append(escape(sentence[cursor:]))
    return Markup("").join(parts)


def is_web_link(url: object) -> bool:
    """Whether a stored URL may be rendered as a link: http(s) only ("javascript:…" is text, not a link)."""
    if not isinstance(url, str):
        return False
    try:
        return urlsplit(url.strip()).scheme.lower() in ("http", "https")
    except ValueError:  # "http://[abc": not a URL at all
        return False

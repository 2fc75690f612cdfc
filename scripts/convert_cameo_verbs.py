"""Turn PETRARCH-2's CAMEO verb dictionary and the CAMEO→PLOVER table into src/chronicle/data/cameo_verbs.json.

    python scripts/convert_cameo_verbs.py --data ../shared/data

The entries are facts (which verbs, with which words around them, name which CAMEO event); the file keeps
both sources' licence notices beside them. What the converter keeps of PETRARCH's pattern language:

- a verb block (`---  NAME  [code]  ---`): its verbs, each with the block's code or its own (`ASK [020]`);
  `+MEET_WITH` is the verb "meet" with the particle "with"; `[---]` is no event; each pattern keeps the verb
  its comment says it was found under, since a verb with a code of its own is a sense apart from the block
  and takes only the patterns found under it;
- a pattern (`- before * after [code]`): words that must stand in the verb's subject (`before`) or in the rest
  of its phrase (`after`), in order: `{ARMS SHIPMENT}` a phrase, `(TO BORDER)` a prepositional phrase,
  `&WEAPON` a synonym set, `BY/WITH` alternatives, a word ending in `_` matched exactly (others as stems);
  a synonym set inside a phrase (`{&MILITARY AID}`) makes one alternative phrase per member, and a pattern
  naming a set the dictionary never defines is left out (it can match nothing);
  `[a:b]` codes the first side's event (`a`), or `b` when `a` is empty;
- the verb a pattern's comment says it was found under is written as it stood in the text ("THREW",
  "SET_UP"): it is taken back to its verb by the inflected forms the verb lines list in braces
  (`THROW {THREW THROWN}`), and to its head word;
- PETRARCH's position markers (`$ + ^ % @ !`) are dropped: Chronicle finds actors from the parse.

CAMEO codes become PLOVER types by the 2021 table (longest prefix), with two departures written down here:
CAMEO 02 (appeal) is absent from the table and becomes REQUEST, which the manual defines as "all requests,
demands, and orders"; CAMEO 09 (investigate) and 19 (conventional military force) keep the 2018 draft's
INVESTIGATE and FIGHT, the categories of the PLOVER gold records and of Chronicle's exports. CAMEO 01 (public
statements) has no PLOVER category and codes nothing.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "src" / "chronicle" / "data" / "cameo_verbs.json"
BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
CODE = re.compile(r"\[([^\]]*)\]")
MARKERS = set("$+^%@!")
TYPE_BY_FAMILY = {"02": "REQUEST", "09": "INVESTIGATE", "19": "FIGHT"}
PLOVER_NOTICE = (
    "CAMEO2PLOVER-2021.txt, PLOVER manual draft 0.8 (17 September 2021), Open Event Data Alliance: "
    "CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)."
)


def _licence(lines: list[str]) -> str:
    start = next(i for i, line in enumerate(lines) if "The MIT License" in line)
    notice = []
    for line in lines[start:]:
        if not line.startswith("#") or "LAST UPDATE" in line:
            break
        notice.append(line[1:].strip())
    return " ".join(w for w in " ".join(notice).split())


def _words(item: str) -> list[str]:
    """A dictionary word as the words a tokenizer gives: CARRY_OUT → carry out, RUN-OFF → run - off; a
    trailing _ (exact match) stays on the last word."""
    exact = item.endswith("_")
    parts = [p for p in re.split(r"_|(-)", item.rstrip("_").lower()) if p]
    if exact and parts:
        parts[-1] += "_"
    return parts


def _element(item: str) -> list[str | list[str]]:
    """One pattern element: its alternatives, each a synset name or a phrase of words."""
    if item.startswith("&"):
        return [item]
    return [_words(alternative) for alternative in item.split("/") if alternative]


def _tokens(text: str) -> list[str]:
    return re.findall(r"\{[^}]*\}|\(|\)|[^\s(){}]+", text)


class UndefinedSynset(ValueError):
    """A pattern names a synonym set the dictionary does not define."""


def _phrases(parts: list[str], synsets: dict[str, list[list[str]]]) -> list[list[str]]:
    """The phrases a braced phrase stands for: one, or one per member of each synonym set inside it."""
    phrases: list[list[str]] = [[]]
    for part in parts:
        if part.startswith("&"):
            members = synsets.get(part.rstrip("_"))
            if members is None:
                raise UndefinedSynset(part)
            phrases = [phrase + member for phrase in phrases for member in members]
        else:
            phrases = [phrase + _words(part) for phrase in phrases]
    return [phrase for phrase in phrases if phrase]


def _elements(text: str, synsets: dict[str, list[list[str]]]) -> list[list[str | list[str]]]:
    elements: list[list[str | list[str]]] = []
    for token in _tokens(text):
        if token in "()" or token in MARKERS:
            continue
        if token.startswith("{"):
            phrases = _phrases([part for part in token[1:-1].split() if part not in MARKERS], synsets)
            if phrases:
                elements.append(list(phrases))
        else:
            token = "".join(ch for ch in token if ch not in MARKERS)
            if token.startswith("&") and token.rstrip("_") not in synsets:
                raise UndefinedSynset(token)
            if token:
                elements.append(_element(token))
    return elements


def read_inflections(lines: list[str]) -> dict[str, str]:
    """Each inflected form a verb line lists in braces ("THREW"), lower case, with its verb ("throw")."""
    forms: dict[str, str] = {}
    for line in lines:
        text = line.split("#")[0].strip()
        if not (text[:1].isalpha() or text.startswith("+")) or "{" not in text:
            continue
        verb = _words(text.lstrip("+").split()[0])[0].rstrip("_")
        for form in text[text.index("{") + 1 : text.index("}") if "}" in text else len(text)].split():
            words = _words(form.lstrip("+"))
            if words and words[0].rstrip("_").isalpha():
                forms.setdefault(words[0].rstrip("_"), verb)
    return forms


def _code(field: str) -> str | None:
    """The first side's CAMEO code of "a:b" (b when a is empty); None for ---."""
    first, _, second = field.strip().partition(":")
    code = first.strip() or second.strip()
    return None if not code or code.startswith("-") else code


def read_synsets(lines: list[str]) -> dict[str, list[list[str]]]:
    synsets: dict[str, list[list[str]]] = {}
    current = None
    for line in lines:
        text = line.split("#")[0].strip()
        if text.startswith("&"):
            current = text.rstrip("_") if text.endswith("_") else text
            synsets[current] = []
        elif text.startswith("+") and current is not None:
            synsets[current].append(_words(text[1:].split()[0]))
        elif text.startswith("-") or BLOCK.match(text):
            current = None
    return synsets


def read_blocks(lines: list[str], synsets: dict[str, list[list[str]]]) -> dict[str, dict]:
    inflections = read_inflections(lines)
    blocks: dict[str, dict] = {}
    block = None
    for line in lines:
        if line.startswith("######## TRANSFORMATIONS"):
            break
        if match := BLOCK.match(line):
            block = blocks.setdefault(match.group(1), {"code": _code(match.group(2)), "verbs": [], "patterns": []})
            continue
        text, _, comment = line.partition("#")
        text = text.rstrip()
        if block is None or not text.strip():
            continue
        if text.startswith("-"):
            code = CODE.search(text)
            if code is None:
                continue
            pattern, _, _ = text[1:].partition("[")
            before, star, after = pattern.partition("*")
            if not star:
                continue
            # the comment names the verb the pattern was first found under, as the text wrote it
            heads = [_words(w)[0].rstrip("_") for w in comment.split()[:1] if w.isupper() and _words(w)]
            # (a head that is a verb of this block is that verb: ENACT's "found" is no form of "find")
            own = {verb["verb"] for verb in block["verbs"]}
            found_under = [head if head in own else inflections.get(head, head) for head in heads]
            try:
                sides = {"before": _elements(before, synsets), "after": _elements(after, synsets)}
            except UndefinedSynset:
                continue
            block["patterns"].append({**sides, "code": _code(code.group(1)), "found_under": found_under})
        elif text[0].isalpha() or text[0] == "+":
            head = text.lstrip("+").split()[0]
            own = CODE.search(text.split("{")[0] + (text.split("}")[-1] if "}" in text else ""))
            words = _words(head)
            block["verbs"].append(
                {
                    "verb": words[0].rstrip("_"),
                    "particles": words[1:],
                    "own_code": own is not None,
                    "code": _code(own.group(1)) if own else block["code"],
                }
            )
    return blocks


def read_plover_table(path: Path) -> dict[str, dict]:
    table: dict[str, dict] = {}
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("~"):
            break
        text = line.split("#")[0].strip()
        if not text or text.startswith("#") or ":" not in text:
            continue
        code, _, rest = text.partition(":")
        fields = [f.strip() for f in rest.split(",")]
        if not re.fullmatch(r"\d{2,4}", code.strip()) or not fields[0]:
            continue
        contexts = [c.strip() for c in fields[2].split(";") if c.strip()] if len(fields) > 2 else []
        table[code.strip()] = {"type": fields[0], "mode": fields[1] if len(fields) > 1 else "", "contexts": contexts}
    return table


def plover(code: str, table: dict[str, dict]) -> dict | None:
    family = code[:2]
    for length in range(len(code), 1, -1):
        if code[:length] in table:
            entry = dict(table[code[:length]])
            break
    else:
        if family != "02":
            return None
        entry = {"type": "REQUEST", "mode": "", "contexts": []}
    entry["type"] = TYPE_BY_FAMILY.get(family, entry["type"])
    return entry


def convert(data: Path) -> dict:
    source = data / "events" / "phoenix_dictionaries" / "CAMEO.2.0.txt"
    lines = source.read_text("utf-8", errors="replace").splitlines()
    start = next(i for i, line in enumerate(lines) if "VERB PATTERNS" in line)
    table = read_plover_table(data / "events" / "plover" / "CAMEO2PLOVER-2021.txt")
    synsets = read_synsets(lines[:start])
    blocks = read_blocks(lines[start:], synsets)
    codes = {
        c
        for b in blocks.values()
        for c in [b["code"], *(v["code"] for v in b["verbs"]), *(p["code"] for p in b["patterns"])]
        if c
    }
    return {
        "_comment": "Generated by scripts/convert_cameo_verbs.py from PETRARCH-2's CAMEO.2.0.txt verb dictionary and "
        "the CAMEO2PLOVER-2021 table; see the script for what is kept. Do not edit by hand.",
        "_licences": [f"CAMEO.2.0.txt (PETRARCH-2 CAMEO verb pattern dictionary): {_licence(lines)}", PLOVER_NOTICE],
        "synsets": synsets,
        "blocks": blocks,
        "codes": {code: plover(code, table) for code in sorted(codes)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    converted = convert(args.data)
    args.output.write_text(json.dumps(converted, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    verbs = sum(len(b["verbs"]) for b in converted["blocks"].values())
    patterns = sum(len(b["patterns"]) for b in converted["blocks"].values())
    print(
        f"{args.output}: {len(converted['blocks'])} blocks, {verbs} verbs, {patterns} patterns, "
        f"{len(converted['synsets'])} synsets, {len(converted['codes'])} codes"
    )


if __name__ == "__main__":
    main()

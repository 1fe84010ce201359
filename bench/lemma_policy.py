"""How the Russian lemma policy changes what is indexed and found, on the UNPC dev set (Russian side).

For each policy (``top``: pymorphy3's best parse only; ``plausible``: every
dictionary parse scoring at least a tenth of the best, the product's default;
``all``: every dictionary parse) it prints the share of word tokens given more
than one lemma, the number of distinct terms, and for a list of ambiguous query
words the number of sentences found and the share of them that contain a form
of the word in the intended sense (checked against a hand-written list of the
forms of that sense: the precision of the query).

    python bench/lemma_policy.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzers.russian import lemmas, russian_analyzer  # noqa: E402
from analyzers.tokenizers import un_tokenizer  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus-pool" / "unpc-v1.0-testsets" / "devset" / "UNv1.0.devset.ru"

# query lemma → word forms that carry the intended sense (any other match is a false hit)
PROBES = {
    "вена": ("вена", "вене", "вену", "веной", "вены"),
    "организованный": ("организованной", "организованная", "организованную", "организованного",
                       "организованным", "организованные", "организованных", "организованном", "организованный",
                       "организован", "организована", "организовано", "организованы", "организованными"),
    "стать": ("стать", "стали", "стал", "стала", "стало", "станет", "станут", "станем", "становится",
              "становятся", "стану", "станешь", "станете", "стань", "станьте", "ставший", "ставшие", "ставших",
              "став", "стало", "ставшей", "ставшего", "ставшим", "ставшими", "ставшая", "ставшее"),
    "мир": ("мир", "мира", "миру", "миром", "мире"),
    "право": ("право", "права", "праву", "правом", "праве", "прав", "правам", "правами", "правах"),
    "мера": ("меры", "мер", "мерам", "мерами", "мерах", "мера", "меру", "мерой", "мере"),
}


def main() -> None:
    if not DEV.exists():
        sys.exit(f"missing {DEV}")
    lines = DEV.read_text(encoding="utf-8").splitlines()
    tokenizer = un_tokenizer()
    words = [t.text.lower() for line in lines for t in tokenizer(line) if t.text.isalpha()]
    print(f"UNPC dev (ru): {len(lines)} sentences, {len(words)} word tokens")
    for policy in ("top", "plausible", "all"):
        analyzer = russian_analyzer(policy)
        multi = sum(1 for w in words if len(lemmas(w, policy)) > 1)
        index = [set(t.text for t in analyzer(line)) for line in lines]
        vocabulary = set().union(*index)
        print(f"\npolicy {policy}: {multi / len(words):.1%} of tokens get more than one lemma; "
              f"{len(vocabulary)} distinct terms")
        for probe, forms in PROBES.items():
            hits = [i for i, terms in enumerate(index) if probe in terms]
            good = sum(1 for i in hits if any(t.text.lower() in forms for t in tokenizer(lines[i])))
            precision = good / len(hits) if hits else 1.0
            print(f"  {probe:16} found {len(hits):4}  precision {precision:.2f}")


if __name__ == "__main__":
    main()

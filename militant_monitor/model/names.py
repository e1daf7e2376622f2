"""Personal names of the region, made comparable: one place for transliteration folding,
titles, connectors and the words that never identify a man on their own.

``name_key`` turns a name as written into a tuple of folded words:

* accents dropped, lower case, split on anything that is not a letter;
* titles and honorifics dropped (Mullah, Maulana, Mufti, Hafiz, Qari, Sheikh, Haji,
  Commander, Ustad, ...): 'Mufti Noor Wali' and 'Noor Wali' are one key;
* connectors dropped (ul, ud, ur, al-, e, i): 'Khalil-ur-Rehman' = 'Khalil Rehman';
* compounds joined: 'Zia Ullah' = 'Ziaullah', 'Siraj ud Din' = 'Sirajuddin',
  'Abdul Wali' is one word and so is the kunya 'Abu Omar' (never the bare 'Omar');
* each word folded (``fold_word``): doubled letters, ee/i, oo/u, a silent h between
  vowels, y as a glide, the dropped l of 'Fazl-ullah', and a table of spellings
  (Rehman/Rahman, Omar/Umar, Mehmood/Mahmood).

``WEAK`` words (tribal, family and ethnic names, nisbas and the commonest given names)
never identify a man on their own; ``strong_words`` is what is left. Titles and weak
words are data: ``data/patterns/resolve_names.yaml``.

``key`` is the look-up key of any name (a person, group, place or outlet) as one string:
accents, case and punctuation dropped, the gazetteer's canonical spellings
(Tehrik/Tehreek, Qaida/Qaeda, Muhammad/Mohammed) and its connectors (-e-, -i-, -ul-, al-)
folded. It is what the store keeps as ``value_key`` and what the registries are indexed
by (``model.registry``); extraction, resolution, search and look-up all use it.
``name_key`` is the same folding carried further for people (titles, transliteration):
``name_key(key(x)) == name_key(x)``, so a stored key can always be compared as a name.
``token_key`` and ``canon_token`` are the per-token form of ``key`` the gazetteer
matchers of ``extract.lexicon`` use on running text.

This module is below everything (store, resolve, query, serve and extract import it;
it imports nothing of the project but its data files).
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

import yaml


@cache
def _word_lists() -> dict[str, frozenset]:
    """The word lists of ``data/patterns/resolve_names.yaml`` by id (their examples are run by
    tests/extract/test_patterns.py)."""
    raw = yaml.safe_load(resources.files("militant_monitor.data").joinpath("patterns", "resolve_names.yaml")
                         .read_text("utf-8"))
    return {e["id"]: frozenset(w.lower() for w in e["words"]) for e in raw}


TITLES = _word_lists()["name.title"]
CONNECTORS = frozenset({"ul", "ud", "ur", "us", "ut", "un", "al", "el", "ar", "as", "ad", "an", "at", "az", "ash",
                        "e", "i", "o", "the"})
# first words that make one name with the next: 'Abdul Wali', 'Abu Omar' (a kunya), 'Abd al-Rahman'
PREFIXES = frozenset({"abdul", "abdur", "abdus", "abd", "abu", "umm", "ghulam"})
PREFIX_CANON = {"abdur": "abdul", "abdus": "abdul", "abd": "abdul"}   # 'Abdur Rauf' = 'Abdul Rauf'
# last parts that make one name with the word before: 'Zia Ullah', 'Siraj ud Din'
SUFFIXES = {"ullah": "ullah", "ulla": "ullah", "allah": "ullah", "uddin": "uddin", "din": "uddin", "deen": "uddin",
            "uldin": "uddin"}
SPELLING = {
    "rehman": "rahman", "rahaman": "rahman", "rehmaan": "rahman", "mehmood": "mahmud", "mehmud": "mahmud",
    "mahmood": "mahmud", "dawood": "daud", "dawud": "daud", "ahmed": "ahmad", "hussain": "husain", "hussein": "husain",
    "omar": "umar", "osama": "usama", "usamah": "usama", "muhammad": "mohammed", "mohammad": "mohammed",
    "muhammed": "mohammed", "mohamed": "mohammed", "mohd": "mohammed", "khorasani": "khurasani",
    "khorasan": "khurasan", "yousaf": "yusuf", "yousuf": "yusuf", "yusaf": "yusuf",
    "osman": "usman", "uthman": "usman", "kasim": "qasim", "zakaria": "zakariya", "farooqui": "faruqi",
    "farooqi": "faruqi", "faruqui": "faruqi", "rafique": "rafiq", "tarik": "tariq", "ishaque": "ishaq",
    "maliq": "malik", "elias": "ilyas",
}
# words that never identify a man alone: tribes, clans, nisbas, the commonest given names
WEAK = _word_lists()["name.tribal"] | _word_lists()["name.nisba"] | _word_lists()["name.common_given"]


def fold(s: str) -> str:
    """Accents dropped, curly quotes straightened."""
    return unicodedata.normalize("NFKD", str(s)).encode("ascii", "ignore").decode().replace("\u2019", "'")


# --- look-up keys (one string per name) -----------------------------------------------------------
# the connectors the look-up key drops ('Tehreek-e-Taliban', 'Lashkar-i-Jhangvi', 'Ansar-ul-Islam')
KEY_CONNECTORS = frozenset({"e", "i", "ul", "al", "el", "ud", "ur", "us", "o"})
# the gazetteer's canonical spellings of the words of group, place and outlet names
KEY_SPELLING = {
    "tehrik": "tehreek", "tahrik": "tehreek", "tahreek": "tehreek", "tehriq": "tehreek", "tehrek": "tehreek",
    "qaida": "qaeda", "qa'ida": "qaeda", "qaeda": "qaeda",
    "pakhtunkhawa": "pakhtunkhwa", "pakhtoonkhwa": "pakhtunkhwa", "pukhtunkhwa": "pakhtunkhwa",
    "mujahidin": "mujahideen", "mujahedin": "mujahideen", "mujahedeen": "mujahideen",
    "muhammad": "mohammed", "mohammad": "mohammed", "muhammed": "mohammed", "mohamed": "mohammed",
    "baluchistan": "balochistan", "jhangwi": "jhangvi", "khurasan": "khorasan", "harakat": "harkat",
    "jamat": "jamaat", "jama'at": "jamaat", "jaysh": "jaish", "taleban": "taliban", "lashkr": "lashkar",
    "sepah": "sipah", "sipahe": "sipah", "sahabah": "sahaba", "hezb": "hizb", "hizbe": "hizb", "hezbul": "hizbul",
}
# a token of running text: 'Kashmir's' is Kashmir
TOKEN = re.compile(r"[A-Za-z0-9\u00C0-\u024F'\u2019]+?(?=['\u2019]s\b)|[A-Za-z0-9\u00C0-\u024F'\u2019]+")


def key(name: str) -> str:
    """The look-up key of a name: folded, lower case, spellings made canonical (Tehrik/Tehreek,
    Muhammad/Mohammad), connectors and punctuation dropped. What ``value_key`` stores."""
    return _key(name if isinstance(name, str) else str(name))


@lru_cache(maxsize=1 << 16)
def _key(name: str) -> str:
    """:func:`key` of a string, remembered: extraction asks for the keys of the same few
    hundred names and places hundreds of thousands of times in a long document."""
    s = fold(name).lower()
    ws = [KEY_SPELLING.get(w, w) for w in re.split(r"[^a-z0-9]+", s) if w]
    return " ".join(w for w in ws if w not in KEY_CONNECTORS and w != "the")


@lru_cache(maxsize=1 << 16)
def canon_token(token: str) -> str:
    """One token of running text as ``key`` spells it ('US' is the country, not a connector);
    remembered, as :func:`key` is."""
    if token == "US":
        return "usa"   # 'US forces': the country, not the connector of 'Ansar-us-Sunnah'
    t = fold(token).lower().replace("\u2019", "'")
    t = KEY_SPELLING.get(t, t)
    return t.strip("'")


def token_key(name: str) -> tuple:
    """The token key of a name as the gazetteer matchers use it: canonical spellings, connectors dropped."""
    return tuple(t for t in (canon_token(x) for x in TOKEN.findall(name))
                 if t and t not in KEY_CONNECTORS and t != "the")


def is_acronym(name: str) -> bool:
    """'TTP', 'LeJ', 'ISKP': a short name with capitals inside, or one word all in capitals."""
    return len(name) <= 6 and " " not in name and any(c.isupper() for c in name[1:]) or (
        name.isupper() and " " not in name)


# --- comparing people's names ---------------------------------------------------------------------
@lru_cache(maxsize=1 << 16)
def fold_word(w: str) -> str:
    """One spelling of a word however it was transliterated: Hakeemullah = Hakimullah,
    Zabihullah = Zabiullah, Fazlullah = Fazullah, Reyaz = Riyaz, Jeehand = Jeeyand.
    The look-up key's spellings come first, so a stored key folds as its name does."""
    w = KEY_SPELLING.get(w, w)
    w = SPELLING.get(w, w)
    w = w.replace("ee", "i").replace("oo", "u").replace("ou", "u")
    w = re.sub(r"(?<=[aeiou])h(?=[aeiou])", "", w)            # Zabihullah: the h between vowels is silent
    w = re.sub(r"(?<=.)[ei]y(?=[aeiou])", "i", w)              # Riyaz / Reyaz: y as a glide
    w = re.sub(r"(?<=[aeiou])y(?=[aeiou])", "", w)             # Jeeyand / Jeeand
    w = re.sub(r"(?<=[^aeiou])lullah$", "ullah", w)            # Fazl-ullah written Fazullah
    w = re.sub(r"(.)\1+", r"\1", w)                           # doubled letters: Haqqani, Sajjad, Shabbir
    w = w.replace("w", "v") if len(w) > 3 else w              # Muawiya / Muaviya
    return SPELLING.get(w, w)


_WEAK_KEYS = frozenset(fold_word(w) for w in WEAK)


def words(name: str) -> list[str]:
    """The raw lower-case words of a name, accents dropped."""
    return [w for w in re.split(r"[^a-z]+", fold(name).lower()) if w]


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> tuple:
    """The comparison key of a person's name (see the module docstring); () for a title alone."""
    out: list[str] = []
    glue = False   # the previous word was a prefix ('Abu', 'Abdul') waiting for its name
    for w in words(name):
        w = KEY_SPELLING.get(w, w)   # as ``key`` spells it, so a stored key folds as its name does
        if w in TITLES and not glue:
            continue
        if w in CONNECTORS:
            continue
        if w in SUFFIXES and out:
            out[-1] = fold_word(out[-1] + SUFFIXES[w])
            continue
        if glue:
            out[-1] = fold_word(PREFIX_CANON.get(out[-1], out[-1]) + w)
            glue = False
            continue
        w = fold_word(w)
        out.append(w)
        glue = w in PREFIXES
    if glue:   # 'Abu' at the end: no name followed
        out.pop()
    return tuple(out)


def is_title(name: str) -> bool:
    """True when the name is only titles and connectors ('Qari', 'the Mufti')."""
    return bool(words(name)) and not name_key(name)


def strong_words(key: tuple) -> set:
    """The words of a key that can identify a man: neither tribal nor common."""
    return {w for w in key if w not in _WEAK_KEYS and len(w) > 2}


def variant(a: tuple, b: tuple) -> bool:
    """Two keys of full names (two words or more) that may be one man: the same words,
    or one contains the other, sharing at least two words of which one is strong.
    'Khalil Haqqani' / 'Khalil Rahman Haqqani' yes; 'Noor Wali Mehsud' / 'Hakimullah
    Mehsud' no (a tribal name only); 'Asim Umar' / 'Umar Qasmi' no."""
    if len(a) < 2 or len(b) < 2:
        return False
    sa, sb = set(a), set(b)
    shared = sa & sb
    if not (sa <= sb or sb <= sa):
        return False
    return len(shared) >= 2 and bool(strong_words(tuple(shared)))


def clash(a: tuple, b: tuple) -> bool:
    """Two full names that share a word yet cannot be one man: 'Sirajuddin Haqqani' and
    'Jalaluddin Haqqani', 'Qari Shakeel Ahmad Mehsud' and 'Qari Shakeel Safi'."""
    return len(a) > 1 and len(b) > 1 and bool(set(a) & set(b)) and a != b and not variant(a, b)

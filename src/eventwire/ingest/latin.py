"""Pick the single-byte codec that makes undeclared Latin-script bytes read as one real language.

charset-normalizer leans to cp1250 for Western text ("Genčve", "Espańa"), even
on long pages, so accented Latin text gets this check: decode with each usual
codec and keep the one whose accented letters all belong to one language's
alphabet. A wrong codec mixes alphabets (French read as cp1250 has ``č`` next
to ``ç``) or yields symbols where letters should be (Polish read as cp1252
has ``³`` for ``ł``).
"""

from __future__ import annotations

# Accented letters of the languages these codecs serve (lowercase).
_ALPHABETS = (
    "àâæçéèêëîïôœùûüÿ",  # French
    "äöüß",  # German
    "áéíóúñü",  # Spanish
    "áàâãçéêíóôõú",  # Portuguese
    "àèéìíîòóùú",  # Italian
    "àçèéíïòóúü",  # Catalan
    "áéíóúëïèöü",  # Dutch
    "åäöæøé",  # Nordic
    "áæðéíóöúýþ",  # Icelandic
    "ąćęłńóśźż",  # Polish
    "áčďéěíňóřšťúůýž",  # Czech
    "áäčďéíĺľňóôŕšťúýž",  # Slovak
    "áéíóöőúüű",  # Hungarian
    "ăâîșțşţ",  # Romanian
    "čćđšž",  # Croatian, Bosnian, Serbian Latin, Slovenian
    "çğıöşüâîûi̇",  # Turkish ("İ".lower() is "i" plus a combining dot)
    "ąčęėįšųūž",  # Lithuanian
    "āčēģīķļņšūž",  # Latvian
    "äöõüšž",  # Estonian
    "çë",  # Albanian
)
# Typographic marks any of these texts may carry; they say nothing about the language.
_NEUTRAL = frozenset("\u00a0\u00ad«»‹›“”„‘’‚–—…•€£°§©®™±×¿¡ºª½¼¾·")
_MIN_SHARE = 0.6  # below this no codec reads as a real language: leave it to the detector

# Most used first: on a tie (German reads the same in cp1252 and cp1250) the first wins.
CANDIDATES = ("cp1252", "cp1250", "cp1254", "cp1257", "iso8859-2")


def _share(text: str) -> float:
    """Share of non-ASCII characters that are neutral marks or letters of the one best-fitting alphabet."""
    chars = [ch.lower() for ch in text if ord(ch) > 0x7F]
    if not chars:
        return 1.0
    neutral = sum(1 for ch in chars if ch in _NEUTRAL)
    best = max(sum(1 for ch in chars if ch in alphabet) for alphabet in _ALPHABETS)
    return (neutral + best) / len(chars)


def guess_latin(data: bytes) -> str | None:
    """The codec under which ``data`` reads best as one Latin-script language, or None when none does."""
    best: tuple[float, str] | None = None
    for codec in CANDIDATES:
        try:
            share = _share(data.decode(codec))
        except UnicodeDecodeError:
            continue
        if best is None or share > best[0]:
            best = (share, codec)
    if best is None or best[0] < _MIN_SHARE:
        return None
    return best[1]

"""Word lists the analysis uses: cue words, hedges, titles, aliases and a small gazetteer.

Everything here is plain data, so both engines (spaCy and rules) share it.
"""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

_lemminflect_lock = threading.Lock()


class _NoSpacy:
    """A meta path finder under which ``import spacy`` fails (see :func:`lemminflect`)."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "spacy":
            raise ModuleNotFoundError("spacy is not loaded in this process")


def lemminflect() -> ModuleType:
    """lemminflect (inflections and lemmas from its lexicon, no model needed), imported
    without spaCy: its package import also imports spaCy to hook Token extensions gloss does
    not use, ~150 MB and a second the reader does not need for linking. When spaCy is not
    loaded yet, it is hidden for the duration of the import."""
    mod = sys.modules.get("lemminflect")
    if mod is not None:
        return mod
    with _lemminflect_lock:
        if "spacy" in sys.modules:
            import lemminflect as mod
        else:
            finder = _NoSpacy()
            sys.meta_path.insert(0, finder)
            try:
                import lemminflect as mod
            finally:
                sys.meta_path.remove(finder)
    return mod
    with _lemminflect_lock:
        if "spacy" in sys.modules:
            import lemminflect as mod
        else:
            hidden: Any = None
            sys.modules["spacy"] = hidden  # `import spacy` raises ImportError meanwhile
            try:
                import lemminflect as mod
            finally:
                if sys.modules.get("spacy") is None:
                    del sys.modules["spacy"]
    return mod


# Reporting verbs, by inflected form (lower case). The value is the lemma.
_CUE_LEMMAS = {
    "say": "say says said saying",
    "tell": "tell tells told telling",
    "add": "add adds added adding",
    "claim": "claim claims claimed claiming",
    "state": "stated",
    "announce": "announce announces announced announcing",
    "warn": "warn warns warned warning",
    "accuse": "accuse accuses accused accusing",
    "note": "note notes noted noting",
    "insist": "insist insists insisted insisting",
    "argue": "argue argues argued arguing",
    "assert": "assert asserts asserted asserting",
    "allege": "allege alleges alleged alleging",
    "deny": "deny denies denied denying",
    "confirm": "confirm confirms confirmed confirming",
    "explain": "explain explains explained explaining",
    "report": "report reports reported",
    "write": "write writes wrote written",
    "tweet": "tweeted",
    "declare": "declare declares declared declaring",
    "stress": "stress stresses stressed stressing",
    "acknowledge": "acknowledge acknowledges acknowledged acknowledging",
    "admit": "admit admits admitted admitting",
    "suggest": "suggest suggests suggested suggesting",
    "predict": "predict predicts predicted predicting",
    "contend": "contend contends contended",
    "maintain": "maintains maintained",
    "cite": "cite cites cited citing",
    "estimate": "estimates estimated",
    "emphasize": "emphasize emphasizes emphasized emphasised emphasising",
    "reiterate": "reiterate reiterates reiterated",
    "believe": "believe believes believed",
    "think": "think thinks thought",
    "assess": "assess assesses assessed",
    "ask": "ask asks asked",
    "reply": "reply replies replied",
    "respond": "responded",
    "continue": "continued",
    "recall": "recalls recalled",
    "complain": "complain complains complained",
    "concede": "concede concedes conceded",
    "predicted": "forecast forecasts",
    "promise": "promise promises promised",
    "vow": "vow vows vowed",
    "pledge": "pledged",
    "urge": "urge urges urged",
    "criticize": "criticized criticised",
    "condemn": "condemned",
    "describe": "described",
    "call": "calling",
    "indicate": "indicate indicates indicated",
    "show": "shows showed",
    "find": "found finds",
    "conclude": "concluded concludes",
    "testify": "testified",
    "disclose": "disclosed",
    "reveal": "revealed reveals",
    "agree": "agreed",
    # Manners of speaking before or after a quotation ("A flabbergasted Noah quipped, ...").
    "quip": "quip quips quipped",
    "joke": "joked jokes",
    "retort": "retorted retorts",
    "exclaim": "exclaimed exclaims",
    "scoff": "scoffed scoffs",
    "muse": "mused muses",
    "shout": "shouted shouts",
    "yell": "yelled yells",
}
CUE_VERBS: dict[str, str] = {
    form: lemma for lemma, forms in _CUE_LEMMAS.items() for form in forms.split()
}
# Verbs of stance and intent that count as cues only right after a named speaker or pronoun
# ("Trump called for ...", "Clinton wants ..."), as PolNeAR annotates them.
SUBJECT_CUES: dict[str, str] = {
    form: lemma
    for lemma, forms in {
        "call": "called calls",
        "want": "wants want wanted",
        "plan": "plans planned",
        "support": "supports supported",
        "point": "pointed",
        "question": "questioned questions questioning",
        "mention": "mentioned mentions",
        "blast": "blasted blasts",
        "attack": "attacked attacks",
        "refuse": "refuses refused",
        "promise": "promising",
        "expect": "expects expected",
        "know": "knows knew",
        "demand": "demanded demands demanding",
        "charge": "charges charged",
        "defend": "defended defends defending",
        "offer": "offered offers",
        "discuss": "discussed discusses",
        "propose": "proposes proposed",
        "emphasize": "emphasizing",
        "echo": "echoed",
        "worry": "worries worried",
        "praise": "praised praises",
        "reject": "rejected rejects",
        "endorse": "endorses endorsed",
        "liken": "likened",
        "feel": "felt feels",
        "hope": "hopes hoped",
        "fear": "fears feared",
        "doubt": "doubts doubted",
        "oppose": "opposed opposes",
        "decline": "declined",
        "mock": "mocked",
        "slam": "slammed slams",
        "dismiss": "dismissed",
        "encourage": "encouraged encourages",
        "threaten": "threatened threatens",
        "recommend": "recommended recommends",
    }.items()
    for form in forms.split()
}

# Cue words learned from PolNeAR train (python -m tools.fit_cues): forms that are
# gold cues most of the time join the verbs, those that are cues after a subject join the
# subject cues.
_LEARNED_PATH = Path(__file__).with_name("cue_lexicon.json")
LEARNED_CUES: dict[str, dict[str, float]] = (
    json.loads(_LEARNED_PATH.read_text(encoding="utf-8")) if _LEARNED_PATH.exists() else {}
)
# A learned form this often a cue needs no "that" or subject to count.
STRONG_SHARE = 0.7
_NEW_VERBS = {f for f in LEARNED_CUES.get("verbs", {}) if f not in CUE_VERBS}
for _form in _NEW_VERBS:
    CUE_VERBS[_form] = SUBJECT_CUES.pop(_form, _form)
for _form in LEARNED_CUES.get("subject", {}):
    if _form not in CUE_VERBS and _form not in SUBJECT_CUES:
        SUBJECT_CUES[_form] = _form
_STRONG = {f for f, share in LEARNED_CUES.get("verbs", {}).items() if share >= STRONG_SHARE}

# Cue verbs that need a following "that"/quote/colon to count (too ambiguous alone).
WEAK_CUES = frozenset(
    "think thought believe believes believed continued shows showed found finds agreed "
    "promise promises promised urge urges urged calling described condemned criticized "
    "criticised recall recalls recalled ask asks asked reply replies replied responded "
    "indicate indicates indicated revealed reveals disclosed concluded concludes "
    "assess assesses assessed cite cites cited citing report reports reported "
    "estimates estimated note notes noting testified vow vows vowed pledged".split()
) - _STRONG | (_NEW_VERBS - _STRONG)

# Noun cues: "the claim by X that ...", "X's assertion that ...".
NOUN_CUES = frozenset(
    "claim claims statement statements assertion assertions allegation allegations accusation "
    "accusations announcement warning warnings remarks comments assessment insistence "
    "contention argument denial admission suggestion prediction promise pledge remark".split()
)

HEDGES = (
    "alleged",
    "allegedly",
    "purportedly",
    "purported",
    "reportedly",
    "reported",
    "may",
    "might",
    "could",
    "possibly",
    "possible",
    "likely",
    "unlikely",
    "apparently",
    "apparent",
    "suspected",
    "believed",
    "appears",
    "appear",
    "appeared",
    "seems",
    "seem",
    "seemed",
    "probably",
    "perhaps",
    "potential",
    "potentially",
    "unconfirmed",
    "unverified",
    "claimed",
    "supposedly",
    "rumoured",
    "rumored",
    "estimated",
    "approximately",
    "roughly",
    "suggests",
    "suggested",
    "assess",
    "assessed",
    "believe",
    "claims",
)
HEDGE_SET = frozenset(HEDGES)

# Courtesy and job titles trimmed from PERSON spans (OntoNotes leaves titles out).
TITLES = frozenset(
    "mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady gen gen. general "
    "col col. colonel lt lt. capt capt. captain sgt sgt. sen sen. senator rep rep. "
    "representative gov gov. governor pres pres. president vice-president premier "
    "chancellor minister secretary spokesman spokeswoman spokesperson ambassador judge "
    "justice king queen prince princess pope rev rev. rabbi imam chairman chairwoman chair "
    "leader ceo director commissioner mayor officer adm adm. admiral marshal".split()
)

# Common nouns that can be a speaker ("officials said", "the spokesman said").
SPEAKER_NOUNS = frozenset(
    "official officials spokesman spokeswoman spokesperson spokespeople minister ministers "
    "ministry president administration government authorities authority police sources "
    "source analysts analyst experts expert diplomat diplomats lawmakers lawmaker "
    "senator senators congressman congresswoman aides aide adviser advisers advisor "
    "advisors statement report officers officer military army agency prosecutors "
    "prosecutor investigators residents witnesses researchers scientists economists "
    "spokesmen leader leaders people critics observers campaign company firm".split()
)
# Descriptions that refer back to the last named speaker.
ANAPHOR_NOUNS = frozenset(
    "spokesman spokeswoman spokesperson official minister president secretary senator "
    "ambassador leader chairman chairwoman".split()
)

# Nouns that describe one person by role ("the Republican presidential nominee", "the real
# estate tycoon"): as a definite speaker, someone the document has named, never a body.
PERSON_DESCRIPTIONS = frozenset(
    "nominee candidate front-runner frontrunner hopeful contender challenger incumbent "
    "businessman businesswoman billionaire mogul tycoon magnate developer celebrity "
    "congressman congresswoman senator governor lawmaker strategist".split()
)
# Occupations a story introduces someone by ("actress Susan Sarandon", "the singer said"):
# whom the document introduced so, never a guess from who was named last.
OCCUPATIONS = frozenset("actress actor singer comedian".split())

# Other names of one political group, as matching keys (lower case, singular): the
# Conservatives are the Tories in British news, the Democrats the Dems in American.
GROUP_ALIASES: dict[str, str] = {"tory": "conservative", "dem": "democrat"}

# Unambiguous aliases: surface form (case-sensitive, after whitespace normalisation) ->
# (canonical name, OntoNotes label).
ALIASES: dict[str, tuple[str, str]] = {
    "US": ("United States", "GPE"),
    "U.S.": ("United States", "GPE"),
    "U.S": ("United States", "GPE"),
    "USA": ("United States", "GPE"),
    "U.S.A.": ("United States", "GPE"),
    "United States": ("United States", "GPE"),
    "United States of America": ("United States", "GPE"),
    "America": ("United States", "GPE"),
    "DPRK": ("North Korea", "GPE"),
    "D.P.R.K.": ("North Korea", "GPE"),
    "North Korea": ("North Korea", "GPE"),
    "Democratic People's Republic of Korea": ("North Korea", "GPE"),
    "Democratic People’s Republic of Korea": ("North Korea", "GPE"),
    "ROK": ("South Korea", "GPE"),
    "Republic of Korea": ("South Korea", "GPE"),
    "South Korea": ("South Korea", "GPE"),
    "UK": ("United Kingdom", "GPE"),
    "U.K.": ("United Kingdom", "GPE"),
    "Britain": ("United Kingdom", "GPE"),
    "Great Britain": ("United Kingdom", "GPE"),
    "United Kingdom": ("United Kingdom", "GPE"),
    "UAE": ("United Arab Emirates", "GPE"),
    # The group by its names in English news (spaCy reads "Islamic" alone as a NORP).
    "Islamic State": ("Islamic State", "ORG"),
    "ISIS": ("Islamic State", "ORG"),
    "ISIL": ("Islamic State", "ORG"),
    "Daesh": ("Islamic State", "ORG"),
    "PRC": ("China", "GPE"),
    "People's Republic of China": ("China", "GPE"),
    "Russian Federation": ("Russia", "GPE"),
    "Kyiv": ("Kyiv", "GPE"),
    "Kiev": ("Kyiv", "GPE"),
    "Gaza": ("Gaza Strip", "GPE"),
    "Gaza Strip": ("Gaza Strip", "GPE"),
    "UN": ("United Nations", "ORG"),
    "U.N.": ("United Nations", "ORG"),
    "United Nations": ("United Nations", "ORG"),
    "EU": ("European Union", "ORG"),
    "E.U.": ("European Union", "ORG"),
    "European Union": ("European Union", "ORG"),
    "NATO": ("NATO", "ORG"),
    "Nato": ("NATO", "ORG"),
    "UN Security Council": ("UN Security Council", "ORG"),
    "U.N. Security Council": ("UN Security Council", "ORG"),
    "United Nations Security Council": ("UN Security Council", "ORG"),
    "AFP": ("Agence France-Presse", "ORG"),
    "Agence France-Presse": ("Agence France-Presse", "ORG"),
    "AP": ("Associated Press", "ORG"),
    "Associated Press": ("Associated Press", "ORG"),
    "Reuters": ("Reuters", "ORG"),
    "BBC": ("BBC", "ORG"),
    "CNN": ("CNN", "ORG"),
    "Pentagon": ("United States Department of Defense", "ORG"),
    "Congress": ("United States Congress", "ORG"),
    "Kremlin": ("Kremlin", "ORG"),
    "White House": ("White House", "ORG"),
    "Wagner Group": ("Wagner Group", "ORG"),
    "Wall Street": ("Wall Street", "FAC"),
    "Wagner": ("Wagner Group", "ORG"),
    "Hamas": ("Hamas", "ORG"),
    "Hezbollah": ("Hezbollah", "ORG"),
    "FBI": ("FBI", "ORG"),
    "CIA": ("CIA", "ORG"),
    "IMF": ("International Monetary Fund", "ORG"),
    "WHO": ("World Health Organization", "ORG"),
    "Yoon Suk-yeol": ("Yoon Suk Yeol", "PERSON"),
    "Yoon Suk Yeol": ("Yoon Suk Yeol", "PERSON"),
    "Kim Jong Un": ("Kim Jong Un", "PERSON"),
    "Kim Jong-un": ("Kim Jong Un", "PERSON"),
    "Kim Jong-Un": ("Kim Jong Un", "PERSON"),
    "Sergey Shoigu": ("Sergei Shoigu", "PERSON"),
    "Sergei Shoigu": ("Sergei Shoigu", "PERSON"),
    "Volodymyr Zelensky": ("Volodymyr Zelensky", "PERSON"),
    "Volodymyr Zelenskyy": ("Volodymyr Zelensky", "PERSON"),
    "Volodymyr Zelenskiy": ("Volodymyr Zelensky", "PERSON"),
}

# Speakers that stand for a country (metonymy): "Washington said" means the US government.
SPEAKER_METONYMS: dict[str, str] = {
    "Washington": "United States",
    "Biden administration": "United States",
    "the Biden administration": "United States",
    "The Biden administration": "United States",
    "Moscow": "Russia",
    "Kremlin": "Russia",
    "Pyongyang": "North Korea",
    "Beijing": "China",
    "Kyiv": "Ukraine",
    "Kiev": "Ukraine",
    "Seoul": "South Korea",
    "Tokyo": "Japan",
    "London": "United Kingdom",
    "Paris": "France",
    "Berlin": "Germany",
    "Tehran": "Iran",
    "Ankara": "Turkey",
}

# National capitals and the country they stand for when used as its government ("Moscow said",
# "arms for Moscow"); see entities.capital_metonyms. A short hand-made table of the capitals of
# G20 members and of countries frequent in international news (no small maintained PyPI source
# maps capitals to countries), with the country names the alias table uses as canonicals.
CAPITALS: dict[str, str] = {
    "Washington": "United States",
    "Moscow": "Russia",
    "Pyongyang": "North Korea",
    "Seoul": "South Korea",
    "Beijing": "China",
    "Tokyo": "Japan",
    "Kyiv": "Ukraine",
    "Kiev": "Ukraine",
    "London": "United Kingdom",
    "Paris": "France",
    "Berlin": "Germany",
    "Rome": "Italy",
    "Madrid": "Spain",
    "Brussels": "European Union",  # the seat of the EU institutions stands for the EU
    "Ottawa": "Canada",
    "Canberra": "Australia",
    "Wellington": "New Zealand",
    "New Delhi": "India",
    "Delhi": "India",
    "Islamabad": "Pakistan",
    "Kabul": "Afghanistan",
    "Tehran": "Iran",
    "Baghdad": "Iraq",
    "Damascus": "Syria",
    "Beirut": "Lebanon",
    "Amman": "Jordan",
    "Riyadh": "Saudi Arabia",
    "Doha": "Qatar",
    "Abu Dhabi": "United Arab Emirates",
    "Ankara": "Turkey",
    "Cairo": "Egypt",
    "Tripoli": "Libya",
    "Minsk": "Belarus",
    "Warsaw": "Poland",
    "Budapest": "Hungary",
    "Taipei": "Taiwan",
    "Manila": "Philippines",
    "Hanoi": "Vietnam",
    "Jakarta": "Indonesia",
    "Brasilia": "Brazil",
    "Buenos Aires": "Argentina",
    "Mexico City": "Mexico",
    "Havana": "Cuba",
    "Caracas": "Venezuela",
    "Pretoria": "South Africa",
    "Nairobi": "Kenya",
    "Abuja": "Nigeria",
    "Dublin": "Ireland",
}
# The canonical name of a capital as a place, where it differs from its surface form.
CAPITAL_CITIES: dict[str, str] = {"Washington": "Washington, D.C."}

# A small gazetteer for the rules engine: single words and names the capitalisation heuristic
# cannot type on its own.
GAZETTEER: dict[str, str] = {
    **{name: label for name, (_, label) in ALIASES.items()},
    **{
        name: "GPE"
        for name in (
            "Russia Ukraine China Japan India Pakistan Iran Iraq Syria Israel Turkey Egypt "
            "France Germany Italy Spain Poland Canada Mexico Brazil Australia Taiwan Korea "
            "Afghanistan Belarus Georgia Moldova Lebanon Jordan Saudi Arabia Qatar Yemen "
            "Libya Sudan Nigeria Kenya Ethiopia Venezuela Cuba Argentina Chile Colombia "
            "Greece Sweden Finland Norway Denmark Netherlands Belgium Austria Switzerland "
            "Hungary Romania Bulgaria Serbia Croatia Ireland Scotland Wales England Europe "
            "Asia Africa Moscow Pyongyang Washington Beijing Seoul Tokyo London Paris Berlin "
            "Tehran Jerusalem Ankara Crimea Donbas Kharkiv Odesa Mariupol Bakhmut Vladivostok "
            "California Texas Florida Ohio Virginia Michigan Pennsylvania Arizona Nevada "
            "Wisconsin Georgia Iowa Carolina York Chicago Boston Brussels Geneva Vienna "
            "Rome Madrid Warsaw Minsk Damascus Baghdad Kabul Cairo Delhi Mumbai Shanghai "
            "Hong Kong Singapore Manila Jakarta Hanoi Bangkok Sydney Toronto Ottawa".split()
        )
    },
    **{
        name: "NORP"
        for name in (
            "Koreans Russian Russians Ukrainian Ukrainians Chinese Japanese American Americans "
            "British Korean Koreans Iranian Israeli Israelis Palestinian Palestinians "
            "European Europeans Western western French German Germans Italian Spanish "
            "Polish Indian Pakistani Syrian Iraqi Turkish Egyptian Arab Arabs Muslim "
            "Muslims Christian Christians Jewish Jews Republican Republicans Democrat "
            "Democrats Democratic Soviet Belarusian Canadian Mexican Brazilian Australian "
            "Taiwanese Afghan Saudi Lebanese Kurdish Kurds Sunni Shia Catholic "
            "Conservative Conservatives Labour Tory Tories".split()
        )
    },
    "North Korean": "NORP",
    "South Korean": "NORP",
    # Platforms and firms the model takes for people ("Twitter" PERSON in PolNeAR).
    **{
        name: "ORG"
        for name in (
            "Twitter Facebook YouTube Instagram Snapchat Google Amazon Apple Microsoft Reddit "
            "TikTok WhatsApp LinkedIn Netflix Uber Tumblr".split()
        )
    },
    **{
        name: "DATE"
        for name in (
            "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March "
            "April June July August September October November December".split()
        )
    },
}

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan\\.|Feb\\.|Mar\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sept\\.|Sep\\.|Oct\\.|Nov\\.|Dec\\."
)
NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred thousand million billion trillion dozens dozen hundreds "
    "thousands millions billions".split()
)
ORDINAL_WORDS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth".split()
)
# Words that start a capitalised run but are not part of a name.
# Capitalised words that never open a person's name, wherever they stand: articles,
# prepositions and conjunctions ("Jews Against Trump" on a sign: no "Against Trump"). Not
# modals or verbs, which are given names too ("Will Smith", "Mark Warner").
NOT_NAME_START = frozenset(
    "The A An Against For From With Without By Of And But Or Nor In On At Into Onto To "
    "Toward Towards Under Over After Before Since Until Despite During Amid Among Amongst "
    "Between Beyond Behind Through Throughout Versus Via Upon Within About Above Across "
    "Around Than Neither Either Nor Whether If Because Although Though Unless While Whereas "
    "When Where".split()
)
STOP_CAPS = frozenset(
    "The A An This That These Those It He She They We I You His Her Their Our Its In On At "
    "For From With By Of And But Or If When While After Before As Since Under Over Into To "
    "Mr Mrs Ms Dr There Here What Who Why How Where Which Some Many Most All Any Each Every "
    "Both No Not Also Yet So Then Now Still Even Just However Meanwhile According Last Next "
    "First Second Despite During Earlier Later Although Though Because Unless Until Once "
    "Than Such Only More Less Several Few Other Another".split()
)

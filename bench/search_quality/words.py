"""Arabic words for the search-quality benchmark: tokens, folding, stopwords.

Deliberately independent of ``statements/arabic.py``: the benchmark judges that
module, so it must not share its rules. Everything here is simple and crude::

    >>> fold("الأمَّـة")
    'الامه'
    >>> sorted(stem_keys("والحكومات"))[:3]
    ['الحكوم', 'الحكومات', 'حكوم']
"""

import re
from collections.abc import Iterator
from functools import cache

DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"
TATWEEL = "\u0640"
_MARKS = re.compile(f"[{DIACRITICS}{TATWEEL}\u0653-\u065f\u0670]")
_FOLDS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ی": "ي",
        "ک": "ك",
    }
)
# A token: Arabic letters (Persian ones and presentation forms too), possibly
# with marks and tatweel inside; or Latin letters.
_LETTERS = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06d5\ufb50-\ufdff\ufe70-\ufefc"
_ARABIC_TOKEN = re.compile(f"[{_LETTERS}][{_LETTERS}\u0640\u064b-\u065f\u0670]*")
_LATIN_TOKEN = re.compile(r"[A-Za-z]+")

# Clitic prefixes, longest first, as they look after fold(); "لل" is ل + ال.
PREFIXES = (
    "وبال",
    "فبال",
    "وكال",
    "فكال",
    "ولل",
    "فلل",
    "وال",
    "فال",
    "بال",
    "كال",
    "لل",
    "ال",
    "و",
    "ف",
    "ب",
    "ل",
    "ك",
)
# Endings a light stemmer may take off; ا is the accusative's (أثرا → أثر).
SUFFIXES = ("هما", "كما", "ات", "ون", "ين", "ان", "ها", "هم", "كم", "نا", "يه")
SUFFIXES += ("ه", "ي", "ا")

STOPWORDS_TEXT = """
في من إلى الى على عن مع بين حتى منذ عند لدى نحو خلال بعد قبل أمام امام حول دون
ضد عبر وفق وفقا تحت فوق داخل خارج أثناء اثناء حين بينما كما لكن لكنه ولكن إلا الا
أو او أم ثم بل قد لقد وقد فقد لم لن لا ما ماذا لماذا كيف أين اين متى هل إذا اذا إن
ان أن إنه انه أنه أنها انها إنها لأن لان كي لكي حيث هذا هذه هذان هاتان هؤلاء ذلك
تلك أولئك هنا هناك هنالك الذي التي الذين اللذان اللتان اللواتي اللاتي من ما هو هي
هم هن هما أنا انا نحن أنت انت أنتم انتم إياه كان كانت كانوا يكون تكون يكونون
أصبح اصبح أصبحت صار ليس ليست لست ظل ظلت مازال ما زال لايزال كل كلا كلتا بعض أي
أية اي غير سوى جميع عدة عدد أكثر اكثر أقل اقل أول اول آخر اخر أخرى اخرى الأخرى
الاخرى أيضا ايضا فقط جدا مثل نفس ذات ذاته عليه عليها عليهم إليه اليه إليها اليها
منه منها منهم فيه فيها فيهم عنه عنها عنهم له لها لهم به بها بهم معه معها بينهم
لديه لديها لديهم وفي ومن وعلى وإلى والى وعن ومع وهو وهي وهذا وهذه وذلك والتي
والذي وكان وكانت وأن وان وإن ولا وما ولم ولن وقال وقالت قال قالت يقول تقول أكد
اكد أكدت اكدت أضاف اضاف أضافت اضافت أشار اشار أشارت اشارت أعلن اعلن أعلنت اعلنت
أوضح اوضح أوضحت ذكر ذكرت تابع وتابع وأضاف واضاف وأكد واكد وأشار واشار وأوضح وذكر
يوم اليوم أمس امس غدا الآن الان عام العام عاما سنة السنة شهر الشهر أسبوع الأسبوع
الماضي الماضية المقبل المقبلة الحالي الحالية الجاري يناير فبراير مارس أبريل ابريل
مايو يونيو يوليو أغسطس اغسطس سبتمبر أكتوبر اكتوبر نوفمبر ديسمبر الأحد الاثنين
الإثنين الثلاثاء الأربعاء الاربعاء الخميس الجمعة السبت واحد واحدة اثنان اثنين
اثنتين ثلاث ثلاثة أربع اربع أربعة اربعة خمس خمسة ست ستة سبع سبعة ثمان ثماني ثمانية
تسع تسعة عشر عشرة عشرين عشرون ثلاثين ثلاثون أربعين اربعين خمسين ستين سبعين ثمانين
تسعين مئة مائة مئات ألف الف آلاف الاف مليون ملايين مليار مليارات الأول الاول
الأولى الاولى الثاني الثانية الثالث الثالثة إطار اطار بشأن بشان إضافة اضافة
بالإضافة بالاضافة وذلك حاليا أيام ايام يتم تم وتم سيتم عبر مدى يمكن لذلك كذلك
بسبب نتيجة نظرا حسب بحسب وفقًا مساء صباح مساءً صباحا أنّ إنّ الله بن أبو ابو
هل وهل أهل إذ لو لولا بيد كلما ضمن وسط عقب إثر اثر جراء بشكل خاصة تجاه إزاء ازاء
حوالي قرابة عندما بعدما لما مما عما فيما بما ربما إنما انما أما اما إما سواء سوف لعل
يجب ينبغي تمت تمكن يمكنه يمكنها قبيل بعيد أمام وأمام عليه لديه كثير كثيرا قليل جديد
جديدة كبير كبيرة بعدها قبلها خلاله خلالها بينها بينما هناك وهناك أيضاً الذى التى
"""


@cache
def stopwords() -> frozenset[str]:
    """The stopword list, folded (so one entry covers its hamza spellings)."""
    return frozenset(fold(word) for word in STOPWORDS_TEXT.split())


def strip_marks(word: str) -> str:
    """The word without diacritics and tatweel."""
    return _MARKS.sub("", word)


def fold(word: str) -> str:
    """Strip marks, fold alef forms to ا, ة to ه, ى/ی to ي, ک to ك."""
    return strip_marks(word).translate(_FOLDS)


def arabic_tokens(text: str) -> Iterator[str]:
    """Arabic words of ``text`` as written (marks kept, so variations can see them)."""
    for match in _ARABIC_TOKEN.finditer(text):
        yield match.group()


def latin_tokens(text: str) -> Iterator[str]:
    for match in _LATIN_TOKEN.finditer(text):
        yield match.group().lower()


def split_prefix(folded: str) -> tuple[str, str]:
    """(clitic prefix, rest) with the longest prefix leaving ≥3 letters, or ("", word).

    "لل" is ل + ال: the rest gets its ال back ("للامن" → ("لل", "الامن")).
    """
    for prefix in PREFIXES:
        rest = folded[len(prefix) :]
        if folded.startswith(prefix) and len(rest) >= 3:
            return prefix, ("ال" + rest if prefix.endswith("لل") else rest)
    return "", folded


def stem_keys(word: str) -> set[str]:
    """Every form a light stemmer might reduce ``word`` to, over-generously.

    Used to count the articles that compete with the target for a query word:
    over-merging only makes that count larger, so the benchmark stays fair.
    """
    folded = fold(word)
    forms = {folded}
    for prefix in PREFIXES:
        rest = folded[len(prefix) :]
        if folded.startswith(prefix) and len(rest) >= 3:
            forms.add(rest)
            if prefix.endswith("لل"):
                forms.add("ال" + rest)
    for form in list(forms):
        if form.startswith("ال") and len(form) >= 5:
            forms.add(form[2:])
    for _ in range(2):  # twice: مستشارته → مستشارت, مستشاره → مستشار
        for form in list(forms):
            for suffix in SUFFIXES:
                if form.endswith(suffix) and len(form) - len(suffix) >= 3:
                    stem = form[: -len(suffix)]
                    forms.add(stem)
                    if stem.endswith("ت"):  # ة before a pronoun: غالبيتهم
                        forms.add(stem[:-1] + "ه")
    return forms


def letter_count(word: str) -> int:
    return len(fold(word))

"""Word lists of the benchmark's hard classes, written for it (not the archive's own).

Kept apart from ``statements/data`` on purpose: a benchmark that reused the
search's own lists would only measure that the lists agree with themselves.
"""

# Singular and broken plural, as a newspaper spells them. Only true broken
# plurals: a sound plural (ـون، ـين، ـات) belongs to the sound_plural class.
BROKEN_PLURALS_TEXT = """
سجن سجون
قتيل قتلى
جريح جرحى
أسير أسرى
مريض مرضى
ضحية ضحايا
شهيد شهداء
منطقة مناطق
دولة دول
جندي جنود
سلاح أسلحة
مدينة مدن
قائد قادة
طفل أطفال
شهر أشهر
عامل عمال
شخص أشخاص
رجل رجال
امرأة نساء
بلد بلدان
شعب شعوب
حزب أحزاب
سوق أسواق
سعر أسعار
خبر أخبار
مشروع مشاريع
موقع مواقع
شارع شوارع
طريق طرق
بيت بيوت
منزل منازل
مكتب مكاتب
مصدر مصادر
مسجد مساجد
مدرسة مدارس
كنيسة كنائس
قرية قرى
جزيرة جزر
نهر أنهار
جبل جبال
صاروخ صواريخ
عضو أعضاء
وزير وزراء
رئيس رؤساء
زعيم زعماء
أمير أمراء
ملك ملوك
سفير سفراء
خبير خبراء
شريك شركاء
حليف حلفاء
عدو أعداء
صديق أصدقاء
نجم نجوم
فريق فرق
هدف أهداف
بطل أبطال
لقب ألقاب
ملعب ملاعب
جمهور جماهير
فيلم أفلام
كتاب كتب
شاعر شعراء
صورة صور
رسالة رسائل
وسيلة وسائل
تقرير تقارير
معركة معارك
قاعدة قواعد
مبنى مباني
ولد أولاد
شاب شباب
حادث حوادث
مجلس مجالس
محكمة محاكم
قانون قوانين
مصنع مصانع
بنك بنوك
مصرف مصارف
سهم أسهم
نظام أنظمة
جهاز أجهزة
هاتف هواتف
برنامج برامج
عنصر عناصر
فصيل فصائل
أسبوع أسابيع
قرن قرون
دقيقة دقائق
سبب أسباب
شرط شروط
مال أموال
نوع أنواع
شكل أشكال
فكرة أفكار
سؤال أسئلة
درس دروس
اسم أسماء
رقم أرقام
قلب قلوب
جسم أجسام
رأس رؤوس
روح أرواح
لون ألوان
باب أبواب
مقعد مقاعد
سفينة سفن
ميناء موانئ
جسر جسور
حقل حقول
سلعة سلع
تاجر تجار
طبيب أطباء
دواء أدوية
مرض أمراض
شاهد شهود
ضابط ضباط
حارس حراس
خطة خطط
مرحلة مراحل
حدث أحداث
قبيلة قبائل
طالب طلاب
عاصمة عواصم
شجرة أشجار
جائزة جوائز
لعبة ألعاب
موسم مواسم
مهمة مهام
وظيفة وظائف
منصب مناصب
مركز مراكز
عنوان عناوين
جيش جيوش
قصر قصور
خسارة خسائر
ضريبة ضرائب
عقد عقود
وثيقة وثائق
دليل أدلة
فضيحة فضائح
جريمة جرائم
مجزرة مجازر
حاجز حواجز
لغم ألغام
قنبلة قنابل
مطلب مطالب
مبدأ مبادئ
نتيجة نتائج
بند بنود
إقليم أقاليم
لجنة لجان
شريحة شرائح
رسم رسوم
جدار جدران
حكم أحكام
عمل أعمال
صحيفة صحف
"""

# Forms of the list above that are just as often a verb or another word (عقد:
# held / contract, أسهم: contributed / shares, فرق: difference / teams): they
# are queried, never taken from the text as the word to vary.
AMBIGUOUS_FORMS_TEXT = """
عمل حكم رسم درس عقد شاهد حدث سجن نجم شكل فرق صور ملك أسهم رأس أشهر مال كتب
قلب روح طرق هدف عامل حارس سبب قصر
"""

# Spellings of one foreign name or loanword that both occur in the corpus (each
# in at least two articles), hamza-only or ي/ى-only differences left out (those
# are other classes). A trailing * matches a word beginning with it, so that
# "أمريك*" covers أمريكا, الأمريكية, أمريكيين; a space makes two words.
NAME_VARIANTS_TEXT = """
أمريك* أميرك*
ترامب ترمب
ديمقراط* ديموقراط*
غوغل جوجل
بوتين بوتن
فيسبوك فيس_بوك
غوتيريس غوتيريش
انستغرام انستجرام
إنستغرام إنستجرام
إنترنت إنترنيت
كمبيوتر كومبيوتر
مانشستر مانشيستر
يونايتد يونايتيد
جيرمان جرمان
أوروب* أورب*
بنتاغون بنتاجون
كونغرس كونجرس
نتنياهو نتانياهو
بولتون بولتن
تيريزا تريزا
بيتكوين بتكوين
سامسونغ سامسونج
مايكروسوفت ميكروسوفت
واتساب واتس_آب
تسلا تيسلا
نتفليكس نيتفليكس
جونغ جونج
بيونغيانغ بيونغ_يانغ
بطرسبورغ بطرسبرغ
ميونيخ ميونخ
بلومبرغ بلومبيرغ
إنجليز* إنكليز*
إنجلترا إنكلترا
تشيلسي تشلسي
أتلتيكو أتليتيكو
غوارديولا جوارديولا
بوغبا بوجبا
غريزمان جريزمان
إنييستا إنيستا
دنمارك دانمارك
فرنسيس فرانسيس
تلفزيون* تليفزيون*
هوليوود هوليود
بروكسل بروكسيل
كوشنر كوشنير
هيلي هايلي
ميدفيديف مدفيديف
زاخاروفا زخاروفا
نصرالله نصر_الله
ستيفان ستافان
غريفيث جريفيث
كوربين كوربن
زيهوفر سيهوفر
كتالون* كاتالون*
كورتز كورتس
دكتاتور* ديكتاتور*
أكسجين أوكسجين
جينبينغ جين_بينغ
فولكسفاغن فولكس_فاغن
بنغلاديش بنغلادش
سيرغي سيرجي
أنغيلا أنجيلا
بريكست بريكسيت
كريستيانو كرستيانو
فلبين فليبين
هازارد هازار
جوزيف جوزف
غواتيمالا جواتيمالا
مورينيو مورينهو
أغويرو أجويرو
بنس بينس
"""

# Places and actors with the name an English-speaking researcher would type.
# Arabic as the news writes it; a space makes a two-word name.
ENGLISH_NAMES_TEXT = """
إدلب Idlib
الرقة Raqqa
حلب Aleppo
دمشق Damascus
حمص Homs
درعا Daraa
الغوطة Ghouta
عفرين Afrin
منبج Manbij
حماة Hama
اللاذقية Latakia
الموصل Mosul
بغداد Baghdad
البصرة Basra
كركوك Kirkuk
أربيل Erbil
الفلوجة Fallujah
صنعاء Sanaa
عدن Aden
الحديدة Hodeidah
تعز Taiz
غزة Gaza
القدس Jerusalem
بيروت Beirut
طرابلس Tripoli
بنغازي Benghazi
القاهرة Cairo
سيناء Sinai
الرياض Riyadh
الدوحة Doha
طهران Tehran
أنقرة Ankara
إسطنبول Istanbul
موسكو Moscow
واشنطن Washington
تركيا Turkey
روسيا Russia
إيران Iran
سوريا Syria
العراق Iraq
اليمن Yemen
لبنان Lebanon
مصر Egypt
الأردن Jordan
قطر Qatar
الكويت Kuwait
ليبيا Libya
تونس Tunisia
الجزائر Algeria
المغرب Morocco
السودان Sudan
إسرائيل Israel
أفغانستان Afghanistan
باكستان Pakistan
الصين China
اليابان Japan
الهند India
فرنسا France
ألمانيا Germany
بريطانيا Britain
حزب_الله Hezbollah
داعش ISIS
الحوثيين Houthis
الحوثي Houthi
طالبان Taliban
حماس Hamas
الناتو NATO
الكرملين Kremlin
البنتاغون Pentagon
ترامب Trump
بوتين Putin
أردوغان Erdogan
نتنياهو Netanyahu
ماكرون Macron
ميركل Merkel
روحاني Rouhani
خامنئي Khamenei
السيسي Sisi
الحريري Hariri
الأكراد Kurds
فيسبوك Facebook
تويتر Twitter
غوغل Google
برشلونة Barcelona
ليفربول Liverpool
"""

# The standard Arabic keyboard, for typos that hit a neighbouring key.
KEYBOARD_ROWS = ("ضصثقفغعهخحجد", "شسيبلاتنمكط", "ئءؤرـىةوزظ")


def pairs(text: str) -> list[tuple[str, str]]:
    """Two-column lines as (first, second); "_" in a name stands for a space."""
    rows = (line.split() for line in text.strip().splitlines())
    return [(a.replace("_", " "), b.replace("_", " ")) for a, b in rows]


def keyboard_neighbours() -> dict[str, str]:
    """Letters next to each letter on the keyboard (same row, and above/below)."""
    grid = [list(row) for row in KEYBOARD_ROWS]
    near: dict[str, str] = {}
    for r, row in enumerate(grid):
        for c, letter in enumerate(row):
            found = [row[i] for i in (c - 1, c + 1) if 0 <= i < len(row)]
            for other in (r - 1, r + 1):
                if 0 <= other < len(grid):
                    found += [
                        grid[other][i] for i in (c - 1, c) if 0 <= i < len(grid[other])
                    ]
            near[letter] = "".join(x for x in found if x not in "ـءئؤ")
    return near

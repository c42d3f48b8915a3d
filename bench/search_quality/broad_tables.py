"""Word lists of the test set's broadened hard classes (see broad_variations.py).

Written for the benchmark, like tables.py, and never shared with the archive's
own lists: a held-out set drawn from the archive's gazetteer would only measure
that the gazetteer agrees with itself. Every name occurs in the sample.
"""

# Foreign names and loanwords as a newspaper spells them. G is written غ here
# (the spelling rules may write it ج or ك; a ج or ك below is J or K and stays);
# "+" joins a compound that is written both joined and apart (فيسبوك / فيس بوك);
# a trailing * matches a word beginning with it (أمريك* covers الأمريكية), whose
# end is then left alone; "_" is a space in a name always written apart.
# A leading article is left out where it is the article (البرازيل: برازيل).
FOREIGN_NAMES_TEXT = """
ترامب بوتين ماكرون ميركل أوباما كلينتون هيلاري بومبيو تيلرسون بولتون ماتيس
كوشنر بنس هيلي جونسون كوربين ترودو أردوغان نتنياهو ليبرمان لافروف شويغو
بيسكوف زاخاروفا ميدفيديف غوتيريس ستيفان غريفيث مودي بوريس تيريزا مادورو
موغيريني ساركوزي هولاند لوبان رونالدو ميسي نيمار غريزمان بوغبا مورينيو
غوارديولا زيدان كلوب مبابي هازارد إنييستا بيكيه راموس سواريز بنزيمة ديمبيلي
كافاني أغويرو ماني فيرمينو ديبالا إيكاردي هيغواين بوفون كاسياس نوير مولر
كروس أوزيل كوتينيو
أمريك* أوروب* ديمقراط* إنغليز* بريطانيا ألمانيا فرنسا إيطاليا إسبانيا روسيا
أوكرانيا كوريا فنزويلا برازيل مكسيك كندا أستراليا أرجنتين كولومبيا تشيلي
بلجيكا هولندا سويسرا نمسا سويد نرويج دنمارك فنلندا بولندا يونان برتغال
كرواتيا صربيا رومانيا بلغاريا إنغلترا اسكتلندا أيرلندا نيجيريا كينيا إثيوبيا
أوغندا غانا كاميرون سنغال كونغو أنغولا زيمبابوي رواندا إندونيسيا ماليزيا
ميانمار فيتنام تايلاند فلبين يابان باكستان أفغانستان بنغلاديش كازاخستان
أذربيجان أرمينيا جورجيا شيشان كوبا نيوزيلندا سنغافورة تايوان
واشنطن نيويورك كاليفورنيا تكساس فلوريدا شيكاغو هيوستن بوسطن فيلادلفيا لندن
باريس برلين روما مدريد برشلونة بروكسل جنيف فيينا موسكو سوتشي بطرسبورغ ميونيخ
هامبورغ فرانكفورت ميلانو تورينو نابولي مانشستر ليفربول ليون مرسيليا أمستردام
ستوكهولم كوبنهاغن أوسلو بكين شنغهاي طوكيو سيول بيونغ+يانغ كييف أستانا مينسك
أوتاوا تورونتو مونتريال سيدني ملبورن هلسنكي دافوس لوكسمبورغ
فيس+بوك تويتر يو+تيوب غوغل إنستغرام واتس+اب سناب+شات أمازون سامسونغ هواوي
مايكروسوفت نتفليكس أوبر تسلا تويوتا فولكس+فاغن مرسيدس فورد نوكيا بوينغ
إيرباص نيسان رينو بيتكوين بلومبرغ رويترز
بنتاغون كونغرس كرملين ناتو يونسكو يونيسف إنتربول فيفا
يوفنتوس تشيلسي أرسنال توتنهام بايرن دورتموند أتلتيكو موناكو
تلفزيون إنترنت كمبيوتر تكنولوجيا ديكتاتور* استراتيجي* دبلوماسي* بروتوكول
أكاديمي* فيروس كيلومتر أولمبي* برلمان
"""

# More places and actors with the name an English-speaking researcher would
# type, none of them in tables.ENGLISH_NAMES_TEXT. Left out: names that are as
# often an ordinary word (صور: pictures, الباب: the door, عمان: Oman or
# Amman), and آبل (Apple), which كابل (Kabul) would match as ك + ابل.
ENGLISH_NAMES_MORE_TEXT = """
الرمادي Ramadi
كوباني Kobani
الحسكة Hasakah
القامشلي Qamishli
القنيطرة Quneitra
السويداء Sweida
جرابلس Jarabulus
مأرب Marib
صعدة Saada
المكلا Mukalla
حضرموت Hadramout
درنة Derna
الإسكندرية Alexandria
جدة Jeddah
مكة Mecca
دبي Dubai
أبوظبي Abu_Dhabi
مسقط Muscat
البحرين Bahrain
المنامة Manama
الخرطوم Khartoum
دارفور Darfur
مقديشو Mogadishu
الصومال Somalia
إثيوبيا Ethiopia
نيجيريا Nigeria
كينيا Kenya
السعودية Saudi
الإمارات Emirates
باريس Paris
لندن London
برلين Berlin
روما Rome
مدريد Madrid
بروكسل Brussels
جنيف Geneva
فيينا Vienna
سوتشي Sochi
أستانا Astana
كابول Kabul
نيودلهي New_Delhi
بكين Beijing
طوكيو Tokyo
سيول Seoul
بيونغيانغ Pyongyang
كوريا Korea
أوكرانيا Ukraine
القرم Crimea
كييف Kiev
فنزويلا Venezuela
البرازيل Brazil
المكسيك Mexico
كندا Canada
أوروبا Europe
أمريكا America
الموساد Mossad
كردستان Kurdistan
النصرة Nusra
الإخوان Brotherhood
أوباما Obama
بومبيو Pompeo
تيلرسون Tillerson
بولتون Bolton
جونسون Johnson
حفتر Haftar
السراج Sarraj
العبادي Abadi
المالكي Maliki
بارزاني Barzani
نصرالله Nasrallah
بوتفليقة Bouteflika
ظريف Zarif
لافروف Lavrov
غوتيريس Guterres
ميسي Messi
رونالدو Ronaldo
نيمار Neymar
يوفنتوس Juventus
تشيلسي Chelsea
أرسنال Arsenal
بايرن Bayern
أمازون Amazon
سامسونغ Samsung
هواوي Huawei
يوتيوب YouTube
إنستغرام Instagram
واتساب WhatsApp
مايكروسوفت Microsoft
الفاتيكان Vatican
اليونسكو UNESCO
الإنتربول Interpol
الجولان Golan
كربلاء Karbala
النجف Najaf
سنجار Sinjar
الأحواز Ahvaz
أصفهان Isfahan
الأقصى Al-Aqsa
إسبانيا Spain
إيطاليا Italy
اليونان Greece
السويد Sweden
هولندا Netherlands
بلجيكا Belgium
سويسرا Switzerland
النمسا Austria
بولندا Poland
كوبا Cuba
إندونيسيا Indonesia
ماليزيا Malaysia
ميانمار Myanmar
الروهينغا Rohingya
أستراليا Australia
الأرجنتين Argentina
كولومبيا Colombia
موريتانيا Mauritania
إريتريا Eritrea
جيبوتي Djibouti
الشيشان Chechnya
الدنمارك Denmark
البرتغال Portugal
كرواتيا Croatia
الفلبين Philippines
سنغافورة Singapore
ميلانو Milan
مانشستر Manchester
ميونيخ Munich
نيويورك New_York
كاليفورنيا California
تكساس Texas
فلوريدا Florida
ترودو Trudeau
ليبرمان Lieberman
سليماني Soleimani
تل_أبيب Tel_Aviv
رام_الله Ramallah
دير_الزور Deir_ez-Zor
"""

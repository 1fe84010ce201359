"""The relevance table: queries a translator asks of the seeds, the Charter and the UDHR, and what they must give.

Each case is ``(query, lang, top5, not_top10)``: the paragraphs that must be among the first five
hits and those that must not be among the first ten.  A paragraph is named by its document and
either its number, a piece of its text, or its whole text (``bench/relevance.py`` reads them)::

    "UD_EN #15(1)"                  paragraph 15(1) of the English UDHR
    "S002 ~extrabudgetary resources" a paragraph of CTOC/COP/2012/15 with these words in it
    "heading: S001 =Шестая сессия"   the heading of seed 001 whose whole text is this
    "* ~children"                   a paragraph of any document with this in it
    "S002"                          any paragraph of the document

A paragraph folded into a hit as an identical one (``also_in``) counts as shown for ``top5``, and
as not listed for ``not_top10``.  The index holds the four seeds of ``corpus/`` and the Charter and
the UDHR of the corpus pool, in English and Russian.  The cases of ``ACROSS`` are searched across
languages, as the web page does by default.
"""

from __future__ import annotations

DOCS = {
    "S001": "001_a4c9014b07e334a9@ru",  # note on the Working Group on the Smuggling of Migrants, 2012 (Russian)
    "S002": "CTOC/COP/2012/15@en",  # report of the Conference of the Parties, sixth session
    "S003": "003_3ab3fca3f0fa6499@en",  # report of the Conference of the Parties, fifth session
    "S004": "004_5055f8fc54f410dc@en",  # note on the Working Group on Technical Assistance, 2014
    "CH_EN": "raw_un_charter_en@en", "CH_RU": "raw_un_charter_ru@ru",
    "UD_EN": "A/RES/217 (III)@en", "UD_RU": "A/RES/217 (III)@ru",
}

# --- what comes first: paragraphs before the lines that repeat their words -------------------------
LINES = [
    ("technical assistance", "any", ["S003 #37", "S002 #115"],
     ["S002 =VII. Technical assistance", "S003 =VII. Technical assistance", "S004 =Technical assistance",
      "* =Technical assistance."]),
    ("сессии", "any", ["CH_RU #20", "CH_RU #109(3)", "CH_RU #12(2)", "S001 #1", "S001 #3"], []),  # not the heading
    ('"technical assistance"', "any", ["S003 #37"],
     ["contents: S002 =VII. Technical assistance", "contents: S003 =VII. Technical assistance"]),
    ("financial and budgetary matters", "any", ["S002 ~financial and budgetary"],
     ["contents: S002 ~Financial and budgetary matters"]),
    ("Opening of the session", "any", ["heading: S002 =A. Opening of the session"],
     ["contents: S002 =A. Opening of the session"]),
    ("Election of officers", "any", ["heading: S002 =B. Election of officers"],
     ["contents: S002 =B. Election of officers"]),
    ("provisional agenda seventh session", "any", ["S002 ~Provisional agenda for the seventh session"],
     ["contents: S002 ~Provisional agenda for the seventh session"]),
    ("Всеобщая декларация прав человека", "any", ["UD_RU ~провозглашает настоящую Всеобщую декларацию"], []),
    ("Universal Declaration of Human Rights", "any", ["UD_EN ~Proclaims this Universal Declaration"], []),
    ("Working Group on Firearms", "any", ["S002 #14"], []),
    ("General Assembly", "any", ["CH_EN ~The General Assembly shall"], ["heading: CH_EN ~Chapter IV"]),
    ("Trusteeship Council", "any", ["CH_EN #86(1)"], ["heading: CH_EN ~Chapter XIII"]),
    ("Генеральная Ассамблея", "any", ["CH_RU #9(1)"], ["heading: CH_RU ~Глава IV"]),
]

# --- words together and in the query's order ---------------------------------------------------------
PROXIMITY = [
    ("Member States", "any", ["S002 #21", "S002 #22"], ["S003 #88", "S003 #74", "S003 #31"]),
    ("правам человека", "ru", ["UD_RU ~к правам человека привели", "UD_RU #26(2)"],
     ["UD_RU #15(1)", "UD_RU #20(1)", "UD_RU #3", "UD_RU #17(1)"]),
    ("права человека", "any", ["CH_RU ~вновь утвердить веру в основные права человека",
                                "UD_RU ~чтобы права человека охранялись"], ["UD_RU #15(1)", "UD_RU #3"]),
    ("human rights", "any", ["CH_EN ~reaffirm faith in fundamental human rights", "CH_EN #62(2)"], []),
    ("Security Council", "any", ["CH_EN #23(3)"], []),
    ("Совет Безопасности", "any", ["CH_RU ~Совет Безопасности"], ["CH_RU #65"]),  # the forms typed first
    ("international peace and security", "any", ["CH_EN #1(1)"], []),
    ("международного мира и безопасности", "any", ["CH_RU ~международного мира и безопасности"], []),
    ("fundamental freedoms", "any", ["CH_EN #55(c)"], []),
    ("основных свобод", "any", ["CH_RU #55(c)"], []),
    ("Economic and Social Council", "any", ["CH_EN ~The Economic and Social Council shall"], []),
    ("Экономический и Социальный Совет", "any", ["CH_RU #61(1)"], []),
    ("mutual legal assistance", "any", ["S002 ~mutual legal assistance"], []),
    ("smuggling of migrants", "any", ["S002 ~Reaffirming the importance of the Smuggling of Migrants Protocol"], []),
    ("незаконного ввоза мигрантов", "any", ["S001 #1", "S001 ~Обзор хода осуществления"], []),
    ("International Court of Justice", "any", ["CH_EN #92"], []),
    ("Международный Суд", "any", ["CH_RU #92"], []),
    ("equal rights of men and women", "any", ["CH_EN ~equal rights of men and women"], []),
    ("self-determination of peoples", "any", ["CH_EN #1(2)"], []),
    ("States parties", "en", ["* ~States parties"], []),
    ("regional arrangements", "any", ["CH_EN #52(1)"], []),
    ("Military Staff Committee", "any", ["CH_EN #47(1)"], []),
    ("Военно-Штабной Комитет", "any", ["CH_RU #47(1)"], []),
    ("threat to the peace", "any", ["CH_EN #39"], []),
    ("capacity building", "any", ["S002 ~capacity-building"], []),  # the parts of a compound are next to each other
    ("угрозы миру", "any", ["CH_RU #39"], []),
]

# --- the form typed before other forms of its lemma --------------------------------------------------
EXACT = [
    ("проведенных", "any", ["S001 ~проведенных"], []),
    ("мигрантов", "ru", ["S001 #1"], []),
    ("сессии", "ru", ["CH_RU #20", "CH_RU #109(3)"], []),
    ("Ассамблеи", "ru", ["CH_RU ~Ассамблеи"], []),
    ("Организации", "ru", ["CH_RU ~Организации"], []),
    ("убежища", "any", ["UD_RU #14(1)"], []),
    ("гражданство", "any", ["UD_RU #15(1)"], []),
    ("migrants", "any", ["S002 ~migrants"], []),
    ("Protocols", "any", ["* ~Protocols"], []),
    ("Purposes", "en", ["CH_EN ~Purposes"], []),
]

# --- the same paragraph once, with the others listed -------------------------------------------------
IDENTICAL = [
    ("Invites Member States and other donors to provide extrabudgetary resources for these purposes", "any",
     ["S002 #22", "S003 #18"], ["S003 #18"]),
    ("Deliberations", "any", ["* ~deliberations"], ["contents: S002 =Deliberations"]),
    ("Action taken by the Conference", "any", ["S002 ~Action taken by the Conference"], []),
]

# --- paragraph language: rows of names keep their document's -----------------------------------------
LANGUAGE = [
    ("lang:en Curia", "any", ["S002 ~Carmen Buján Freire", "S003 ~Eugenio María Curia"], []),
    ("lang:en Poiré", "any", ["S002 ~Alejandro Poiré Romero"], []),
    ("Curia", "en", ["S002 ~Carmen Buján Freire"], []),
]

# --- what a translator looks up: the paragraph that says it -----------------------------------------
LOOKUP = [
    ("right to life liberty and security of person", "any", ["UD_EN #3"], []),
    ("право на жизнь, на свободу и на личную неприкосновенность", "any", ["UD_RU #3"], []),
    ("freedom of thought, conscience and religion", "any", ["UD_EN #18"], []),
    ("свободу мысли, совести и религии", "any", ["UD_RU #18"], []),
    ("torture", "any", ["UD_EN #5"], []),
    ("пыткам", "any", ["UD_RU #5"], []),
    ("slavery", "any", ["UD_EN #4"], []),
    ("рабстве", "any", ["UD_RU #4"], []),
    ("asylum from persecution", "any", ["UD_EN #14(1)"], []),
    ("right to a nationality", "any", ["UD_EN #15(1)"], []),
    ("marriage", "any", ["UD_EN #16(1)"], []),
    ("presumed innocent", "any", ["UD_EN #11(1)"], []),
    ("budget of the Organization", "any", ["CH_EN #17(1)"], []),
    ("бюджет Организации", "any", ["CH_RU #17(1)"], []),
    ("amendments to the present Charter", "any", ["CH_EN #108"], []),
    ("поправки к настоящему Уставу", "any", ["CH_RU #108"], []),
    ("sovereign equality", "any", ["CH_EN #2(1)"], []),
    ("суверенного равенства", "any", ["CH_RU #2(1)"], []),
    ("Secretary-General appointed", "any", ["CH_EN #97"], []),
    ("individual or collective self-defence", "any", ["CH_EN #51"], []),
    ("самооборону", "any", ["CH_RU #51"], []),
    ("Model Law against the Smuggling of Migrants", "any", ["S003 #10"], []),
    ("Global Plan of Action to Combat Trafficking in Persons", "any", ["S002 ~Global Plan of Action"], []),
    ("временная межправительственная рабочая группа открытого состава", "any", ["S001 #2"], []),
    ("первое совещание", "any", ["S001 #3"], []),
    ("maritime piracy", "any", ["S002 #94"], []),
    ("cybercrime", "any", ["S002 #89"], []),
    ("counterfeit medicines", "any", ["S003 ~counterfeit"], []),
    ("extradition", "any", ["S002 ~extradition"], []),
    ("Bulavin", "any", ["S003 ~Sergey Bulavin"], []),
    ("police", "any", ["S002 #76"], ["* ~policies"]),
    ('"Office on Drugs and Crime"', "any", ["* ~Office on Drugs and Crime"], []),
    ('"trafficking in persons"', "any", ["* ~rafficking in persons"], []),
    ("Corr.2", "any", ["S002 ~A/60/88 and Corr.2"], []),
    ("=мигрантов", "any", ["S001 ~мигрантов"], []),
    ("migra*", "en", ["* ~migra"], []),
    ("smugling~", "en", ["* ~muggling"], []),
    ("migrants NOT firearms", "any", ["* ~migrants"], ["* ~irearms"]),
    ("Vienna 2012", "any", ["S002 ~Vienna"], []),
    ("Вена", "any", ["S001 ~Вен"], []),
]

# --- what the analysis decides: a word matches its inflections, not its derivations -----------------
ANALYSIS = [
    ("organ", "any", [], ["S002 #60", "CH_EN #2(1)", "CH_EN #17(1)"]),
    ("child", "any", ["* ~children"], []),
    ("woman", "any", ["* ~women"], []),
    ('"trafficking of persons"', "any", [], ["* ~rafficking in persons"]),
    ('"Office on Drugs Crime"', "any", [], ["* ~Office on Drugs and Crime"]),
    ("nationality", "en", ["UD_EN #15(1)"], ["CH_EN ~WE THE PEOPLES OF THE UNITED NATIONS"]),
    ("$1,734,600", "any", ["S003 ~1,734,600"], ["S003 ~$227,600 for interpretation"]),
    ('"capacity building"', "any", ["* ~capacity-building"], []),
    ('"Secretary General"', "any", ["* ~Secretary-General"], []),
    ("nongovernmental", "any", ["* ~non-governmental"], []),
    ("interagency", "any", ["* ~inter-agency"], []),
    ("Jamnisek", "any", ["S002 ~Jamnišek"], []),
    ("Ibanez", "any", ["S003 ~Ibáñez"], []),
    ("CTOC/COP/2012/15", "any", ["S002"], []),
    ("L.7/Rev.1", "any", ["S003 ~L.7/Rev.1"], []),
    ("A/RES/55/25", "any", ["S003 ~55/25"], []),
]

CASES = LINES + PROXIMITY + EXACT + IDENTICAL + LANGUAGE + LOOKUP + ANALYSIS

# --- across languages (the page's default): the same order, for the originals and for the translated hits --
ACROSS = [
    ("правам человека", "ru", ["UD_RU ~к правам человека привели", "UD_RU #26(2)"],
     ["UD_RU #15(1)", "UD_RU #20(1)", "UD_RU #3", "UD_RU #17(1)", "heading: UD_RU =Всеобщая декларация прав человека"]),
    ("human rights", "ru", ["CH_RU ~вновь утвердить веру в основные права человека", "CH_RU #62(2)", "CH_RU #55(c)"],
     ["heading: UD_RU =Всеобщая декларация прав человека", "UD_RU #15(1)"]),  # only translated hits
    ("права человека", "en", ["CH_EN ~reaffirm faith in fundamental human rights", "CH_EN #62(2)", "CH_EN #55(c)"],
     ["heading: UD_EN =Universal Declaration of Human Rights", "UD_EN #15(1)", "UD_EN #20(1)"]),
    ("Security Council", "ru", ["CH_RU #23(3)", "CH_RU #27(1)"], ["heading: CH_RU ~Глава V"]),
    ("Генеральная Ассамблея", "en", ["CH_EN #18(1)", "CH_EN #9(1)"], ["heading: CH_EN ~Chapter IV"]),
    ("smuggling of migrants", "ru", ["S001 #1", "S001 #2", "S001 #3"], []),
    ("technical assistance", "any", ["S003 ~specific needs for technical assistance", "S002 #115"],
     ["S002 =VII. Technical assistance", "S004 =Technical assistance", "* =Technical assistance."]),
    ("сессии", "any", ["CH_RU #20", "CH_RU #109(3)", "CH_RU #12(2)", "S001 #1", "S001 #3"], []),  # not the heading
    ("незаконного ввоза мигрантов", "any", ["S001 #1", "S001 #2", "S001 #3", "S001 ~Обзор хода осуществления"],
     []),  # the originals, then the translated hits
    ("Member States", "any", ["S002 #21", "S002 #22"], ["S003 #88", "S003 #74", "S003 #31"]),
]

"""Static English vocabulary the matcher needs: words that carry no topic, and the words
that signal what kind of answer a question wants. Domain vocabulary (names, synonyms) lives in
the fact base, not here.
"""

from __future__ import annotations

import calendar
import re

# Function words and the filler of chat ("ok so like, sorry if this is dumb"): they say
# nothing about which fact is meant, so they neither match nor count against a match.
# The particles of phrasal verbs, which may stand after the verb's object: "get Joel out"
# is "get out", "set them free" is "set free" (at most `PARTICLE_GAP` words between).
PARTICLES = frozenset({"out", "free", "up", "off", "down", "back", "away", "in", "over"})
PARTICLE_GAP = 3

STOPWORDS = frozenset(
    """
    a about above after again against all am an and any anyone anything are as at be because
    been before being below between both but by can could did do does doing done down during
    each either else ever every few for from further get gets got had has have having he her
    here hers herself him himself his how i if in into is it its itself just let lets me might
    more most much must my myself no nor not now of off on once only or other our ours
    ourselves out over own same shall she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up upon us very
    was we were what whats when where whether which while who whom whose why will with would
    you your yours yourself yourselves im ive id youre dont doesnt didnt isnt wasnt arent
    werent cant couldnt wont wouldnt shouldnt hes shes theyre thats theres whos wheres whens
    hows yes yeah yep nope ok okay oh hey hi hello pls please plz thanks thx lol lmao
    omg idk tbh btw fyi imo ngl anyway anyways also like really actually basically literally
    just kinda sorta maybe guess think thought tell told say asking ask asked
    question questions wondering curious someone somebody something anybody everyone
    everybody guys people person one ones thing things stuff way bit lot lots kind sort
    quick weird dumb sorry sure mean means meant right well still even though yet again
    explain explains remind reminder need want wanted go going gonna wanna gotta come
    came make made seem seems can could would might able mentioned mention
    article articles coverage story stories news bot factbot read says said whole entire
    personally exactly specifically generally overall originally apparently supposedly
    honestly seriously totally completely definitely probably certainly anyway etc
    along around across among amongst toward towards onto via
    """.split()
)
# "said"/"says" are stop words for matching but signal a quote question (see QUOTE_CUES).

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_FULL_MONTHS = "|".join(name.lower() for name in calendar.month_name if name)
# "When / where did it take place / happen", "where was it held / located / taken": in a
# question that asks when or where, these verbs say only that something happened or is
# somewhere, as the asking word already does.
OCCURRENCE_VERBS = (
    r"\b(?:held|hosted|take place|took place|taking place|happen|happens|happened"
    r"|occur|occurs|occurred)\b"
)
LOCATIVE_VERBS = r"\b(?:located|situated|based|taken)\b"
# Decades named without their century: "the nineties", "the 90s", "the '90s". Those below
# CENTURY_TURN are this century's ("the 00s", "the 2010s" as "the 10s").
DECADE_WORDS = {
    word: 10 * number
    for number, word in enumerate(
        "tens twenties thirties forties fifties sixties seventies eighties nineties".split(), 1
    )
}
CENTURY_TURN = 30
WEEKDAYS = frozenset(day.lower() for day in calendar.day_name)
TIMES_OF_DAY = frozenset(
    "morning afternoon evening night noon midnight dawn dusk overnight lunchtime".split()
)
DURATION_WORDS = frozenset(
    "year years month months week weeks day days hour hours decade decades minutes".split()
)
AGE_PATTERN = r"\b\d+[ -]years?[ -]old\b|\baged? \d+\b|\b\d+-year-old\b|, \d+,|\bat the age of\b"
NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty hundred thousand
    million several dozen dozens hundreds thousands millions numerous multiple few handful
    countless""".split()
)

# English nouns for a kind of place or organisation: "which city", "what company". The
# answer to such a question is a name of that kind, wherever the fact puts it ("the centre
# in Ashby" answers "which town" though "town" is not in it). People: PERSON_NOUNS.
CATEGORY_NOUNS: dict[str, str] = {
    **dict.fromkeys(
        """city cities town towns village state states country countries county region
        area neighbourhood neighborhood suburb place places location venue building
        facility facilities prison prisons jail jails campus""".split(),
        "place",
    ),
    **dict.fromkeys(
        """company companies firm firms brand brands business businesses organisation
        organization organisations organizations group groups charity charities nonprofit
        agency agencies outlet outlets publication publications magazine magazines newspaper
        newspapers paper site website websites network networks platform platforms app
        channel channels show shows label studio university college school schools
        party team union""".split(),
        "organisation",
    ),
}

# Nouns that can name the same thing: "which platform" is answered by what a description
# calls a social network, "what town" by a city. English, not this coverage's: a
# particular category noun of a question matches an entity whose description or name uses
# a noun of the same family (`features.categories`).
CATEGORY_FAMILIES: tuple[frozenset[str], ...] = tuple(
    frozenset(family.split())
    for family in (
        """outlet outlets publication publications magazine magazines newspaper newspapers
        paper papers site sites website websites network networks platform platforms app apps
        channel channels show shows program programme programs series station stations media
        agency agencies""",
        """city cities town towns village villages municipality suburb suburbs neighbourhood
        neighborhood""",
        # levels of government: a county is no answer to "which state"; a region is any
        "state states province provinces region regions",
        "county counties region regions",
        "country countries nation nations region regions",
        """prison prisons jail jails penitentiary facility facilities institution institutions
        correctional""",
        """company companies firm firms brand brands business businesses label labels studio
        studios corporation""",
        """organisation organization organisations organizations group groups charity
        charities nonprofit nonprofits alliance alliances council councils foundation
        foundations coalition union unions party parties team teams campaign""",
        "university universities college colleges school schools academy",
        """building buildings house houses home homes residence office offices room rooms
        hall venue venues""",
    )
)

# The nouns of CATEGORY_NOUNS and PERSON_NOUNS that say only the kind of thing ("which
# place", "what group", "which person"): any entity of that kind answers them. The others
# ("which prison", "which judge") need an entity that is one by its description or name.
GENERAL_NOUNS = frozenset(
    """
    place places location locations venue venues area areas organisation organization
    organisations organizations group groups person people persons individual individuals
    man men woman women guy guys someone somebody
    """.split()
)

# English nouns for people, singular and plural (the stemmer folds the rest): a fact that
# says "a few bodyguards" or "the panelists" answers "who came with her" without naming
# anyone. A general list, not this coverage's: most of these words occur in no fact.
PERSON_NOUNS = frozenset(
    """
    person people man men woman women child children kid kids boy boys girl girls baby
    babies teen teens teenager teenagers adult adults family families parent parents
    mother mothers father fathers mom mum dad brother brothers sister sisters son sons
    daughter daughters wife wives husband husbands grandmother grandfather grandson
    granddaughter aunt uncle cousin cousins niece nephew partner partners spouse fiance
    fiancee friend friends neighbour neighbor neighbours neighbors colleague colleagues
    guest guests host hosts member members leader leaders founder founders president
    presidents chair chairman chairwoman director directors manager managers officer
    officers official officials executive executives ceo spokesperson spokesman
    spokeswoman secretary minister ministers senator senators governor governors mayor
    mayors lawmaker lawmakers politician politicians judge judges lawyer lawyers
    attorney attorneys prosecutor prosecutors advocate advocates activist activists
    volunteer volunteers staff staffer staffers employee employees worker workers
    student students teacher teachers professor professors doctor doctors nurse nurses
    police policeman policewoman guard guards bodyguard bodyguards soldier soldiers
    inmate inmates prisoner prisoners convict convicts victim victims witness witnesses
    suspect suspects defendant defendants survivor survivors resident residents citizen
    citizens voter voters fan fans audience crowd speaker speakers panelist panelists
    panellist panellists participant participants attendee attendees visitor visitors
    warden wardens sheriff sheriffs chaplain chaplains journalist journalists reporter
    reporters editor editors author authors writer writers photographer photographers
    actor actors actress actresses singer singers rapper rappers musician musicians
    celebrity celebrities star stars influencer influencers artist artists athlete
    athletes player players coach coaches team group groups council committee board
    panel delegation crew
    """.split()
)

# A fact that tells what someone said in its own words ("she told the paper she would
# train at a law firm") answers "what did she tell the paper?" as her quotation does.
REPORTED_SPEECH = (
    r"\b(?:said|says|told|tells|spoke|speaks|revealed|reveals|announced|announces|wrote|"
    r"writes|posted|tweeted|explained|explains|admitted|stated|described|describes)\b"
)

# What someone's words come as: "what did the mayor's statement say" asks for the mayor's
# words, as "what did the mayor's council say" does not.
SPEECH_NOUNS = frozenset(
    """
    statement statements tweet tweets post posts letter letters speech speeches words message
    messages remarks comment comments caption captions interview interviews quote quotes
    announcement announcements reply response
    """.split()
)

# How people type words in chat, as the words they stand for: "wat happened", "hw many ppl",
# "wen did she go", "y did he do it", "which vp" (a "+" joins the words one stands for).
# Read before anything else, so a question asks the same however it is typed.
TEXTING: dict[str, str] = {
    typed: meant.replace("+", " ")
    for typed, meant in (
        pair.split("=")
        for pair in """
    wat=what wut=what wht=what whut=what wot=what wen=when whn=when wer=where wher=where
    whr=where hw=how y=why u=you ya=you ur=your r=are abt=about bout=about ppl=people
    ppls=people w=with b4=before bc=because bcuz=because cuz=because coz=because
    thru=through tho=though yr=year yrs=years mo=month mos=months wk=week wks=weeks
    govt=government prez=president mtg=meeting smth=something sth=something dunno=know
    tmrw=tomorrow rn=now vp=vice+president veep=vice+president admin=administration
    dept=department wats=what wuts=what wheres=where hows=how whens=when wuz=was waz=was
    iz=is hav=have n=and frm=from dat=that dis=this tht=that wud=would cud=could
    shud=should kno=know knw=know becuz=because bcz=because wif=with bday=birthday
    pls=please plz=please wrk=work wich=which whch=which outta=out+of lotta=lot+of
    tryna=trying+to lemme=let+me gimme=give+me coulda=could+have shoulda=should+have
    woulda=would+have
    """.split()
    )
}

# Words the English stemmer folds into an unrelated word's stem ("busy" and "business" both
# become "busi"): each keeps a stem of its own.
STEM_OVERRIDES: dict[str, str] = dict.fromkeys(("busy", "busier", "busiest"), "busy")

# Asking the day of the week: "what day of the week", "which weekday", "on a weekday or a
# weekend?" (a shape of the question, not what it is about: `query` reads it away).
WEEKDAY_PATTERN = (
    r"\b(?:what|which) day of (?:the )?week\b|\b(?:what|which) weekday\b"
    r"|\bweek ?days? or (?:a |the )?week ?ends?\b|\bweek ?ends? or (?:a |the )?week ?days?\b"
)

# Question shapes -> the kind of answer wanted. Matched on normalized text, first match wins
# for the primary intent; several may apply.
INTENT_PATTERNS: tuple[tuple[str, str], ...] = (
    ("weekday", WEEKDAY_PATTERN),
    (
        "time_of_day",
        r"\bwhat time( of day)?\b|\btime of day\b|\b(morning|afternoon) or\b"
        r"|\b(what|which) (part|time) of (the )?day\b",
    ),
    (
        "when",
        # "when" asks when at the start or before a verb ("when did", "ok so when was");
        # "what was she wearing when she met him" only dates the question, as does an
        # opening "when" clause before the question ("when she met him, what did she say?");
        # a question put as its noun ("month and year of the visit?", "I need the year of
        # the trial")
        r"^\W*when\b(?!.*\b(?:what|whats|who|whom|whose|where|why|how|which)\b)"
        r"|\bwhen (did|does|do|was|were|is|are|will|would|has|have|had|can|could|"
        r"should|exactly)\b|\b(what|which) (year|month|date|day|decade)\b|\bhow long ago\b|"
        r"\bdate\b|(?:^\W*|\bthe (?:exact )?)(?:year|month|month and year|day and month"
        r"|day of the week) (?:of|for)\b",
    ),
    ("day", r"\b(what|which) day\b|\bon what day\b"),
    ("exact_date", r"\b(exact|exactly|precise|specific) (date|day)\b|\bwhat date\b"),
    ("age", r"\bhow old\b|\bwhat age\b|\bage of\b"),
    ("count", r"\bhow (many|much)\b|\bnumber of\b"),
    ("duration", r"\bhow (?:long|soon|quickly|fast)\b|\bfor how many\b"),
    # the time from one event to the next: "how soon after the vote did ...", "how long after"
    (
        "interval",
        r"\bhow (?:long|soon|quickly|fast|many (?:days|weeks|months|years)) (?:\w+ ){0,8}?"
        r"(?:after|later)\b",
    ),
    ("identity", r"^\W*(?:who|what) (?:is|was|are|were) (?!the\b|a\b|an\b)\w+(?: \w+)?\W*$"),
    (
        "named",
        r"\b(which|what) (\w+ )?(school|firm|company|brand|prison|county|city|state|country|"
        r"platform|organi[sz]ation|outlet|magazine|newspaper|show|program|university|"
        r"network|party)\b|\bnames? of\b|\bwhat (is|was) the name\b",
    ),
    (
        "who",
        r"\bwho\b|\bwhom\b|\bwhose\b|\bname (some|the)\b|\bnames of\b"
        r"|\bwhich (person|people|celebrit\w*|influencers?)\b",
    ),
    (
        "where",
        r"\bwhere\b"
        r"|\b(which|what) (county|city|state|prison|place|town|room|platform|site|country)\b",
    ),
    ("why", r"\b(?:why|what for|reason|purpose|motivat\w*|drives?)\b"),
    (
        "quote",
        r"\b(?:said|says?|quoted?|statement|tweet(?:ed)?|words|captioned"
        r"|(?<!\bwho )wrote)\b",  # "who wrote it" asks for an author
    ),
    # What came of something: "what came of the vote?", "did it work?", "how did the
    # case turn out?", "what became of her?". Often told by another fact than the one
    # about the thing (`Fact.led_to`); last, so it is never the primary intent.
    (
        "outcome",
        r"\bwhat(?:ever)? (?:came|comes|come) (?:out )?of\b|\bcome of\b"
        r"|\bwhat(?:ever)? (?:happened|happens|became) (?:of|to)\b|\b(?:results?|outcomes?)\b"
        r"|\b(?:lead|led|leads|leading) to\b|\bturn(?:ed|s)? out\b|\bpa(?:y|id|ys) off\b"
        r"|\bwork(?:ed|s)? out\b|\bdid (?:it|that|this|they|she|he|all that) (?:\w+ )?work\b"
        r"|\b(?:succeed(?:ed)?|success(?:ful)?|productive)\b|\bgo anywhere\b",
    ),
)

# "To", "through", "all the way up to": what joins the two ends of a stretch of time
# ("from the dinner to the visit").
SPAN_TO_PATTERN = r"(?:(?:all the way|right|straight) )?(?:up )?(?:to|till|til|until|through)"
# "From start to finish", "beginning to end": the whole story, not a stretch of it nor
# events about starting or finishing (the two groups are those words).
END_TO_END_PATTERN = (
    rf"(?:the )?(?:very )?(start|beginning) {SPAN_TO_PATTERN} (?:the )?(?:very )?(finish|end)\b"
)

# What the coverage does, said of it: "the latest event the articles report", "the newest
# thing these stories talk about", "what any of them covers". Its words say how the events
# are told, not what they are about.
COVERAGE_TELLS_PATTERN = (
    r"\b(?:(?:(?:any|each|all|one|none) of )?(?:the |these |those )?"
    r"(?:coverage|articles?|stories|story|pieces?|reports|news|sources|write-?ups?)"
    r"|(?:any|each|all|one|none) of (?:them|these|those))"
    r" (?:all |even |actually |really |ever |here )?"
    r"(?:covers?|covered|report(?:s|ed)?|talks? about|talked about|discuss(?:es|ed)?"
    r"|mentions?|mentioned|describes?|described|says?|said|tells? of|told of|gets? into"
    r"|goes into|went into|deals? with|dealt with)\b"
    # ... or named as the source: "according to these articles", "going by the coverage"
    r"|\b(?:according to|going by|based on|per) (?:the |these |those )?"
    r"(?:coverage|articles?|stories|story|pieces?|reports|news|sources|write-?ups?)\b"
)

# A timeline asked for as a summary: the highlights from start to end, not every event
# ("recap", "give me the rundown", "the whole thing from start to finish").
SUMMARY_PATTERN = (
    r"\b(?:overview|summar(?:y|ies|i[sz]e|i[sz]ed|i[sz]ing)|recap\w*|run ?down|highlights?"
    r"|milestones?|key (?:moments|events|dates)|main (?:events|moments)|nutshell|tl ?dr"
    r"|sum (?:(?:it|this|that|them|everything|things|all) ){0,2}up|summing up"
    rf"|{END_TO_END_PATTERN}|brief history)\b"
)

# A question that asks for a sequence of events rather than one fact.
# "Put these in order: X, Y, Z", "sort the following", "in what order": events to order.
ORDERING_PATTERN = (
    r"\b(?:put|place|get) (?:all )?(?:of )?(?:these|them|those|the following)(?: \w+){0,3}? in"
    r" (?:\w+ )?order\b"  # not "put them on instagram"
    r"|\b(?:order|sort|rank|arrange) (?:all )?(?:of )?(?:these|them|those|the following)\b"
    r"|\bin what order\b|\bwhat order did\b"
)
# The order asked of the events a message lists, however it asks: "what's the order of X, Y
# and Z", "X, Y, Z: which order?", "list X and Y in chronological order", "the sequence of
# X, Y and Z", "rank X, Y and Z by date". Not a timeline's own words: "the roundtable's
# events in chronological order" is one story's timeline when no list of events is found.
_ORDER_ADJECTIVE = r"(?:(?:right|correct|proper|actual|exact|real|chronological) )?"
_ORDERED = r"(?:these|those|them|the following|events|things)\b"
LISTED_ORDER_PATTERN = (
    rf"\b(?:what|which)(?:'s|s| is| was| would be| were)? (?:the )?{_ORDER_ADJECTIVE}"
    rf"(?:order|sequence)\b(?: (?:of|for)\b)?(?: {_ORDERED})?"
    r"(?: (?:did|do|does|were|was|had|have)\b)?"
    rf"|\bthe {_ORDER_ADJECTIVE}(?:order|sequence) (?:of|for) {_ORDERED}"
    rf"|^(?:the )?{_ORDER_ADJECTIVE}(?:order|sequence) (?:of|for)\b"
    r"|\bin (?:(?:the )?(?:right|correct|proper) )?(?:chronological|date|time) order\b"
    r"|\bchronologically\b|\bby date\b"
)
# "When does X first show up in the coverage", "the first time X is mentioned": the
# earliest event with X. Not "the first time she went to the White House", which is a
# time clause of a question that asks something else ("who did she meet ...").
FIRST_TIME_PATTERN = (
    r"\bfirst (?:appear\w*|show\w* up|mention\w*|came up|comes up|turn\w* up)\b"
    r"|\bfirst time (?:\w+ ){0,4}?(?:appears?|appeared|(?:is|was|gets|got) (?:mentioned|named)"
    r"|shows? up|showed up|comes? up|came up|turns? up|turned up)\b"
)
# An event named by its place among its like ("her first visit to the dam", "the second
# prison trip", "his latest visit", or opening a phrase read as typed, "calder first visit"):
# the word that places it, read apart from the event.
EVENT_ORDINAL_PATTERN = (
    r"(?:\b(?:the|her|his|their|its|a)|'s|s'|^\w+)\s+"
    r"(?:(?P<first>first|1st|earliest|original|initial)|(?P<second>second|2nd)"
    r"|(?P<last>last|latest|most recent|newest|later|final))\b"
)
# A question of the last event of a kind: "when was her last visit to the dam?", "what was
# the latest reopening?", "when did he last visit?" (the phrase from the word that places
# it, or a few words before it, to the end). Not "when did she first ...": where the story
# starts, its first telling of a thing is often not the first time it happened.
ORDINAL_EVENT_ASKED = (
    r"^(?:(?:so|and|but|ok|okay|lol) )*(?:what|which|when|where)"
    r"(?: (?:was|is|were|did|does|has|had))? (?P<phrase>(?:\w+ ){0,3}?"
    r"(?:last|latest|most recent|newest|final) \w.*)$"
)
# "Who said 'I'm still doing me'?": words whose speaker (or writer) is asked for. They may
# all be common words the index never keeps, leaving nothing else to search for.
QUOTED_ASKED = (
    r"^(?:(?:so|and|ok|okay|wait|hey|but|lol) )*(?:who|whom|which \w+)"
    r"(?: (?:was it|is it|was the one|is the one)(?: that| who)?)?"
    r" (?:said|says|say|wrote|writes|tweeted|posted|told (?:\w+ )?)(?: that)? (?P<words>.+)$"
)
MIN_QUOTED_WORDS = 3  # fewer ("who said that", "who said yes") name no words of their own

# The words that ask for an end of the story, newest or oldest: one list for every pattern
# that asks for the latest or the earliest events.
NEWEST_WORDS = r"most recent|latest|newest"
OLDEST_WORDS = r"earliest|oldest"
# An order asked for, not an end of the story: "oldest to newest", "from earliest to
# latest", "first to last", "newest first". Its "newest" asks for no latest events.
ORDER_PATTERN = (
    rf"\b(?:from )?(?:the )?(?:{OLDEST_WORDS}|first|{NEWEST_WORDS}|last) {SPAN_TO_PATTERN}"
    rf" (?:the )?(?:{NEWEST_WORDS}|last|{OLDEST_WORDS}|first)\b"
    rf"|\b(?:{OLDEST_WORDS}|{NEWEST_WORDS}) first\b"
)
# "Which one was the most recent?" of events the message names: the earliest or the latest
# of them (group 1 says which).
EXTREME_PATTERN = (
    r"\bwhich(?: one| event| of (?:them|these|those|the \w+))?(?: was| is| were| came| happened)?"
    rf"(?: the)? ({NEWEST_WORDS}|last|{OLDEST_WORDS}|first)\b"
)
# A follow-up that moves along the story from the last answer: "and after that?", "what
# happened next?", "and before that?", "the year after?". Each names the direction (and,
# for a year, the step).
_LEAD = r"^(?:(?:and|so|ok|okay|then|alright|but|what about|how about) )*"
_DID = r"(?:what (?:happened|came|comes|was there|did (?:she|he|they|\w+) do) )?"
# "Actually", "finally": said of what came of something, they change nothing of the move
# ("end up", "eventually", "in the end", "after all" are taken out before: FILLER_PHRASES).
_IN_THE_END = r"(?: (?:actually|really|ever|finally))?"
MOVE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("next", rf"{_LEAD}{_DID}(?:next|after that|after this|afterwards?|after)$"),
    ("next", r"^(?:and |so )?then what(?: happened| did (?:she|he|they|\w+) do)?$"),
    ("next", rf"{_LEAD}what (?:happened|came) (?:right )?after(?: that| this)?$"),
    # how it turned out: what it led to, or else what came after it ("did it work?", "and
    # did he?", "did she get it?", "did he actually do it right away?", "did the mayor end
    # up doing it?")
    (
        "outcome",
        rf"{_LEAD}(?:did (?:the )?\w+{_IN_THE_END}"
        r" (?:work(?: out)?|succeed|help|pay off|go through(?: with (?:it|that|this))?)"
        rf"|did (?:the )?\w+{_IN_THE_END}"
        r"(?: (?:do|doing|get|getting|grant|granting) (?:it|that|what (?:she|he|they) \w+)"
        r"| (?:agree|say yes|grant it|go for it))"
        rf"|did (?:she|he|they){_IN_THE_END}"
        r"|what came of (?:it|that|this)|how did (?:it|that|this) (?:turn out|end|go))"
        r"(?: (?:tho|though|then|right away))?$",
    ),
    ("previous", rf"{_LEAD}{_DID}(?:before that|before this|before then|before)$"),
    ("year after", rf"{_LEAD}{_DID}(?:in )?(?:the )?(?:year after|next year|following year)$"),
    ("year after", rf"{_LEAD}{_DID}a year later$"),
    ("year before", rf"{_LEAD}{_DID}(?:in )?(?:the )?(?:year before|previous year|year prior)$"),
)

# Words that place what is asked after, or before, an event named after them: "following
# the vote", "in the wake of the flood", "prior to the visit", "in the run-up to it". One
# home for the timeline's anchors, its cues and the gap questions ("how long after X did Y").
# Not "the following" (a list to come) nor "the preceding" (the list before).
AFTER_WORDS = r"(?:after|(?<!the )following|in the (?:wake|aftermath) of|subsequent to|later than)"
BEFORE_WORDS = (
    r"(?:before|prior to|ahead of|(?<!the )preceding|earlier than"
    r"|(?:leading|led|lead) up to|in the (?:run|lead) ?up to)"
)

# Clauses of a fact that mention an event other than the one the fact tells: when it
# happened against another ("after her trip to the White House", "by the time he commuted
# her sentence, she had served...") and what was hoped or planned ("planning to ask him to
# grant clemency"). Each runs to the next punctuation mark.
MENTIONING_CLAUSE = (
    rf"\b(?:{AFTER_WORDS}|{BEFORE_WORDS}|by the time)\b[^,.;:()]*"
    r"|\b(?:(?:hopes?|hoped|hoping|plans?|planned|planning|wants?|wanted) (?:to|that)"
    r"|would|could|will)\b[^,.;:()]*"
)
# ... of them, those that place it after another ("after meeting him, she said ...").
AFTER_CLAUSE = rf"\b{AFTER_WORDS}\b[^,.;:()]*"
# ... and of a phrase naming an event, the part that places it by another ("the visit
# after the meeting" names the visit).
RELATIVE_CLAUSE = rf"\b(?:{AFTER_WORDS}|{BEFORE_WORDS})\b[^,.;:()]*"

# When a question is set, counted from an event: "right before the meeting", "a week after
# the flood", "in the months before". Such a question may ask for the events then, or for
# one thing ("which paper did she talk to right before the meeting?").
# "The same day as the vote", "the same year she passed", "the day the levee broke": in a
# question that asks for events, those of the event's day, month or year ("what else
# happened ..."); not "the day after", a day on one side of it.
SAME_TIME_PATTERN = (
    r"\b(?:(?:the|that) (?:same|very) (?P<unit>day|month|year)"
    r"|the day(?! (?:after|before|following|of the week)\b))(?: (?:as|of|that|when|in which))?"
)
# "The day after the vote", "the year before it": the day, month or year next to its own.
NEXT_UNIT_PATTERN = rf"\bthe (year|month|week|day) ({AFTER_WORDS}|{BEFORE_WORDS})\b"
# How many units of time a span is: "a", "two", "3", "a few", "several" (`COUNTED_UNITS`).
COUNT_WORDS = r"(?:a|an|one|two|three|four|five|six|\d+|few|couple of|several)"
COUNTED_UNITS = rf"(?:a )?{COUNT_WORDS} (?:year|month|week|day)s?"  # "a few weeks", "2 days"
# "What did she do a week later?", "two years earlier?": a span of time ending the
# question, which sets it in time only when the chat before it names the event.
LATER_SAID_PATTERN = rf"\b{COUNTED_UNITS} (?:later|earlier)(?=\W*$)"
# "Kim met the mayor. What happened a week later?", "... the week after?", "... a month
# after that?": a time set from an event the chat before names, not the question itself.
# Group "side" says which side of it; the words matched stand for "after <that event>".
SET_FROM_CHAT_PATTERN = (
    r"(?:\b(?P<side>later|earlier|afterwards?)\b"
    rf"|\b(?P<word>{AFTER_WORDS}|{BEFORE_WORDS})(?: (?:that|it|this|then))?)(?=\W*$)"
)
# "Besides the vote, what else happened?": something the asker knows of, not the subject.
BESIDES_PATTERN = r"\b(?:besides|apart from|aside from|other than|except for|in addition to) "
TIME_SETTING_PATTERNS: tuple[str, ...] = (
    rf"\b{COUNTED_UNITS} ({AFTER_WORDS}|{BEFORE_WORDS})\b",
    NEXT_UNIT_PATTERN,
    rf"(?<!how )\b(shortly|soon|right|just|immediately) ({AFTER_WORDS}|{BEFORE_WORDS})\b",
    rf"\bin the (days|weeks|months|years) ({AFTER_WORDS}|{BEFORE_WORDS})\b",
)

# When something asked of was done: "... right after", "... in 2022", "... early 2023";
# not "in response to", "in return", which say why or how.
_WHEN_DONE = (
    r"((right|just|soon|shortly|immediately) )?"  # "what did she do right after"
    # "what did she do (about) two years after"
    r"((about|around|roughly|like|almost|nearly|(a little |just )?(over|under)) )?"
    rf"({COUNTED_UNITS} )?"
    rf"({AFTER_WORDS}|{BEFORE_WORDS}|since|between|during|around|on|from|early|late|mid"
    r"|that (?:year|month|week|day)"
    r"|in(?! (?:response|reaction|reply|answer|return|exchange|turn|person|public|protest"
    r"|support)\b))\b"
)
TIMELINE_PATTERNS: tuple[str, ...] = (
    r"\btimeline\b",
    r"\bchronolog\w*",
    r"\bwhat (all |else |even |\w+ly )?(happened|went down|went on|occurred)\b",
    r"\b(everything|anything|all|things|stuff|whatever)( else)?( that)? "
    r"(happened|went down|went on|occurred)\b",
    # "what did she do in 2018", "what prison stuff did she do in 2023" (not "what interview
    # did she do in 2018", one thing)
    r"\bwhat ((\w+ ){0,2}(stuff|things|activities|work) )?(did|has|have|had) (\w+ ){1,3}"
    r"(do|done|been doing|been up to|get up to"
    r"|pull off|pulled off|accomplish|accomplished|achieve|achieved|work on|worked on) "
    rf"{_WHEN_DONE}",
    # "did she do anything prison related in april 2023?" (not "... on death row")
    r"\b(did|has|have|had) (\w+ ){1,3}(do|done) anything (\w+ ){0,3}(in|during|around|since)"
    rf" (\d{{4}}|that year|{_FULL_MONTHS})\b",
    # ... asked inside a request: "list what she did in 2018", "everything he did in May"
    r"\b(?:what|everything|anything|all)(?: that)? (\w+ ){1,3}(?:did|has done|had done"
    rf"|(?:was|were) (?:doing|up to)|got up to) {_WHEN_DONE}",
    r"\bwhat (was|were) (\w+ ){1,3}(doing|up to|involved (?:with|in)|working on) "
    r"(in|during|around|on|from|after|before)\b",
    r"\bevents?\b",
    r"\banything (else )?(big|major|important|notable|happen\w*)\b",
    r"\bin (what|which) order\b",
    r"\bin order\b(?! to\b)",  # not "in order to free her", a purpose
    r"\bin the order\b|\bthe order (?:of|in which)\b",  # not "an executive order"
    r"\b(?:sort|arrange|order|rank) (?:these|them|those|the following)\b",
    r"\b(which|what)( one| event)? (came|happened|was) (first|earlier|later|last)\b",
    r"\bbefore or after\b|\bafter or before\b",
    r"\b(?:key|main|major|big|biggest|important|notable|significant) (?:moments|developments)\b",
    # "what led up to the vote", "in the wake of the flood": events on one side of one
    r"\b(?:leading|led|lead) up to\b|\bin the (?:run|lead) ?up to\b",
    r"\bin the (?:wake|aftermath) of\b",
    r"\bwith (the |their )?(dates|years)\b",
    r"\blist (\w+ ){0,6}(visits|visited|trips|meetings|appearances|events)\b",
    r"\blist (?:every|each) (\w+ ){0,4}(visit|trip|meeting|appearance|event)\b",
    r"\b(?:list|name|what) (?:\w+ ){0,5}things (?:\w+ ){0,3}(?:did|done|has done)\b",
    # "was there anything else in 2023?"
    r"\b(?:was|were|is) there anything (?:else )?(?:in|during|around|from)"
    rf" (?:\d{{4}}|that year|{_FULL_MONTHS})\b",
    r"\bcame first\b|\bhappened first\b",
    # "every time she went there", "all the times", "how many times, and when": each event
    r"\b(?:every|each) time\b|\ball (?:the|of the) times\b|\bhow many times\b.*\band when\b",
    r"\blist (?:them|those|these) all\b",
    r"\bover the years\b",
    r"\bthrough the years\b",
    r"\bhistory of\b",
    rf"\b({OLDEST_WORDS}|{NEWEST_WORDS}|first|last) (event|thing|development)s?\b",
    r"\bsequence\b",
    r"\bwhat was (she|he|\w+) (doing|up to)\b",
    r"\bat each\b",
    r"\bwhat (came|happened|followed) (after|before|next)\b",
    ORDER_PATTERN,  # "oldest to newest", "newest first"
    r"\bin (chronological|date) order\b",
    r"\bwhat (else )?was (going on|happening)\b|\banything else (?:was )?(?:going on|happening)\b",
    SUMMARY_PATTERN,  # a summary of a story is its events in order
    r"\bwalk me through\b|\bcatch me up\b|\bfill me in\b|\blay (?:it |them |it all )?out\b",
    FIRST_TIME_PATTERN,
    EXTREME_PATTERN,
    r"\bany year\b|\bevery year\b",
    *TIME_SETTING_PATTERNS,
)

# Words that shape a timeline question rather than say what it is about.
TIMELINE_WORDS = frozenset(
    """timeline chronology chronological chronologically event events happen happened
    happens happening occur occurred went down order first earlier later last came oldest
    earliest newest recent latest years year over through history sequence anything big
    major main biggest significant notable noteworthy memorable crucial stuff doing each
    mentioned all things thing list show give full every time times many
    whole between since then involving involve involved featuring regarding concerning
    everything overview summary recap rundown milestone milestones highlights key moments
    dates leading vs versus put sort arrange rank summarize summarise summarized summarised
    summarizing summarising recaps recapped covered coverage article articles mention
    described describe describes stories development developments
    mentions tl dr tldr nutshell gist brief briefly quick roughly approximately approx
    exactly sum summing prior ahead wake aftermath following subsequent subsequently
    preceding date walk take trace step steps lay twice thrice""".split()
)

# What anyone does, said of anyone: "calder's flood defence work", "her campaigning". A timeline
# lists exactly that, so in a timeline question these words name no subject of their own.
TIMELINE_ACTIVITY_WORDS = frozenset(
    """work works working effort efforts advocacy activism involvement journey story
    stories accomplish accomplished achieve achieved achievements pull pulled""".split()
)

# Chat around a question that says nothing about it: greetings before ("hey bot, ..."),
# thanks and laughter after ("... thanks!", "... lol"), and a stray number typed at either
# end ("... 10"). Stripped before the question is read, so they cannot change the answer.
CHAT_BEFORE = (
    r"^(?:(?:hey|hi|hello|hiya|yo|heya|howdy|greetings|ok|okay|um+|uh+|hm+|er+m*|bot|factbot|"
    r"there|guys|folks|all|everyone|so|basically|like|well|anyway|quick|real quick|wait|"
    r"hold on|"
    r"(?:quick|random|dumb|silly|stupid) (?:question|q|one)|question|q|"
    r"sorry(?: to bother(?: you)?| if this is (?:a )?(?:dumb|stupid|silly|obvious)(?: question)?)?"
    r"(?: but)?|"
    r"(?:i was |i am |i'm |im |i've been |ive been )?(?:just )?(?:wondering|curious)"
    r"(?: about)?|i wonder|out of curiosity|"
    r"(?:can|could|would) (?:someone|somebody|anyone|anybody|you) (?:please )?"
    r"(?:tell|explain to|remind) me|"
    r"(?:does|do) (?:anyone|anybody|someone|you) (?:here )?know|anyone know|"
    r"i'?d (?:love|like) to know|i want to know|i need to know)\b[\s,!.:;-]*)+"
)
CHAT_AFTER = (
    r"(?:[\s,!.;:-]*\b(?:thanks|thank you|thank u|thx|ty|tysm|cheers|please|pls|plz|lol|"
    r"lmao|haha+|ha|xd)\b)+[\s!.?]*$"
)
# Idioms inside a question that say nothing about what is asked ("why did she go in the
# first place?": no place, and nothing first; "did he manage to reopen it in the end?":
# nothing managed, no end): taken out wherever they stand. Those that may also be meant
# ("after all the meetings") only where a clause ends. Not "turn out" nor "pay off": "how
# did it turn out?" after an answer asks what came next (`MOVE_PATTERNS`).
_CLAUSE_ENDS = r"(?=\s*(?:[,.;:!?]|$))"
FILLER_PHRASES = (
    r"\b(?:in the (?:first|1st) place|to begin with|to start with|at all|by the way|for real|"
    r"if that makes sense|if (?:any ?one|some ?one|any ?body) knows|"
    r"in the end|at the end of the day|in the long run|ultimately|eventually|"
    r"(?:end|ends|ended|ending) up|manag(?:e|es|ed|ing) to|"
    rf"(?:after all|or nah){_CLAUSE_ENDS})\b"
)
STRAY_NUMBER = r"[\s,.:;-]+\d{1,3}[\s!.?]*$"  # typed after the question
# Words after which a number is part of the question ("sentenced at 16", "more than 15"):
# such a number at the end is kept.
QUANTITY_WORDS = frozenset(
    """at age aged of than over under about around nearly almost exactly is was were are
    be been or and to from by with number no just only some""".split()
)

# Where a request to the bot starts: the message's or a sentence's start, or a "can you",
# "please" or "i want you to" before the verb.
_REQUEST = (
    r"(?:^|[.!?]\s+|\b(?:can|could|would|will) (?:you|u) (?:please |pls |plz )?|\bplease |"
    r"\bpl[sz] |\bi want (?:you|u) to |\bhelp me |\bgo ahead and |\bnow )"
)

# Instructions aimed at a language model, requests for private details and for the bot's
# own opinion: a fact bot has no rules to ignore, no addresses to give and no views, so
# these are declined, not searched.
INJECTION_PATTERNS: tuple[str, ...] = (
    r"\bignore (all |any )?(previous|prior|above|earlier|your) (instructions|rules|prompts?)\b",
    r"\b(you are|you're) now\b",
    r"\bsystem prompt\b",
    r"\bjailbreak\w*\b",
    r"\bdeveloper mode\b",
    r"\bno (rules|restrictions|filters)\b",
    r"\bpretend (to be|you are)\b",
    r"\bact as (an?|the)\b",
    r"\b(home|email|e-mail|street) address\b",
    r"\bphone number\b",
    r"\bsocial security\b",
    # the bot's own opinion: it has none, and facts are no stand-in for one
    r"\bwhat do you (think|feel|reckon)\b|\byour (own |personal |honest )?(opinion|view|take)\b",
    r"\bdo you (like|love|hate|support|agree)\b|\bsay something (mean|nice|bad|good|rude)\b",
    r"\b(rate|rank|score) (\w+ ){1,4}(out of|from) \d+\b",
    # requests to compose something (a tweet, a poem) or to mock someone: a fact bot quotes
    # the coverage and writes nothing of its own; only the request's imperative counts ("did
    # she write a letter" asks of the coverage)
    rf"{_REQUEST}(write|compose|draft|generate|create|make up|come up with)( me| us)? "
    r"(a|an|some|another|one)( \w+)?( \w+)? (tweets?|posts?|poems?|essays?|stor(y|ies)|songs?|"
    r"raps?|jokes?|limericks?|haikus?|memes?|captions?|threads?|roasts?|diss tracks?|"
    r"insults?|rants?|reviews?|speech|paragraph|op-?ed)\b",
    rf"{_REQUEST}(roast|insult|trash|mock|diss|bash|make fun of|trash talk|clown on) ",
)

# "Now" questions: answered only from the newest article, and said to be so.
NOW_PATTERN = (
    r"\b(now(?! that\b)|nowadays|currently|current|today|these days|at the moment|at present|"
    r"latest|most recent|as of now|right now|anymore|any more)\b"
)

# The word a question asks with, folded to the kind of answer it wants ("which" asks as
# "what" does; "whom" and "whose" as "who"). Two phrasings that ask with different words
# ask different things however many words they share ("why did she go to law school" and
# "which law school did she go to").
ASK_WORDS = {
    "what": "what",
    "whats": "what",
    "which": "what",
    "when": "when",
    "where": "where",
    "who": "who",
    "whom": "who",
    "whose": "who",
    "whos": "who",
    "why": "why",
    "how": "how",
}
# Two shapes of INTENT_PATTERNS say what a question asks better than its asking word: "who
# is X" asks who X is, and "who was X's dad" someone else (the identity shape asks apart);
# "what year did they meet" asks as "when did they meet" does, not as "what did she say
# about the meeting" (the when shape asks as "when"). Chosen by cross-validation: the other
# shapes (how many, how old, how long, what someone said) asked apart did no better.
IDENTITY = re.compile(dict(INTENT_PATTERNS)["identity"])
# "Who's Renée?" (read "who renee": `query._uncontracted`), "who is the mayor" (a name of
# hers): who someone is, when the words are a name (`Reader.read` checks that).
WHO_NAMED = re.compile(r"^\W*who(?: (?:is|was|are|were))? (?:the )?(?!a\b|an\b)\w+(?: \w+)?\W*$")
WHEN = re.compile(dict(INTENT_PATTERNS)["when"])
ASK_CODES = {word: code for code, word in enumerate(sorted({*ASK_WORDS.values(), "identity"}), 1)}


def ask_code(normalized: str) -> int:
    """The code of what a normalized question asks for: who or what someone is, or when,
    else its first asking word (0 when none). A "when" that does not ask when opens or
    closes a clause that sets the question in time ("when she met him, what did she say?")."""
    if IDENTITY.search(normalized):
        return ASK_CODES["identity"]
    if WHEN.search(normalized):
        return ASK_CODES["when"]
    for word in normalized.split():
        folded = ASK_WORDS.get(word)
        if folded and folded != "when":
            return ASK_CODES[folded]
    return 0


# Follow-ups: a question that continues the one before it. What may open one: a word that
# joins it to the last question ("and", "but", "so"), then perhaps "what about" / "how about".
# One vocabulary, read three ways:
# - FOLLOW_ON_CUE: the opening, to take off ("and | at the roundtable?");
# - SWAP_PATTERN: an opening before a few words that ask nothing ("what about Renée?", "and in
#   2024?"): the last question asked again of something else;
# - CONTINUE_PATTERN: surely leaning on the last turn: an opening that only continues ("and",
#   "also", "plus", "then"; "so" and "ok" also open questions that stand alone), "who else",
#   or a bare asking word ("why tho?", "when exactly?").
_JOINING = r"(?:and|also|plus|but|then|so|ok|okay)"
_CONTINUING = r"(?:and|also|plus|then)"
_ABOUT = r"(?:what|how) about"
FOLLOW_ON_CUE = rf"^(?:{_JOINING}\b\s*)?(?:{_ABOUT}\b\s*)?"
_NOT_ASKING = (
    r"(?!(?:\S+ )*(?:what|whats|when|where|who|whos|whom|whose|why|how|which|"
    r"did|does|do|is|was|are|were|can|could|has|have|had|tell)\b)(?=(?:\S+\s*){1,5}$)"
)
SWAP_PATTERN = rf"^(?:{_JOINING} )?{_ABOUT} {_NOT_ASKING}|^{_JOINING} {_NOT_ASKING}"
# A follow-up that is only an asking word, bare or after a preposition ("why?", "for
# what?", "by whom?", "what for?"), asks it of the last turn.
_BARE_ASK = (
    r"why|how come|how so|really|since when|where|when|who|how long|how many|how much|"
    r"(?:for|by|with|to|from|about|against) (?:what|who|whom|which|where|when)|"
    r"(?:what|who) (?:for|by|with|to|from|about)"
)
CONTINUE_PATTERN = (
    rf"^{_CONTINUING}\b|\b(?:who|what|where|when) else\b|"
    rf"^(?:{_JOINING} )?(?:{_BARE_ASK})"
    r"(?: though| exactly| then| tho)?\W*$"
)
# Where a question's setting starts ("how old was calder | at the opening", "who took the
# photo | in 2018", "what did she say | when she met him"): what "and X?", "what about X?"
# may put something else in place of.
SETTING_WORDS = frozenset("at in on during for from about when after before since".split())
BACK_REFERENCES = frozenset(
    "she her hers he him his they them their it its that this those these there then".split()
)
# The words that point back to a thing or event: "when was that?", "how long after X was it".
THING_REFERENCES = frozenset("it its that this".split())
# Each form of a personal pronoun, and the pronoun a person goes by (facts/entities.yaml
# `pronoun`): "her" can only mean someone who goes by "she".
PERSON_PRONOUNS = {"she": "she", "her": "she", "hers": "she", "he": "he", "him": "he", "his": "he"}

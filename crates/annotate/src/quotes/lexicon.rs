//! Word lists the attribution rules use: reporting verbs, titles, person and organisation
//! nouns, the markers of deliberate anonymity. All entries are lower case, apostrophes straight.

/// How a reporting verb is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbForm {
    /// Finite: "said", "says", "told", "warned".
    Finite,
    /// A participle that takes the subject of its clause: "saying", "adding", "accusing".
    Participle,
    /// Can also be a noun ("claims", "report"): a cue only after a subject-like word.
    NounLike,
}

/// Reporting verbs and their forms. "tell" forms take an addressee ("told RT").
pub fn reporting_verb(word: &str) -> Option<VerbForm> {
    use VerbForm::*;
    Some(match word {
        "said" | "says" | "say" | "told" | "tells" | "tell" | "added" | "adds" | "stated"
        | "warned" | "warns" | "claimed" | "argued" | "argues" | "insisted" | "insists"
        | "explained" | "explains" | "noted" | "wrote" | "writes" | "reported" | "announced"
        | "announces" | "confirmed" | "confirms" | "denied" | "denies" | "alleged" | "alleges"
        | "accused" | "accuses" | "urged" | "urges" | "revealed" | "reveals" | "admitted"
        | "admits" | "acknowledged" | "acknowledges" | "estimated" | "predicted" | "predicts"
        | "stressed" | "stresses" | "emphasised" | "emphasized" | "declared" | "declares"
        | "posted" | "tweeted" | "testified" | "recalled" | "complained" | "countered"
        | "conceded" | "suggested" | "asserted" | "contended" | "promised" | "promises"
        | "swore" | "swears" | "indicated" | "indicates" | "speculated" | "speculates"
        | "continued" | "called" | "calls" | "dubbed" | "branded" | "labelled" | "labeled"
        | "contends" | "described" | "describes" | "replied" | "assured" | "cautioned"
        | "remarked" => Finite,
        "saying" | "adding" | "telling" | "warning" | "claiming" | "arguing" | "insisting"
        | "explaining" | "noting" | "writing" | "accusing" | "urging" | "admitting"
        | "acknowledging" | "stressing" | "describing" | "calling" | "declaring" | "alleging"
        | "denying" | "confirming" | "revealing" => Participle,
        "claim" | "claims" | "report" | "reports" | "warn" | "argue" | "insist" | "explain"
        | "confirm" | "deny" | "admit" | "urge" | "reveal" | "allege" | "accuse" | "write"
        | "estimates" | "notes" | "believe" | "believes" | "reads" | "maintains" | "maintained"
        | "points" | "pointed" | "point" => NounLike,
        _ => return None,
    })
}

/// Verbs that report only with a clause: "promised the problems would be resolved", not
/// "promised 1.7 billion marks".
pub fn needs_clause(word: &str) -> bool {
    matches!(
        word,
        "promised"
            | "promises"
            | "indicated"
            | "indicates"
            | "swore"
            | "swears"
            | "maintains"
            | "maintained"
            | "continued"
    )
}

/// Verbs of naming that report only what they put in quotation marks: "called his
/// statements “categorically false”" (not "called for an inquiry").
pub fn needs_quotation(word: &str) -> bool {
    matches!(
        word,
        "called"
            | "calls"
            | "calling"
            | "dubbed"
            | "branded"
            | "labelled"
            | "labeled"
            | "continued"
    )
}

/// Verbs of naming, whose object is what is named: "describes that callback as …".
pub fn naming_verb(word: &str) -> bool {
    matches!(
        word,
        "described"
            | "describes"
            | "describing"
            | "calling"
            | "called"
            | "calls"
            | "dubbed"
            | "labelled"
            | "labeled"
            | "branded"
    )
}

/// Verbs that take "of" before what they report: "warned of more gales".
pub fn warning_verb(word: &str) -> bool {
    matches!(
        word,
        "warned" | "warns" | "warning" | "warn" | "spoke" | "speaks"
    )
}

/// Verbs whose object is the addressee, kept in the cue when it names an outlet or audience.
pub fn takes_addressee(word: &str) -> bool {
    matches!(word, "told" | "tells" | "tell" | "telling" | "assured")
}

/// Verbs that, followed by a reporting noun, make a cue: "made allegations that".
pub fn claim_making_verb(word: &str) -> bool {
    matches!(
        word,
        "made"
            | "make"
            | "makes"
            | "making"
            | "repeated"
            | "repeats"
            | "levelled"
            | "leveled"
            | "raised"
            | "voiced"
            | "issued"
    )
}

pub fn reporting_noun(word: &str) -> bool {
    matches!(
        word,
        "allegations"
            | "allegation"
            | "claims"
            | "claim"
            | "accusations"
            | "accusation"
            | "assertions"
            | "assertion"
            | "warnings"
            | "warning"
            | "statement"
    )
}

/// Addressees kept in a cue when lower case: "told reporters".
pub fn audience_noun(word: &str) -> bool {
    matches!(
        word,
        "reporters"
            | "journalists"
            | "the media"
            | "media"
            | "the press"
            | "lawmakers"
            | "parliament"
            | "supporters"
            | "viewers"
            | "listeners"
            | "readers"
    )
}

/// Words before a reporting verb that make it passive, negated or not a report at all.
pub fn blocks_cue(word: &str) -> bool {
    matches!(
        word,
        "is" | "was"
            | "were"
            | "be"
            | "been"
            | "being"
            | "are"
            | "am"
            | "not"
            | "never"
            | "n't"
            | "declined"
            | "refused"
            | "the"
            | "a"
            | "an"
            | "this"
            | "that"
            | "these"
            | "those"
            | "its"
            | "their"
            | "his"
            | "her"
            | "our"
            | "my"
            | "your"
            | "to"
            | "no"
    )
}

/// Adverbs and auxiliaries that may sit between a subject and its reporting verb.
pub fn verb_modifier(word: &str) -> bool {
    matches!(
        word,
        "has"
            | "have"
            | "had"
            | "also"
            | "later"
            | "previously"
            | "recently"
            | "further"
            | "then"
            | "again"
            | "repeatedly"
            | "earlier"
            | "would"
            | "will"
            | "did"
            | "does"
            | "do"
            | "once"
            | "first"
            | "last"
            | "reportedly"
            | "allegedly"
            | "publicly"
            | "privately"
            | "separately"
            | "simply"
            | "just"
            | "himself"
            | "herself"
            | "itself"
            | "themselves"
            | "all"
            | "both"
            | "too"
            | "subsequently"
            | "openly"
            | "explicitly"
            | "frequently"
            | "often"
            | "always"
            | "still"
            | "may"
            | "might"
            | "could"
            | "can"
            | "should"
            | "must"
            | "at"
            | "one"
            | "point"
            | "now"
            | "most"
            | "more"
            | "widely"
            | "commonly"
            | "usually"
            | "sometimes"
    )
}

/// Prepositions: a name after one is not the head of a subject ("a commander in the alliance
/// of President X" is not X).
pub fn preposition(word: &str) -> bool {
    matches!(
        word,
        "in" | "of"
            | "for"
            | "at"
            | "from"
            | "with"
            | "by"
            | "on"
            | "to"
            | "about"
            | "against"
            | "inside"
            | "within"
            | "near"
            | "under"
            | "over"
            | "into"
            | "between"
            | "among"
            | "across"
            | "behind"
            | "during"
            | "after"
            | "before"
            | "since"
            | "via"
            | "like"
            | "without"
            | "through"
            | "toward"
            | "towards"
            | "per"
            | "outside"
            | "around"
    )
}

pub fn determiner(word: &str) -> bool {
    matches!(
        word,
        "the"
            | "a"
            | "an"
            | "this"
            | "that"
            | "these"
            | "those"
            | "its"
            | "their"
            | "his"
            | "her"
            | "our"
            | "some"
            | "several"
            | "many"
            | "one"
            | "two"
            | "three"
            | "four"
            | "five"
            | "other"
            | "another"
            | "most"
            | "few"
            | "each"
            | "both"
            | "all"
            | "any"
            | "no"
            | "local"
            | "senior"
            | "top"
    )
}

/// Words that start a relative or adverbial clause inside a subject.
pub fn clause_word(word: &str) -> bool {
    matches!(
        word,
        "who"
            | "which"
            | "that"
            | "whose"
            | "whom"
            | "speaking"
            | "because"
            | "as"
            | "while"
            | "when"
            | "where"
            | "although"
            | "though"
            | "if"
            | "after"
            | "before"
    )
}

/// Titles and roles that precede a name ("Interior Minister Tomas Brekke").
pub fn title_word(word: &str) -> bool {
    matches!(
        word,
        "president"
            | "minister"
            | "prime"
            | "foreign"
            | "interior"
            | "defence"
            | "defense"
            | "secretary"
            | "state"
            | "general"
            | "lieutenant"
            | "lt"
            | "colonel"
            | "col"
            | "gen"
            | "major"
            | "maj"
            | "captain"
            | "capt"
            | "sergeant"
            | "sgt"
            | "admiral"
            | "commander"
            | "chief"
            | "mayor"
            | "deputy"
            | "governor"
            | "gov"
            | "senator"
            | "sen"
            | "rep"
            | "representative"
            | "mp"
            | "mep"
            | "councillor"
            | "councilor"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "ambassador"
            | "envoy"
            | "director"
            | "director-general"
            | "chairman"
            | "chairwoman"
            | "chair"
            | "king"
            | "queen"
            | "prince"
            | "princess"
            | "sheikh"
            | "emir"
            | "pope"
            | "cardinal"
            | "bishop"
            | "rev"
            | "dr"
            | "mr"
            | "mrs"
            | "ms"
            | "miss"
            | "prof"
            | "professor"
            | "judge"
            | "justice"
            | "inspector"
            | "superintendent"
            | "analyst"
            | "negotiator"
            | "senior"
            | "former"
            | "acting"
            | "opposition"
            | "lawmaker"
            | "journalist"
            | "blogger"
            | "activist"
            | "leader"
            | "head"
            | "vice"
            | "executive"
            | "officer"
            | "economist"
            | "researcher"
            | "historian"
            | "expert"
            | "writer"
            | "author"
            | "columnist"
            | "editor"
            | "correspondent"
            | "reporter"
            | "cleric"
            | "imam"
            | "rabbi"
            | "father"
            | "sister"
            | "brother"
            | "ministry"
            | "army"
            | "police"
            | "official"
            | "military"
            | "intelligence"
            | "presidential"
            | "white"
            | "house"
            | "defense-ministry"
            | "adviser"
            | "advisor"
            | "aide"
            | "attorney"
            | "lawyer"
            | "ceo"
            | "founder"
            | "coordinator"
            | "commissioner"
            | "chancellor"
            | "premier"
            | "marshal"
            | "brig"
            | "brigadier"
            | "cpl"
            | "corporal"
            | "private"
            | "sir"
            | "lord"
            | "lady"
            | "dame"
            | "mullah"
            | "ayatollah"
    )
}

/// Nouns for people: an unnamed source described by one of these is anonymous.
pub fn person_noun(word: &str) -> bool {
    let singular = word.strip_suffix('s').unwrap_or(word);
    matches!(
        word,
        "people"
            | "women"
            | "men"
            | "staff"
            | "personnel"
            | "diplomats"
            | "insiders"
            | "witness"
            | "witnesses"
    ) || matches!(
        singular,
        "official"
            | "source"
            | "commander"
            | "analyst"
            | "engineer"
            | "worker"
            | "resident"
            | "nurse"
            | "doctor"
            | "diplomat"
            | "expert"
            | "critic"
            | "witness"
            | "witnesse"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "woman"
            | "man"
            | "person"
            | "member"
            | "officer"
            | "soldier"
            | "fighter"
            | "activist"
            | "lawmaker"
            | "politician"
            | "negotiator"
            | "blogger"
            | "journalist"
            | "reporter"
            | "insider"
            | "aide"
            | "adviser"
            | "advisor"
            | "employee"
            | "teacher"
            | "student"
            | "councillor"
            | "councilor"
            | "forecaster"
            | "speaker"
            | "organiser"
            | "organizer"
            | "observer"
            | "villager"
            | "farmer"
            | "survivor"
            | "victim"
            | "relative"
            | "neighbour"
            | "neighbor"
            | "parent"
            | "mother"
            | "father"
            | "sister"
            | "brother"
            | "son"
            | "daughter"
            | "friend"
            | "colleague"
            | "investigator"
            | "researcher"
            | "scientist"
            | "economist"
            | "trader"
            | "banker"
            | "executive"
            | "manager"
            | "director"
            | "militant"
            | "rebel"
            | "insurgent"
            | "jihadist"
            | "defector"
            | "refugee"
            | "protester"
            | "protestor"
            | "demonstrator"
            | "voter"
            | "citizen"
            | "local"
            | "guard"
            | "pilot"
            | "driver"
            | "rescuer"
            | "volunteer"
            | "medic"
            | "paramedic"
            | "surgeon"
            | "physician"
            | "lawyer"
            | "attorney"
            | "prosecutor"
            | "judge"
            | "minister"
            | "mayor"
            | "governor"
            | "senator"
            | "general"
            | "colonel"
            | "captain"
            | "lieutenant"
            | "sergeant"
            | "agent"
            | "spy"
            | "informant"
            | "eyewitness"
            | "bystander"
            | "passenger"
            | "shopkeeper"
            | "owner"
            | "landlord"
            | "tenant"
            | "pensioner"
            | "mp"
            | "legislator"
            | "delegate"
            | "envoy"
            | "ambassador"
            | "consultant"
            | "specialist"
            | "academic"
            | "professor"
            | "historian"
            | "writer"
            | "commentator"
            | "pundit"
            | "campaigner"
            | "lobbyist"
            | "candidate"
            | "aid"
            | "humanitarian"
            | "monitor"
            | "guardian"
            | "fisherman"
            | "fishermen"
            | "rep"
            | "counsel"
            | "girl"
            | "boy"
            | "child"
            | "children"
            | "kid"
            | "teen"
            | "teenager"
            | "youth"
            | "pupil"
            | "baby"
            | "adult"
            | "elder"
            | "husband"
            | "wife"
            | "widow"
            | "orphan"
            | "boyfriend"
            | "girlfriend"
            | "cousin"
            | "uncle"
            | "aunt"
            | "grandmother"
            | "grandfather"
            | "nephew"
            | "niece"
    )
}

/// Agent nouns by their ending ("contributors", "jihadists", "campaigners"): people, unless
/// known as an organisation or a document. Only for words written in lower case ("Syrian" is
/// an adjective).
pub fn agent_noun(word: &str) -> bool {
    let word = word.strip_suffix('s').unwrap_or(word);
    word.len() > 4
        && ["er", "or", "ist", "ian"].iter().any(|s| word.ends_with(s))
        && !organisation_noun(word)
        && !document_noun(word)
        && !matches!(
            word,
            "order"
                | "number"
                | "matter"
                | "letter"
                | "paper"
                | "power"
                | "border"
                | "water"
                | "member"
                | "other"
                | "another"
                | "together"
                | "however"
                | "whether"
                | "corner"
                | "center"
                | "centre"
                | "error"
                | "sector"
                | "factor"
                | "mirror"
                | "comment"
                | "element"
                | "equipment"
                | "treatment"
                | "incident"
                | "moment"
                | "percent"
                | "parliament"
                | "content"
                | "event"
                | "extent"
                | "talent"
                | "account"
                | "amount"
                | "plant"
                | "grant"
                | "giant"
                | "variant"
                | "quarter"
                | "winter"
                | "summer"
                | "register"
                | "disaster"
                | "cluster"
                | "monster"
                | "shelter"
                | "chapter"
                | "manner"
                | "banner"
                | "dinner"
                | "partner"
                | "christian"
                | "indian"
                | "latter"
                | "former"
                | "either"
                | "neither"
                | "rather"
                | "later"
                | "further"
                | "never"
                | "after"
                | "under"
                | "over"
                | "whatever"
                | "wherever"
                | "whoever"
                | "major"
                | "minor"
                | "interior"
                | "exterior"
                | "prior"
                | "superior"
                | "senior"
                | "junior"
                | "behavior"
                | "behaviour"
                | "favour"
                | "favor"
                | "honour"
                | "honor"
                | "labour"
                | "labor"
                | "colour"
                | "color"
                | "vapor"
                | "terror"
                | "horror"
                | "motor"
        )
}

/// Head nouns of an organisation or document: a definite description with one of these is
/// resolved against the organisations named earlier ("the authority" -> "Delta Flood
/// Authority").
pub fn organisation_noun(word: &str) -> bool {
    let singular = word.strip_suffix('s').unwrap_or(word);
    matches!(
        singular,
        "authority"
            | "authoritie"
            | "ministry"
            | "government"
            | "agency"
            | "service"
            | "department"
            | "office"
            | "council"
            | "committee"
            | "commission"
            | "observatory"
            | "army"
            | "military"
            | "force"
            | "coalition"
            | "alliance"
            | "party"
            | "group"
            | "organisation"
            | "organization"
            | "company"
            | "firm"
            | "operator"
            | "union"
            | "court"
            | "tribunal"
            | "bank"
            | "fund"
            | "institute"
            | "university"
            | "board"
            | "newspaper"
            | "paper"
            | "website"
            | "broadcaster"
            | "channel"
            | "network"
            | "outlet"
            | "magazine"
            | "journal"
            | "station"
            | "administration"
            | "cabinet"
            | "parliament"
            | "senate"
            | "congress"
            | "assembly"
            | "police"
            | "embassy"
            | "kremlin"
            | "pentagon"
            | "regime"
            | "federation"
            | "association"
            | "foundation"
            | "centre"
            | "center"
            | "unit"
            | "bureau"
            | "mission"
            | "delegation"
            | "team"
            | "campaign"
            | "movement"
            | "front"
            | "militia"
            | "brigade"
            | "battalion"
            | "directorate"
            | "inspectorate"
            | "watchdog"
            | "regulator"
            | "ngo"
            | "charity"
    )
}

/// Documents that "say" things: a report, a statement, a study.
pub fn document_noun(word: &str) -> bool {
    let singular = word.strip_suffix('s').unwrap_or(word);
    matches!(
        singular,
        "report"
            | "statement"
            | "study"
            | "survey"
            | "poll"
            | "analysi"
            | "investigation"
            | "document"
            | "cable"
            | "memo"
            | "letter"
            | "article"
            | "post"
            | "review"
            | "audit"
            | "assessment"
            | "inquiry"
            | "probe"
            | "footage"
            | "video"
            | "message"
            | "communique"
            | "release"
            | "briefing"
            | "filing"
            | "indictment"
            | "ruling"
            | "judgment"
            | "judgement"
            | "decree"
            | "resolution"
            | "leak"
            | "interview"
            | "story"
            | "storie"
            | "blog"
            | "tweet"
            | "fatwa"
    )
}

/// Capitalised words that mark an organisation rather than a person in a name.
pub fn organisation_name_word(word: &str) -> bool {
    organisation_noun(word)
        || matches!(
            word,
            "news"
                | "times"
                | "post"
                | "tv"
                | "press"
                | "daily"
                | "radio"
                | "herald"
                | "tribune"
                | "gazette"
                | "courier"
                | "observer"
                | "wire"
                | "reuters"
                | "afp"
                | "bbc"
                | "cnn"
                | "rt"
                | "state"
                | "forces"
                | "rights"
                | "nations"
                | "army"
                | "navy"
                | "corps"
                | "security"
                | "intelligence"
                | "defence"
                | "defense"
                | "interior"
                | "affairs"
                | "relations"
                | "world"
                | "international"
                | "national"
                | "republic"
                | "kingdom"
                | "united"
                | "islamic"
                | "syria"
                | "russia"
                | "turkey"
                | "journal"
                | "street"
                | "guard"
        )
}

/// Phrases that say the source is deliberately unnamed; matched on the lower-cased words of
/// the speaker's clause.
pub const ANONYMITY_MARKERS: &[&[&str]] = &[
    &["declined", "to", "be", "identified"],
    &["declined", "to", "be", "named"],
    &["asked", "not", "to", "be", "named"],
    &["asked", "not", "to", "be", "identified"],
    &["asked", "to", "remain", "anonymous"],
    &["requested", "anonymity"],
    &["condition", "of", "anonymity"],
    &["did", "not", "want", "to", "be", "named"],
    &["did", "not", "want", "to", "be", "identified"],
    &["not", "authorised", "to"],
    &["not", "authorized", "to"],
    &["insisted", "on", "anonymity"],
    &["speaking", "anonymously"],
    &["who", "could", "not", "be", "named"],
    &["refused", "to", "be", "named"],
    &["withheld"],
];

/// Words that can stand as a speaker pronoun.
pub fn pronoun(word: &str) -> Option<Pronoun> {
    Some(match word {
        "he" | "she" => Pronoun::Person,
        "they" => Pronoun::Plural,
        "it" => Pronoun::Thing,
        "i" | "we" => Pronoun::Author,
        _ => return None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pronoun {
    Person,
    Plural,
    Thing,
    /// First person outside quotes: the author.
    Author,
}

/// Words after a reporting verb that belong to its adverbial rather than the report:
/// "said on Monday that", "said in a statement that".
pub fn time_or_manner_word(word: &str) -> bool {
    matches!(
        word,
        "on" | "in"
            | "at"
            | "during"
            | "last"
            | "this"
            | "yesterday"
            | "today"
            | "tonight"
            | "earlier"
            | "later"
            | "recently"
            | "again"
            | "also"
            | "previously"
            | "repeatedly"
            | "publicly"
            | "privately"
            | "separately"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "by"
            | "over"
            | "via"
            | "after"
            | "before"
            | "late"
            | "early"
            | "week"
            | "month"
            | "year"
            | "weekend"
            | "morning"
            | "evening"
            | "afternoon"
            | "night"
            | "firmly"
            | "flatly"
            | "bluntly"
            | "openly"
            | "once"
            | "twice"
            | "repeated"
            | "then"
            | "now"
            | "finally"
            | "quickly"
    )
}

/// Months and weekdays: "reported on Monday" is a date, "reported on Plan B" a topic.
pub fn date_word(word: &str) -> bool {
    matches!(
        word,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
            | "yesterday"
            | "today"
            | "tuesday's"
            | "the"
            | "friday's"
    ) || word.bytes().next().is_some_and(|b| b.is_ascii_digit())
}

/// Words that begin an indirect question rather than a report: "explained why".
pub fn question_word(word: &str) -> bool {
    matches!(
        word,
        "who" | "what" | "why" | "how" | "whether" | "where" | "when" | "which"
    )
}

/// Phrases that close a paragraph introducing a block quotation without a colon.
pub const INTRO_PHRASES: &[&[&str]] = &[
    &["in", "this", "way"],
    &["as", "follows"],
    &["like", "this"],
    &["these", "words"],
    &["the", "following"],
];

/// Auxiliaries and common irregular past forms: a stretch with one of these (or a word in
/// "-ed") is a clause, not a noun phrase.
pub fn finite_verb(word: &str) -> bool {
    matches!(
        word,
        "is" | "was"
            | "were"
            | "are"
            | "am"
            | "has"
            | "had"
            | "have"
            | "would"
            | "will"
            | "could"
            | "can"
            | "did"
            | "does"
            | "should"
            | "might"
            | "may"
            | "must"
            | "be"
            | "took"
            | "made"
            | "gave"
            | "went"
            | "came"
            | "said"
            | "told"
            | "left"
            | "found"
            | "held"
            | "won"
            | "lost"
            | "fell"
            | "rose"
            | "met"
            | "saw"
            | "knew"
            | "thought"
            | "began"
            | "broke"
            | "brought"
            | "built"
            | "bought"
            | "caught"
            | "fought"
            | "hit"
            | "kept"
            | "led"
            | "put"
            | "ran"
            | "sent"
            | "set"
            | "shot"
            | "spent"
            | "stood"
            | "struck"
            | "threw"
            | "wrote"
            | "became"
            | "got"
            | "grew"
            | "drove"
            | "flew"
            | "forgot"
            | "froze"
            | "hid"
            | "laid"
            | "lay"
            | "meant"
            | "paid"
            | "rode"
            | "sank"
            | "sat"
            | "sold"
            | "shut"
            | "slept"
            | "spoke"
            | "stole"
            | "swept"
            | "taught"
            | "tore"
            | "understood"
            | "woke"
            | "wore"
            | "withdrew"
            | "overran"
            | "seized"
            | "sought"
            | "fled"
            | "bore"
            | "beat"
            | "bit"
            | "blew"
            | "chose"
            | "dealt"
            | "dug"
            | "drew"
            | "fed"
            | "felt"
            | "forbade"
            | "gone"
            | "done"
            | "seen"
            | "taken"
            | "given"
            | "known"
            | "shown"
            | "begun"
            | "broken"
    )
}

/// A verb form in a noun phrase's place: an auxiliary, a common irregular past, or "-ed".
pub fn verbish(word: &str) -> bool {
    finite_verb(word) || (word.len() > 4 && word.ends_with("ed")) || word.ends_with("n't")
}

/// Number words, which the recogniser sometimes takes for names at a sentence start.
pub fn number_word(word: &str) -> bool {
    matches!(
        word,
        "one"
            | "two"
            | "three"
            | "four"
            | "five"
            | "six"
            | "seven"
            | "eight"
            | "nine"
            | "ten"
            | "eleven"
            | "twelve"
            | "thirteen"
            | "fourteen"
            | "fifteen"
            | "sixteen"
            | "seventeen"
            | "eighteen"
            | "nineteen"
            | "twenty"
            | "thirty"
            | "forty"
            | "fifty"
            | "hundred"
            | "hundreds"
            | "thousand"
            | "thousands"
            | "million"
            | "millions"
            | "dozens"
            | "dozen"
    )
}

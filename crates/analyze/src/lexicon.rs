//! Hand-built word and phrase lists for persuasion cues, written for Parallax.
//!
//! Each entry belongs to one or more [`Cue`] classes. Single words match by stem (so
//! "slaughtered" and "slaughtering" match "slaughter"); phrases match word by word on the
//! lowercase forms. The lists are evidence for the learned models and words for the
//! explanations, never verdicts on their own: "attack" is loaded in an op-ed and neutral in a
//! match report, and the models weigh that from context.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use parallax_learn::features::PassThroughHasher;

/// Keys are already well-mixed hashes.
type Fast = BuildHasherDefault<PassThroughHasher>;
use std::sync::OnceLock;

use crate::text::{stem_hash, word_hash, Token};

macro_rules! cues {
    ($( $variant:ident = $bit:expr, $label:literal; )*) => {
        /// A class of persuasion cue.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Cue { $( $variant, )* }

        impl Cue {
            pub const ALL: &'static [Cue] = &[ $( Cue::$variant, )* ];
            pub fn bit(self) -> u32 {
                match self { $( Cue::$variant => 1 << $bit, )* }
            }
            /// Plural noun phrase for explanations ("loaded words").
            pub fn label(self) -> &'static str {
                match self { $( Cue::$variant => $label, )* }
            }
            pub fn index(self) -> usize {
                match self { $( Cue::$variant => $bit, )* }
            }
        }
    };
}

cues! {
    Loaded = 0, "emotionally loaded words";
    Label = 1, "labels and slurs";
    Intensifier = 2, "intensifiers";
    Absolute = 3, "absolutes and superlatives";
    Flag = 4, "appeals to national or group identity";
    Fear = 5, "words of fear and threat";
    Doubt = 6, "doubt cues";
    Causal = 7, "causal claims";
    Authority = 8, "appeals to authority";
    Slogan = 9, "slogans";
    Cliche = 10, "thought-terminating phrases";
    Urgency = 11, "appeals to urgency";
    Popularity = 12, "appeals to popularity";
    Dilemma = 13, "either-or framing";
    Hypocrisy = 14, "charges of hypocrisy";
    Villain = 15, "associations with reviled figures";
    Values = 16, "appeals to values";
    Hedge = 17, "vague hedges";
    Reporting = 18, "neutral reporting verbs";
}

/// Number of cue classes.
pub const CUE_COUNT: usize = 19;

const LOADED: &[&str] = &[
    "abhorrent",
    "abominable",
    "absurd",
    "abuse",
    "agony",
    "alarming",
    "appalling",
    "atrocious",
    "atrocity",
    "awful",
    "barbaric",
    "barbarian",
    "betray",
    "betrayal",
    "bizarre",
    "blatant",
    "bloodbath",
    "bloodthirsty",
    "bloody",
    "brainwash",
    "brutal",
    "brutality",
    "butcher",
    "callous",
    "carnage",
    "catastrophic",
    "chilling",
    "cold-blooded",
    "contempt",
    "corrupt",
    "corruption",
    "coward",
    "cowardly",
    "crazy",
    "cruel",
    "crush",
    "cynical",
    "damn",
    "deceit",
    "deceitful",
    "deceive",
    "demonic",
    "deranged",
    "despicable",
    "destroy",
    "devastating",
    "diabolical",
    "dirty",
    "disgrace",
    "disgraceful",
    "disgusting",
    "dishonest",
    "draconian",
    "evil",
    "exploit",
    "fanatical",
    "farce",
    "fiasco",
    "filthy",
    "fraud",
    "fraudulent",
    "gruesome",
    "hate",
    "hateful",
    "heinous",
    "hideous",
    "horrendous",
    "horrible",
    "horrific",
    "horror",
    "hysteria",
    "hysterical",
    "idiotic",
    "infamous",
    "insane",
    "insidious",
    "lawless",
    "lie",
    "liar",
    "lying",
    "ludicrous",
    "madness",
    "malicious",
    "massacre",
    "menace",
    "merciless",
    "monstrous",
    "murderous",
    "nasty",
    "nefarious",
    "nightmare",
    "notorious",
    "obscene",
    "odious",
    "outrage",
    "outrageous",
    "pathetic",
    "pervert",
    "plunder",
    "poison",
    "preposterous",
    "propaganda",
    "rabid",
    "rampage",
    "rape",
    "reckless",
    "repugnant",
    "repulsive",
    "ridiculous",
    "rotten",
    "ruthless",
    "sadistic",
    "savage",
    "scandal",
    "scandalous",
    "scheme",
    "scum",
    "senseless",
    "shameful",
    "shameless",
    "shocking",
    "sick",
    "sickening",
    "sinister",
    "slaughter",
    "sleazy",
    "slimy",
    "stupid",
    "stupidity",
    "tyranny",
    "unhinged",
    "unspeakable",
    "vicious",
    "vile",
    "villain",
    "violent",
    "wicked",
    "witch-hunt",
    "wreck",
    "hoax",
    "sham",
    "lunacy",
    "mayhem",
    "onslaught",
    "pillage",
    "ravage",
    "smear",
    "sabotage",
    "treacherous",
    "treason",
    "vandal",
    "vengeance",
    "venom",
    "venomous",
    "vitriol",
    "wanton",
    "woke",
    "bogus",
    "crooked",
    "rigged",
    "slam",
    "blast",
    "hammer",
    "shatter",
    "explosive",
    "bombshell",
    "stunning",
    "staggering",
    "unbelievable",
    "incredible",
    "astonishing",
    "jaw-dropping",
    "disastrous",
    "dreadful",
    "grotesque",
    "hypocritical",
    "inhuman",
    "inhumane",
];

const LABELS: &[&str] = &[
    "terrorist",
    "thug",
    "traitor",
    "puppet",
    "regime",
    "jihadist",
    "jihadi",
    "globalist",
    "leftist",
    "fascist",
    "nazi",
    "neo-nazi",
    "communist",
    "marxist",
    "socialist",
    "tyrant",
    "dictator",
    "despot",
    "mob",
    "criminal",
    "crook",
    "clown",
    "idiot",
    "moron",
    "imbecile",
    "fool",
    "hack",
    "shill",
    "stooge",
    "lackey",
    "henchman",
    "henchmen",
    "warmonger",
    "neocon",
    "mercenary",
    "lunatic",
    "extremist",
    "fanatic",
    "zealot",
    "radical",
    "cult",
    "gang",
    "gangster",
    "snowflake",
    "racist",
    "bigot",
    "supremacist",
    "islamist",
    "islamophobe",
    "xenophobe",
    "homophobe",
    "misogynist",
    "elitist",
    "elite",
    "establishment",
    "swamp",
    "deep-state",
    "apologist",
    "propagandist",
    "collaborator",
    "usurper",
    "junta",
    "cabal",
    "oligarch",
    "kleptocrat",
    "parasite",
    "vermin",
    "invader",
    "alien",
    "illegals",
    "anarchist",
    "agitator",
    "insurgent",
    "separatist",
    "rebel",
    "militant",
    "murderer",
    "killer",
    "butcher",
    "rapist",
    "pedophile",
    "predator",
    "demagogue",
    "charlatan",
    "conman",
    "fraudster",
    "sycophant",
    "crony",
    "hawk",
    "liberal",
    "libtard",
    "rino",
    "antifa",
    "commie",
    "loony",
    "nutjob",
    "crackpot",
    "conspiracist",
    "denier",
];

const INTENSIFIERS: &[&str] = &[
    "very",
    "extremely",
    "totally",
    "absolutely",
    "completely",
    "utterly",
    "incredibly",
    "truly",
    "really",
    "entirely",
    "deeply",
    "hugely",
    "massively",
    "highly",
    "literally",
    "so",
    "too",
    "such",
    "indeed",
    "clearly",
    "obviously",
    "certainly",
    "undoubtedly",
    "simply",
    "just",
    "even",
    "outright",
    "downright",
    "thoroughly",
    "blatantly",
    "wholly",
    "fully",
    "terribly",
    "awfully",
    "desperately",
    "seriously",
    "grossly",
    "dramatically",
];

const ABSOLUTES: &[&str] = &[
    "always",
    "never",
    "ever",
    "all",
    "every",
    "everyone",
    "everybody",
    "everything",
    "nobody",
    "nothing",
    "none",
    "nowhere",
    "forever",
    "greatest",
    "worst",
    "best",
    "biggest",
    "largest",
    "most",
    "least",
    "unprecedented",
    "historic",
    "massive",
    "huge",
    "enormous",
    "countless",
    "endless",
    "total",
    "entire",
    "whole",
    "ultimate",
    "supreme",
    "unparalleled",
    "unmatched",
    "unique",
    "only",
    "sole",
    "utmost",
    "maximum",
    "gigantic",
    "colossal",
    "monumental",
    "millions",
    "billions",
    "thousands",
    "infinite",
    "absolute",
    "tiny",
    "mere",
    "merely",
    "trivial",
    "negligible",
    "insignificant",
    "minor",
];

const FLAG: &[&str] = &[
    "america",
    "american",
    "americans",
    "nation",
    "national",
    "patriot",
    "patriotic",
    "patriotism",
    "homeland",
    "motherland",
    "fatherland",
    "flag",
    "sovereignty",
    "sovereign",
    "heritage",
    "constitution",
    "constitutional",
    "compatriots",
    "countrymen",
    "nationalist",
    "national interest",
    "our country",
    "our nation",
    "our people",
    "our troops",
    "our soldiers",
    "our heroes",
    "our values",
    "our way of life",
    "our children",
    "our borders",
    "our culture",
    "this country",
    "this great nation",
    "founding fathers",
    "great again",
    "the american people",
    "true americans",
    "real americans",
    "we the people",
    "russia",
    "russian people",
    "mother russia",
    "the west",
    "western civilization",
    "christendom",
    "the fatherland",
    "our great",
    "our own",
];

const FEAR: &[&str] = &[
    "threat",
    "threaten",
    "danger",
    "dangerous",
    "fear",
    "terror",
    "terrorism",
    "catastrophe",
    "disaster",
    "crisis",
    "collapse",
    "destruction",
    "death",
    "die",
    "deadly",
    "kill",
    "invade",
    "invasion",
    "epidemic",
    "plague",
    "pandemic",
    "nuclear",
    "risk",
    "chaos",
    "apocalypse",
    "apocalyptic",
    "doom",
    "doomed",
    "annihilate",
    "annihilation",
    "extinction",
    "peril",
    "perilous",
    "menacing",
    "alarm",
    "panic",
    "scare",
    "terrify",
    "terrifying",
    "horrify",
    "ominous",
    "warn",
    "warning",
    "looming",
    "imminent",
    "existential",
    "bloodshed",
    "genocide",
    "holocaust",
    "enslave",
    "slavery",
    "overrun",
    "flood",
    "swarm",
    "infest",
    "contagion",
    "toxic",
    "deadliest",
    "war",
    "world war",
    "civil war",
    "destroy us",
    "wipe out",
    "no longer safe",
    "under attack",
    "at risk",
];

const DOUBT: &[&str] = &[
    "allegedly",
    "alleged",
    "so-called",
    "supposedly",
    "supposed",
    "purported",
    "purportedly",
    "claim",
    "questionable",
    "dubious",
    "suspicious",
    "doubt",
    "doubtful",
    "unproven",
    "unverified",
    "unsubstantiated",
    "baseless",
    "no evidence",
    "no proof",
    "whether",
    "credibility",
    "credible",
    "really",
    "why",
    "how can",
    "how could",
    "who really",
    "what if",
    "is it possible",
    "one wonders",
    "begs the question",
    "raises questions",
    "strange",
    "odd",
    "mysterious",
    "mystery",
    "conveniently",
    "curiously",
    "coincidence",
    "cover-up",
    "cover up",
    "fabricated",
    "fabrication",
    "fake",
    "phony",
    "staged",
    "false flag",
    "narrative",
    "official story",
    "official version",
    "mainstream media",
    "msm",
    "fake news",
    "so called",
];

const CAUSAL: &[&str] = &[
    "because",
    "therefore",
    "thus",
    "hence",
    "caused",
    "cause",
    "due to",
    "responsible for",
    "blame",
    "the reason",
    "led to",
    "lead to",
    "result of",
    "as a result",
    "consequently",
    "so that",
    "which means",
    "that is why",
    "this is why",
    "the real reason",
    "behind",
    "the root of",
    "fault",
    "culprit",
    "to blame",
    "only because",
    "thanks to",
    "since",
    "will lead to",
    "would lead to",
    "will result in",
    "inevitably",
    "slippery slope",
    "next thing",
    "before long",
    "open the door",
    "opens the door",
    "pave the way",
];

const AUTHORITY: &[&str] = &[
    "expert",
    "experts",
    "scientist",
    "scientists",
    "according to",
    "study",
    "studies",
    "professor",
    "dr",
    "doctor",
    "research",
    "researchers",
    "analyst",
    "analysts",
    "official",
    "officials",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "report",
    "survey",
    "poll",
    "authority",
    "authorities",
    "pope",
    "nobel",
    "renowned",
    "leading",
    "prominent",
    "respected",
    "scholar",
    "historian",
    "economist",
    "top",
];

const SLOGANS: &[&str] = &[
    "make america great again",
    "america first",
    "lock her up",
    "build the wall",
    "drain the swamp",
    "never again",
    "not my president",
    "black lives matter",
    "all lives matter",
    "blue lives matter",
    "no justice no peace",
    "yes we can",
    "stronger together",
    "hands up don't shoot",
    "believe women",
    "me too",
    "love trumps hate",
    "take back control",
    "take our country back",
    "send her back",
    "stop the steal",
    "allahu akbar",
    "death to america",
    "death to israel",
    "from the river to the sea",
    "peace through strength",
    "we will not be silenced",
    "enough is enough",
    "silence is violence",
    "the people united",
    "power to the people",
    "keep america great",
    "law and order",
    "war on terror",
    "axis of evil",
    "mission accomplished",
    "you're fired",
    "fake news",
    "sad!",
    "promises made promises kept",
    "jobs not mobs",
    "defund the police",
    "abolish ice",
    "no borders",
    "refugees welcome",
    "build back better",
    "my body my choice",
    "pro-life",
    "pro-choice",
    "god bless america",
    "united we stand",
    "freedom isn't free",
    "support our troops",
    "wake up",
];

const CLICHES: &[&str] = &[
    "it is what it is",
    "end of story",
    "period",
    "that's all there is",
    "let's face it",
    "the bottom line",
    "at the end of the day",
    "think about it",
    "the truth is",
    "the fact is",
    "facts are facts",
    "nothing to see here",
    "case closed",
    "enough said",
    "you know what",
    "say no more",
    "need i say more",
    "plain and simple",
    "pure and simple",
    "make no mistake",
    "let's be clear",
    "let me be clear",
    "don't be fooled",
    "wake up",
    "open your eyes",
    "common sense",
    "everyone knows",
    "it goes without saying",
    "that's the way it is",
    "so be it",
    "whatever",
    "move on",
    "time will tell",
    "boys will be boys",
    "rules are rules",
    "it's just",
    "nuff said",
    "the rest is history",
];

const URGENCY: &[&str] = &[
    "now",
    "immediately",
    "before it's too late",
    "too late",
    "time is running out",
    "urgent",
    "urgently",
    "act now",
    "right now",
    "today",
    "at once",
    "no time",
    "without delay",
    "last chance",
    "once and for all",
    "must act",
    "must be stopped",
    "must stop",
    "it is time",
    "it's time",
    "the time has come",
    "deadline",
    "hurry",
];

const POPULARITY: &[&str] = &[
    "everyone knows",
    "everybody knows",
    "most people",
    "the majority",
    "millions of",
    "the people",
    "ordinary people",
    "the public",
    "common people",
    "the masses",
    "widely",
    "popular",
    "consensus",
    "join",
    "growing number",
    "more and more",
    "the whole world",
    "the world knows",
    "all americans",
    "every american",
    "the silent majority",
    "overwhelming",
    "overwhelmingly",
    "vast majority",
];

const DILEMMA: &[&str] = &[
    "either",
    "or else",
    "only option",
    "no choice",
    "only way",
    "no alternative",
    "with us or against us",
    "only choice",
    "the only solution",
    "one of two",
    "no other",
    "no middle ground",
    "you're either",
    "there is no other",
    "all or nothing",
];

const HYPOCRISY: &[&str] = &[
    "what about",
    "hypocrisy",
    "hypocrite",
    "hypocrites",
    "hypocritical",
    "double standard",
    "double standards",
    "yet they",
    "but when",
    "where was",
    "where were",
    "why didn't",
    "same people",
    "the irony",
    "ironically",
    "selective outrage",
    "pot calling",
];

const VILLAINS: &[&str] = &[
    "hitler",
    "nazi",
    "nazis",
    "stalin",
    "mao",
    "pol pot",
    "isis",
    "al-qaeda",
    "al qaeda",
    "daesh",
    "taliban",
    "kkk",
    "gestapo",
    "soviet",
    "third reich",
    "mussolini",
    "bin laden",
    "goebbels",
    "fascism",
    "totalitarian",
    "gulag",
    "orwellian",
    "big brother",
    "mccarthy",
    "mccarthyism",
    "inquisition",
    "cultural revolution",
];

const VALUES: &[&str] = &[
    "god",
    "freedom",
    "liberty",
    "democracy",
    "justice",
    "values",
    "moral",
    "morality",
    "christian",
    "faith",
    "family",
    "tradition",
    "traditional",
    "dignity",
    "honor",
    "honour",
    "decency",
    "sacred",
    "holy",
    "righteous",
    "truth",
    "rights",
    "human rights",
    "rule of law",
    "peace",
    "children",
    "innocent",
    "innocents",
    "civilization",
];

const HEDGES: &[&str] = &[
    "some say",
    "some people",
    "many say",
    "many believe",
    "it is said",
    "reportedly",
    "sources say",
    "it seems",
    "apparently",
    "perhaps",
    "somehow",
    "certain people",
    "some argue",
    "it is believed",
    "rumored",
    "rumoured",
    "people are saying",
    "they say",
    "it is claimed",
    "critics say",
    "observers",
    "some experts",
];

const REPORTING: &[&str] = &[
    "said",
    "says",
    "told",
    "stated",
    "announced",
    "added",
    "according",
    "reported",
    "confirmed",
    "explained",
    "noted",
    "spokesman",
    "spokeswoman",
    "statement",
    "press conference",
    "news agency",
    "reuters",
    "associated press",
    "afp",
];

const STOPWORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with",
    "from", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that",
    "these", "those", "he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "your",
    "my", "him", "them", "us", "me", "who", "whom", "which", "what", "there", "here", "has",
    "have", "had", "do", "does", "did", "not", "no", "so", "than", "then", "also", "about", "into",
    "over", "after", "before", "will", "would", "can", "could", "should", "may", "might", "must",
    "said", "says", "one", "more", "up", "out", "all", "some", "any", "just", "when", "where",
    "how", "why", "now", "other", "such", "only", "very", "even", "new", "s", "t", "mr", "ms",
    "mrs", "while", "because", "against", "between", "through", "during", "under", "again",
    "further", "once", "both", "each", "few", "most", "own", "same", "too", "can't", "don't",
    "it's", "that's", "been", "per",
];

/// Whether a token is a function word (not evidence of repetition or topic on its own).
pub fn is_stopword(word_hash: u64) -> bool {
    static SET: OnceLock<std::collections::HashSet<u64, Fast>> = OnceLock::new();
    SET.get_or_init(|| {
        STOPWORDS
            .iter()
            .map(|w| crate::text::word_hash(w))
            .collect()
    })
    .contains(&word_hash)
}

/// Function words that do not end a persuasive phrase: articles, possessives, conjunctions and
/// prepositions. Of 5,468 gold spans in the SemEval-2020 training articles, 43 end with one of
/// them, though they occur 11,692 times inside spans; a span the tagger ends on one has run on.
const DANGLING: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with",
    "from", "as", "which", "who", "whom", "whose", "than", "into", "between", "through", "during",
    "under", "while", "because", "if", "its", "their", "his", "your", "my", "these", "those",
];

/// Whether a word (by [`crate::text::word_hash`]) cannot end a persuasive phrase ([`DANGLING`]).
pub fn is_dangling(word_hash: u64) -> bool {
    static SET: OnceLock<std::collections::HashSet<u64, Fast>> = OnceLock::new();
    SET.get_or_init(|| DANGLING.iter().map(|w| crate::text::word_hash(w)).collect())
        .contains(&word_hash)
}

/// The compiled lexicon: stems of single words and phrases, each with a cue bit set.
pub struct Lexicon {
    /// Single words by stem hash.
    words: HashMap<u64, u32, Fast>,
    /// Phrases by the lowercase hash of their first word: (remaining word hashes, cues).
    phrases: HashMap<u64, Vec<(Vec<u64>, u32)>, Fast>,
    /// Longest phrase in words.
    longest: usize,
}

impl Lexicon {
    fn build() -> Lexicon {
        let mut lex = Lexicon {
            words: HashMap::default(),
            phrases: HashMap::default(),
            longest: 1,
        };
        let lists: [(&[&str], Cue); 19] = [
            (LOADED, Cue::Loaded),
            (LABELS, Cue::Label),
            (INTENSIFIERS, Cue::Intensifier),
            (ABSOLUTES, Cue::Absolute),
            (FLAG, Cue::Flag),
            (FEAR, Cue::Fear),
            (DOUBT, Cue::Doubt),
            (CAUSAL, Cue::Causal),
            (AUTHORITY, Cue::Authority),
            (SLOGANS, Cue::Slogan),
            (CLICHES, Cue::Cliche),
            (URGENCY, Cue::Urgency),
            (POPULARITY, Cue::Popularity),
            (DILEMMA, Cue::Dilemma),
            (HYPOCRISY, Cue::Hypocrisy),
            (VILLAINS, Cue::Villain),
            (VALUES, Cue::Values),
            (HEDGES, Cue::Hedge),
            (REPORTING, Cue::Reporting),
        ];
        for (list, cue) in lists {
            for entry in list {
                lex.add(entry, cue);
            }
        }
        lex
    }

    fn add(&mut self, entry: &str, cue: Cue) {
        let mut words = Vec::new();
        crate::text::tokenize_into(entry, 0..entry.len(), &mut words);
        match words.as_slice() {
            [] => {}
            [one] => {
                let lower = one.text(entry).to_lowercase();
                *self.words.entry(stem_hash(&lower)).or_insert(0) |= cue.bit();
            }
            [first, rest @ ..] => {
                let hashes: Vec<u64> = rest.iter().map(|t| t.word).collect();
                self.longest = self.longest.max(words.len());
                let list = self.phrases.entry(first.word).or_default();
                if let Some(existing) = list.iter_mut().find(|(h, _)| *h == hashes) {
                    existing.1 |= cue.bit();
                } else {
                    list.push((hashes, cue.bit()));
                }
            }
        }
    }

    /// The shared lexicon, built once.
    pub fn get() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(Lexicon::build)
    }

    /// Cue bits of one token on its own.
    #[inline]
    pub fn word_cues(&self, token: &Token) -> u32 {
        if !token.is_word() {
            return 0;
        }
        self.words.get(&token.stem).copied().unwrap_or(0)
    }

    /// Cue bits for each token of a sentence: the token's own cues, plus those of every
    /// phrase that covers it. `out` is cleared and filled with one entry per token.
    pub fn tag(&self, tokens: &[Token], out: &mut Vec<u32>) {
        out.clear();
        out.extend(tokens.iter().map(|t| self.word_cues(t)));
        for i in 0..tokens.len() {
            let Some(list) = self.phrases.get(&tokens[i].word) else {
                continue;
            };
            for (rest, bits) in list {
                let end = i + 1 + rest.len();
                if end <= tokens.len()
                    && tokens[i + 1..end]
                        .iter()
                        .zip(rest)
                        .all(|(t, &h)| t.word == h)
                {
                    for c in &mut out[i..end] {
                        *c |= bits;
                    }
                }
            }
        }
    }

    pub fn longest_phrase(&self) -> usize {
        self.longest
    }
}

/// Whether a lowercase word looks like a superlative ("strongest", "deadliest").
pub fn looks_superlative(word: &str) -> bool {
    const NOT: &[&str] = &[
        "interest",
        "protest",
        "honest",
        "modest",
        "forest",
        "request",
        "arrest",
        "suggest",
        "west",
        "rest",
        "test",
        "latest",
        "contest",
        "harvest",
        "manifest",
        "invest",
        "digest",
        "conquest",
        "inquest",
        "earnest",
        "priest",
        "chest",
        "guest",
        "nest",
        "quest",
        "zest",
        "attest",
        "detest",
        "unrest",
        "southwest",
        "northwest",
        "midwest",
        "pest",
        "vest",
        "arrest",
        "dishonest",
        "biggest",
        "largest",
    ];
    word.len() > 5 && word.ends_with("est") && word.is_ascii() && !NOT.contains(&word)
}

/// Hash of a lowercase word (re-exported for callers that build their own lists).
pub fn hash_word(word: &str) -> u64 {
    word_hash(word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize_into;

    fn cues_of(text: &str) -> Vec<u32> {
        let mut tokens = Vec::new();
        tokenize_into(text, 0..text.len(), &mut tokens);
        let mut out = Vec::new();
        Lexicon::get().tag(&tokens, &mut out);
        out
    }

    #[test]
    fn words_match_by_stem_and_phrases_by_words() {
        let c = cues_of("They slaughtered innocents, make no mistake");
        assert!(c[1] & Cue::Loaded.bit() != 0, "{c:?}");
        assert!(c[2] & Cue::Values.bit() != 0);
        assert!(c[4] & Cue::Cliche.bit() != 0 && c[6] & Cue::Cliche.bit() != 0);
        let c = cues_of("Our country first");
        assert!(c[0] & Cue::Flag.bit() != 0 && c[1] & Cue::Flag.bit() != 0);
        assert_eq!(cues_of("The committee met on Tuesday")[1], 0);
    }

    #[test]
    fn superlatives() {
        assert!(looks_superlative("deadliest"));
        assert!(!looks_superlative("interest"));
        assert!(!looks_superlative("best"));
    }

    #[test]
    fn every_cue_has_a_distinct_bit() {
        let mut seen = 0u32;
        for c in Cue::ALL {
            assert_eq!(seen & c.bit(), 0);
            seen |= c.bit();
        }
        assert_eq!(Cue::ALL.len(), CUE_COUNT);
    }
}

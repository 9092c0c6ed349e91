//! The interpretable features of a sentence that the check-worthiness model weighs. Each is a
//! number in [0, 1] with a name a person can read; [`NAMES`] lists them in weight order.

use std::ops::Range;

use foldhash::HashMap;
use parallax_core::{Article, Quote};
use parallax_learn::inline_key::InlineKey;

use crate::quotes::lexicon;
use crate::quotes::tokens::Doc;

/// Feature names, in the order of [`Features::values`]. Index 0 is the bias.
pub const NAMES: [&str; COUNT] = [
    "bias",
    "number",
    "quantity",
    "date",
    "names",
    "past_event",
    "event_verb",
    "accusation",
    "causal",
    "reported",
    "in_direct_quote",
    "question",
    "exclamation",
    "first_person",
    "second_person",
    "modal",
    "opinion",
    "imperative",
    "length",
    "short",
    "fragment",
    "superlative",
    "hedge",
    "vague_subject",
];

pub const COUNT: usize = 24;

/// The feature vector of one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Features {
    pub values: [f64; COUNT],
}

/// Per-article context the features read: the tokens, and which characters are reported
/// speech or direct quotes.
pub struct Context<'a> {
    pub doc: Doc<'a>,
    /// Byte ranges of quotes with a speaker (reported or direct).
    attributed: Vec<Range<usize>>,
    /// Byte ranges of direct quotes (the quoted words).
    direct: Vec<Range<usize>>,
    /// The [`class`] bits of each token's lower-cased form (0 for punctuation).
    classes: Vec<u32>,
}

/// What the features ask of single words, one bit per question.
mod class {
    /// Has a digit and is no year.
    pub const NUMBER: u32 = 1 << 0;
    pub const QUANTITY: u32 = 1 << 1;
    pub const DATE: u32 = 1 << 2;
    /// Verb-like, other than a form of "be" that describes rather than reports.
    pub const PAST_EVENT: u32 = 1 << 3;
    pub const EVENT_VERB: u32 = 1 << 4;
    pub const ACCUSATION: u32 = 1 << 5;
    pub const CAUSAL: u32 = 1 << 6;
    pub const FIRST_PERSON: u32 = 1 << 7;
    pub const SECOND_PERSON: u32 = 1 << 8;
    pub const MODAL: u32 = 1 << 9;
    pub const OPINION: u32 = 1 << 10;
    pub const IMPERATIVE: u32 = 1 << 11;
    pub const SUPERLATIVE: u32 = 1 << 12;
    pub const HEDGE: u32 = 1 << 13;
    pub const VAGUE_SUBJECT: u32 = 1 << 14;
}

/// The [`class`] bits of a lower-cased word.
fn word_classes(w: &str) -> u32 {
    let digits = w.bytes().any(|b| b.is_ascii_digit());
    let modal = matches!(
        w,
        "should"
            | "must"
            | "ought"
            | "could"
            | "might"
            | "may"
            | "would"
            | "will"
            | "shall"
            | "can't"
            | "won't"
            | "wouldn't"
            | "shouldn't"
    );
    let hedge = matches!(
        w,
        "appears"
            | "appear"
            | "appeared"
            | "seems"
            | "seem"
            | "seemed"
            | "perhaps"
            | "possibly"
            | "probably"
            | "likely"
            | "maybe"
            | "apparently"
            | "arguably"
    );
    let first_person = matches!(
        w,
        "i" | "we" | "me" | "us" | "my" | "our" | "ours" | "myself" | "ourselves"
    );
    let second_person = matches!(w, "you" | "your" | "yours" | "yourself" | "yourselves");
    let vague_subject = matches!(
        w,
        "it" | "this" | "that" | "these" | "those" | "they" | "there"
    );
    [
        (digits && !is_year(w), class::NUMBER),
        (quantity_word(w) || lexicon::number_word(w), class::QUANTITY),
        (is_year(w) || date_word(w), class::DATE),
        (
            lexicon::verbish(w) && !matches!(w, "is" | "are" | "be" | "am"),
            class::PAST_EVENT,
        ),
        (event_verb(w), class::EVENT_VERB),
        (accusation_word(w), class::ACCUSATION),
        (causal_word(w), class::CAUSAL),
        (first_person, class::FIRST_PERSON),
        (second_person, class::SECOND_PERSON),
        (modal, class::MODAL),
        (opinion_word(w), class::OPINION),
        (imperative_word(w), class::IMPERATIVE),
        (superlative_word(w), class::SUPERLATIVE),
        (hedge, class::HEDGE),
        (vague_subject, class::VAGUE_SUBJECT),
    ]
    .into_iter()
    .filter(|&(yes, _)| yes)
    .fold(0, |bits, (_, bit)| bits | bit)
}

/// Distinct forms a thread keeps classified between articles; past this many the memo
/// starts again.
const MAX_KNOWN_CLASSES: usize = 1 << 16;

thread_local! {
    /// [`word_classes`] of the forms this thread has seen: articles repeat their words and
    /// share most of them, and the word lists are long. The classes depend on the form
    /// alone, so what is remembered never changes a result.
    static KNOWN_CLASSES: std::cell::RefCell<HashMap<FormKey, u32>> =
        std::cell::RefCell::new(HashMap::default());
}

/// Bytes of a form kept in a [`FormKey`] itself (nearly every word is shorter).
const INLINE_FORM: usize = 23;

/// A form as a key of [`KNOWN_CLASSES`]: short forms sit in the table's own slots.
type FormKey = InlineKey<INLINE_FORM>;

fn class_of(known: &mut HashMap<FormKey, u32>, form: &str) -> u32 {
    let key = FormKey::new(form);
    if let Some(&classes) = known.get(&key) {
        return classes;
    }
    let classes = word_classes(form);
    known.insert(key, classes);
    classes
}

impl<'a> Context<'a> {
    pub fn new(article: &'a Article) -> Self {
        Context::with_doc(Doc::new(article), &article.quotes)
    }

    /// The context of the article `doc` views, with its `quotes`; the tokens' quote marks
    /// are cleared, as `Doc::new` leaves them.
    pub fn with_doc(mut doc: Doc<'a>, quotes: &[Quote]) -> Self {
        doc.clear_quote_marks();
        let to_bytes = |s: usize, e: usize| doc.index.byte_of(s)..doc.index.byte_of(e);
        let attributed = quotes
            .iter()
            .filter(|q| q.speaker.is_some())
            .map(|q| to_bytes(q.start, q.end))
            .collect();
        // Direct quotes are those whose span is wrapped in quotation marks.
        let direct = quotes
            .iter()
            .map(|q| to_bytes(q.start, q.end))
            .filter(|r| {
                let before = doc.text[..r.start].chars().next_back();
                before.is_some_and(|c| matches!(c, '"' | '“' | '‘' | '«' | '„' | '\''))
            })
            .collect();
        let classes = KNOWN_CLASSES.with(|known| {
            let mut known = known.borrow_mut();
            if known.len() > MAX_KNOWN_CLASSES {
                known.clear();
            }
            (0..doc.tokens.len())
                .map(|i| match doc.tokens[i].is_word() {
                    true => class_of(&mut known, doc.lower(i)),
                    false => 0,
                })
                .collect()
        });
        Context {
            doc,
            attributed,
            direct,
            classes,
        }
    }

    /// Features of the sentence covering the given bytes.
    pub fn features(&self, bytes: Range<usize>) -> Features {
        let doc = &self.doc;
        let first = doc.token_at(bytes.start);
        let mut last = first;
        while last < doc.tokens.len() && doc.tokens[last].start < bytes.end {
            last += 1;
        }
        let tokens = first..last;
        // Sized for every token: a filtered collect would grow it step by step.
        let mut words: Vec<usize> = Vec::with_capacity(tokens.len());
        words.extend(tokens.clone().filter(|&i| doc.tokens[i].is_word()));
        let mut v = [0.0; COUNT];
        v[0] = 1.0;
        let n = words.len();
        let classes = |i: usize| self.classes[i];
        // The classes any word has, any word outside quotes has, and two counts: one pass for
        // the dozen questions below rather than one pass each.
        let (mut union, mut unquoted) = (0u32, 0u32);
        let (mut past_events, mut opinions) = (0usize, 0usize);
        for &i in &words {
            let c = classes(i);
            union |= c;
            if !doc.tokens[i].quoted {
                unquoted |= c;
            }
            past_events += usize::from(c & class::PAST_EVENT != 0);
            opinions += usize::from(c & class::OPINION != 0);
        }
        let any = |bit: u32| union & bit != 0;
        let first_is = |bit: u32| words.first().is_some_and(|&i| classes(i) & bit != 0);

        v[1] = flag(any(class::NUMBER));
        v[2] = flag(
            any(class::QUANTITY)
                || tokens
                    .clone()
                    .any(|i| matches!(doc.tokens[i].punct(), Some('%' | '$' | '€' | '£'))),
        );
        v[3] = flag(any(class::DATE));
        // Entities are sorted by start: count those inside the sentence from its first one.
        let from = doc.entities.partition_point(|e| e.start < bytes.start);
        let entities = doc.entities[from..]
            .iter()
            .take_while(|e| e.start < bytes.end)
            .filter(|e| e.end <= bytes.end)
            .count();
        let names = if doc.entities.is_empty() {
            // Without the entities layer: capitalised words inside the sentence.
            words
                .iter()
                .skip(1)
                .filter(|&&i| doc.tokens[i].capitalised)
                .count()
                / 2
        } else {
            entities
        };
        v[4] = (names.min(4) as f64) / 4.0;
        v[5] = (past_events.min(3) as f64) / 3.0;
        v[6] = flag(any(class::EVENT_VERB));
        v[7] = flag(any(class::ACCUSATION));
        v[8] = flag(any(class::CAUSAL) || has_phrase(doc, &words, CAUSAL_PHRASES));
        let chars = (bytes.end - bytes.start).max(1) as f64;
        let overlap = |ranges: &[Range<usize>]| -> f64 {
            let covered: usize = ranges
                .iter()
                .map(|r| {
                    r.end
                        .min(bytes.end)
                        .saturating_sub(r.start.max(bytes.start))
                })
                .sum();
            (covered as f64 / chars).min(1.0)
        };
        v[9] = flag(overlap(&self.attributed) >= 0.3);
        v[10] = overlap(&self.direct);
        let last_punct = tokens
            .clone()
            .rev()
            .find_map(|i| doc.tokens[i].punct().filter(|c| !is_mark(*c)));
        let ends_with = |c: char| {
            tokens
                .clone()
                .rev()
                .take(3)
                .any(|i| doc.tokens[i].is_punct(c))
        };
        v[11] = flag(ends_with('?'));
        v[12] = flag(ends_with('!'));
        let outside_quotes = |bit: u32| unquoted & bit != 0;
        v[13] = flag(outside_quotes(class::FIRST_PERSON));
        v[14] = flag(outside_quotes(class::SECOND_PERSON));
        v[15] = flag(any(class::MODAL));
        v[16] = (opinions.min(3) as f64) / 3.0;
        v[17] = flag(first_is(class::IMPERATIVE));
        v[18] = ((1.0 + n as f64).ln() / 60f64.ln()).min(1.0);
        v[19] = flag(n < 6);
        v[20] = flag(n < 12 && !matches!(last_punct, Some('.' | '!' | '?' | '"' | '”')));
        v[21] = flag(any(class::SUPERLATIVE));
        v[22] = flag(any(class::HEDGE));
        v[23] = flag(first_is(class::VAGUE_SUBJECT));
        Features { values: v }
    }
}

fn flag(b: bool) -> f64 {
    if b {
        1.0
    } else {
        0.0
    }
}

fn is_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '‘' | '’' | '\'' | '«' | '»' | ')')
}

fn is_year(w: &str) -> bool {
    w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) && matches!(&w[..2], "18" | "19" | "20")
}

fn date_word(w: &str) -> bool {
    matches!(
        w,
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
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "yesterday"
            | "today"
            | "tonight"
            | "ago"
            | "overnight"
            | "weekend"
            | "morning"
            | "evening"
            | "night"
            | "midnight"
            | "noon"
    )
}

fn quantity_word(w: &str) -> bool {
    matches!(
        w,
        "percent"
            | "per"
            | "cent"
            | "million"
            | "millions"
            | "billion"
            | "billions"
            | "trillion"
            | "thousand"
            | "thousands"
            | "hundred"
            | "hundreds"
            | "dozen"
            | "dozens"
            | "half"
            | "third"
            | "quarter"
            | "majority"
            | "minority"
            | "tonnes"
            | "tons"
            | "kilometres"
            | "kilometers"
            | "miles"
            | "metres"
            | "meters"
            | "dollars"
            | "euros"
            | "pounds"
            | "marks"
            | "bn"
            | "m"
            | "km"
    ) || (w.ends_with("bn") && w.bytes().next().is_some_and(|b| b.is_ascii_digit()))
}

/// Whether a stem of `stems` (sorted) begins `w`: a binary search, then the few stems before
/// it that share `w`'s first letter.
fn has_stem(stems: &[&str], w: &str) -> bool {
    let end = stems.partition_point(|s| *s <= w);
    let first = w.as_bytes().first();
    stems[..end]
        .iter()
        .rev()
        .take_while(|s| s.as_bytes().first() == first)
        .any(|s| w.starts_with(s))
}

fn sorted(stems: &[&'static str]) -> Vec<&'static str> {
    let mut v = stems.to_vec();
    v.sort_unstable();
    v
}

/// Concrete events a fact-checker can verify happened.
fn event_verb(w: &str) -> bool {
    static STEMS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let stems = STEMS.get_or_init(|| sorted(EVENT_STEMS));
    w.len() > 3 && has_stem(stems, w)
}

const EVENT_STEMS: &[&str] = &[
    "kill", "attack", "arrest", "seiz", "captur", "bomb", "launch", "fund", "arm", "shell",
    "invad", "withdr", "sign", "vot", "approv", "reject", "fir", "die", "dead", "injur", "wound",
    "evacuat", "destroy", "deploy", "smuggl", "sentenc", "convict", "charg", "indict", "ban",
    "sanction", "elect", "appoint", "resign", "releas", "kidnap", "abduct", "execut", "rais",
    "cut", "spent", "paid", "pay", "sold", "bought", "built", "collaps", "flood", "broke",
    "recaptur", "liberat", "shot", "murder", "stor", "clos", "open", "suspend", "found",
    "discover", "confirm", "recorded", "report", "leak", "hack", "publish", "train", "suppl",
    "deliver", "crash", "explod", "burn", "jail", "detain", "sued", "fined", "rais", "drop",
    "fell", "rose", "increas", "decreas", "doubl",
];

fn accusation_word(w: &str) -> bool {
    static STEMS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let stems = STEMS.get_or_init(|| sorted(ACCUSATION_STEMS));
    w.len() > 2 && has_stem(stems, w)
}

const ACCUSATION_STEMS: &[&str] = &[
    "accus",
    "blam",
    "lie",
    "lied",
    "lying",
    "cover",
    "corrupt",
    "illegal",
    "crime",
    "criminal",
    "terror",
    "fraud",
    "complicit",
    "conspir",
    "backed",
    "backing",
    "support",
    "fund",
    "armed",
    "smuggl",
    "brib",
    "abus",
    "genocid",
    "massacr",
    "collud",
    "collusion",
    "betray",
    "stag",
    "fabricat",
    "propagand",
    "sabotag",
    "rigged",
    "launder",
    "embezzl",
    "tortur",
    "war",
];

fn causal_word(w: &str) -> bool {
    matches!(
        w,
        "because"
            | "caused"
            | "causes"
            | "cause"
            | "causing"
            | "therefore"
            | "thus"
            | "consequently"
            | "resulted"
            | "results"
            | "led"
            | "leads"
            | "responsible"
            | "blamed"
            | "since"
    )
}

const CAUSAL_PHRASES: &[&[&str]] = &[
    &["due", "to"],
    &["as", "a", "result"],
    &["thanks", "to"],
    &["in", "order", "to"],
    &["because", "of"],
    &["led", "to"],
];

fn has_phrase(doc: &Doc, words: &[usize], phrases: &[&[&str]]) -> bool {
    let lowered: Vec<&str> = words.iter().map(|&i| doc.lower(i)).collect();
    phrases
        .iter()
        .any(|p| lowered.windows(p.len()).any(|w| w == *p))
}

/// Evaluative and emotive words: opinions, not facts.
fn opinion_word(w: &str) -> bool {
    matches!(
        w,
        "absurd"
            | "ridiculous"
            | "shameful"
            | "shame"
            | "cowardly"
            | "coward"
            | "cowards"
            | "disgrace"
            | "disgraceful"
            | "disgusting"
            | "outrageous"
            | "terrible"
            | "horrible"
            | "awful"
            | "evil"
            | "wicked"
            | "vile"
            | "pathetic"
            | "stupid"
            | "idiotic"
            | "insane"
            | "crazy"
            | "brave"
            | "heroic"
            | "wonderful"
            | "great"
            | "beautiful"
            | "tragic"
            | "tragedy"
            | "shocking"
            | "astonishing"
            | "incredible"
            | "unbelievable"
            | "amazing"
            | "obviously"
            | "clearly"
            | "surely"
            | "undoubtedly"
            | "truly"
            | "simply"
            | "indeed"
            | "believe"
            | "think"
            | "feel"
            | "opinion"
            | "hope"
            | "hopefully"
            | "sadly"
            | "unfortunately"
            | "fortunately"
            | "thankfully"
            | "incompetent"
            | "hypocrisy"
            | "hypocritical"
            | "hypocrite"
            | "lecture"
            | "phoney"
            | "phony"
            | "fake"
            | "sham"
            | "charade"
            | "delusional"
            | "delusionality"
            | "barbaric"
            | "insatiable"
            | "staggering"
            | "desperate"
            | "disturbing"
            | "dangerous"
            | "foolhardy"
            | "senseless"
            | "inexplicable"
            | "stunning"
            | "childish"
            | "eloquently"
            | "patently"
            | "crucial"
            | "important"
            | "vital"
            | "necessary"
            | "need"
            | "needs"
            | "should"
            | "deserve"
            | "deserves"
            | "true"
            | "truth"
            | "real"
            | "nonsense"
            | "rubbish"
            | "lies"
            | "cartel"
            | "elite"
            | "elites"
            | "regime"
            | "puppet"
            | "thugs"
            | "mercenaries"
            | "cold-blooded"
            | "fanatical"
            | "sickening"
            | "appalling"
            | "horrific"
            | "wrong"
            | "right"
            | "unacceptable"
            | "ironically"
            | "frankly"
            | "honestly"
    )
}

fn imperative_word(w: &str) -> bool {
    matches!(
        w,
        "ask"
            | "make"
            | "wake"
            | "guess"
            | "imagine"
            | "remember"
            | "let"
            | "look"
            | "consider"
            | "stop"
            | "don't"
            | "read"
            | "watch"
            | "share"
            | "think"
            | "see"
            | "join"
            | "stand"
            | "support"
            | "donate"
            | "click"
            | "sign"
            | "subscribe"
            | "note"
            | "take"
            | "tell"
            | "call"
            | "vote"
            | "please"
            | "get"
            | "go"
            | "do"
            | "keep"
            | "never"
            | "help"
    )
}

fn superlative_word(w: &str) -> bool {
    matches!(
        w,
        "most"
            | "least"
            | "record"
            | "highest"
            | "lowest"
            | "largest"
            | "biggest"
            | "smallest"
            | "worst"
            | "best"
            | "first"
            | "last"
            | "deadliest"
            | "longest"
            | "greatest"
            | "unprecedented"
            | "only"
    ) || (w.len() > 5
        && w.ends_with("est")
        && !matches!(
            w,
            "interest"
                | "protest"
                | "request"
                | "arrest"
                | "forest"
                | "honest"
                | "modest"
                | "suggest"
                | "investigation"
        ))
}

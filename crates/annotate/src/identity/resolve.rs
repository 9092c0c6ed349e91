//! Resolution of one article's mentions: table lookups, then clustering by the article's own
//! evidence, then one id per cluster.

// Maps of one article's mentions and words, asked for every mention: a fast hash (foldhash).
use foldhash::{HashMap, HashMapExt, HashSet};

use parallax_core::{stable_key, CharIndex, EntityMention, EntityType};

use super::acronym;
use super::metonymy;
use super::normalize::{name_keys, name_keys_with, slugify, translit_token, NameKeys};
use super::table::{AliasTable, Entry};
use super::{EntityResolver, ResolvedEntity};

/// Which table a match came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    User,
    Curated,
}

/// A table entry a mention resolved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Anchor {
    layer: Layer,
    entry: u32,
}

/// A table match and how strong it is.
#[derive(Debug, Clone, Copy)]
struct TableMatch {
    anchor: Anchor,
    /// Matched through one word of a longer person name ("Assad").
    partial_name: bool,
}

/// What resolution knows about one mention.
struct Mention {
    keys: NameKeys,
    person: bool,
    /// Per-word transliteration forms, for comparing person names word by word.
    word_forms: Vec<String>,
    table: Option<TableMatch>,
    /// The table match needed a word outside the mention ("Syrian" + "Arab Army"): the mention's
    /// own words name something else, so it joins no other mention by its key.
    extended: bool,
}

/// What a mention's surface and type alone give: its keys, its table match before any word
/// around it is read, and for a person the transliteration form of each word.
#[derive(Clone)]
struct SurfaceMatch {
    keys: NameKeys,
    table: Option<TableMatch>,
    word_forms: Vec<String>,
}

/// Characters of context read on each side of a mention.
const CONTEXT_CHARS: usize = 48;

impl EntityResolver {
    fn layer(&self, layer: Layer) -> Option<&AliasTable> {
        match layer {
            Layer::User => self.user.as_ref(),
            Layer::Curated => Some(self.curated),
        }
    }

    fn anchor_entry(&self, anchor: Anchor) -> &Entry {
        self.layer(anchor.layer)
            .expect("anchors only point into loaded tables")
            .entry(anchor.entry)
    }

    /// The entry for an id: the user file's wins over the curated one.
    pub(super) fn entry_by_id(&self, id: &str) -> Option<&Entry> {
        self.user
            .as_ref()
            .and_then(|t| t.get(id))
            .or_else(|| self.curated.get(id))
    }

    fn is_place(&self, anchor: Anchor) -> bool {
        self.anchor_entry(anchor).entity_type == EntityType::Location
    }

    fn find_id(&self, id: &str) -> Option<Anchor> {
        [Layer::User, Layer::Curated].into_iter().find_map(|layer| {
            let entry = self.layer(layer)?.index_of(id)?;
            Some(Anchor { layer, entry })
        })
    }

    /// Looks a name up in the user file, then the curated table: by exact key first, then by
    /// transliteration key. A key the user file knows is never looked up in the curated table.
    fn lookup(&self, keys: &NameKeys, mention_type: EntityType) -> Option<TableMatch> {
        for layer in [Layer::User, Layer::Curated] {
            let Some(table) = self.layer(layer) else {
                continue;
            };
            let refs = table.by_key(&keys.key);
            if refs.is_empty() {
                continue;
            }
            let usable = refs.iter().filter(|r| {
                (!r.capitals_only || keys.acronym)
                    && type_compatible(mention_type, table.entry(r.entry).entity_type, keys)
            });
            let mut chosen = None;
            for r in usable {
                if table.entry(r.entry).entity_type == mention_type {
                    chosen = Some(*r);
                    break;
                }
                chosen.get_or_insert(*r);
            }
            if let Some(r) = chosen {
                return Some(TableMatch {
                    anchor: Anchor {
                        layer,
                        entry: r.entry,
                    },
                    partial_name: r.partial_name,
                });
            }
        }
        let translit = keys.translit.as_deref()?;
        for layer in [Layer::User, Layer::Curated] {
            let Some(table) = self.layer(layer) else {
                continue;
            };
            let person = mention_type == EntityType::Person;
            let found = table
                .by_translit(translit)
                .iter()
                .find(|&&entry| (table.entry(entry).entity_type == EntityType::Person) == person);
            if let Some(&entry) = found {
                return Some(TableMatch {
                    anchor: Anchor { layer, entry },
                    partial_name: false,
                });
            }
        }
        None
    }

    /// The keys and table match of a mention's surface (see [`SurfaceMatch`]).
    fn match_surface(&self, surface: &str, mention_type: EntityType) -> SurfaceMatch {
        let person = mention_type == EntityType::Person;
        let mut keys = name_keys(surface, person);
        let mut table = if keys.key.is_empty() {
            None
        } else {
            self.lookup_surface(surface, &keys, mention_type)
        };
        // "Vienna Group" is not Vienna: a group word only falls off an organisation.
        if keys.group_word && table.is_some_and(|t| self.is_place(t.anchor)) {
            keys = name_keys_with(surface, person, false);
            table = self.lookup_surface(surface, &keys, mention_type);
        }
        let word_forms = if person {
            keys.tokens.iter().map(|t| translit_token(t)).collect()
        } else {
            Vec::new()
        };
        SurfaceMatch {
            keys,
            table,
            word_forms,
        }
    }

    /// Table lookup of a whole surface, with the compound rule: "ISIS-Daesh" is Islamic State
    /// when every hyphen-separated part is.
    fn lookup_surface(
        &self,
        surface: &str,
        keys: &NameKeys,
        mention_type: EntityType,
    ) -> Option<TableMatch> {
        if let Some(found) = self.lookup(keys, mention_type) {
            return Some(found);
        }
        // A person the recogniser typed otherwise, with a title: "President Barack Obama".
        if mention_type != EntityType::Person && keys.has_title {
            let person_keys = name_keys(surface, true);
            if person_keys.key != keys.key {
                if let Some(found) = self.lookup(&person_keys, EntityType::Person) {
                    if self.anchor_entry(found.anchor).entity_type == EntityType::Person {
                        return Some(found);
                    }
                }
            }
        }
        let parts: Vec<&str> = surface
            .split(['-', '‐', '‑', '–', '—', '/'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() < 2 {
            return None;
        }
        let mut agreed: Option<TableMatch> = None;
        for part in parts {
            let part_keys = name_keys(part, mention_type == EntityType::Person);
            let found = self.lookup(&part_keys, mention_type)?;
            match agreed {
                Some(previous)
                    if self.anchor_entry(previous.anchor).id
                        != self.anchor_entry(found.anchor).id =>
                {
                    return None
                }
                _ => agreed = Some(found),
            }
        }
        agreed.map(|m| TableMatch {
            partial_name: false,
            ..m
        })
    }

    /// Table lookup of a mention extended by a neighbouring word; only a longer name that
    /// resolves fully counts.
    fn lookup_extended(
        &self,
        combined: &str,
        keys: &NameKeys,
        mention_type: EntityType,
    ) -> Option<TableMatch> {
        let combined_keys = name_keys(combined, mention_type == EntityType::Person);
        if combined_keys.tokens.len() <= keys.tokens.len() {
            return None;
        }
        // A neighbouring name never turns a non-person into a person ("Syrian" before
        // "President Bashar al-Assad").
        let person_ok = |t: &TableMatch| {
            mention_type == EntityType::Person
                || self.anchor_entry(t.anchor).entity_type != EntityType::Person
        };
        self.lookup_surface(combined, &combined_keys, mention_type)
            .filter(|t| {
                !t.partial_name
                    && person_ok(t)
                    && !(combined_keys.group_word && self.is_place(t.anchor))
            })
    }

    /// Sets `id` on every mention and returns the article's entities, in order of first
    /// mention. `text` is the article text the mentions' character offsets point into.
    pub fn resolve(&self, text: &str, mentions: &mut [EntityMention]) -> Vec<ResolvedEntity> {
        self.resolve_with(text, mentions, true)
    }

    /// As [`EntityResolver::resolve`]; `capitals_as_governments` turns the metonymy rule
    /// ("Damascus said" is Syria's government) on or off. Its place cues are English words, so
    /// in other languages every capital would read as a government: callers turn it off there.
    pub fn resolve_with(
        &self,
        text: &str,
        mentions: &mut [EntityMention],
        capitals_as_governments: bool,
    ) -> Vec<ResolvedEntity> {
        if mentions.is_empty() {
            return Vec::new();
        }
        let index = CharIndex::new(text);
        let char_count = index.char_count();
        let context = |start: usize, end: usize| -> (&str, &str) {
            let start = start.min(char_count);
            let end = end.clamp(start, char_count);
            let before = index.slice(text, start.saturating_sub(CONTEXT_CHARS), start);
            let after = index.slice(text, end, (end + CONTEXT_CHARS).min(char_count));
            (before, after)
        };

        // 1. Keys and table matches.
        let starts: HashSet<usize> = mentions.iter().map(|m| m.start).collect();
        // An article names most things more than once: the keys and table match of a surface
        // (which depend on it and its type alone) are worked out once per article.
        let mut by_surface: HashMap<(&str, EntityType), SurfaceMatch> = HashMap::new();
        let mut infos: Vec<Mention> = mentions
            .iter()
            .map(|m| {
                let surface: &str = if m.text.trim().is_empty() {
                    index.slice(text, m.start.min(char_count), m.end.min(char_count))
                } else {
                    &m.text
                };
                let person = m.entity_type == EntityType::Person;
                let SurfaceMatch {
                    keys,
                    table,
                    word_forms,
                } = by_surface
                    .entry((surface, m.entity_type))
                    .or_insert_with(|| self.match_surface(surface, m.entity_type))
                    .clone();
                let mut table = table;
                // A word the recogniser left outside the mention: "Russian" before "Ministry
                // of Defence", "al-Zor" after "Deir", "State" after "Islamic". Only when the
                // longer name is in a table and the word is no mention of its own.
                let mut extended = false;
                if table.is_none() && !keys.key.is_empty() {
                    let (before, after) = context(m.start, m.end);
                    if let Some(word) = qualifier_before(before) {
                        let combined = format!("{word} {surface}");
                        table = self.lookup_extended(&combined, &keys, m.entity_type);
                    }
                    if table.is_none() {
                        let is_start = |k: usize| starts.contains(&(m.end + k));
                        for words in words_after(after, is_start) {
                            let combined = format!("{surface} {words}");
                            table = self.lookup_extended(&combined, &keys, m.entity_type);
                            if table.is_some() {
                                break;
                            }
                        }
                    }
                    extended = table.is_some();
                }
                // A capital used as its government takes the government's id.
                if let Some(found) = table.filter(|_| capitals_as_governments) {
                    let entry = self.anchor_entry(found.anchor);
                    if let Some(seat) = &entry.seat_of {
                        if keys.tokens.len() <= entry.min_alias_tokens {
                            let (before, after) = context(m.start, m.end);
                            if !metonymy::is_place(before, after) {
                                if let Some(anchor) = self.find_id(seat) {
                                    table = Some(TableMatch {
                                        anchor,
                                        partial_name: false,
                                    });
                                }
                            }
                        }
                    }
                }
                Mention {
                    keys,
                    person,
                    word_forms,
                    table,
                    extended,
                }
            })
            .collect();

        // A one-word place the recogniser sometimes typed as a person ("Palmyra"): when the
        // article types it as a place at least as often, the person readings are noise.
        let mut place_votes: HashMap<String, (Anchor, usize)> = HashMap::new();
        let mut person_votes: HashMap<String, usize> = HashMap::new();
        for info in &infos {
            if info.keys.tokens.len() != 1 {
                continue;
            }
            match info.table {
                Some(found) if !info.person && self.is_place(found.anchor) => {
                    place_votes
                        .entry(info.keys.key.clone())
                        .or_insert((found.anchor, 0))
                        .1 += 1;
                }
                None if info.person => {
                    *person_votes.entry(info.keys.key.clone()).or_default() += 1;
                }
                _ => {}
            }
        }
        for info in infos.iter_mut() {
            if info.person && info.table.is_none() && info.keys.tokens.len() == 1 {
                if let Some(&(anchor, places)) = place_votes.get(&info.keys.key) {
                    if places >= person_votes.get(&info.keys.key).copied().unwrap_or(0) {
                        info.table = Some(TableMatch {
                            anchor,
                            partial_name: false,
                        });
                    }
                }
            }
        }

        // 2. Acronyms the article defines: "Delta Flood Authority (DFA)", "DFA (Delta Flood
        //    Authority)". A definition in the article beats the table's reading of the acronym.
        let mut defined: HashMap<String, usize> = HashMap::new();
        for (i, m) in mentions.iter().enumerate() {
            let info = &infos[i];
            let (_, after) = context(m.start, m.end);
            if !info.keys.acronym && info.keys.tokens.len() >= 2 {
                if let Some(acr) = acronym::parenthetical(after) {
                    if acronym::abbreviates(&acr, &info.keys.display) {
                        defined.entry(acr).or_insert(i);
                    }
                }
            } else if info.keys.acronym {
                // "DFA (Delta Flood Authority)": the long form is the next mention, inside
                // the parenthesis.
                let gap_ok = after.trim_start().starts_with('(');
                if let Some(next) = mentions.get(i + 1) {
                    let acr: String = info.keys.tokens.concat();
                    if gap_ok
                        && next.start >= m.end
                        && next.start <= m.end + 3
                        && acronym::abbreviates(&acr, &infos[i + 1].keys.display)
                    {
                        defined.entry(acr).or_insert(i + 1);
                    }
                }
            }
        }
        let acronym_key = |info: &Mention| -> Option<String> {
            info.keys.acronym.then(|| info.keys.tokens.concat())
        };
        for info in infos.iter_mut() {
            if let Some(acr) = acronym_key(info) {
                if defined.contains_key(&acr) {
                    info.table = None;
                }
            }
        }

        let mut clusters = Clusters::new(self, &infos);

        for (i, info) in infos.iter().enumerate() {
            if let Some(acr) = acronym_key(info) {
                if let Some(&definer) = defined.get(&acr) {
                    if infos[definer].person == info.person {
                        clusters.union(i, definer);
                    }
                }
            }
        }

        // 3. The same key, then the same transliteration key, within persons and within the
        //    other types.
        //    A short key only joins mentions written alike: "US" and "Us" are not one name.
        let mut by_key: HashMap<(bool, bool, &str), usize> = HashMap::new();
        let mut by_translit: HashMap<(bool, &str), usize> = HashMap::new();
        for (i, info) in infos.iter().enumerate() {
            if info.keys.key.is_empty() || info.extended {
                continue;
            }
            let capitals = info.keys.acronym && info.keys.key.chars().count() <= 3;
            let group = (info.person, capitals, info.keys.key.as_str());
            match by_key.get(&group) {
                Some(&first) => {
                    clusters.union(i, first);
                }
                None => {
                    by_key.insert(group, i);
                }
            }
            if let Some(translit) = info.keys.translit.as_deref() {
                match by_translit.get(&(info.person, translit)) {
                    Some(&first) => {
                        clusters.union(i, first);
                    }
                    None => {
                        by_translit.insert((info.person, translit), i);
                    }
                }
            }
        }

        // 4. Part of a person's name after the full name: "Assad", "President Assad" or
        //    "Bashar Assad" after "Bashar Hafez al-Assad". The nearest full name before the
        //    mention wins; failing that, the nearest after it.
        let full_names: Vec<usize> = (0..infos.len())
            .filter(|&i| infos[i].person && infos[i].word_forms.len() >= 2)
            .collect();
        for i in 0..infos.len() {
            let info = &infos[i];
            if !info.person || info.word_forms.is_empty() {
                continue;
            }
            let fits = |j: usize| {
                let full = &infos[j].word_forms;
                let part = &info.word_forms;
                full.len() > part.len()
                    && (full.ends_with(part)
                        || (part.len() == 2
                            && full[0] == part[0]
                            && full[full.len() - 1] == part[1]))
            };
            let before = full_names.iter().rev().find(|&&j| j < i && fits(j));
            let chosen = before.or_else(|| full_names.iter().find(|&&j| j > i && fits(j)));
            if let Some(&j) = chosen {
                clusters.union(i, j);
            }
        }

        // 5. A name and the same name qualified: "Islamic State" and "Islamic State in Syria",
        //    "Ministry of Defence" and "Ministry of Defence of Russia".
        let mut multiword: HashMap<&str, usize> = HashMap::new();
        for (i, info) in infos.iter().enumerate() {
            if !info.person && info.keys.tokens.len() >= 2 {
                multiword.entry(info.keys.key.as_str()).or_insert(i);
            }
        }
        for (i, info) in infos.iter().enumerate() {
            if info.person {
                continue;
            }
            let tokens = &info.keys.tokens;
            for cut in 2..tokens.len() {
                if matches!(tokens[cut].as_str(), "of" | "in") {
                    let prefix = tokens[..cut].join(" ");
                    if let Some(&j) = multiword.get(prefix.as_str()) {
                        clusters.union(i, j);
                    }
                }
            }
        }

        // 6. An unexplained acronym whose letters are the initials of exactly one longer name
        //    earlier in the article: "SOHR" after "Syrian Observatory for Human Rights".
        let mut by_initials: HashMap<String, Vec<usize>> = HashMap::new();
        for (j, info) in infos.iter().enumerate() {
            if !info.person && !info.keys.acronym && info.keys.tokens.len() >= 2 {
                by_initials
                    .entry(acronym::initials(&info.keys.display))
                    .or_default()
                    .push(j);
            }
        }
        for (i, info) in infos.iter().enumerate() {
            let Some(acr) = acronym_key(info) else {
                continue;
            };
            if info.person || clusters.anchored(i) {
                continue;
            }
            let Some(candidates) = by_initials.get(&acr) else {
                continue;
            };
            let mut roots: Vec<usize> = candidates
                .iter()
                .filter(|&&j| j < i)
                .map(|&j| clusters.find(j))
                .collect();
            roots.sort_unstable();
            roots.dedup();
            if let [root] = roots[..] {
                clusters.union(i, root);
            }
        }

        // 7. Partial table matches ("Assad" → Bashar al-Assad) count only when the article
        //    offers no full name of its own for the mention.
        let with_full_name: HashSet<usize> = (0..infos.len())
            .filter(|&j| infos[j].keys.tokens.len() >= 2)
            .map(|j| clusters.find(j))
            .collect();
        for (i, info) in infos.iter().enumerate() {
            let Some(found) = info.table else {
                continue;
            };
            if found.partial_name
                && !clusters.anchored(i)
                && !with_full_name.contains(&clusters.find(i))
            {
                clusters.set_anchor(i, found.anchor);
            }
        }

        // 8. One id per cluster.
        let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in 0..infos.len() {
            members.entry(clusters.find(i)).or_default().push(i);
        }
        let mut entities: Vec<ResolvedEntity> = Vec::new();
        let mut by_id: HashMap<String, usize> = HashMap::new();
        let mut roots: Vec<(usize, Vec<usize>)> = members.into_iter().collect();
        roots.sort_by_key(|(_, m)| m[0]);
        for (root, group) in roots {
            let (id, name, entity_type, listed) = match clusters.anchor[root] {
                Some(anchor) => {
                    let entry = self.anchor_entry(anchor);
                    // A user entry with the same id overrides the curated name and type.
                    let shown = self.entry_by_id(&entry.id).unwrap_or(entry);
                    (
                        entry.id.clone(),
                        shown.name.clone(),
                        shown.entity_type,
                        true,
                    )
                }
                None => unlisted_identity(&group, &infos, mentions),
            };
            for &i in &group {
                mentions[i].id.clone_from(&id);
            }
            match by_id.get(&id) {
                Some(&k) => entities[k].mentions.extend(group),
                None => {
                    by_id.insert(id.clone(), entities.len());
                    entities.push(ResolvedEntity {
                        id,
                        name,
                        entity_type,
                        listed,
                        mentions: group,
                    });
                }
            }
        }
        for entity in &mut entities {
            entity.mentions.sort_unstable();
        }
        entities.sort_by_key(|e| e.mentions[0]);
        entities
    }
}

/// The capitalised word right before a mention, separated by one space: "Russian" in
/// "Russian Ministry of Defence" when only "Ministry of Defence" was recognised.
fn qualifier_before(before: &str) -> Option<&str> {
    let rest = before.strip_suffix(' ')?;
    let start = rest
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &rest[start..];
    let mut chars = word.chars();
    let first = chars.next()?;
    (first.is_uppercase() && word.chars().count() >= 2 && start < rest.len()).then_some(word)
}

/// Places whose names are also common personal names: a one-word person mention with one of
/// these names is a person ("Jordan" the player, "Chad" the neighbour, "Paris" Hilton).
const PLACES_NAMED_LIKE_PEOPLE: &[&str] = &[
    "jordan",
    "chad",
    "georgia",
    "paris",
    "washington",
    "medina",
    "alexandria",
    "haifa",
    "rafah",
    "israel",
    "india",
    "asia",
    "africa",
    "america",
    "kenya",
    "lebanon",
    "sydney",
    "victoria",
    "florence",
    "austin",
    "houston",
    "lincoln",
    "kent",
    "chelsea",
    "madison",
    "dallas",
    "aurora",
    "regina",
    "adelaide",
    "santiago",
    "salvador",
    "sham",
    "aden",
    "hama",
];

/// Up to three words right after a mention that could continue its name, each separated by
/// one space: capitalised words ("Defense Ministry") or a hyphenated Arabic article and name
/// ("al-Zor"). Returns the continuations, shortest first, as slices of `after` without its
/// leading space. `is_mention_start(k)` says whether a mention starts `k` characters into
/// `after`: a continuation stops before another mention.
fn words_after(after: &str, is_mention_start: impl Fn(usize) -> bool) -> Vec<&str> {
    let Some(rest) = after.strip_prefix(' ') else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut pos = 0usize;
    while out.len() < 3 {
        let tail = &rest[pos..];
        let end = tail
            .char_indices()
            .find(|&(_, c)| !(c.is_alphabetic() || matches!(c, '-' | '\'' | '’')))
            .map_or(tail.len(), |(i, _)| i);
        let word = tail[..end].trim_end_matches(['-', '\'', '’']);
        if !continues_name(word) || is_mention_start(1 + rest[..pos].chars().count()) {
            break;
        }
        out.push(&rest[..pos + word.len()]);
        if !tail[word.len()..].starts_with(' ') || word.len() != end {
            break;
        }
        pos += word.len() + 1;
    }
    out
}

fn continues_name(word: &str) -> bool {
    let Some(first) = word.chars().next() else {
        return false;
    };
    let article_name = word.split_once('-').is_some_and(|(article, name)| {
        matches!(
            article,
            "al" | "el"
                | "ul"
                | "ad"
                | "ed"
                | "as"
                | "es"
                | "ash"
                | "at"
                | "az"
                | "ez"
                | "an"
                | "ar"
        ) && name.chars().next().is_some_and(char::is_uppercase)
    });
    (first.is_uppercase() || article_name) && word.chars().count() >= 2
}

/// Whether a mention of `mention_type` may take the id of a table entry of `entry_type`.
/// The recogniser's types are noisy ("Deir Ezzor" as ORG, "Daesh" or "Palmyra" as PER), so
/// types may differ, except that a one-word person mention keeps a name that is also a
/// person's name: "Jordan" the person is not the country.
fn type_compatible(mention_type: EntityType, entry_type: EntityType, keys: &NameKeys) -> bool {
    !(mention_type == EntityType::Person
        && entry_type == EntityType::Location
        && keys.tokens.len() == 1
        && !keys.acronym
        && PLACES_NAMED_LIKE_PEOPLE.contains(&keys.key.as_str()))
}

/// Id, name and type of a cluster no table knows: from its fullest mention, so the same name
/// gets the same id in every article. The type is the cluster's most frequent mention type.
fn unlisted_identity(
    group: &[usize],
    infos: &[Mention],
    mentions: &[EntityMention],
) -> (String, String, EntityType, bool) {
    let canonical = *group
        .iter()
        .max_by(|&&a, &&b| {
            let ka = &infos[a].keys;
            let kb = &infos[b].keys;
            ka.tokens
                .len()
                .cmp(&kb.tokens.len())
                .then(ka.display.chars().count().cmp(&kb.display.chars().count()))
                // Earlier wins ties: max_by keeps the last maximum, so compare reversed.
                .then(b.cmp(&a))
        })
        .expect("clusters are never empty");
    let mut counts = [0usize; 4];
    for &i in group {
        counts[type_rank(mentions[i].entity_type)] += 1;
    }
    let entity_type = EntityType::ALL
        .into_iter()
        .max_by(|&a, &b| {
            counts[type_rank(a)]
                .cmp(&counts[type_rank(b)])
                .then(type_rank(b).cmp(&type_rank(a)))
        })
        .expect("four types");
    let keys = &infos[canonical].keys;
    let mut slug = slugify(&keys.slug);
    if slug.is_empty() {
        slug = format!("x{}", stable_key(&mentions[canonical].text));
    }
    let id = format!("{}:{slug}", kind(entity_type));
    let name = if keys.display.is_empty() {
        mentions[canonical].text.trim().to_string()
    } else {
        keys.display.clone()
    };
    (id, name, entity_type, false)
}

fn type_rank(t: EntityType) -> usize {
    match t {
        EntityType::Person => 0,
        EntityType::Organization => 1,
        EntityType::Location => 2,
        EntityType::Misc => 3,
    }
}

/// The id prefix of a type: "per", "org", "loc", "misc".
pub fn kind(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "per",
        EntityType::Organization => "org",
        EntityType::Location => "loc",
        EntityType::Misc => "misc",
    }
}

/// Union-find over mentions. A cluster holds at most one table entity: a union that would join
/// two different ids is refused.
struct Clusters<'r> {
    resolver: &'r EntityResolver,
    parent: Vec<usize>,
    /// Meaningful at roots only.
    anchor: Vec<Option<Anchor>>,
    person: Vec<bool>,
}

impl<'r> Clusters<'r> {
    fn new(resolver: &'r EntityResolver, infos: &[Mention]) -> Self {
        Clusters {
            resolver,
            parent: (0..infos.len()).collect(),
            anchor: infos
                .iter()
                .map(|m| m.table.filter(|t| !t.partial_name).map(|t| t.anchor))
                .collect(),
            person: infos.iter().map(|m| m.person).collect(),
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn anchored(&mut self, i: usize) -> bool {
        let root = self.find(i);
        self.anchor[root].is_some()
    }

    fn set_anchor(&mut self, i: usize, anchor: Anchor) {
        let root = self.find(i);
        self.anchor[root] = Some(anchor);
    }

    fn same_entity(&self, a: Anchor, b: Anchor) -> bool {
        a == b || self.resolver.anchor_entry(a).id == self.resolver.anchor_entry(b).id
    }

    /// Joins the clusters of `a` and `b` unless they are different table entities or one is a
    /// person and the other not. Returns whether they are now one cluster.
    fn union(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return true;
        }
        if self.person[ra] != self.person[rb] {
            return false;
        }
        let merged = match (self.anchor[ra], self.anchor[rb]) {
            (Some(x), Some(y)) if !self.same_entity(x, y) => return false,
            (x, y) => x.or(y),
        };
        // The earlier mention stays the root, so results do not depend on rule order.
        let (root, child) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[child] = root;
        self.anchor[root] = merged;
        true
    }
}

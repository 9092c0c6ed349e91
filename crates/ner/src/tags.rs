//! The BILOU tag set over the four CoNLL entity types, its transition constraints, and
//! conversion between tag sequences and entity spans.
//!
//! Data arrives in IOB2 (`B-PER I-PER O`); the tagger works in BILOU (begin, inside, last,
//! unit-length), which lets it learn where names end as well as where they start (Ratinov and
//! Roth 2009 found it better than IOB2 for CoNLL).

use parallax_core::EntityType;
use parallax_learn::sequence::Constraints;

/// Number of tags: `O` plus `B-`, `I-`, `L-` and `U-` for each of the four types.
pub const TAG_COUNT: usize = 17;

/// A tag id: 0 is `O`; `1 + 4 * type + part` with part 0 `B`, 1 `I`, 2 `L`, 3 `U` and types in
/// the order of [`EntityType::ALL`].
pub type Tag = u16;

pub const OUTSIDE: Tag = 0;

const BEGIN: u16 = 0;
const INSIDE: u16 = 1;
const LAST: u16 = 2;
const UNIT: u16 = 3;

fn type_index(t: EntityType) -> u16 {
    EntityType::ALL
        .iter()
        .position(|&x| x == t)
        .expect("every type is in ALL") as u16
}

fn make(t: EntityType, part: u16) -> Tag {
    1 + 4 * type_index(t) + part
}

fn part(tag: Tag) -> u16 {
    (tag - 1) % 4
}

/// The entity type of a tag (`None` for `O`).
pub fn tag_type(tag: Tag) -> Option<EntityType> {
    if tag == OUTSIDE {
        None
    } else {
        EntityType::ALL.get(((tag - 1) / 4) as usize).copied()
    }
}

pub fn tag_name(tag: Tag) -> String {
    match tag_type(tag) {
        None => "O".to_string(),
        Some(t) => format!(
            "{}-{}",
            ["B", "I", "L", "U"][part(tag) as usize],
            t.as_str()
        ),
    }
}

/// Parses one IOB2 tag (`O`, `B-PER`, `I-LOC`, ...) into `(starts an entity, type)`.
pub fn parse_iob2(s: &str) -> Option<(bool, Option<EntityType>)> {
    if s == "O" {
        return Some((false, None));
    }
    let (prefix, ty) = s.split_once('-')?;
    let t = EntityType::parse(ty)?;
    match prefix {
        "B" => Some((true, Some(t))),
        "I" => Some((false, Some(t))),
        _ => None,
    }
}

/// Entity spans of an IOB2 sequence, conlleval style: an `I-X` that does not continue an `X`
/// entity starts a new one.
pub fn iob2_spans(tags: &[(bool, Option<EntityType>)]) -> Vec<(usize, usize, EntityType)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityType)> = None;
    for (i, &(begins, ty)) in tags.iter().enumerate() {
        let continues = matches!((open, ty), (Some((_, a)), Some(b)) if a == b) && !begins;
        if !continues {
            if let Some((s, t)) = open.take() {
                out.push((s, i, t));
            }
            if let Some(t) = ty {
                open = Some((i, t));
            }
        }
    }
    if let Some((s, t)) = open {
        out.push((s, tags.len(), t));
    }
    out
}

/// BILOU tags of `len` tokens holding the given (non-overlapping) spans.
pub fn encode(len: usize, spans: &[(usize, usize, EntityType)]) -> Vec<Tag> {
    let mut tags = vec![OUTSIDE; len];
    for &(s, e, t) in spans {
        if e <= s || e > len {
            continue;
        }
        if e - s == 1 {
            tags[s] = make(t, UNIT);
        } else {
            tags[s] = make(t, BEGIN);
            for tag in &mut tags[s + 1..e - 1] {
                *tag = make(t, INSIDE);
            }
            tags[e - 1] = make(t, LAST);
        }
    }
    tags
}

/// BILOU tags of an IOB2 tag-name sequence (`None` if a name is not IOB2).
pub fn from_iob2(names: &[&str]) -> Option<Vec<Tag>> {
    let parsed: Option<Vec<_>> = names.iter().map(|s| parse_iob2(s)).collect();
    Some(encode(names.len(), &iob2_spans(&parsed?)))
}

/// BILOU constraints: a `B-X` is followed by `I-X`s and closed by an `L-X`; `U-X` stands alone.
pub fn constraints() -> Constraints {
    let mut c = Constraints::none(TAG_COUNT);
    let opens = |tag: Tag| tag != OUTSIDE && matches!(part(tag), BEGIN | INSIDE);
    for next in 0..TAG_COUNT as Tag {
        c.start[next as usize] = next == OUTSIDE || matches!(part(next), BEGIN | UNIT);
        c.end[next as usize] = next == OUTSIDE || matches!(part(next), LAST | UNIT);
        for prev in 0..TAG_COUNT as Tag {
            let ok = if opens(prev) {
                next != OUTSIDE
                    && tag_type(next) == tag_type(prev)
                    && matches!(part(next), INSIDE | LAST)
            } else {
                next == OUTSIDE || matches!(part(next), BEGIN | UNIT)
            };
            c.transition[prev as usize * TAG_COUNT + next as usize] = ok;
        }
    }
    c
}

/// Entity spans `(start, end, type)` over token positions of a BILOU sequence. Ill-formed
/// sequences (never produced under [`constraints`]) are read leniently: an entity runs from a
/// `B`/`U` or a type change to an `L`/`U`, an `O` or a type change.
pub fn spans(tags: &[Tag]) -> Vec<(usize, usize, EntityType)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityType)> = None;
    for (i, &tag) in tags.iter().enumerate() {
        let ty = tag_type(tag);
        let continues = matches!((open, ty), (Some((_, a)), Some(b)) if a == b)
            && matches!(part(tag), INSIDE | LAST);
        if !continues {
            if let Some((s, t)) = open.take() {
                out.push((s, i, t));
            }
            if let Some(t) = ty {
                open = Some((i, t));
            }
        }
        if ty.is_some() && matches!(part(tag), LAST | UNIT) {
            if let Some((s, t)) = open.take() {
                out.push((s, i + 1, t));
            }
        }
    }
    if let Some((s, t)) = open {
        out.push((s, tags.len(), t));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iob2_converts_to_bilou_and_back_to_the_same_spans() {
        let names = [
            "B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG", "I-ORG", "I-ORG", "I-MISC",
        ];
        let tags = from_iob2(&names).unwrap();
        let shown: Vec<String> = tags.iter().map(|&t| tag_name(t)).collect();
        assert_eq!(
            shown,
            ["B-PER", "L-PER", "O", "U-LOC", "U-ORG", "B-ORG", "I-ORG", "L-ORG", "U-MISC"]
        );
        assert_eq!(
            spans(&tags),
            vec![
                (0, 2, EntityType::Person),
                (3, 4, EntityType::Location),
                (4, 5, EntityType::Organization),
                (5, 8, EntityType::Organization),
                (8, 9, EntityType::Misc),
            ]
        );
        assert!(from_iob2(&["X-PER"]).is_none());
    }

    #[test]
    fn constraints_only_allow_well_formed_sequences() {
        let c = constraints();
        let tag = |name: &str| {
            (0..TAG_COUNT as Tag)
                .find(|&t| tag_name(t) == name)
                .unwrap() as usize
        };
        assert!(c.start[tag("B-PER")] && c.start[tag("U-PER")] && !c.start[tag("I-PER")]);
        assert!(!c.end[tag("B-PER")] && c.end[tag("L-PER")]);
        assert!(c.allows(tag("B-PER"), tag("L-PER")));
        assert!(!c.allows(tag("B-PER"), tag("L-LOC")));
        assert!(!c.allows(tag("B-PER"), tag("O")));
        assert!(c.allows(tag("L-PER"), tag("U-LOC")));
        assert!(!c.allows(tag("O"), tag("I-MISC")));
        // Lenient reading of an ill-formed sequence.
        assert_eq!(
            spans(&[tag("I-PER") as Tag, tag("O") as Tag]),
            vec![(0, 1, EntityType::Person)]
        );
    }
}

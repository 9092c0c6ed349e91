//! The IOB2 tag set over the four CoNLL entity types, its transition constraints, and
//! conversion between tag sequences and entity spans.

use parallax_core::EntityType;
use parallax_learn::sequence::Constraints;

/// Number of tags: `O` plus `B-` and `I-` for each of the four types.
pub const TAG_COUNT: usize = 9;

/// A tag id: 0 is `O`; `1 + 2 * type` is `B-type`; `2 + 2 * type` is `I-type`, with types in
/// the order of [`EntityType::ALL`].
pub type Tag = u16;

pub const OUTSIDE: Tag = 0;

fn type_index(t: EntityType) -> u16 {
    EntityType::ALL
        .iter()
        .position(|&x| x == t)
        .expect("every type is in ALL") as u16
}

pub fn begin(t: EntityType) -> Tag {
    1 + 2 * type_index(t)
}

pub fn inside(t: EntityType) -> Tag {
    2 + 2 * type_index(t)
}

/// The entity type of a tag (`None` for `O`).
pub fn tag_type(tag: Tag) -> Option<EntityType> {
    if tag == OUTSIDE {
        None
    } else {
        EntityType::ALL.get(((tag - 1) / 2) as usize).copied()
    }
}

pub fn is_begin(tag: Tag) -> bool {
    tag != OUTSIDE && (tag - 1).is_multiple_of(2)
}

/// Parses `O`, `B-PER`, `I-LOC`, ... (also IOB1-style `I-` at an entity start, which
/// [`spans`] treats as a begin).
pub fn parse_tag(s: &str) -> Option<Tag> {
    if s == "O" {
        return Some(OUTSIDE);
    }
    let (prefix, ty) = s.split_once('-')?;
    let t = EntityType::parse(ty)?;
    match prefix {
        "B" => Some(begin(t)),
        "I" => Some(inside(t)),
        _ => None,
    }
}

pub fn tag_name(tag: Tag) -> String {
    match tag_type(tag) {
        None => "O".to_string(),
        Some(t) if is_begin(tag) => format!("B-{}", t.as_str()),
        Some(t) => format!("I-{}", t.as_str()),
    }
}

/// IOB2 constraints: `I-X` only after `B-X` or `I-X`, never first.
pub fn constraints() -> Constraints {
    let mut c = Constraints::none(TAG_COUNT);
    for next in 0..TAG_COUNT as Tag {
        if next == OUTSIDE || is_begin(next) {
            continue;
        }
        c.start[next as usize] = false;
        for prev in 0..TAG_COUNT as Tag {
            let ok = tag_type(prev) == tag_type(next);
            c.transition[prev as usize * TAG_COUNT + next as usize] = ok;
        }
    }
    c
}

/// Entity spans `(start, end, type)` over token positions, conlleval style: an `I-X` that
/// does not continue an `X` entity starts a new one.
pub fn spans(tags: &[Tag]) -> Vec<(usize, usize, EntityType)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityType)> = None;
    for (i, &tag) in tags.iter().enumerate() {
        let ty = tag_type(tag);
        let continues = matches!((open, ty), (Some((_, a)), Some(b)) if a == b) && !is_begin(tag);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_and_spans_follow_conlleval() {
        for tag in 0..TAG_COUNT as Tag {
            assert_eq!(parse_tag(&tag_name(tag)), Some(tag));
        }
        let tags: Vec<Tag> = [
            "B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG", "I-ORG", "I-MISC",
        ]
        .iter()
        .map(|s| parse_tag(s).unwrap())
        .collect();
        assert_eq!(
            spans(&tags),
            vec![
                (0, 2, EntityType::Person),
                (3, 4, EntityType::Location),
                (4, 5, EntityType::Organization),
                (5, 7, EntityType::Organization),
                (7, 8, EntityType::Misc),
            ]
        );
        let c = constraints();
        assert!(!c.start[inside(EntityType::Person) as usize]);
        assert!(c.allows(
            begin(EntityType::Person) as usize,
            inside(EntityType::Person) as usize
        ));
        assert!(!c.allows(
            begin(EntityType::Person) as usize,
            inside(EntityType::Location) as usize
        ));
        assert!(!c.allows(OUTSIDE as usize, inside(EntityType::Misc) as usize));
    }
}

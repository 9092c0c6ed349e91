//! Behaviour of the resolver on handwritten articles.

use parallax_core::{EntityMention, EntityType};

use super::*;

use EntityType::{Location as LOC, Misc as MISC, Organization as ORG, Person as PER};

/// Mentions of the given surface forms, every whole-word occurrence, in text order.
fn mentions(text: &str, forms: &[(&str, EntityType)]) -> Vec<EntityMention> {
    let mut found: Vec<EntityMention> = Vec::new();
    let mut forms = forms.to_vec();
    forms.sort_by_key(|(form, _)| std::cmp::Reverse(form.len()));
    for (form, entity_type) in forms {
        let mut from = 0;
        while let Some(pos) = text[from..].find(form) {
            let start = from + pos;
            let end = start + form.len();
            from = end;
            let before_ok = !text[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            let after_ok = !text[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
            // A longer form wins over a shorter one at the same place ("Islamic State" in
            // "Islamic State group" is found once).
            let overlaps = found.iter().any(|m| {
                let (s, e) = (char_of(text, start), char_of(text, end));
                s < m.end && m.start < e
            });
            if before_ok && after_ok && !overlaps {
                found.push(EntityMention {
                    start: char_of(text, start),
                    end: char_of(text, end),
                    text: form.to_string(),
                    entity_type,
                    id: String::new(),
                });
            }
        }
    }
    found.sort_by_key(|m| m.start);
    found
}

fn char_of(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

fn resolve(text: &str, forms: &[(&str, EntityType)]) -> (Vec<EntityMention>, Vec<ResolvedEntity>) {
    let mut found = mentions(text, forms);
    assert!(!found.is_empty(), "no mentions found in {text:?}");
    let entities = EntityResolver::builtin().resolve(text, &mut found);
    (found, entities)
}

fn id_of<'m>(mentions: &'m [EntityMention], surface: &str) -> &'m str {
    &mentions
        .iter()
        .find(|m| m.text == surface)
        .unwrap_or_else(|| panic!("no mention {surface:?}"))
        .id
}

#[test]
fn every_name_of_islamic_state_is_one_entity() {
    let text = "ISIS-Daesh fighters advanced. The Islamic State group said ISIS would hold. \
                IS is also called ISIL, Daesh or the Islamic State of Iraq and the Levant; \
                Islamic State's fighters and Da'esh militants fled.";
    let (found, entities) = resolve(
        text,
        &[
            ("ISIS-Daesh", ORG),
            ("Islamic State of Iraq and the Levant", ORG),
            ("The Islamic State group", ORG),
            ("Islamic State's", MISC),
            ("Da'esh militants", ORG),
            ("ISIS", ORG),
            ("ISIL", LOC),
            ("IS", ORG),
            ("Daesh", PER),
        ],
    );
    assert_eq!(found.len(), 9);
    for m in &found {
        assert_eq!(m.id, "org:islamic-state", "{:?}", m.text);
    }
    assert_eq!(entities.len(), 1);
    assert_eq!(entities[0].name, "Islamic State");
    assert_eq!(entities[0].entity_type, ORG);
    assert!(entities[0].listed);
    assert_eq!(entities[0].mentions.len(), 9);
}

#[test]
fn ids_do_not_depend_on_the_article() {
    let a = resolve("Daesh took the town.", &[("Daesh", ORG)]).0;
    let b = resolve("Officials blamed ISIL for the attack.", &[("ISIL", MISC)]).0;
    let c = resolve("A man named Ilse Marrow spoke.", &[("Ilse Marrow", PER)]).0;
    let d = resolve(
        "Dr. Ilse Marrow, who runs the clinic, said Marrow would stay.",
        &[("Dr. Ilse Marrow", PER), ("Marrow", PER)],
    )
    .0;
    assert_eq!(a[0].id, b[0].id);
    assert_eq!(c[0].id, "per:ilse-marrow");
    assert_eq!(d[0].id, "per:ilse-marrow");
    assert_eq!(d[1].id, "per:ilse-marrow");
}

#[test]
fn spellings_of_deir_ez_zor_and_its_province_are_one_place() {
    let text = "Fighting in Deir Ezzor spread to Deir Ezzor province. Deir El-Zour and Deir \
                al-Zor are the same city as Deir ez-Zor, also written Dair al-Zur.";
    let (found, entities) = resolve(
        text,
        &[
            ("Deir Ezzor province", LOC),
            ("Deir Ezzor", LOC),
            ("Deir El-Zour", ORG),
            ("Deir \nal-Zor", LOC),
            ("Deir al-Zor", LOC),
            ("Deir ez-Zor", LOC),
            ("Dair al-Zur", LOC),
        ],
    );
    assert!(found.len() >= 5, "{found:?}");
    for m in &found {
        assert_eq!(m.id, "loc:deir-ez-zor", "{:?}", m.text);
    }
    assert_eq!(entities[0].name, "Deir ez-Zor");
}

#[test]
fn a_transliteration_variant_of_an_unlisted_place_joins_it() {
    let text = "Shelling hit Tell Abyadh on Monday; residents of Tal Abyad fled north.";
    let (found, _) = resolve(text, &[("Tell Abyadh", LOC), ("Tal Abyad", LOC)]);
    assert_eq!(found[0].id, found[1].id);
    assert_eq!(found[0].id, "loc:tell-abyadh");
}

#[test]
fn assad_in_every_form_is_one_person() {
    let text = "Syrian President Bashar al-Assad met envoys. Bashar Assad said little. \
                President Assad later left; Assad's allies stayed.";
    let (found, entities) = resolve(
        text,
        &[
            ("Syrian President Bashar al-Assad", PER),
            ("Bashar Assad", PER),
            ("President Assad", PER),
            ("Assad's", PER),
        ],
    );
    for m in &found {
        assert_eq!(m.id, "per:bashar-al-assad", "{:?}", m.text);
    }
    assert_eq!(entities.len(), 1);
    assert_eq!(entities[0].name, "Bashar al-Assad");
}

#[test]
fn a_bare_surname_follows_the_article_not_the_table() {
    // "Assad" alone is Bashar in the table, but this article names his father in full.
    let text = "Hafez al-Assad ruled for thirty years. Assad died in 2000.";
    let (found, _) = resolve(text, &[("Hafez al-Assad", PER), ("Assad", PER)]);
    assert_eq!(found[0].id, "per:hafez-al-assad");
    assert_eq!(found[1].id, "per:hafez-al-assad");
    // Alone, it is Bashar.
    let (found, _) = resolve("Assad spoke on Sunday.", &[("Assad", PER)]);
    assert_eq!(found[0].id, "per:bashar-al-assad");
}

#[test]
fn a_surname_joins_the_nearest_full_name_before_it() {
    let text =
        "Tom Reyes founded the firm. His sister Anna Reyes runs it. Reyes said profits rose.";
    let (found, entities) = resolve(
        text,
        &[("Tom Reyes", PER), ("Anna Reyes", PER), ("Reyes", PER)],
    );
    assert_eq!(found[2].id, "per:anna-reyes");
    assert_eq!(found[0].id, "per:tom-reyes");
    assert_eq!(entities.len(), 2);
    // A surname before any full name joins the full name after it.
    let (found, _) = resolve(
        "Marrow spoke first. Ilse Marrow then left.",
        &[("Marrow", PER), ("Ilse Marrow", PER)],
    );
    assert_eq!(found[0].id, "per:ilse-marrow");
}

#[test]
fn the_united_states_and_washington_as_its_government() {
    let text = "The U.S. and the US-led coalition: USA, United States, America. \
                Washington quietly stopped the air strikes. Talks were held in Washington.";
    let (found, _) = resolve(
        text,
        &[
            ("U.S.", LOC),
            ("US-led coalition", ORG),
            ("USA", LOC),
            ("United States", LOC),
            ("America", LOC),
            ("Washington", LOC),
        ],
    );
    for surface in ["U.S.", "USA", "United States", "America"] {
        assert_eq!(id_of(&found, surface), "loc:united-states", "{surface}");
    }
    assert_eq!(
        id_of(&found, "US-led coalition"),
        "org:global-coalition-against-daesh"
    );
    let washington: Vec<&str> = found
        .iter()
        .filter(|m| m.text == "Washington")
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(washington, ["loc:united-states", "loc:washington-dc"]);
}

#[test]
fn a_capital_controlled_by_reads_as_the_government() {
    let text = "The airfield controlled by Damascus was lost; people of the city fled to Damascus.";
    let (found, _) = resolve(text, &[("Damascus", LOC)]);
    assert_eq!(found[0].id, "loc:syria");
    assert_eq!(found[1].id, "loc:damascus");
}

#[test]
fn russian_defence_ministry_and_its_acronym() {
    let text = "The Russian Defense Ministry warned on Monday. The Russian Ministry of Defence \
                (MOD) published images. The MOD said more would follow.";
    let (found, entities) = resolve(
        text,
        &[
            ("Russian Defense Ministry", ORG),
            ("Russian Ministry of Defence", ORG),
            ("MOD", ORG),
        ],
    );
    assert_eq!(found.len(), 4);
    for m in &found {
        assert_eq!(m.id, "org:russia-ministry-of-defence", "{:?}", m.text);
    }
    assert_eq!(entities.len(), 1);
}

#[test]
fn an_acronym_defined_in_the_article_joins_its_expansion() {
    let text = "The Delta Flood Authority (DFA) opened shelters. Later the DFA said water fell.";
    let (found, entities) = resolve(text, &[("Delta Flood Authority", ORG), ("DFA", ORG)]);
    assert_eq!(found.len(), 3);
    assert!(
        found.iter().all(|m| m.id == "org:delta-flood-authority"),
        "{found:?}"
    );
    assert_eq!(entities[0].name, "Delta Flood Authority");
    assert!(!entities[0].listed);
    // The reverse order: "HRC (Harbour Recovery Council)".
    let text = "HRC (Harbour Recovery Council) met. The HRC adjourned.";
    let (found, _) = resolve(text, &[("Harbour Recovery Council", ORG), ("HRC", ORG)]);
    assert!(
        found.iter().all(|m| m.id == "org:harbour-recovery-council"),
        "{found:?}"
    );
}

#[test]
fn a_definition_in_the_article_beats_the_table_reading_of_an_acronym() {
    // "IS" is Islamic State in the table; here the article defines it.
    let text = "The Inland Survey (IS) mapped the river. IS staff returned on Friday.";
    let (found, _) = resolve(text, &[("Inland Survey", ORG), ("IS", ORG)]);
    assert!(
        found.iter().all(|m| m.id == "org:inland-survey"),
        "{found:?}"
    );
}

#[test]
fn an_unexplained_acronym_joins_the_one_name_with_its_initials() {
    let text = "The Harbour Recovery Council met. HRC members voted.";
    let (found, _) = resolve(text, &[("Harbour Recovery Council", ORG), ("HRC", ORG)]);
    assert_eq!(found[0].id, found[1].id);
    // Two candidates: no guess.
    let text = "The Harbour Recovery Council and the Highland Rail Company met. HRC voted.";
    let (found, _) = resolve(
        text,
        &[
            ("Harbour Recovery Council", ORG),
            ("Highland Rail Company", ORG),
            ("HRC", ORG),
        ],
    );
    assert_eq!(found[2].id, "org:hrc");
}

#[test]
fn a_person_named_like_a_country_stays_a_person() {
    let text = "Jordan scored 40 points. Jordan was named the most valuable player.";
    let (found, _) = resolve(text, &[("Jordan", PER)]);
    assert_eq!(found[0].id, "per:jordan");
    assert_eq!(found[1].id, "per:jordan");
}

#[test]
fn a_place_the_recogniser_calls_a_person_stays_a_place() {
    let (found, _) = resolve("Troops retook Palmyra on Sunday.", &[("Palmyra", PER)]);
    assert_eq!(found[0].id, "loc:palmyra");
    // "Paris" is also a person's name: a person mention stays a person unless the article
    // types it as the place at least as often.
    let (found, _) = resolve("Paris smiled for the cameras.", &[("Paris", PER)]);
    assert_eq!(found[0].id, "per:paris");
    let text = "Talks opened in Paris. Paris hosted them. Delegates left Paris on Friday.";
    let mut found = mentions(text, &[("Paris", LOC)]);
    found[1].entity_type = PER;
    EntityResolver::builtin().resolve(text, &mut found);
    assert!(found.iter().all(|m| m.id == "loc:paris"), "{found:?}");
}

#[test]
fn a_group_named_after_a_place_is_not_the_place() {
    let text = "The Vienna Group met in Vienna; ISIS militants and the Islamic State group fled.";
    let (found, _) = resolve(
        text,
        &[
            ("Vienna Group", ORG),
            ("Vienna", LOC),
            ("ISIS militants", ORG),
            ("Islamic State group", ORG),
        ],
    );
    assert_eq!(id_of(&found, "Vienna Group"), "org:vienna-group");
    assert_eq!(id_of(&found, "Vienna"), "loc:vienna");
    assert_eq!(id_of(&found, "ISIS militants"), "org:islamic-state");
    assert_eq!(id_of(&found, "Islamic State group"), "org:islamic-state");
}

#[test]
fn a_qualifier_left_outside_the_mention_still_counts() {
    // The recogniser split "Russian" (MISC) from "Ministry of Defence" (ORG).
    let text =
        "The Russian Ministry of Defence (MOD) said. The MOD and the Ministry of Health met.";
    let (found, _) = resolve(
        text,
        &[
            ("Russian", MISC),
            ("Ministry of Defence", ORG),
            ("MOD", ORG),
            ("Ministry of Health", ORG),
        ],
    );
    assert_eq!(
        id_of(&found, "Ministry of Defence"),
        "org:russia-ministry-of-defence"
    );
    assert_eq!(id_of(&found, "MOD"), "org:russia-ministry-of-defence");
    assert_eq!(id_of(&found, "Russian"), "misc:russian");
    assert_eq!(
        id_of(&found, "Ministry of Health"),
        "org:ministry-of-health"
    );
}

#[test]
fn different_table_entities_are_never_merged() {
    let text = "The United Nations Security Council met; the United Nations of Iraq and UN staff \
                and the UNSC disagreed.";
    let (found, _) = resolve(
        text,
        &[
            ("United Nations Security Council", ORG),
            ("United Nations", ORG),
            ("UN", ORG),
            ("UNSC", ORG),
        ],
    );
    assert_eq!(
        id_of(&found, "United Nations Security Council"),
        "org:un-security-council"
    );
    assert_eq!(id_of(&found, "UNSC"), "org:un-security-council");
    assert_eq!(id_of(&found, "United Nations"), "org:united-nations");
    assert_eq!(id_of(&found, "UN"), "org:united-nations");
}

#[test]
fn a_qualified_name_joins_the_plain_one() {
    let text = "The Coastal Relief Fund paid out. The Coastal Relief Fund of Marenland disagreed.";
    let (found, _) = resolve(
        text,
        &[
            ("Coastal Relief Fund of Marenland", ORG),
            ("Coastal Relief Fund", ORG),
        ],
    );
    assert_eq!(found[0].id, found[1].id);
    assert_eq!(found[0].id, "org:coastal-relief-fund-of-marenland");
}

#[test]
fn a_name_the_recogniser_cut_short_is_completed_from_the_next_word() {
    let text = "The siege of Deir al-Zor went on. The Islamic State gained. The Russian Defense \
                Ministry warned. The Syrian Army advanced.";
    let (found, _) = resolve(
        text,
        &[
            ("Deir", LOC),
            ("Islamic", MISC),
            ("Russian", MISC),
            ("Syrian", MISC),
            ("Army", ORG),
        ],
    );
    assert_eq!(id_of(&found, "Deir"), "loc:deir-ez-zor");
    assert_eq!(id_of(&found, "Islamic"), "org:islamic-state");
    assert_eq!(id_of(&found, "Russian"), "org:russia-ministry-of-defence");
    // "Army" is a mention of its own, so "Syrian" is not extended; "Army" takes the
    // qualifier before it.
    assert_eq!(id_of(&found, "Syrian"), "misc:syrian");
    assert_eq!(id_of(&found, "Army"), "org:syrian-arab-army");
    // A nationality before a title and a name stays a nationality.
    let text = "The Syrian President Bashar al-Assad spoke.";
    let (found, _) = resolve(text, &[("Syrian", MISC), ("Bashar al-Assad", PER)]);
    assert_eq!(id_of(&found, "Syrian"), "misc:syrian");
    let (found, _) = resolve(text, &[("Syrian", MISC)]);
    assert_eq!(id_of(&found, "Syrian"), "misc:syrian");
}

#[test]
fn short_acronyms_need_capitals() {
    let text = "Us and Who were bands; the WHO and US officials disagreed.";
    let (found, _) = resolve(
        text,
        &[("Us", ORG), ("Who", ORG), ("WHO", ORG), ("US", LOC)],
    );
    assert_eq!(id_of(&found, "Us"), "org:us");
    assert_eq!(id_of(&found, "Who"), "org:who");
    assert_eq!(id_of(&found, "WHO"), "org:world-health-organization");
    assert_eq!(id_of(&found, "US"), "loc:united-states");
}

#[test]
fn every_curated_entity_resolves_to_itself_by_its_name() {
    let resolver = EntityResolver::builtin();
    for entry in resolver.curated().entries() {
        // Capitals need a locative context, or they would be read as their government.
        let text = format!("They met in {}.", entry.name);
        let start = "They met in ".chars().count();
        let mut found = vec![EntityMention {
            start,
            end: start + entry.name.chars().count(),
            text: entry.name.clone(),
            entity_type: entry.entity_type,
            id: String::new(),
        }];
        resolver.resolve(&text, &mut found);
        assert_eq!(found[0].id, entry.id, "{}", entry.name);
    }
}

#[test]
fn the_curated_table_is_large_consistent_and_nearly_unambiguous() {
    let table = curated_table();
    assert!(table.len() >= 400, "{} entries", table.len());
    for entry in table.entries() {
        if let Some(seat) = &entry.seat_of {
            assert!(
                table.get(seat).is_some(),
                "{}: seat {seat} is not in the table",
                entry.id
            );
        }
        assert!(
            entry
                .id
                .starts_with(&format!("{}:", kind(entry.entity_type))),
            "{}: prefix does not match type",
            entry.id
        );
    }
    // Keys shared by two entities are resolved by the recognised type; keep them few and known.
    let ambiguous: Vec<&str> = table.ambiguous_keys().into_iter().map(|(k, _)| k).collect();
    assert_eq!(ambiguous, ["mayadeen", "sana"]);
}

#[test]
fn a_user_file_adds_entities_and_overrides_the_table() {
    let user = AliasTable::parse(
        "# test file\n\
         org:delta-flood-authority\tORG\tDelta Flood Authority\tDFA|Flood Authority\n\
         org:daesh-media\tORG\tDaesh media office\tDaesh\n\
         loc:deir-ez-zor\tLOC\tDeir ez-Zor Governorate\n",
        "user.tsv",
    )
    .unwrap();
    let resolver = EntityResolver::with_user_table(user).unwrap();
    let text = "The Flood Authority and Daesh and ISIS and Deir Ezzor and DFA.";
    let mut found = mentions(
        text,
        &[
            ("Flood Authority", ORG),
            ("Daesh", ORG),
            ("ISIS", ORG),
            ("Deir Ezzor", LOC),
            ("DFA", ORG),
        ],
    );
    let entities = resolver.resolve(text, &mut found);
    assert_eq!(
        id_of(&found, "Flood Authority"),
        "org:delta-flood-authority"
    );
    assert_eq!(id_of(&found, "DFA"), "org:delta-flood-authority");
    assert_eq!(id_of(&found, "Daesh"), "org:daesh-media");
    assert_eq!(id_of(&found, "ISIS"), "org:islamic-state");
    assert_eq!(id_of(&found, "Deir Ezzor"), "loc:deir-ez-zor");
    let deir = entities.iter().find(|e| e.id == "loc:deir-ez-zor").unwrap();
    assert_eq!(deir.name, "Deir ez-Zor Governorate");
    assert_eq!(
        resolver.canonical_name("loc:deir-ez-zor"),
        Some("Deir ez-Zor Governorate")
    );
    assert_eq!(
        resolver.canonical_name("org:islamic-state"),
        Some("Islamic State")
    );
    assert_eq!(resolver.canonical_name("per:nobody"), None);
}

#[test]
fn a_user_file_with_an_unknown_seat_is_refused_with_its_line() {
    let user = AliasTable::parse("\nloc:x\tLOC\tX\t\tloc:nowhere\n", "user.tsv").unwrap();
    let error = EntityResolver::with_user_table(user)
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        "user.tsv:2: seat of: no entity has the id loc:nowhere"
    );
}

#[test]
fn odd_mentions_never_panic_and_always_get_an_id() {
    let text = "Ümit — “ISIS” é";
    let mut found = vec![
        EntityMention {
            start: 0,
            end: 4,
            text: String::new(),
            entity_type: PER,
            id: String::new(),
        },
        EntityMention {
            start: 5,
            end: 6,
            text: "—".into(),
            entity_type: MISC,
            id: String::new(),
        },
        EntityMention {
            start: 8,
            end: 12,
            text: "ISIS".into(),
            entity_type: ORG,
            id: String::new(),
        },
        EntityMention {
            start: 40,
            end: 90,
            text: "".into(),
            entity_type: LOC,
            id: String::new(),
        },
        EntityMention {
            start: 9,
            end: 3,
            text: "Al".into(),
            entity_type: ORG,
            id: String::new(),
        },
    ];
    let entities = EntityResolver::builtin().resolve(text, &mut found);
    assert!(found.iter().all(|m| !m.id.is_empty()), "{found:?}");
    assert_eq!(found[0].id, "per:umit");
    assert_eq!(found[2].id, "org:islamic-state");
    let total: usize = entities.iter().map(|e| e.mentions.len()).sum();
    assert_eq!(total, found.len());
    assert!(EntityResolver::builtin().resolve(text, &mut []).is_empty());
}

#[test]
fn results_are_deterministic() {
    let text = "Daesh and ISIS and Marrow and Ilse Marrow and the DFA and Delta Flood Authority.";
    let forms = [
        ("Daesh", ORG),
        ("ISIS", ORG),
        ("Ilse Marrow", PER),
        ("Marrow", PER),
        ("DFA", ORG),
        ("Delta Flood Authority", ORG),
    ];
    let (first, first_entities) = resolve(text, &forms);
    for _ in 0..5 {
        let (again, again_entities) = resolve(text, &forms);
        assert_eq!(first, again);
        assert_eq!(first_entities, again_entities);
    }
}

#!/usr/bin/env python3
"""Generates a synthetic news corpus for the store benchmarks, as JSONL (one article a line).

Everything is invented here, deterministically from a seed: outlets of several kinds (wire
agencies, broadsheets, tabloids, hyper-partisan sites, aggregators), a world of people,
organisations and places, and events that several outlets cover over a few days. Articles are
built from sentence patterns filled with the event's actors, places, numbers and topic words,
with quotes, datelines, bylines and, for partisan outlets, loaded language. Duplicates are
included the way they occur in real crawls: wire copy republished by other outlets with small
edits (near-duplicates, distinct records), and the same line crawled twice (exact duplicates,
one record).

Usage: gen_corpus.py N OUT.jsonl [--seed S] [--queries QUERIES.jsonl]
The prefix of the first K lines of a corpus of N is the corpus of K (same seed), so a 10,000
corpus and a 100,000 corpus grow the same way.
"""

import argparse
import datetime as dt
import json
import random

FIRST = """Ana Amir Anouk Bela Bruno Carmen Chen Dalia Daniel Dmitri Elena Emre Farah Felix Grace
Hana Hugo Ines Ivan Jonas Julia Kamal Karin Lars Leila Lucas Marta Mateo Mira Nadia Noor Oskar
Pavel Priya Rafael Rosa Samir Sara Sofia Tariq Tomas Ursula Vera Viktor Wen Yara Yusuf Zofia
Agnes Ben Cyrus Diego Esther Fatima Georg Helga Idris Jana Kofi Lena Malik Nina Omar Petra
Quentin Rania Stefan Tamar Umar Valentina Walter Ximena Yuki Zain""".split()
LAST = """Abara Bennani Castell Dorne Eskil Farrow Galindo Hale Ibsen Jarvik Kessler Lind Marek
Novak Orsini Petrov Quade Rahimi Solen Tanaka Umberg Varga Weiss Xu Yilmaz Zeller Achterberg
Brandt Cortez Dufresne Ekwueme Fonseca Gruber Haddad Iqbal Jansen Kowalski Laurent Mbeki Nilsen
Okafor Pereira Quispe Rossi Schmidt Toivonen Urquhart Vasquez Wojcik Yamada Zhou Amsel Bakker
Chaudhry Delacroix Engel Fischer Grimaldi Holm Ivanova Juarez Karlsson Lehmann Moreau Nakamura
Ortega Pham Rasku Sorensen Tran Uddin Vogel Whitlock""".split()
SYLLABLES = """ar bel cor dan el fen gar har is jor kel lan mor nar or pel quin ros sal tor ul
ven wes yar zan ast bri cal dor eve fal gor hol in kas lor mer nov os par rin sev tam val""".split()
PLACE_SUFFIX = ["", "", "", "ia", "burg", "ford", "haven", " Bay", " Falls", "stad", "port", "mouth"]
ROLES = ["minister of the interior", "finance minister", "spokesperson for the ministry",
         "mayor", "chief executive", "police commissioner", "opposition leader", "union organiser",
         "professor of economics", "senior analyst", "prime minister", "health minister",
         "chief engineer", "human rights lawyer", "army spokesman", "central bank governor",
         "environment minister", "judge", "party chairman", "emergency coordinator"]
ORG_KINDS = ["Ministry of {}", "{} Party", "{} Authority", "{} Corporation", "{} Institute",
             "{} Workers' Union", "{} Police Service", "{} Energy", "{} Bank", "{} Observatory",
             "National {} Council", "{} Red Cross", "{} Court of Appeal", "{} Mining Company"]
ORG_WORDS = ["Interior", "Finance", "Justice", "Health", "Transport", "Defence", "Water",
             "Harbour", "Northern", "Coastal", "Federal", "United", "Progressive", "Liberty",
             "Republican", "Green", "Allied", "Continental", "Eastern", "Western", "Delta",
             "Highland", "Maritime", "Central", "Civic", "People's", "Democratic", "Atlantic"]

TOPICS = {
    "flood": ("floods", "flood water barrier levee evacuation rainfall river dam rescue shelter "
              "sandbag storm surge warning siren embankment", "burst inundated swept evacuated "
              "rescued breached overflowed drained", "Flood"),
    "election": ("politics", "election ballot vote turnout candidate campaign coalition "
                 "parliament seat poll constituency recount manifesto debate", "won lost "
                 "conceded campaigned voted pledged challenged promised", "Election"),
    "strike": ("labour", "strike union wage pay shift negotiation picket dockworker port "
               "contract overtime walkout mediation", "walked struck negotiated rejected "
               "demanded offered mediated halted", "Strike"),
    "trade": ("economy", "tariff export import trade deal agreement quota customs steel grain "
              "shipment negotiation market", "signed imposed lifted negotiated cut raised "
              "suspended agreed", "Trade"),
    "court": ("justice", "court judge ruling verdict appeal trial defendant prosecutor sentence "
              "evidence witness jury testimony", "ruled convicted acquitted sentenced appealed "
              "testified overturned charged", "Court"),
    "protest": ("society", "protest demonstrator march rally police crowd square banner "
                "tear gas curfew arrest", "marched gathered dispersed arrested chanted "
                "clashed occupied protested", "Protest"),
    "cyber": ("technology", "hacker breach ransomware server data outage network password "
              "encryption attack vulnerability patch", "breached leaked encrypted restored "
              "exploited disrupted patched stole", "Cyberattack"),
    "vaccine": ("health", "vaccine dose clinic outbreak virus hospital patient infection "
                "trial immunisation nurse ward", "vaccinated infected treated admitted "
                "approved tested recovered spread", "Outbreak"),
    "wildfire": ("environment", "wildfire blaze firefighter drought heatwave forest smoke "
                 "hectare evacuation containment ember", "burned spread contained evacuated "
                 "destroyed scorched raged threatened", "Wildfire"),
    "corruption": ("politics", "bribe contract tender audit scandal investigation kickback "
                   "official resignation inquiry embezzlement", "resigned denied embezzled "
                   "investigated bribed audited exposed concealed", "Scandal"),
    "earthquake": ("disasters", "earthquake quake magnitude aftershock rubble collapse rescue "
                   "epicentre survivor tremor building", "struck collapsed trapped rescued "
                   "shook destroyed killed injured", "Earthquake"),
    "sanctions": ("world", "sanctions embargo asset freeze oligarch export ban diplomat "
                  "envoy treaty summit", "imposed froze expelled condemned negotiated "
                  "lifted targeted blocked", "Sanctions"),
    "rates": ("economy", "interest rate inflation bank mortgage currency bond growth "
              "recession unemployment budget deficit", "raised cut held slowed grew "
              "fell rose tightened", "Rates"),
    "migration": ("world", "migrant asylum boat border crossing refugee camp coastguard "
                  "deportation visa smuggler", "crossed drowned rescued detained deported "
                  "fled arrived intercepted", "Migration"),
    "military": ("defence", "exercise troops missile drone border warship airspace "
                 "artillery ceasefire convoy brigade", "deployed launched intercepted "
                 "shelled withdrew mobilised patrolled fired", "Military"),
    "mining": ("business", "mine miner shaft collapse gas explosion safety inspector copper "
               "lithium tunnel", "trapped collapsed exploded rescued inspected closed "
               "flooded suspended", "Mine"),
    "football": ("sport", "match goal striker coach league cup penalty stadium transfer "
                 "season referee supporter", "scored won lost sacked signed equalised "
                 "defeated relegated", "Football"),
    "bridge": ("infrastructure", "bridge collapse concrete inspection traffic engineer "
               "motorway repair contractor maintenance span", "collapsed closed inspected "
               "repaired cracked reopened rebuilt failed", "Bridge"),
    "oil": ("environment", "oil spill tanker slick coastline cleanup wildlife pipeline "
            "refinery leak fishermen", "spilled leaked polluted contained cleaned "
            "ruptured washed closed", "Oil spill"),
    "tech": ("technology", "layoff startup platform algorithm regulator privacy antitrust "
             "smartphone chip subscriber app", "laid acquired fined launched banned "
             "regulated merged announced", "Tech"),
}
GENERAL = ("government officials residents week statement report people country city region "
           "authorities minister month year plan crisis situation public decision response "
           "measures community families workers leaders talks support cost damage hundreds "
           "thousands local national international sources group official").split()
LOADED = ["disgraceful", "corrupt", "treacherous", "shameful", "so-called", "reckless",
          "elitist", "catastrophic", "sinister", "cowardly", "globalist", "radical"]
LOADED_PHRASES = ["the corrupt elite", "a betrayal of every decent citizen",
                  "the mainstream media will not tell you", "wake up before it is too late",
                  "puppets of foreign interests", "an invasion of our towns",
                  "the regime's propaganda machine", "real patriots know the truth",
                  "a ticking time bomb", "they think you are stupid"]
AFFECTED = ["residents", "families", "workers", "people", "households", "passengers",
            "patients", "students", "farmers", "businesses"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
CUES = ["said", "told reporters", "said in a statement", "told the {outlet}",
        "wrote on social media", "said at a press conference", "added", "warned", "insisted"]


def make_name(rng):
    return rng.choice(FIRST) + " " + rng.choice(LAST)


def make_place(rng):
    n = rng.choice([2, 2, 3])
    word = "".join(rng.choice(SYLLABLES) for _ in range(n))
    return word.capitalize() + rng.choice(PLACE_SUFFIX)


class World:
    def __init__(self, rng):
        self.countries = sorted({make_place(rng) for _ in range(30)})
        self.places = sorted({make_place(rng) for _ in range(900)})
        self.people = sorted({make_name(rng) for _ in range(3500)})
        self.roles = {p: (rng.choice(ROLES), rng.choice(self.countries)) for p in self.people}
        self.orgs = sorted({rng.choice(ORG_KINDS).format(rng.choice(ORG_WORDS + self.countries))
                            for _ in range(700)})
        self.outlets = self._outlets(rng)

    def _outlets(self, rng):
        outlets = []
        kinds = [("wire", 6, 0.0), ("broadsheet", 22, 0.05), ("regional", 18, 0.05),
                 ("tabloid", 8, 0.25), ("partisan", 10, 0.7), ("aggregator", 6, 0.1)]
        names = {"wire": ["{} Press Agency", "{} Newswire", "{} Wire Service"],
                 "broadsheet": ["The {} Times", "The {} Chronicle", "{} Herald", "The {} Observer"],
                 "regional": ["{} Courier", "{} Gazette", "{} Evening Post", "{} Examiner"],
                 "tabloid": ["{} Daily Star", "The {} Sun", "{} Mirror"],
                 "partisan": ["{} Patriot", "Real {} News", "{} Freedom Daily", "The {} Truth"],
                 "aggregator": ["{} News Digest", "NewsFlow {}", "{} Headlines"]}
        seen = set()
        for kind, count, loaded in kinds:
            while sum(1 for o in outlets if o["kind"] == kind) < count:
                name = rng.choice(names[kind]).format(rng.choice(self.countries + self.places[:80]))
                if name in seen:
                    continue
                seen.add(name)
                domain = "".join(c for c in name.lower() if c.isalnum())[:24] + ".example"
                weight = {"wire": 3.0, "broadsheet": 2.0, "regional": 1.0, "tabloid": 1.5,
                          "partisan": 1.2, "aggregator": 1.0}[kind] * rng.uniform(0.3, 1.7)
                outlets.append({"name": name, "kind": kind, "loaded": loaded, "domain": domain,
                                "weight": weight,
                                "staff": [make_name(rng) for _ in range(rng.randint(2, 12))]})
        return outlets


def event_stream(world, rng, start):
    """Events in date order: a topic, a place, actors, numbers; each covered by many outlets."""
    day = start
    while True:
        day += dt.timedelta(minutes=rng.randint(10, 90))
        topic = rng.choice(list(TOPICS))
        people = rng.sample(world.people, rng.randint(2, 5))
        # A few people are in the news all the time (Zipf-like prominence).
        if rng.random() < 0.35:
            people[0] = world.people[int(rng.paretovariate(1.2)) % 40]
        yield {
            "topic": topic,
            "place": rng.choice(world.places),
            "country": rng.choice(world.countries),
            "people": people,
            "orgs": rng.sample(world.orgs, rng.randint(1, 3)),
            "number": rng.choice([3, 7, 12, 14, 20, 35, 48, 60, 120, 300, 1500, 12000]),
            "time": day,
            "coverage": min(40, int(rng.paretovariate(1.1))),
        }


def sentence(event, world, rng, outlet):
    nouns, verbs = TOPICS[event["topic"]][1].split(), TOPICS[event["topic"]][2].split()
    noun = rng.choice(nouns)
    noun2 = rng.choice(nouns)
    verb = rng.choice(verbs)
    person = rng.choice(event["people"])
    role, country = world.roles[person]
    org = rng.choice(event["orgs"])
    gen = rng.choice(GENERAL)
    place, number = event["place"], event["number"]
    day = DAYS[event["time"].weekday()]
    patterns = [
        f"The {noun} in {place} {verb} on {day}, according to the {org}.",
        f"At least {number} {rng.choice(AFFECTED)} were affected by the {noun} near {place}.",
        f"{person}, the {role} of {country}, {verb} the {noun} as the {noun2} continued.",
        f"Officials from the {org} said the {noun} would be reviewed by late {day}.",
        f"The {org} {verb} the {noun2} on {day}, a move that drew immediate criticism.",
        f"By {day} evening, {number} {rng.choice(AFFECTED)} in {place} had been told to wait for updates on the {noun}.",
        f"{person} declined to say whether the {org} had been warned about the {noun2}.",
        f"Local media reported that the {noun} was linked to the {noun2}, though the {org} disputed that account.",
        f"The {noun2} has raised questions about the {noun} and about who knew what, and when.",
        f"Residents of {place} described the {noun} as the worst they could remember.",
        f"The {org} has not responded to requests for comment on the {noun}.",
        f"Figures released on {day} put the number at {number}, up from {max(1, number // 3)} a week earlier.",
        f"In {country}, the {noun} has become a test for the {gen} and for {person}.",
        f"Critics say the {noun2} was foreseeable and that warnings about the {noun} were ignored.",
        f"The {noun} follows a similar {noun2} in {rng.choice(world.places)} last year.",
        f"Analysts expect the {noun} to weigh on the {gen} for months.",
    ]
    text = rng.choice(patterns)
    if outlet["loaded"] and rng.random() < outlet["loaded"] * 0.5:
        text = text.replace(f"the {noun}", f"the {rng.choice(LOADED)} {noun}", 1)
    return text


def quote(event, world, rng, outlet):
    person = rng.choice(event["people"])
    role, country = world.roles[person]
    nouns = TOPICS[event["topic"]][1].split()
    said = rng.choice(CUES).format(outlet=outlet["name"])
    lines = [
        f"We are doing everything we can to deal with the {rng.choice(nouns)}",
        f"Nobody warned us about the {rng.choice(nouns)}, nobody",
        f"This {rng.choice(nouns)} was entirely predictable",
        f"The {rng.choice(nouns)} will be investigated fully and the findings made public",
        f"I have never seen anything like this {rng.choice(nouns)} in {event['place']}",
        f"We need answers about the {rng.choice(nouns)}, not excuses",
    ]
    if outlet["loaded"] and rng.random() < outlet["loaded"]:
        lines.append(f"This is {rng.choice(LOADED_PHRASES)}")
    return f"\u201c{rng.choice(lines)},\u201d {person}, the {role}, {said}."


def article(event, outlet, world, rng, when):
    topic_name = TOPICS[event["topic"]][3]
    nouns = TOPICS[event["topic"]][1].split()
    place = event["place"]
    paragraphs = []
    if outlet["kind"] in ("wire", "broadsheet", "regional"):
        lead = f"{place.upper()}, {event['country']} \u2014 " + sentence(event, world, rng, outlet)
    else:
        lead = sentence(event, world, rng, outlet)
    paragraphs.append(lead)
    for _ in range(rng.randint(5, 18)):
        if rng.random() < 0.25:
            paragraphs.append(quote(event, world, rng, outlet))
        else:
            paragraphs.append(" ".join(sentence(event, world, rng, outlet)
                                       for _ in range(rng.randint(1, 5))))
    if outlet["loaded"] and rng.random() < outlet["loaded"]:
        paragraphs.append(f"{rng.choice(LOADED_PHRASES).capitalize()}. "
                          f"{rng.choice(LOADED_PHRASES).capitalize()}.")
    titles = [
        f"{topic_name} in {place}: {event['number']} affected as {rng.choice(nouns)} {rng.choice(TOPICS[event['topic']][2].split())}",
        f"{event['people'][0]} under pressure over {place} {rng.choice(nouns)}",
        f"What we know about the {place} {rng.choice(nouns)}",
        f"{place} {rng.choice(nouns)}: questions mount for the {event['orgs'][0]}",
        f"{topic_name} latest: {rng.choice(nouns)} {rng.choice(TOPICS[event['topic']][2].split())} in {event['country']}",
    ]
    title = rng.choice(titles)
    if outlet["loaded"] > 0.5:
        title = f"{rng.choice(LOADED).upper()}: " + title
    published = when.replace(second=0, microsecond=0)
    slug = "-".join(title.lower().replace(":", "").split()[:8])
    return {
        "url": f"https://www.{outlet['domain']}/{published:%Y/%m/%d}/{slug}",
        "title": title,
        "outlet": outlet["name"],
        "published": published.isoformat(),
        "authors": rng.sample(outlet["staff"], rng.choice([1, 1, 1, 2])),
        "text": "\n\n".join(paragraphs),
    }


def syndicate(original, outlet, rng):
    """Wire copy republished: new outlet and URL, a trimmed ending, sometimes a new title."""
    copy = dict(original)
    paragraphs = copy["text"].split("\n\n")
    keep = max(2, len(paragraphs) - rng.randint(0, 2))
    copy["text"] = "\n\n".join(paragraphs[:keep])
    copy["outlet"] = outlet["name"]
    copy["url"] = original["url"].replace(original["url"].split("/")[2], "www." + outlet["domain"])
    if rng.random() < 0.5:
        copy["title"] = copy["title"].split(":")[0] + " (updated)"
    return copy


def generate(n, seed):
    rng = random.Random(seed)
    world = World(rng)
    weights = [o["weight"] for o in world.outlets]
    wires = [o for o in world.outlets if o["kind"] == "wire"]
    events = event_stream(world, rng, dt.datetime(2023, 1, 1, 6, 0))
    recent = []
    emitted = 0
    while emitted < n:
        event = next(events)
        for _ in range(max(1, event["coverage"])):
            if emitted >= n:
                break
            when = event["time"] + dt.timedelta(minutes=rng.randint(0, 3 * 24 * 60))
            roll = rng.random()
            if roll < 0.03 and recent:
                # The same page crawled twice: an exact duplicate line.
                yield recent[rng.randrange(len(recent))]
            elif roll < 0.11:
                wire = article(event, rng.choice(wires), world, rng, when)
                outlet = rng.choices(world.outlets, weights)[0]
                yield json.dumps(syndicate(wire, outlet, rng), ensure_ascii=False)
            else:
                outlet = rng.choices(world.outlets, weights)[0]
                line = json.dumps(article(event, outlet, world, rng, when), ensure_ascii=False)
                recent.append(line)
                if len(recent) > 500:
                    recent.pop(0)
                yield line
            emitted += 1
    return world


def queries(seed, count, first_day, last_day):
    """Representative searches: common and rare words, names, phrases, with and without filters."""
    rng = random.Random(seed)
    world = World(rng)
    out = []
    topic_words = [w for t in TOPICS.values() for w in t[1].split()]
    kinds = ["common word", "topic word", "two words", "surname", "full-name phrase",
             "phrase", "OR", "word + outlet", "two words + dates", "word + score"]
    for i in range(count):
        kind = i % 10
        q = {"kind": kinds[kind]}
        if kind == 0:
            q["q"] = rng.choice(GENERAL)
        elif kind == 1:
            q["q"] = rng.choice(topic_words)
        elif kind == 2:
            q["q"] = f"{rng.choice(topic_words)} {rng.choice(world.places)}"
        elif kind == 3:
            q["q"] = rng.choice(world.people).split()[1]
        elif kind == 4:
            q["q"] = f"\"{rng.choice(world.people)}\""
        elif kind == 5:
            topic = rng.choice(list(TOPICS.values()))
            q["q"] = f"\"{rng.choice(topic[1].split())} in {rng.choice(world.places)}\""
        elif kind == 6:
            q["q"] = f"{rng.choice(topic_words)} OR {rng.choice(topic_words)}"
        elif kind == 7:
            q["q"] = rng.choice(topic_words)
            q["outlet"] = rng.choice(world.outlets)["name"]
        elif kind == 8:
            q["q"] = f"{rng.choice(topic_words)} {rng.choice(GENERAL)}"
            start = first_day + dt.timedelta(days=rng.randint(0, max(0, (last_day - first_day).days)))
            q["from"] = start.isoformat()
            q["to"] = (start + dt.timedelta(days=rng.choice([7, 30, 90]))).isoformat()
        else:
            q["q"] = rng.choice(topic_words)
            q["min_score"] = 0.5
        out.append(q)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument("--queries", help="also write this many representative queries",
                        metavar="QUERIES.jsonl")
    parser.add_argument("--query-count", type=int, default=400)
    args = parser.parse_args()
    days = []
    with open(args.out, "w", encoding="utf-8") as f:
        for line in generate(args.n, args.seed):
            f.write(line)
            f.write("\n")
            if len(days) < 1:
                days.append(json.loads(line)["published"])
    last = json.loads(line)["published"]
    first_day = dt.date.fromisoformat(days[0][:10])
    last_day = dt.date.fromisoformat(last[:10])
    if args.queries:
        with open(args.queries, "w", encoding="utf-8") as f:
            for q in queries(args.seed, args.query_count, first_day, last_day):
                f.write(json.dumps(q, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

"""Facts the essay relies on agree with the team's fact sheet, and its known traps are avoided.

The tables below were taken from the fact sheet (../shared/facts.md, not part of the repo). A
dated title that is not in FILM_YEARS fails the test on purpose: check the year against the fact
sheet, then add it here.
"""

from __future__ import annotations

import re

import pytest

from tests.editorial import editorial

from .essay_doc import (
    ABOUT,
    SOURCE_GROUPS,
    WEB_LINK,
    body_prose,
    essay,
    heading_text,
    headings,
    prose,
    section_text,
    sentences,
    sources,
    split,
)

pytestmark = editorial

#: Title -> year, as the fact sheet gives them (films, and a few books and works).
FILM_YEARS = {
    "2001: A Space Odyssey": 1968,
    "8½": 1963,
    "A Clockwork Orange": 1971,
    "A Fistful of Dollars": 1964,
    "Alexander Nevsky": 1938,
    "Anthony Adverse": 1936,
    "Apocalypse Now": 1979,
    "Arrival": 2016,
    "Batman Begins": 2005,
    "Big Eyes": 2014,
    "Blade Runner": 1982,
    "Chariots of Fire": 1981,
    "Don Juan": 1926,
    "Dr. No": 1962,
    "Dunkirk": 2017,
    "Fantasia": 1940,
    "For a Few Dollars More": 1965,
    "Forbidden Planet": 1956,
    "Interstellar": 2014,
    "Joker": 2019,
    "Kings Row": 1942,
    "King Kong": 1933,
    "L'Assassinat du duc de Guise": 1908,
    "La Dolce Vita": 1960,
    "La Strada": 1954,
    "M": 1931,
    "Music for the Funeral of Queen Mary": 1695,
    "Musical Accompaniment of Moving Pictures": 1920,
    "Once Upon a Time in the West": 1968,
    "Pee-wee's Big Adventure": 1985,
    "Prova d'orchestra": 1978,
    "Psycho": 1960,
    "Richard Wagner": 1913,
    "Schindler's List": 1993,
    "Spellbound": 1945,
    "Star Wars": 1977,
    "Steamboat Willie": 1928,
    "Stella Dallas": 1925,
    "Switched-On Bach": 1968,
    "The Adventures of Robin Hood": 1938,
    "The Birds": 1963,
    "The Birth of a Nation": 1915,
    "The Day the Earth Stood Still": 1951,
    "The Empire Strikes Back": 1980,
    "The Good, the Bad and the Ugly": 1966,
    "The Informer": 1935,
    "The Jazz Singer": 1927,
    "The Shining": 1980,
    "The Social Network": 2010,
    "The Sting": 1973,
    "The Sugarland Express": 1974,
    "The Trouble with Harry": 1955,
    "The White Sheik": 1952,
    "Tron": 1982,
}

#: People whose life dates the essay gives, as the fact sheet gives them.
LIFE_DATES = {
    "Korngold": (1897, 1957),
    "Newman": (1900, 1970),
    "Rota": (1911, 1979),
    "Louis Barron": (1920, 1989),
    "Bebe Barron": (1925, 2008),
    "Saint-Saëns": (1835, 1921),
    "Becce": (1877, 1973),
    "Rapée": (1891, 1945),
}

_DATED_TITLE = re.compile(r"\*([^*\n]{1,80}?)\*,?\s+\((\d{4})")
_LIFE = re.compile(r"((?:[A-Z][\w.'ë-]+\s){0,3}[A-Z][\w.'ë-]+)\s+\((\d{4})–(\d{4})\)")


def texts():
    yield "essay", essay().body.split("{#sources}")[0]
    if ABOUT.exists():
        yield "about", split(ABOUT).body


def dated_titles():
    for name, text in texts():
        flat = re.sub(r"\s+", " ", text)
        for m in _DATED_TITLE.finditer(flat):
            yield name, m.group(1), int(m.group(2))


def test_every_dated_title_matches_the_fact_sheet():
    wrong = []
    for where, title, year in dated_titles():
        expected = FILM_YEARS.get(title)
        if expected != year:
            wrong.append(f"{where}: *{title}* ({year}), fact sheet: {expected or 'not listed'}")
    assert not wrong, "\n".join(wrong)


def test_dated_title_check_reads_the_essay():
    found = {title for _, title, _ in dated_titles()}
    # The check above is only worth something if it sees the essay's many dated titles.
    assert {"Spellbound", "Psycho", "Star Wars", "Forbidden Planet"} <= found
    assert len(found) >= 30


def test_life_dates_match_the_fact_sheet():
    flat = re.sub(r"\s+", " ", prose(essay().body))
    seen = 0
    for m in _LIFE.finditer(flat):
        name, born, died = m.group(1), int(m.group(2)), int(m.group(3))
        for key, dates in LIFE_DATES.items():
            if name.endswith(key.split()[-1]) and (len(key.split()) == 1 or key in name):
                seen += 1
                assert (born, died) == dates, f"{name} ({born}–{died}), fact sheet: {dates}"
    assert seen >= 3


#: Errors found in sources (fact sheet section J), and claims it says not to repeat.
KNOWN_ERRORS = {
    r"Apocalypse Now\*?,? \(1978": "Apocalypse Now is 1979",
    r"White Sheik\*?,? \(1951": "The White Sheik is 1952",
    r"Tron\*?,? \(1983": "Tron is 1982",
    r"pact[^.]{0,40}1940": "the Nazi–Soviet pact was August 1939",
    r"Flight of the Valkyries": "the title is 'Ride of the Valkyries'",
    r"Killers of the Flower Moon": "that score was Robbie Robertson's",
    r"public[- ]domain music": "the 2001 Ligeti works are copyrighted",
    r"Elisabetta": "the recycling story belongs to The Barber of Seville",
}


@pytest.mark.parametrize("pattern", list(KNOWN_ERRORS))
def test_known_source_errors_are_not_repeated(pattern):
    for where, text in texts():
        flat = re.sub(r"\s+", " ", text)
        assert not re.search(pattern, flat), f"{where}: {KNOWN_ERRORS[pattern]}"


#: Claims the fact sheet marks unverified or weak that the essay leaves out.
LEFT_OUT = {
    "Axt": "Don Juan's composer is unverified",
    "Mendoza": "Don Juan's composer is unverified",
    "Lights of New York": "weak source",
    "Lorre": "Lang's whistling story is weak/unverified",
    "Op. 78": "Nevsky cantata opus is unverified",
    "Khachaturian": "copyright status unverified",
    "Solti": "the Apocalypse Now recording is unverified",
    "35%": "the current Academy rule is in conflict",
    "60%": "the current Academy rule is in conflict",
    "first solo woman": "weak source",
    "Amos 'n' Andy": "weak source",
    "Ludovico": "weak source",
}


@pytest.mark.parametrize("needle", list(LEFT_OUT))
def test_unverified_claims_are_left_out(needle):
    for where, text in texts():
        assert needle not in text, f"{where}: {needle!r} — {LEFT_OUT[needle]}"


#: Weak claims the essay keeps: the sentence that makes the claim must carry a hedge.
HEDGED = {
    "Lumière": ("said to", "reported"),
    "harmonium player": ("reported", "said to"),
    "theremin player": ("reportedly",),
    "CS-80": ("usually described", "reportedly"),
    "word: terror": ("reported", "reportedly", "is said"),
    "E and F": ("usually given", "often given"),
    "Lahdelma": ("suggests", "may"),
    "before about 1910": ("may", "suggests"),
}


@pytest.mark.parametrize("anchor", list(HEDGED))
def test_weak_claims_are_hedged(anchor):
    found = [s for s in sentences(body_prose(essay())) if anchor in s]
    assert found, f"no sentence mentions {anchor!r}; drop it from HEDGED if the claim was cut"
    for sentence in found:
        assert any(h in sentence for h in HEDGED[anchor]), sentence


def test_conflicts_are_handled_as_the_fact_sheet_advises():
    text = re.sub(r"\s+", " ", body_prose(essay()))
    # Premiere of L'Assassinat du duc de Guise: sources give 16, 17 and 18 November 1908.
    assert "November 1908" in text
    assert not re.search(r"1[678] November 1908", text)
    # Spielberg–Williams: 28th, 29th or 31st film; the safe wording is "nearly thirty".
    assert "nearly thirty" in text
    assert not re.search(r"\b(28th|29th|31st)\b", text)
    # Hitchcock–Herrmann: seven scores, nine films counting The Birds and Torn Curtain.
    assert re.search(r"seven scores for Hitchcock", text) and "nine consecutive films" in text
    # Psycho's strings: budget and aesthetics both reported.
    assert "budget" in text and "aesthetic" in text
    # Ligeti and 2001: both the popular story and Heimerdinger's correction.
    assert "Heimerdinger" in text and "popular" in text
    # Don Juan: 6 August, not the mailing list's 17 August.
    assert "6 August 1926" in text and "17 August" not in text
    # Steiner's King Kong: a landmark, not the first dramatic score.
    assert "landmark" in section_about("King Kong", text)
    # Perlman: who chose him is disputed, so the essay does not say.
    assert not re.search(r"(suggested|sought out|chose) (Itzhak )?Perlman", text)
    # The Imperial March belongs to The Empire Strikes Back (1980), not to the 1977 film.
    march = [s for s in sentences(text) if "Imperial March" in s]
    assert march and all("not in the 1977 film" in s or "Empire" in s for s in march)
    # Nolan and Zimmer are not still working together.
    assert "ended when Zimmer" in text


def section_about(topic: str, text: str) -> str:
    return " ".join(s for s in sentences(text) if topic in s or "landmark" in s)


def test_composition_and_performance_are_both_credited():
    text = re.sub(r"\s+", " ", body_prose(essay()))
    assert re.search(r"Williams composed[^.]*Perlman", text)
    assert "Roger Sayer" in text  # Interstellar's organist, beside Zimmer the composer
    assert "Tommy Johnson" in text  # Jaws's tuba player
    assert "Vic Flick" in text  # the Bond guitar


def test_birth_of_a_nation_is_framed_as_racist():
    text = re.sub(r"\s+", " ", body_prose(essay()))
    sentence = [s for s in sentences(text) if "Ku Klux Klan" in s]
    assert sentence and any("racist" in s for s in sentence)


def stated_link_count(text: str) -> int:
    """The number of links the prose says the list holds ("… 166 links …")."""
    m = re.search(r"(\d+) links", re.sub(r"\s+", " ", text))
    assert m, "the text does not say how many links the list holds"
    return int(m.group(1))


def test_sources_page_lists_every_source_once_in_its_group():
    """Issue 4: every fact's source is linked. The list lives on its own page (content/pages/
    sources.md), one group per section of the essay, each under a heading with an id."""
    page = sources()
    assert [(h.level, h.id, h.title) for h in headings(page)] == [
        (2, gid, title) for gid, (title, _) in SOURCE_GROUPS.items()
    ]
    links = WEB_LINK.findall(page.body)
    assert len(links) >= 160, f"only {len(links)} links: sources were lost"
    assert len(links) == len(set(links)), "a source is listed twice"
    assert stated_link_count(page.body) == len(links)
    essay_ids = {h.id for h in headings(essay())}
    for gid, (title, section) in SOURCE_GROUPS.items():
        group = heading_text(page, gid)
        assert len(WEB_LINK.findall(group)) >= 3, f"{title}: too few sources"
        assert section in essay_ids, f"{title}: the essay has no section #{section}"
        assert f"({{filename}}../essay.md#{section})" in group, (
            f"{title}: no link back to #{section}"
        )


def test_essay_sources_section_leads_to_every_group():
    section = section_text(essay(), "sources")
    assert "({filename}pages/sources.md)" in section, "no link to the sources page"
    for gid in SOURCE_GROUPS:
        assert f"({{filename}}pages/sources.md#{gid})" in section, f"no link to the group #{gid}"
    assert "Where sources disagree" in section
    assert stated_link_count(section) == len(WEB_LINK.findall(sources().body))
    # The links themselves are on the sources page only, where a reader looks for them.
    assert WEB_LINK.findall(section) == []

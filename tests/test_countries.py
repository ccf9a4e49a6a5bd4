"""Tests for diplotrack.countries: codes, English and translated names, historic countries, datasets."""

from __future__ import annotations

import re
from datetime import date

import pytest

from diplotrack import countries
from diplotrack.countries import (
    AmbiguousCountry,
    Country,
    CountryError,
    CountryResolver,
    Entity,
    UnknownCountry,
)


@pytest.fixture(scope="module")
def resolver() -> CountryResolver:
    return CountryResolver.builtin()


def code_of(resolver: CountryResolver, text: str) -> str:
    return resolver.resolve(text).code


# --- codes ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["AM", "am", "Am", "ARM", "arm", " am "])
def test_codes_in_any_case(resolver: CountryResolver, text: str) -> None:
    assert resolver.resolve(text) == Country("AM", "Armenia")


@pytest.mark.parametrize(("text", "code"), [("NO", "NO"), ("no", "NO"), ("NOR", "NO"), ("DEU", "DE")])
def test_code_that_looks_like_a_word(resolver: CountryResolver, text: str, code: str) -> None:
    assert code_of(resolver, text) == code


@pytest.mark.parametrize(("text", "code"), [("GE", "GE"), ("BY", "BY"), ("SK", "SK"), ("ATF", "TF")])
def test_current_country_wins_a_code_over_historic(resolver: CountryResolver, text: str, code: str) -> None:
    country = resolver.resolve(text)
    assert country.code == code
    assert not country.historic


def test_georgia_is_not_gilbert_islands(resolver: CountryResolver) -> None:
    assert resolver.resolve("GE").name == "Georgia"
    assert resolver.resolve("GEHH").name == "Gilbert and Ellice Islands"
    assert resolver.resolve("GEL").code == "GEHH"


# --- English names ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Armenia", "AM"),
        ("Republic of Armenia", "AM"),
        ("Russian Federation", "RU"),
        ("Korea, Republic of", "KR"),
        ("Republic of Korea", "KR"),
        ("Democratic People's Republic of Korea", "KP"),
        ("Bolivia, Plurinational State of", "BO"),
        ("Plurinational State of Bolivia", "BO"),
        ("Bolivia", "BO"),
        ("Congo", "CG"),
        ("Democratic Republic of the Congo", "CD"),
        ("British Virgin Islands", "VG"),
        ("Falkland Islands", "FK"),
        ("Holy See", "VA"),
        ("United Kingdom of Great Britain and Northern Ireland", "GB"),
    ],
)
def test_english_iso_names(resolver: CountryResolver, text: str, code: str) -> None:
    assert code_of(resolver, text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Russia", "RU"),
        ("Turkey", "TR"),
        ("Iran", "IR"),
        ("South Korea", "KR"),
        ("North Korea", "KP"),
        ("Vietnam", "VN"),
        ("Syria", "SY"),
        ("Laos", "LA"),
        ("Venezuela", "VE"),
        ("Tanzania", "TZ"),
        ("Moldova", "MD"),
        ("Czech Republic", "CZ"),
        ("Czechia", "CZ"),
        ("Ivory Coast", "CI"),
        ("Vatican", "VA"),
        ("Vatican City", "VA"),
        ("Macedonia", "MK"),
        ("North Macedonia", "MK"),
        ("Swaziland", "SZ"),
        ("Burma", "MM"),
        ("East Timor", "TL"),
        ("Cape Verde", "CV"),
        ("Brunei", "BN"),
        ("Taiwan", "TW"),
        ("Palestine", "PS"),
        ("Micronesia", "FM"),
        ("UK", "GB"),
        ("Britain", "GB"),
        ("Great Britain", "GB"),
        ("USA", "US"),
        ("America", "US"),
        ("United States", "US"),
        ("U.S.", "US"),
        ("West Germany", "DE"),
    ],
)
def test_everyday_names(resolver: CountryResolver, text: str, code: str) -> None:
    assert code_of(resolver, text) == code


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("RU", "Russia"),
        ("IR", "Iran"),
        ("KR", "South Korea"),
        ("VN", "Vietnam"),
        ("TR", "Türkiye"),
        ("CZ", "Czechia"),
        ("GB", "United Kingdom"),
        ("US", "United States"),
        ("VA", "Vatican City"),
        ("PS", "Palestine"),
        ("AM", "Armenia"),
    ],
)
def test_display_names(resolver: CountryResolver, code: str, name: str) -> None:
    assert resolver.get(code).name == name


# --- normalisation ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("cote d'ivoire", "CI"),
        ("C\u00f4te d\u2019Ivoire", "CI"),  # right single quotation mark
        ("COTE D IVOIRE", "CI"),
        ("TÜRKIYE", "TR"),
        ("turkiye", "TR"),
        ("Curacao", "CW"),
        ("Guinea Bissau", "GW"),
        ("guinea\u2013bissau", "GW"),  # en dash
        ("The Gambia", "GM"),
        ("the  netherlands", "NL"),
        ("Bosnia & Herzegovina", "BA"),
        ("Saint Kitts & Nevis", "KN"),
        ("St. Lucia", "LC"),
    ],
)
def test_case_accents_and_punctuation_do_not_matter(resolver: CountryResolver, text: str, code: str) -> None:
    assert code_of(resolver, text) == code


# --- translations -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Armenien", "AM"),
        ("Kasachstan", "KZ"),
        ("Arménie", "AM"),
        ("armenie", "AM"),
        ("Армения", "AM"),
        ("армения", "AM"),
        ("Ermənistan", "AM"),
        ("Казахстан", "KZ"),
        ("Йемен", "YE"),
        ("Aserbaidschan", "AZ"),
        ("Türkei", "TR"),
        ("Deutschland", "DE"),
        ("Ελλάδα", "GR"),
        ("日本", "JP"),
        ("UdSSR", "SU"),
        ("Jugoslawien", "YU"),
    ],
)
def test_translated_names(resolver: CountryResolver, text: str, code: str) -> None:
    assert code_of(resolver, text) == code


def test_a_stray_mistranslation_is_outvoted(resolver: CountryResolver) -> None:
    # Occitan's ISO file translates "Republic of Nicaragua" as "Paraguai"; seven languages call Paraguay so.
    assert code_of(resolver, "Paraguai") == "PY"


def test_translation_index_is_built_only_when_needed(resolver: CountryResolver) -> None:
    countries._translation_index.cache_clear()
    for text in ("AM", "arm", "Armenia", "Russia", "Soviet Union", "SUHH", "turkiye"):
        resolver.resolve(text)
    assert countries._translation_index.cache_info().currsize == 0
    assert code_of(resolver, "Armenien") == "AM"
    assert countries._translation_index.cache_info().currsize == 1


# --- Kosovo and historic countries --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["XK", "xk", "XKX", "Kosovo", "Kosova", "Kosovë", "kosove"])
def test_kosovo(resolver: CountryResolver, text: str) -> None:
    assert resolver.resolve(text) == Country("XK", "Kosovo")


@pytest.mark.parametrize(
    ("text", "code", "name", "until"),
    [
        ("SU", "SU", "Soviet Union", date(1992, 8, 30)),
        ("SUN", "SU", "Soviet Union", date(1992, 8, 30)),
        ("Soviet Union", "SU", "Soviet Union", date(1992, 8, 30)),
        ("USSR", "SU", "Soviet Union", date(1992, 8, 30)),
        ("Union of Soviet Socialist Republics", "SU", "Soviet Union", date(1992, 8, 30)),
        ("Yugoslavia", "YU", "Yugoslavia", date(2003, 7, 23)),
        ("East Germany", "DD", "East Germany", date(1990, 10, 30)),
        ("GDR", "DD", "East Germany", date(1990, 10, 30)),
        ("German Democratic Republic", "DD", "East Germany", date(1990, 10, 30)),
        ("Czechoslovakia", "CSHH", "Czechoslovakia", date(1993, 6, 15)),
        ("CSK", "CSHH", "Czechoslovakia", date(1993, 6, 15)),
        ("Serbia and Montenegro", "CSXX", "Serbia and Montenegro", date(2006, 9, 26)),
        ("Byelorussian SSR", "BYAA", "Byelorussian SSR", date(1992, 6, 15)),
        ("TP", "TP", "East Timor", date(2002, 5, 20)),
        ("Upper Volta", "HV", "Upper Volta", date(1984, 1, 1)),  # ISO gives only the year
    ],
)
def test_historic_countries(resolver: CountryResolver, text: str, code: str, name: str, until: date) -> None:
    assert resolver.resolve(text) == Country(code, name, until=until, historic=True)


def test_exists_on() -> None:
    soviet_union = CountryResolver.builtin().resolve("SU")
    assert soviet_union.exists_on(date(1991, 12, 25))
    assert soviet_union.exists_on(date(1992, 8, 29))
    assert not soviet_union.exists_on(date(1992, 8, 30))
    assert not soviet_union.exists_on(date(2024, 1, 1))
    assert CountryResolver.builtin().resolve("RU").exists_on(date(1800, 1, 1))


# --- unknown and ambiguous ----------------------------------------------------------------------------------


def test_unknown_with_suggestions(resolver: CountryResolver) -> None:
    with pytest.raises(UnknownCountry) as caught:
        resolver.resolve("Armenai")
    assert caught.value.text == "Armenai"
    assert caught.value.suggestions[0] == "Armenia"
    assert len(caught.value.suggestions) <= 3
    assert "United Arab Emirates" not in caught.value.suggestions  # not for its code ARE
    assert str(caught.value).startswith("unknown country 'Armenai'; did you mean Armenia")


def test_suggestions_use_display_names(resolver: CountryResolver) -> None:
    with pytest.raises(UnknownCountry) as caught:
        resolver.resolve("Russsia")
    assert "Russia" in caught.value.suggestions


def test_unknown_without_suggestions(resolver: CountryResolver) -> None:
    with pytest.raises(UnknownCountry) as caught:
        resolver.resolve("Qwxzzyq")
    assert caught.value.suggestions == ()
    assert str(caught.value) == "unknown country 'Qwxzzyq'; use an ISO code or an English name"


def test_empty_text_is_unknown(resolver: CountryResolver) -> None:
    with pytest.raises(UnknownCountry):
        resolver.resolve("  ")


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Korea", ("KP", "KR")),
        ("Virgin Islands", ("VG", "VI")),
        ("CS", ("CSHH", "CSXX")),  # Czechoslovakia and Serbia and Montenegro share the historic alpha-2
    ],
)
def test_real_ambiguities(resolver: CountryResolver, text: str, codes: tuple[str, ...]) -> None:
    with pytest.raises(AmbiguousCountry) as caught:
        resolver.resolve(text)
    assert caught.value.text == text
    assert tuple(country.code for country in caught.value.candidates) == codes


def test_ambiguous_message_lists_codes_and_names(resolver: CountryResolver) -> None:
    with pytest.raises(AmbiguousCountry) as caught:
        resolver.resolve("Korea")
    message = str(caught.value)
    assert "KP North Korea, KR South Korea" in message
    assert "\n" not in message
    assert isinstance(caught.value, CountryError)


# --- the whole vocabulary -----------------------------------------------------------------------------------


def test_every_country_resolves_by_its_code_and_current_ones_by_their_name(resolver: CountryResolver) -> None:
    everything = resolver.all()
    assert len({country.code for country in everything}) == len(everything)
    for country in everything:
        assert resolver.resolve(country.code) == country
        assert resolver.get(country.code) == country
        if not country.historic:
            assert resolver.resolve(country.name) == country


def test_all_holds_current_kosovo_and_historic(resolver: CountryResolver) -> None:
    codes = [country.code for country in resolver.all()]
    assert {"AM", "XK", "SU", "CSHH", "CSXX", "DD"} <= set(codes)
    assert len(codes) > 270
    assert codes.index("ZW") < codes.index("AIDJ")  # current ones first


def test_get_unknown_code(resolver: CountryResolver) -> None:
    assert resolver.get("am").code == "AM"
    with pytest.raises(KeyError):
        resolver.get("ARM")  # an alpha-3 is not a canonical code
    with pytest.raises(KeyError):
        resolver.get("QQ")


def test_builtin_is_cached() -> None:
    assert CountryResolver.builtin() is CountryResolver.builtin()


# --- dataset entities and aliases ---------------------------------------------------------------------------

NAGORNO_KARABAKH = Entity(
    code="X-NKR",
    name="Nagorno-Karabakh",
    aliases=("Artsakh", "Bergkarabach", "Berg-Karabach"),
    until=date(2024, 1, 1),
)
NORTHERN_CYPRUS = Entity(code="X-TRNC", name="Turkish Republic of Northern Cyprus")


@pytest.fixture(scope="module")
def dataset(resolver: CountryResolver) -> CountryResolver:
    extended, left_out = resolver.extended(
        [NAGORNO_KARABAKH, NORTHERN_CYPRUS],
        {"Türkiye Cumhuriyeti": "Turkey", "Northern Cyprus": "X-TRNC", "Korea": "South Korea"},
    )
    assert left_out == []
    return extended


@pytest.mark.parametrize(
    "text",
    ["X-NKR", "x-nkr", "Nagorno-Karabakh", "nagorno karabakh", "Artsakh", "Bergkarabach", "Berg-Karabach"],
)
def test_entity(dataset: CountryResolver, text: str) -> None:
    assert dataset.resolve(text) == Country("X-NKR", "Nagorno-Karabakh", until=date(2024, 1, 1))


def test_entity_until(dataset: CountryResolver) -> None:
    entity = dataset.get("X-NKR")
    assert entity.exists_on(date(2023, 12, 31))
    assert not entity.exists_on(date(2024, 1, 1))


def test_dataset_aliases(dataset: CountryResolver) -> None:
    assert dataset.resolve("Türkiye Cumhuriyeti").code == "TR"
    assert dataset.resolve("turkiye cumhuriyeti").code == "TR"
    assert dataset.resolve("Northern Cyprus").code == "X-TRNC"
    assert dataset.resolve("Korea").code == "KR"  # a dataset may settle a built-in ambiguity


def test_extended_keeps_builtin_and_leaves_it_alone(
    resolver: CountryResolver, dataset: CountryResolver
) -> None:
    assert dataset.resolve("Armenien").code == "AM"
    assert dataset.all()[-2:] == (dataset.get("X-NKR"), dataset.get("X-TRNC"))
    with pytest.raises(UnknownCountry):
        resolver.resolve("Artsakh")
    with pytest.raises(KeyError):
        resolver.get("X-NKR")


def test_entity_name_colliding_with_a_country_is_ambiguous(resolver: CountryResolver) -> None:
    extended, _ = resolver.extended([Entity("X-MAC", "Macedonia (region)", aliases=("Macedonia",))], {})
    with pytest.raises(AmbiguousCountry) as caught:
        extended.resolve("Macedonia")
    assert {country.code for country in caught.value.candidates} == {"MK", "X-MAC"}
    assert "MK North Macedonia" in str(caught.value)


def test_alias_colliding_with_a_country_is_ambiguous(resolver: CountryResolver) -> None:
    extended, _ = resolver.extended([], {"Georgia": "US"})  # the U.S. state, wrongly put in as a country
    with pytest.raises(AmbiguousCountry) as caught:
        extended.resolve("Georgia")
    assert {country.code for country in caught.value.candidates} == {"GE", "US"}


@pytest.mark.parametrize("target", ["Atlantis", "X-NOPE", "Korea"])
def test_alias_with_bad_target_is_left_out_alone(resolver: CountryResolver, target: str) -> None:
    extended, left_out = resolver.extended([NORTHERN_CYPRUS], {"Somewhere": target, "Nordzypern": "X-TRNC"})
    assert [item for item, _ in left_out] == ["Somewhere"]
    assert re.search(f"country alias 'Somewhere': .*{target}", str(left_out[0][1]))
    assert extended.resolve("Nordzypern").code == "X-TRNC"  # the good ones are kept


@pytest.mark.parametrize("code", ["AM", "arm", "SU", "suhh", "XK"])
def test_entity_code_clash(resolver: CountryResolver, code: str) -> None:
    _, left_out = resolver.extended([Entity(code, "Somewhere")], {})
    assert "already used by" in str(left_out[0][1])


def test_entity_code_clash_between_entities(resolver: CountryResolver) -> None:
    extended, left_out = resolver.extended([NAGORNO_KARABAKH, Entity("x-nkr", "Again")], {})
    assert "already used by X-NKR Nagorno-Karabakh" in str(left_out[0][1])
    assert extended.resolve("Artsakh").code == "X-NKR"


@pytest.mark.parametrize("code", ["X", "X-TOO-LONG", "X NKR", "X_NKR"])
def test_entity_code_format(resolver: CountryResolver, code: str) -> None:
    _, left_out = resolver.extended([Entity(code, "Somewhere")], {})
    assert "2 to 8 letters, digits or dashes" in str(left_out[0][1])


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Россия", "RU"),
        ("Sowjetunion", "SU"),
        ("Советский Союз", "SU"),
        ("Hayastan", "AM"),
        ("Sakartvelo", "GE"),
    ],
)
def test_everyday_names_in_other_languages(resolver: CountryResolver, text: str, code: str) -> None:
    assert resolver.resolve(text).code == code


def test_suggestions_are_scored_against_names_in_every_language(resolver: CountryResolver) -> None:
    with pytest.raises(UnknownCountry) as caught:
        resolver.resolve("Deutchland")
    assert caught.value.suggestions[0] == "Germany"

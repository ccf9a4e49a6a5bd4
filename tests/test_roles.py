"""Office classes from role text, in the languages sources write them."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources

import pytest
import yaml

from diplotrack.countries import CountryResolver
from diplotrack.roles import OfficeClass, _vocabulary, classify_role

HOS, HOG, FM = OfficeClass.HEAD_OF_STATE, OfficeClass.HEAD_OF_GOVERNMENT, OfficeClass.FOREIGN_MINISTER


def _cases(expected: OfficeClass, *roles: str) -> list[tuple[str, OfficeClass]]:
    return [(role, expected) for role in roles]


ENGLISH = [
    *_cases(
        HOS, "President", "president of Kazakhstan", "King", "Emir", "President of the Republic of Kazakhstan"
    ),
    *_cases(HOS, "Kazakh President", "Kazakhstan's President", "the President of Georgia", "US President"),
    *_cases(HOS, "President of Korea"),  # ambiguous, but a country either way
    *_cases(
        HOG, "Prime Minister", "Chancellor", "Premier", "Armenian Prime Minister", "Prime Minister of Armenia"
    ),
    *_cases(HOG, "Chairman of the Cabinet of Ministers of Kyrgyzstan", "Federal Chancellor of Germany"),
    *_cases(FM, "Foreign Minister", "Minister of Foreign Affairs of Armenia", "Secretary of State"),
    *_cases(FM, "Minister of Foreign Affairs of the Republic of Armenia", "Azerbaijani Foreign Minister"),
]
GERMAN = [
    *_cases(HOS, "Präsident", "Staatspräsident", "Bundespräsident", "Präsidentin", "Präsident Kasachstans"),
    *_cases(
        HOS, "Präsident der Republik Kasachstan", "Präsident von Kasachstan", "der kasachische Präsident"
    ),
    *_cases(HOS, "kasachischer Präsident", "Staatsoberhaupt"),
    *_cases(
        HOG, "Bundeskanzler", "Bundeskanzlerin", "Ministerpräsident", "Premierminister", "Regierungschef"
    ),
    *_cases(HOG, "Ministerpräsident Armeniens", "armenischer Regierungschef"),
    *_cases(FM, "Außenminister", "Aussenminister", "Bundesaußenminister", "Außenministerin"),
    *_cases(FM, "Außenminister Aserbaidschans", "Bundesminister des Auswärtigen"),
]
RUSSIAN = [
    *_cases(HOS, "Президент", "Президент Республики Казахстан", "Президент Казахстана", "Президент России"),
    *_cases(HOS, "Президент Беларуси", "Президент Украины", "казахстанский президент", "Глава государства"),
    *_cases(HOG, "Премьер-министр", "Председатель Правительства", "Премьер-министр Армении"),
    *_cases(HOG, "Председатель Правительства Российской Федерации", "Председатель Кабинета Министров"),
    *_cases(FM, "Министр иностранных дел", "Министр иностранных дел России", "Глава МИД"),
]
FRENCH = [
    *_cases(HOS, "Président", "Président de la République", "Présidente de la République", "La Présidente"),
    *_cases(HOS, "Président de la République du Kazakhstan", "le président kazakh", "Chef de l'État"),
    *_cases(HOG, "Premier ministre", "Première ministre", "Premier ministre d'Arménie", "Chancelier fédéral"),
    *_cases(FM, "Ministre des Affaires étrangères", "Ministre de l'Europe et des Affaires étrangères"),
]
SPANISH = [
    *_cases(HOS, "Presidente", "Presidenta", "Presidente de la República", "Presidente de Kazajistán"),
    *_cases(HOG, "Presidente del Gobierno", "Presidente del Gobierno de España", "Primer Ministro"),
    *_cases(FM, "Ministro de Asuntos Exteriores", "Ministra de Relaciones Exteriores"),
    *_cases(FM, "Ministro de Asuntos Exteriores, Unión Europea y Cooperación"),
]
TURKISH = [
    *_cases(HOS, "Cumhurbaşkanı", "Cumhurbaskani", "Azerbaycan Cumhurbaşkanı", "Kazakistan Cumhurbaşkanı"),
    *_cases(HOG, "Başbakan", "Ermenistan Başbakanı"),
    *_cases(FM, "Dışişleri Bakanı", "Kazakistan Dışişleri Bakanı"),
]
REGION = [
    *_cases(
        HOS, "Мемлекет басшысы", "Prezident", "Azərbaycan Prezidenti", "Dövlət başçısı", "Davlat rahbari"
    ),
    *_cases(HOS, "Նախագահ", "Հայաստանի Հանրապետության նախագահ", "პრეზიდენტი", "საქართველოს პრეზიდენტი"),
    *_cases(HOG, "Министрлер Кабинетинин Төрагасы", "Bosh vazir", "Baş nazir", "Վարչապետ"),
    *_cases(HOG, "Հայաստանի Հանրապետության վարչապետ", "პრემიერ-მინისტრი", "სომხეთის პრემიერ-მინისტრი"),
    *_cases(
        FM, "Сыртқы істер министрі", "Тышкы иштер министри", "Tashqi ishlar vaziri", "Xarici işlər naziri"
    ),
    *_cases(FM, "Արտաքին գործերի նախարար", "საგარეო საქმეთა მინისტრი"),
]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        *[pytest.param(role, cls, id=f"en-{role}") for role, cls in ENGLISH],
        *[pytest.param(role, cls, id=f"de-{role}") for role, cls in GERMAN],
        *[pytest.param(role, cls, id=f"ru-{role}") for role, cls in RUSSIAN],
        *[pytest.param(role, cls, id=f"fr-{role}") for role, cls in FRENCH],
        *[pytest.param(role, cls, id=f"es-{role}") for role, cls in SPANISH],
        *[pytest.param(role, cls, id=f"tr-{role}") for role, cls in TURKISH],
        *[pytest.param(role, cls, id=f"region-{role}") for role, cls in REGION],
    ],
)
def test_titles_in_many_languages(role: str, expected: OfficeClass) -> None:
    assert classify_role(role) is expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        *_cases(
            HOS,
            "Acting President",
            "acting president of Kazakhstan",
            "President-elect",
            "amtierender Präsident",
        ),
        *_cases(HOS, "der amtierende kasachische Präsident", "исполняющий обязанности президента"),
        *_cases(HOS, "и.о. президента Республики Казахстан", "Président par intérim", "Cumhurbaşkanı Vekili"),
        *_cases(HOS, "Presidente interino", "geschäftsführende Präsidentin"),
        *_cases(
            HOG, "Interim Prime Minister", "Prime Minister-designate", "Prime Minister designate of Armenia"
        ),
        *_cases(
            HOG, "kommissarischer Ministerpräsident", "и. о. премьер-министра", "врио главы правительства"
        ),
        *_cases(
            HOG,
            "Presidente del Gobierno en funciones",
            "Premier ministre désigné",
            "Caretaker Prime Minister",
        ),
        *_cases(HOG, "Başbakan Vekili", "исполняющая обязанности председателя Правительства"),
        *_cases(FM, "Acting Foreign Minister", "и. о. министра иностранных дел", "Dışişleri Bakanı Vekili"),
    ],
)
def test_acting_forms_keep_the_class(role: str, expected: OfficeClass) -> None:
    assert classify_role(role) is expected


@pytest.mark.parametrize(
    "role",
    [
        # Presidents and chairs of other bodies: what follows "of" is no country.
        "President of the National Assembly",
        "President of the European Commission",
        "President of the Constitutional Court",
        "President of the Senate",
        "Acting President of the National Assembly",
        "Président de l'Assemblée nationale",
        "Президент Академии наук",
        "Ազգային ժողովի նախագահ",
        "Chancellor of the Exchequer",
        "Secretary of State for Defence",
        "Ministerpräsident von Bayern",
        "Chairman of the Senate",
        "Chairman of the Parliament",
        "Speaker of Parliament",
        "Speaker",
        # Deputies: "Vice", "Deputy", "Stellvertretender" are no countries.
        "Vice President",
        "Vizepräsident",
        "Вице-президент",
        "Cumhurbaşkanı Yardımcısı",
        "Deputy Prime Minister",
        "First Deputy Prime Minister",
        "Stellvertretender Ministerpräsident",
        "Заместитель Председателя Правительства",
        "Первый заместитель Председателя Правительства",
        "Vice-Premier",
        "Deputy Foreign Minister",
        "Dışişleri Bakan Yardımcısı",
        "Staatssekretär im Auswärtigen Amt",
        # Articles and short words are not read as ISO codes ("il" is Israel's, "la" Laos's).
        "Il Presidente della Camera",
        "President la",
        # A name is not a country.
        "President Tokayev",
        "Minister of Education",
        "",
        None,
    ],
)
def test_other_offices_match_nothing(role: str | None) -> None:
    assert classify_role(role) is None


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("Deputy Prime Minister – Minister of Foreign Affairs", FM),
        ("Deputy Prime Minister and Minister of Foreign Affairs", FM),
        ("Minister of Foreign Affairs and European Integration", FM),
        ("Prime Minister; Minister of Foreign Affairs", HOG),
        ("Vice President, Acting President", HOS),
        ("Deputy Prime Minister – Minister of Education", None),
    ],
)
def test_roles_naming_several_offices(role: str, expected: OfficeClass | None) -> None:
    assert classify_role(role) is expected


def test_vocabulary_is_consistent() -> None:
    vocabulary = _vocabulary()
    resolver = CountryResolver.builtin()
    # Every adjective and abbreviation names a real country code.
    for code in {*vocabulary.adjectives.values(), *vocabulary.abbreviations.values()}:
        assert resolver.get(code).code == code
    # Stems are declined: "kasachisch*" gives the German and Russian forms.
    assert vocabulary.adjectives["kasachischer"] == "KZ"
    assert vocabulary.adjectives["казахстанскии"] == "KZ"  # normalised й
    # Every class has titles in each of the six main languages.
    text = resources.files("diplotrack.data").joinpath("roles.yaml").read_text(encoding="utf-8")
    titles = yaml.safe_load(text)["titles"]
    assert set(titles) == {HOS, HOG, FM}
    for languages in titles.values():
        assert {"en", "de", "ru", "fr", "es", "tr"} <= set(languages)


def test_importing_roles_does_not_load_the_country_resolver() -> None:
    code = "import sys, diplotrack.roles; print('pycountry' in sys.modules, 'diplotrack.countries' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]

"""Reading KATO files: both layouts, broken rows, unreadable files, and the derived tree of the official layout."""

import csv
from collections import Counter
from pathlib import Path

import pytest
from django.utils import translation

from apps.territories.importers import (
    KINDS,
    ROOT_CODE,
    ImportFileError,
    PopulationRow,
    RowError,
    TerritoryRow,
    derive_kind,
    derive_parent,
    read_population,
    read_territories,
)

SAMPLES = Path(__file__).with_name("samples")
OFFICIAL_HEADER = ["te", "ab", "cd", "ef", "hij", "k", "name_kaz", "name_rus", "nn"]


def reference_file(name: str) -> Path:
    """The shipped copy in the app, or the shared data directory it is copied from."""
    for folder in (
        Path(__file__).resolve().parents[2] / "apps" / "territories" / "data",
        Path("/work/shared/data/kato"),
    ):
        if (folder / name).exists():
            return folder / name
    pytest.skip(f"{name} is not available")


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in their source language; the project's default language is Kazakh.
    with translation.override("en"):
        yield


def by_code(rows: list[TerritoryRow]) -> dict[str, TerritoryRow]:
    return {row.code: row for row in rows}


def write_official_csv(path: Path, rows: list[list[str]], *, preamble: list[list[str]] = ()) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerows(preamble)
        writer.writerow(OFFICIAL_HEADER)
        writer.writerows(rows)
    return path


def official_row(code: str, name_kk: str, name_ru: str) -> list[str]:
    return [code, code[:2], code[2:4], code[4:6], code[6:], "", name_kk, name_ru, ""]


# --------------------------------------------------------------------------- civic layout


def test_civic_csv_is_read_with_names_normalised():
    result = read_territories(SAMPLES / "civic_good.csv")

    assert result.layout == "civic"
    assert result.errors == []
    assert [row.code for row in result.rows] == [
        "000000000",
        "100000000",
        "101000000",
        "101010000",
        "103200000",
        "103230000",
        "103230100",
        "552244500",
    ]
    rows = by_code(result.rows)
    assert rows["000000000"] == TerritoryRow(
        2, "000000000", None, "country", "Қазақстан Республикасы", "Республика Казахстан", "Republic of Kazakhstan"
    )
    assert rows["100000000"].name_en == "Abai Region"
    assert rows["101010000"].name_kk == "Семей қ."  # doubled space collapsed
    assert rows["103200000"].name_kk == "Абай ауданы"  # NBSP and trailing space
    assert rows["103200000"].name_ru == "Абайский район"  # leading spaces
    assert rows["103230100"] == TerritoryRow(8, "103230100", "103230000", "village", "Қараауыл а.", "с.Карааул", "")
    # Quoted quotes survive; the parent 552244000 is not in the file, which is the service's concern.
    assert rows["552244500"].name_ru == 'с."Ќўрылысшы"'
    assert rows["552244500"].parent_code == "552244000"


def test_semicolon_csv_with_bom_crlf_and_untidy_header():
    result = read_territories(SAMPLES / "civic_semicolon.csv")

    assert result.layout == "civic"
    assert [(row.line, row.code, row.parent_code, row.kind) for row in result.rows] == [
        (2, "750000000", "000000000", "city_republican"),
        (3, "751110000", "750000000", "city_district_of_city"),
        (6, "792000000", "790000000", "district"),
    ]
    assert by_code(result.rows)["750000000"].name_en == "Almaty"
    assert by_code(result.rows)["792000000"].name_kk == "Тест; ауданы"  # quoted delimiter
    assert by_code(result.rows)["792000000"].name_ru == 'район "Тест"'
    assert result.errors == [RowError(4, "751110000", "The code 751110000 already appears on line 3.")]


def test_broken_rows_are_refused_one_by_one_and_the_rest_is_kept():
    result = read_territories(SAMPLES / "civic_broken.csv")

    assert [(row.line, row.code, row.kind) for row in result.rows] == [
        (2, "103230000", "rural_district"),
        (11, "103230600", "village"),  # «VILLAGE»: kinds are case-insensitive
    ]
    errors = {error.line: error for error in result.errors}
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9, 10, 12, 13]
    assert errors[3] == RowError(3, "", "The code “12345” is not a 9-digit KATO code.")
    assert errors[4] == RowError(4, "", "The code “10323010A” is not a 9-digit KATO code.")
    assert errors[5].code == "103230100"
    assert errors[5].message.startswith("Unknown kind “hamlet”; expected one of: country, oblast, ")
    assert errors[6] == RowError(6, "103230200", "The unit has neither a Kazakh nor a Russian name.")
    assert errors[7] == RowError(7, "103230000", "The code 103230000 already appears on line 2.")
    assert errors[8] == RowError(8, "103230300", "The unit is given as its own parent.")
    assert errors[9] == RowError(
        9, "103230400", "The parent code is empty; only the root 000000000 may have no parent."
    )
    assert errors[10] == RowError(10, "103230500", "The parent code “10323” is not a 9-digit KATO code.")
    assert errors[12] == RowError(12, "", "The row has 8 fields, the header has 7.")
    assert errors[13] == RowError(13, "000000000", "The root 000000000 cannot have a parent.")


def test_the_shipped_classifier_reads_cleanly():
    """Every unit of the shipped edition reads without an error (reading time: ``make bench``)."""
    result = read_territories(reference_file("kato.csv"))

    assert result.layout == "civic"
    assert result.errors == []
    assert len(result.rows) == 15595
    assert Counter(row.kind for row in result.rows)["village"] == 12787 + 56
    assert {row.kind for row in result.rows} == set(KINDS)
    assert sum(1 for row in result.rows if row.name_en) == 21
    assert by_code(result.rows)["635639300"].name_ru == "с.Жўмба"  # source typos are kept, not corrected


# --------------------------------------------------------------------------- official layout

OFFICIAL_EXPECTED = {
    # Expected parent code and kind, by code.
    "100000000": ("000000000", "oblast"),
    "101000000": ("100000000", "city_oblast"),
    "101010000": ("101000000", "city_oblast"),
    "103200000": ("100000000", "district"),
    "103230000": ("103200000", "rural_district"),
    "103230100": ("103230000", "village"),
    "103600000": ("100000000", "district"),
    "103620000": ("103600000", "city_district_significance"),
    "103620100": ("103620000", "city_district_significance"),
    "104100000": ("100000000", "district"),
    "104163000": ("104100000", "settlement"),
    "104163100": ("104163000", "settlement"),
    "110000000": ("000000000", "oblast"),
    "113800000": ("110000000", "district"),
    "113820100": ("113800000", "city_district_significance"),  # 113820000 does not exist
    "350000000": ("000000000", "oblast"),
    "351000000": ("350000000", "city_oblast"),
    "351011000": ("351000000", "city_district_of_city"),
    "351011100": ("351011000", "city_district_of_city"),
    "630000000": ("000000000", "oblast"),
    "631000000": ("630000000", "city_oblast"),
    "631000200": ("631000000", "village"),  # EF = 00 under a city administration
    "710000000": ("000000000", "city_republican"),
    "711110000": ("710000000", "city_district_of_city"),  # 711100000 does not exist
}


def test_official_csv_gets_parents_kinds_and_a_root():
    result = read_territories(SAMPLES / "official.csv")

    assert result.layout == "official"
    assert result.errors == []
    root = result.rows[0]
    assert root == TerritoryRow(
        0, ROOT_CODE, None, "country", "Қазақстан Республикасы", "Республика Казахстан", "Republic of Kazakhstan"
    )
    got = {row.code: (row.parent_code, row.kind) for row in result.rows[1:]}
    assert got == OFFICIAL_EXPECTED
    semey = by_code(result.rows)["101010000"]
    assert (semey.line, semey.name_kk, semey.name_ru, semey.name_en) == (4, "Семей қ.", "г.Семей", "")


def test_official_csv_with_title_lines_keeps_an_existing_root_and_refuses_bad_rows(tmp_path):
    path = write_official_csv(
        tmp_path / "kato.csv",
        [
            official_row("000000000", "Қазақстан Республикасы", "Республика Казахстан"),
            official_row("750000000", "Алматы қ.", "г.Алматы"),
            ["", "", "", "", "", "", "", "Примечание: без кода", ""],
            official_row("751110000", "Алмалы\u00a0ауданы", "Алмалинский  район"),
            ["75111000", "75", "11", "10", "00", "", "Қысқа", "Короткий", ""],
            ["751210000", "75", "12", "99", "000", "", "Алатау ауданы", "Алатауский район", ""],
            official_row("751110000", "Алмалы ауданы", "Алмалинский район"),
            official_row("751310000", "", ""),
        ],
        preamble=[["Классификатор административно-территориальных объектов"], []],
    )

    result = read_territories(path)

    assert result.layout == "official"
    assert [(row.line, row.code, row.parent_code, row.kind) for row in result.rows] == [
        (4, "000000000", None, "country"),
        (5, "750000000", "000000000", "city_republican"),
        (7, "751110000", "750000000", "city_district_of_city"),
    ]
    assert result.rows[0].name_en == "Republic of Kazakhstan"
    assert (result.rows[2].name_kk, result.rows[2].name_ru) == ("Алмалы ауданы", "Алмалинский район")
    assert result.errors == [
        RowError(8, "", "The code “75111000” is not a 9-digit KATO code."),
        RowError(9, "751210000", "The code 751210000 disagrees with its segments ab, cd, ef, hij (75 12 99 000)."),
        RowError(10, "751110000", "The code 751110000 already appears on line 7."),
        RowError(11, "751310000", "The unit has neither a Kazakh nor a Russian name."),
    ]


def test_official_layout_round_trip_reproduces_kato_csv(tmp_path):
    """An official-layout file made from kato.csv must give back its tree and (nearly all) its kinds."""
    with reference_file("kato.csv").open(encoding="utf-8", newline="") as handle:
        reference = [row for row in csv.DictReader(handle) if row["code"] != ROOT_CODE]
    path = write_official_csv(
        tmp_path / "official.csv", [official_row(row["code"], row["name_kk"], row["name_ru"]) for row in reference]
    )

    result = read_territories(path)

    assert result.layout == "official"
    assert result.errors == []
    assert len(result.rows) == len(reference) + 1  # the added root
    rows = by_code(result.rows)
    parents_off = [(r["code"], r["parent_code"], rows[r["code"]].parent_code) for r in reference]
    parents_off = [item for item in parents_off if item[1] != item[2]]
    kinds_off = [
        (r["code"], r["name_ru"], r["kind"], rows[r["code"]].kind)
        for r in reference
        if rows[r["code"]].kind != r["kind"]
    ]
    assert parents_off == [], f"{len(parents_off)} parents differ (code, kato.csv, derived): {parents_off[:50]}"
    agreement = 1 - len(kinds_off) / len(reference)
    # Kinds are a wording heuristic, so a little slack is allowed (measured: 15,594 of 15,594 agree).
    assert agreement >= 0.995, f"kinds agree for {agreement:.2%}; (code, name, kato.csv, derived): {kinds_off}"


def test_derive_parent_takes_the_nearest_existing_ancestor():
    known = {"000000000", "630000000", "631000000", "113800000", "113820000"}

    assert derive_parent("000000000", known) is None
    assert derive_parent("630000000", known) == "000000000"
    assert derive_parent("631010000", known) == "631000000"
    assert derive_parent("631000200", known) == "631000000"
    assert derive_parent("113820100", known) == "113820000"
    assert derive_parent("113820100", known - {"113820000"}) == "113800000"
    assert derive_parent("751110000", known) == "000000000"


@pytest.mark.parametrize(
    ("code", "level", "parent_kind", "name_ru", "name_kk", "expected"),
    [
        ("710000000", 1, "country", "г.Астана", "Астана қ.", "city_republican"),
        ("620000000", 1, "country", "область Ұлытау", "Ұлытау облысы", "oblast"),
        ("471000000", 2, "oblast", "Актау Г.А.", "Ақтау Г.А.", "city_oblast"),
        ("593600000", 2, "oblast", "Район Магжана Жумабаева", "Мағжан Жұмабаев ауданы", "district"),
        ("103233000", 3, "district", "Кенгирбайбийский с.о", "Кеңгірбай би а.о.", "rural_district"),
        ("351013000", 3, "city_oblast", "р.а. им.Казыбек би", "Қазыбек би атын. а.ә.", "city_district_of_city"),
        ("151011100", 3, "city_oblast", "район Астана", "Астана ауданы", "city_district_of_city"),
        ("634820000", 3, "district", "г.а.Алтай", "Алтай қ.ә.", "city_district_significance"),
        ("113432000", 3, "district", "п.а.Жибек жолы", "Жібек жолы к.ә.", "settlement"),
        ("103841103", 4, "rural_district", "Поселок ХПП", "ХПП кенті", "settlement"),
        ("613843100", 4, "settlement", "п. Асыката", "Асықата к.", "settlement"),
        ("634821100", 3, "district", "г.Серебрянск", "Серебрянск қ.", "city_district_significance"),
        ("101010000", 3, "city_oblast", "г.Семей", "Семей қ.", "city_oblast"),
        ("103230101", 4, "rural_district", "ст.Жангизтобе", "Жаңгызтөбе ст.", "village"),
        ("115630115", 4, "rural_district", "Пионерлагерь П.Морозова", "П.Морозов пионерлагері", "village"),
        ("315435105", 4, "rural_district", "МТФ П.К.", "МТФ П.К.", "village"),
        (
            "621039206",
            4,
            "rural_district",
            "кр.хоз. «Ыкылас» Жадкеев Н.Г.",
            "Жадкеев Н.Г. «Ыкылас» шар.қож.",
            "village",
        ),
        ("114859300", 4, "rural_district", "с.Октябрьское", "Октябрь а.", "village"),
        # No Russian name: the Kazakh wording decides.
        ("104163000", 3, "district", "", "Шаған к.ә.", "settlement"),
        ("103230000", 3, "district", "", "Қараауыл а.о.", "rural_district"),
        ("101000000", 2, "oblast", "", "Семей Қ.Ә.", "city_oblast"),
    ],
)
def test_derive_kind_from_wording(code, level, parent_kind, name_ru, name_kk, expected):
    assert derive_kind(code, level, parent_kind, name_ru, name_kk) == expected


# --------------------------------------------------------------------------- xlsx


def test_official_xlsx_with_title_rows_numeric_codes_and_name_variants(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["КАТО_17.07.2026"])
    sheet.append([])
    sheet.append(["TE", "AB", "CD", "EF", "HIJ", "K", "kaz_name", "rus_name", "NN"])
    sheet.append([100000000, 10, 0, 0, 0, 0, "Абай облысы", "область Абай", None])
    sheet.append([101000000, 10, 10, 0, 0, 3, "Семей\u00a0Қ.Ә.", "Семей Г.А.", None])
    sheet.append([101010000.0, "10", "10", "10", "000", 1, "Семей қ.", "г.Семей", None])
    sheet.append([])
    sheet.append(["ABC", 10, 10, 10, 0, 1, "Қате", "Ошибка", None])
    path = tmp_path / "KATO.xlsx"
    workbook.save(path)

    result = read_territories(path)

    assert result.layout == "official"
    assert [(row.line, row.code, row.parent_code, row.kind, row.name_kk) for row in result.rows] == [
        (0, "000000000", None, "country", "Қазақстан Республикасы"),
        (4, "100000000", "000000000", "oblast", "Абай облысы"),
        (5, "101000000", "100000000", "city_oblast", "Семей Қ.Ә."),
        (6, "101010000", "101000000", "city_oblast", "Семей қ."),
    ]
    assert result.errors == [RowError(8, "", "The code “ABC” is not a 9-digit KATO code.")]


def test_xlsx_without_a_header_row_is_refused(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    workbook.active.append(["code", "name"])
    workbook.active.append(["100000000", "Абай"])
    path = tmp_path / "other.xlsx"
    workbook.save(path)

    with pytest.raises(
        ImportFileError, match=r"No header row found in the workbook: expected a row with the columns te"
    ):
        read_territories(path)


def test_xlsx_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("te,name_rus\n100000000,область Абай\n", encoding="utf-8")

    with pytest.raises(ImportFileError, match=r"cannot be read as an \.xlsx workbook"):
        read_territories(path)


# --------------------------------------------------------------------------- unreadable files


def test_non_utf8_file_is_refused_with_the_fix():
    with pytest.raises(ImportFileError) as caught:
        read_territories(SAMPLES / "cp1251.csv")

    assert str(caught.value) == (
        "The file is not UTF-8 text (the first invalid byte is on line 2): save it as “CSV UTF-8” and upload it again."
    )


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

    with pytest.raises(ImportFileError, match=r"^This is a binary file, not CSV text"):
        read_territories(path)


def test_workbook_saved_under_a_csv_name_is_explained(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "kato.csv"
    openpyxl.Workbook().save(path)

    with pytest.raises(ImportFileError, match=r"^This is an Excel workbook with a \.csv name"):
        read_territories(path)


def test_unknown_header_names_both_layouts(tmp_path):
    path = tmp_path / "kato.csv"
    path.write_text("id,parent_id,name\n1,,Казахстан\n", encoding="utf-8")

    with pytest.raises(ImportFileError) as caught:
        read_territories(path)

    message = str(caught.value)
    assert message.startswith("Unknown columns: id, parent_id, name. Expected either the Civic layout (code, ")
    assert "official KATO layout (te, ab, cd, ef, hij, k, name_kaz, name_rus, nn)" in message


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", "\ufeff".encode()])
def test_empty_file_is_refused(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)

    with pytest.raises(ImportFileError, match=r"^The file is empty: expected a header row and data rows\.$"):
        read_territories(path)


def test_unknown_extension_is_refused(tmp_path):
    path = tmp_path / "kato.xls"
    path.write_bytes(b"irrelevant")

    with pytest.raises(
        ImportFileError, match=r"^Unsupported file type “\.xls”: expected a \.csv \(UTF-8\) or \.xlsx file\.$"
    ):
        read_territories(path)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(ImportFileError, match=r"^The file cannot be opened: "):
        read_territories(tmp_path / "absent.csv")


# --------------------------------------------------------------------------- population


def test_population_rows_and_refusals():
    rows, errors = read_population(SAMPLES / "population.csv")

    assert rows == [
        PopulationRow(2, "000000000", 19765004, 2023, "BNS bulletin, table 2"),
        PopulationRow(3, "100000000", 610189, 2023, "BNS"),
        PopulationRow(4, "110000000", 787971, None, ""),
    ]
    assert errors == [
        RowError(5, "150000000", "The population “-5” is not a positive whole number."),
        RowError(6, "", "The code “abc” is not a 9-digit KATO code."),
        RowError(7, "190000000", "The population “many” is not a positive whole number."),
        RowError(8, "230000000", "The year “23” is not a year such as 2023."),
        RowError(9, "100000000", "The code 100000000 already has a figure for this year on line 3."),
    ]


def test_shipped_population_reads_cleanly():
    rows, errors = read_population(reference_file("population.csv"))

    assert errors == []
    assert len(rows) == 202
    assert rows[0].code == ROOT_CODE
    assert rows[0].population == 19765004
    assert {row.year for row in rows} == {2023}


def test_population_with_the_wrong_columns_or_type_is_refused(tmp_path):
    wrong = tmp_path / "population.csv"
    wrong.write_text("kato;people\n100000000;5\n", encoding="utf-8")
    with pytest.raises(
        ImportFileError, match=r"^Unknown columns: kato, people\. Expected the columns code, population"
    ):
        read_population(wrong)

    with pytest.raises(ImportFileError, match=r"^Unsupported file type “\.xlsx”: expected a \.csv file"):
        read_population(tmp_path / "population.xlsx")

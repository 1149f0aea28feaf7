"""Reading KATO classifier and population files into plain rows, without touching the database.

Two layouts are understood:

* ``civic`` — the project's own ``kato.csv`` (``code, parent_code, level, kind, name_kk, name_ru,
  name_en``), where the tree and the kinds are already worked out;
* ``official`` — the Bureau of National Statistics workbook (``te, ab, cd, ef, hij, k, name_kaz,
  name_rus, nn``, also ``kaz_name``/``rus_name``), as ``.xlsx`` or saved as CSV. It has no parent and
  no kind, so both are derived here exactly as ``data/kato/README.md`` describes.

Reading never stops at a bad row: each refused row becomes a :class:`RowError` with a reason the
uploader can act on, and the other rows are still returned. Only a file that cannot be read at all
raises :class:`ImportFileError`. Whether a parent exists in the database is the service's business.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

ROOT_CODE = "000000000"
ROOT_NAMES = ("Қазақстан Республикасы", "Республика Казахстан", "Republic of Kazakhstan")

KINDS = (
    "country",
    "oblast",
    "city_republican",
    "district",
    "city_oblast",
    "city_district_of_city",
    "rural_district",
    "city_district_significance",
    "settlement",
    "village",
)

CIVIC = "civic"
OFFICIAL = "official"

# Columns that identify a layout; anything else in the header is ignored.
CIVIC_REQUIRED = ("code", "parent_code", "kind", "name_kk", "name_ru")
OFFICIAL_NAME_RU = ("name_rus", "rus_name")
OFFICIAL_NAME_KK = ("name_kaz", "kaz_name")
POPULATION_REQUIRED = ("code", "population")
# Widths of the code segments AB, CD, EF, HIJ (the workbook may store them as numbers).
SEGMENTS = (("ab", 2), ("cd", 2), ("ef", 2), ("hij", 3))

CODE_RE = re.compile(r"[0-9]{9}")
SPACE_RE = re.compile(r"\s+")
# How far down a sheet or CSV the header row is looked for (the workbook starts with a title block).
HEADER_SCAN_ROWS = 30


@dataclass
class TerritoryRow:
    line: int  # 1-based line in the CSV (header is line 1) or row number in the sheet; 0 for the added root
    code: str
    parent_code: str | None
    kind: str
    name_kk: str
    name_ru: str
    name_en: str = ""


@dataclass
class RowError:
    line: int
    code: str  # "" when the row has no readable code
    message: str


@dataclass
class ReadResult:
    layout: str
    rows: list[TerritoryRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


@dataclass
class PopulationRow:
    line: int
    code: str
    population: int
    year: int | None
    source: str


class ImportFileError(ValueError):
    """The whole file cannot be read (message is user-facing, translated)."""


# --------------------------------------------------------------------------- helpers


def clean_name(value: str) -> str:
    """Whitespace-normalise a name: the source has NBSPs and doubled spaces that break matching."""
    return SPACE_RE.sub(" ", value.replace("\u00a0", " ")).strip()


def parent_candidates(code: str) -> list[str]:
    """Structural ancestors of a code, nearest first: ABCDEF000, ABCD00000, AB0000000, then the root."""
    out = []
    for cand in (code[:6] + "000", code[:4] + "00000", code[:2] + "0000000"):
        # Zeroing segments that were already zero gives the code itself, which is no ancestor.
        if cand != code and cand not in out:
            out.append(cand)
    if code != ROOT_CODE:
        out.append(ROOT_CODE)
    return out


def derive_parent(code: str, known: set[str] | frozenset[str]) -> str | None:
    """The nearest existing structural ancestor; top-level units hang from the root."""
    if code == ROOT_CODE:
        return None
    for cand in parent_candidates(code):
        if cand in known:
            return cand
    return ROOT_CODE


# Type markers of the classifier's wording. Abbreviations are matched case-sensitively where case
# carries meaning («Г.А.» the administration of a city of oblast significance at level 2, «г.а.» a
# city administration inside a district), and never inside a word («с.Октябрьское» is a village).
_L = r"[^\W\d_]"  # any letter
_MARKERS_RU: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("oblast", re.compile(r"(?i)(?<!" + _L + r")област")),
    ("district", re.compile(r"(?i)(?<!" + _L + r")район(?!" + _L + r")")),
    ("city_district", re.compile(r"(?<!" + _L + r")р\.а(?:\.|(?!" + _L + r"))")),
    ("rural", re.compile(r"(?<!" + _L + r")с\.\s?[оа](?:\.|(?!" + _L + r"))")),
    ("settlement_admin", re.compile(r"(?<!" + _L + r")п\.а(?:\.|(?!" + _L + r"))")),
    ("city_admin", re.compile(r"(?<!" + _L + r")[гГ]\.[аА](?:\.|(?!" + _L + r"))")),
    ("settlement", re.compile(r"(?<!" + _L + r")(?:п\.|[Пп]ос[её]лок(?!" + _L + r"))")),
    ("city", re.compile(r"(?<!" + _L + r")г\.")),
)
_MARKERS_KK: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("oblast", re.compile(r"(?i)(?<!" + _L + r")облыс")),
    ("district", re.compile(r"(?i)(?<!" + _L + r")ауданы?(?!" + _L + r")")),
    ("rural", re.compile(r"(?<!" + _L + r")а\.\s?[оә](?:\.|(?!" + _L + r"))")),
    ("settlement_admin", re.compile(r"(?<!" + _L + r")к\.ә(?:\.|(?!" + _L + r"))")),
    ("city_admin", re.compile(r"(?<!" + _L + r")[қҚ]\.[әӘ](?:\.|(?!" + _L + r"))")),
    ("settlement", re.compile(r"(?<!" + _L + r")(?:к\.|кенті(?!" + _L + r"))")),
    ("city", re.compile(r"(?<!" + _L + r")(?:қ\.|қаласы(?!" + _L + r"))")),
)


def name_markers(name_ru: str, name_kk: str) -> set[str]:
    """Type markers of the Russian name (the classifier's reference wording), or of the Kazakh one if it is missing."""
    if name_ru:
        found = {marker for marker, pattern in _MARKERS_RU if pattern.search(name_ru)}
    else:
        found = {marker for marker, pattern in _MARKERS_KK if pattern.search(name_kk)}
    # «г.а.» contains «г.» and «п.а.» contains «п.»: keep only the longer reading.
    if "city_admin" in found:
        found.discard("city")
    if "settlement_admin" in found:
        found.discard("settlement")
    return found


def derive_kind(code: str, level: int, parent_kind: str | None, name_ru: str, name_kk: str) -> str:
    """Kind of a unit from its wording, its depth and its parent's kind (README «How the derived columns were made»).

    The workbook has no kind column; this reproduces the rules used to build kato.csv.
    """
    if code == ROOT_CODE or level == 0:
        return "country"
    markers = name_markers(name_ru, name_kk)
    if level == 1:
        return "city_republican" if "city" in markers and "oblast" not in markers else "oblast"
    if parent_kind == "city_republican":
        return "city_district_of_city"
    if level == 2:
        if "city_admin" in markers:
            return "city_oblast"
        return "district"
    # Districts of a city inside a city administration (Aktobe, Taraz, Karaganda) and below them.
    if ("district" in markers or "city_district" in markers) and parent_kind in (
        "city_oblast",
        "city_district_of_city",
    ):
        return "city_district_of_city"
    if "rural" in markers:
        return "rural_district"
    if "settlement_admin" in markers or "settlement" in markers:
        return "settlement"
    if "city_admin" in markers:
        return "city_district_significance"
    if "city" in markers:
        # The city proper inside its own administration (101010000 г.Семей under Семей Г.А.).
        if parent_kind == "city_oblast" and code[4:6] == "10" and code[6:] == "000":
            return "city_oblast"
        if parent_kind in ("district", "city_district_significance"):
            return "city_district_significance"
    return "village"


def _cell_text(value: object) -> str:
    """Text of a CSV/xlsx cell; whole numbers stored as floats by spreadsheets lose their ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _numeric_code(value: object, width: int) -> str:
    """A code cell: spreadsheets drop leading zeros of numbers, so pad digit-only values back."""
    text = _cell_text(value)
    if text.isdigit() and len(text) < width and not isinstance(value, str):
        return text.zfill(width)
    return text


# --------------------------------------------------------------------------- file access


def _decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(_("The file cannot be opened: %(error)s") % {"error": exc.strerror or exc}) from exc
    if not raw.strip():
        raise ImportFileError(_("The file is empty: expected a header row and data rows."))
    if raw.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            _("This is an Excel workbook with a .csv name: give it the .xlsx extension or save it as CSV UTF-8.")
        )
    if b"\x00" in raw[:4096]:
        raise ImportFileError(_("This is a binary file, not CSV text: expected a UTF-8 CSV file or an .xlsx workbook."))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _(
                "The file is not UTF-8 text (the first invalid byte is on line %(line)d): save it as "
                "“CSV UTF-8” and upload it again."
            )
            % {"line": raw[: exc.start].count(b"\n") + 1}
        ) from exc


def _sniff_delimiter(header_line: str) -> str:
    """Comma or semicolon, whichever the header line uses (Excel in ru/kk locales saves with ';')."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _csv_records(
    path: Path, is_header: Callable[[list[str]], bool], unknown: Callable[[list[str]], ImportFileError]
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """Header (trimmed, lower-case) and the data records after it, with their line numbers.

    Exports of the official workbook keep its title lines above the header, so the header is the
    first row ``is_header`` accepts within the first rows, not necessarily line 1.
    """
    text = _decode(path)
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first_line))
    first: list[str] | None = None
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        header = [cell.strip().lower() for cell in cells]
        if is_header(header):
            break
        first = first or header
        if reader.line_num >= HEADER_SCAN_ROWS:
            raise unknown(first)
    else:
        if first is None:
            raise ImportFileError(_("The file is empty: expected a header row and data rows."))
        raise unknown(first)

    def records() -> Iterator[tuple[int, list[str]]]:
        # line_num counts physical lines read so far, so a quoted line break keeps later numbers right.
        previous = reader.line_num
        for cells in reader:
            yield previous + 1, cells
            previous = reader.line_num

    return header, records()


def _layout_of(header: Sequence[str]) -> str | None:
    columns = set(header)
    if all(column in columns for column in CIVIC_REQUIRED):
        return CIVIC
    if "te" in columns and any(column in columns for column in OFFICIAL_NAME_RU):
        return OFFICIAL
    return None


def _unknown_header(header: Sequence[str]) -> ImportFileError:
    shown = ", ".join(column for column in header if column)[:200]
    return ImportFileError(
        _(
            "Unknown columns: %(found)s. Expected either the Civic layout (%(civic)s) or the official "
            "KATO layout (te, ab, cd, ef, hij, k, name_kaz, name_rus, nn)."
        )
        % {"found": shown or "—", "civic": "code, parent_code, level, kind, name_kk, name_ru, name_en"}
    )


def _records_as_dicts(
    header: Sequence[str], records: Iterable[tuple[int, Sequence[object]]], errors: list[RowError]
) -> Iterator[tuple[int, dict[str, object]]]:
    """Map cells to column names; blank rows are skipped and rows with extra filled cells refused."""
    width = len(header)
    for line, cells in records:
        if not any(_cell_text(cell) for cell in cells):
            continue
        if len(cells) > width and any(_cell_text(cell) for cell in cells[width:]):
            errors.append(
                RowError(
                    line,
                    "",
                    _("The row has %(found)d fields, the header has %(expected)d.")
                    % {"found": len(cells), "expected": width},
                )
            )
            continue
        yield line, {column: (cells[i] if i < len(cells) else None) for i, column in enumerate(header) if column}


# --------------------------------------------------------------------------- territories


def read_territories(path: Path) -> ReadResult:
    """Read a classifier file (.csv in either layout, or the official .xlsx) into validated rows."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        header, records = _csv_records(path, lambda row: _layout_of(row) is not None, _unknown_header)
        layout = _layout_of(header)
        assert layout is not None  # _csv_records returns only a recognised header
        return _read_layout(layout, header, records)
    if suffix == ".xlsx":
        return _read_xlsx(path)
    raise ImportFileError(
        _("Unsupported file type “%(suffix)s”: expected a .csv (UTF-8) or .xlsx file.") % {"suffix": path.suffix or "—"}
    )


def _read_layout(layout: str, header: Sequence[str], records: Iterable[tuple[int, Sequence[object]]]) -> ReadResult:
    result = ReadResult(layout=layout)
    mapped = _records_as_dicts(header, records, result.errors)
    if layout == CIVIC:
        _read_civic(mapped, result)
    else:
        _read_official(mapped, header, result)
    return result


def _civic_problem(code: str, parent: str, kind: str, name_kk: str, name_ru: str) -> str | None:
    """Why a civic-layout row cannot be imported, or None when it can (duplicates are checked by the caller)."""
    if not parent:
        if code != ROOT_CODE:
            return _("The parent code is empty; only the root 000000000 may have no parent.")
    elif not CODE_RE.fullmatch(parent):
        return _("The parent code “%(parent)s” is not a 9-digit KATO code.") % {"parent": parent[:40]}
    elif parent == code:
        return _("The unit is given as its own parent.")
    elif code == ROOT_CODE:
        return _("The root 000000000 cannot have a parent.")
    if kind not in KINDS:
        return _("Unknown kind “%(kind)s”; expected one of: %(kinds)s.") % {
            "kind": kind[:40],
            "kinds": ", ".join(KINDS),
        }
    if not name_kk and not name_ru:
        return _("The unit has neither a Kazakh nor a Russian name.")
    return None


def _duplicate(code: str, first_line: int) -> str:
    return _("The code %(code)s already appears on line %(line)d.") % {"code": code, "line": first_line}


def _bad_code(code: str) -> str:
    return _("The code “%(code)s” is not a 9-digit KATO code.") % {"code": code[:40]}


def _read_civic(records: Iterable[tuple[int, dict[str, object]]], result: ReadResult) -> None:
    # ``level`` is not read: the service derives depth from the tree it builds, so a stale level
    # column cannot contradict it.
    seen: dict[str, int] = {}
    for line, cells in records:
        code = _cell_text(cells.get("code"))
        parent = _cell_text(cells.get("parent_code"))
        kind = _cell_text(cells.get("kind")).lower()
        name_kk = clean_name(_cell_text(cells.get("name_kk")))
        name_ru = clean_name(_cell_text(cells.get("name_ru")))
        name_en = clean_name(_cell_text(cells.get("name_en")))
        if not CODE_RE.fullmatch(code):
            result.errors.append(RowError(line, "", _bad_code(code)))
            continue
        if code in seen:
            result.errors.append(RowError(line, code, _duplicate(code, seen[code])))
            continue
        problem = _civic_problem(code, parent, kind, name_kk, name_ru)
        if problem:
            result.errors.append(RowError(line, code, problem))
            continue
        seen[code] = line
        result.rows.append(TerritoryRow(line, code, parent or None, kind, name_kk, name_ru, name_en))


def _read_official(records: Iterable[tuple[int, dict[str, object]]], header: Sequence[str], result: ReadResult) -> None:
    ru_column = next(column for column in OFFICIAL_NAME_RU if column in header)
    kk_column = next((column for column in OFFICIAL_NAME_KK if column in header), None)
    accepted: list[tuple[int, str, str, str]] = []  # line, code, name_kk, name_ru
    seen: dict[str, int] = {}
    for line, cells in records:
        raw_code = cells.get("te")
        code = _numeric_code(raw_code, 9)
        name_ru = clean_name(_cell_text(cells.get(ru_column)))
        name_kk = clean_name(_cell_text(cells.get(kk_column))) if kk_column else ""
        if not code:
            # The workbook has title and note rows without a code; the published conversion skips them too.
            continue
        if not CODE_RE.fullmatch(code):
            result.errors.append(RowError(line, "", _bad_code(code)))
            continue
        segments = [_numeric_code(cells.get(column), width) for column, width in SEGMENTS]
        if all(segment.isdigit() for segment in segments) and "".join(segments) != code:
            result.errors.append(
                RowError(
                    line,
                    code,
                    _("The code %(code)s disagrees with its segments ab, cd, ef, hij (%(segments)s).")
                    % {"code": code, "segments": " ".join(segments)},
                )
            )
            continue
        if code in seen:
            result.errors.append(RowError(line, code, _duplicate(code, seen[code])))
            continue
        if not name_kk and not name_ru:
            result.errors.append(RowError(line, code, _("The unit has neither a Kazakh nor a Russian name.")))
            continue
        seen[code] = line
        accepted.append((line, code, name_kk, name_ru))

    known = frozenset(seen) | {ROOT_CODE}
    levels: dict[str, int] = {ROOT_CODE: 0}
    kinds: dict[str, str] = {ROOT_CODE: "country"}
    built: dict[str, TerritoryRow] = {}
    # A parent's code is its child's code with trailing segments zeroed, so it sorts first: walking in
    # code order sees every parent (and its kind and depth) before its children.
    for line, code, name_kk, name_ru in sorted(accepted, key=lambda item: item[1]):
        parent = derive_parent(code, known)
        level = 0 if parent is None else levels[parent] + 1
        kind = derive_kind(code, level, kinds.get(parent) if parent else None, name_ru, name_kk)
        levels[code], kinds[code] = level, kind
        name_en = ROOT_NAMES[2] if code == ROOT_CODE else ""
        built[code] = TerritoryRow(line, code, parent, kind, name_kk, name_ru, name_en)

    if ROOT_CODE not in built:
        result.rows.append(TerritoryRow(0, ROOT_CODE, None, "country", *ROOT_NAMES))
    result.rows.extend(built[code] for _line, code, _kk, _ru in accepted)


def _read_xlsx(path: Path) -> ReadResult:
    try:
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError as exc:  # pragma: no cover - openpyxl is a project dependency
        raise ImportFileError(_("Reading .xlsx files is not available on this server; upload a CSV file.")) from exc
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(
            _("The file cannot be read as an .xlsx workbook: expected the KATO workbook saved by Excel.")
        ) from exc
    try:
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows(values_only=True)
            for number, cells in enumerate(rows, start=1):
                if number > HEADER_SCAN_ROWS:
                    break
                header = [_cell_text(cell).lower() for cell in cells]
                layout = _layout_of(header)
                if layout is None:
                    continue
                # The header's row number is known; data rows follow it in the same iterator.
                records = ((row_number, list(values)) for row_number, values in enumerate(rows, start=number + 1))
                return _read_layout(layout, header, records)
    finally:
        workbook.close()
    raise ImportFileError(
        _(
            "No header row found in the workbook: expected a row with the columns te, ab, cd, ef, hij, k, "
            "name_kaz, name_rus, nn (or kaz_name, rus_name) within the first %(rows)d rows."
        )
        % {"rows": HEADER_SCAN_ROWS}
    )


# --------------------------------------------------------------------------- population


def _unknown_population_header(header: Sequence[str]) -> ImportFileError:
    shown = ", ".join(column for column in header if column)[:200]
    return ImportFileError(
        _("Unknown columns: %(found)s. Expected the columns %(columns)s.")
        % {"found": shown or "—", "columns": "code, population, year, source"}
    )


def read_population(path: Path) -> tuple[list[PopulationRow], list[RowError]]:
    """Read ``code,population,year,source`` CSV rows; figures may carry thousands separators."""
    path = Path(path)
    if path.suffix.lower() != ".csv":
        raise ImportFileError(
            _("Unsupported file type “%(suffix)s”: expected a .csv file with the columns %(columns)s.")
            % {"suffix": path.suffix or "—", "columns": "code, population, year, source"}
        )
    header, records = _csv_records(
        path, lambda row: all(column in row for column in POPULATION_REQUIRED), _unknown_population_header
    )
    rows: list[PopulationRow] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, int | None], int] = {}
    for line, cells in _records_as_dicts(header, records, errors):
        code = _cell_text(cells.get("code"))
        if not CODE_RE.fullmatch(code):
            errors.append(RowError(line, "", _bad_code(code)))
            continue
        figure = SPACE_RE.sub("", _cell_text(cells.get("population")).replace("\u00a0", ""))
        if not (figure.isascii() and figure.isdigit()) or int(figure) <= 0:
            errors.append(
                RowError(
                    line,
                    code,
                    _("The population “%(value)s” is not a positive whole number.") % {"value": figure[:40]},
                )
            )
            continue
        year_text = _cell_text(cells.get("year"))
        year: int | None = None
        if year_text:
            if not (year_text.isascii() and year_text.isdigit() and 1900 <= int(year_text) <= 2100):
                errors.append(
                    RowError(
                        line, code, _("The year “%(value)s” is not a year such as 2023.") % {"value": year_text[:40]}
                    )
                )
                continue
            year = int(year_text)
        if (code, year) in seen:
            errors.append(
                RowError(
                    line,
                    code,
                    _("The code %(code)s already has a figure for this year on line %(line)d.")
                    % {"code": code, "line": seen[(code, year)]},
                )
            )
            continue
        seen[(code, year)] = line
        rows.append(PopulationRow(line, code, int(figure), year, clean_name(_cell_text(cells.get("source")))))
    return rows, errors

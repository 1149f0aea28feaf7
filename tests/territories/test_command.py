"""manage.py load_territories: progress, per-row refusals, idempotence, fatal errors."""

import pytest
from django.core.management import CommandError, call_command

from apps.territories.models import Territory
from tests.territories.factories import TREE

HEADER = "code,parent_code,level,kind,name_kk,name_ru,name_en\n"


def write_csv(path, rows, extra=""):
    lines = [",".join(field or "" for field in row[:2]) + ",," + ",".join(row[2:]) for row in rows]
    path.write_text(HEADER + "\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_loads_reports_and_reloads_without_changes(tmp_path, capsys):
    path = write_csv(tmp_path / "kato.csv", TREE)

    call_command("load_territories", str(path))
    first = capsys.readouterr().out
    call_command("load_territories", str(path))
    second = capsys.readouterr().out

    assert f"Territories: {len(TREE)} created, 0 updated, 0 unchanged, 0 refused." in first
    assert f"Territories: 0 created, 0 updated, {len(TREE)} unchanged, 0 refused." in second
    assert Territory.objects.count() == len(TREE)


@pytest.mark.django_db
def test_broken_rows_are_refused_one_by_one_and_the_rest_imported(tmp_path, capsys):
    path = write_csv(
        tmp_path / "kato.csv",
        TREE,
        extra="12345,110000000,,village,Қате,Ошибка,\n119999100,999999999,,village,Жетім,Сирота,\n",
    )

    call_command("load_territories", str(path))
    captured = capsys.readouterr()

    assert f"Territories: {len(TREE)} created, 0 updated, 0 unchanged, 2 refused." in captured.out
    assert "12345" in captured.err and "999999999" in captured.err
    assert f"line {len(TREE) + 2}" in captured.err
    assert Territory.objects.count() == len(TREE)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [("kato.csv", b"foo,bar\n1,2\n"), ("kato.csv", b"\x00\x01\x02binary"), ("kato.txt", b"code\n")],
)
def test_an_unreadable_file_imports_nothing(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("load_territories", str(path))

    assert not Territory.objects.exists()


@pytest.mark.django_db
def test_population_is_set_by_code_and_unknown_codes_refused(tmp_path, capsys):
    call_command("load_territories", str(write_csv(tmp_path / "kato.csv", TREE)))
    population = tmp_path / "population.csv"
    population.write_text(
        "code,population,year,source\n110000000,787971,2023,BNS\n999999999,10,2023,BNS\n", encoding="utf-8"
    )

    call_command("load_territories", "--population", str(population))
    captured = capsys.readouterr()

    assert "Population: 1 updated, 0 unchanged, 1 refused." in captured.out
    assert Territory.objects.get(kato_code="110000000").population == 787971


def test_the_command_needs_a_file():
    with pytest.raises(CommandError, match="Give a classifier file"):
        call_command("load_territories")

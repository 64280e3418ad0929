"""Record files that would be read wrong without a word: each is now one error naming the line.

A record read twice, a key twice in one JSON object, a CSV row with more cells than the
header, a quote never closed, a column twice in the header, a score cell Python's ``int()``
refuses, NaN, nesting too deep for the parser.
"""

import pytest

from aftersales_core.cli import EXIT_BAD_INPUT, main
from aftersales_core.config import read_records
from aftersales_core.errors import InputError
from aftersales_core.sample import data_files

AT = "2026-03-02T09:00:00+07:00"
OPEN = '{"kind": "open", "at": "%s", "data": {"channel": "email"}}' % AT  # noqa: UP031
TICKET = '{"id": "%s", "events": [' + OPEN + "]}\n"
CSV_TICKETS = "ticket_id,kind,at,actor,note,data\n"
CSV_OPEN = f'open,{AT},,,"{{""channel"": ""email""}}"\n'


def _error(tmp_path, name, content, kind):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(read_records(path, kind))
    err = caught.value
    assert err.path == str(path)
    return err


@pytest.mark.parametrize(
    ("name", "content", "line", "problem"),
    [
        (
            "t.jsonl",
            TICKET % "T-1" + TICKET % "T-2" + TICKET % "T-1",
            3,
            "'T-1' was already read on line 1: a record appears once",
        ),
        (
            "t.csv",
            CSV_TICKETS + "T-1," + CSV_OPEN + "T-2," + CSV_OPEN + "T-1," + CSV_OPEN,
            4,
            "'T-1' was already read on line 2: a record appears once; "
            "the rows of one ticket follow each other",
        ),
    ],
)
def test_a_ticket_on_two_lines_is_refused_not_counted_twice(tmp_path, name, content, line, problem):
    err = _error(tmp_path, name, content, "tickets")
    assert (err.line, err.field, err.problem) == (line, "id", problem)


def test_a_survey_read_twice_is_refused(tmp_path):
    row = f"S-1,{AT},9\n"
    err = _error(tmp_path, "s.csv", "id,at,nps\n" + row + "\n" + row, "surveys")
    assert (err.line, err.field) == (4, "id")


def test_the_report_does_not_count_a_ticket_twice(capsys, tmp_path):
    tickets = tmp_path / "t.jsonl"
    tickets.write_text(TICKET % "T-1" + TICKET % "T-1", encoding="utf-8")
    code = main(
        ["report", "--tickets", str(tickets), "--commitment", str(data_files()["commitment"])]
    )
    out, err = capsys.readouterr()
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err == (
        f"aftersales: error: {tickets}:2: id: 'T-1' was already read on line 1: "
        "a record appears once\n"
    )


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (f'{{"id": "S-1", "at": "{AT}", "nps": 0, "nps": 10}}', "the key 'nps' appears twice"),
        (
            f'{{"id": "S-1", "at": "{AT}", "nps": 0, "x": {{"a": 1, "a": 2}}}}',
            "the key 'a' appears twice",
        ),
        (f'{{"id": "S-1", "at": "{AT}", "nps": NaN}}', "NaN is not a number"),
        ('{"id": "S-1", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "is nested too deeply"),
        ('{"id": "S-1", "nps": ' + "9" * 5000 + "}", "is not valid JSON: Exceeds the limit"),
    ],
)
def test_json_that_would_lose_or_break_something(tmp_path, line, problem):
    err = _error(tmp_path, "s.jsonl", "\n" + line + "\n", "surveys")
    assert (err.line, err.field) == (2, "")
    assert err.problem.startswith(problem)


def test_a_key_twice_in_a_csv_data_cell(tmp_path):
    cell = '"{""channel"": ""email"", ""channel"": ""web""}"'
    err = _error(tmp_path, "t.csv", f"{CSV_TICKETS}T-1,open,{AT},,,{cell}\n", "tickets")
    assert (err.line, err.field, err.problem) == (
        2,
        "data",
        "the key 'channel' appears twice in one object",
    )


@pytest.mark.parametrize(
    ("kind", "content", "line"),
    [
        ("surveys", f"id,at,nps\nS-1,{AT},9,extra\n", 2),
        ("tickets", f"{CSV_TICKETS}\nT-1,open,{AT},,,,surplus\n", 3),
    ],
)
def test_a_csv_row_with_more_cells_than_the_header(tmp_path, kind, content, line):
    err = _error(tmp_path, "f.csv", content, kind)
    width = content.split("\n")[0].count(",") + 1
    assert (err.line, err.field) == (line, "")
    assert err.problem == f"has {width + 1} cells, more than the {width} columns of the header"


def test_an_unterminated_quote_names_the_line_it_opens_on(tmp_path):
    content = f'id,at,nps\nS-1,{AT},9\nS-2,"{AT},9\nS-3,{AT},9\n'
    err = _error(tmp_path, "s.csv", content, "surveys")
    assert (err.line, err.field) == (3, "")
    assert err.problem == "a quoted cell is never closed (its quote opens on this line)"
    err = _error(tmp_path, "s.csv", 'id,"at\n', "surveys")
    assert (err.line, err.problem) == (
        1,
        "a quoted cell is never closed (its quote opens on this line)",
    )


def test_text_after_a_closing_quote_is_refused(tmp_path):
    err = _error(tmp_path, "s.csv", f'id,at,nps\n"S-1"x,{AT},9\n', "surveys")
    assert (err.line, err.problem) == (2, "is not valid CSV: ',' expected after '\"'")


def test_a_column_twice_in_the_header(tmp_path):
    err = _error(tmp_path, "s.csv", f"id,at,nps,nps\nS-1,{AT},0,10\n", "surveys")
    assert (err.line, err.field) == (1, "nps")


@pytest.mark.parametrize("cell", ["²", "٣", "1_0", " 9", "9" * 5000])
def test_a_score_cell_int_would_refuse_or_misread_is_a_typed_error(tmp_path, cell):
    err = _error(tmp_path, "s.csv", f"id,at,nps\nS-1,{AT},{cell}\n", "surveys")
    assert (err.line, err.field) == (2, "nps")
    assert "must be a whole number, not text" in err.problem


def test_a_signed_score_cell_is_still_a_number(tmp_path):
    err = _error(tmp_path, "s.csv", f"id,at,nps\nS-1,{AT},-1\n", "surveys")
    assert (err.field, err.problem) == ("nps", "-1 must be from 0 to 10")


def test_a_byte_order_mark_is_not_part_of_the_first_line(tmp_path):
    for name, content in (
        ("s.csv", f"\ufeffid,at,nps\nS-1,{AT},9\n"),
        ("s.jsonl", f'\ufeff{{"id": "S-1", "at": "{AT}", "nps": 9}}\n'),
    ):
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        assert [s.nps for s in read_records(path, "surveys")] == [9]


@pytest.mark.parametrize("name", ["t.jsonl", "t.csv"])
def test_a_file_without_line_breaks_is_refused_not_held(capsys, tmp_path, monkeypatch, name):
    from aftersales_core.cli import _commands
    from aftersales_core.config import records

    monkeypatch.setattr(records, "MAX_LINE", 1000)
    monkeypatch.setattr(_commands, "MAX_LINE", 1000)
    path = tmp_path / name
    header = b"ticket_id,kind,at\n" if name.endswith(".csv") else b""
    path.write_bytes(header + b"\0" * 5000)
    code = main(["report", "--tickets", str(path), "--commitment", str(data_files()["commitment"])])
    err = capsys.readouterr().err
    assert code == EXIT_BAD_INPUT
    line = 2 if name.endswith(".csv") else 1
    assert err == (
        f"aftersales: error: {path}:{line}: is longer than MAX_LINE (1000): is this a record file?\n"
    )

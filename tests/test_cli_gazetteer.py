"""`geomap gazetteer validate | lookup | add` through typer's CliRunner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from geomap.cli import app
from geomap.gazetteer import load_gazetteer
from geomap.geonames import GeoNamesIndex

DATA = Path(__file__).parent / "data"


@pytest.fixture
def runner(geonames_index: GeoNamesIndex) -> CliRunner:
    """A runner whose GEOMAP_CACHE_DIR already holds the GeoNames index."""
    return CliRunner()


def test_validate_clean_gazetteer_exits_0(runner: CliRunner) -> None:
    result = runner.invoke(app, ["gazetteer", "validate", str(DATA / "gazetteer")])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.stdout


def test_validate_prints_one_line_per_problem_and_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(app, ["gazetteer", "validate", str(DATA / "bad_gazetteer")])
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert len(lines) == 16
    assert any(
        line.endswith("schema.yaml:8: places.0.lat: Input should be less than or equal to 90")
        for line in lines
    )
    assert "16 problem(s)" in result.stderr
    assert "Traceback" not in result.output


def test_validate_missing_directory_exits_2_without_traceback(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["gazetteer", "validate", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "not a gazetteer directory" in result.stdout
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_lookup_lists_curated_first_then_regions_and_geonames(runner: CliRunner) -> None:
    args = ["gazetteer", "lookup", "Damascus", "--country", "SY", "-g", str(DATA / "gazetteer")]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["1.", "damascus"]
    assert "curated in syria.yaml" in lines[0]
    # GeoNames' own Damascus is the curated one (same id), so it is not repeated.
    assert not any("geonames:170654" in line for line in lines)
    # Then the governorate of the same name, in the country asked about, then
    # the GeoNames towns abroad.
    assert lines[1].split()[1] == "region:SY-DI" and "regions" in lines[1]
    assert all("geonames" in line for line in lines[2:])


def test_lookup_ranks_country_context_first(runner: CliRunner) -> None:
    args = ["gazetteer", "lookup", "Tripoli", "-c", "LB", "-g", str(DATA / "gazetteer")]
    lines = runner.invoke(app, args).stdout.splitlines()
    assert "geonames:266826" in lines[0] and "in country context LB" in lines[0]
    assert "geonames:2210247" in lines[1] and "outside country context" in lines[1]


def test_lookup_of_an_unknown_name_exits_1(runner: CliRunner) -> None:
    result = runner.invoke(app, ["gazetteer", "lookup", "Xyzzyqwv", "-g", str(DATA / "gazetteer")])
    assert result.exit_code == 1
    assert "no place called 'Xyzzyqwv'" in result.stderr


def test_add_then_add_again(runner: CliRunner, gazetteer_dir: Path) -> None:
    args = [
        "gazetteer", "add", "Qudsaya", "--lat", "33.5327", "--lon", "36.2304", "--kind", "town",
        "--alias", "Qudsayya", "--parent", "damascus", "--source", "GeoNames 169304",
        "-g", str(gazetteer_dir),
    ]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "added qudsaya to" in result.stdout and "syria.yaml" in result.stdout
    place = load_gazetteer(gazetteer_dir).places["qudsaya"]
    assert (place.country, place.aliases, place.sources) == (
        "SY",
        ["Qudsayya"],
        ["GeoNames 169304"],
    )
    assert "# end of Syria" in (gazetteer_dir / "syria.yaml").read_text(encoding="utf-8")

    again = runner.invoke(app, args)
    assert again.exit_code == 2
    assert again.stderr.startswith("error: id 'qudsaya' already exists in")


def test_add_from_geonames(runner: CliRunner, gazetteer_dir: Path) -> None:
    args = ["gazetteer", "add", "--from-geonames", "172059", "--alias", "Zabadani",
            "--parent", "syria", "-g", str(gazetteer_dir)]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    place = load_gazetteer(gazetteer_dir).places["az-zabadani"]
    assert (place.geonames_id, place.kind, place.sources) == (172059, "town", ["GeoNames 172059"])
    assert runner.invoke(app, args).exit_code == 2


def test_add_from_geonames_with_a_curators_name(runner: CliRunner, gazetteer_dir: Path) -> None:
    args = ["gazetteer", "add", "Zabadani", "--from-geonames", "172059", "-g", str(gazetteer_dir)]
    assert runner.invoke(app, args).exit_code == 0
    place = load_gazetteer(gazetteer_dir).places["zabadani"]
    assert (place.name, place.aliases) == ("Zabadani", ["Az Zabadānī"])


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--lat", "33.5", "--kind", "town", "--source", "x"], "missing --lon"),
        (["--lat", "33.5", "--lon", "36.2", "--kind", "town"], "missing --source"),
        (["--lat", "99", "--lon", "36.2", "--kind", "town", "--source", "x", "--country", "SY"],
         "invalid place: lat: Input should be less than or equal to 90"),
        (["--lat", "33.5", "--lon", "36.2", "--kind", "town", "--source", "x"],
         "missing --country"),
        (["--lat", "36.2", "--lon", "33.5", "--kind", "town", "--source", "x", "--country", "SY"],
         "look swapped"),
    ],
)  # fmt: skip
def test_add_errors_are_one_clear_line_and_exit_2(
    runner: CliRunner, gazetteer_dir: Path, extra: list[str], message: str
) -> None:
    before = (gazetteer_dir / "syria.yaml").read_bytes()
    result = runner.invoke(app, ["gazetteer", "add", "Qudsaya", *extra, "-g", str(gazetteer_dir)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert message in result.stderr
    assert (gazetteer_dir / "syria.yaml").read_bytes() == before


@pytest.mark.parametrize("command", ["validate", "lookup", "add"])
def test_every_command_help_has_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, ["gazetteer", command, "--help"])
    assert result.exit_code == 0
    assert f"Example: geomap gazetteer {command}" in result.stdout

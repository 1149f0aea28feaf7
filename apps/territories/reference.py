"""The classifier extract shipped with Civic (see data/README.md)."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
KATO_CSV = DATA_DIR / "kato.csv"
POPULATION_CSV = DATA_DIR / "population.csv"

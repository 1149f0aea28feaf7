"""A small territory tree for tests, built through the real import service.

Republic 000000000
└── Akmola region 110000000 (oblast)
    ├── Arshaly district 113000000 (district)
    │   ├── Arshaly rural district 113030000
    │   │   ├── Arshaly village 113030100
    │   │   └── Zhibek Zholy village 113030200
    │   └── Berseneyevka rural district 113040000
    │       └── Berseneyevka village 113040100
    └── Astrakhan district 113200000 (district, the neighbour)
        └── Astrakhan rural district 113230000
            └── Astrakhanka village 113230100
"""

from dataclasses import dataclass

import factory
from django.utils import timezone

from apps.territories.importers import TerritoryRow
from apps.territories.models import StaffRole, Territory
from apps.territories.services import territories_import

TREE = [
    ("000000000", None, "country", "Қазақстан Республикасы", "Республика Казахстан", "Republic of Kazakhstan"),
    ("110000000", "000000000", "oblast", "Ақмола облысы", "Акмолинская область", "Akmola Region"),
    ("113000000", "110000000", "district", "Аршалы ауданы", "Аршалынский район", ""),
    ("113030000", "113000000", "rural_district", "Аршалы а.о.", "Аршалынский с.о.", ""),
    ("113030100", "113030000", "village", "Аршалы а.", "с.Аршалы", ""),
    ("113030200", "113030000", "village", "Жібек жолы а.", "с.Жибек Жолы", ""),
    ("113040000", "113000000", "rural_district", "Берсеневка а.о.", "Берсеневский с.о.", ""),
    ("113040100", "113040000", "village", "Берсеневка а.", "с.Берсеневка", ""),
    ("113200000", "110000000", "district", "Астрахан ауданы", "Астраханский район", ""),
    ("113230000", "113200000", "rural_district", "Астрахан а.о.", "Астраханский с.о.", ""),
    ("113230100", "113230000", "village", "Астраханка а.", "с.Астраханка", ""),
]


def rows(tree=TREE):
    return [TerritoryRow(i + 2, *row) for i, row in enumerate(tree)]


@dataclass
class Tree:
    republic: Territory
    oblast: Territory
    district: Territory
    rural_district: Territory
    village: Territory
    other_village: Territory
    sibling_rural_district: Territory
    neighbour_district: Territory
    neighbour_village: Territory


def build_tree() -> Tree:
    territories_import(rows=rows())
    by_code = Territory.objects.in_bulk(field_name="kato_code")
    return Tree(
        republic=by_code["000000000"],
        oblast=by_code["110000000"],
        district=by_code["113000000"],
        rural_district=by_code["113030000"],
        village=by_code["113030100"],
        other_village=by_code["113030200"],
        sibling_rural_district=by_code["113040000"],
        neighbour_district=by_code["113200000"],
        neighbour_village=by_code["113230100"],
    )


class StaffRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffRole

    user = factory.SubFactory("tests.accounts.factories.UserFactory")
    role = StaffRole.Role.MODERATOR
    valid_from = factory.LazyFunction(timezone.localdate)

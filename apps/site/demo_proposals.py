"""Demo proposals for development: every status of the lifecycle, made through the services.

Twelve demo neighbours (verified residents without a password) live in the
demo village; they author and vote so that the pages show real numbers. Runs
once: nothing is created when a proposal already exists.
"""

from __future__ import annotations

import io

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from apps.accounts.models import User
from apps.accounts.rules import assume_second_factor
from apps.proposals import services
from apps.proposals.models import Proposal, Vote
from apps.site.demo import _demo_residency, demo_iin
from apps.territories.models import Residency, Territory

NEIGHBOURS = 12


def _neighbours(village: Territory) -> list[User]:
    people = []
    for number in range(1, NEIGHBOURS + 1):
        email = f"neighbour{number}@civic.localhost"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, display_name=f"Neighbour {number}")
            user.set_unusable_password()
            user.save()
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        _demo_residency(user, village, demo_iin(1000 + 100 * number), Residency.Status.VERIFIED)
        people.append(user)
    return people


def _photo() -> SimpleUploadedFile:
    """A small drawn picture (a road with a pothole), made here so no file ships with the code."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (800, 600), (135, 190, 225))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 330, 800, 600), fill=(110, 150, 80))
    draw.polygon([(330, 330), (470, 330), (760, 600), (40, 600)], fill=(95, 95, 100))
    draw.ellipse((330, 450, 470, 500), fill=(60, 50, 45))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile("road.jpg", buffer.getvalue(), content_type="image/jpeg")


@transaction.atomic
def create_demo_proposals(*, village: Territory, district: Territory) -> list[Proposal]:
    if Proposal.objects.exists():
        return []
    resident = User.objects.get(email="resident@civic.localhost")
    # The demo acts for its staff from the server: no session, so no second factor to ask.
    moderator = assume_second_factor(User.objects.get(email="moderator@civic.localhost"))
    official = assume_second_factor(User.objects.get(email="official@civic.localhost"))
    neighbours = _neighbours(village)

    def propose(author, territory, title, body, category, **extra) -> Proposal:
        return services.proposal_create(
            actor=author, territory=territory, title=title, body=body, category=category, submit=True, **extra
        )

    def votes(proposal, fors, againsts=()):
        for person in fors:
            services.vote_cast(actor=person, proposal=proposal, choice=Vote.Choice.FOR)
        for person in againsts:
            services.vote_cast(actor=person, proposal=proposal, choice=Vote.Choice.AGAINST)

    lighting = propose(
        resident,
        village,
        "Уличное освещение на улице Береке",
        "На улице Береке нет ни одного фонаря: зимой дети идут в школу в темноте.\n\n"
        "Предлагаем установить 12 светодиодных фонарей от магазина до школы.",
        "lighting",
        estimated_cost=4_800_000,
    )
    services.proposal_publish(actor=moderator, proposal=lighting)
    votes(lighting, neighbours[:10])  # the village's population is not known: the minimum (10) applies

    road = propose(
        neighbours[0],
        village,
        "Мектепке баратын жолды жөндеу",
        "Мектепке баратын жолда үлкен шұңқырлар бар, көктемде су жиналып, балалар өте алмайды.\n\n"
        "Жолды қиыршық таспен төсеп, су ағатын арық қазуды ұсынамыз.",
        "roads",
        latitude=50.752012,
        longitude=72.170540,
        images=[_photo()],
    )
    services.proposal_publish(actor=moderator, proposal=road)
    votes(road, neighbours[1:7], neighbours[7:9])

    playground = propose(
        neighbours[1],
        village,
        "Детская площадка возле клуба",
        "Во всём селе нет детской площадки. Возле клуба есть свободный участок, где её можно поставить.",
        "landscaping",
        estimated_cost=2_500_000,
    )
    services.proposal_publish(actor=moderator, proposal=playground)
    votes(playground, neighbours[2:12])  # ten votes: the threshold, so the akimat takes it up
    services.proposal_consider(
        actor=official, proposal=playground, reason="Отдел ЖКХ района изучает участок возле клуба."
    )
    services.proposal_accept(
        actor=official,
        proposal=playground,
        response="Площадка включена в план благоустройства на следующий год: установка в мае, "
        "ответственный — отдел ЖКХ Аршалынского района. Ход работ будет опубликован здесь.",
    )

    propose(
        neighbours[2],
        village,
        "Перебои с водой по вечерам",
        "Каждый вечер с 18 до 22 часов в верхней части села нет воды. Нужно проверить насосную станцию.",
        "water",
    )

    bus = propose(
        neighbours[3],
        district,
        "Чаще автобус до районного центра",
        "Автобус до Аршалы ходит два раза в день; люди не успевают в поликлинику и обратно.\n\n"
        "Предлагаем добавить утренний и вечерний рейсы.",
        "transport",
    )
    services.proposal_publish(actor=moderator, proposal=bus)
    votes(bus, neighbours[4:12], [resident])

    services.proposal_create(
        actor=resident,
        territory=village,
        title="Скамейка на автобусной остановке",
        body="На остановке у въезда в село негде присесть пожилым людям, нужна скамейка с навесом.",
        category="landscaping",
    )
    return [lighting, road, playground, bus]

"""Demo initiatives for development: the work after a proposal is accepted, made through the services.

Four initiatives, acting as the demo official of the district (with the second
factor assumed, as the other demo data does):

- the accepted proposal "Детская площадка возле клуба" carried out on time:
  in progress, milestones (one done), updates with photos, budget and its source;
- a new proposal of the demo village (a water pipe) taken up, accepted and opened
  in one step ("accept and open an initiative"), now past its due date and
  marked delayed by the daily task's service;
- the club's roof, repaired by decision of a local community gathering (no
  proposal), completed and checked by the demo neighbours: six confirmations and
  two disputes, below the dispute threshold, so it stays completed;
- a district road, planned.

The demo resident (``resident@``) has checked nothing, so a person trying the
demo can confirm or dispute the roof themselves. Runs once: nothing is created
when an initiative already exists.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.rules import assume_second_factor
from apps.discussions.models import Comment
from apps.discussions.services import comment_create
from apps.initiatives import services
from apps.initiatives.models import CompletionCheck, FundingSource, Initiative
from apps.proposals import services as proposal_services
from apps.proposals.models import Proposal, Vote
from apps.site.demo_proposals import _neighbours
from apps.territories.models import Territory

#: The akim's office of the demo village's rural district (Akbulak, ``demo.DEMO_RURAL_DISTRICT``), in Russian.
RURAL_AKIM_OFFICE = "Аппарат акима Акбулакского сельского округа"
DISTRICT_DEPARTMENT = (
    "ГУ «Отдел жилищно-коммунального хозяйства, пассажирского транспорта и автомобильных дорог Аршалынского района»"
)

# -- Pictures drawn here, so no file ships with the code (like ``demo_proposals._photo``) ---------------------

SKY, GRASS, EARTH = (150, 200, 235), (110, 155, 80), (150, 115, 80)


def _picture(name: str, draw_scene) -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (800, 600), SKY)
    draw = ImageDraw.Draw(picture)
    draw_scene(draw)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _club(draw, roof=(120, 120, 125), rafters=False) -> None:
    """The village club in the background: a long white house with a roof."""
    draw.rectangle((430, 180, 760, 340), fill=(235, 230, 215))
    for x in (470, 560, 650):
        draw.rectangle((x, 230, x + 50, 280), fill=(90, 130, 170))
    draw.rectangle((715, 260, 745, 340), fill=(120, 80, 50))
    if rafters:
        for x in range(420, 780, 30):
            draw.line((x, 180, 595, 110), fill=(140, 100, 60), width=5)
    else:
        draw.polygon([(410, 180), (780, 180), (595, 105)], fill=roof)


def _cleared_lot(draw) -> None:
    draw.rectangle((0, 340, 800, 600), fill=GRASS)
    _club(draw)
    draw.rectangle((60, 380, 520, 570), fill=EARTH)  # the levelled ground
    for x, y in ((80, 390), (500, 390), (80, 555), (500, 555)):  # marking stakes
        draw.rectangle((x, y - 40, x + 8, y), fill=(230, 120, 40))
    draw.line((84, 390, 504, 390, 504, 555, 84, 555, 84, 390), fill=(240, 240, 240), width=3)


def _foundation(draw) -> None:
    draw.rectangle((0, 340, 800, 600), fill=GRASS)
    _club(draw)
    draw.rectangle((60, 380, 520, 570), fill=EARTH)
    draw.rectangle((100, 420, 240, 470), fill=(175, 175, 170))  # concrete under the slide
    draw.rectangle((300, 460, 480, 520), fill=(175, 175, 170))  # under the swings
    draw.polygon([(560, 560), (660, 430), (770, 560)], fill=(225, 195, 120))  # sand


def _playground(draw) -> None:
    draw.rectangle((0, 340, 800, 600), fill=GRASS)
    _club(draw)
    draw.rectangle((60, 380, 520, 570), fill=(225, 195, 120))
    draw.rectangle((110, 330, 200, 345), fill=(60, 120, 190))  # the slide's platform
    draw.line((120, 345, 120, 470), fill=(60, 120, 190), width=8)
    draw.line((190, 345, 190, 470), fill=(60, 120, 190), width=8)
    draw.polygon([(200, 330), (215, 330), (330, 470), (300, 470)], fill=(215, 50, 50))
    draw.line((330, 360, 350, 540), fill=(80, 80, 85), width=8)  # the swings' frame
    draw.line((480, 360, 460, 540), fill=(80, 80, 85), width=8)
    draw.line((330, 360, 480, 360), fill=(80, 80, 85), width=8)
    for x in (370, 430):
        draw.line((x, 360, x, 470), fill=(60, 60, 60), width=2)
        draw.line((x + 20, 360, x + 20, 470), fill=(60, 60, 60), width=2)
        draw.rectangle((x - 5, 470, x + 25, 480), fill=(240, 200, 40))


def _sandbox(draw) -> None:
    """Closer: the sandbox's wooden frame and the tape around the new equipment."""
    draw.rectangle((0, 300, 800, 600), fill=GRASS)
    draw.rectangle((150, 360, 650, 560), fill=(150, 105, 60))
    draw.rectangle((175, 380, 625, 540), fill=(225, 195, 120))
    draw.polygon([(330, 470), (350, 430), (400, 430), (420, 470)], fill=(40, 150, 210))  # a bucket
    for x in (40, 280, 520, 760):
        draw.rectangle((x, 220, x + 10, 320), fill=(90, 90, 90))
    for x in range(40, 760, 40):  # red and white tape between the posts
        draw.line((x, 235, x + 40, 235), fill=(220, 40, 40) if x // 40 % 2 else (245, 245, 245), width=6)


def _pipes(draw) -> None:
    draw.rectangle((0, 330, 800, 600), fill=(200, 190, 170))  # a dusty street
    for row in range(4):  # blue polyethylene pipes stacked on the roadside
        for n in range(5 - row):
            x, y = 120 + n * 70 + row * 35, 520 - row * 60
            draw.ellipse((x, y, x + 64, y + 64), fill=(40, 90, 170), outline=(20, 50, 110), width=4)
            draw.ellipse((x + 18, y + 18, x + 46, y + 46), fill=(25, 30, 40))


def _trench(draw) -> None:
    draw.rectangle((0, 330, 800, 600), fill=(200, 190, 170))
    draw.polygon([(340, 330), (420, 330), (620, 600), (300, 600)], fill=(90, 65, 45))  # the trench
    draw.line((360, 335, 470, 600), fill=(40, 90, 170), width=14)  # the pipe laid in it
    draw.polygon([(560, 330), (680, 330), (800, 470), (800, 600), (660, 600)], fill=(160, 125, 90))  # spoil
    draw.rectangle((90, 380, 250, 470), fill=(240, 190, 30))  # an excavator
    draw.rectangle((200, 330, 250, 380), fill=(240, 190, 30))
    draw.line((250, 360, 330, 300, 360, 360), fill=(90, 90, 90), width=10)
    draw.rectangle((80, 470, 260, 500), fill=(50, 50, 50))


def _bare_roof(draw) -> None:
    draw.rectangle((0, 340, 800, 600), fill=GRASS)
    _club(draw, rafters=True)
    draw.polygon([(40, 560), (200, 560), (160, 480), (70, 500)], fill=(150, 150, 150))  # old slate, piled


def _new_roof(draw) -> None:
    draw.rectangle((0, 340, 800, 600), fill=GRASS)
    _club(draw, roof=(170, 40, 40))
    draw.line((410, 182, 780, 182), fill=(120, 120, 120), width=6)  # gutters
    draw.line((420, 182, 420, 340), fill=(120, 120, 120), width=5)


# -- The initiatives -------------------------------------------------------------------------------------------


@transaction.atomic
def create_demo_initiatives(*, village: Territory, district: Territory) -> list[Initiative]:
    if Initiative.objects.exists():
        return []
    official = assume_second_factor(User.objects.get(email="official@civic.localhost"))
    moderator = assume_second_factor(User.objects.get(email="moderator@civic.localhost"))
    neighbours = _neighbours(village)
    today = timezone.localdate()

    def day(offset: int) -> datetime.date:
        return today + datetime.timedelta(days=offset)

    def post(initiative, offset, body, percent, spent=None, photos=()):
        return services.update_post(
            actor=official,
            initiative=initiative,
            body=body,
            percent=percent,
            spent=Decimal(spent) if spent is not None else None,
            reported_on=day(offset),
            photos=list(photos),
        )

    made = []

    # (a) The accepted playground, carried out on time.
    playground = Proposal.objects.filter(
        territory=village, title="Детская площадка возле клуба", status=Proposal.Status.ACCEPTED
    ).first()
    if playground is not None:
        initiative = services.initiative_open_from_proposal(
            actor=official,
            proposal=playground,
            title="Детская площадка возле сельского клуба",
            description="Площадка на свободном участке возле клуба по предложению жителей: горка, двое качелей, "
            "песочница, резиновое покрытие и ограждение со стороны дороги.\n\n"
            "Работы по договору подряда, оплата из бюджета сельского округа (местное самоуправление).",
            category=playground.category,
            responsible_body=RURAL_AKIM_OFFICE,
            responsible_official=official,
            contractor="ТОО «Арман-Строй Аршалы»",
            budget_planned=Decimal(2_500_000),
            funding_source=FundingSource.LOCAL_BUDGET,
            budget_programme="124-011",
            start_date=day(-35),
            due_date=day(55),
            milestones=[
                ("Подготовка участка и основание", day(-14)),
                ("Установка игрового оборудования", day(20)),
                ("Резиновое покрытие и ограждение", day(50)),
            ],
        )
        post(
            initiative,
            -30,
            "Участок возле клуба расчищен от мусора и выровнен, размечены места под горку и качели.",
            15,
            300_000,
            [_picture("lot.jpg", _cleared_lot)],
        )
        post(
            initiative,
            -16,
            "Залито бетонное основание под горку и качели, завезён песок для песочницы. "
            "Подготовка участка закончена на два дня раньше срока.",
            40,
            900_000,
            [_picture("foundation.jpg", _foundation)],
        )
        services.milestone_mark_done(actor=official, milestone=initiative.milestones.all()[0], done_on=day(-16))
        post(
            initiative,
            -3,
            "Доставлены и установлены горка и двое качелей; до приёмки оборудование огорожено лентой, "
            "просим пока не пускать детей. Осталось резиновое покрытие и ограждение.",
            65,
            1_650_000,
            [_picture("playground.jpg", _playground), _picture("sandbox.jpg", _sandbox)],
        )
        comment_create(
            actor=neighbours[5],
            thread=initiative.thread,
            stance=Comment.Stance.QUESTION,
            body="Будет ли ограждение со стороны дороги до того, как площадку откроют?",
        )
        made.append(initiative)

    # (b) A water pipe: proposed, supported, accepted and opened in one step; now past its due date.
    pipe = proposal_services.proposal_create(
        actor=neighbours[4],
        territory=village,
        title="Достық көшесіндегі су құбырын ауыстыру",
        body="Достық көшесіндегі су құбыры 1970 жылдары салынған, жылына бірнеше рет жарылады: "
        "қыста жиырма үй сусыз қалады.\n\n"
        "Ескі шойын құбырларды полиэтилен құбырлармен ауыстыруды ұсынамыз (шамамен 600 метр).",
        category="water",
        estimated_cost=Decimal(6_200_000),
        submit=True,
    )
    proposal_services.proposal_publish(actor=moderator, proposal=pipe)
    for person in [*neighbours[:4], *neighbours[5:11]]:  # ten votes: the village's threshold
        proposal_services.vote_cast(actor=person, proposal=pipe, choice=Vote.Choice.FOR)
    proposal_services.proposal_consider(
        actor=official, proposal=pipe, reason="Аудандық ТКШ бөлімі құбырдың жай-күйін тексереді."
    )
    delayed = services.initiative_open_from_proposal(
        actor=official,
        proposal=pipe,
        response="Ұсыныс қабылданды: құбыр аудандық бюджет есебінен ауыстырылады. Жұмыс барысы осы жерде жарияланады.",
        title="Достық көшесіндегі су құбырын ауыстыру (600 м)",
        description="Достық көшесіндегі 600 метр шойын су құбырын полиэтилен құбырларға ауыстыру, "
        "20 үйге жаңа қосылым.\n\nЖұмысты мердігер аудандық бюджеттен қаржыландырылатын шарт бойынша атқарады.",
        category="water",
        responsible_body=DISTRICT_DEPARTMENT,
        responsible_official=official,
        contractor="ТОО «СуҚұрылыс-Ақмола»",
        budget_planned=Decimal(6_200_000),
        funding_source=FundingSource.DISTRICT_BUDGET,
        budget_programme="459-058",
        start_date=day(-55),
        due_date=day(-20),
        milestones=[("Құбырларды жеткізу", day(-45)), ("Құбырларды төсеу және қосу", day(-20))],
    )
    post(
        delayed,
        -40,
        "Құбырлар мен фитингтер жеткізілді (жоспардан бір апта кеш: зауыттан жөнелту кешікті).",
        25,
        1_800_000,
        [_picture("pipes.jpg", _pipes)],
    )
    services.milestone_mark_done(actor=official, milestone=delayed.milestones.all()[0], done_on=day(-38))
    post(
        delayed,
        -12,
        "Траншея 300 метрге қазылды, 180 метр құбыр төселді. Мердігердің экскаваторы екі апта бос болмады, "
        "жұмыс кешігіп тұр; жаңа мерзім келісілуде.",
        45,
        2_600_000,
        [_picture("trench.jpg", _trench)],
    )
    services.initiatives_mark_delayed()  # what the daily task does: the timeline shows "Marked as delayed"
    delayed.refresh_from_db()
    made.append(delayed)

    # (c) The club's roof: a local community gathering's decision, done and checked by the neighbours.
    roof = services.initiative_create(
        actor=official,
        territory=village,
        title="Ремонт крыши сельского клуба",
        description="Решение собрания местного сообщества Акбулакского сельского округа: отремонтировать "
        "протекающую крышу сельского клуба до осенних дождей.\n\n"
        "Средства собраны жителями (по 5 000 тенге со двора) и добавлены спонсором — местным "
        "крестьянским хозяйством; аппарат акима ведёт работы и отчитывается здесь.",
        category="culture_sport",
        responsible_body=RURAL_AKIM_OFFICE,
        responsible_official=official,
        contractor="ИП «Сейтказин» (кровельные работы)",
        budget_planned=Decimal(1_800_000),
        funding_source=FundingSource.COMMUNITY,
        start_date=day(-50),
        due_date=day(10),
        milestones=[("Снятие старого шифера, ремонт стропил", day(-30)), ("Монтаж металлочерепицы", day(-8))],
    )
    first, second = roof.milestones.all()
    post(
        roof,
        -44,
        "Снят старый шифер, заменены сгнившие стропила над зрительным залом.",
        35,
        620_000,
        [_picture("rafters.jpg", _bare_roof)],
    )
    services.milestone_mark_done(actor=official, milestone=first, done_on=day(-33))
    post(
        roof,
        -20,
        "Уложена металлочерепица, установлены водостоки.",
        90,
        1_690_000,
        [_picture("roof.jpg", _new_roof)],
    )
    services.milestone_mark_done(actor=official, milestone=second, done_on=day(-20))
    post(
        roof,
        -6,
        "Работы закончены, мусор вывезен. Остаток средств (60 000 тенге) — на краску для фасада.",
        100,
        1_740_000,
    )
    services.initiative_complete(
        actor=official, initiative=roof, reason="Крыша принята комиссией с участием членов собрания."
    )
    confirmations = [
        "Был в клубе после дождя — сухо.",
        "",
        "Сделали хорошо и быстро, спасибо.",
        "",
        "Водостоки поставили, как обещали.",
        "",
    ]
    for person, comment in zip(neighbours[:6], confirmations, strict=True):
        services.completion_check(
            actor=person, initiative=roof, verdict=CompletionCheck.Verdict.CONFIRMED, comment=comment
        )
    services.completion_check(
        actor=neighbours[6],
        initiative=roof,
        verdict=CompletionCheck.Verdict.DONE_BADLY,
        comment="Над входом лист лёг криво, в сильный дождь капает на крыльцо.",
    )
    services.completion_check(
        actor=neighbours[7],
        initiative=roof,
        verdict=CompletionCheck.Verdict.NOT_DONE,
        comment="Фасад так и не покрасили, а краску обещали купить из остатка.",
    )
    roof.refresh_from_db()
    made.append(roof)

    # (d) A district road, planned for the coming season.
    road = services.initiative_create(
        actor=official,
        territory=district,
        title="Средний ремонт дороги Аршалы — Акбулак (12 км)",
        description="Средний ремонт районной дороги от Аршалы до Акбулака: новое асфальтовое покрытие, "
        "обочины, две автобусные остановки.\n\nПроектно-сметная документация проходит экспертизу.",
        category="roads",
        responsible_body=DISTRICT_DEPARTMENT,
        responsible_official=official,
        budget_planned=Decimal(148_000_000),
        funding_source=FundingSource.DISTRICT_BUDGET,
        budget_programme="459-023",
        start_date=day(30),
        due_date=day(150),
        milestones=[
            ("Экспертиза проектно-сметной документации", day(20)),
            ("Покрытие на участке 0–6 км", day(90)),
            ("Покрытие на участке 6–12 км и приёмка", day(150)),
        ],
    )
    made.append(road)
    return made

"""A path's first part: the person's file, their criteria and their diagnosis."""

from __future__ import annotations

import datetime

from stdnum.fr import nir as stdnum_nir

from tremplin.common.text import normalize_search
from tremplin.network.demo import DEMO_DOMAIN, STREETS
from tremplin.rules import rule

from .. import calculations
from ..asp.reference import full_months_between, is_cap_bep_or_below
from ..calculations import age_on
from ..models import (
    Criterion,
    Diagnosis,
    DiagnosisAuthor,
    DiagnosisCriterion,
    FrenchLevel,
    Housing,
    Person,
    Sex,
)
from ..services.persons import clean_nir, nir_hash
from .base import _PathsBase
from .reference import (
    DAY,
    FEMALE_NAMES,
    FOREIGN_BORN,
    FRENCH_ABROAD,
    LAST_NAMES,
    MALE_NAMES,
    RSA,
    SECOND_NAMES,
    SENIOR,
    WORLD_NAMES,
    YOUNG,
    _country,
    _education,
    _housing,
)
from .writer import _Row


class _PersonFile(_PathsBase):
    """The person's file as the prescriber sees it, and the diagnosis that opens the path."""

    # --- the person's file ---------------------------------------------------------------

    def _names(self, sex: str, born_abroad: bool) -> tuple[str, str]:
        rng = self.rng
        first = rng.choice(FEMALE_NAMES if sex == Sex.FEMALE else MALE_NAMES)
        if rng.random() < 0.25:
            second = rng.choice(SECOND_NAMES[sex])
            if second != first:
                first = f"{first} {second}"
        world = rng.random() < (0.8 if born_abroad else 0.15)
        return first, rng.choice(WORLD_NAMES if world else LAST_NAMES)

    def _birth_date(self, ref: datetime.date, band: str) -> datetime.date:
        """A birth date giving an age of the band on `ref`."""
        low, high = {"young": (18, 25), "middle": (26, 49), "senior": (50, 62)}[band]
        years = self.rng.randint(low, high)
        try:
            anniversary = ref.replace(year=ref.year - years)
        except ValueError:  # 29 February
            anniversary = ref.replace(year=ref.year - years, day=28)
        return anniversary - DAY * self.rng.randint(0, 364)

    def _nir(self, sex: str, birth_date: datetime.date, place: str) -> str:
        """A valid NIR: sex, year and month of birth, commune or 99 + country, order, key."""
        prefix = f"{1 if sex == Sex.MALE else 2}{birth_date:%y%m}{place}"
        while True:
            number = f"{prefix}{self.rng.randint(1, 999):03d}"
            number += stdnum_nir.calc_check_digits(number)
            if number not in self.context.nirs:
                self.context.nirs.add(number)
                return clean_nir(number)

    def _ntt(self, sex: str, birth_date: datetime.date) -> str:
        """A temporary technical number in the ASP's format: 1 or 2, nine digits, letters."""
        letters = "".join(self.rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3))
        serial = self.rng.randint(0, 99999)
        return f"{1 if sex == Sex.MALE else 2}{birth_date:%y%m}{serial:05d}{letters}"

    def _person(self, *, ref: datetime.date, band: str | None, rqth: bool = False) -> _Row:
        """The person's file as it stood on their diagnosis (`ref`), eligible for the
        structure's kind."""
        rng, kind, territory = self.rng, self.kind, self.context.territory
        sex = Sex.FEMALE if rng.random() < self.women else Sex.MALE
        if band is None:
            roll = rng.random()
            band = (
                "young" if roll < YOUNG[kind] else "senior" if roll > 1 - SENIOR[kind] else "middle"
            )
        birth_date = self._birth_date(ref, band)
        overseas = self.place.departement.startswith("97")
        born_abroad = rng.random() < (FOREIGN_BORN / 2 if overseas else FOREIGN_BORN)
        first, last = self._names(sex, born_abroad)
        birth_name = ""
        if sex == Sex.FEMALE and band != "young" and rng.random() < 0.2:
            birth_name, last = last, rng.choice(LAST_NAMES)  # usage name: a spouse's
        home = self.place if rng.random() < 0.45 else territory.pick(rng, self.place.departement)
        if born_abroad:
            birth_country, birth_commune = _country(rng), None
            nir_place = "99" + birth_country[2:]
        else:
            birth_country = "99100"
            local = rng.random() < 0.55
            birth_commune = territory.pick(rng, self.place.departement if local else None)
            nir_place = birth_commune.code
        nir = (
            self._nir(sex, birth_date, nir_place)
            if rng.random() < (0.72 if born_abroad else 0.95)
            else None
        )
        qpv_rate = 0.4 if home.population > 30000 else 0.15 if home.population > 8000 else 0
        zrr_rate = 0.6 if home.population < 2000 else 0.25 if home.population < 5000 else 0
        zrr = rng.random() < zrr_rate
        person = _Row(
            structure_id=self.structure.pk,
            conseiller_id=self.referent.user_id,
            created_by_id=self.referent.user_id,
            last_name=last,
            birth_name=birth_name,
            first_names=first,
            sex=sex,
            birth_date=birth_date,
            birth_commune_id=birth_commune.code if birth_commune else None,
            birth_country=birth_country,
            nir=nir,
            ntt="" if nir else self._ntt(sex, birth_date),
            phone=(
                f"0{rng.choice('67')} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                f"{rng.randint(10, 99)} {rng.randint(10, 99)}"
            )
            if rng.random() < 0.93
            else "",
            email="",
            address=f"{rng.randint(1, 150)} {rng.choice(STREETS)}",
            commune_id=home.code,
            qpv=rng.random() < qpv_rate,
            zrr=zrr,
            education_level=_education(rng),
            rsa_since=None,
            ass_since=None,
            aah_since=None,
            job_seeker_since=None,
            job_seeker_id="",
            rqth=rqth or rng.random() < 0.08,
            single_parent=rng.random() < (0.22 if sex == Sex.FEMALE else 0.03),
            housing=_housing(rng),
            refugee=born_abroad and rng.random() < 0.25,
            left_child_welfare=age_on(birth_date, ref) < 22 and rng.random() < 0.15,
            leaving_detention=sex == Sex.MALE and rng.random() < (0.06 if kind == "ACI" else 0.02),
            french_level=(rng.choice(FRENCH_ABROAD) if born_abroad else FrenchLevel.FLUENT),
            mobility_problem=rng.random() < (0.45 if zrr else 0.28),
        )
        if rng.random() < 0.55:
            local_part = normalize_search(f"{first.split()[0]}.{last}").replace(" ", "-")
            person.email = f"{local_part}{rng.randint(1, 99)}@{DEMO_DOMAIN}"
        # Allowances and registration with France Travail: the level-1 criteria.
        roll = rng.random()
        rsa = RSA[kind] * (0.25 if band == "young" else 1)
        if person.rqth and rng.random() < 0.3:
            person.aah_since = ref - DAY * rng.randint(90, 3000)
        elif roll < rsa:
            person.rsa_since = ref - DAY * rng.randint(60, 2500)
        elif roll < rsa + 0.05 and band != "young":
            person.ass_since = ref - DAY * rng.randint(60, 700)
        if person.ass_since or rng.random() < 0.75:
            months = rng.choice([2, 5, 8, 11, 14, 18, 22, 26, 30, 40, 60])
            if person.ass_since:  # the ASS follows the end of unemployment benefits
                months = max(months, 26)
            person.job_seeker_since = ref - DAY * (months * 31 + rng.randint(0, 20))
            person.job_seeker_id = self._job_seeker_id()
        criteria = self._criteria(person, ref)
        while not calculations.eligibility(criteria, kind, ref).eligible:
            # Not eligible as drawn: a prescriber would not have sent them. Add what most
            # often makes people eligible, then read the criteria again.
            fix = rng.random()
            if fix < 0.3 and band != "young" and not (person.ass_since or person.aah_since):
                person.rsa_since = ref - DAY * rng.randint(60, 2500)
            elif fix < 0.55:
                person.job_seeker_since = ref - DAY * rng.randint(750, 1500)
                person.job_seeker_id = person.job_seeker_id or self._job_seeker_id()
            elif fix < 0.7:
                person.mobility_problem = True
            elif fix < 0.85:
                person.education_level = rng.choice(["50", "51", "70"])
            else:
                person.housing = Housing.HOSTED
            criteria = self._criteria(person, ref)
        # Derived exactly as services.persons does.
        person.nir_hash = nir_hash(person.nir or "")
        person.search_name = normalize_search(person.last_name)
        person.consent_date = min(ref + DAY * rng.randint(0, 10), self.today)
        person.criteria = criteria  # not a column: read by _diagnosis, dropped on insert
        return person

    def _job_seeker_id(self) -> str:
        return f"{self.rng.randint(1000000, 9999999)}{self.rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}"

    def _criteria(self, person: _Row, on: datetime.date) -> list[str]:
        """The criteria the file shows on `on` (R5132-1-7; ages and durations from the
        rules table)."""
        found = []
        if person.rsa_since:
            found.append(Criterion.L1_RSA)
        if person.ass_since:
            found.append(Criterion.L1_ASS)
        if person.aah_since:
            found.append(Criterion.L1_AAH)
        if person.job_seeker_since:
            months = full_months_between(person.job_seeker_since, on)
            if months >= rule("eligibility.long_term_job_seeker_months", on):
                found.append(Criterion.L1_LONG_TERM_JOB_SEEKER)
            elif months >= rule("eligibility.job_seeker_months", on):
                found.append(Criterion.L2_JOB_SEEKER)
        if is_cap_bep_or_below(person.education_level):
            found.append(Criterion.L2_LOW_EDUCATION)
        age = age_on(person.birth_date, on)
        if age >= rule("eligibility.senior_age", on):
            found.append(Criterion.L2_SENIOR)
        if age < rule("eligibility.young_age", on):
            found.append(Criterion.L2_YOUNG)
        for flag, criterion in (
            (person.left_child_welfare, Criterion.L2_CHILD_WELFARE),
            (person.rqth, Criterion.L2_RQTH),
            (person.single_parent, Criterion.L2_SINGLE_PARENT),
            (person.housing in (Housing.HOMELESS, Housing.HOSTED), Criterion.L2_HOMELESS),
            (person.refugee, Criterion.L2_REFUGEE),
            (person.zrr, Criterion.L2_ZRR),
            (person.qpv, Criterion.L2_QPV),
            (person.leaving_detention, Criterion.L2_DETENTION),
            (person.french_level == FrenchLevel.BELOW_A1, Criterion.L2_FRENCH),
            (person.mobility_problem, Criterion.L2_MOBILITY),
        ):
            if flag:
                found.append(criterion)
        return [c.value for c in found]

    def _file(self, person: _Row) -> int:
        """Queue the person's row; returns its id."""
        criteria = person.pop("criteria")
        row = self.add(Person, **person)
        person.update(id=row.id, criteria=criteria)
        return row.id

    def _diagnosis(self, person: _Row, made_on: datetime.date, author: str) -> None:
        rng = self.rng
        criteria = person.criteria
        if author == DiagnosisAuthor.EMPLOYER:
            name, organisation = self.referent.name or self.writer.name, self.structure.name
        else:
            name = f"{rng.choice(FEMALE_NAMES + MALE_NAMES)} {rng.choice(LAST_NAMES)}"
            organisation = self._prescriber(person, criteria)
        diagnosis = self.add(
            Diagnosis,
            person_id=person.id,
            author_kind=author,
            author_name=name or "—",
            author_organisation=organisation[:200],
            made_on=made_on,
            expires_on=calculations.diagnosis_expires_on(author, made_on),
            created_by_id=self.referent.user_id,
        )
        # The level-1 criteria, and level-2 ones when needed (some more, as they come).
        level1 = [c for c in criteria if c.startswith("l1_")]
        level2 = [c for c in criteria if not c.startswith("l1_")]
        recorded = level1 + [c for c in level2 if not level1 or rng.random() < 0.4]
        for code in sorted(recorded):
            self.add(DiagnosisCriterion, diagnosis_id=diagnosis.id, criterion=code, proof="")

    def _prescriber(self, person: _Row, criteria: list[str]) -> str:
        rng, town, dep = self.rng, self.place.name, self.place.departement
        if Criterion.L2_YOUNG in criteria and rng.random() < 0.7:
            return f"Mission locale de {town}"
        if person.rqth and rng.random() < 0.6:
            return f"Cap emploi – département {dep}"
        if person.leaving_detention and rng.random() < 0.7:
            return f"SPIP – département {dep}"
        if Criterion.L1_RSA in criteria and rng.random() < 0.4:
            return f"Conseil départemental ({dep}) – service insertion"
        if person.housing == Housing.HOMELESS and rng.random() < 0.6:
            return f"SIAO – département {dep}"
        return f"France Travail {town}"

"""Legal figures of the insertion sector, each with the period it applies to and its source.

`valid_from` is the first day a figure applies. Where the start date could not be checked,
it is `IN_FORCE_BEFORE` (the figure applied on the day DESIGN.md was written and is not
dated further): it then applies to every date, which is what the product needs until a
newer row supersedes it. Add a row with a later `valid_from` to change a figure; never edit
a past row's value.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

IN_FORCE_BEFORE = datetime.date(1900, 1, 1)

R5132_1_7 = "Code du travail, art. R5132-1-7 (critères d'éligibilité à l'IAE)"
R5132_1_8 = "Code du travail, art. R5132-1-8 (durée et prolongation du PASS IAE)"
# The PASS IAE's 24 months and the 24 months' wait after it ends are the figures the
# platform of inclusion applies (gip-inclusion/les-emplois: DEFAULT_APPROVAL_YEARS and
# WAITING_PERIOD_YEARS, « période de carence »); the article that sets them could not be
# read, and the source says so rather than cite one.
PASS_IAE = (
    "Code du travail, art. L5132-3 (parcours d'insertion) et R5132-1-8 (durée et prolongation "
    "du PASS IAE) ; durée de 24 mois et délai de carence de 24 mois : règles appliquées par "
    "la Plateforme de l'inclusion, article qui les fixe non vérifié"
)
CDDI = "Code du travail, art. L5132-5 (EI), L5132-11-1 (AI) ; CDDI des ACI"
ETTI = (
    "Code du travail, art. L5132-6 (contrats de mission des ETTI : jusqu'à 24 mois, "
    "renouvellement compris, par dérogation aux art. L1251-12 et L1251-12-1)"
)
AI_CAP = "Code du travail, art. L5132-9 (mises à disposition par les AI)"
CIRCULAIRE_2008_21 = (
    "Circulaire DGEFP n° 2008-21 du 10 décembre 2008 relative au conventionnement des SIAE, "
    "annexe 4 « Les indicateurs emploi »"
)
# Which exits count (more than 3 months in an ACI, EI or EITI, more than 150 hours in an AI
# or an ETTI) is a reporting rule of the DGEFP and the ASP, not a Code du travail article.
# The circular is the text that set the exit rates; the two thresholds could not be read in
# it (nor whether they are « plus de » or « au moins »: the product counts « plus de »), and
# the source says so.
COUNTED_EXITS = (
    f"{CIRCULAIRE_2008_21} et ASP (sorties prises en compte dans les taux de sortie) ; seuils "
    "de 3 mois (ACI, EI, EITI) et de 150 heures (AI, ETTI) non vérifiés dans le texte"
)
EXIT_TARGETS = (
    f"{CIRCULAIRE_2008_21} (au moins 60 % de sorties dynamiques et 25 % d'emploi durable)"
)
AIDE_POSTE_ARRETE = (
    "Arrêté du 4 décembre 2024 fixant les montants des aides financières aux structures de "
    "l'insertion par l'activité économique, aux dispositifs d'insertion implantés en milieu "
    "pénitentiaire et à Mayotte et fixant le montant de l'aide financière versée au titre du "
    "contrat passerelle"
)
AIDE_POSTE_2024 = (
    f"{AIDE_POSTE_ARRETE} : montants socles par poste à temps plein au 1er novembre 2024 "
    "(EI, art. R5132-8 ; ETTI, art. R5132-10-13 ; AI, art. R5132-24 ; ACI, art. R5132-38 du "
    "Code du travail ; EITI, décret du 20 décembre 2018 relatif à l'expérimentation des "
    "entreprises d'insertion par le travail indépendant, art. 6, pour 1 505 heures)"
)
AIDE_POSTE_2025 = f"{AIDE_POSTE_ARRETE} : montant socle des EI au 1er janvier 2025 (art. R5132-8)"
# The modulated share's 0 to 10 % are read in the earlier yearly orders (e.g. the arrêté du
# 5 juillet 2022); the text of the 2024 order was not at hand to check it.
AIDE_POSTE_MODULATION = (
    "Part modulée de 0 à 10 % du montant socle : arrêtés annuels fixant les montants des "
    "aides financières aux SIAE (ainsi l'arrêté du 5 juillet 2022, NOR MTRD2206107A) ; non "
    "vérifiée dans le texte de l'arrêté du 4 décembre 2024"
)
ETP_REFERENCE = "ASP, heures annuelles de référence d'un ETP par mesure"
# The path is an employment (CDDI, contrat de mission): its file is kept while the
# employer must keep the employee's records, 5 years after they left.
RETENTION_EMPLOYEES = (
    "Code du travail, art. R1221-26 (registre unique du personnel : 5 ans après le départ) "
    "et L3243-4 (double des bulletins de paie : 5 ans) ; CNIL, référentiel des durées de "
    "conservation du secteur social et médico-social (délibération n° 2023-095 du "
    "14 septembre 2023) : 2 ans en base active après le dernier contact, puis archivage "
    "intermédiaire pour les seules obligations légales"
)
RETENTION_CANDIDATES = (
    "CNIL, référentiel « gestion des ressources humaines » (recrutement) : 2 ans après le "
    "dernier contact avec un candidat non retenu"
)
RETENTION_LOGS = (
    "CNIL, recommandation relative à la journalisation (octobre 2021) : entre six mois et un an"
)
# The rules INSEE applies to business statistics, which the observatory applies to the
# structures behind a published figure (the law defines the secret; INSEE's manual, the
# thresholds).
SECRET_ENTREPRISES = (
    "Insee, « Manuel de protection des tableaux », annexe « Règles », 11.1 Règles pour la "
    "statistique d'entreprises (https://inseefrlab.github.io/manuel-protection-tableaux/) ; "
    "loi n° 51-711 du 7 juin 1951 sur l'obligation, la coordination et le secret en "
    "matière de statistiques, art. 6"
)
MIN_WORKING_AGE = (
    "Code du travail, art. L4153-1 (pas d'emploi avant 16 ans ; 14 ans pour des travaux "
    "légers pendant les vacances, sur autorisation : hors du champ de l'IAE)"
)
DAILY_MAX = "Code du travail, art. L3121-18 (10 heures de travail effectif par jour)"
# Payment terms between professionals: the figures date from the LME (loi n° 2008-776 du
# 4 août 2008, art. 21, then art. L441-6, applied from 1 January 2009), renumbered L441-10 by
# ordonnance n° 2019-359 du 24 avril 2019.
PAYMENT_TERMS = (
    "Code de commerce, art. L441-10, I (Légifrance : "
    "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038414392)"
)
LME_IN_FORCE = datetime.date(2009, 1, 1)
DAILY_MAX_YOUNG = "Code du travail, art. L3162-1 (8 heures par jour pour les moins de 18 ans)"
# Home services (services à la personne).
SAP_INFO = (
    "Arrêté du 17 mars 2015 relatif à l'information préalable du consommateur sur les "
    "prestations de services à la personne (NOR EINC1324347A, JORF n° 0071 du 25 mars 2015 ; "
    "Légifrance : https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000030395494/), en vigueur "
    "le 1er juillet 2015 : devis gratuit et personnalisé à partir de 100 € TTC par mois"
)
SAP_INFO_IN_FORCE = datetime.date(2015, 7, 1)
SAP_SUB_CAPS = (
    "Code du travail, art. D7233-5 (plafonds par activité : petit bricolage, assistance "
    "informatique, petits travaux de jardinage)"
)
SAP_ADVANCE = (
    "URSSAF, service « Avance immédiate de crédit d'impôt » et documentation de l'API Tiers "
    "de prestation (data.gouv.fr, dataservice « API Tiers de prestation ») : le particulier "
    "dispose de 48 heures pour valider ou contester une demande de paiement, faute de quoi "
    "elle est validée ; Code de la sécurité sociale, art. L133-8-4 (à vérifier au texte)"
)
SAP_TAX_CREDIT = (
    "Code général des impôts, art. 199 sexdecies (crédit d'impôt de 50 % pour l'emploi "
    "d'un salarié à domicile)"
)
SEPA_CORE = (
    "European Payments Council, SEPA Direct Debit Core Rulebook (EPC016-06), 4.3.2 : "
    "pré-notification au débiteur au moins 14 jours calendaires avant l'échéance sauf autre "
    "délai convenu ; un mandat sans présentation pendant 36 mois devient caduc"
)

SAP_ATTESTATION = (
    "servicesalapersonne.gouv.fr, « L'attestation fiscale annuelle » (mise à jour du 30 mars "
    "2023 : https://www.servicesalapersonne.gouv.fr/espace-pro/obligations-reglementaires/"
    "l-attestation-fiscale-annuelle) : attestation communiquée avant le 31 mars de l'année N+1"
)

# Certification of management systems (the federation's CEDRE certification body). The
# standard's text is not public; the clauses are cited as certification bodies quote them
# (e.g. https://gcerti.com/site/english/html/board/surve.htm), and IAF MD1's sample sizes as
# European Accreditation's FAQ 46.5 applies them (https://european-accreditation.org/).
ISO_17021_CYCLE = (
    "ISO/IEC 17021-1:2015, § 9.1.3.2 (programme d'audit : audit initial en deux étapes, "
    "audits de surveillance la 1re et la 2e année après la décision de certification, audit "
    "de renouvellement la 3e année avant l'échéance ; le cycle de trois ans commence à la "
    "décision de certification)"
)
ISO_17021_SURVEILLANCE = (
    "ISO/IEC 17021-1:2015, § 9.6.2.2 (audits de surveillance au moins une fois par année "
    "civile, hors année de renouvellement ; le premier au plus tard 12 mois après la date de "
    "la décision de certification) ; Tremplin fixe l'échéance de la n-ième surveillance à "
    "n × 12 mois après la décision, ce qui respecte les deux conditions"
)
ISO_17021_RECERTIFICATION = (
    "ISO/IEC 17021-1:2015, § 9.6.3 (audit de renouvellement avant l'échéance ; renouvelée "
    "avant l'échéance, la nouvelle validité peut partir de l'échéance de la précédente) et "
    "§ 9.6.5 (suspension quand la surveillance n'est pas faite dans les délais requis)"
)
IAF_MD1_SAMPLE = (
    "IAF MD1:2018, § 6.1 (certification multi-sites : échantillon de √n sites à l'audit "
    "initial, 0,6·√n en surveillance, 0,8·√n au renouvellement, arrondi à l'entier "
    "supérieur ; au moins 25 % tirés au hasard ; la fonction centrale à chaque audit) ; "
    "European Accreditation, FAQ 46.5"
)


@dataclass(frozen=True)
class Rule:
    key: str
    value: Any
    unit: str
    valid_from: datetime.date
    source: str
    label: str


def _r(key, value, unit, label, source, valid_from=IN_FORCE_BEFORE) -> Rule:
    return Rule(key, value, unit, valid_from, source, label)


RULES: tuple[Rule, ...] = (
    # Eligibility
    _r(
        "eligibility.level2_threshold.AI",
        2,
        "critères",
        "Critères de niveau 2 requis (AI)",
        R5132_1_7,
    ),
    _r(
        "eligibility.level2_threshold.ETTI",
        2,
        "critères",
        "Critères de niveau 2 requis (ETTI)",
        R5132_1_7,
    ),
    _r(
        "eligibility.level2_threshold.ACI",
        3,
        "critères",
        "Critères de niveau 2 requis (ACI)",
        R5132_1_7,
    ),
    _r(
        "eligibility.level2_threshold.EI",
        3,
        "critères",
        "Critères de niveau 2 requis (EI)",
        R5132_1_7,
    ),
    _r(
        "eligibility.level2_threshold.EITI",
        3,
        "critères",
        "Critères de niveau 2 requis (EITI)",
        R5132_1_7,
    ),
    _r("eligibility.level1_threshold", 1, "critère", "Critères de niveau 1 requis", R5132_1_7),
    _r(
        "eligibility.validity_months.prescriber",
        6,
        "mois",
        "Validité d'un diagnostic fait par un prescripteur",
        R5132_1_7,
    ),
    _r(
        "eligibility.validity_days.employer",
        92,
        "jours",
        "Validité d'un diagnostic fait par l'employeur",
        R5132_1_7,
    ),
    _r(
        "eligibility.proof_retention_months",
        24,
        "mois",
        "Conservation des justificatifs",
        R5132_1_7,
    ),
    _r("eligibility.senior_age", 50, "ans", "Âge du critère « 50 ans et plus »", R5132_1_7),
    _r("eligibility.young_age", 26, "ans", "Âge du critère « moins de 26 ans »", R5132_1_7),
    _r(
        "eligibility.long_term_job_seeker_months",
        24,
        "mois",
        "Demandeur d'emploi de longue durée (niveau 1)",
        R5132_1_7,
    ),
    _r(
        "eligibility.job_seeker_months",
        12,
        "mois",
        "Demandeur d'emploi de 12 à 24 mois (niveau 2)",
        R5132_1_7,
    ),
    # PASS IAE
    _r("pass.validity_months", 24, "mois", "Durée du PASS IAE", PASS_IAE),
    _r("pass.waiting_period_months", 24, "mois", "Délai de carence après expiration", PASS_IAE),
    _r("pass.suspension_max_months", 36, "mois", "Durée maximale d'une suspension", R5132_1_8),
    _r(
        "pass.prolongation_months_per_decision",
        12,
        "mois",
        "Durée d'une décision de prolongation",
        R5132_1_8,
    ),
    _r(
        "pass.prolongation_cap_months.senior",
        84,
        "mois",
        "Durée totale maximale du parcours, 50 ans et plus",
        R5132_1_8,
    ),
    _r(
        "pass.prolongation_cap_months.rqth",
        60,
        "mois",
        "Durée totale maximale du parcours, RQTH",
        R5132_1_8,
    ),
    _r(
        "pass.prolongation_cap_months.particular_difficulties",
        60,
        "mois",
        "Durée totale maximale du parcours, difficultés particulières (AI et ACI)",
        R5132_1_8,
    ),
    _r(
        "pass.prolongation_senior_age",
        50,
        "ans",
        "Âge ouvrant la prolongation « 50 ans et plus »",
        R5132_1_8,
    ),
    _r(
        "pass.prolongation_cdi_age",
        57,
        "ans",
        "Âge ouvrant la prolongation « CDI à 57 ans »",
        R5132_1_8,
    ),
    # Contracts
    _r(
        "contract.cddi_min_months",
        4,
        "mois",
        "Durée minimale d'un CDDI, renouvellements compris",
        CDDI,
    ),
    _r(
        "contract.cddi_max_months",
        24,
        "mois",
        "Durée maximale d'un CDDI, renouvellements compris",
        CDDI,
    ),
    _r(
        "contract.cddi_min_weekly_hours",
        20,
        "heures",
        "Durée hebdomadaire minimale d'un CDDI",
        CDDI,
    ),
    _r(
        "contract.cddi_max_weekly_hours",
        35,
        "heures",
        "Durée hebdomadaire maximale d'un CDDI",
        CDDI,
    ),
    _r(
        "contract.etti_mission_max_months",
        24,
        "mois",
        "Durée maximale d'un contrat de mission d'ETTI, renouvellements compris",
        ETTI,
    ),
    # AI placements (issue #4)
    _r(
        "ai.commercial_cap_hours",
        480,
        "heures",
        "Plafond de mise à disposition auprès d'employeurs du secteur marchand",
        AI_CAP,
    ),
    _r(
        "ai.cap_exempt_client_kinds",
        ("household", "association", "local_authority"),
        "genres de clients",
        "Clients non soumis au plafond (particuliers, associations, collectivités)",
        AI_CAP,
    ),
    _r(
        "ai.cap_warning_share",
        Decimal("0.80"),
        "part",
        "Alerte à 80 % du plafond (choix du produit, pas un seuil légal)",
        "Tremplin (issue #4)",
    ),
    _r(
        "ai.commercial_cap_window_months",
        24,
        "mois",
        "Période du plafond après la 1re mise à disposition",
        AI_CAP,
    ),
    # Invoices (issue #4)
    _r(
        "invoice.recovery_indemnity",
        Decimal(40),
        "euros",
        "Indemnité forfaitaire pour frais de recouvrement due par un client professionnel en retard",
        "Code de commerce, art. L441-10 et D441-5",
    ),
    _r(
        "invoice.reminder_interval_days",
        15,
        "jours",
        "Délai entre deux relances d'une facture impayée (choix du produit, pas un délai légal)",
        "Tremplin (issue #4)",
    ),
    _r(
        "invoice.payment_default_days",
        30,
        "jours",
        "Délai de paiement sans délai convenu, après l'exécution de la prestation",
        PAYMENT_TERMS + ", alinéa 1",
        LME_IN_FORCE,
    ),
    _r(
        "invoice.payment_max_days",
        60,
        "jours",
        "Délai de paiement convenu maximal, après la date d'émission de la facture",
        PAYMENT_TERMS + ", alinéa 2",
        LME_IN_FORCE,
    ),
    _r(
        "invoice.payment_max_days_end_of_month",
        45,
        "jours fin de mois",
        "Délai de paiement convenu maximal en jours fin de mois, après l'émission de la facture",
        PAYMENT_TERMS + ", alinéa 3",
        LME_IN_FORCE,
    ),
    _r(
        "invoice.payment_max_days_periodic",
        45,
        "jours",
        "Délai de paiement convenu maximal d'une facture périodique (art. 289, I, 3 du CGI), "
        "après son émission",
        PAYMENT_TERMS + ", alinéa 4",
        LME_IN_FORCE,
    ),
    # Exits
    _r(
        "exit.counted_min_months.ACI",
        3,
        "mois",
        "Sortie constatée après plus de 3 mois (ACI)",
        COUNTED_EXITS,
    ),
    _r(
        "exit.counted_min_months.EI",
        3,
        "mois",
        "Sortie constatée après plus de 3 mois (EI)",
        COUNTED_EXITS,
    ),
    _r(
        "exit.counted_min_months.EITI",
        3,
        "mois",
        "Sortie constatée après plus de 3 mois (EITI)",
        COUNTED_EXITS,
    ),
    _r(
        "exit.counted_min_hours.AI",
        150,
        "heures",
        "Sortie constatée après plus de 150 heures (AI)",
        COUNTED_EXITS,
    ),
    _r(
        "exit.counted_min_hours.ETTI",
        150,
        "heures",
        "Sortie constatée après plus de 150 heures (ETTI)",
        COUNTED_EXITS,
    ),
    _r(
        "exit.target_dynamic",
        Decimal("0.60"),
        "taux",
        "Objectif historique de sorties dynamiques",
        EXIT_TARGETS,
    ),
    _r(
        "exit.target_durable",
        Decimal("0.25"),
        "taux",
        "Objectif historique d'emploi durable",
        EXIT_TARGETS,
    ),
    # Aide au poste, per full-time equivalent (issue #5)
    _r(
        "aide_poste.EI",
        Decimal("12459"),
        "€/ETP",
        "Aide au poste, EI",
        AIDE_POSTE_2024,
        datetime.date(2024, 11, 1),
    ),
    _r(
        "aide_poste.EI",
        Decimal("13304"),
        "€/ETP",
        "Aide au poste, EI",
        AIDE_POSTE_2025,
        datetime.date(2025, 1, 1),
    ),
    _r(
        "aide_poste.ETTI",
        Decimal("4781"),
        "€/ETP",
        "Aide au poste, ETTI",
        AIDE_POSTE_2024,
        datetime.date(2024, 11, 1),
    ),
    _r(
        "aide_poste.AI",
        Decimal("1619"),
        "€/ETP",
        "Aide au poste, AI",
        AIDE_POSTE_2024,
        datetime.date(2024, 11, 1),
    ),
    _r(
        "aide_poste.ACI",
        Decimal("23921"),
        "€/ETP",
        "Aide au poste, ACI",
        AIDE_POSTE_2024,
        datetime.date(2024, 11, 1),
    ),
    _r(
        "aide_poste.EITI",
        Decimal("6570"),
        "€/ETP",
        "Aide au poste, EITI",
        AIDE_POSTE_2024,
        datetime.date(2024, 11, 1),
    ),
    _r(
        "aide_poste.modulation_max",
        Decimal("0.10"),
        "taux",
        "Part modulée maximale de l'aide au poste",
        AIDE_POSTE_MODULATION,
        datetime.date(2024, 11, 1),
    ),
    _r(
        "etp.reference_hours.ETTI",
        1607,
        "heures",
        "Heures annuelles d'un ETP (ETTI)",
        ETP_REFERENCE,
    ),
    _r(
        "etp.reference_hours.EITI",
        1505,
        "heures",
        "Heures annuelles d'un ETP (EITI)",
        ETP_REFERENCE,
    ),
    # "Others configurable" (DESIGN.md): the legal annual working time until a structure's
    # mesure states another figure.
    *(
        _r(
            f"etp.reference_hours.{kind}",
            1607,
            "heures",
            f"Heures annuelles d'un ETP ({kind}) — durée légale annuelle, valeur par défaut",
            "Code du travail, art. L3121-41 (durée annuelle de 1 607 heures)",
        )
        for kind in ("AI", "ACI", "EI")
    ),
    # Observatory: statistical secrecy of the structures behind a figure (issue #9)
    _r(
        "disclosure.min_structures",
        3,
        "structures",
        "Secret statistique, règle de fréquence : une case publiée compte au moins 3 "
        "structures (une GES compte pour une)",
        SECRET_ENTREPRISES,
    ),
    _r(
        "disclosure.dominance_share",
        Decimal("0.85"),
        "part",
        "Secret statistique, règle de dominance : aucune structure ne fait plus de 85 % "
        "d'une case publiée",
        SECRET_ENTREPRISES,
    ),
    # Working time and age (issue #9): what a day's hours and a person's age may be.
    _r("work.min_age", 16, "ans", "Âge minimal pour être embauché", MIN_WORKING_AGE),
    _r(
        "work.daily_max_hours",
        Decimal(10),
        "heures",
        "Durée quotidienne maximale de travail effectif",
        DAILY_MAX,
    ),
    _r(
        "work.daily_max_hours.young",
        Decimal(8),
        "heures",
        "Durée quotidienne maximale de travail effectif avant 18 ans",
        DAILY_MAX_YOUNG,
    ),
    _r(
        "work.adult_age",
        18,
        "ans",
        "Âge à partir duquel la limite de 8 heures cesse",
        DAILY_MAX_YOUNG,
    ),
    # Observatory (issue #5)
    _r(
        "observatory.long_term_job_seeker_months",
        12,
        "mois",
        "Demandeur d'emploi de longue durée : inscrit depuis un an ou plus",
        "France Travail / Insee, définition du chômage de longue durée",
    ),
    # Retention of personal data (issue #9): after these periods a file is anonymised.
    _r(
        "retention.path_years",
        5,
        "ans",
        "Conservation du dossier après la fin du parcours (sortie ou fin du dernier contrat)",
        RETENTION_EMPLOYEES,
    ),
    _r(
        "retention.candidate_years",
        2,
        "ans",
        "Conservation du dossier d'un candidat jamais embauché, après le dernier contact",
        RETENTION_CANDIDATES,
    ),
    _r(
        "retention.access_log_months",
        12,
        "mois",
        "Conservation du journal des accès aux données personnelles",
        RETENTION_LOGS,
    ),
    # Home services (issue #11)
    _r(
        "sap.quote_threshold_ttc_per_month",
        Decimal(100),
        "€ TTC par mois",
        "Devis obligatoire à partir de ce prix total mensuel (ou sur demande)",
        SAP_INFO,
        SAP_INFO_IN_FORCE,
    ),
    _r(
        "sap.sub_cap.diy.yearly",
        Decimal(500),
        "€ par an",
        "Plafond annuel des dépenses de petit bricolage",
        SAP_SUB_CAPS,
    ),
    _r(
        "sap.sub_cap.diy.max_hours_per_intervention",
        Decimal(2),
        "heures",
        "Durée maximale d'une intervention de petit bricolage",
        SAP_SUB_CAPS,
    ),
    _r(
        "sap.sub_cap.it.yearly",
        Decimal(3000),
        "€ par an",
        "Plafond annuel des dépenses d'assistance informatique",
        SAP_SUB_CAPS,
    ),
    _r(
        "sap.sub_cap.gardening.yearly",
        Decimal(5000),
        "€ par an",
        "Plafond annuel des dépenses de petits travaux de jardinage",
        SAP_SUB_CAPS,
    ),
    _r(
        "sap.advance.validation_hours",
        48,
        "heures",
        "Délai du particulier pour valider ou contester une demande d'avance immédiate",
        SAP_ADVANCE,
    ),
    _r("sap.tax_credit.rate", Decimal(50), "%", "Taux du crédit d'impôt", SAP_TAX_CREDIT),
    _r(
        "sap.tax_credit.ceiling",
        Decimal(12000),
        "€ par an",
        "Plafond annuel des dépenses ouvrant droit au crédit d'impôt",
        SAP_TAX_CREDIT,
    ),
    _r(
        "sap.tax_credit.ceiling_increase",
        Decimal(1500),
        "€ par an",
        "Majoration par enfant à charge ou membre du foyer de plus de 65 ans",
        SAP_TAX_CREDIT,
    ),
    _r(
        "sap.tax_credit.ceiling_max",
        Decimal(15000),
        "€ par an",
        "Plafond majoré maximal",
        SAP_TAX_CREDIT,
    ),
    _r(
        "sap.tax_credit.ceiling_first_year_max",
        Decimal(18000),
        "€ par an",
        "Plafond majoré maximal la première année",
        SAP_TAX_CREDIT,
    ),
    _r(
        "sap.tax_credit.ceiling_disabled",
        Decimal(20000),
        "€ par an",
        "Plafond pour un contribuable invalide",
        SAP_TAX_CREDIT,
    ),
    # Certification cycle (quality app)
    _r(
        "certification.cycle_years",
        3,
        "ans",
        "Durée d'un cycle de certification, à compter de la décision",
        ISO_17021_CYCLE,
    ),
    _r(
        "certification.surveillance_months",
        12,
        "mois",
        "Échéance de chaque audit de surveillance après la décision (n × 12 mois)",
        ISO_17021_SURVEILLANCE,
    ),
    _r(
        "certification.surveillance_late_days",
        1,
        "jours",
        "Retard d'un audit de surveillance qui suspend la certification",
        ISO_17021_RECERTIFICATION,
    ),
    _r(
        "certification.sample.initial",
        Decimal("1"),
        "× √n",
        "Échantillon de sites à l'audit initial (certification multi-sites)",
        IAF_MD1_SAMPLE,
    ),
    _r(
        "certification.sample.surveillance",
        Decimal("0.6"),
        "× √n",
        "Échantillon de sites en surveillance (certification multi-sites)",
        IAF_MD1_SAMPLE,
    ),
    _r(
        "certification.sample.recertification",
        Decimal("0.8"),
        "× √n",
        "Échantillon de sites au renouvellement (certification multi-sites)",
        IAF_MD1_SAMPLE,
    ),
    _r(
        "certification.sample.random_share",
        Decimal("0.25"),
        "part",
        "Part minimale de l'échantillon tirée au hasard (certification multi-sites)",
        IAF_MD1_SAMPLE,
    ),
    _r(
        "sepa.pre_notification_days",
        14,
        "jours",
        "Délai de pré-notification d'un prélèvement SEPA (sauf autre délai convenu)",
        SEPA_CORE,
    ),
    _r(
        "sepa.mandate_expiry_months",
        36,
        "mois",
        "Caducité d'un mandat de prélèvement sans présentation",
        SEPA_CORE,
    ),
    _r(
        "sap.attestation.deadline_month",
        3,
        "mois de l'année suivante",
        "Attestation fiscale annuelle remise au plus tard : mois",
        SAP_ATTESTATION,
    ),
    _r(
        "sap.attestation.deadline_day",
        31,
        "jour du mois",
        "Attestation fiscale annuelle remise au plus tard : jour",
        SAP_ATTESTATION,
    ),
)


class UnknownRule(LookupError):
    pass


def rule(key: str, on: datetime.date | None = None) -> Any:
    """The value of `key` in force on `on` (today by default)."""
    on = on or datetime.date.today()
    candidates = [r for r in _BY_KEY.get(key, ()) if r.valid_from <= on]
    if not candidates:
        raise UnknownRule(f"no rule {key!r} in force on {on.isoformat()}")
    return candidates[-1].value


def rules_in_force(on: datetime.date | None = None) -> list[Rule]:
    """One row per key, the one in force on `on`: what the rules page shows."""
    on = on or datetime.date.today()
    latest: dict[str, Rule] = {}
    for r in RULES:
        if r.valid_from <= on:
            latest[r.key] = r
    return sorted(latest.values(), key=lambda r: r.key)


_BY_KEY: dict[str, list[Rule]] = {}
for _rule in sorted(RULES, key=lambda r: r.valid_from):
    _BY_KEY.setdefault(_rule.key, []).append(_rule)

"""The event vocabulary: every eventwire ``Event.subtype`` and what it is in ACLED, PLOVER and CASE 2021.

One table, so the classifier, the exporters and the scorers cannot drift apart:

- ACLED (codebook 2019+, unchanged in the 2023 edition): 6 event types, 25 sub-event types.  Violence,
  protest and strategic developments use them one to one.
- PLOVER (the 2021 v1.0 ontology used by POLECAT, 16 categories: AGREE, CONSULT, SUPPORT, CONCEDE,
  COOPERATE, AID, RETREAT, REQUEST, ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE,
  ASSAULT).  Non-violent political interaction that ACLED does not record gets a PLOVER subtype; every
  ACLED subtype also names the PLOVER category it falls under, so PLOVER users can roll events up.
  Older 0.x drafts also had INVESTIGATE, DEMAND, DISAPPROVE, FIGHT and CRIME: 1.0 folded them into
  ACCUSE, REQUEST, ACCUSE, ASSAULT and (for crime) nothing, which is why eventwire keeps its own
  ``organized_crime``.
- CASE 2021 shared task 2 adds five labels ACLED lacks: DIPLO, ATTRIB, ORG_CRIME, MAN_MADE_DISASTER,
  NATURAL_DISASTER.  Each eventwire subtype maps to exactly one of the task's 30 labels so the scorer
  can compare one prediction with one gold label.

``docs/event-types.md`` is rendered from this table by :func:`markdown_table`; a test checks they agree.
"""

from __future__ import annotations

from dataclasses import dataclass

ACLED_SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

PLOVER_VERSION = "PLOVER 1.0 (2021, as used by POLECAT)"
PLOVER_CATEGORIES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

CASE2021_LABELS: tuple[str, ...] = (
    "ABDUCT_DISSAP",
    "AGREEMENT",
    "AIR_STRIKE",
    "ARMED_CLASH",
    "ARREST",
    "ART_MISS_ATTACK",
    "ATTACK",
    "ATTRIB",
    "CHANGE_TO_GROUP_ACT",
    "CHEM_WEAP",
    "DIPLO",
    "DISR_WEAP",
    "FORCE_AGAINST_PROTEST",
    "GOV_REGAINS_TERIT",
    "GRENADE",
    "HQ_ESTABLISHED",
    "MAN_MADE_DISASTER",
    "MOB_VIOL",
    "NATURAL_DISASTER",
    "NON_STATE_ACTOR_OVERTAKES_TER",
    "NON_VIOL_TERRIT_TRANSFER",
    "ORG_CRIME",
    "OTHER",
    "PEACE_PROTEST",
    "PROPERTY_DISTRUCT",
    "PROTEST_WITH_INTER",
    "REM_EXPLOS",
    "SEX_VIOL",
    "SUIC_BOMB",
    "VIOL_DEMONSTR",
)

POLITICAL_INTERACTION = "Political interaction"
DISASTER = "Disaster"
CRIME = "Crime"


@dataclass(frozen=True)
class Subtype:
    """One eventwire subtype.  ``event_type`` is what ``Event.type`` carries for it."""

    id: str
    name: str
    event_type: str
    acled_sub_event_type: str | None
    plover: str | None
    case2021: str
    description: str

    @property
    def acled_event_type(self) -> str | None:
        """ACLED's event type, or None for subtypes ACLED does not record."""
        return self.event_type if self.acled_sub_event_type else None


def _s(
    id: str, name: str, event_type: str, acled: str | None, plover: str | None, case: str, description: str
) -> Subtype:
    return Subtype(id, name, event_type, acled, plover, case, description)


SUBTYPES: tuple[Subtype, ...] = (
    # --- ACLED: Battles
    _s(
        "armed_clash",
        "Armed clash",
        "Battles",
        "Armed clash",
        "ASSAULT",
        "ARMED_CLASH",
        "Armed, organised groups fight each other; territory does not change hands.",
    ),
    _s(
        "government_regains_territory",
        "Government regains territory",
        "Battles",
        "Government regains territory",
        "ASSAULT",
        "GOV_REGAINS_TERIT",
        "Government forces or their allies take back territory from a non-state group by fighting.",
    ),
    _s(
        "non_state_actor_overtakes_territory",
        "Non-state actor overtakes territory",
        "Battles",
        "Non-state actor overtakes territory",
        "ASSAULT",
        "NON_STATE_ACTOR_OVERTAKES_TER",
        "Rebels, militias or jihadist groups seize territory by fighting.",
    ),
    # --- ACLED: Explosions/Remote violence
    _s(
        "chemical_weapon",
        "Chemical weapon",
        "Explosions/Remote violence",
        "Chemical weapon",
        "ASSAULT",
        "CHEM_WEAP",
        "Chemical weapons (chlorine, sarin, mustard gas, toxic gas) are used in a conflict.",
    ),
    _s(
        "air_drone_strike",
        "Air/drone strike",
        "Explosions/Remote violence",
        "Air/drone strike",
        "ASSAULT",
        "AIR_STRIKE",
        "Aircraft, helicopters or armed drones bomb or fire missiles at a target.",
    ),
    _s(
        "suicide_bomb",
        "Suicide bomb",
        "Explosions/Remote violence",
        "Suicide bomb",
        "ASSAULT",
        "SUIC_BOMB",
        "A suicide bomber or a suicide car bomb detonates, killing the attacker.",
    ),
    _s(
        "shelling_artillery_missile_attack",
        "Shelling/artillery/missile attack",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "ASSAULT",
        "ART_MISS_ATTACK",
        "Long-range ground weapons hit a target: artillery shells, mortars, rockets, ground-launched missiles.",
    ),
    _s(
        "remote_explosive_landmine_ied",
        "Remote explosive/landmine/IED",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        "ASSAULT",
        "REM_EXPLOS",
        "A planted or remotely detonated explosive goes off: roadside bomb, IED, landmine, car bomb, "
        "without a suicide attacker.",
    ),
    _s(
        "grenade",
        "Grenade",
        "Explosions/Remote violence",
        "Grenade",
        "ASSAULT",
        "GRENADE",
        "A hand grenade or similar thrown explosive is used in an attack.",
    ),
    # --- ACLED: Violence against civilians
    _s(
        "sexual_violence",
        "Sexual violence",
        "Violence against civilians",
        "Sexual violence",
        "ASSAULT",
        "SEX_VIOL",
        "Rape or other sexual violence against civilians by armed actors or political groups.",
    ),
    _s(
        "attack",
        "Attack",
        "Violence against civilians",
        "Attack",
        "ASSAULT",
        "ATTACK",
        "Armed actors attack unarmed civilians: shootings, killings, massacres, beatings.",
    ),
    _s(
        "abduction_forced_disappearance",
        "Abduction/forced disappearance",
        "Violence against civilians",
        "Abduction/forced disappearance",
        "ASSAULT",
        "ABDUCT_DISSAP",
        "People are abducted, kidnapped, taken hostage or forcibly disappeared.",
    ),
    # --- ACLED: Protests
    _s(
        "peaceful_protest",
        "Peaceful protest",
        "Protests",
        "Peaceful protest",
        "PROTEST",
        "PEACE_PROTEST",
        "Demonstrators gather, march or strike peacefully and are not dispersed.",
    ),
    _s(
        "protest_with_intervention",
        "Protest with intervention",
        "Protests",
        "Protest with intervention",
        "PROTEST",
        "PROTEST_WITH_INTER",
        "A peaceful protest is dispersed, blocked or its participants detained, without lethal force.",
    ),
    _s(
        "excessive_force_against_protesters",
        "Excessive force against protesters",
        "Protests",
        "Excessive force against protesters",
        "ASSAULT",
        "FORCE_AGAINST_PROTEST",
        "Security forces use lethal or severe force (live fire, killings) against peaceful protesters.",
    ),
    # --- ACLED: Riots
    _s(
        "violent_demonstration",
        "Violent demonstration",
        "Riots",
        "Violent demonstration",
        "PROTEST",
        "VIOL_DEMONSTR",
        "Demonstrators themselves turn violent: stone throwing, arson, clashes with police.",
    ),
    _s(
        "mob_violence",
        "Mob violence",
        "Riots",
        "Mob violence",
        "ASSAULT",
        "MOB_VIOL",
        "A spontaneous crowd (mob) attacks people or property: lynching, vigilante violence, communal brawls.",
    ),
    # --- ACLED: Strategic developments
    _s(
        "agreement",
        "Agreement",
        "Strategic developments",
        "Agreement",
        "AGREE",
        "AGREEMENT",
        "Conflict actors sign or agree a ceasefire, peace deal, prisoner exchange or other accord.",
    ),
    _s(
        "arrests",
        "Arrests",
        "Strategic developments",
        "Arrests",
        "COERCE",
        "ARREST",
        "Security forces arrest or detain people, especially political or militant figures.",
    ),
    _s(
        "change_to_group_activity",
        "Change to group/activity",
        "Strategic developments",
        "Change to group/activity",
        "MOBILIZE",
        "CHANGE_TO_GROUP_ACT",
        "A group changes: new leader, merger, split, pledge of allegiance, recruitment, relocation, "
        "large troop deployment.",
    ),
    _s(
        "disrupted_weapons_use",
        "Disrupted weapons use",
        "Strategic developments",
        "Disrupted weapons use",
        "COERCE",
        "DISR_WEAP",
        "An attack is prevented: a bomb defused, missiles or drones intercepted, weapons or explosives seized.",
    ),
    _s(
        "headquarters_or_base_established",
        "Headquarters or base established",
        "Strategic developments",
        "Headquarters or base established",
        "MOBILIZE",
        "HQ_ESTABLISHED",
        "An armed group sets up a base, headquarters, outpost or checkpoint.",
    ),
    _s(
        "looting_property_destruction",
        "Looting/property destruction",
        "Strategic developments",
        "Looting/property destruction",
        "COERCE",
        "PROPERTY_DISTRUCT",
        "Armed actors loot, burn or demolish property without an accompanying clash.",
    ),
    _s(
        "non_violent_transfer_of_territory",
        "Non-violent transfer of territory",
        "Strategic developments",
        "Non-violent transfer of territory",
        "RETREAT",
        "NON_VIOL_TERRIT_TRANSFER",
        "Territory changes hands without fighting: a withdrawal, a handover, an unopposed takeover.",
    ),
    _s(
        "other",
        "Other",
        "Strategic developments",
        "Other",
        None,
        "OTHER",
        "A significant strategic development that fits no other subtype.",
    ),
    # --- PLOVER: non-violent political interaction
    _s(
        "consult",
        "Consult",
        POLITICAL_INTERACTION,
        None,
        "CONSULT",
        "DIPLO",
        "Officials meet, visit, hold talks, phone calls or negotiations.",
    ),
    _s(
        "support",
        "Support",
        POLITICAL_INTERACTION,
        None,
        "SUPPORT",
        "DIPLO",
        "An actor praises, endorses, recognises or defends another.",
    ),
    _s(
        "cooperate",
        "Cooperate",
        POLITICAL_INTERACTION,
        None,
        "COOPERATE",
        "DIPLO",
        "States or groups cooperate materially: joint exercises, trade, intelligence sharing, legal help.",
    ),
    _s(
        "aid",
        "Aid",
        POLITICAL_INTERACTION,
        None,
        "AID",
        "DIPLO",
        "An actor provides economic, military or humanitarian aid, or grants asylum.",
    ),
    _s(
        "concede",
        "Concede",
        POLITICAL_INTERACTION,
        None,
        "CONCEDE",
        "DIPLO",
        "An actor yields to demands: eases restrictions, accepts reform, lifts a ban.",
    ),
    _s(
        "retreat",
        "Retreat",
        POLITICAL_INTERACTION,
        None,
        "RETREAT",
        "DIPLO",
        "An actor backs down materially: releases prisoners, lifts sanctions or a blockade, demobilises.",
    ),
    _s(
        "request",
        "Request",
        POLITICAL_INTERACTION,
        None,
        "REQUEST",
        "DIPLO",
        "An actor appeals for or demands aid, talks, a policy change or a release.",
    ),
    _s(
        "accuse",
        "Accuse",
        POLITICAL_INTERACTION,
        None,
        "ACCUSE",
        "ATTRIB",
        "An actor blames, accuses or denounces another, typically for an attack or abuse.",
    ),
    _s(
        "reject",
        "Reject",
        POLITICAL_INTERACTION,
        None,
        "REJECT",
        "DIPLO",
        "An actor rejects a proposal, demand, agreement or mediation, or vetoes a measure.",
    ),
    _s(
        "threaten",
        "Threaten",
        POLITICAL_INTERACTION,
        None,
        "THREATEN",
        "DIPLO",
        "An actor threatens sanctions, force or other action against another.",
    ),
    _s(
        "sanction",
        "Sanction",
        POLITICAL_INTERACTION,
        None,
        "SANCTION",
        "DIPLO",
        "An actor reduces relations: expels diplomats, cuts aid, imposes sanctions, halts talks.",
    ),
    _s(
        "mobilize",
        "Mobilize",
        POLITICAL_INTERACTION,
        None,
        "MOBILIZE",
        "CHANGE_TO_GROUP_ACT",
        "Forces are put on alert, massed or deployed, or conduct a show of force.",
    ),
    _s(
        "coerce",
        "Coerce",
        POLITICAL_INTERACTION,
        None,
        "COERCE",
        "OTHER",
        "A government restricts or coerces without violence: curfews, bans, deportations, emergency rule.",
    ),
    # --- CASE 2021 additions
    _s(
        "claim_responsibility",
        "Claim of responsibility",
        POLITICAL_INTERACTION,
        None,
        None,
        "ATTRIB",
        "A group claims responsibility for an attack (CAMEO 015; PLOVER 1.0 dropped statements).",
    ),
    _s(
        "organized_crime",
        "Organized crime",
        CRIME,
        None,
        None,
        "ORG_CRIME",
        "Drug cartels, trafficking, smuggling, gang or mafia activity and seizures of contraband.",
    ),
    _s(
        "natural_disaster",
        "Natural disaster",
        DISASTER,
        None,
        None,
        "NATURAL_DISASTER",
        "Earthquakes, floods, storms, droughts, wildfires, landslides and epidemics.",
    ),
    _s(
        "man_made_disaster",
        "Man-made disaster",
        DISASTER,
        None,
        None,
        "MAN_MADE_DISASTER",
        "Industrial fires and explosions, transport crashes, building collapses, spills and other accidents.",
    ),
)

BY_ID: dict[str, Subtype] = {s.id: s for s in SUBTYPES}
SUBTYPE_IDS: tuple[str, ...] = tuple(BY_ID)


def get(subtype_id: str) -> Subtype:
    """The table row for an eventwire subtype id (KeyError for unknown ids)."""
    return BY_ID[subtype_id]


def to_case2021(subtype_id: str) -> str:
    """The CASE 2021 task 2 label an eventwire subtype is scored as."""
    return BY_ID[subtype_id].case2021


def markdown_table() -> str:
    """The human table of ``docs/event-types.md``, rendered from :data:`SUBTYPES`."""
    rows = [
        "| eventwire subtype | Event.type | ACLED sub-event type | PLOVER | CASE 2021 | meaning |",
        "|---|---|---|---|---|---|",
    ]
    for s in SUBTYPES:
        cells = [f"`{s.id}`", s.event_type, s.acled_sub_event_type or "—", s.plover or "—", s.case2021]
        rows.append("| " + " | ".join([*cells, s.description]) + " |")
    return "\n".join(rows)

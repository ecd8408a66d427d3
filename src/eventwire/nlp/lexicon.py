"""Word lists the entity and quote rules share: titles/roles, descriptions, name particles.

Compiled by hand from newswire usage (titles that precede names, "X's envoy" descriptions);
lower-case, matched against lower-cased tokens. Kept here so rules read as grammar.
"""

from __future__ import annotations


def words(text: str) -> list[str]:
    """The whitespace-separated words of a word-list literal (lists below read as prose)."""
    return text.split()


# Nouns that name an office, job or standing: before a name they are a title ("Russian
# leader Vladimir Putin"), inside an entity they are not part of the name ("Trump's Plenipotentiary").
ROLE_WORDS = frozenset(
    words(
        """
president vice-president premier prime minister ministers chancellor king queen prince princess emperor sheikh
emir sultan monarch leader leaders head chief chiefs secretary undersecretary under-secretary deputy deputies
envoy envoys plenipotentiary emissary ambassador ambassadors diplomat diplomats consul representative
representatives spokesman spokeswoman spokesperson spokespeople spokesmen press aide aides adviser advisers
advisor advisors counsellor counselor negotiator negotiators mediator official officials governor governors
mayor mayors senator senators congressman congresswoman congressmen lawmaker lawmakers legislator mp mps speaker
commander commanders general generals colonel lieutenant major captain sergeant admiral marshal
commander-in-chief officer officers soldier soldiers director directors chairman chairwoman chairperson chair
ceo cfo coo founder co-founder owner billionaire millionaire tycoon oligarch businessman businesswoman
entrepreneur investor banker bankers economist analyst analysts lawyer attorney prosecutor judge justice
journalist reporter correspondent editor columnist commentator anchor host blogger activist activists campaigner
candidate nominee contender challenger incumbent predecessor successor rival opponent ally allies partner member
members delegate delegation delegates commissioner inspector investigator expert experts professor scientist
researcher doctor dr mr mrs ms miss sir dame lord lady rev reverend pope patriarch archbishop bishop cardinal
imam rabbi cleric priest metropolitan bishop singer actor actress star rapper player coach manager executive
executives administrator superintendent sheriff chancellor-elect president-elect first lady hetman ombudsman
ombudswoman attaché rapporteur assistant secretary-general director-general chief-of-staff strategist pollster
operative staffer staffers volunteer volunteers
"""
    )
)

# Nouns that stand for a person after a possessive name: "Putin's man", "Trump's envoy".
DESCRIPTION_WORDS = frozenset(
    words(
        """
man woman envoy plenipotentiary emissary representative negotiator aide adviser advisor spokesman spokeswoman
spokesperson ally confidant deputy lieutenant protege protégé henchman mouthpiece
"""
    )
)

# Words that never start or end a person's name even when capitalised (sentence-initial, headlines).
NOT_NAME_WORDS = frozenset(["the", "a", "an", "of", "and", "or", "in", "on", "at", "for", "to", "by", "with", "from"])

# Possessive clitics as tokenizers split them off.
POSSESSIVES = frozenset({"'s", "’s", "'", "’", "s'", "`s"})

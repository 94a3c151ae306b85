"""What the template's own sums determine, from a report's stated statistics.

A blank or marked cell becomes 0 only where a stated total confirms it, and an absent total is
derived from all of its terms, to a fixpoint, driven by the derivable identities of
``template.IDENTITIES``. Only absent values are ever derived; a published number is never changed.

``derive_totals`` only derives: it returns what it adds and changes nothing it is given. Checking
is ``read/checks``: a blank no total confirmed is its ``check_blanks``, and the identities (with the
derived values in) its ``verify``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import NamedTuple

from ..models import Evidence, Number
from ..template import EDITIONS, IDENTITIES, Edition, Identity

TOLERANCE = 1e-6  # two sums this close are equal (money columns hold decimals)


class Derived(NamedTuple):
    """The values the template's sums add to a report's statistics, each with its evidence, in the
    order they were derived; and the sums not added because the key's own row is printed but could
    not be read (key → the sum and the identity's description)."""

    stats: dict[str, Number]
    evidence: dict[str, Evidence]
    withheld: dict[str, tuple[Number, str]]


class _Rule(NamedTuple):
    identity: Identity
    terms: frozenset[str]


def _derivable(edition: Edition) -> tuple[tuple[_Rule, ...], dict[str, tuple[int, ...]]]:
    """The derivable identities of an edition, and for each key the indices of the rules naming it."""
    rules = tuple(_Rule(i, frozenset(i.left)) for i in IDENTITIES if i.derivable and edition in i.editions)
    rules_of_key: dict[str, list[int]] = {}
    for index, rule in enumerate(rules):
        for key in (*rule.identity.left, *rule.identity.right):
            rules_of_key.setdefault(key, []).append(index)
    return rules, {key: tuple(indices) for key, indices in rules_of_key.items()}


# Every report derives by every identity of its edition: the sets are built once, per edition.
_DERIVABLE = {edition: _derivable(edition) for edition in EDITIONS}


def _confirmed_blank(blank: Evidence, derived_from: list[str], note: str) -> Evidence:
    """The blank cell's own evidence (where it is printed) with the derivation added; spelt out
    because ``dataclasses.replace`` costs several times as much, for every confirmed blank."""
    # in field order, not by keyword: twelve keyword arguments cost twice the same in order
    return Evidence(
        "derived",  # origin
        blank.section,
        blank.table,
        blank.row,
        blank.column,
        blank.row_label,
        blank.column_label,
        blank.cell,
        blank.page,
        blank.sentence,
        derived_from,
        note,
    )


def derive_totals(
    stats: Mapping[str, Number],
    blanks: Mapping[str, Evidence],
    edition: Edition,
    unread_rows: Collection[str] = (),
) -> Derived:
    """Confirm blank cells as 0 and derive absent totals, to a fixpoint. Returns only what is added.

    ``unread_rows``: rows (keys without their column) the document prints but the reader could not
    read. A total there is never derived: the row's own numbers are what the document states, and
    its other rows need not add up to them (a real report printed （七）总计 20 under rows adding
    up to 26)."""
    derived = Derived({}, {}, {})
    known = dict(stats)  # the stated values and, as they are derived, the derived ones
    rules, rules_of_key = _DERIVABLE[edition]
    # the keys the rules name that are not known, kept as values are filled in below: whether a
    # rule's terms are all known is then a test between two small sets (asking the statistics
    # costs a lookup per term)
    unknown = set(rules_of_key)
    unknown.difference_update(known)
    # A rule's outcome depends only on its own keys, so after the first pass only the rules of a
    # key just filled can do anything new: they are queued again, in rule order.
    queue: Sequence[int] = range(len(rules))
    while queue:
        dirty: set[int] = set()
        for index in queue:
            identity, term_set = rules[index]
            total_key = identity.right[0]
            terms = identity.left
            # the values this rule fills in, if any (most rules, their keys all stated, fill none)
            filled: dict[str, tuple[Number, Evidence]]
            if total_key in known:
                if term_set.isdisjoint(unknown):
                    continue  # every term is stated: no blank to confirm
                open_blanks = [k for k in terms if k not in known and k in blanks]
                if not (open_blanks and all(k in known or k in blanks for k in terms)):
                    continue
                stated = sum(known[k] for k in terms if k in known)
                if abs(stated - known[total_key]) > TOLERANCE:
                    continue
                derived_from = [*terms, total_key]
                note = f"blank cell confirmed as 0: {identity.description}"
                filled = {key: (0, _confirmed_blank(blanks[key], derived_from, note)) for key in open_blanks}
            elif term_set.isdisjoint(unknown):
                value = sum(map(known.__getitem__, terms))  # in C: every term is known here
                if unread_rows and total_key.rpartition(".")[0] in unread_rows:
                    derived.withheld.setdefault(total_key, (value, identity.description))
                    continue
                filled = {
                    total_key: (
                        round(value, 6) if isinstance(value, float) else value,
                        Evidence(
                            origin="derived",
                            derived_from=list(terms),
                            note=f"sum defined by the template: {identity.description}",
                        ),
                    )
                }
            else:
                continue
            for key, (value, evidence) in filled.items():
                known[key] = derived.stats[key] = value
                unknown.discard(key)
                derived.evidence[key] = evidence
                dirty.update(rules_of_key[key])
        queue = sorted(dirty)
    return derived

"""The AI Exports Program checklist: met / not met / not stated, with plain reasons; bloc targets."""

from __future__ import annotations

import pytest

from desktop.core import ops
from desktop.core.model import DomainError, Member, Program, Proposal
from desktop.core.program import CHECKS, assess_bloc, bloc_members, program_checks

FULL = (
    Member("Acme Compute", "USA", ("compute", "data"), True),
    Member("Beacon Models", "USA", ("models", "applications")),
    Member("Citadel Security", "GBR", ("security",)),
)
READY = Program(members=FULL, us_content=0.6, build="consortium", own="partner", operate="joint",
                support=("exim", "advocacy"), buyer_home="KEN")


@pytest.fixture(scope="module")
def world(store):
    return store.profiles(), store.destinations(), store.assumption_set()


def checks(world, program: Program, country: str = "KEN", bloc=None):
    _profiles, statuses, assumptions = world
    return program_checks(Proposal(name="P", country=country, program=program), statuses, assumptions, bloc=bloc)


def test_nothing_stated_is_not_stated_not_failed(world):
    result = checks(world, Program())
    assert [c.id for c in result.checks] == [c for c, _ in CHECKS]
    oks = {c.id: c.ok for c in result.checks}
    assert oks.pop("destination") is True  # Kenya is clear
    assert set(oks.values()) == {None} and not result.ready
    assert result.to_dict()["ready"] is False and all(set(c) == {"id", "ok", "message"} for c in result.to_dict()["checks"])


def test_a_complete_consortium_for_kenya_is_ready(world):
    result = checks(world, READY)
    assert result.ready, [(c.id, c.message) for c in result.checks if c.ok is not True]
    assert result.counts() == (len(CHECKS), 0, 0) and result.flags() == []


def test_a_member_from_china_fails_with_a_plain_reason(world):
    program = Program(**{**READY.__dict__, "members": FULL + (Member("Dragon AI", "CHN", ("models",)),)})
    result = checks(world, program)
    c = result.check("members_origin")
    assert c.ok is False and "Dragon AI (China (CHN))" in c.message and "country of concern" in c.message
    assert not result.ready
    [flag] = result.flags()
    assert flag.type == "compliance" and flag.severity == "high"
    hk = Program(members=(Member("Harbour", "HKG", ("data",)),))
    assert checks(world, hk).check("members_origin").ok is False


def test_a_member_from_a_denial_country_fails_too(world):
    c = checks(world, Program(members=(Member("Volga", "RUS", ("data",)),))).check("members_origin")
    assert c.ok is False and "sources differ" in c.message


def test_45_percent_us_content_fails(world):
    c = checks(world, Program(**{**READY.__dict__, "us_content": 0.45})).check("us_content")
    assert c.ok is False and "45%" in c.message and "51%" in c.message
    assert checks(world, Program(us_content=0.51)).check("us_content").ok is True


def test_layers_and_anchor(world):
    partial = Program(members=(Member("Acme", "USA", ("compute",), True),))
    c = checks(world, partial).check("layers")
    assert c.ok is False and "Data pipelines" in c.message and "Sector applications" in c.message
    two = Program(members=(Member("A", "USA", ("compute",), True), Member("B", "USA", ("data",), True)))
    assert checks(world, two).check("anchor").ok is False
    none = Program(members=(Member("A", "USA", ("compute",)),))
    assert "No anchor" in checks(world, none).check("anchor").message


def test_destination_and_buyer(world):
    assert checks(world, READY, "RUS").check("destination").ok is False
    assert checks(world, READY, "ARE").check("destination").ok is True
    c = checks(world, Program(buyer_home="CHN")).check("buyer_home")
    assert c.ok is False and "D:5 or Macau" in c.message
    assert checks(world, Program(buyer_home="MAC")).check("buyer_home").ok is False
    assert checks(world, Program(buyer_home="ARE")).check("buyer_home").ok is True


def test_support_and_business_model(world):
    assert checks(world, Program(support=())).check("support").ok is True
    c = checks(world, Program(support=("dfc",)), "RUS").check("support")
    assert c.ok is False and "unavailable" in c.message
    assert checks(world, Program(build="consortium")).check("business_model").ok is None


def test_a_bloc_target_is_assessed_per_member_with_weakest_and_spread(world):
    profiles, _statuses, assumptions = world
    proposal = Proposal(name="Gulf", country="ARE", program=Program(target_bloc="GCC"))
    members = bloc_members(profiles, "GCC")
    assert sorted(m.iso3 for m in members) == ["ARE", "BHR", "KWT", "OMN", "QAT", "SAU"]
    bloc = assess_bloc(proposal, members, assumptions, "GCC")
    scores = [m.overall for m in bloc.members]
    assert bloc.weakest.overall == min(scores) and bloc.spread == pytest.approx(max(scores) - min(scores))
    assert checks(world, proposal.program, "ARE", bloc).check("destination").ok is True
    asean = assess_bloc(proposal, bloc_members(profiles, "ASEAN"), assumptions, "ASEAN")
    assert [m.iso3 for m in asean.blocked] == ["MMR"]
    c = checks(world, Program(target_bloc="ASEAN"), "IDN", asean).check("destination")
    assert c.ok is False and "Myanmar (denial)" in c.message
    assert asean.weakest is not None and asean.weakest.iso3 != "MMR"


def test_malformed_program_fields_are_refused():
    for bad in (
        Program(members=(Member("", "USA", ("compute",)),)),
        Program(members=(Member("A", "usa", ("compute",)),)),
        Program(members=(Member("A", "USA", ("gpus",)),)),
        Program(members=(Member("A", "USA", ()),)),
        Program(us_content=1.2),
        Program(us_content=float("nan")),
        Program(build="nobody"),
        Program(support=("grants",)),
        Program(buyer_home="KE"),
    ):
        with pytest.raises(DomainError):
            bad.validate()
        with pytest.raises(DomainError):
            ops.set_program(Proposal(name="P", country="KEN"), bad)


def test_set_program_is_one_undoable_change():
    p = Proposal(name="P", country="KEN")
    change = ops.set_program(p, READY, "Consortium")
    assert change.kind == "program" and change.before is p and change.after.program == READY and not change.empty
    assert Program.from_dict(READY.to_dict()) == READY

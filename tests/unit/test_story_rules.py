"""Stories: who records one, who revises and withdraws it, who reads it, and what a withdrawal
leaves behind."""

from __future__ import annotations

from uuid import uuid4

import pytest

from adapters.accounts import GlobalRole
from domain.errors import InvalidEntry, NotFound, NotPermitted, RuleViolated
from domain.origins import may_read_story
from domain.origins.commands import RecordStory, ReviseStory, WithdrawStory
from domain.origins.events import StoryRecorded, StoryRevised, StoryWithdrawn
from domain.service import Pilots
from domain.values import AccountRole, Consent
from tests.origins_builders import STORY, refused_anywhere, tell


def revise(story_id, **fields):  # type: ignore[no-untyped-def]
    given = {"text": "A porter listened", "title": "", "themes": (), "rationale": "Shorter"}
    return ReviseStory(story_id, **(given | fields))


@pytest.mark.parametrize("role", ["member", "lead", "admin"])
def test_members_leads_and_admins_record_stories_and_the_sender_is_the_recorder(
    pilots: Pilots, role: str
) -> None:
    recorder = uuid4()
    command = RecordStory(
        text=f"  {STORY}  ",
        consent="team",
        title="The porter",
        told_by_name="Sam",
        themes=["Listening", "listening "],
    )
    receipt = pilots.execute(command, recorder, role=role)
    story = pilots.story(receipt.story.id)
    assert (story.text, story.title, story.told_by_name) == (STORY, "The porter", "Sam")
    assert (story.consent, story.told_by, story.recorded_by) == (Consent.TEAM, None, recorder)
    assert story.themes == ("listening",)
    assert [type(e) for e in receipt.events] == [StoryRecorded]


@pytest.mark.parametrize("role", ["reader", None])
def test_readers_and_senders_of_no_role_record_no_story(pilots: Pilots, role: str | None) -> None:
    with refused_anywhere(pilots, NotPermitted, match="members, leads and admins"):
        pilots.execute(RecordStory(text=STORY, consent="community"), uuid4(), role=role)


def test_a_role_that_is_no_role_is_refused_naming_it(pilots: Pilots) -> None:
    with refused_anywhere(pilots, InvalidEntry, match="^role"):
        pilots.execute(RecordStory(text=STORY, consent="community"), uuid4(), role="owner")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"text": "   "}, "text"),
        ({"text": "x" * 10_001}, "text"),
        ({"text": "nul\x00"}, "text"),
        ({"consent": "everyone"}, "consent"),
        ({"title": "t" * 201}, "title"),
        ({"told_by_name": "n" * 201}, "told_by_name"),
        ({"told_by": uuid4(), "told_by_name": "Sam"}, "told_by"),
        ({"themes": ["ok"] * 0 + [f"theme {n}" for n in range(13)]}, "themes"),
    ],
)
def test_a_story_out_of_bounds_is_refused_naming_the_field(
    pilots: Pilots, fields: dict[str, object], field: str
) -> None:
    given = {"text": STORY, "consent": "community"} | fields
    with refused_anywhere(pilots, InvalidEntry, match=f"^{field}:"):
        pilots.execute(RecordStory(**given), uuid4(), role="member")  # type: ignore[arg-type]


def test_a_resubmitted_story_is_recorded_once(pilots: Pilots) -> None:
    member = uuid4()
    command = RecordStory(text=STORY, consent="community")
    first = pilots.execute(command, member, submission="form-1", role="member")
    again = pilots.execute(command, member, submission="form-1", role="member")
    assert again.replayed
    assert again.story.id == first.story.id
    assert len(pilots.record_history(first.story.id)) == 1


def test_the_teller_and_the_recorder_revise_a_story_and_each_version_stays_in_the_log(
    pilots: Pilots,
) -> None:
    teller, recorder = uuid4(), uuid4()
    story_id = tell(pilots, teller, recorder=recorder, title="The porter")
    pilots.execute(revise(story_id, title="A porter", themes=["care"]), teller, role="member")
    pilots.execute(
        revise(story_id, text="The porter listened", rationale="Tense"), recorder, role="reader"
    )
    story = pilots.story(story_id)
    assert (story.text, story.title, story.themes, story.revisions) == (
        "The porter listened",
        "",
        (),
        2,
    )
    history = pilots.record_history(story_id)
    assert [getattr(e, "text", None) for e in history] == [
        STORY,
        "A porter listened",
        "The porter listened",
    ]
    assert [e.rationale for e in history if isinstance(e, StoryRevised)] == ["Shorter", "Tense"]
    assert pilots.story(story_id, version=1).text == STORY


def test_a_revision_that_changes_nothing_or_gives_no_rationale_is_refused(pilots: Pilots) -> None:
    teller = uuid4()
    story_id = tell(pilots, teller, title="The porter", themes=["care"])
    same = revise(story_id, text=STORY, title="The porter", themes=["Care"])
    with refused_anywhere(pilots, RuleViolated, match="differ"):
        pilots.execute(same, teller, role="member")
    with refused_anywhere(pilots, InvalidEntry, match="^rationale"):
        pilots.execute(revise(story_id, rationale=" "), teller, role="member")


def test_anyone_else_who_reads_a_story_may_not_revise_or_withdraw_it(pilots: Pilots) -> None:
    story_id = tell(pilots, uuid4())
    for role in AccountRole:
        with refused_anywhere(pilots, NotPermitted, match="teller or whoever recorded"):
            pilots.execute(revise(story_id), uuid4(), role=role)
        with refused_anywhere(pilots, NotPermitted, match="teller or whoever recorded"):
            pilots.execute(WithdrawStory(story_id, reason="Not theirs"), uuid4(), role=role)


def test_to_someone_who_may_not_read_it_a_team_story_does_not_exist(pilots: Pilots) -> None:
    story_id = tell(pilots, uuid4(), consent="team")
    for command in (revise(story_id), WithdrawStory(story_id, reason="Hide it")):
        with refused_anywhere(pilots, NotFound, match="no such story"):
            pilots.execute(command, uuid4(), role="member")
        with refused_anywhere(pilots, NotPermitted):
            pilots.execute(command, uuid4(), role="admin")


def test_a_story_is_not_a_pilot_nor_a_workshop(pilots: Pilots) -> None:
    story_id = tell(pilots, uuid4())
    with pytest.raises(NotFound, match="no such pilot"):
        pilots.pilot(story_id)
    with pytest.raises(NotFound, match="no such pilot"):
        pilots.history(story_id)
    with pytest.raises(NotFound, match="no such workshop"):
        pilots.workshop(story_id)
    with pytest.raises(NotFound, match="no such story"):
        pilots.story(uuid4())


@pytest.mark.parametrize("by", ["teller", "recorder"])
def test_the_teller_or_the_recorder_withdraws_a_story_whose_words_are_then_gone(
    pilots: Pilots, by: str
) -> None:
    teller, recorder = uuid4(), uuid4()
    story_id = tell(pilots, teller, recorder=recorder, title="The porter", consent="team")
    pilots.execute(revise(story_id, title="Porter"), teller, role="member")
    withdrawal = WithdrawStory(story_id, reason="I would rather not")
    receipt = pilots.execute(withdrawal, teller if by == "teller" else recorder, role="member")
    assert [type(e) for e in receipt.events] == [StoryWithdrawn]
    story = pilots.story(story_id)
    assert (story.text, story.title, story.told_by_name) == (None, None, None)
    assert story.withdrawn_on == receipt.events[0].timestamp.date()
    assert (story.consent, story.told_by, story.recorded_by) == (Consent.TEAM, teller, recorder)
    assert may_read_story(story, teller, "member")


def test_a_withdrawn_story_takes_no_revision_nor_a_second_withdrawal(pilots: Pilots) -> None:
    teller = uuid4()
    story_id = tell(pilots, teller)
    with refused_anywhere(pilots, InvalidEntry, match="^reason"):
        pilots.execute(WithdrawStory(story_id, reason=""), teller, role="member")
    pilots.execute(WithdrawStory(story_id, reason="No"), teller, role="member")
    for command in (revise(story_id), WithdrawStory(story_id, reason="Again")):
        with refused_anywhere(pilots, RuleViolated, match="withdrawn on"):
            pilots.execute(command, teller, role="member")


def test_a_community_story_is_read_by_every_signed_in_account(pilots: Pilots) -> None:
    story = pilots.story(tell(pilots, uuid4()))
    assert all(may_read_story(story, uuid4(), role) for role in [*AccountRole, None])


def test_a_team_story_is_read_by_its_teller_its_recorder_and_the_programme_team(
    pilots: Pilots,
) -> None:
    teller, recorder = uuid4(), uuid4()
    story = pilots.story(tell(pilots, teller, recorder=recorder, consent="team"))
    assert may_read_story(story, teller, AccountRole.READER)
    assert may_read_story(story, recorder, None)
    assert may_read_story(story, uuid4(), AccountRole.ADMIN)
    assert may_read_story(story, uuid4(), "lead")
    for role in ("member", "reader", None, "owner"):
        assert not may_read_story(story, uuid4(), role)


def test_the_domains_roles_are_the_accounts_roles_word_for_word() -> None:
    """The web hands the account's role to the domain as it is: the words must not drift."""
    assert [role.value for role in AccountRole] == [role.value for role in GlobalRole]
    assert all(AccountRole(role) == role for role in GlobalRole)

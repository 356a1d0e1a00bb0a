"""The vote a nominee needs at the evaluation meeting (seed 000 IV.2; a setting per movement)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from portal.documents import percent

from .models import AwardSettings, VoteBase

# How a document names the base the share is counted on.
BASE_WORDS = {
    VoteBase.TOTAL: "tổng số thành viên Hội đồng",
    VoteBase.PRESENT: "số thành viên Hội đồng có mặt",
}


@dataclass(frozen=True)
class VoteRule:
    """A percentage of all members or of those present, exceeded or at least reached.

    Fixture default: more than 50% of all members — a setting each province adjusts.
    """

    threshold: Decimal = Decimal(50)
    strictly_above: bool = True
    base: str = VoteBase.TOTAL

    @classmethod
    def of(cls, settings: AwardSettings) -> "VoteRule":
        return cls(
            threshold=Decimal(settings.vote_threshold),
            strictly_above=settings.vote_strictly_above,
            base=settings.vote_base,
        )

    def base_count(self, *, members_total, members_present) -> int | None:
        """How many members a nominee's votes are counted against."""
        return members_present if self.base == VoteBase.PRESENT else members_total

    def passes(self, *, votes, members_total, members_present) -> bool:
        base = self.base_count(members_total=members_total, members_present=members_present)
        if votes is None or not base:
            return False
        share, needed = Decimal(votes) * 100, self.threshold * base
        return share > needed if self.strictly_above else share >= needed

    def votes_needed(self, *, members_total, members_present) -> int | None:
        """The fewest votes that pass; None when the base is unknown or nothing passes."""
        base = self.base_count(members_total=members_total, members_present=members_present)
        if not base:
            return None
        for votes in range(base + 1):
            if self.passes(
                votes=votes, members_total=members_total, members_present=members_present
            ):
                return votes
        return None

    def share(self, *, votes, members_total, members_present) -> Decimal | None:
        """The share of votes on the counted base, to two decimals (“66,67%”)."""
        base = self.base_count(members_total=members_total, members_present=members_present)
        if votes is None or not base:
            return None
        return (Decimal(votes) * 100 / base).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def base_words(self) -> str:
        return BASE_WORDS.get(self.base, BASE_WORDS[VoteBase.TOTAL])

    @property
    def sentence(self) -> str:
        """The rule in words: “trên 50% tổng số thành viên Hội đồng”."""
        share = percent(self.threshold)
        if self.strictly_above:
            return f"trên {share} {self.base_words}"
        return f"từ {share} {self.base_words} trở lên"


def vote_rule_for(movement) -> VoteRule:
    """The movement's rule; a movement without award settings uses the default."""
    try:
        return VoteRule.of(movement.award_settings)
    except AwardSettings.DoesNotExist:
        return VoteRule()

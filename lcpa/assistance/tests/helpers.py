"""Team A's request, as the assistance tests start from it."""

import uuid

from lcpa.assistance.models import TARequest
from lcpa.assistance.services import ta_request_open
from lcpa.testing import Cast


def open_request(cast: Cast, **changes) -> TARequest:
    fields = {
        "submission_key": uuid.uuid4(),
        "team": cast.team_a,
        "by": cast.member_a1,
        "category": TARequest.Category.DATA,
        "urgency": TARequest.Urgency.ROUTINE,
        "title": "Matching call codes",
        "description": "Which 911 call codes count as behavioral health calls?",
    }
    return ta_request_open(**{**fields, **changes})

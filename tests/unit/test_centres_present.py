"""Phone links on centre pages come from the shared phone check."""

from __future__ import annotations

from app.centres.present import tel_href


def test_tel_links_only_for_numbers_that_could_exist() -> None:
    assert tel_href("01244 972 520") == "tel:+441244972520"
    assert tel_href("+44 (0)1244 972520") == "tel:+441244972520"
    assert tel_href("call 12") is None
    assert tel_href("") is None and tel_href(None) is None

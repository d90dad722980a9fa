"""The one vetted table of public numbers a site may show besides a center's own.

Crisis and help lines live in code, not in editable data: an editor's typo here could cost a life.
Sources: ../shared/DOMAIN.md §4 and DECISIONS.md ("Public numbers table")."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PublicNumber:
    key: str
    display: str
    tel_target: str
    sms_target: str = ""
    label: str = ""

    @property
    def tel(self) -> str:
        return f"tel:{self.tel_target}"

    @property
    def sms(self) -> str:
        return f"sms:{self.sms_target or self.tel_target}"

    def __str__(self) -> str:
        return self.display


LIFELINE = PublicNumber("lifeline", "988", "988", "988", "988 Suicide & Crisis Lifeline")
EMERGENCY = PublicNumber("emergency", "911", "911", label="Emergency services")
SAMHSA_HELPLINE = PublicNumber(
    "samhsa_helpline", "1-800-662-4357", "+18006624357", label="SAMHSA National Helpline"
)
SAMHSA_TTY = PublicNumber(
    "samhsa_tty", "1-800-487-4889", "+18004874889", label="SAMHSA Helpline TTY"
)
CRISIS_TEXT_LINE = PublicNumber(
    "crisis_text_line", "741741", "741741", "741741", "Crisis Text Line"
)
VETERANS_TEXT = PublicNumber(
    "veterans_text", "838255", "838255", "838255", "Veterans Crisis Line (text)"
)
NO_SURPRISES = PublicNumber(
    "no_surprises", "1-800-985-3059", "+18009853059", label="No Surprises Help Desk"
)
HHS_OCR = PublicNumber(
    "hhs_ocr", "1-800-368-1019", "+18003681019", label="HHS Office for Civil Rights"
)
HHS_OCR_TDD = PublicNumber(
    "hhs_ocr_tdd", "1-800-537-7697", "+18005377697", label="HHS Office for Civil Rights TDD"
)
#: The old Lifeline number still connects, but pages should show 988 instead (a warning, later).
OLD_LIFELINE_E164 = "+18002738255"

LIFELINE_CHAT_URL = "https://988lifeline.org/chat/"
CRISIS_TEXT_WORD = "HOME"

# 988 in Spanish. Sources: ../shared/DOMAIN.md §4; 988lifeline.org/get-help/what-to-expect (a call
# offers "Spanish-language (Press 2)"; a text to 988 offers "our Spanish-language (text AYUDA)";
# "¡Los servicios de texto y chat de 988 Lifeline ya están disponibles en Español!").
LIFELINE_SPANISH_OPTION = "2"
LIFELINE_SPANISH_KEYWORD = "AYUDA"
# The Spanish chat opens from the same chat page (Didi Hirsch's 2023 launch of Spanish text and
# chat: "To text or chat with Lifeline, click: https://988lifeline.org/chat/"). A Spanish-only
# address (988lineadevida.org) is not confirmed by DOMAIN.md or a primary source: not used.
LIFELINE_CHAT_URL_ES = LIFELINE_CHAT_URL

ALL: tuple[PublicNumber, ...] = (
    LIFELINE,
    EMERGENCY,
    SAMHSA_HELPLINE,
    SAMHSA_TTY,
    CRISIS_TEXT_LINE,
    VETERANS_TEXT,
    NO_SURPRISES,
    HHS_OCR,
    HHS_OCR_TDD,
)


class Numbers:
    """What templates and Markdown see as `numbers`: attribute access, nothing editable."""

    def __init__(self) -> None:
        for n in ALL:
            setattr(self, n.key, n)
        self.lifeline_chat_url = LIFELINE_CHAT_URL
        self.crisis_text_word = CRISIS_TEXT_WORD
        self.lifeline_spanish_option = LIFELINE_SPANISH_OPTION
        self.lifeline_spanish_keyword = LIFELINE_SPANISH_KEYWORD
        self.lifeline_chat_url_es = LIFELINE_CHAT_URL_ES

    def __setattr__(self, name: str, value: object) -> None:
        if name in self.__dict__:
            raise AttributeError("public numbers are constants")
        super().__setattr__(name, value)


NUMBERS = Numbers()
PUBLIC_E164 = frozenset(n.tel_target for n in ALL if n.tel_target.startswith("+"))
SHORT_CODES = frozenset(n.tel_target for n in ALL if not n.tel_target.startswith("+"))

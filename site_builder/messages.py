"""Every sentence an editor reads, plain English, second person, the fix first; code writes msg.NAME.

The sentences live in site_builder/words/, one module per area, so each can be read, reviewed and
later translated as a set: yaml_input (YAML and the kinds of value), centers (centers.yaml),
content (pages, their code, themes), checks (what pages say and do) and commands (the command line,
folders, preview, search, directory). This module gathers them under one name. A new sentence
belongs in its area's module; one added here works too until it is moved."""

from __future__ import annotations

from .words.centers import *  # noqa: F403
from .words.checks import *  # noqa: F403
from .words.commands import *  # noqa: F403
from .words.content import *  # noqa: F403
from .words.yaml_input import *  # noqa: F403

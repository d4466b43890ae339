"""Eduframe models: generated from the OpenAPI spec (see tools/gen_eduframe.py).

Response models subclass `Model` (frozen, slotted, unknown fields on ``extra``);
request bodies subclass `Payload` (fields left `UNSET` are not sent); every enum is
open. Import from here: the module split by area is an implementation detail.
"""

import cattrs

from . import catalog, courses, custom, finance, learning, people, planning, shared, webhooks
from ._base import UNSET, Created, Payload, Unset, configure_base, discriminated
from .catalog import *  # noqa: F403
from .courses import *  # noqa: F403
from .custom import *  # noqa: F403
from .finance import *  # noqa: F403
from .learning import *  # noqa: F403
from .people import *  # noqa: F403
from .planning import *  # noqa: F403
from .shared import *  # noqa: F403
from .webhooks import *  # noqa: F403

__all__ = [
    "UNSET",
    "Created",
    "Payload",
    "Unset",
    "configure",
    *catalog.__all__,
    *courses.__all__,
    *custom.__all__,
    *finance.__all__,
    *learning.__all__,
    *people.__all__,
    *planning.__all__,
    *shared.__all__,
    *webhooks.__all__,
]


def configure(conv: cattrs.Converter) -> None:
    """Eduframe's converter hooks: payloads, and the discriminated unions."""
    configure_base(conv)
    conv.register_structure_hook_func(
        lambda t: t == learning.ProgramEditionBlockElementItem,
        discriminated(
            conv,
            "element_type",
            {
                "CourseElement": learning.ProgramEditionCourseElement,
                "EvaluationElement": learning.ProgramEditionEvaluationElement,
            },
            learning.ProgramEditionBaseElement,
        ),
    )
    conv.register_structure_hook_func(
        lambda t: t == learning.ProgramEditionElement,
        discriminated(
            conv,
            "element_type",
            {
                "BlockElement": learning.ProgramEditionBlockElement,
                "CourseElement": learning.ProgramEditionCourseElement,
                "ElectiveElement": learning.ProgramEditionElectiveElement,
                "EvaluationElement": learning.ProgramEditionEvaluationElement,
                "ThesisElement": learning.ProgramEditionThesisElement,
            },
            learning.ProgramEditionBaseElement,
        ),
    )

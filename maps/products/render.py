"""The one template environment of the HTML products: jinja2 templates in ``maps/templates``, autoescape on.

Every value a template prints is HTML-escaped (``&``, ``<``, ``>``, ``"`` and ``'``), in text and in attributes
alike, unless it is a :class:`markupsafe.Markup`. Callers pass ``Markup`` only for markup they made themselves
and say why where they do; text from data files, project files or the user is always passed as plain ``str``.
A name a template uses but the caller did not pass is an error (``StrictUndefined``), never an empty string.
Templates hold no clock and no randomness: the same context renders to the same bytes.
"""

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

__all__ = ["ENVIRONMENT", "render"]

# default=True: every template escapes, whatever its name ends in (".html.j2" would not match the "html"
# extension rule alone), and so do templates made from strings.
ENVIRONMENT = Environment(
    loader=PackageLoader("maps", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html", "j2", "svg", "xml"), default_for_string=True,
                                 default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def render(name, /, **context) -> str:
    """Render the template ``name`` of ``maps/templates`` with ``context``.

    Parameters
    ----------
    name : str
        A file in ``maps/templates``, e.g. ``"briefing.html.j2"`` (positional only: a template may use
        ``name`` itself).
    **context
        The names the template uses; plain strings are escaped, :class:`markupsafe.Markup` is not.

    Returns
    -------
    str
        The rendered text (a plain ``str``).

    Raises
    ------
    jinja2.TemplateNotFound
        No such template.
    jinja2.UndefinedError
        The template uses a name that is not in ``context``.
    """
    return str(ENVIRONMENT.get_template(name).render(**context))

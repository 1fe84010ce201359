"""The values searches and exports accept, kept apart so the command line can name them without loading either."""

MAX_LIMIT = 100  # hits on one page
LANGS = ("any", "en", "ru")  # the languages a search may keep to

EXPORT_FORMATS = ("tmx", "csv")
DEFAULT_CAP = 1000  # aligned pairs an export writes unless told otherwise
MAX_CAP = 100_000

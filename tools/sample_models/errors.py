"""The one error the build raises on purpose: what is wrong, where (file:line), how to fix it."""


class BuildError(Exception):
    """A corpus file, the glossary or a build step is not as the build needs it."""

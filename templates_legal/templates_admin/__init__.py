"""Versioned letter templates of an entity, kept by its legal directorate and administrators.

- ``services``: checking an uploaded template (package and placeholders), storing it
  as a new version, activating a version or the shipped default;
- ``selectors``: the template in force for a kind and language, versions and defaults;
- ``forms`` and ``views``: the template pages.

The letters rendered from these templates are ``templates_legal.letters``'s concern.
"""

"""Every write to the curriculum: loading it from its data files, and jurisdictions."""

from collections.abc import Sequence
from typing import Any

from django.db import models, transaction

from lcpa.core.public_cache import public_content_changed
from lcpa.curriculum.content import CurriculumFile, PromptSpec
from lcpa.curriculum.models import DeliverablePrompt, Jurisdiction, LearningCommunity, Module


def jurisdiction_find_or_create(
    *, name: str, state: str, kind: str, population: int | None
) -> Jurisdiction:
    jurisdiction, created = Jurisdiction.objects.get_or_create(
        name__iexact=name.strip(),
        state=state,
        kind=kind,
        defaults={"name": name.strip(), "population": population},
    )
    if not created and population and not jurisdiction.population:
        jurisdiction.population = population
        jurisdiction.save(update_fields=["population", "updated_at"])
        public_content_changed()  # the jurisdictions page shows populations
    return jurisdiction


# Loading the curriculum from its data files ------------------------------------------------

LC_FIELDS = (
    "name",
    "short_name",
    "position",
    "implementing_sector",
    "tagline",
    "purpose",
    "who_should_join",
)
MODULE_FIELDS = ("title", "deliverable_name", "aims", "guidance")


def _apply(instance: models.Model, values: dict[str, Any]) -> list[str]:
    """Set the values that differ; return the names of the fields that changed."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    return changed


def _save(instance: models.Model, values: dict[str, Any], label: str, report: list[str]) -> None:
    created = instance.pk is None
    changed = _apply(instance, values)
    if created:
        instance.save()
        report.append(f"Created {label}.")
    elif changed:
        instance.save()
        report.append(f"Updated {label}: {', '.join(changed)}.")


@transaction.atomic
def curriculum_load(*, files: Sequence[CurriculumFile]) -> list[str]:
    """Create or update learning communities, modules and prompts so they match the files.

    Prompts no longer in a file are removed from the curriculum. Cohorts keep their own copy
    (`cohorts.CohortModule`), which this never touches. Returns one line per change; an empty
    list when the database already matched the files.
    """
    report: list[str] = []
    for file in files:
        spec = file.spec
        community = LearningCommunity.objects.filter(slug=spec.slug).first()
        community = community or LearningCommunity(slug=spec.slug)
        values = {name: getattr(spec, name) for name in LC_FIELDS}
        _save(community, values, f"learning community {spec.name}", report)
        existing = {module.number: module for module in community.modules.all()}
        for module_spec in spec.modules:
            module = existing.get(module_spec.number) or Module(
                learning_community=community, number=module_spec.number
            )
            label = f"{spec.short_name} module {module_spec.number}"
            _save(module, {n: getattr(module_spec, n) for n in MODULE_FIELDS}, label, report)
            _load_prompts(module, module_spec.prompts, label, report)
    if report:
        public_content_changed()
    return report


def _load_prompts(
    module: Module, prompts: Sequence[PromptSpec], label: str, report: list[str]
) -> None:
    existing = {prompt.key: prompt for prompt in module.prompts.all()}
    for position, spec in enumerate(prompts):
        prompt = existing.pop(spec.key, None) or DeliverablePrompt(module=module, key=spec.key)
        values = {
            "position": position,
            "label": spec.label,
            "help_text": spec.help_text,
            "kind": spec.kind,
            "options": "\n".join(spec.options),
            "required": spec.required,
            "refers_to": spec.refers_to,
        }
        _save(prompt, values, f"{label} prompt {spec.key}", report)
    for key, prompt in existing.items():
        prompt.delete()
        report.append(f"Removed {label} prompt {key}: it is no longer in the file.")

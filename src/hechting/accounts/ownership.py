"""Which rows belong to a person: found by walking every model's foreign keys to the user.

A model is user-owned when it has a foreign key to the user model, or to another user-owned
model (an Answer belongs to an Assessment that belongs to a user). Nothing is registered by
hand, so a model added later by any app is exported and deleted with the rest.

What happens to a model's rows when their person deletes the account is the model's own
`ON_ACCOUNT_DELETION` class attribute (default DELETE):
  DELETE  the rows go.
  DETACH  the row is shared with someone else (a link between two accounts): the person's own
          foreign keys to the user are set to NULL, and the row goes once nobody is left.
  KEEP    an append-only record (the access log): it stays, naming the person by a bare id
          that no longer leads anywhere.

A model that sits on something shared but belongs to one person only (my part of a repair in a
log two people share) names the relations that make it someone's in `OWNED_THROUGH`, e.g.
("author",): it is then exported and deleted with its author alone, never with the other.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

MAX_DEPTH = 5
DELETE, DETACH, KEEP = "delete", "detach", "keep"


@dataclass(frozen=True)
class Owned:
    model: type[models.Model]
    paths: tuple[str, ...]  # ORM lookups from this model to the user's pk, e.g. "person__user__pk"
    depth: int  # 0 for the user model itself, 1 for a direct foreign key, ...

    @property
    def on_deletion(self) -> str:
        policy = getattr(self.model, "ON_ACCOUNT_DELETION", DELETE)
        if policy not in (DELETE, DETACH, KEEP):
            raise ValueError(f"{self.label}: ON_ACCOUNT_DELETION must be delete, detach or keep")
        return str(policy)

    def user_fields(self) -> list[str]:
        """The names of this model's own foreign keys to the user."""
        user_model = get_user_model()
        return [
            f.name
            for f in self.model._meta.concrete_fields
            if f.is_relation and f.related_model is user_model
        ]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def orphans(self) -> models.QuerySet:
        """Rows no path leads to a person any more (for DETACH: nobody is left)."""
        condition = {f"{path.removesuffix('__pk')}__isnull": True for path in self.paths}
        return self.model._default_manager.filter(**condition)

    def rows(self, user: models.Model) -> models.QuerySet:
        condition = reduce(or_, (models.Q(**{path: user.pk}) for path in self.paths))
        return self.model._default_manager.filter(condition).distinct().order_by("pk")


def owned_models() -> list[Owned]:
    """All user-owned models, the user model first, then by distance from the user."""
    user_model = get_user_model()
    found: dict[type[models.Model], Owned] = {user_model: Owned(user_model, ("pk",), 0)}
    for _round in range(MAX_DEPTH):
        changed = False
        for model in apps.get_models():
            if model is user_model:
                continue
            through = getattr(model, "OWNED_THROUGH", None)
            parents = [
                (field.name, found[related])
                for field in model._meta.concrete_fields
                if field.is_relation
                and isinstance(related := field.related_model, type)
                and related is not model
                and related in found
                and (through is None or field.name in through)
            ]
            if not parents:
                continue
            owned = Owned(
                model,
                tuple(f"{name}__{path}" for name, parent in parents for path in parent.paths),
                1 + min(parent.depth for _name, parent in parents),
            )
            if found.get(model) != owned:
                found[model] = owned
                changed = True
        if not changed:
            break
    return sorted(found.values(), key=lambda owned: (owned.depth, owned.label))

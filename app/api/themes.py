"""The theme taxonomy, for pickers and for validating codes client-side."""

from fastapi import APIRouter
from pydantic import BaseModel

from app.api.deps import TaxonomyDep

router = APIRouter(tags=["themes"])


class ThemeOut(BaseModel):
    code: str
    domain: str
    label_nl: str
    label_en: str


@router.get("/themes", summary="The themes, grouped by ZRM life domain")
def list_themes(taxonomy: TaxonomyDep) -> list[ThemeOut]:
    return [ThemeOut(**vars(theme)) for theme in taxonomy.themes.values()]

"""Keys the service makes for itself on first use and keeps in its database, never in the repository."""

from sqlalchemy import String
from sqlmodel import Field, SQLModel


class ServiceSecret(SQLModel, table=True):
    __tablename__ = "service_secrets"
    name: str = Field(sa_type=String(40), primary_key=True)
    value: str = Field(sa_type=String(128))

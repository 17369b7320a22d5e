"""Countries stored under one canonical short name each (ISO 3166-1, through pycountry).

Detection used to store the State's name as the cover printed it, footnote mark included
("Poland ∗", "The Netherlands", "United Kingdom of Great Britain and Northern Ireland"), so one
State was several countries to the search filters. Each stored name becomes the short name
detection now writes; names the list does not know are only tidied. Every row is kept; the
index's filter words follow through the documents' update trigger.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

from app.text import countries

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, country FROM documents WHERE country IS NOT NULL")).all()
    for document_id, printed in rows:
        stored = countries.canonical(printed)
        if stored and stored != printed:
            connection.execute(
                sa.text("UPDATE documents SET country = :country WHERE id = :id"), {"country": stored, "id": document_id}
            )


def downgrade() -> None:
    # The printed forms are not kept; a canonical name is as valid a value to the older schema.
    pass

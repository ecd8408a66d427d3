"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-29 09:16:36.741895
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("subtype", sa.String(length=128), nullable=True),
        sa.Column("actor1", sa.Text(), nullable=True),
        sa.Column("actor2", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.Column("location_name", sa.Text(), nullable=True),
        sa.Column("country", sa.String(length=8), nullable=True),
        sa.Column("precision", sa.Integer(), nullable=True),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("fatalities_min", sa.Integer(), nullable=True),
        sa.Column("fatalities_max", sa.Integer(), nullable=True),
        sa.Column("fatalities_latest", sa.Integer(), nullable=True),
        sa.Column("injuries_min", sa.Integer(), nullable=True),
        sa.Column("injuries_max", sa.Integer(), nullable=True),
        sa.Column(
            "flags", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("n_sources", sa.Integer(), nullable=False),
        sa.Column("n_independent", sa.Integer(), nullable=False),
        sa.Column("first_reported", sa.Date(), nullable=True),
        sa.Column("last_reported", sa.Date(), nullable=True),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_last_reported"), ["last_reported"], unique=False)
        batch_op.create_index("ix_events_type_date_start", ["type", "date_start"], unique=False)

    op.create_table(
        "ingest_errors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("doc_id", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False, comment="'' when the reader gave none"),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("times", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_errors")),
        sa.UniqueConstraint("key", name=op.f("uq_ingest_errors_key")),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("domain", sa.String(length=255), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("domain", name=op.f("uq_sources_domain")),
    )
    op.create_table(
        "stories",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("centroid", sa.LargeBinary(), nullable=False),
        sa.Column(
            "keys", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("first_published", sa.Date(), nullable=True),
        sa.Column("last_published", sa.Date(), nullable=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stories")),
    )
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stories_last_published"), ["last_published"], unique=False)
        batch_op.create_index(batch_op.f("ix_stories_updated"), ["updated"], unique=False)

    op.create_table(
        "articles",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("identity", sa.Text(), nullable=False, comment="canonical URL, or sha256:<content hash>"),
        sa.Column("doc_id", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("source_domain", sa.String(length=255), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column(
            "published_at", sa.String(length=40), nullable=True, comment="ISO timestamp, when the page gave a time"
        ),
        sa.Column("published_from", sa.String(length=32), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("machine_translated", sa.Boolean(), nullable=False),
        sa.Column(
            "mt_signals", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("agency", sa.Text(), nullable=True),
        sa.Column(
            "cited_sources",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "removed", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("page_kind", sa.String(length=16), nullable=False),
        sa.Column(
            "warnings", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("story_id", sa.String(length=64), nullable=True),
        sa.Column(
            "duplicate_of", sa.String(length=64), nullable=True, comment="article id of the copy this one syndicates"
        ),
        sa.Column("minhash", sa.LargeBinary(), nullable=True),
        sa.Column("vector", sa.LargeBinary(), nullable=True),
        sa.Column("source_path", sa.Text(), nullable=True),
        sa.Column("encoding", sa.String(length=32), nullable=True),
        sa.Column("crawled", sa.String(length=64), nullable=True),
        sa.Column("ingested", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_articles_source_id_sources")),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], name=op.f("fk_articles_story_id_stories")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_articles_published"), ["published"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_source_id"), ["source_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_story_id"), ["story_id"], unique=False)

    op.create_table(
        "article_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "result", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("stored", sa.DateTime(timezone=True), nullable=False),
        sa.Column("superseded", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_article_versions_article_id_articles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_versions")),
    )
    with op.batch_alter_table("article_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_versions_article_id"), ["article_id"], unique=False)

    op.create_table(
        "entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("label", sa.String(length=32), nullable=False),
        sa.Column("canonical", sa.Text(), nullable=True),
        sa.Column(
            "roles", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column(
            "mentions", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_entities_article_id_articles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entities")),
    )
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entities_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_entities_canonical"), ["canonical"], unique=False)

    op.create_table(
        "event_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("subtype", sa.String(length=128), nullable=True),
        sa.Column("actor1", sa.Text(), nullable=True),
        sa.Column("actor2", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.Column("location_name", sa.Text(), nullable=True),
        sa.Column("country", sa.String(length=8), nullable=True),
        sa.Column("precision", sa.Integer(), nullable=True),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("fatalities_min", sa.Integer(), nullable=True),
        sa.Column("fatalities_max", sa.Integer(), nullable=True),
        sa.Column("injuries_min", sa.Integer(), nullable=True),
        sa.Column("injuries_max", sa.Integer(), nullable=True),
        sa.Column(
            "flags", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("syndicated", sa.Boolean(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column(
            "evidence", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column(
            "detail", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_event_sources_article_id_articles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_event_sources_event_id_events")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_sources")),
    )
    with op.batch_alter_table("event_sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_sources_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_sources_event_id"), ["event_id"], unique=False)

    op.create_table(
        "places",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("in", sa.String(length=8), nullable=False),
        sa.Column("mention", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("country", sa.String(length=8), nullable=True),
        sa.Column("feature_code", sa.String(length=16), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_places_article_id_articles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_places")),
    )
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_places_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_places_geonameid"), ["geonameid"], unique=False)

    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("speaker", sa.Text(), nullable=True),
        sa.Column("direct", sa.Boolean(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_quotes_article_id_articles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotes")),
    )
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quotes_article_id"), ["article_id"], unique=False)

    op.create_table(
        "raw_documents",
        sa.Column("raw_hash", sa.String(length=64), nullable=False),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("doc_id", sa.Text(), nullable=False),
        sa.Column("source_path", sa.Text(), nullable=True),
        sa.Column("seen", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_raw_documents_article_id_articles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("raw_hash", name=op.f("pk_raw_documents")),
    )
    with op.batch_alter_table("raw_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_raw_documents_article_id"), ["article_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("raw_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_raw_documents_article_id"))

    op.drop_table("raw_documents")
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quotes_article_id"))

    op.drop_table("quotes")
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_places_geonameid"))
        batch_op.drop_index(batch_op.f("ix_places_article_id"))

    op.drop_table("places")
    with op.batch_alter_table("event_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_sources_event_id"))
        batch_op.drop_index(batch_op.f("ix_event_sources_article_id"))

    op.drop_table("event_sources")
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entities_canonical"))
        batch_op.drop_index(batch_op.f("ix_entities_article_id"))

    op.drop_table("entities")
    with op.batch_alter_table("article_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_versions_article_id"))

    op.drop_table("article_versions")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_story_id"))
        batch_op.drop_index(batch_op.f("ix_articles_source_id"))
        batch_op.drop_index(batch_op.f("ix_articles_published"))

    op.drop_table("articles")
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stories_updated"))
        batch_op.drop_index(batch_op.f("ix_stories_last_published"))

    op.drop_table("stories")
    op.drop_table("sources")
    op.drop_table("ingest_errors")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_type_date_start")
        batch_op.drop_index(batch_op.f("ix_events_last_reported"))

    op.drop_table("events")

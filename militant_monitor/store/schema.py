"""Tables, as SQLAlchemy Core metadata. Changes go through migrations (migrations.py)."""
from sqlalchemy import BigInteger, Boolean, Column, Float, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

meta = Table(
    "mmon_meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("id", String(40), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("title", Text),
    Column("published", String(10)),
    Column("author", Text),
    Column("publisher", Text),
    Column("url", Text),
    Column("language", String(16)),
    Column("source_path", Text),
    Column("text", Text, nullable=False),
    Column("extractor", String(200)),
    Column("ingested_at", String(32), nullable=False),
)

statements = Table(
    "statements", metadata,
    Column("id", String(40), primary_key=True),
    Column("entity_id", String(300), nullable=False),
    Column("entity_type", String(20), nullable=False),
    Column("prop", String(40), nullable=False),
    Column("value", Text, nullable=False),          # JSON
    Column("value_key", String(300)),               # normalised name, for look-ups by name
    Column("doc_id", String(40), nullable=False),
    Column("span_start", Integer),
    Column("span_end", Integer),
    Column("citation", Text),
    Column("extractor", String(200), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("rule", Text),        # the rule ids that made it, ';'-joined (migration 13: was String(80))
    Column("qualifier", String(20)),                # added by migration 3
    Column("first_seen", String(32), nullable=False),
    Index("ix_statements_entity", "entity_id"),
    Index("ix_statements_doc", "doc_id"),
    Index("ix_statements_key", "value_key"),
)

judgements = Table(
    "judgements", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("left_id", String(300), nullable=False),
    Column("right_id", String(300), nullable=False),
    Column("judgement", String(10), nullable=False),   # positive | negative | split | unsure
    Column("user", String(100), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("undone_at", String(32)),
    Column("note", Text),
    Column("detail", Text),                          # added by migration 8: JSON, a split's two sides
    Index("ix_judgements_left", "left_id"),
    Index("ix_judgements_right", "right_id"),
)

resolved = Table(
    "resolved", metadata,
    Column("entity_id", String(300), primary_key=True),
    Column("canonical_id", String(300), nullable=False),
    Column("entity_type", String(20), nullable=False),
    Column("matcher", String(40), nullable=False),
    Index("ix_resolved_canonical", "canonical_id"),
)

watchlist = Table(
    "watchlist", metadata,
    Column("name", String(300), primary_key=True),
    Column("created_at", String(32), nullable=False),
)

forgotten = Table(
    "forgotten", metadata,                           # added by migration 5: tombstones of ``mmon forget``
    Column("content_hash", String(64), primary_key=True),
    Column("doc_id", String(40), nullable=False),
    Column("forgotten_at", String(32), nullable=False),
    Column("fingerprint", Text),                     # JSON: MinHash signature + shingle hashes, no text
)

watch_pending = Table(
    "watch_pending", metadata,                       # added by migration 5: documents whose alerts are owed
    Column("doc_id", String(40), primary_key=True),
    Column("added_at", String(32), nullable=False),
)

minted = Table(
    "minted", metadata,                              # added by migration 6: stable ids of resolved entities
    Column("id", String(40), primary_key=True),      # P-..., G-... (registry groups keep group:<key>)
    Column("seq", Integer, nullable=False, unique=True),  # age: a tie goes to the oldest id
    Column("entity_type", String(20), nullable=False),
    Column("created_at", String(32), nullable=False),
)

redirects = Table(
    "redirects", metadata,                           # added by migration 6: ids that merges retired
    Column("old_id", String(40), primary_key=True),
    Column("new_id", String(40), nullable=False),
    Column("members", Text, nullable=False),         # JSON: the members the old id had when retired
    Column("created_at", String(32), nullable=False),
    Index("ix_redirects_new", "new_id"),
)

review_queue = Table(
    "review_queue", metadata,                        # added by migration 8: suggested merges and splits
    Column("key", String(700), primary_key=True),    # merge:<left>|<right> (entity ids), split:<minted id>
    Column("kind", String(10), nullable=False),      # merge | split
    Column("left_id", String(300), nullable=False),  # merge: an entity of one side; split: the minted id
    Column("right_id", String(300), nullable=False), # merge: an entity of the other side; split: the same id
    Column("score", Float, nullable=False),          # merge: the matcher's score; split: the strength of its signs
    Column("detail", Text, nullable=False),          # JSON: a split's two sides and its signs
    Column("created_at", String(32), nullable=False),
    Index("ix_review_queue_score", "score"),
)

# --- added by migration 7: what incremental resolution and event clustering keep --------------
synced = Table(
    "synced", metadata,                              # the documents a stage has taken in, by extractor version
    Column("stage", String(20), primary_key=True),   # resolve | events
    Column("doc_id", String(40), primary_key=True),
    Column("extractor", String(200)),
)

resolve_entities = Table(
    "resolve_entities", metadata,                    # the (entity, document) pairs resolution has seen
    Column("entity_id", String(300), primary_key=True),
    Column("doc_id", String(40), primary_key=True),
    Index("ix_resolve_entities_doc", "doc_id"),
)

resolve_keys = Table(
    "resolve_keys", metadata,                        # blocking keys (resolve.blocking) of each entity
    Column("key", String(400), primary_key=True),
    Column("entity_id", String(300), primary_key=True),
    Column("role", String(1), nullable=False),       # a: pairs with all; m: only with the key's anchors
    Index("ix_resolve_keys_entity", "entity_id"),
)

resolve_edges = Table(
    "resolve_edges", metadata,                       # candidate pairs the matcher scored at its threshold or more
    Column("a", String(300), primary_key=True),      # a < b
    Column("b", String(300), primary_key=True),
    Column("score", Float, nullable=False),
    Index("ix_resolve_edges_b", "b"),
)

event_clusters = Table(
    "event_clusters", metadata,                      # each event report -> its event's minted id (E-...)
    Column("report_id", String(300), primary_key=True),
    Column("cluster_id", String(40), nullable=False),
    Column("doc_id", String(40), nullable=False),
    Index("ix_event_clusters_cluster", "cluster_id"),
    Index("ix_event_clusters_doc", "doc_id"),
)

event_blocks = Table(
    "event_blocks", metadata,                        # blocks (type family + place word) of each report
    Column("block", String(300), primary_key=True),
    Column("report_id", String(300), primary_key=True),
    Index("ix_event_blocks_report", "report_id"),
)

# --- added by migration 9: retired event ids, and the store's count of writes ----------------------
event_redirects = Table(
    "event_redirects", metadata,                     # E- ids that a join of two events (or a split) retired
    Column("old_id", String(40), primary_key=True),
    Column("new_id", String(40), nullable=False),    # the event holding most of its former reports then
    Column("created_at", String(32), nullable=False),
    Index("ix_event_redirects_new", "new_id"),
)

changes = Table(
    "changes", metadata,                             # one row: bumped by every writing transaction
    Column("id", Integer, primary_key=True),         # always 1
    Column("n", Integer, nullable=False),            # caches compare it (serve.cache)
)

# --- added by migration 10: what relation statements point at, by id (store.relation_refs) -------
relation_refs = Table(
    "relation_refs", metadata,                       # one row per id a relation statement points at
    Column("statement_id", String(40), primary_key=True),   # the affiliation, link or perpetrators statement
    Column("ref_id", String(300), primary_key=True),        # an id it points at (model.relations)
    Column("entity_id", String(300), nullable=False),       # its subject: a person, a group, an event report
    Column("prop", String(40), nullable=False),
    Column("doc_id", String(40), nullable=False),
    Index("ix_relation_refs_ref", "ref_id", "prop"),
    Index("ix_relation_refs_doc", "doc_id"),
)

# --- added by migration 11: one precomputed row per event, and its actors' ids (store.event_rows) ----
event_rows = Table(
    "event_rows", metadata,                          # one row per stored event (event_clusters' cluster_id)
    Column("event_id", String(40), primary_key=True),
    Column("date", String(10)),                      # as the table shows it: YYYY, YYYY-MM or YYYY-MM-DD
    Column("date_start", String(10)),                # the first and last day it may be
    Column("date_end", String(10)),
    Column("date_precision", String(5)),             # year, month, day
    Column("type", String(40), nullable=False),
    Column("place_name", String(300)),
    Column("district", String(300)),
    Column("province", String(300)),
    Column("country", String(100)),
    Column("name_key", String(300)),                 # model.names.key of the site, district and province,
    Column("district_key", String(300)),             # and the country in lower case: what the place
    Column("province_key", String(300)),             # filter compares
    Column("country_key", String(100)),
    Column("lat", Float),                            # model.registry.locate: its own or the gazetteer's
    Column("lon", Float),
    Column("killed", Integer),                       # the latest report's figure, as shown
    Column("killed_max", Integer),                   # the highest any report gives (min_killed compares it)
    Column("injured", Integer),
    Column("injured_max", Integer),
    Column("conflict", Boolean, nullable=False),     # reports disagree on the day, the killed or the injured
    Column("sources", Integer, nullable=False),      # its reports (one a document)
    Column("changed_at", String(32), nullable=False),
    Index("ix_event_rows_date", "date", "event_id"),
    Index("ix_event_rows_type", "type"),
    Index("ix_event_rows_name_key", "name_key"),
    Index("ix_event_rows_district_key", "district_key"),
    Index("ix_event_rows_province_key", "province_key"),
    Index("ix_event_rows_country_key", "country_key"),
    Index("ix_event_rows_killed", "killed_max"),
)

event_actors = Table(
    "event_actors", metadata,                        # each id an event's perpetrators point at (relation_refs)
    Column("event_id", String(40), primary_key=True),
    Column("actor_id", String(300), primary_key=True),
    Index("ix_event_actors_actor", "actor_id"),
)

# --- added by migration 12: stored documents' band keys (ingest.dedup) -------------------------------
near_bands = Table(
    "near_bands", metadata,                          # a stored document's LSH band keys (ingest.dedup.stored_bands)
    Column("band", BigInteger, primary_key=True),
    Column("doc_id", String(40), primary_key=True),
    Index("ix_near_bands_doc", "doc_id"),
)

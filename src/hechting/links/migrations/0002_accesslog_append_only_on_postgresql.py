"""On PostgreSQL the database itself refuses UPDATE and DELETE on the access log (NEN 7513:
the log cannot be altered through the application or its database role). TRUNCATE, used only
by test teardown and by an operator with a deliberate command, is not a row operation."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION links_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'links_accesslog is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER links_accesslog_append_only
    BEFORE UPDATE OR DELETE ON links_accesslog
    FOR EACH ROW EXECUTE FUNCTION links_accesslog_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS links_accesslog_append_only ON links_accesslog;
DROP FUNCTION IF EXISTS links_accesslog_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("links", "0001_link_accesslog_notice")]
    operations = [migrations.RunPython(forward, backward)]

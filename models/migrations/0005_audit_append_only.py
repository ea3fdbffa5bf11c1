"""The audit trail is append-only in the database too: triggers refuse UPDATE and DELETE
(and, on PostgreSQL, TRUNCATE) on audit_event, whatever client runs them."""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops

SQLITE = """
CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;
CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END;
"""

POSTGRES = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit rows cannot be changed or deleted';
END
$$;
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event;
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
"""

SQLITE_BACK = """
DROP TRIGGER IF EXISTS audit_event_no_update;
DROP TRIGGER IF EXISTS audit_event_no_delete;
"""

POSTGRES_BACK = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event;
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event;
DROP FUNCTION IF EXISTS audit_event_append_only();
"""


def _script(editor: Any, sqlite: str, postgres: str) -> Any:
    dialect = editor.client.capabilities.dialect
    return editor.client.execute_script(postgres if dialect == "postgres" else sqlite)


async def forward(_apps: Any, editor: Any) -> None:
    await _script(editor, SQLITE, POSTGRES)


async def backward(_apps: Any, editor: Any) -> None:
    await _script(editor, SQLITE_BACK, POSTGRES_BACK)


class Migration(migrations.Migration):
    dependencies = [("models", "0004_workdays_and_record_facts")]

    operations = [ops.RunPython(forward, backward)]

"""The audit append in one statement on PostgreSQL (docs/READ_LOG.md).

``recueil_audit_append`` locks the chain head, hashes the event exactly as
``cases.core.audit.services.chain_hash`` does (the application passes the canonical
payload split around the sequence it cannot know), inserts it and moves the head.
SQLite keeps the Python path: the operations do nothing there.
"""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION recueil_audit_append(
    p_occurred_at timestamptz,
    p_actor_id bigint,
    p_action text,
    p_object_type text,
    p_object_id text,
    p_entity_id bigint,
    p_details jsonb,
    p_prefix text,
    p_suffix text
) RETURNS TABLE (out_id bigint, out_sequence bigint, out_previous_hash text, out_hash text)
LANGUAGE plpgsql AS $$
DECLARE
    v_sequence bigint;
    v_previous text;
    v_hash text;
    v_id bigint;
BEGIN
    SELECT h.sequence + 1, h.hash INTO v_sequence, v_previous
      FROM cases_auditchainhead h WHERE h.singleton = 1 FOR UPDATE;
    IF NOT FOUND THEN
        -- The head is seeded by migration 0002; a flush may have removed it.
        INSERT INTO cases_auditchainhead (singleton, sequence, hash)
             VALUES (1, 0, repeat('0', 64)) ON CONFLICT (singleton) DO NOTHING;
        SELECT h.sequence + 1, h.hash INTO v_sequence, v_previous
          FROM cases_auditchainhead h WHERE h.singleton = 1 FOR UPDATE;
    END IF;
    v_hash := encode(
        sha256(convert_to(v_previous || E'\n' || p_prefix || v_sequence::text || p_suffix, 'UTF8')),
        'hex'
    );
    INSERT INTO cases_auditevent (
        sequence, occurred_at, actor_id, action, object_type, object_id,
        entity_id, details, previous_hash, hash
    ) VALUES (
        v_sequence, p_occurred_at, p_actor_id, p_action, p_object_type, p_object_id,
        p_entity_id, p_details, v_previous, v_hash
    ) RETURNING id INTO v_id;
    UPDATE cases_auditchainhead SET sequence = v_sequence, hash = v_hash WHERE singleton = 1;
    RETURN QUERY SELECT v_id, v_sequence, v_previous, v_hash;
END;
$$;
"""

DROP = "DROP FUNCTION IF EXISTS recueil_audit_append(timestamptz, bigint, text, text, text, bigint, jsonb, text, text);"


def create_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("cases", "0017_account_password_change_and_sessions")]
    operations = [migrations.RunPython(create_function, drop_function)]

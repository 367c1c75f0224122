-- The contract for upstream writers: contact_change is append-only while a change waits to be sent.
-- A change's data (the columns a run reads, ContactChangeRowMapper.COLUMNS) cannot be updated while it
-- is PENDING, FAILED or SYNCED, and a PENDING or FAILED change cannot be deleted: a run may be
-- sending it at that moment, and an update would be marked SYNCED without being sent, a delete would
-- fail the recording of a call Dustess has already applied. To correct a change, insert a new one
-- (the later change wins, field by field). REJECTED, EXHAUSTED and UNKNOWN changes may be corrected
-- in place and then requeued. To withdraw a pending change, set its sync_state to 'REJECTED' first.
-- The state columns (sync_state, attempts, last_code, last_message, synced_at, attempted_at) and
-- created_at stay free. Keep sql/schema/h2/V5__contact_change_guard.sql in step.
CREATE OR REPLACE FUNCTION contact_change_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.sync_state IN ('PENDING', 'FAILED') THEN
            RAISE EXCEPTION 'contact_change % is %: a change waiting to be sent cannot be deleted (a run may be sending it); set its sync_state to ''REJECTED'' first', OLD.change_id, OLD.sync_state
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.sync_state IN ('PENDING', 'FAILED', 'SYNCED')
       AND (to_jsonb(OLD) - ARRAY['sync_state', 'attempts', 'last_code', 'last_message', 'synced_at', 'attempted_at', 'created_at'])
           IS DISTINCT FROM
           (to_jsonb(NEW) - ARRAY['sync_state', 'attempts', 'last_code', 'last_message', 'synced_at', 'attempted_at', 'created_at']) THEN
        RAISE EXCEPTION 'contact_change % is %: its data cannot be updated (a run may be sending it); insert a new change instead, the later one wins field by field', OLD.change_id, OLD.sync_state
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

-- UPDATE OF: the job's own updates set state columns only, so the trigger does not even fire for them.
CREATE TRIGGER contact_change_guard
    BEFORE UPDATE OF change_id, customer_id, external_id, remark, category_id, corp_id, corp_full_name, position,
        source, prov_city, address, birthday, email, gender, description, age, national, nationality, education,
        major, id_card, wx, qq, owner, pool, reason, status, mobiles, custom_fields, tags, share_uids
        OR DELETE ON contact_change
    FOR EACH ROW EXECUTE FUNCTION contact_change_guard();

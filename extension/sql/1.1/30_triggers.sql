-- 1.1: contacts get the same bookkeeping and activity log as profiles.
CREATE TRIGGER contact_touch BEFORE UPDATE ON @extschema@.contact
    FOR EACH ROW EXECUTE FUNCTION @extschema@.touch_row();
CREATE TRIGGER contact_activity AFTER INSERT OR UPDATE OR DELETE ON @extschema@.contact
    FOR EACH ROW EXECUTE FUNCTION @extschema@.log_activity('contact');

SET LOCAL ROLE "careernb_owner"
;

-- The batch reads a team of fewer than the minimum group size without its reports' own figures:
-- their commitments kept on time and their goals that changed are facts about so few people that
-- they point at someone (a team of one is that person). The manager's practice stays in view.
-- Replaced in place, so its owner and who may execute it are kept.

CREATE OR REPLACE FUNCTION careernb.quarter_practice(of_quarter TEXT)
RETURNS TABLE (
    manager_role TEXT, manager_name TEXT, as_of DATE, published TIMESTAMP WITH TIME ZONE,
    reports INTEGER, with_conversation INTEGER, sent_in_48h INTEGER, sent_in_48h_of INTEGER,
    manager_kept INTEGER, manager_kept_of INTEGER, person_kept INTEGER, person_kept_of INTEGER,
    goals_changed INTEGER, failures JSONB, people INTEGER)
LANGUAGE plpgsql SECURITY DEFINER STABLE
SET search_path = pg_catalog, careernb, pg_temp
SET lock_timeout = '5s'
AS $$
DECLARE
    smallest INTEGER;
BEGIN
    PERFORM careernb.quarter_caller('batch');
    SELECT s.min_group_size INTO STRICT smallest FROM careernb.quarter_settings s;
    RETURN QUERY
        SELECT m.role, p.name, f.as_of, f.published, f.reports, f.with_conversation, f.sent_in_48h,
               f.sent_in_48h_of, f.manager_kept, f.manager_kept_of,
               CASE WHEN f.people >= smallest THEN f.person_kept END,
               CASE WHEN f.people >= smallest THEN f.person_kept_of END,
               CASE WHEN f.people >= smallest THEN f.goals_changed END,
               f.failures, f.people
        FROM careernb.managers m
        LEFT JOIN careernb.people p ON p.person_id = m.person_id
        LEFT JOIN careernb.practice_figures f ON f.manager_role = m.role AND f.quarter = of_quarter
        ORDER BY m.role;
END $$
;

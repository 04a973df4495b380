SET LOCAL ROLE "careernb_owner"
;

-- A distribution shows only when at least the minimum group size of people answered it: "no
-- answer this quarter" and "not asked yet" count a team's size, not answers, and five people of
-- whom one answered would show that one person's answer.

CREATE OR REPLACE FUNCTION careernb.quarter_distributions(of_quarter TEXT)
RETURNS TABLE (distribution TEXT, answer TEXT, people BIGINT)
LANGUAGE plpgsql SECURITY DEFINER STABLE
SET search_path = pg_catalog, careernb, pg_temp
SET lock_timeout = '5s'
AS $$
#variable_conflict use_column
DECLARE
    smallest INTEGER;
BEGIN
    PERFORM careernb.quarter_caller('batch');
    SELECT s.min_group_size INTO STRICT smallest FROM careernb.quarter_settings s;
    RETURN QUERY
    WITH counted AS (
        SELECT d.key AS distribution, v.key AS answer, v.value::text::bigint AS n
        FROM careernb.practice_figures f
        JOIN careernb.managers m ON m.role = f.manager_role
        CROSS JOIN LATERAL jsonb_each(f.distributions) d
        CROSS JOIN LATERAL jsonb_each(d.value) v
        WHERE f.quarter = of_quarter AND f.people >= smallest
          AND f.published >= careernb.quarter_final_from(of_quarter)
    ), summed AS (
        SELECT c.distribution, c.answer, sum(c.n)::bigint AS people,
               sum(sum(c.n) FILTER (WHERE c.answer NOT IN ('no answer this quarter', 'not asked yet')))
                   OVER (PARTITION BY c.distribution) AS answered
        FROM counted c GROUP BY c.distribution, c.answer
    )
    SELECT s.distribution, s.answer, s.people FROM summed s
    WHERE s.answered >= smallest
    ORDER BY s.distribution, s.answer;
END $$
;

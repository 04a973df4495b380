SET LOCAL ROLE "careernb_owner"
;

CREATE INDEX IF NOT EXISTS people_manager_id ON careernb.people (manager_id)
;

DROP POLICY IF EXISTS manager_own_rows ON careernb.people
;

CREATE POLICY manager_own_rows ON careernb.people FOR ALL TO "careernb_manager" USING ((person_id = (SELECT person_id FROM careernb.managers) OR manager_id = (SELECT person_id FROM careernb.managers))) WITH CHECK ((person_id = (SELECT person_id FROM careernb.managers) OR manager_id = (SELECT person_id FROM careernb.managers)))
;

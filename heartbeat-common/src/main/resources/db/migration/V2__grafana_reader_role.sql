-- Until issue 17 this migration created grafana_reader, Grafana's login, once, and stopped the whole migration
-- where the user lacked CREATEROLE. The role now lives in afterMigrate__grafana_reader_role.sql, run after every
-- migrate; a database the old text migrated gets this text's checksum from beforeValidate__v2_checksum.sql.
--
-- PostgreSQL before 15 lets every role (PUBLIC) create tables in schema public, so the reader could too. From 15
-- on that is no longer the default and nothing is revoked here. Only the owner of schema public may revoke it:
-- run by another user it merely warns, and a DBA has to run it once.
DO $revoke$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_namespace n, aclexplode(n.nspacl) a
               WHERE n.nspname = 'public' AND a.grantee = 0 AND a.privilege_type = 'CREATE') THEN
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    END IF;
END
$revoke$;

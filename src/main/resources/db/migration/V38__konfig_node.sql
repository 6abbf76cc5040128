-- Each platform instance's live config files (Konfignoder; docs/konfigurasjon.md "Several instances"): the checksum of
-- every live route, registration, mapping and trigger file, by folder and name (e.g. fagsystemer/skole.yaml), renewed
-- as a heartbeat. Instances compare theirs with the other live instances' and hold the fan-out while registrations or
-- mappings differ. A row whose heartbeat is older than three beats belongs to an instance that is gone.
create table konfig_node (
    node      text primary key,
    filer     text        not null,
    endret    timestamptz not null,
    sist_sett timestamptz not null
);
